using System.Globalization;
using Precis.Core;
using Precis.Genomics.Io;

namespace Precis.Genomics.Vcf;

/// <summary>
/// Streaming VCF reader over plain, gzip or BGZF input. Strict mode throws an <see cref="InputException"/> naming
/// file, line, column and the rule broken; lenient mode repairs or skips and counts in <see cref="Report"/>.
/// </summary>
/// <example>
/// <code>
/// using var reader = VcfReader.Open("sample.vcf.gz");
/// foreach (var record in reader.Records())
///     Console.WriteLine($"{record.Chrom}:{record.Pos} {record.Sample(0).Genotype}");
/// </code>
/// </example>
public sealed class VcfReader : IDisposable
{
    private readonly LineSource _source;
    private readonly VcfRecordParser _parser;

    private VcfReader(LineSource source, VcfReaderOptions options)
    {
        _source = source;
        Options = options;
        Report = new VcfLeniencyReport();
        Header = new VcfHeaderParser(source.Name, options, Report).Parse(source);
        _parser = new VcfRecordParser(source.Name, Header, options, Report);
    }

    /// <summary>The header.</summary>
    public VcfHeader Header { get; }

    /// <summary>What a lenient read repaired or skipped (empty in strict mode, which throws instead).</summary>
    public VcfLeniencyReport Report { get; }

    /// <summary>The options in force.</summary>
    public VcfReaderOptions Options { get; }

    /// <summary>The file name used in messages.</summary>
    public string Name => _source.Name;

    /// <summary>The compression detected.</summary>
    public InputCompression Compression => _source.Compression;

    internal LineSource Source => _source;

    /// <summary>Opens a VCF file (plain, gzip or BGZF, detected from its bytes) and reads its header.</summary>
    public static VcfReader Open(string path, VcfReaderOptions? options = null)
    {
        options ??= VcfReaderOptions.Strict;
        var source = LineSource.Open(path, options.Threads, options.MaxLineLength);
        return Create(source, options);
    }

    /// <summary>Reads from a seekable stream (owned) and reads its header.</summary>
    public static VcfReader Open(Stream stream, string name, VcfReaderOptions? options = null)
    {
        options ??= VcfReaderOptions.Strict;
        var source = LineSource.Open(stream, name, options.Threads, options.MaxLineLength);
        return Create(source, options);
    }

    private static VcfReader Create(LineSource source, VcfReaderOptions options)
    {
        try
        {
            return new VcfReader(source, options);
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    /// <summary>The next record, or null at end of input. Skipped records (lenient) are not returned.</summary>
    public VcfRecord? Read()
    {
        while (true)
        {
            var line = _source.ReadLine(out var loc);
            if (line is null)
                return null;
            if (ParseLine(line, loc) is { } record)
                return record;
        }
    }

    /// <summary>The next data line's bytes without parsing (valid until the next read); null at end of input.
    /// Pass the line to <see cref="ParseLine"/> to check and decode it, or skip it (fast paths that read part of a line).</summary>
    internal ByteBuffer? ReadLineBytes(out LineLocation location) => _source.ReadLineBytes(out location);

    /// <summary>False when the last line read had no terminating newline.</summary>
    internal bool LastLineEndedWithNewline => _source.LastLineEndedWithNewline;

    /// <summary>Checks and decodes one data line read by <see cref="ReadLineBytes"/>; null when lenient mode skips it.</summary>
    internal VcfRecord? ParseLine(string line, LineLocation loc)
    {
        if (line.Length == 0)
        {
            _parser.Problem(loc.Number, 1, null, "empty line in the body", fatal: true, rule: "empty line");
            return null;
        }

        if (!_source.LastLineEndedWithNewline)
            _parser.Problem(loc.Number, line.Length + 1, null, "the last line has no terminating newline (the file may be truncated)", fatal: false, rule: "no newline at end of file");
        var record = _parser.Parse(line, loc.Number);
        if (record is null)
            return null;
        record.StartOffset = loc.StartOffset;
        record.EndOffset = loc.EndOffset;
        return record;
    }

    /// <summary>All remaining records.</summary>
    public IEnumerable<VcfRecord> Records()
    {
        while (Read() is { } r)
            yield return r;
    }

    /// <summary>Seeks a BGZF input to a virtual offset (from an index); order checks restart there.</summary>
    internal void SeekVirtual(long virtualOffset)
    {
        _source.SeekVirtual(virtualOffset);
        _parser.ResetOrder();
    }

    public void Dispose() => _source.Dispose();
}

/// <summary>Splits and checks one data line against the header (VCF 4.3 §1.6).</summary>
internal sealed class VcfRecordParser(string file, VcfHeader header, VcfReaderOptions options, VcfLeniencyReport report)
{
    private readonly Dictionary<string, string> _chromNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string[]> _formatCache = new(StringComparer.Ordinal);
    private readonly HashSet<string> _finishedContigs = new(StringComparer.Ordinal);
    // Variants at or after the current position (trimming can move a variant right of its POS). Sorted input keeps
    // this to a handful, so a list scanned in place beats hashing two strings per record.
    private readonly List<(long Pos, string Ref, string Alt)> _recentVariants = [];
    private string? _lastChrom;
    private string? _chromHint;
    // The previous line's FORMAT text and keys: files repeat one FORMAT for long runs of lines.
    private (string? Text, string[] Keys) _lastFormat = (null, []);
    private (string[]? Keys, VcfFieldDefinition[] Definitions) _lastFormatDefinitions = (null, []);
    private long _lastPos;
    private bool _skip;

    private static readonly string[] PassOnly = ["PASS"];

    // One shared string for each single-base REF and one shared one-element array for each single-base ALT: most
    // records of a genome are SNVs, and these never change (records expose them read-only).
    private static readonly string?[] BaseStrings = BaseTable(c => c.ToString());
    private static readonly string[]?[] BaseArrays = BaseTable(c => new[] { c.ToString() });

    private static T?[] BaseTable<T>(Func<char, T> make)
        where T : class
    {
        var table = new T?[128];
        foreach (var c in "ACGTNacgtn")
            table[c] = make(c);
        return table;
    }

    private static string? Bases(ReadOnlySpan<char> text) => text.Length == 1 && text[0] < 128 ? BaseStrings[text[0]] : null;

    private static string[]? SingleBase(ReadOnlySpan<char> text) => text.Length == 1 && text[0] < 128 ? BaseArrays[text[0]] : null;

    public void ResetOrder()
    {
        _lastChrom = null;
        _lastPos = 0;
        _finishedContigs.Clear();
        _recentVariants.Clear();
    }

    public VcfRecord? Parse(string line, long n)
    {
        _skip = false;
        // The starts of the first nine columns only: sample columns are located later, when needed.
        var starts = VcfRecord.FirstColumns(line, 9);

        var hasSamples = header.SampleCount > 0;
        if (starts.Length < 8)
        {
            Problem(n, line.Length + 1, null, $"a data line needs 8 tab-separated columns, found {starts.Length}", true, "too few columns");
            return null;
        }

        string Col(int i) => i < starts.Length ? line[starts[i]..(i + 1 < starts.Length ? starts[i + 1] - 1 : (i == 8 ? End(line, starts[8]) : line.Length))] : "";
        // The same column without a copy, for the columns that are only checked or looked up.
        ReadOnlySpan<char> Span(int i) => i < starts.Length ? line.AsSpan()[starts[i]..(i + 1 < starts.Length ? starts[i + 1] - 1 : (i == 8 ? End(line, starts[8]) : line.Length))] : [];

        string? chrom;
        // CHROM: sorted files repeat the previous line's contig, so that is compared before any lookup.
        var chromSpan = Span(0);
        if (_chromHint is { } previous && chromSpan.SequenceEqual(previous))
        {
            chrom = previous;
        }
        else if (!_chromNames.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(chromSpan, out chrom))
        {
            chrom = Col(0);
            if (chrom.Length == 0)
                Problem(n, 1, "CHROM", "CHROM is empty", true);
            else if (!VcfHeaderParser.IsValidChromName(chrom))
                Problem(n, 1, "CHROM", $"CHROM '{chrom}' contains characters not allowed in contig names (whitespace, ',', ':', '*', '<', '>')", false, "CHROM has characters not allowed in contig names");
            _chromNames[chrom] = chrom;
            if (!header.ContigList.Exists(c => c.Id == chrom) && header.ContigList.Count < 1_000_000)
                header.ContigList.Add(new VcfContigDefinition(chrom, null, new Dictionary<string, string>()));
        }

        _chromHint = chrom;

        // POS
        var posText = Span(1);
        long pos = 0;
        var posValid = posText.Length is > 0 and <= 18;
        // Digits only, at most 18 of them: cannot overflow a long, so the value is built while checking.
        for (var i = 0; posValid && i < posText.Length; i++)
        {
            var d = (uint)(posText[i] - '0');
            posValid = d <= 9;
            pos = (pos * 10) + d;
        }

        if (!posValid)
        {
            pos = 0;
            Problem(n, starts[1] + 1, "POS", $"POS '{posText}' is not a non-negative integer", true, "POS is not a non-negative integer");
        }

        // ID: checked on the span; records split it only when asked (most readers never look at it).
        var idSpan = Span(2);
        if (idSpan is not ".")
        {
            var hasSeparator = idSpan.Contains(';');
            if (idSpan.Length == 0 || idSpan.Contains(' ') || (hasSeparator && (idSpan[0] == ';' || idSpan[^1] == ';' || idSpan.Contains(";;", StringComparison.Ordinal))))
            {
                Problem(n, starts[2] + 1, "ID", $"ID '{idSpan}' has whitespace or an empty identifier between ';'", false, "ID malformed");
            }
            else if (hasSeparator)
            {
                var ids = idSpan.ToString().Split(';');
                if (ids.Distinct(StringComparer.Ordinal).Count() != ids.Length)
                    Problem(n, starts[2] + 1, "ID", $"ID '{idSpan}' lists the same identifier twice", false, "ID duplicated");
            }
        }

        // REF
        var reference = Bases(Span(3)) ?? Col(3);
        var altSpan = Span(4);
        if (reference.Length == 0 || reference == ".")
            Problem(n, starts[3] + 1, "REF", "REF is missing", true);
        else if (!IsBases(reference))
            Problem(n, starts[3] + 1, "REF", $"REF '{Truncate(reference)}' has characters other than A, C, G, T, N (one allele only)", true, "REF has non-base characters");

        // ALT
        var alts = VcfRecord.Empty;
        if (altSpan is not ".")
        {
            // A single-base ALT (most records) is a shared array: no string is made for it.
            alts = SingleBase(altSpan) ?? Col(4).Split(',');
            if (alts.Length > options.MaxAlleles)
                Problem(n, starts[4] + 1, "ALT", $"{alts.Length} ALT alleles exceed the limit of {options.MaxAlleles}", true);
            else
                foreach (var a in alts)
                    if (AltProblem(a) is { } why)
                    {
                        Problem(n, starts[4] + 1, "ALT", $"ALT allele '{Truncate(a)}' {why}", true, "ALT allele malformed");
                        break;
                    }
        }

        // QUAL
        var qualText = Span(5);
        double? qual = null;
        if (qualText is not ".")
        {
            var q = ValueParsing.Float(qualText);
            if (q is null || q < 0)
                Problem(n, starts[5] + 1, "QUAL", $"QUAL '{qualText}' is not a non-negative number or '.'", false, "QUAL invalid");
            else
                qual = q;
        }

        // FILTER
        var filters = VcfRecord.Empty;
        var filterSpan = Span(6);
        if (filterSpan is "PASS")
        {
            filters = PassOnly;
        }
        else if (filterSpan is not ".")
        {
            var filterText = Col(6);
            filters = filterText.Split(';');
            if (Array.Exists(filters, f => f.Length == 0 || f == "." || f.AsSpan().ContainsAny(" \t")))
                Problem(n, starts[6] + 1, "FILTER", $"FILTER '{filterText}' has an empty, '.' or whitespace-containing entry", false, "FILTER malformed");
            else if (Array.Exists(filters, f => f == "0"))
                Problem(n, starts[6] + 1, "FILTER", "FILTER uses the reserved value '0'", false, "FILTER reserved value");
            else if (filters.Length > 1 && filters.Distinct(StringComparer.Ordinal).Count() != filters.Length)
                Problem(n, starts[6] + 1, "FILTER", $"FILTER '{filterText}' lists the same filter twice", false, "FILTER duplicated");
        }

        // INFO
        long? end = null;
        CheckInfo(Span(7), n, starts[7] + 1, alts.Length, pos, ref end);

        // FORMAT
        var formatKeys = VcfRecord.Empty;
        if (starts.Length > 8)
        {
            var formatSpan = Span(8);
            if (formatSpan is ".")
            {
                // FORMAT '.' means no per-sample data; every sample column must then be '.'.
                formatKeys = VcfRecord.Empty;
            }
            else if (_lastFormat.Text is { } lastText && formatSpan.SequenceEqual(lastText))
            {
                formatKeys = _lastFormat.Keys;
            }
            else if (_formatCache.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(formatSpan, out var knownText, out var known))
            {
                formatKeys = known;
                _lastFormat = (knownText, known);
            }
            else
            {
                var formatText = Col(8);
                if (options.Mode == VcfErrorMode.Lenient && HasDuplicateKey(formatText))
                {
                    // htslib keeps the first of duplicated FORMAT keys (GT:GT); lenient mode does the same and says so.
                    Problem(n, starts[8] + 1, "FORMAT", $"FORMAT '{formatText}' repeats a key; later copies and their values are dropped", false, "FORMAT key duplicated (later copies dropped)");
                    return Parse(DropDuplicateFormatKeys(line), n);
                }

                formatKeys = formatText.Split(':');
                CheckFormat(formatKeys, formatText, n, starts[8] + 1);
                if (!_skip && _formatCache.Count < 10_000)
                    _formatCache[formatText] = formatKeys;
            }
        }
        else if (hasSamples)
        {
            Problem(n, line.Length + 1, "FORMAT", $"the header names {header.Samples.Count} samples but the line has no FORMAT column", true, "sample columns missing");
        }

        if (_skip)
            return null;

        var record = new VcfRecord(header, line, n, starts, chrom, pos, reference, alts, qual, filters, formatKeys, end);
        if (starts.Length > 8 && hasSamples)
        {
            if (record.SampleColumnsPresent != header.SampleCount)
                Problem(n, line.Length + 1, null, $"the line has {record.SampleColumnsPresent} sample columns but the header names {header.Samples.Count}", true, "sample column count differs from header");
            else if (options.ValidateSamples)
                CheckSamples(record, formatKeys, alts.Length, n);
        }
        else if (starts.Length > 8 && !hasSamples && line.IndexOf('\t', starts[8]) >= 0)
        {
            Problem(n, line.Length + 1, null, "the line has sample columns but the header names no samples", true, "sample column count differs from header");
        }

        if (options.ValidateOrder && !_skip)
            CheckOrder(record, n);
        return _skip ? null : record;
    }

    private static bool HasDuplicateKey(string formatText)
    {
        var keys = formatText.Split(':');
        return keys.Distinct(StringComparer.Ordinal).Count() != keys.Length;
    }

    private static string DropDuplicateFormatKeys(string line)
    {
        var cols = line.Split('\t');
        var keys = cols[8].Split(':');
        var keep = new List<int>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < keys.Length; i++)
            if (seen.Add(keys[i]))
                keep.Add(i);
        cols[8] = string.Join(':', keep.Select(i => keys[i]));
        for (var c = 9; c < cols.Length; c++)
        {
            var values = cols[c].Split(':');
            cols[c] = string.Join(':', keep.Where(i => i < values.Length).Select(i => values[i]));
        }

        return string.Join('\t', cols);
    }

    private static int End(string line, int start)
    {
        var t = line.IndexOf('\t', start);
        return t < 0 ? line.Length : t;
    }

    private static string Truncate(string s) => s.Length > 40 ? s[..40] + "…" : s;

    private static bool IsBases(string s)
    {
        foreach (var c in s)
            if (c is not ('A' or 'C' or 'G' or 'T' or 'N' or 'a' or 'c' or 'g' or 't' or 'n'))
                return false;
        return s.Length > 0;
    }

    /// <summary>Why an ALT allele is malformed, or null (VCF 4.3 §1.6.1 item 5, §5.4 breakends).</summary>
    private static string? AltProblem(string a)
    {
        if (a.Length == 0)
            return "is empty (stray ',')";
        if (a == "*" || IsBases(a))
            return null;
        if (a[0] == '<')
        {
            if (a.Length < 3 || a[^1] != '>')
                return "starts with '<' but does not end with '>'";
            var inner = a.AsSpan(1, a.Length - 2);
            if (inner.ContainsAny("<> \t,"))
                return "is symbolic but its ID contains '<', '>', ',' or whitespace";
            return null;
        }

        if (a.Contains('[', StringComparison.Ordinal) || a.Contains(']', StringComparison.Ordinal))
        {
            var bracket = a[0] is '[' or ']' ? a[0] : a[^1];
            var open = a.IndexOfAny(['[', ']']);
            var close = a.LastIndexOfAny(['[', ']']);
            if (open == close || a[open] != a[close])
                return "is a breakend with unbalanced brackets";
            var before = a[..open];
            var after = a[(close + 1)..];
            if (before.Length == 0 && after.Length == 0)
                return "is a breakend without bases on either side";
            if ((before.Length > 0 && !IsBases(before)) || (after.Length > 0 && !IsBases(after)))
                return "is a breakend whose flanking sequence is not bases";
            var mate = a[(open + 1)..close];
            var colon = mate.LastIndexOf(':');
            if (colon <= 0 || !long.TryParse(mate.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out _))
                return "is a breakend whose mate is not chrom:pos";
            _ = bracket;
            return null;
        }

        // Single breakends: ".A" / "A." (§5.4.9).
        if (a.Length > 1 && (a[0] == '.' || a[^1] == '.') && IsBases(a.Trim('.')) && a.Count(c => c == '.') == 1)
            return null;
        return "has characters other than A, C, G, T, N, '*', a <symbolic> allele or a breakend";
    }

    // INFO keys seen so far, so a key's text and definition are looked up without allocating a string per entry.
    private readonly Dictionary<string, VcfFieldDefinition> _infoKeys = new(StringComparer.Ordinal);

    private readonly (int Start, int Length)[] _seenInfoKeys = new (int, int)[64];

    private readonly (string? Key, VcfFieldDefinition? Definition, int Semantic)[] _lastInfoKeys = new (string?, VcfFieldDefinition?, int)[32];

    /// <summary>Ordinal equality for keys of a few characters, where a loop beats a call into the vectorised search.</summary>
    private static bool SameShortText(ReadOnlySpan<char> a, string b)
    {
        if (a.Length != b.Length)
            return false;
        for (var i = 0; i < a.Length; i++)
            if (a[i] != b[i])
                return false;
        return true;
    }

    private VcfFieldDefinition? InfoDefinition(ReadOnlySpan<char> key, out string keyText)
    {
        var lookup = _infoKeys.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(key, out keyText!, out var def))
            return def;
        keyText = key.ToString();
        if (!VcfHeaderParser.IsFieldKey(key))
            return null;
        def = header.Info(keyText);
        if (_infoKeys.Count < 10_000)
            _infoKeys[keyText] = def;
        return def;
    }

    private void CheckInfo(ReadOnlySpan<char> info, long n, int col, int altCount, long pos, ref long? end)
    {
        if (info is ".")
            return;
        if (info.Length == 0)
        {
            Problem(n, col, "INFO", "INFO is empty (use '.')", false, "INFO empty");
            return;
        }

        // A column cannot hold a tab (the line is split on them), so a space is the only whitespace to look for.
        if (info.Contains(' '))
            Problem(n, col, "INFO", "INFO contains whitespace", false, "INFO whitespace");
        // Keys already seen on this line, as (offset, length) into the INFO text: lines have a handful of keys.
        // A reused buffer, not stackalloc: a stackalloc is zeroed on every call, and this runs once per record.
        var seen = _seenInfoKeys.AsSpan();
        var seenCount = 0;
        HashSet<string>? seenMany = null;
        var offset = 0;
        var entryIndex = 0;
        while (offset <= info.Length)
        {
            // Entries are a few characters long: a plain scan finds ';' and '=' in one pass, cheaper than two searches.
            // The value is classified on the way (as sample fields are): a list of plain integers ("228", "0,40") or
            // plain decimals ("56.24") needs no second pass when its count is right.
            var partEnd = offset;
            var eqAt = -1;
            int commas = 0, digits = 0, dots = 0;
            bool allInteger = true, allDecimal = true, lastDot = false, itemStart = true;
            for (; partEnd < info.Length; partEnd++)
            {
                var ch = info[partEnd];
                if (eqAt < 0)
                {
                    if (ch == ';')
                        break;
                    if (ch == '=')
                        eqAt = partEnd - offset;
                    continue;
                }

                if ((uint)(ch - '0') <= 9)
                {
                    digits++;
                    lastDot = false;
                    itemStart = false;
                }
                else if (ch == ';')
                {
                    break;
                }
                else if (ch == ',')
                {
                    allInteger &= digits is >= 1 and <= 9;
                    allDecimal &= digits >= 1 && dots <= 1 && !lastDot;
                    commas++;
                    digits = dots = 0;
                    lastDot = false;
                    itemStart = true;
                }
                else if (ch == '.')
                {
                    // "[digits].[digits]" only: no leading or trailing dot, so every accepted text is a Float.
                    allDecimal &= !itemStart;
                    allInteger = false;
                    dots++;
                    lastDot = true;
                    itemStart = false;
                }
                else
                {
                    allInteger = allDecimal = false;
                }
            }

            allInteger &= digits is >= 1 and <= 9;
            allDecimal &= digits >= 1 && dots <= 1 && !lastDot;
            var partLength = partEnd - offset;
            var part = info.Slice(offset, partLength);
            var partStart = offset;
            var c = col + offset;
            offset += partLength + 1;
            if (part.Length == 0)
            {
                Problem(n, c, "INFO", "INFO has an empty entry (stray ';')", false, "INFO empty entry");
                continue;
            }

            var eq = eqAt;
            var key = eq < 0 ? part : part[..eq];
            var hasValue = eq >= 0;
            var value = hasValue ? part[(eq + 1)..] : default;
            // Lines of a file repeat the same keys in the same order: the key seen at this entry index on an earlier
            // line is compared first (a few characters), the dictionary is the fallback.
            var entry = entryIndex++;
            string keyText;
            VcfFieldDefinition? known = null;
            var semantic = 0;
            if (entry < _lastInfoKeys.Length && _lastInfoKeys[entry].Key is { } last && SameShortText(key, last))
            {
                keyText = last;
                known = _lastInfoKeys[entry].Definition;
                semantic = _lastInfoKeys[entry].Semantic;
            }
            else
            {
                known = InfoDefinition(key, out keyText);
                semantic = SemanticKind(keyText);
                if (known is not null && entry < _lastInfoKeys.Length)
                    _lastInfoKeys[entry] = (keyText, known, semantic);
            }

            if (known is not { } def)
            {
                Problem(n, c, "INFO", $"INFO key '{keyText}' must match ^[A-Za-z_][0-9A-Za-z_.]*$", false, "INFO key malformed");
                continue;
            }

            var duplicate = false;
            if (seenMany is not null)
            {
                duplicate = !seenMany.Add(keyText);
            }
            else
            {
                for (var k = 0; k < seenCount && !duplicate; k++)
                    duplicate = seen[k].Length == key.Length && info[seen[k].Start] == key[0] && info.Slice(seen[k].Start, seen[k].Length).SequenceEqual(key);
                if (!duplicate)
                {
                    if (seenCount < seen.Length)
                    {
                        seen[seenCount++] = (partStart, key.Length);
                    }
                    else
                    {
                        seenMany = new HashSet<string>(StringComparer.Ordinal);
                        for (var k = 0; k < seenCount; k++)
                            seenMany.Add(info.Slice(seen[k].Start, seen[k].Length).ToString());
                        seenMany.Add(keyText);
                    }
                }
            }

            if (duplicate)
            {
                Problem(n, c, "INFO/" + keyText, $"INFO key {keyText} appears twice", false, "INFO key duplicated");
                continue;
            }

            if (def.Type == VcfValueType.Flag)
            {
                // The EBI validator (and so the conformance suite) accepts 0/1 as explicit flag values.
                if (hasValue && value is not ("0" or "1"))
                    Problem(n, c, "INFO/" + keyText, $"INFO {keyText} is a Flag and must have no value (or 0/1), not '{Truncate(value.ToString())}'", false, "INFO flag with a value");
                continue;
            }

            if (!hasValue)
            {
                if (def.Declared || ReservedFields.Info(keyText) is not null)
                    Problem(n, c, "INFO/" + keyText, $"INFO {keyText} is declared {def.Type} but has no value", false, "INFO value missing");
                continue;
            }

            // END is a position and, like POS, may exceed 32 bits on long references (htslib uses 64-bit positions).
            if (keyText == "END" && def.Type == VcfValueType.Integer && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var longEnd))
            {
                if (longEnd < pos)
                    Problem(n, c, "INFO/END", $"INFO END={longEnd} is before POS={pos}", true, "END before POS");
                else
                    end = longEnd;
                continue;
            }

            var noPloidy = -1;
            int? noExpected = null;
            // Plain digits (at most 9 per item) are a valid Integer, plain decimals a valid Float, and neither has a '-',
            // so no reserved-value rule can fail: with the right count the entry is done.
            if (((allInteger && def.Type == VcfValueType.Integer) || (allDecimal && def.Type == VcfValueType.Float)) &&
                CountFits(def, commas + 1, altCount, 0, ref noPloidy, ref noExpected))
                continue;
            if (!QuickValid(value, def, altCount, 0, ref noPloidy, ref noExpected) && CheckValues(value, def, altCount, ploidy: 0, out var why) is false)
                Problem(n, c, "INFO/" + keyText, $"INFO {keyText}={Truncate(value.ToString())}: {why}", keyText == "END", "INFO value does not match its definition");
            else if (semantic != 0 && ReservedSemanticProblem(semantic, value) is { } semanticProblem)
                Problem(n, c, "INFO/" + keyText, $"INFO {keyText}={Truncate(value.ToString())}: {semanticProblem}", keyText == "END", "INFO reserved value out of range");
        }
    }

    /// <summary>Ranges the specification gives reserved keys beyond their Type (counts and depths are non-negative).</summary>
    /// <summary>Which rule of <see cref="ReservedSemanticProblem"/> applies to a key: 0 none, 1 non-negative counts,
    /// 2 non-negative frequencies, 3 CIGAR. Worked out once per key (the INFO key cache keeps it).</summary>
    private static int SemanticKind(string key) => key switch
    {
        "AC" or "AN" or "DP" or "NS" or "MQ0" or "END" => 1,
        "AF" => 2,
        "CIGAR" => 3,
        _ => 0,
    };

    private static string? ReservedSemanticProblem(int kind, ReadOnlySpan<char> span)
    {
        // Counts and frequencies can only break their rule with a '-': most values have none (a loop: values are short).
        if (kind != 3)
        {
            var minus = false;
            foreach (var ch in span)
                minus |= ch == '-';
            if (!minus)
                return null;
        }

        foreach (var range in span.Split(','))
        {
            var v = span[range];
            if (v is ".")
                continue;
            switch (kind)
            {
                case 1 when v.StartsWith('-'):
                    return "must not be negative";
                case 2 when ValueParsing.Float(v) is < 0:
                    return "an allele frequency must not be negative";
                case 3 when !IsCigar(v):
                    return "is not a CIGAR string (e.g. 1M2I)";
                default:
                    break;
            }
        }

        return null;
    }

    private static bool IsCigar(ReadOnlySpan<char> s)
    {
        var digits = 0;
        foreach (var c in s)
        {
            if (char.IsAsciiDigit(c))
                digits++;
            else if (c is 'M' or 'I' or 'D' or 'N' or 'S' or 'H' or 'P' or '=' or 'X' && digits > 0)
                digits = 0;
            else
                return false;
        }

        return s.Length > 0 && digits == 0;
    }

    /// <summary>Checks a comma-separated value list against Number and Type; false with a reason when it does not fit.</summary>
    internal static bool CheckValues(ReadOnlySpan<char> value, VcfFieldDefinition def, int altCount, int ploidy, out string? why)
    {
        why = null;
        if (value is ".")
            return true;
        var count = 0;
        foreach (var r in value.Split(','))
        {
            count++;
            var v = value[r];
            if (v is ".")
                continue;
            switch (def.Type)
            {
                case VcfValueType.Integer:
                    if (!int.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var iv))
                    {
                        why = $"'{v}' is not a 32-bit Integer";
                        return false;
                    }

                    // BCF reserves -2^31 .. -2^31+7 for missing/end-of-vector markers (VCF 4.3 §1.3).
                    if (iv < int.MinValue + 8)
                    {
                        why = $"{iv} is in the range reserved for BCF missing values (below -2147483640)";
                        return false;
                    }

                    break;
                case VcfValueType.Float:
                    if (ValueParsing.Float(v) is null)
                    {
                        why = $"'{v}' is not a Float";
                        return false;
                    }

                    break;
                case VcfValueType.Character:
                    if (v.Length != 1)
                    {
                        why = $"'{v}' is not a single Character";
                        return false;
                    }

                    break;
                default:
                    break;
            }
        }

        // Strings may legitimately contain commas where Number=1 (free text), so count only typed values.
        if (def.Type == VcfValueType.String && def.Number.Kind == VcfNumberKind.Fixed && def.Number.Count == 1 && !IsReservedList(def))
            return true;
        // With ALT '.' (a reference-only site) per-allele counts are not checked: tools write full-length vectors there.
        if (altCount == 0 && def.Number.Kind is VcfNumberKind.A or VcfNumberKind.R or VcfNumberKind.G)
            return true;
        var expected = def.Number.Expected(altCount, ploidy);
        if (expected is { } e && e > 0 && count != e)
        {
            why = $"has {count} value(s) but Number={def.Number} requires {e}";
            return false;
        }

        return true;
    }

    private static bool IsReservedList(VcfFieldDefinition def) => def.Id == "AA";

    /// <summary>
    /// The common case of <see cref="CheckValues"/> in one pass without parsing numbers: true only when the list is
    /// certainly valid (short integers, plain decimals, the expected count). False means "not sure", and the caller
    /// runs <see cref="CheckValues"/>, which decides and words the reason, so the two can never disagree on a verdict.
    /// </summary>
    internal static bool QuickValid(ReadOnlySpan<char> value, VcfFieldDefinition def, int altCount, int ploidy, ref int expectedPloidy, ref int? expected)
    {
        if (value is ".")
            return true;
        var type = def.Type;
        if (type == VcfValueType.String && def.Number.Kind == VcfNumberKind.Fixed && def.Number.Count == 1 && !IsReservedList(def))
            return true;
        var count = 1;
        var start = 0;
        for (var i = 0; i <= value.Length; i++)
        {
            if (i < value.Length && value[i] != ',')
                continue;
            var item = value[start..i];
            if (type != VcfValueType.String && !(item.Length == 1 && item[0] == '.') && !QuickValue(item, type))
                return false;
            if (i < value.Length)
                count++;
            start = i + 1;
        }

        if (type == VcfValueType.String && def.Number.Kind == VcfNumberKind.Fixed && def.Number.Count == 1 && !IsReservedList(def))
            return true;
        return CountFits(def, count, altCount, ploidy, ref expectedPloidy, ref expected);
    }

    /// <summary>The count rule of <see cref="CheckValues"/> for a non-String (or listed String) field.</summary>
    private static bool CountFits(VcfFieldDefinition def, int count, int altCount, int ploidy, ref int expectedPloidy, ref int? expected)
    {
        var number = def.Number;
        switch (number.Kind)
        {
            // The kinds that do not depend on ploidy are answered directly (same values as VcfNumber.Expected).
            case VcfNumberKind.Fixed:
                return number.Count <= 0 || count == number.Count;
            case VcfNumberKind.A:
                return altCount == 0 || count == altCount;
            case VcfNumberKind.R:
                return altCount == 0 || count == altCount + 1;
            case VcfNumberKind.Unbounded:
                return true;
            default:
                break;
        }

        if (altCount == 0 && number.Kind == VcfNumberKind.G)
            return true;
        if (expectedPloidy != ploidy)
        {
            expected = def.Number.Expected(altCount, ploidy);
            expectedPloidy = ploidy;
        }

        return expected is not { } e || e <= 0 || count == e;
    }

    private static bool QuickValue(ReadOnlySpan<char> item, VcfValueType type)
    {
        switch (type)
        {
            case VcfValueType.Integer:
                {
                    // Up to 9 digits cannot overflow or reach the BCF-reserved range below -2147483640.
                    var i = item.Length > 0 && item[0] is '-' or '+' ? 1 : 0;
                    var digits = item.Length - i;
                    if (digits is < 1 or > 9)
                        return false;
                    for (; i < item.Length; i++)
                        if ((uint)(item[i] - '0') > 9)
                            return false;
                    return true;
                }

            case VcfValueType.Float:
                {
                    // [sign] digits [. digits] with at least one digit: always a valid double; anything else is checked fully.
                    var i = item.Length > 0 && item[0] is '-' or '+' ? 1 : 0;
                    var digits = 0;
                    var dot = false;
                    for (; i < item.Length; i++)
                    {
                        var c = item[i];
                        if ((uint)(c - '0') <= 9)
                            digits++;
                        else if (c == '.' && !dot)
                            dot = true;
                        else
                            return false;
                    }

                    return digits > 0;
                }

            case VcfValueType.Character:
                return item.Length == 1;
            default:
                return true;
        }
    }

    private void CheckFormat(string[] keys, string formatText, long n, int col)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < keys.Length; i++)
        {
            var k = keys[i];
            if (k.Length == 0)
            {
                Problem(n, col, "FORMAT", $"FORMAT '{formatText}' has an empty key", true, "FORMAT key malformed");
                return;
            }

            if (!VcfHeaderParser.IsFieldKey(k))
            {
                Problem(n, col, "FORMAT", $"FORMAT key '{k}' must match ^[A-Za-z_][0-9A-Za-z_.]*$", true, "FORMAT key malformed");
                return;
            }

            if (!seen.Add(k))
            {
                Problem(n, col, "FORMAT", $"FORMAT key {k} appears twice", true, "FORMAT key duplicated");
                return;
            }

            if (k == "GT" && i != 0)
            {
                Problem(n, col, "FORMAT", "GT must be the first FORMAT key (VCF 4.3 §1.6.2)", true, "FORMAT GT not first");
                return;
            }
        }
    }

    // Per FORMAT key list: the definitions, looked up once. Scratch arrays for the expected counts, reused per record.
    private readonly Dictionary<string[], VcfFieldDefinition[]> _formatDefinitions = new(ReferenceEqualityComparer.Instance);
    private int[] _expectedPloidy = [];
    private int?[] _expected = [];

    private void CheckSamples(VcfRecord record, string[] keys, int altCount, long n)
    {
        var sampleCount = header.SampleCount;
        if (keys.Length == 0)
        {
            for (var s = 0; s < sampleCount; s++)
                if (record.SampleColumn(s) is not ".")
                    Problem(n, record.SampleCharacter(s), header.Samples[s], $"sample {header.Samples[s]} has data but FORMAT is '.'", true, "sample has more fields than FORMAT");
            return;
        }

        var keyCount = keys.Length;
        var hasGt = keys[0] == "GT";
        VcfFieldDefinition[]? defs;
        if (ReferenceEquals(keys, _lastFormatDefinitions.Keys))
        {
            defs = _lastFormatDefinitions.Definitions;
        }
        else if (!_formatDefinitions.TryGetValue(keys, out defs))
        {
            defs = new VcfFieldDefinition[keyCount];
            for (var k = 0; k < keyCount; k++)
                defs[k] = header.Format(keys[k]);
            if (_formatDefinitions.Count < 10_000)
                _formatDefinitions[keys] = defs;
        }

        _lastFormatDefinitions = (keys, defs);

        // Expected value counts per key, memoised for the last ploidy seen (G and P depend on it).
        if (_expected.Length < keyCount)
        {
            _expectedPloidy = new int[keyCount];
            _expected = new int?[keyCount];
        }

        var expectedPloidy = _expectedPloidy;
        var expected = _expected;
        Array.Fill(expectedPloidy, -1, 0, keyCount);
        var line = record.Line.AsSpan();
        var sampleStarts = record.SampleStarts;
        var slots = hasGt ? record.GenotypeSlots : null;
        var gtOnly = hasGt && keyCount == 1;
        for (var s = 0; s < sampleCount; s++)
        {
            // FORMAT "GT" and a single-digit diploid call ("0|1"): one table lookup, the bulk of phased cohorts.
            if (gtOnly && sampleStarts[s + 1] - sampleStarts[s] == 4 && DiploidSlot(line.Slice(sampleStarts[s], 3)) is >= 0 and var slot &&
                _diploid[slot] is { } known && (altCount == 0 || known.MaxAllele <= altCount))
            {
                slots![s] = known;
                continue;
            }

            // One scan per sample column: fields end at ':' or at the column's end (no per-field search calls).
            var start = record.SampleCharacter(s) - 1;
            var end = start + record.SampleColumn(s).Length;
            var k = 0;
            var ploidy = 0;
            var fieldStart = start;
            // Classify while scanning, so a list of short plain integers (AD, DP, GQ, PL) needs no second pass.
            var commas = 0;
            var run = 0;
            var longest = 0;
            var plain = true;
            for (var i = start; ; i++)
            {
                if (i < end)
                {
                    var c = line[i];
                    if ((uint)(c - '0') <= 9)
                    {
                        run++;
                        continue;
                    }

                    if (c == ',')
                    {
                        plain &= run > 0;
                        longest = Math.Max(longest, run);
                        run = 0;
                        commas++;
                        continue;
                    }

                    if (c != ':')
                    {
                        plain = false;
                        continue;
                    }
                }

                plain &= run > 0;
                longest = Math.Max(longest, run);
                var shortIntegers = plain && longest <= 9;
                var count = commas + 1;
                commas = 0;
                run = 0;
                longest = 0;
                plain = true;
                var v = line[fieldStart..i];
                fieldStart = i + 1;
                if (k >= keyCount)
                {
                    Problem(n, start + 1, header.Samples[s], $"sample {header.Samples[s]} has more fields than FORMAT ({keyCount})", true, "sample has more fields than FORMAT");
                    return;
                }

                if (k == 0 && hasGt)
                {
                    var gt = ParseGenotype(v, out var why);
                    if (gt is null)
                    {
                        Problem(n, start + 1, header.Samples[s] + "/GT", why!, true, "GT malformed");
                        return;
                    }

                    // The conformance suite accepts any allele index when ALT is '.', so only a real ALT list bounds it.
                    if (altCount > 0 && gt.MaxAllele > altCount)
                    {
                        var a = gt.MaxAllele;
                        Problem(n, start + 1, header.Samples[s] + "/GT", $"GT '{v}' refers to allele {a} but the record has {altCount} ALT allele(s)", true, "GT allele out of range");
                        return;
                    }

                    ploidy = gt.Ploidy;
                    slots![s] = gt;
                }
                else if (shortIntegers && defs[k].Type == VcfValueType.Integer && CountFits(defs[k], count, altCount, ploidy, ref expectedPloidy[k], ref expected[k]))
                {
                    // Digits and commas only, no empty item, at most 9 digits each, the right count: valid.
                }
                else if (!QuickValid(v, defs[k], altCount, ploidy, ref expectedPloidy[k], ref expected[k]) && !CheckValues(v, defs[k], altCount, ploidy, out var why))
                {
                    Problem(n, start + 1, header.Samples[s] + "/" + keys[k], $"sample {header.Samples[s]} {keys[k]}={Truncate(v.ToString())}: {why}", false, "FORMAT value does not match its definition");
                }

                k++;
                if (i >= end)
                    break;
            }
        }
    }

    // Diploid GTs over alleles 0-9 and '.', the bulk of any cohort, indexed directly: allele * 22 + phased * 11 + allele.
    // Everything else goes to Genotype.ParseShared, whose cache serves the rarer short texts.
    private readonly Genotype?[] _diploid = new Genotype?[11 * 2 * 11];

    /// <summary>The <see cref="_diploid"/> slot of a three-character GT ("0/1", "1|.", …), or -1.</summary>
    private static int DiploidSlot(ReadOnlySpan<char> v)
    {
        if (v.Length != 3 || v[1] is not ('/' or '|'))
            return -1;
        var a = v[0] == '.' ? 10 : v[0] - '0';
        var b = v[2] == '.' ? 10 : v[2] - '0';
        return (uint)a <= 10 && (uint)b <= 10 ? (a * 22) + (v[1] == '|' ? 11 : 0) + b : -1;
    }

    private Genotype? ParseGenotype(ReadOnlySpan<char> v, out string? why)
    {
        var slot = DiploidSlot(v);
        if (slot >= 0 && _diploid[slot] is { } known)
        {
            why = null;
            return known;
        }

        var g = Genotype.ParseShared(v, header.IsVcf44OrLater, options.MaxPloidy, out why);
        if (slot >= 0)
            _diploid[slot] = g;
        return g;
    }

    private void CheckOrder(VcfRecord record, long n)
    {
        // "<1>" names the same contig as "1" (an assembly reference), so order is tracked on the bare name.
        var chrom = record.Chrom.Length > 2 && record.Chrom[0] == '<' && record.Chrom[^1] == '>' ? record.Chrom[1..^1] : record.Chrom;
        if (chrom != _lastChrom)
        {
            if (_lastChrom is not null)
                _finishedContigs.Add(_lastChrom);
            if (_finishedContigs.Contains(chrom))
                Problem(n, 1, "CHROM", $"records for contig {record.Chrom} are not contiguous (it appeared before another contig)", false, "contig not contiguous");
            _lastChrom = chrom;
            _lastPos = 0;
            _recentVariants.Clear();
        }

        if (record.Pos < _lastPos)
            Problem(n, record.ColumnCharacter(1), "POS", $"POS {record.Pos} is before the previous record's {_lastPos} on {record.Chrom} (file not sorted)", false, "records not sorted");
        if (record.Pos > _lastPos)
        {
            var kept = 0;
            for (var k = 0; k < _recentVariants.Count; k++)
                if (_recentVariants[k].Pos >= record.Pos)
                    _recentVariants[kept++] = _recentVariants[k];
            _recentVariants.RemoveRange(kept, _recentVariants.Count - kept);
            _recentSet = null;
        }

        _lastPos = Math.Max(_lastPos, record.Pos);

        // Duplicates are compared after trimming shared flanks, so TAT>TGT at 123 equals A>G at 124.
        foreach (var alt in record.AltArray)
        {
            if (alt == "*" || VcfRecord.IsSymbolic(alt) || VcfRecord.IsBreakend(alt))
                continue;
            var (tp, tr, ta) = AlleleTrimming.Trim(record.Pos, record.Ref, alt);
            if (SeenRecently(tp, tr, ta))
            {
                Problem(n, 1, null, $"variant {record.Chrom}:{tp} {tr}>{ta} appears more than once", false, "duplicated variant");
                return;
            }

            _recentVariants.Add((tp, tr, ta));
            _recentSet?.Add((tp, tr, ta));
        }
    }

    // Past a few hundred variants at one position (pathological input) the list is backed by a set, so the check
    // stays linear in the file.
    private HashSet<(long Pos, string Ref, string Alt)>? _recentSet;

    private bool SeenRecently(long pos, string reference, string alt)
    {
        if (_recentVariants.Count > 256)
        {
            _recentSet ??= [.. _recentVariants];
            return _recentSet.Contains((pos, reference, alt));
        }

        _recentSet = null;
        foreach (var v in _recentVariants)
            if (v.Pos == pos && v.Ref == reference && v.Alt == alt)
                return true;
        return false;
    }

    public void Problem(long line, int col, string? field, string reason, bool fatal, string? rule = null)
    {
        var error = new InputError(file, line, col, field, reason);
        if (options.Mode == VcfErrorMode.Strict)
            throw new InputException(error);
        if (fatal)
        {
            if (!_skip)
                report.Skip(error, rule ?? reason);
            _skip = true;
        }
        else
        {
            report.Repair(error, rule ?? reason);
        }
    }
}

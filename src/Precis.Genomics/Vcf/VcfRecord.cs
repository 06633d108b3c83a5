using System.Globalization;

namespace Precis.Genomics.Vcf;

/// <summary>One INFO entry: key and raw value (null for a flag).</summary>
public readonly record struct VcfInfoEntry(string Key, string? Value);

/// <summary>
/// One VCF data line. The site columns are parsed when the record is read; INFO is split on first use and the
/// sample columns are located and decoded only when a sample is asked for.
/// </summary>
public sealed class VcfRecord
{
    private static readonly string[] NoStrings = [];
    private readonly int[] _columnStarts;
    private IReadOnlyList<VcfInfoEntry>? _info;
    private int[]? _sampleStarts;
    private Genotype?[]? _genotypes;
    private string[]? _ids;
    private readonly string[] _filters;

    internal VcfRecord(VcfHeader header, string line, long lineNumber, int[] columnStarts, string chrom, long pos,
        string reference, string[] alts, double? qual, string[] filters, string[] formatKeys, long? infoEnd)
    {
        Header = header;
        Line = line;
        LineNumber = lineNumber;
        _columnStarts = columnStarts;
        Chrom = chrom;
        Pos = pos;
        Ref = reference;
        AltArray = alts;
        Qual = qual;
        _filters = filters;
        FormatKeys = formatKeys;
        InfoEnd = infoEnd;
    }

    /// <summary>The header this record was read under.</summary>
    public VcfHeader Header { get; }

    /// <summary>The line as read (without newline).</summary>
    public string Line { get; }

    /// <summary>1-based line number in the file (0 after an index seek, where it is unknown).</summary>
    public long LineNumber { get; }

    /// <summary>Virtual offset of the line (BGZF input) or byte offset (plain input).</summary>
    public long StartOffset { get; internal set; }

    /// <summary>Offset just past the line.</summary>
    public long EndOffset { get; internal set; }

    public string Chrom { get; }

    /// <summary>1-based position.</summary>
    public long Pos { get; }

    /// <summary>Identifiers (empty for '.'); split from the ID column on first use (most callers never ask).</summary>
    public IReadOnlyList<string> Ids => _ids ??= SplitIds(Column(2));

    /// <summary>The ID column as written.</summary>
    public string Id => Column(2).ToString();

    public string Ref { get; }

    /// <summary>ALT alleles (empty for '.'); may be '*', symbolic '&lt;DEL&gt;', '&lt;NON_REF&gt;', '&lt;*&gt;' or breakends.</summary>
    public IReadOnlyList<string> Alts => AltArray;

    /// <summary>The same alleles as an array, for loops inside the library (no interface calls).</summary>
    internal string[] AltArray { get; }

    /// <summary>QUAL, null for '.'.</summary>
    public double? Qual { get; }

    /// <summary>FILTER values (empty for '.', ["PASS"] for PASS).</summary>
    public IReadOnlyList<string> Filters => _filters;

    /// <summary>True when FILTER is PASS.</summary>
    public bool IsPass => _filters.Length == 1 && _filters[0] == "PASS";

    /// <summary>Number of FILTER values (no interface call).</summary>
    internal int FilterCount => _filters.Length;

    /// <summary>INFO/END when present.</summary>
    public long? InfoEnd { get; }

    /// <summary>1-based inclusive last reference position covered: INFO/END when present, else POS + len(REF) - 1.</summary>
    public long End => InfoEnd ?? Pos + Math.Max(Ref.Length, 1) - 1;

    /// <summary>True for a gVCF reference block: every ALT is the unspecified allele (&lt;NON_REF&gt; or &lt;*&gt;) or there is no ALT, and INFO/END is set.</summary>
    public bool IsReferenceBlock => InfoEnd is not null && Alts.All(IsUnspecifiedAllele);

    /// <summary>The FORMAT keys (empty when there is no FORMAT column).</summary>
    public IReadOnlyList<string> FormatKeys { get; }

    /// <summary>Number of sample columns in the header.</summary>
    public int SampleCount => Header.SampleCount;

    /// <summary>Number of alleles (REF + ALT).</summary>
    public int AlleleCount => Alts.Count + 1;

    /// <summary>The allele text for an index (0 = REF).</summary>
    public string Allele(int index) => index == 0 ? Ref : Alts[index - 1];

    /// <summary>The INFO entries in file order (empty for '.').</summary>
    public IReadOnlyList<VcfInfoEntry> Info => _info ??= ParseInfo(Column(7));

    /// <summary>The raw text of a column (0 = CHROM … 8 = FORMAT, 9+ = samples).</summary>
    public ReadOnlySpan<char> Column(int index)
    {
        if (index < 9)
        {
            if (index >= _columnStarts.Length)
                return [];
            var s = _columnStarts[index];
            var e = index + 1 < _columnStarts.Length ? _columnStarts[index + 1] - 1 : Line.Length;
            return Line.AsSpan(s, e - s);
        }

        return SampleColumn(index - 9);
    }

    /// <summary>1-based character column where a column starts (for error messages).</summary>
    public int ColumnCharacter(int index) => index < _columnStarts.Length ? _columnStarts[index] + 1 : Line.Length + 1;

    /// <summary>True when INFO has this key.</summary>
    public bool HasInfo(string key) => FindInfo(key, out _);

    /// <summary>True when an INFO flag is set: present without a value, or with the value 1 (0 reads as unset).</summary>
    public bool GetFlag(string key) => FindInfo(key, out var v) && v is null or "1";

    /// <summary>The raw INFO value, or null (also null for a flag; use <see cref="HasInfo"/>).</summary>
    public string? GetInfo(string key) => FindInfo(key, out var v) ? v : null;

    /// <summary>An INFO value as integers ('.' entries are null); null when absent.</summary>
    public IReadOnlyList<int?>? GetInfoIntegers(string key) => GetInfo(key) is { } v ? ValueParsing.Integers(v) : null;

    /// <summary>An INFO value as floats ('.' entries are null); null when absent.</summary>
    public IReadOnlyList<double?>? GetInfoFloats(string key) => GetInfo(key) is { } v ? ValueParsing.Floats(v) : null;

    /// <summary>Decoded access to one sample's fields.</summary>
    public VcfSample Sample(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, SampleCount);
        return new VcfSample(this, index);
    }

    /// <summary>Decoded access to a sample by name.</summary>
    public VcfSample Sample(string name)
    {
        var i = Header.SampleIndex(name);
        if (i < 0)
            throw new ArgumentException($"sample '{name}' is not in the header", nameof(name));
        return new VcfSample(this, i);
    }

    /// <summary>True for '&lt;NON_REF&gt;' and '&lt;*&gt;', the gVCF "any other allele" symbols.</summary>
    public static bool IsUnspecifiedAllele(string allele) => allele is "<NON_REF>" or "<*>";

    /// <summary>True for '&lt;ID&gt;' symbolic alleles.</summary>
    public static bool IsSymbolic(string allele) => allele.Length > 2 && allele[0] == '<' && allele[^1] == '>';

    /// <summary>True for breakend notation (VCF §5.4): contains '[' or ']', or starts/ends with '.'.</summary>
    public static bool IsBreakend(string allele) =>
        allele.Length == 1 ? allele[0] is '[' or ']' :
        allele.Contains('[', StringComparison.Ordinal) || allele.Contains(']', StringComparison.Ordinal) ||
        (allele.Length > 1 && (allele[0] == '.' || allele[^1] == '.'));

    /// <summary>The raw text of a sample column.</summary>
    public ReadOnlySpan<char> SampleColumn(int sample)
    {
        var starts = _sampleStarts ??= LocateSamples();
        if (sample >= starts.Length - 1)
            return [];
        var s = starts[sample];
        var e = starts[sample + 1] - 1;
        return Line.AsSpan(s, e - s);
    }

    /// <summary>The sample's genotype, decoded once and kept (validation fills this while checking the line).</summary>
    internal Genotype? CachedGenotype(int sample) => _genotypes?[sample];

    /// <summary>The genotypes decoded while the line was checked (null entries where not decoded), or null.</summary>
    internal Genotype?[]? CachedGenotypes => _genotypes;

    internal void CacheGenotype(int sample, Genotype genotype) => (_genotypes ??= new Genotype?[SampleCount])[sample] = genotype;

    /// <summary>1-based character column of a sample column.</summary>
    public int SampleCharacter(int sample)
    {
        var starts = _sampleStarts ??= LocateSamples();
        return sample < starts.Length - 1 ? starts[sample] + 1 : Line.Length + 1;
    }

    /// <summary>Start of each sample column, then one past the end of the line plus one (internal: the checker's loop).</summary>
    internal int[] SampleStarts => _sampleStarts ??= LocateSamples();

    /// <summary>The decoded-genotype slots, created on first use.</summary>
    internal Genotype?[] GenotypeSlots => _genotypes ??= new Genotype?[SampleCount];

    /// <summary>Number of sample columns actually present on the line.</summary>
    public int SampleColumnsPresent => (_sampleStarts ??= LocateSamples()).Length - 1;

    public override string ToString() => Line;

    private int[] LocateSamples()
    {
        if (_columnStarts.Length < 9)
            return [0];
        var e = Line.IndexOf('\t', _columnStarts[8]);
        if (e < 0)
            return [0];
        return TabStops(Line.AsSpan(), e + 1, SampleCount);
    }

    /// <summary>The start of each of the first <paramref name="max"/> columns (fewer when the line has fewer),
    /// stopping the scan as soon as they are known.</summary>
    internal static int[] FirstColumns(ReadOnlySpan<char> line, int max)
    {
        Span<int> found = stackalloc int[max];
        found[0] = 0;
        var from = 0;
        var n = 1 + CollectTabs(line, ref from, found[1..]);
        return found[..n].ToArray();
    }

    /// <summary>
    /// The start of every column from <paramref name="first"/> on, plus one past the end of the line (as a column
    /// after a final tab would start there). A cohort line has thousands of short columns, where a search call per
    /// column costs more than the search.
    /// </summary>
    internal static int[] TabStops(ReadOnlySpan<char> line, int first, int expected)
    {
        // Sized for the expected columns plus the end marker, so a well-formed line needs no second array.
        var starts = new int[Math.Max(expected, 1) + 1];
        starts[0] = first;
        var n = 1;
        var from = first;
        while (true)
        {
            n += CollectTabs(line, ref from, starts.AsSpan(n, starts.Length - n - 1));
            if (n < starts.Length - 1 || from >= line.Length || !line[from..].Contains('\t'))
                break;
            Array.Resize(ref starts, starts.Length * 2);
        }

        starts[n++] = line.Length + 1;
        return n == starts.Length ? starts : starts[..n];
    }

    /// <summary>
    /// Writes one past each tab at or after <paramref name="from"/> into <paramref name="into"/>, in order, until it is
    /// full; returns how many, and moves <paramref name="from"/> to where the scan can resume. One vectorised pass
    /// (16 characters a step) where the hardware has it.
    /// </summary>
    private static int CollectTabs(ReadOnlySpan<char> line, ref int from, Span<int> into)
    {
        var chars = System.Runtime.InteropServices.MemoryMarshal.Cast<char, ushort>(line);
        var n = 0;
        var i = from;
        if (System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated)
        {
            var tab = System.Runtime.Intrinsics.Vector256.Create((ushort)'\t');
            for (; n < into.Length && i + 16 <= chars.Length; i += 16)
            {
                var mask = System.Runtime.Intrinsics.Vector256.ExtractMostSignificantBits(System.Runtime.Intrinsics.Vector256.Equals(System.Runtime.Intrinsics.Vector256.Create<ushort>(chars.Slice(i, 16)), tab));
                while (mask != 0)
                {
                    var at = i + System.Numerics.BitOperations.TrailingZeroCount(mask);
                    if (n == into.Length)
                    {
                        from = at;
                        return n;
                    }

                    into[n++] = at + 1;
                    mask &= mask - 1;
                }
            }
        }

        for (; n < into.Length && i < chars.Length; i++)
            if (chars[i] == '\t')
                into[n++] = i + 1;
        from = i;
        return n;
    }

    private bool FindInfo(string key, out string? value)
    {
        foreach (var e in Info)
        {
            if (e.Key == key)
            {
                value = e.Value;
                return true;
            }
        }

        value = null;
        return false;
    }

    private static List<VcfInfoEntry> ParseInfo(ReadOnlySpan<char> info)
    {
        var list = new List<VcfInfoEntry>();
        if (info.Length == 0 || info is ".")
            return list;
        foreach (var range in info.Split(';'))
        {
            var part = info[range];
            var eq = part.IndexOf('=');
            list.Add(eq < 0 ? new VcfInfoEntry(part.ToString(), null) : new VcfInfoEntry(part[..eq].ToString(), part[(eq + 1)..].ToString()));
        }

        return list;
    }

    internal static string[] Empty => NoStrings;

    private static string[] SplitIds(ReadOnlySpan<char> column) =>
        column is "." ? NoStrings : column.Contains(';') ? column.ToString().Split(';') : [column.ToString()];
}

/// <summary>One sample of a record; fields are decoded from the line when asked for.</summary>
public readonly struct VcfSample : IEquatable<VcfSample>
{
    private readonly VcfRecord _record;

    internal VcfSample(VcfRecord record, int index)
    {
        _record = record;
        Index = index;
    }

    /// <summary>Column index of the sample (0-based).</summary>
    public int Index { get; }

    /// <summary>The sample name from the header.</summary>
    public string Name => _record.Header.Samples[Index];

    /// <summary>The sample column as written.</summary>
    public ReadOnlySpan<char> Raw => _record.SampleColumn(Index);

    /// <summary>The decoded GT; <see cref="Genotype.Absent"/> when FORMAT has no GT. Malformed GT throws in strict reads
    /// (validated when read) and reads as missing otherwise.</summary>
    public Genotype Genotype
    {
        get
        {
            if (_record.CachedGenotype(Index) is { } cached)
                return cached;
            if (_record.FormatKeys.Count == 0 || _record.FormatKeys[0] != "GT")
            {
                var gi = IndexOfKey("GT");
                if (gi < 0)
                    return Genotype.Absent;
                return ParseGt(Field(gi));
            }

            var gt = ParseGt(Field(0));
            _record.CacheGenotype(Index, gt);
            return gt;
        }
    }

    /// <summary>The raw text of a FORMAT field; empty when absent or dropped as trailing.</summary>
    public ReadOnlySpan<char> Field(string key)
    {
        var k = IndexOfKey(key);
        return k < 0 ? [] : Field(k);
    }

    /// <summary>The raw text of the k-th FORMAT field.</summary>
    public ReadOnlySpan<char> Field(int k)
    {
        var raw = Raw;
        var i = 0;
        foreach (var range in raw.Split(':'))
        {
            if (i == k)
                return raw[range];
            i++;
        }

        return [];
    }

    /// <summary>True when the FORMAT key exists and the sample has a non-missing value for it.</summary>
    public bool Has(string key)
    {
        var f = Field(key);
        return f.Length > 0 && f is not ".";
    }

    /// <summary>A single integer FORMAT value (e.g. DP, GQ, PS, MIN_DP); null when absent or '.'.</summary>
    public int? GetInteger(string key) => ValueParsing.Integer(Field(key));

    /// <summary>A single float FORMAT value (e.g. DS); null when absent or '.'.</summary>
    public double? GetFloat(string key) => ValueParsing.Float(Field(key));

    /// <summary>An integer vector (e.g. AD, PL); null when absent or wholly '.'.</summary>
    public IReadOnlyList<int?>? GetIntegers(string key)
    {
        var f = Field(key);
        return f.Length == 0 || f is "." ? null : ValueParsing.Integers(f);
    }

    /// <summary>A float vector (e.g. GL, GP); null when absent or wholly '.'.</summary>
    public IReadOnlyList<double?>? GetFloats(string key)
    {
        var f = Field(key);
        return f.Length == 0 || f is "." ? null : ValueParsing.Floats(f);
    }

    /// <summary>FORMAT/DP.</summary>
    public int? Depth => GetInteger("DP");

    /// <summary>FORMAT/GQ.</summary>
    public int? GenotypeQuality => GetInteger("GQ");

    /// <summary>FORMAT/MIN_DP (gVCF blocks).</summary>
    public int? MinDepth => GetInteger("MIN_DP");

    /// <summary>FORMAT/PS (phase set).</summary>
    public int? PhaseSet => GetInteger("PS");

    /// <summary>FORMAT/AD.</summary>
    public IReadOnlyList<int?>? AlleleDepths => GetIntegers("AD");

    /// <summary>FORMAT/PL.</summary>
    public IReadOnlyList<int?>? PhredLikelihoods => GetIntegers("PL");

    /// <summary>FORMAT/GL.</summary>
    public IReadOnlyList<double?>? Likelihoods => GetFloats("GL");

    /// <summary>FORMAT/DS (alternate allele dosage).</summary>
    public double? Dosage => GetFloat("DS");

    public bool Equals(VcfSample other) => ReferenceEquals(_record, other._record) && Index == other.Index;

    public override bool Equals(object? obj) => obj is VcfSample s && Equals(s);

    public override int GetHashCode() => HashCode.Combine(_record, Index);

    public static bool operator ==(VcfSample left, VcfSample right) => left.Equals(right);

    public static bool operator !=(VcfSample left, VcfSample right) => !left.Equals(right);

    private int IndexOfKey(string key)
    {
        var keys = _record.FormatKeys;
        for (var i = 0; i < keys.Count; i++)
            if (keys[i] == key)
                return i;
        return -1;
    }

    private Genotype ParseGt(ReadOnlySpan<char> text)
    {
        if (text.Length == 0)
            return Genotype.Absent;
        return Genotype.ParseShared(text, _record.Header.IsVcf44OrLater, 1024, out _) ?? Genotype.Absent;
    }
}

/// <summary>Parsing of VCF numeric values: '.' is missing, integers are 32-bit, floats invariant-culture.</summary>
internal static class ValueParsing
{
    public static int? Integer(ReadOnlySpan<char> s) =>
        s.Length == 0 || s is "." ? null :
        int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : null;

    public static double? Float(ReadOnlySpan<char> s) =>
        TryPlainDecimal(s, out var fast) ? fast :
        s.Length == 0 || s is "." ? null :
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : ParseSpecialFloat(s);

    private static readonly double[] PowersOfTen = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

    /// <summary>
    /// "[sign]digits[.digits]" with at most 15 digits: the integer of its digits is exact in a double and so is the
    /// power of ten, so one IEEE division gives the correctly rounded value, the same one double.Parse returns
    /// (Clinger's fast path). QUAL and most INFO/FORMAT floats take it; anything else is parsed in full.
    /// </summary>
    internal static bool TryPlainDecimal(ReadOnlySpan<char> s, out double value)
    {
        value = 0;
        var i = s.Length > 0 && s[0] is '-' or '+' ? 1 : 0;
        var negative = i == 1 && s[0] == '-';
        long mantissa = 0;
        var digits = 0;
        var fraction = -1;
        for (; i < s.Length; i++)
        {
            var c = s[i];
            if ((uint)(c - '0') <= 9)
            {
                if (++digits > 15)
                    return false;
                mantissa = (mantissa * 10) + (c - '0');
                if (fraction >= 0)
                    fraction++;
            }
            else if (c == '.' && fraction < 0)
            {
                fraction = 0;
            }
            else
            {
                return false;
            }
        }

        if (digits == 0)
            return false;
        value = fraction > 0 ? mantissa / PowersOfTen[fraction] : mantissa;
        if (negative)
            value = -value;
        return true;
    }

    public static IReadOnlyList<int?> Integers(ReadOnlySpan<char> s)
    {
        var list = new List<int?>(4);
        foreach (var r in s.Split(','))
            list.Add(Integer(s[r]));
        return list;
    }

    public static IReadOnlyList<double?> Floats(ReadOnlySpan<char> s)
    {
        var list = new List<double?>(4);
        foreach (var r in s.Split(','))
            list.Add(Float(s[r]));
        return list;
    }

    /// <summary>VCF 4.3 §1.3: Inf, Infinity and NaN (any case, optional sign) are valid floats.</summary>
    public static double? ParseSpecialFloat(ReadOnlySpan<char> s)
    {
        var sign = 1.0;
        if (s.Length > 0 && s[0] is '+' or '-')
        {
            sign = s[0] == '-' ? -1 : 1;
            s = s[1..];
        }

        if (s.Equals("inf", StringComparison.OrdinalIgnoreCase) || s.Equals("infinity", StringComparison.OrdinalIgnoreCase))
            return sign * double.PositiveInfinity;
        if (s.Equals("nan", StringComparison.OrdinalIgnoreCase))
            return double.NaN;
        return null;
    }
}

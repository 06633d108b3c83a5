using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using Precis.Core;
using Precis.Genomics.Sites;
using Precis.Genomics.Vcf;

namespace Precis.PolygenicRisk.Scoring;

/// <summary>A record at a score position, as the byte-level path gives it: alleles and the decoded GT calls.</summary>
internal sealed class FastGtRecord(int samples)
{
    public string Chrom { get; set; } = "";

    public long Pos { get; set; }

    public string Ref { get; set; } = "";

    public string[] Alts { get; set; } = [];

    public GtCall[] Calls { get; } = new GtCall[samples];
}

/// <summary>Raised at the first gVCF reference block: the scorer starts again with the full reader.</summary>
internal sealed class GvcfBlockException : Exception
{
    public GvcfBlockException()
        : base("gVCF reference block: use the full reader")
    {
    }
}

/// <summary>
/// Reads a VCF (plain, gzip or BGZF) for scoring without building records: lines are scanned as bytes in one reused
/// buffer, a record whose CHROM/POS carries no score row is skipped after those two fields, and for the others only
/// REF, ALT and the GT subfield of each sample are decoded (phased/unphased, haploid, missing) straight into
/// <see cref="GtCall"/>s without strings. A record that is used is validated (POS, sample count, GT syntax, allele
/// range); others are not, so use <c>precis vcf validate</c> to check a whole file. At the first gVCF reference block
/// the scorer starts again with the full reader.
/// </summary>
internal sealed class FastGtSource : IDisposable
{
    /// <summary>Longest line accepted.</summary>
    public const int MaxLineBytes = 1 << 30;

    private readonly Stream _stream;
    private readonly string _path;
    private readonly bool _allowPrefix;
    private readonly int _maxPloidy;
    private readonly Stack<FastGtRecord> _pool = new();
    private byte[] _buf = new byte[1 << 22];
    private int _start;
    private int _end;
    private bool _eof;
    private long _line;
    private byte[] _chromBytes = [];
    private string _chrom = "";
    private string _canonical = "";

    private FastGtSource(Stream stream, string path, int maxPloidy)
    {
        _stream = stream;
        _path = path;
        _maxPloidy = maxPloidy;
        Name = path;
        Samples = [];
        while (NextLine(out var s, out var len))
        {
            var line = _buf.AsSpan(s, len);
            if (line.StartsWith("##"u8))
            {
                if (line.StartsWith("##fileformat=VCFv4."u8) && line.Length > 19 && line[19] >= (byte)'4')
                    _allowPrefix = true;
                continue;
            }

            if (!line.StartsWith("#CHROM"u8))
                throw new InputException(new InputError(path, _line, 1, "header", "the header must end with a #CHROM line before the first record"));
            var columns = Encoding.UTF8.GetString(line).Split('\t');
            Samples = columns.Length > 9 ? columns[9..] : [];
            return;
        }

        throw new InputException(new InputError(path, _line, null, "header", "no #CHROM header line"));
    }

    /// <summary>The input as named.</summary>
    public string Name { get; }

    /// <summary>Sample names of the #CHROM line.</summary>
    public IReadOnlyList<string> Samples { get; private set; }


    /// <summary>Opens the file and reads its header.</summary>
    public static FastGtSource Open(string path, int maxPloidy)
    {
        var file = InputFiles.OpenForReading(path);
        Stream stream = file;
        try
        {
            var magic = new byte[2];
            var got = file.Read(magic, 0, 2);
            file.Position = 0;
            if (got == 2 && magic[0] == 0x1f && magic[1] == 0x8b)
                stream = new GZipStream(file, CompressionMode.Decompress); // decodes the concatenated BGZF members in turn
            return new FastGtSource(stream, path, maxPloidy);
        }
        catch
        {
            stream.Dispose();
            file.Dispose();
            throw;
        }
    }

    /// <summary>Records at positions where <paramref name="wanted"/>(canonical chrom, pos) is true; give each back with <see cref="Return"/>.</summary>
    public IEnumerable<FastGtRecord> Records(Func<string, long, bool> wanted, IProgress<ProgressUpdate>? progress)
    {
        long records = 0;
        while (NextLine(out var s, out var len))
        {
            if (len == 0)
                continue;
            if (++records % 100_000 == 0)
                progress?.Report(new ProgressUpdate("scoring", records, null));
            var record = Parse(s, len, wanted);
            if (record is not null)
                yield return record;
        }
    }

    /// <summary>Gives a record's buffers back for reuse.</summary>
    public void Return(FastGtRecord record) => _pool.Push(record);

    public void Dispose() => _stream.Dispose();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: skip tier-0 code
    private FastGtRecord? Parse(int start, int length, Func<string, long, bool> wanted)
    {
        var line = _buf.AsSpan(start, length);
        var t1 = line.IndexOf((byte)'\t');
        if (t1 <= 0)
            throw Bad(1, "CHROM", "a record needs at least 8 tab-separated columns");
        var chrom = line[..t1];
        if (!chrom.SequenceEqual(_chromBytes))
        {
            _chromBytes = chrom.ToArray();
            _chrom = Encoding.UTF8.GetString(chrom);
            _canonical = ContigNames.Canonical(_chrom);
        }

        var rest = line[(t1 + 1)..];
        var t2 = rest.IndexOf((byte)'\t');
        if (t2 <= 0)
            throw Bad(2, "POS", "missing");
        long pos = 0;
        foreach (var b in rest[..t2])
        {
            if (b is < (byte)'0' or > (byte)'9' || pos > long.MaxValue / 10 - 10)
                throw Bad(2, "POS", $"'{Encoding.UTF8.GetString(rest[..t2])}' is not a non-negative integer");
            pos = (pos * 10) + (b - '0');
        }

        // ID, REF, ALT, QUAL, FILTER, INFO, FORMAT.
        Span<int> tabs = stackalloc int[7];
        var at = t1 + 1 + t2;
        for (var c = 0; c < 7; c++)
        {
            var next = at + 1 < length ? line[(at + 1)..].IndexOf((byte)'\t') : -1;
            if (next < 0)
            {
                if (c >= 5 && Samples.Count == 0)
                {
                    tabs[c] = length; // a sites-only VCF: INFO (or FORMAT) is the last column
                    break;
                }

                throw Bad(c + 3, null, $"{c + 3} columns, expected {9 + Samples.Count} (8 fixed, FORMAT and {Samples.Count} samples)");
            }

            at = at + 1 + next;
            tabs[c] = at;
            if (c == 2)
            {
                // A gVCF reference block (every ALT <NON_REF> or <*>) covers positions other than its POS: the full
                // reader's block logic handles the file.
                var alts = line[(tabs[1] + 1)..tabs[2]];
                if (alts.Length > 0 && alts[0] == (byte)'<' && OnlyUnspecified(alts))
                    throw new GvcfBlockException();
                if (!wanted(_canonical, pos))
                    return null;
            }
        }

        var record = _pool.Count > 0 ? _pool.Pop() : new FastGtRecord(Samples.Count);
        record.Chrom = _chrom;
        record.Pos = pos;
        record.Ref = Encoding.UTF8.GetString(line[(tabs[0] + 1)..tabs[1]]);
        var altText = line[(tabs[1] + 1)..tabs[2]];
        record.Alts = altText.SequenceEqual("."u8) ? [] : Encoding.UTF8.GetString(altText).Split(',');
        if (Samples.Count == 0)
            return record;
        var format = line[(tabs[5] + 1)..tabs[6]];
        var hasGt = format.StartsWith("GT"u8) && (format.Length == 2 || format[2] == (byte)':');
        var alleles = record.Alts.Length + 1;
        var p = tabs[6] + 1;
        var gtOnly = format.Length == 2 && hasGt;
        var n = Samples.Count;
        for (var i = 0; i < n; i++)
        {
            // FORMAT "GT" and a diploid single-digit call ("0|1\t"): decoded in place, the bulk of large cohorts.
            if (gtOnly && p + 3 <= length && (p + 3 == length || line[p + 3] == (byte)'\t') && line[p + 1] is (byte)'/' or (byte)'|')
            {
                int a0 = Allele(line[p]), a1 = Allele(line[p + 2]);
                if (a0 >= -1 && a1 >= -1 && a0 < alleles && a1 < alleles && (p + 3 < length || i == n - 1))
                {
                    record.Calls[i] = GtCall.Diploid(a0, a1);
                    p += 4;
                    continue;
                }
            }

            if (p > length)
                throw Bad(10 + i, Samples[i], $"{9 + i} columns, expected {9 + Samples.Count} (8 fixed, FORMAT and {Samples.Count} samples)");
            var field = line[p..];
            var tab = field.IndexOf((byte)'\t');
            if (tab >= 0)
                field = field[..tab];
            else if (i < Samples.Count - 1)
                throw Bad(10 + i, Samples[i], $"{10 + i} columns, expected {9 + Samples.Count} (8 fixed, FORMAT and {Samples.Count} samples)");
            p += field.Length + 1;
            if (!hasGt)
            {
                record.Calls[i] = default;
                continue;
            }

            var colon = field.IndexOf((byte)':');
            var gt = colon >= 0 ? field[..colon] : field;
            record.Calls[i] = Decode(gt, alleles, i);
        }

        if (p <= length)
            throw Bad(10 + Samples.Count, null, $"more than {9 + Samples.Count} columns (8 fixed, FORMAT and {Samples.Count} samples)");
        return record;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: skip tier-0 code
    private GtCall Decode(ReadOnlySpan<byte> gt, int alleles, int sample)
    {
        // The calls of almost every record: one or two single-digit alleles.
        if (gt.Length == 3 && gt[1] is (byte)'/' or (byte)'|')
        {
            int a0 = Allele(gt[0]), a1 = Allele(gt[2]);
            if (a0 >= -1 && a1 >= -1 && a0 < alleles && a1 < alleles)
                return GtCall.Diploid(a0, a1);
        }
        else if (gt.Length == 1)
        {
            var a = Allele(gt[0]);
            if (a >= -1 && a < alleles)
                return GtCall.Haploid(a);
        }

        // Everything else (multi-digit alleles, polyploid, VCF 4.4 prefixes, errors) through the shared GT parser.
        Span<char> chars = gt.Length <= 256 ? stackalloc char[gt.Length] : new char[gt.Length];
        for (var k = 0; k < gt.Length; k++)
            chars[k] = (char)gt[k];
        var g = Genotype.ParseShared(chars, _allowPrefix, _maxPloidy, out var error);
        if (g is null)
            throw Bad(10 + sample, "GT", $"sample {Samples[sample]}: {error}");
        if (g.Alleles.Any(a => a >= alleles))
            throw Bad(10 + sample, "GT", $"sample {Samples[sample]}: allele index in '{chars.ToString()}' exceeds the {alleles - 1} ALT allele(s)");
        return GtCall.From(g);
    }

    private static bool OnlyUnspecified(ReadOnlySpan<byte> alts)
    {
        foreach (var range in alts.Split((byte)','))
        {
            var a = alts[range];
            if (!a.SequenceEqual("<NON_REF>"u8) && !a.SequenceEqual("<*>"u8))
                return false;
        }

        return true;
    }

    /// <summary>0–9 for a digit, −1 for '.', −2 otherwise.</summary>
    private static int Allele(byte b) => b is >= (byte)'0' and <= (byte)'9' ? b - '0' : b == (byte)'.' ? -1 : -2;

    private InputException Bad(int column, string? field, string reason) =>
        new(new InputError(_path, _line, column, field, reason));

    /// <summary>The next line as a range of the buffer (without the newline); false at the end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: skip tier-0 code
    private bool NextLine(out int start, out int length)
    {
        while (true)
        {
            var nl = _buf.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (nl >= 0)
            {
                start = _start;
                length = nl > 0 && _buf[_start + nl - 1] == (byte)'\r' ? nl - 1 : nl;
                _start += nl + 1;
                _line++;
                return true;
            }

            if (_eof)
            {
                if (_start == _end)
                {
                    start = length = 0;
                    return false;
                }

                start = _start;
                length = _end - _start;
                _start = _end;
                _line++;
                return true;
            }

            // Move the partial line to the front (and grow when it fills the buffer), then read more.
            if (_start > 0)
            {
                Buffer.BlockCopy(_buf, _start, _buf, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            if (_end == _buf.Length)
            {
                if (_buf.Length >= MaxLineBytes)
                    throw new InputException(new InputError(_path, _line + 1, null, null, $"a line longer than {MaxLineBytes:N0} bytes"));
                Array.Resize(ref _buf, Math.Min(_buf.Length * 2, MaxLineBytes));
            }

            var read = _stream.Read(_buf, _end, _buf.Length - _end);
            if (read == 0)
                _eof = true;
            _end += read;
        }
    }
}

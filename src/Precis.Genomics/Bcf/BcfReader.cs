using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Precis.Core;
using Precis.Genomics.Io;
using Precis.Genomics.Query;
using Precis.Genomics.Vcf;

namespace Precis.Genomics.Bcf;

/// <summary>
/// Reads BCF 2.2 (BGZF-compressed or uncompressed): the embedded VCF header, the string and contig dictionaries
/// (with IDX= overrides), and typed records with their missing and end-of-vector sentinels. Each record is rendered
/// to the VCF text htslib would print and parsed by the VCF reader, so BCF input gets the same record model,
/// validation and lazily decoded samples as VCF.
/// </summary>
public sealed class BcfReader : IDisposable
{
    /// <summary>A record's shared or per-sample block larger than this is treated as corrupt (bounded memory).</summary>
    public const int MaxBlock = 256 << 20;

    private readonly Stream _stream;
    private readonly BgzfReader? _bgzf;
    private readonly string _name;
    private readonly string[] _strings;
    private readonly string[] _contigs;
    private readonly VcfRecordParser _parser;
    private readonly StringBuilder _line = new(4096);
    private byte[] _buffer = new byte[1 << 16];
    private long _recordNumber;

    private BcfReader(Stream stream, BgzfReader? bgzf, string name, VcfHeader header, VcfReaderOptions options, VcfLeniencyReport report, string[] strings, string[] contigs)
    {
        _stream = stream;
        _bgzf = bgzf;
        _name = name;
        Header = header;
        Report = report;
        _strings = strings;
        _contigs = contigs;
        _parser = new VcfRecordParser(name, header, options, report);
    }

    public VcfHeader Header { get; }

    public VcfLeniencyReport Report { get; }

    /// <summary>True when the first bytes (after BGZF inflation, if any) are the BCF magic.</summary>
    public static bool IsBcf(string path)
    {
        using var s = InputFiles.OpenForReading(path);
        Span<byte> head = stackalloc byte[18];
        var n = s.Read(head);
        if (n >= 3 && head[..3].SequenceEqual("BCF"u8))
            return true;
        if (!BgzfReader.IsBgzf(head[..n]))
            return false;
        s.Position = 0;
        using var b = new BgzfReader(s, path, 1, ownsStream: false);
        Span<byte> magic = stackalloc byte[3];
        return b.Read(magic) == 3 && magic.SequenceEqual("BCF"u8);
    }

    /// <summary>Opens a BCF file and reads its header.</summary>
    public static BcfReader Open(string path, VcfReaderOptions? options = null)
    {
        options ??= VcfReaderOptions.Strict;
        var stream = InputFiles.OpenForReading(path);
        try
        {
            Span<byte> head = stackalloc byte[18];
            var n = stream.Read(head);
            stream.Position = 0;
            var bgzf = BgzfReader.IsBgzf(head[..n]) ? new BgzfReader(stream, path, options.Threads, ownsStream: false) : null;
            return Create(stream, bgzf, path, options);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private static BcfReader Create(Stream stream, BgzfReader? bgzf, string name, VcfReaderOptions options)
    {
        var magic = new byte[5];
        if (ReadExact(stream, bgzf, magic) != 5 || !magic.AsSpan(0, 3).SequenceEqual("BCF"u8))
            throw new InputException(new InputError(name, null, null, "BCF", "not a BCF file (magic 'BCF' missing)"));
        if (magic[3] != 2)
            throw new InputException(new InputError(name, null, null, "BCF", $"BCF version {magic[3]}.{magic[4]} is not supported (2.1 and 2.2 are)"));
        var lenBytes = new byte[4];
        if (ReadExact(stream, bgzf, lenBytes) != 4)
            throw new InputException(new InputError(name, null, null, "BCF", "truncated header length"));
        var lText = BinaryPrimitives.ReadUInt32LittleEndian(lenBytes);
        if (lText > MaxBlock)
            throw new InputException(new InputError(name, null, null, "BCF", $"header of {lText} bytes exceeds the {MaxBlock}-byte limit"));
        var text = new byte[lText];
        if (ReadExact(stream, bgzf, text) != text.Length)
            throw new InputException(new InputError(name, null, null, "BCF", "truncated header text"));
        var end = Array.IndexOf(text, (byte)0);
        var headerText = Encoding.UTF8.GetString(text, 0, end < 0 ? text.Length : end);
        var report = new VcfLeniencyReport();
        VcfHeader header;
        using (var source = LineSource.Open(new MemoryStream(Encoding.UTF8.GetBytes(headerText)), name + " (BCF header)", 1, options.MaxLineLength))
            header = new VcfHeaderParser(name, options, report).Parse(source);
        var (strings, contigs) = Dictionaries(header);
        return new BcfReader(stream, bgzf, name, header, options, report, strings, contigs);
    }

    /// <summary>BCF dictionaries (BCF spec §6.2.1): FILTER/INFO/FORMAT IDs share one, PASS first; contigs another; IDX= wins.</summary>
    private static (string[] Strings, string[] Contigs) Dictionaries(VcfHeader header)
    {
        var strings = new Dictionary<int, string> { [0] = "PASS" };
        var seen = new HashSet<string>(StringComparer.Ordinal) { "PASS" };
        var contigs = new Dictionary<int, string>();
        var next = 1;
        var nextContig = 0;
        foreach (var m in header.MetaLines)
        {
            if (m.Fields is null || m["ID"] is not { } id)
                continue;
            var idx = m["IDX"] is { } x && int.TryParse(x, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : (int?)null;
            if (m.Key == "contig")
            {
                contigs[idx ?? nextContig] = id;
                nextContig = Math.Max(nextContig, (idx ?? nextContig) + 1);
            }
            else if (m.Key is "FILTER" or "INFO" or "FORMAT" && seen.Add(id))
            {
                strings[idx ?? next] = id;
                next = Math.Max(next, (idx ?? next) + 1);
            }
        }

        string[] ToArray(Dictionary<int, string> d)
        {
            var a = new string[d.Count == 0 ? 0 : d.Keys.Max() + 1];
            foreach (var (k, val) in d)
                a[k] = val;
            return a;
        }

        return (ToArray(strings), ToArray(contigs));
    }

    /// <summary>The next record, or null at the end.</summary>
    public VcfRecord? Read()
    {
        while (true)
        {
            var lens = new byte[8];
            var got = ReadExact(_stream, _bgzf, lens);
            if (got == 0)
                return null;
            _recordNumber++;
            if (got != 8)
                throw Error("truncated record length");
            var lShared = BinaryPrimitives.ReadUInt32LittleEndian(lens);
            var lIndiv = BinaryPrimitives.ReadUInt32LittleEndian(lens.AsSpan(4));
            if (lShared < 24 || lShared > MaxBlock || lIndiv > MaxBlock)
                throw Error($"record block sizes {lShared}/{lIndiv} are invalid");
            var total = (int)(lShared + lIndiv);
            if (_buffer.Length < total)
                _buffer = new byte[Math.Max(total, _buffer.Length * 2)];
            if (ReadExact(_stream, _bgzf, _buffer.AsSpan(0, total)) != total)
                throw Error("the file ends inside a record");
            var line = Render(_buffer.AsSpan(0, (int)lShared), _buffer.AsSpan((int)lShared, (int)lIndiv));
            var record = _parser.Parse(line, _recordNumber);
            if (record is not null)
                return record;
        }
    }

    /// <summary>All remaining records.</summary>
    public IEnumerable<VcfRecord> Records()
    {
        while (Read() is { } r)
            yield return r;
    }

    public void Dispose()
    {
        _bgzf?.Dispose();
        _stream.Dispose();
    }

    private string Render(ReadOnlySpan<byte> shared, ReadOnlySpan<byte> indiv)
    {
        var sb = _line.Clear();
        var tid = BinaryPrimitives.ReadInt32LittleEndian(shared);
        var pos = BinaryPrimitives.ReadInt32LittleEndian(shared[4..]);
        var qualBits = BinaryPrimitives.ReadUInt32LittleEndian(shared[12..]);
        var nAlleleInfo = BinaryPrimitives.ReadUInt32LittleEndian(shared[16..]);
        var nFmtSample = BinaryPrimitives.ReadUInt32LittleEndian(shared[20..]);
        int nInfo = (int)(nAlleleInfo & 0xFFFF), nAllele = (int)(nAlleleInfo >> 16);
        int nSample = (int)(nFmtSample & 0xFFFFFF), nFmt = (int)(nFmtSample >> 24);
        if (tid < 0 || tid >= _contigs.Length || _contigs[tid] is null)
            throw Error($"contig index {tid} is not in the header's contig dictionary");
        if (nSample != Header.Samples.Count)
            throw Error($"record has {nSample} samples but the header names {Header.Samples.Count}");
        sb.Append(_contigs[tid]).Append('\t').Append(((long)pos + 1).ToString(CultureInfo.InvariantCulture)).Append('\t');
        var r = new TypedReader(shared[24..], this);
        var id = r.String();
        sb.Append(id.Length == 0 ? "." : id).Append('\t');
        if (nAllele == 0)
            throw Error("record has no REF allele");
        for (var a = 0; a < nAllele; a++)
        {
            if (a == 1)
                sb.Append('\t');
            else if (a > 1)
                sb.Append(',');
            sb.Append(r.String());
        }

        if (nAllele == 1)
            sb.Append("\t.");
        sb.Append('\t').Append(qualBits == 0x7F800001 ? "." : QueryFormat.FormatG(BitConverter.UInt32BitsToSingle(qualBits))).Append('\t');
        var filters = r.Ints();
        sb.Append(filters.Count == 0 ? "." : string.Join(';', filters.Select(f => DictString(f ?? -1))));
        sb.Append('\t');
        if (nInfo == 0)
            sb.Append('.');
        for (var i = 0; i < nInfo; i++)
        {
            if (i > 0)
                sb.Append(';');
            var key = DictString(r.SingleInt());
            sb.Append(key);
            var (type, count) = r.Descriptor();
            if (type == 0 || count == 0)
                continue;
            sb.Append('=');
            r.AppendValues(sb, type, count);
        }

        if (nFmt > 0 && nSample > 0)
        {
            var ir = new TypedReader(indiv, this);
            var keys = new string[nFmt];
            var columns = new string[nFmt][];
            for (var f = 0; f < nFmt; f++)
            {
                keys[f] = DictString(ir.SingleInt());
                var (type, count) = ir.Descriptor();
                columns[f] = new string[nSample];
                for (var s = 0; s < nSample; s++)
                    columns[f][s] = keys[f] == "GT" ? ir.Genotype(type, count, Header.IsVcf44OrLater) : ir.SampleValues(type, count);
            }

            sb.Append('\t').AppendJoin(':', keys);
            for (var s = 0; s < nSample; s++)
            {
                sb.Append('\t');
                for (var f = 0; f < nFmt; f++)
                {
                    if (f > 0)
                        sb.Append(':');
                    sb.Append(columns[f][s]);
                }
            }
        }
        else if (Header.Samples.Count > 0)
        {
            sb.Append("\t.");
            for (var s = 0; s < Header.Samples.Count; s++)
                sb.Append("\t.");
        }

        return sb.ToString();
    }

    private string DictString(int index) =>
        index >= 0 && index < _strings.Length && _strings[index] is { } s ? s : throw Error($"string dictionary index {index} is not defined in the header");

    private InputException Error(string reason) =>
        new(new InputError(_name, _recordNumber, null, "BCF", $"record {_recordNumber}: {reason}"));

    private static int ReadExact(Stream stream, BgzfReader? bgzf, Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = bgzf is not null ? bgzf.Read(buffer[total..]) : stream.Read(buffer[total..]);
            if (n == 0)
                break;
            total += n;
        }

        return total;
    }

    /// <summary>Decodes BCF typed values (BCF spec §6.3.3) with bounds checks that turn corruption into InputException.</summary>
    private ref struct TypedReader(ReadOnlySpan<byte> data, BcfReader owner)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _pos;

        public (int Type, int Count) Descriptor()
        {
            var d = Byte();
            var type = d & 0xF;
            var count = d >> 4;
            if (count == 15)
                count = SingleInt();
            if (count < 0 || count > MaxBlock)
                throw owner.Error($"typed value count {count} is invalid");
            if (type is not (0 or 1 or 2 or 3 or 5 or 7))
                throw owner.Error($"typed value type {type} is not a BCF type");
            return (type, count);
        }

        public int SingleInt()
        {
            var (type, count) = Descriptor();
            if (count != 1 || type is not (1 or 2 or 3))
                throw owner.Error("expected a single typed integer");
            return (int)ReadInt(type)!;
        }

        public string String()
        {
            var (type, count) = Descriptor();
            if (type == 0 || count == 0)
                return "";
            if (type != 7)
                throw owner.Error("expected a typed string");
            var bytes = Take(count);
            var z = bytes.IndexOf((byte)0);
            return Encoding.UTF8.GetString(z < 0 ? bytes : bytes[..z]);
        }

        public List<int?> Ints()
        {
            var (type, count) = Descriptor();
            var list = new List<int?>(count);
            if (type == 0)
                return list;
            if (type is not (1 or 2 or 3))
                throw owner.Error("expected typed integers");
            for (var i = 0; i < count; i++)
            {
                var v = ReadInt(type);
                if (v == int.MinValue + 1)
                    continue;
                list.Add(v);
            }

            return list;
        }

        public void AppendValues(StringBuilder sb, int type, int count)
        {
            if (type == 7)
            {
                var bytes = Take(count);
                var z = bytes.IndexOf((byte)0);
                sb.Append(Encoding.UTF8.GetString(z < 0 ? bytes : bytes[..z]));
                return;
            }

            var written = 0;
            for (var i = 0; i < count; i++)
            {
                var text = Scalar(type, out var end);
                if (end)
                    continue;
                if (written++ > 0)
                    sb.Append(',');
                sb.Append(text);
            }

            if (written == 0)
                sb.Append('.');
        }

        public string SampleValues(int type, int count)
        {
            var sb = new StringBuilder();
            AppendValues(sb, type, count);
            var s = sb.ToString();
            return s.Length == 0 ? "." : s;
        }

        public string Genotype(int type, int count, bool vcf44)
        {
            if (type is not (1 or 2 or 3))
                throw owner.Error("GT must be typed integers");
            var alleles = new List<int>(count);
            var phased = new List<bool>(count);
            for (var i = 0; i < count; i++)
            {
                var v = ReadInt(type);
                if (v is null)
                {
                    // A missing value where an allele should be: '.' with no phase.
                    alleles.Add(Vcf.Genotype.Missing);
                    phased.Add(false);
                    continue;
                }

                if (v == int.MinValue + 1)
                    continue;
                alleles.Add((v.Value >> 1) - 1);
                phased.Add((v.Value & 1) != 0);
            }

            if (alleles.Count == 0)
                return ".";
            var sb = new StringBuilder();
            for (var k = 0; k < alleles.Count; k++)
            {
                if (k > 0)
                    sb.Append(phased[k] ? '|' : '/');
                else if (vcf44 && phased[0])
                    sb.Append('|');
                sb.Append(alleles[k] < 0 ? "." : alleles[k].ToString(CultureInfo.InvariantCulture));
            }

            return Vcf.Genotype.Parse(sb.ToString(), vcf44, 1024, out _)?.Format(vcf44) ?? sb.ToString();
        }

        private string Scalar(int type, out bool end)
        {
            end = false;
            if (type == 5)
            {
                var bits = BinaryPrimitives.ReadUInt32LittleEndian(Take(4));
                if (bits == 0x7F800002)
                {
                    end = true;
                    return "";
                }

                return bits == 0x7F800001 ? "." : QueryFormat.FormatG(BitConverter.UInt32BitsToSingle(bits));
            }

            var v = ReadInt(type);
            if (v == int.MinValue + 1)
            {
                end = true;
                return "";
            }

            return v is { } x ? x.ToString(CultureInfo.InvariantCulture) : ".";
        }

        /// <summary>An integer widened to int: null for the missing sentinel, int.MinValue + 1 for end-of-vector.</summary>
        private int? ReadInt(int type)
        {
            switch (type)
            {
                case 1:
                    var b = (sbyte)Take(1)[0];
                    return b == -128 ? null : b == -127 ? int.MinValue + 1 : b;
                case 2:
                    var s = BinaryPrimitives.ReadInt16LittleEndian(Take(2));
                    return s == short.MinValue ? null : s == short.MinValue + 1 ? int.MinValue + 1 : s;
                case 3:
                    var i = BinaryPrimitives.ReadInt32LittleEndian(Take(4));
                    return i == int.MinValue ? null : i;
                default:
                    throw owner.Error($"type {type} is not an integer type");
            }
        }

        private byte Byte() => Take(1)[0];

        private ReadOnlySpan<byte> Take(int n)
        {
            if (n < 0 || _pos + n > _data.Length)
                throw owner.Error("typed value runs past the end of the record");
            var s = _data.Slice(_pos, n);
            _pos += n;
            return s;
        }
    }
}

using System.Globalization;
using System.Text;
using Precis.Genomics.Query;

namespace Precis.Genomics.Vcf;

/// <summary>The editable columns of one VCF line (used by the writer and by record transformations such as splitting).</summary>
public sealed class VcfRecordFields
{
    public required string Chrom { get; set; }

    public required long Pos { get; set; }

    public required string Id { get; set; }

    public required string Ref { get; set; }

    /// <summary>ALT alleles (empty for '.').</summary>
    public required List<string> Alts { get; init; }

    public double? Qual { get; set; }

    /// <summary>FILTER column text ('.' when missing).</summary>
    public required string Filter { get; set; }

    /// <summary>INFO entries in order; a null value is a flag.</summary>
    public required List<VcfInfoEntry> Info { get; init; }

    /// <summary>FORMAT keys (empty when there is no FORMAT column).</summary>
    public required List<string> FormatKeys { get; init; }

    /// <summary>Per sample, the value of each FORMAT key (null when absent, e.g. dropped trailing fields).</summary>
    public required List<string?[]> Samples { get; init; }

    /// <summary>Copies a record's columns, splitting each sample column by FORMAT key.</summary>
    public static VcfRecordFields From(VcfRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var keys = record.FormatKeys.ToList();
        var samples = new List<string?[]>(record.SampleCount);
        for (var s = 0; s < record.SampleCount && keys.Count > 0; s++)
        {
            var values = new string?[keys.Count];
            var raw = record.SampleColumn(s);
            var k = 0;
            foreach (var r in raw.Split(':'))
            {
                if (k < values.Length)
                    values[k] = raw[r].ToString();
                k++;
            }

            samples.Add(values);
        }

        return new VcfRecordFields
        {
            Chrom = record.Chrom,
            Pos = record.Pos,
            Id = record.Column(2).ToString(),
            Ref = record.Ref,
            Alts = [.. record.Alts],
            Qual = record.Qual,
            Filter = record.Column(6).ToString(),
            Info = [.. record.Info],
            FormatKeys = keys,
            Samples = samples,
        };
    }
}

/// <summary>
/// Writes VCF text the way htslib does, so that bcftools reads it back to the same values and our output can be
/// compared byte for byte with bcftools': floats as C "%g" of their 32-bit value, every FORMAT field written for
/// every sample ('.' when absent), GT with VCF 4.4 prefixes only where needed, and a ##FILTER PASS line.
/// </summary>
public sealed class VcfWriter
{
    private readonly TextWriter _out;
    private readonly VcfHeader _header;
    private readonly StringBuilder _sb = new(1024);

    public VcfWriter(TextWriter output, VcfHeader header)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(header);
        _out = output;
        _header = header;
    }

    /// <summary>Writes the meta lines (adding ##FILTER=&lt;ID=PASS&gt; after ##fileformat if absent, as htslib does), extra lines, and #CHROM.</summary>
    public void WriteHeader(IEnumerable<string>? extraMetaLines = null, IReadOnlyList<string>? samples = null)
    {
        var metas = _header.MetaLines.ToList();
        var hasPass = metas.Exists(m => m.Key == "FILTER" && m["ID"] == "PASS");
        var first = true;
        foreach (var m in metas)
        {
            _out.Write("##" + m.Key + "=" + m.Value + "\n");
            if (first && !hasPass)
                _out.Write("##FILTER=<ID=PASS,Description=\"All filters passed\">\n");
            first = false;
        }

        foreach (var extra in extraMetaLines ?? [])
            _out.Write(extra + "\n");
        if (samples is null)
        {
            _out.Write(_header.HeaderLine + "\n");
        }
        else
        {
            _out.Write("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO");
            if (samples.Count > 0)
                _out.Write("\tFORMAT\t" + string.Join('\t', samples));
            _out.Write('\n');
        }
    }

    /// <summary>Writes a record, normalising its values as htslib would.</summary>
    public void Write(VcfRecord record, IReadOnlyList<int>? samples = null) => Write(VcfRecordFields.From(record), samples);

    /// <summary>Writes edited columns; <paramref name="samples"/> selects sample columns (null = all).</summary>
    public void Write(VcfRecordFields r, IReadOnlyList<int>? samples = null)
    {
        ArgumentNullException.ThrowIfNull(r);
        var sb = _sb.Clear();
        sb.Append(r.Chrom).Append('\t').Append(r.Pos.ToString(CultureInfo.InvariantCulture)).Append('\t').Append(r.Id).Append('\t')
            .Append(r.Ref).Append('\t').Append(r.Alts.Count == 0 ? "." : string.Join(',', r.Alts)).Append('\t')
            .Append(r.Qual is { } q ? QueryFormat.FormatG((float)q) : ".").Append('\t').Append(r.Filter).Append('\t');
        if (r.Info.Count == 0)
            sb.Append('.');
        for (var i = 0; i < r.Info.Count; i++)
        {
            if (i > 0)
                sb.Append(';');
            var e = r.Info[i];
            sb.Append(e.Key);
            if (e.Value is not null && _header.Info(e.Key).Type != VcfValueType.Flag)
                AppendValues(sb.Append('='), e.Value, _header.Info(e.Key).Type);
        }

        var count = samples?.Count ?? _header.Samples.Count;
        var keys = r.FormatKeys;
        if (_header.Samples.Count > 0 && (samples is null || samples.Count > 0))
        {
            if (keys.Count == 0)
            {
                sb.Append("\t.");
                for (var k = 0; k < count; k++)
                    sb.Append("\t.");
            }
            else
            {
                sb.Append('\t').AppendJoin(':', keys);
                var types = keys.Select(k => _header.Format(k).Type).ToArray();
                for (var k = 0; k < count; k++)
                {
                    var values = r.Samples[samples is null ? k : samples[k]];
                    sb.Append('\t');
                    for (var f = 0; f < keys.Count; f++)
                    {
                        if (f > 0)
                            sb.Append(':');
                        var v = values[f];
                        if (v is null || v.Length == 0)
                            sb.Append('.');
                        else if (keys[f] == "GT")
                            sb.Append(Genotype.Parse(v, true, 1024, out _)?.Format(_header.IsVcf44OrLater) ?? v);
                        else
                            AppendValues(sb, v, types[f]);
                    }
                }
            }
        }

        sb.Append('\n');
        _out.Write(sb);
    }

    private static void AppendValues(StringBuilder sb, string value, VcfValueType type)
    {
        if (type is not (VcfValueType.Float or VcfValueType.Integer))
        {
            sb.Append(value);
            return;
        }

        var first = true;
        foreach (var r in value.AsSpan().Split(','))
        {
            if (!first)
                sb.Append(',');
            first = false;
            var v = value.AsSpan()[r];
            if (v is "." || v.Length == 0)
                sb.Append('.');
            else if (type == VcfValueType.Float && ValueParsing.Float(v) is { } d)
                sb.Append(QueryFormat.FormatG((float)d));
            else if (type == VcfValueType.Integer && ValueParsing.Integer(v) is { } i)
                sb.Append(i.ToString(CultureInfo.InvariantCulture));
            else
                sb.Append(v);
        }
    }
}

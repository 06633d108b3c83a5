using System.Globalization;
using System.Text;
using Precis.Core;
using Precis.Genomics.Vcf;

namespace Precis.Genomics.Query;

/// <summary>
/// A bcftools-query-style output format: literal text with \t \n escapes, %CHROM %POS %ID %REF %ALT %QUAL
/// %FILTER %INFO %INFO/TAG %TAG %END (POS + length of REF - 1, or INFO/END) %LINE, subscripts %TAG{i}, and [ ... ] blocks repeated per sample holding
/// %GT %TGT %SAMPLE and FORMAT tags. Floats print as C's %g, as htslib does.
/// </summary>
public sealed class QueryFormat
{
    private readonly List<Token> _tokens;

    private QueryFormat(List<Token> tokens, string text)
    {
        _tokens = tokens;
        Text = text;
    }

    /// <summary>The format as given.</summary>
    public string Text { get; }

    /// <summary>Parses a format; an unknown construct throws an <see cref="InputException"/> naming the column.</summary>
    public static QueryFormat Parse(string format)
    {
        ArgumentNullException.ThrowIfNull(format);
        var tokens = new List<Token>();
        var literal = new StringBuilder();
        var inSample = false;
        var sampleStart = -1;
        var sampleTokens = new List<Token>();
        List<Token> Target() => inSample ? sampleTokens : tokens;
        void FlushLiteral()
        {
            if (literal.Length > 0)
            {
                Target().Add(new Token(TokenKind.Literal, literal.ToString(), -1, null));
                literal.Clear();
            }
        }

        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c == '\\' && i + 1 < format.Length)
            {
                i++;
                literal.Append(format[i] switch { 't' => '\t', 'n' => '\n', '\\' => '\\', _ => format[i] });
                continue;
            }

            if (c == '[')
            {
                if (inSample)
                    throw Bad(format, i, "nested '['");
                FlushLiteral();
                inSample = true;
                sampleStart = i;
                continue;
            }

            if (c == ']' && inSample)
            {
                FlushLiteral();
                tokens.Add(new Token(TokenKind.SampleBlock, "", -1, [.. sampleTokens]));
                sampleTokens.Clear();
                inSample = false;
                continue;
            }

            if (c != '%')
            {
                literal.Append(c);
                continue;
            }

            if (i + 1 < format.Length && format[i + 1] == '%')
            {
                literal.Append('%');
                i++;
                continue;
            }

            FlushLiteral();
            var start = ++i;
            while (i < format.Length && (char.IsAsciiLetterOrDigit(format[i]) || format[i] is '_' or '/' or '.'))
                i++;
            var name = format[start..i];
            var sub = -1;
            if (i < format.Length && format[i] == '{')
            {
                var close = format.IndexOf('}', i);
                if (close < 0 || !int.TryParse(format.AsSpan(i + 1, close - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out sub))
                    throw Bad(format, i, "a subscript must be {number}");
                i = close + 1;
            }

            i--;
            if (name.Length == 0)
                throw Bad(format, start, "'%' must be followed by a field name");
            Target().Add(Classify(name, sub, inSample, format, start));
        }

        if (inSample)
            throw Bad(format, sampleStart, "'[' is not closed with ']'");
        FlushLiteral();
        return new QueryFormat(tokens, format);
    }

    /// <summary>
    /// True when the format is a bare GT matrix: one <c>[%GT&lt;text&gt;]</c> block, optionally followed by text
    /// (e.g. <c>[%GT\t]\n</c>); gives the text after each GT and after each line.
    /// </summary>
    internal bool IsGenotypeMatrix(out string afterGenotype, out string afterLine)
    {
        afterGenotype = afterLine = "";
        if (_tokens.Count is 0 or > 2 || _tokens[0].Kind != TokenKind.SampleBlock)
            return false;
        if (_tokens.Count == 2)
        {
            if (_tokens[1].Kind != TokenKind.Literal)
                return false;
            afterLine = _tokens[1].Name;
        }

        var children = _tokens[0].Children!;
        if (children.Length is 0 or > 2 || children[0].Kind != TokenKind.Gt || children[0].Subscript >= 0)
            return false;
        if (children.Length == 2)
        {
            if (children[1].Kind != TokenKind.Literal)
                return false;
            afterGenotype = children[1].Name;
        }

        return true;
    }

    /// <summary>True when the format has a per-sample block (the GT matrix case).</summary>
    public bool HasSampleBlock => _tokens.Exists(t => t.Kind == TokenKind.SampleBlock);

    /// <summary>Appends the formatted record; <paramref name="samples"/> selects sample columns (null = all).</summary>
    public void Format(VcfRecord record, IReadOnlyList<int>? samples, StringBuilder output)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(output);
        foreach (var t in _tokens)
        {
            if (t.Kind == TokenKind.SampleBlock)
            {
                var count = samples?.Count ?? record.SampleCount;
                for (var k = 0; k < count; k++)
                {
                    var s = samples is null ? k : samples[k];
                    foreach (var st in t.Children!)
                        Append(st, record, s, output);
                }
            }
            else
            {
                Append(t, record, -1, output);
            }
        }
    }

    private static void Append(Token t, VcfRecord r, int sample, StringBuilder o)
    {
        switch (t.Kind)
        {
            case TokenKind.Literal:
                o.Append(t.Name);
                break;
            case TokenKind.Chrom:
                o.Append(r.Chrom);
                break;
            case TokenKind.Pos:
                o.Append(r.Pos.ToString(CultureInfo.InvariantCulture));
                break;
            case TokenKind.Id:
                o.Append(r.Column(2));
                break;
            case TokenKind.Ref:
                o.Append(r.Ref);
                break;
            case TokenKind.Alt:
                if (t.Subscript >= 0)
                    o.Append(t.Subscript < r.Alts.Count ? r.Alts[t.Subscript] : ".");
                else
                    o.Append(r.Alts.Count == 0 ? "." : string.Join(',', r.Alts));
                break;
            case TokenKind.Qual:
                o.Append(r.Qual is { } q ? FormatG(q) : ".");
                break;
            case TokenKind.Filter:
                o.Append(r.Filters.Count == 0 ? "." : string.Join(';', r.Filters));
                break;
            case TokenKind.InfoColumn:
                o.Append(r.Column(7));
                break;
            case TokenKind.Line:
                o.Append(r.Line);
                break;
            case TokenKind.End:
                o.Append(r.End.ToString(CultureInfo.InvariantCulture));
                break;
            case TokenKind.Info:
                AppendInfo(t, r, o);
                break;
            case TokenKind.Sample:
                o.Append(r.Header.Samples[sample]);
                break;
            case TokenKind.Gt:
                o.Append(GtText(r, sample, translate: false));
                break;
            case TokenKind.Tgt:
                o.Append(GtText(r, sample, translate: true));
                break;
            case TokenKind.FormatTag:
                AppendValues(r.Sample(sample).Field(t.Name), r.Header.Format(t.Name), t.Subscript, o);
                break;
            default:
                break;
        }
    }

    private static void AppendInfo(Token t, VcfRecord r, StringBuilder o)
    {
        foreach (var e in r.Info)
        {
            if (e.Key != t.Name)
                continue;
            var def = r.Header.Info(t.Name);
            if (def.Type == VcfValueType.Flag)
            {
                o.Append(e.Value is null or "1" ? '1' : '0');
                return;
            }

            AppendValues(e.Value, def, t.Subscript, o);
            return;
        }

        o.Append('.');
    }

    private static void AppendValues(ReadOnlySpan<char> raw, VcfFieldDefinition def, int subscript, StringBuilder o)
    {
        if (raw.Length == 0 || raw is ".")
        {
            o.Append('.');
            return;
        }

        var i = 0;
        var first = true;
        foreach (var r in raw.Split(','))
        {
            if (subscript >= 0 && i++ != subscript)
                continue;
            if (!first)
                o.Append(',');
            first = false;
            var v = raw[r];
            if (def.Type == VcfValueType.Float && v is not "." && ValueParsing.Float(v) is { } d)
                o.Append(FormatG(d));
            else
                o.Append(v);
        }

        if (first)
            o.Append('.');
    }

    private static string GtText(VcfRecord r, int sample, bool translate)
    {
        var gt = r.Sample(sample).Genotype;
        if (gt.Ploidy == 0)
            return ".";
        if (!translate)
            return gt.Format(r.Header.IsVcf44OrLater);
        var sb = new StringBuilder();
        for (var k = 0; k < gt.Ploidy; k++)
        {
            if (k > 0)
                sb.Append(gt.IsAllelePhased(k) ? '|' : '/');
            var a = gt.Alleles[k];
            sb.Append(a == Genotype.Missing ? "." : a < r.AlleleCount ? r.Allele(a) : ".");
        }

        return sb.ToString();
    }

    /// <summary>C printf "%g" (6 significant digits, trailing zeros removed), as htslib prints floats.</summary>
    public static string FormatG(double v)
    {
        if (double.IsNaN(v))
            return "nan";
        if (double.IsInfinity(v))
            return v > 0 ? "inf" : "-inf";
        if (v == 0)
            return BitConverter.DoubleToInt64Bits(v) < 0 ? "-0" : "0";
        // Round to 6 significant digits first: the exponent that decides the notation is the rounded one.
        var rounded = double.Parse(v.ToString("E5", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var e = (int)Math.Floor(Math.Log10(Math.Abs(rounded)));
        if (e < -4 || e >= 6)
            return rounded.ToString("0.#####e+00", CultureInfo.InvariantCulture);

        var decimals = Math.Max(0, 5 - e);
        var f = rounded.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        if (f.Contains('.', StringComparison.Ordinal))
            f = f.TrimEnd('0').TrimEnd('.');
        return f;
    }

    private static Token Classify(string name, int sub, bool inSample, string format, int col)
    {
        if (inSample)
        {
            return name switch
            {
                "GT" => new Token(TokenKind.Gt, name, sub, null),
                "TGT" => new Token(TokenKind.Tgt, name, sub, null),
                "SAMPLE" => new Token(TokenKind.Sample, name, sub, null),
                "CHROM" => new Token(TokenKind.Chrom, name, sub, null),
                "POS" => new Token(TokenKind.Pos, name, sub, null),
                "REF" => new Token(TokenKind.Ref, name, sub, null),
                "ALT" => new Token(TokenKind.Alt, name, sub, null),
                "ID" => new Token(TokenKind.Id, name, sub, null),
                _ when name.StartsWith("INFO/", StringComparison.Ordinal) => new Token(TokenKind.Info, name[5..], sub, null),
                _ when name.StartsWith("FORMAT/", StringComparison.Ordinal) => new Token(TokenKind.FormatTag, name[7..], sub, null),
                _ when name.StartsWith("FMT/", StringComparison.Ordinal) => new Token(TokenKind.FormatTag, name[4..], sub, null),
                _ => new Token(TokenKind.FormatTag, name, sub, null),
            };
        }

        return name switch
        {
            "CHROM" => new Token(TokenKind.Chrom, name, sub, null),
            "POS" => new Token(TokenKind.Pos, name, sub, null),
            "ID" => new Token(TokenKind.Id, name, sub, null),
            "REF" => new Token(TokenKind.Ref, name, sub, null),
            "ALT" => new Token(TokenKind.Alt, name, sub, null),
            "FIRST_ALT" => new Token(TokenKind.Alt, name, 0, null),
            "QUAL" => new Token(TokenKind.Qual, name, sub, null),
            "FILTER" => new Token(TokenKind.Filter, name, sub, null),
            "INFO" => new Token(TokenKind.InfoColumn, name, sub, null),
            "END" => new Token(TokenKind.End, name, sub, null),
            "LINE" => new Token(TokenKind.Line, name, sub, null),
            "GT" or "TGT" or "SAMPLE" => throw Bad(format, col, $"%{name} is a per-sample field: put it inside [ ]"),
            _ when name.StartsWith("INFO/", StringComparison.Ordinal) => new Token(TokenKind.Info, name[5..], sub, null),
            _ when name.StartsWith("FORMAT/", StringComparison.Ordinal) || name.StartsWith("FMT/", StringComparison.Ordinal) =>
                throw Bad(format, col, $"%{name} is a per-sample field: put it inside [ ]"),
            _ => new Token(TokenKind.Info, name, sub, null),
        };
    }

    private static InputException Bad(string format, int col, string why) =>
        new(new InputError("--format", null, col + 1, null, $"{why} in '{format}'"));

    private enum TokenKind
    {
        Literal,
        Chrom,
        Pos,
        Id,
        Ref,
        Alt,
        Qual,
        Filter,
        InfoColumn,
        Line,
        End,
        Info,
        SampleBlock,
        Sample,
        Gt,
        Tgt,
        FormatTag,
    }

    private sealed record Token(TokenKind Kind, string Name, int Subscript, Token[]? Children);
}

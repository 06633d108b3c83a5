using System.Globalization;
using Precis.Core;
using Precis.Genomics.Io;

namespace Precis.Genomics.Vcf;

/// <summary>One field of a structured meta line: key, value, and whether the value was double-quoted.</summary>
internal readonly record struct MetaField(string Key, string Value, bool Quoted);

/// <summary>Reads and checks the ## meta lines and the #CHROM line (VCF 4.3 §1.2–§1.5).</summary>
internal sealed class VcfHeaderParser(string file, VcfReaderOptions options, VcfLeniencyReport report)
{
    private static readonly string[] FixedColumns = ["#CHROM", "POS", "ID", "REF", "ALT", "QUAL", "FILTER", "INFO"];
    private static readonly string[] StructuralAltTypes = ["DEL", "INS", "DUP", "INV", "CNV", "BND"];

    private readonly List<VcfMetaLine> _meta = [];
    private readonly Dictionary<string, VcfFieldDefinition> _info = new(StringComparer.Ordinal);
    private readonly Dictionary<string, VcfFieldDefinition> _format = new(StringComparer.Ordinal);
    private readonly Dictionary<string, VcfFilterDefinition> _filters = new(StringComparer.Ordinal) { ["PASS"] = new("PASS", "All filters passed") };
    private readonly List<VcfContigDefinition> _contigs = [];
    private readonly HashSet<string> _contigIds = new(StringComparer.Ordinal);

    public VcfHeader Parse(LineSource source)
    {
        var fileFormat = "";
        var first = true;
        while (true)
        {
            var line = source.ReadLine(out var loc);
            if (line is null)
                throw Fatal(loc.Number == 0 ? source.LineNumber + 1 : loc.Number, 1, null, "the file ends before the #CHROM header line", "a VCF header ends with a line starting #CHROM");
            var n = source.LineNumber;
            if (n > options.MaxHeaderLines)
                throw Fatal(n, 1, null, $"more than {options.MaxHeaderLines} header lines");
            if (first)
            {
                first = false;
                fileFormat = CheckFileFormat(line, n);
                if (!line.StartsWith("##fileformat=", StringComparison.Ordinal))
                {
                    if (!line.StartsWith('#'))
                        throw Fatal(n, 1, null, "the file does not start with a ##fileformat line and has no header", "is this a VCF file?");
                }
                else
                {
                    _meta.Add(new VcfMetaLine("fileformat", line["##fileformat=".Length..], null));
                    continue;
                }
            }

            if (line.StartsWith("##", StringComparison.Ordinal))
            {
                ParseMetaLine(line, n);
                continue;
            }

            if (line.StartsWith("#CHROM", StringComparison.Ordinal))
            {
                if (!source.LastLineEndedWithNewline)
                    Problem(n, line.Length + 1, "#CHROM", "the #CHROM line has no terminating newline (the file may be truncated)");
                return ParseColumnsLine(line, n, fileFormat);
            }

            Problem(n, 1, null, "header line neither starts with '##' nor is the #CHROM line", "meta-information lines start with '##'");
        }
    }

    private string CheckFileFormat(string line, long n)
    {
        const string prefix = "##fileformat=";
        if (!line.StartsWith(prefix, StringComparison.Ordinal))
        {
            Problem(n, 1, "fileformat", "the first line must be ##fileformat=VCFvX.Y");
            return "VCFv4.2";
        }

        var v = line[prefix.Length..];
        if (v.Length == 0)
            Problem(n, prefix.Length + 1, "fileformat", "##fileformat is empty; expected VCFvX.Y");
        else if (!IsVersion(v))
            Problem(n, prefix.Length + 1, "fileformat", $"##fileformat '{v}' is not of the form VCFvX.Y");
        return v;
    }

    private static bool IsVersion(string v)
    {
        if (!v.StartsWith("VCFv", StringComparison.Ordinal))
            return false;
        var rest = v.AsSpan(4);
        var dot = rest.IndexOf('.');
        return dot > 0 && dot < rest.Length - 1 && !rest[..dot].ContainsAnyExceptInRange('0', '9') && !rest[(dot + 1)..].ContainsAnyExceptInRange('0', '9');
    }

    private void ParseMetaLine(string line, long n)
    {
        var body = line.AsSpan(2);
        var eq = body.IndexOf('=');
        if (eq < 0)
        {
            Problem(n, 3, null, "meta-information line is not a key=value pair");
            return;
        }

        var key = body[..eq].ToString();
        var value = body[(eq + 1)..].ToString();
        if (!IsMetaKey(key))
        {
            Problem(n, 3, key, $"meta-information key '{key}' is not valid (letters, digits and '_', not starting with a digit)");
            return;
        }

        if (value.Length == 0)
        {
            Problem(n, eq + 4, key, $"##{key} has an empty value");
            return;
        }

        List<MetaField>? fields = null;
        if (value[0] == '<')
        {
            fields = ParseStructured(value, n, eq + 4, key);
            if (fields is null)
                return;
        }
        else if (key is "INFO" or "FORMAT" or "FILTER" or "ALT" or "contig" or "META" or "SAMPLE" or "PEDIGREE")
        {
            Problem(n, eq + 4, key, $"##{key} must be a structured line ##{key}=<ID=...>");
            return;
        }

        var meta = new VcfMetaLine(key, value, fields?.Select(f => KeyValuePair.Create(f.Key, f.Value)).ToList());
        if (fields is not null && !CheckStructured(key, fields, n, eq + 4))
            return;
        if (fields is null && !CheckUnstructured(key, value, n, eq + 4))
            return;
        _meta.Add(meta);
    }

    private static bool IsMetaKey(string key)
    {
        if (key.Length == 0 || !(char.IsAsciiLetter(key[0]) || key[0] == '_'))
            return false;
        foreach (var c in key)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'))
                return false;
        return true;
    }

    /// <summary>Parses &lt;k=v,k="quoted \"v\"",...&gt;; null (after reporting) when malformed.</summary>
    private List<MetaField>? ParseStructured(string value, long n, int col, string key)
    {
        var fields = new List<MetaField>();
        var i = 1;
        while (true)
        {
            if (i >= value.Length)
            {
                Problem(n, col + i, key, $"##{key} structured line is not closed with '>'");
                return null;
            }

            if (value[i] == '>' && fields.Count == 0)
            {
                Problem(n, col + i, key, $"##{key}=<> has no fields");
                return null;
            }

            var eq = value.IndexOf('=', i);
            var comma = value.IndexOf(',', i);
            if (eq < 0 || (comma >= 0 && comma < eq))
            {
                Problem(n, col + i, key, $"##{key} field '{value[i..(comma < 0 ? value.Length : comma)].TrimEnd('>')}' is not key=value");
                return null;
            }

            var fkey = value[i..eq];
            i = eq + 1;
            string fval;
            var quoted = false;
            if (i < value.Length && value[i] == '"')
            {
                quoted = true;
                var sb = new System.Text.StringBuilder();
                i++;
                var closed = false;
                while (i < value.Length)
                {
                    var c = value[i];
                    if (c == '\\' && i + 1 < value.Length)
                    {
                        sb.Append(value[i + 1]);
                        i += 2;
                        continue;
                    }

                    if (c == '"')
                    {
                        closed = true;
                        i++;
                        break;
                    }

                    sb.Append(c);
                    i++;
                }

                if (!closed)
                {
                    Problem(n, col + eq + 1, key, $"##{key} field {fkey}: quoted value has no closing '\"'");
                    return null;
                }

                if (i >= value.Length)
                {
                    Problem(n, col + i, key, $"##{key} structured line is not closed with '>'");
                    return null;
                }

                if (value[i] != ',' && value[i] != '>')
                {
                    Problem(n, col + i, key, $"##{key} field {fkey}: unescaped '\"' inside a quoted value (escape it as \\\")");
                    return null;
                }

                fval = sb.ToString();
            }
            else
            {
                var end = i;
                var depth = 0;
                while (end < value.Length)
                {
                    // META Values=[a, b] lists may contain commas inside brackets.
                    if (value[end] == '[')
                        depth++;
                    else if (value[end] == ']' && depth > 0)
                        depth--;
                    else if (depth == 0 && (value[end] == ',' || (value[end] == '>' && end == value.Length - 1)))
                        break;
                    end++;
                }

                fval = value[i..end];
                i = end;
            }

            fields.Add(new MetaField(fkey, fval, quoted));
            if (i >= value.Length)
            {
                Problem(n, col + i, key, $"##{key} structured line is not closed with '>'");
                return null;
            }

            if (value[i] == '>')
            {
                if (i != value.Length - 1)
                {
                    Problem(n, col + i, key, $"##{key} has text after the closing '>'");
                    return null;
                }

                return fields;
            }

            i++; // the comma
        }
    }

    private bool CheckStructured(string key, List<MetaField> fields, long n, int col)
    {
        string? Get(string k) => fields.FirstOrDefault(f => f.Key == k).Value;
        var id = Get("ID");
        switch (key)
        {
            case "INFO":
            case "FORMAT":
                return CheckFieldDefinition(key, fields, n, col);
            case "FILTER":
                if (!RequireOrder(key, fields, n, col, "ID", "Description") || !RequireQuoted(key, fields, "Description", n, col))
                    return false;
                _filters[id!] = new VcfFilterDefinition(id!, Get("Description")!);
                return true;
            case "ALT":
                return CheckAlt(fields, n, col);
            case "contig":
                if (id is null)
                {
                    Problem(n, col, key, "##contig has no ID");
                    return false;
                }

                if (!IsValidContigName(id))
                {
                    Problem(n, col, key, $"##contig ID '{id}' contains characters not allowed in contig names (whitespace, ',', ':', '*', '<', '>', '=' at the start)");
                    return false;
                }

                long? length = null;
                if (Get("length") is { } len)
                {
                    if (!long.TryParse(len, NumberStyles.None, CultureInfo.InvariantCulture, out var l))
                        Problem(n, col, key, $"##contig {id} length '{len}' is not a non-negative integer");
                    else
                        length = l;
                }

                if (_contigIds.Add(id))
                    _contigs.Add(new VcfContigDefinition(id, length, fields.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal)));
                return true;
            case "META":
                if (!RequireOrder(key, fields, n, col, "ID", "Number", "Type", "Values"))
                    return false;
                if (Get("Number") is not "." && !int.TryParse(Get("Number"), NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    Problem(n, col, key, $"##META Number '{Get("Number")}' is not an integer or '.'");
                    return false;
                }

                if (Get("Type") is not ("String" or "Integer" or "Float" or "Character"))
                {
                    Problem(n, col, key, $"##META Type '{Get("Type")}' is not String, Integer, Float or Character");
                    return false;
                }

                if (Get("Values") is not { } values || !values.StartsWith('[') || !values.EndsWith(']'))
                {
                    Problem(n, col, key, "##META Values must be a list in square brackets");
                    return false;
                }

                return true;
            case "SAMPLE":
                if (id is null)
                {
                    Problem(n, col, key, "##SAMPLE has no ID");
                    return false;
                }

                if (!IsPlainIdentifier(id))
                {
                    Problem(n, col, key, $"##SAMPLE ID '{id}' contains characters other than letters, digits, '_', '-' and '.'");
                    return false;
                }

                return true;
            case "PEDIGREE":
                if (id is null)
                {
                    Problem(n, col, key, "##PEDIGREE has no ID");
                    return false;
                }

                foreach (var f in fields)
                {
                    if (!IsPlainIdentifier(f.Value))
                    {
                        Problem(n, col, key, $"##PEDIGREE {f.Key} '{f.Value}' contains characters other than letters, digits, '_', '-' and '.'");
                        return false;
                    }
                }

                return true;
            case "assembly":
            case "pedigreeDB":
                Problem(n, col, key, $"##{key} must be a URL, not a structured <...> value");
                return false;
            default:
                return true;
        }
    }

    private bool CheckUnstructured(string key, string value, long n, int col)
    {
        if (key is "assembly" or "pedigreeDB" && value.Contains("://", StringComparison.Ordinal))
        {
            // The EBI validator rejects URLs whose host is not a name or an IPv4 address (e.g. ftp://8080:8080/...).
            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host) ||
                (uri.HostNameType != UriHostNameType.IPv4 && uri.HostNameType != UriHostNameType.IPv6 && !uri.Host.Any(char.IsAsciiLetter)) ||
                (uri.HostNameType == UriHostNameType.IPv4 && !uri.OriginalString.Contains(uri.Host, StringComparison.Ordinal)))
            {
                Problem(n, col, key, $"##{key} '{value}' is not a valid URL");
                return false;
            }
        }

        return true;
    }

    private bool CheckAlt(List<MetaField> fields, long n, int col)
    {
        if (fields[0].Key != "ID")
        {
            Problem(n, col, "ALT", "##ALT must start with ID");
            return false;
        }

        var expected = new List<string> { "ID" };
        if (fields.Any(f => f.Key == "Number"))
            expected.Add("Number");
        if (fields.Any(f => f.Key == "Type"))
            expected.Add("Type");
        expected.Add("Description");
        if (!RequireOrder("ALT", fields, n, col, [.. expected]) || !RequireQuoted("ALT", fields, "Description", n, col))
            return false;
        var number = fields.FirstOrDefault(f => f.Key == "Number").Value;
        if (number is not null && VcfNumber.Parse(number) is null)
        {
            Problem(n, col, "ALT", $"##ALT Number '{number}' is not an integer, A, R, G or '.'");
            return false;
        }

        var type = fields.FirstOrDefault(f => f.Key == "Type").Value;
        if (type is not null && ParseType(type) is null)
        {
            Problem(n, col, "ALT", $"##ALT Type '{type}' is not Integer, Float, Flag, Character or String");
            return false;
        }

        var id = fields[0].Value;
        if (id.Length == 0 || id.AsSpan().ContainsAny(" \t,<>"))
        {
            Problem(n, col, "ALT", $"##ALT ID '{id}' contains whitespace, ',', '<' or '>'");
            return false;
        }

        var colon = id.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0 && !StructuralAltTypes.Contains(id[..colon]))
        {
            Problem(n, col, "ALT", $"##ALT ID '{id}' has subtypes (':') but its type '{id[..colon]}' is not one of {string.Join(", ", StructuralAltTypes)}");
            return false;
        }

        return true;
    }

    private bool CheckFieldDefinition(string key, List<MetaField> fields, long n, int col)
    {
        if (!RequireOrder(key, fields, n, col, "ID", "Number", "Type", "Description") || !RequireQuoted(key, fields, "Description", n, col))
            return false;
        var id = fields[0].Value;
        if (!IsFieldKey(id))
        {
            Problem(n, col, key, $"##{key} ID '{id}' must match ^[A-Za-z_][0-9A-Za-z_.]*$");
            return false;
        }

        var number = VcfNumber.Parse(fields[1].Value);
        if (number is null)
        {
            Problem(n, col, key, $"##{key} {id}: Number '{fields[1].Value}' is not an integer, A, R, G, P or '.'");
            return false;
        }

        var type = ParseType(fields[2].Value);
        if (type is null || (key == "FORMAT" && type == VcfValueType.Flag))
        {
            Problem(n, col, key, $"##{key} {id}: Type '{fields[2].Value}' is not {(key == "FORMAT" ? "Integer, Float, Character or String" : "Integer, Float, Flag, Character or String")}");
            return false;
        }

        var reserved = key == "INFO" ? ReservedFields.Info(id) : ReservedFields.Format(id);
        if (reserved is not null)
        {
            if (reserved.Number != number.Value)
            {
                Problem(n, col, key, $"##{key} {id}: reserved key must have Number={reserved.Number} (VCF 4.3 §1.6), not {number.Value}");
                return false;
            }

            if (reserved.Type != type && !(key == "INFO" && ReservedFields.InfoTypeIsOpen(id)))
            {
                Problem(n, col, key, $"##{key} {id}: reserved key must have Type={reserved.Type} (VCF 4.3 §1.6), not {type}");
                return false;
            }
        }

        var def = new VcfFieldDefinition(id, number.Value, type.Value, fields[3].Value);
        (key == "INFO" ? _info : _format)[id] = def;
        return true;
    }

    private bool RequireOrder(string key, List<MetaField> fields, long n, int col, params string[] order)
    {
        for (var i = 0; i < order.Length; i++)
        {
            if (i >= fields.Count || fields[i].Key != order[i])
            {
                Problem(n, col, key, $"##{key} must begin with the fields {string.Join(", ", order)} in that order");
                return false;
            }
        }

        return true;
    }

    private bool RequireQuoted(string key, List<MetaField> fields, string field, long n, int col)
    {
        var f = fields.FirstOrDefault(x => x.Key == field);
        if (f.Key is not null && !f.Quoted)
        {
            Problem(n, col, key, $"##{key} {field} must be surrounded by double quotes");
            return false;
        }

        return true;
    }

    internal static VcfValueType? ParseType(string t) => t switch
    {
        "Integer" => VcfValueType.Integer,
        "Float" => VcfValueType.Float,
        "Flag" => VcfValueType.Flag,
        "Character" => VcfValueType.Character,
        "String" => VcfValueType.String,
        _ => null,
    };

    /// <summary>INFO/FORMAT keys: ^([A-Za-z_][0-9A-Za-z_.]*|1000G)$ (VCF 4.3 §1.6.1).</summary>
    internal static bool IsFieldKey(ReadOnlySpan<char> id)
    {
        if (id is "1000G")
            return true;
        if (id.Length == 0 || !(char.IsAsciiLetter(id[0]) || id[0] == '_'))
            return false;
        foreach (var c in id)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.'))
                return false;
        return true;
    }

    /// <summary>
    /// Contig names per VCF 4.3 §1.4.7, as the EBI validator applies it: no whitespace, ',', '&lt;', '&gt;', ':'
    /// or '*', and not starting with '='. (HLA contigs such as "HLA-A*01:01" need lenient mode.)
    /// </summary>
    internal static bool IsValidContigName(ReadOnlySpan<char> name)
    {
        if (name.Length == 0 || name[0] == '=')
            return false;
        foreach (var c in name)
        {
            if (c <= ' ' || c > '~' || c is ',' or '<' or '>' or ':' or '*' or '"' or '\'' or '(' or ')' or '[' or ']' or '{' or '}' or '\\' or '`')
                return false;
        }

        return true;
    }

    /// <summary>CHROM may also be a contig name in angle brackets (a reference to an assembly contig, VCF 4.3 §1.6.1).</summary>
    internal static bool IsValidChromName(string name) =>
        IsValidContigName(name) || (name.Length > 2 && name[0] == '<' && name[^1] == '>' && IsValidContigName(name.AsSpan(1, name.Length - 2)));

    private static bool IsPlainIdentifier(string s) =>
        s.Length > 0 && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');

    private VcfHeader ParseColumnsLine(string line, long n, string fileFormat)
    {
        var cols = line.Split('\t');
        for (var i = 0; i < FixedColumns.Length; i++)
        {
            if (i >= cols.Length || cols[i] != FixedColumns[i])
                throw Fatal(n, 1, "#CHROM", $"header column {i + 1} must be '{FixedColumns[i]}' but is '{(i < cols.Length ? cols[i] : "(missing)")}'", "the columns are tab-separated: #CHROM POS ID REF ALT QUAL FILTER INFO [FORMAT samples...]");
        }

        var samples = new List<string>();
        if (cols.Length > 8)
        {
            if (cols[8] != "FORMAT")
                throw Fatal(n, 1, "#CHROM", $"header column 9 must be 'FORMAT' but is '{cols[8]}'");
            if (cols.Length == 9)
                Problem(n, line.Length, "#CHROM", "a FORMAT column without any sample column");
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 9; i < cols.Length; i++)
            {
                if (cols[i].Length == 0)
                    throw Fatal(n, 1, "#CHROM", $"sample name in column {i + 1} is empty");
                if (!seen.Add(cols[i]))
                    Problem(n, 1, "#CHROM", $"sample name '{cols[i]}' appears more than once");
                samples.Add(cols[i]);
            }

            if (samples.Count > options.MaxSamples)
                throw Fatal(n, 1, "#CHROM", $"{samples.Count} samples exceed the limit of {options.MaxSamples}");
        }

        return new VcfHeader(fileFormat, _meta, _info, _format, _filters, _contigs, samples, line);
    }

    private void Problem(long line, int col, string? field, string reason, string? hint = null)
    {
        var error = new InputError(file, line, col, field, reason, hint);
        if (options.Mode == VcfErrorMode.Strict)
            throw new InputException(error);
        report.Repair(error, "header: " + reason);
    }

    private InputException Fatal(long line, int col, string? field, string reason, string? hint = null) =>
        new(new InputError(file, line, col, field, reason, hint));
}

using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Precis.Storage;

namespace Precis.Server.Services;

/// <summary>Checks that an upload's first bytes are what its kind says, without trusting the file name.</summary>
public static class UploadValidator
{
    /// <summary>Null when the header fits the kind; otherwise the rule broken, naming the file and line.</summary>
    public static string? Check(UploadKind kind, string name, byte[] head, bool complete)
    {
        ArgumentNullException.ThrowIfNull(head);
        if (head.Length == 0)
            return $"{name}: the file is empty";
        var data = IsGzip(head) ? Gunzip(head) : head;
        switch (kind)
        {
            case UploadKind.Vcf:
                return StartsWith(data, "##fileformat=VCFv4")
                    ? null
                    : $"{name} line 1: a VCF starts with '##fileformat=VCFv4.x' (plain, gzip or BGZF); found '{FirstLine(data)}'";
            case UploadKind.Bcf:
                return IsGzip(head) && data.Length >= 5 && data[0] == 'B' && data[1] == 'C' && data[2] == 'F' && data[3] == 2
                    ? null
                    : $"{name}: a BCF is BGZF-compressed and starts with the magic 'BCF\\2'";
            case UploadKind.Maf:
            {
                var (lineNo, line) = FirstDataLine(data);
                if (line is null)
                    return $"{name}: no header line after the '#' comments";
                var cols = line.Split('\t');
                foreach (var required in new[] { "Hugo_Symbol", "Chromosome", "Start_Position" })
                {
                    if (!cols.Contains(required, StringComparer.Ordinal))
                        return $"{name} line {lineNo}: a MAF header (tab-separated) needs the column '{required}'";
                }

                return null;
            }

            case UploadKind.FhirBundle:
                return CheckBundle(name, data, complete && !IsGzip(head));
            case UploadKind.Csv:
            {
                var header = FirstLine(data).TrimStart('\uFEFF').Split(',').Select(c => c.Trim().ToLowerInvariant()).ToList();
                foreach (var required in new[] { "timestamp", "metric", "value", "unit" })
                {
                    if (!header.Contains(required))
                        return $"{name} line 1: the CSV header needs the column '{required}' (timestamp,metric,value,unit)";
                }

                return null;
            }

            default:
                return $"{name}: unknown kind {kind}";
        }
    }

    private static string? CheckBundle(string name, byte[] data, bool complete)
    {
        var reader = new Utf8JsonReader(data, isFinalBlock: complete, default);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return $"{name} line 1: a FHIR bundle is a JSON object";
            while (reader.Read())
            {
                if (reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("resourceType"))
                {
                    reader.Read();
                    return reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("Bundle")
                        ? null
                        : $"{name}: resourceType is '{(reader.TokenType == JsonTokenType.String ? reader.GetString() : reader.TokenType.ToString())}', expected 'Bundle'";
                }

                if (reader.CurrentDepth == 1 && reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                    reader.Skip();
            }
        }
        catch (JsonException e)
        {
            return $"{name} line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: not valid JSON";
        }

        return $"{name}: no top-level 'resourceType' in the first {data.Length} bytes; expected 'Bundle' near the start";
    }

    private static bool IsGzip(byte[] b) => b.Length >= 2 && b[0] == 0x1f && b[1] == 0x8b;

    private static byte[] Gunzip(byte[] head)
    {
        // Only the first compressed block(s) are here, so the stream ends early: keep what decompressed.
        var output = new MemoryStream();
        try
        {
            using var gz = new GZipStream(new MemoryStream(head), CompressionMode.Decompress);
            var buffer = new byte[8192];
            int n;
            while (output.Length < 65536 && (n = gz.Read(buffer)) > 0)
                output.Write(buffer, 0, n);
        }
        catch (InvalidDataException)
        {
        }
        catch (EndOfStreamException)
        {
        }

        return output.ToArray();
    }

    private static bool StartsWith(byte[] data, string prefix) =>
        data.AsSpan().StartsWith(Encoding.ASCII.GetBytes(prefix));

    private static string FirstLine(byte[] data)
    {
        var text = Encoding.UTF8.GetString(data, 0, Math.Min(data.Length, 200));
        var end = text.IndexOfAny(['\r', '\n']);
        var line = end < 0 ? text : text[..end];
        return line.Length > 40 ? line[..40] + "…" : line;
    }

    private static (int Line, string? Text) FirstDataLine(byte[] data)
    {
        using var r = new StringReader(Encoding.UTF8.GetString(data));
        var n = 0;
        while (r.ReadLine() is { } line)
        {
            n++;
            if (line.Length > 0 && !line.StartsWith('#'))
                return (n, line.TrimStart('\uFEFF'));
        }

        return (n, null);
    }
}

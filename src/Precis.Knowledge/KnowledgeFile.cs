using System.Text.Json;
using Precis.Core;

namespace Precis.Knowledge;

/// <summary>
/// Reads the Precis knowledge-base file format (<c>*.kb.json</c>): a header (id, title, version, date, licence,
/// area, citations) and an <c>entries</c> object of arrays. Every entry must cite at least one citation of the
/// header, so no content enters a report without its source.
/// </summary>
public static class KnowledgeFile
{
    /// <summary>Largest knowledge file accepted, so a wrong path cannot exhaust memory.</summary>
    public const long MaxBytes = 256L * 1024 * 1024;

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 64,
    };

    /// <summary>Loads and validates a knowledge file from a stream.</summary>
    /// <param name="stream">The JSON content.</param>
    /// <param name="name">File name used in errors.</param>
    /// <param name="origin">"embedded" or the path it came from.</param>
    public static Result<KnowledgeBase> Load(Stream stream, string name, string origin)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (stream.CanSeek && stream.Length > MaxBytes)
            return Result.Failure<KnowledgeBase>(new InputError(name, null, null, null, $"knowledge file is larger than {MaxBytes} bytes"));

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(stream, DocumentOptions);
        }
        catch (JsonException ex)
        {
            return Result.Failure<KnowledgeBase>(InputErrors.FromJson(name, ex, "not valid JSON"));
        }

        var root = doc.RootElement;
        var errors = new List<InputError>();
        string Req(string field)
        {
            if (root.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetString()))
                return v.GetString()!;
            errors.Add(new InputError(name, null, null, "$." + field, "required string is missing or empty"));
            return "";
        }

        if (root.ValueKind != JsonValueKind.Object)
            return Result.Failure<KnowledgeBase>(new InputError(name, 1, 1, "$", "top level must be a JSON object"));

        var id = Req("id");
        var title = Req("title");
        var version = Req("version");
        var date = Req("date");
        var licence = Req("licence");
        var area = Req("area");
        if (date.Length > 0 && !DateOnly.TryParseExact(date, "yyyy-MM-dd", out _))
            errors.Add(new InputError(name, null, null, "$.date", $"'{date}' is not an ISO date (YYYY-MM-DD)"));

        var citations = new List<Citation>();
        if (root.TryGetProperty("citations", out var cits) && cits.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var c in cits.EnumerateArray())
            {
                var cid = c.TryGetProperty("id", out var x) ? x.GetString() : null;
                var ctitle = c.TryGetProperty("title", out var t) ? t.GetString() : null;
                if (string.IsNullOrWhiteSpace(cid) || string.IsNullOrWhiteSpace(ctitle))
                {
                    errors.Add(new InputError(name, null, null, $"$.citations[{i}]", "a citation needs an id and a title"));
                }
                else
                {
                    Uri? url = c.TryGetProperty("url", out var u) && Uri.TryCreate(u.GetString(), UriKind.Absolute, out var parsed) ? parsed : null;
                    int? year = c.TryGetProperty("year", out var y) && y.ValueKind == JsonValueKind.Number ? y.GetInt32() : null;
                    string? publisher = c.TryGetProperty("publisher", out var p) ? p.GetString() : null;
                    citations.Add(new Citation(cid, ctitle, url, publisher, year));
                }

                i++;
            }
        }
        else
        {
            errors.Add(new InputError(name, null, null, "$.citations", "a knowledge base must list its citations"));
        }

        var citationIds = citations.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        if (!root.TryGetProperty("entries", out var entries) || entries.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new InputError(name, null, null, "$.entries", "required object of entry arrays is missing"));
        }
        else
        {
            foreach (var kind in entries.EnumerateObject())
            {
                if (kind.Value.ValueKind != JsonValueKind.Array)
                {
                    errors.Add(new InputError(name, null, null, "$.entries." + kind.Name, "must be an array"));
                    continue;
                }

                var n = 0;
                foreach (var entry in kind.Value.EnumerateArray())
                {
                    var path = $"$.entries.{kind.Name}[{n}]";
                    if (!entry.TryGetProperty("citations", out var ec) || ec.ValueKind != JsonValueKind.Array || ec.GetArrayLength() == 0)
                    {
                        errors.Add(new InputError(name, null, null, path, "entry has no citations", "every entry must cite its source"));
                    }
                    else
                    {
                        foreach (var ref_ in ec.EnumerateArray())
                        {
                            if (ref_.GetString() is not { } rid || !citationIds.Contains(rid))
                                errors.Add(new InputError(name, null, null, path + ".citations", $"cites '{ref_}', which is not in $.citations"));
                        }
                    }

                    n++;
                }

                counts[kind.Name] = n;
            }
        }

        if (errors.Count > 0)
            return Result.Failure<KnowledgeBase>([.. errors]);

        var source = new KnowledgeSource
        {
            Id = id,
            Title = title,
            Version = version,
            Date = date,
            Licence = licence,
            Area = area,
            Origin = origin,
            Attribution = root.TryGetProperty("attribution", out var a) ? a.GetString() : null,
            Url = root.TryGetProperty("url", out var url2) && Uri.TryCreate(url2.GetString(), UriKind.Absolute, out var u2) ? u2 : null,
            Citations = citations,
            EntryCounts = counts,
        };
        return Result.Success(new KnowledgeBase(source, entries.Clone()));
    }
}

using System.Text.Json;
using Precis.Core;

namespace Precis.Knowledge;

/// <summary>The header of a knowledge base: what it is, which version, under which licence, citing what.</summary>
public sealed record KnowledgeSource
{
    public required string Id { get; init; }

    public required string Title { get; init; }

    public required string Version { get; init; }

    /// <summary>Date the content was current, ISO 8601.</summary>
    public required string Date { get; init; }

    /// <summary>SPDX licence id of the content (e.g. CC0-1.0, CC-BY-SA-4.0, Apache-2.0).</summary>
    public required string Licence { get; init; }

    /// <summary>Attribution text the licence requires, shown with any output that uses it.</summary>
    public string? Attribution { get; init; }

    public Uri? Url { get; init; }

    /// <summary>Which engine consumes it: pharmacogenomics, oncology, polygenic-risk, prediction, plans...</summary>
    public required string Area { get; init; }

    /// <summary>"embedded" for content shipped in the assembly, or the file it was loaded from.</summary>
    public required string Origin { get; init; }

    public IReadOnlyList<Citation> Citations { get; init; } = [];

    /// <summary>Entry counts per entry kind, e.g. { "alleles": 412, "recommendations": 96 }.</summary>
    public IReadOnlyDictionary<string, int> EntryCounts { get; init; } = new Dictionary<string, int>();

    public KnowledgeVersion ToVersion() => new(Id, Version, Date, Licence);
}

/// <summary>A loaded knowledge base: its header plus its entries as JSON, for a typed reader in the consuming engine.</summary>
/// <param name="Source">The header.</param>
/// <param name="Entries">The "entries" object: one array per entry kind.</param>
public sealed record KnowledgeBase(KnowledgeSource Source, JsonElement Entries)
{
    /// <summary>The array of one entry kind, or an empty sequence.</summary>
    public IEnumerable<JsonElement> EntriesOf(string kind) =>
        Entries.TryGetProperty(kind, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray()
            : [];

    /// <summary>Resolves the citation ids an entry lists against the knowledge base's citation table.</summary>
    public IReadOnlyList<Citation> CitationsOf(JsonElement entry)
    {
        if (!entry.TryGetProperty("citations", out var ids) || ids.ValueKind != JsonValueKind.Array)
            return [];
        var table = CitationTable;
        return [.. ids.EnumerateArray().Select(i => i.GetString()).Where(i => i is not null && table.ContainsKey(i)).Select(i => table[i!])];
    }

    // Built once: engines resolve citations for every entry (thousands in the PGx base) while loading.
    private Dictionary<string, Citation> CitationTable => field ??= Source.Citations.ToDictionary(c => c.Id, StringComparer.Ordinal);
}

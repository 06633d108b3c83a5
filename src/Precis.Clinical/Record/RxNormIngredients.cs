using System.Text.Json;
using Precis.Core;
using Precis.Knowledge;

namespace Precis.Clinical.Record;

/// <summary>An RxNorm ingredient (IN): its name and RxCUI (null where the knowledge base did not transcribe one).</summary>
public sealed record Ingredient(string Name, string? RxCui)
{
    /// <summary>"RxNorm:32968", or null when the RxCUI is unknown.</summary>
    public string? Code => RxCui is null ? null : "RxNorm:" + RxCui;
}

/// <summary>A clinical drug of the table and the ingredients it contains.</summary>
/// <param name="RxCui">The clinical-drug RxCUI (SCD, SBD, pack or component).</param>
/// <param name="Display">Its name as records display it.</param>
/// <param name="Ingredients">Active ingredients, in the order RxNorm lists them.</param>
/// <param name="MisspeltDisplay">A known misspelt display of this code in source systems, if any.</param>
/// <param name="Citations">Sources of the mapping.</param>
public sealed record DrugIngredients(string RxCui, string? Display, IReadOnlyList<Ingredient> Ingredients, string? MisspeltDisplay, IReadOnlyList<Citation> Citations);

/// <summary>
/// The RxNorm clinical-drug → ingredient table (knowledge base <c>precis-rxnorm-ingredients</c>): Synthea and most EHRs
/// code orders as clinical drugs, while pharmacogenomic knowledge is keyed by ingredient.
/// </summary>
public sealed class RxNormIngredients
{
    /// <summary>The knowledge-base id.</summary>
    public const string KnowledgeBaseId = "precis-rxnorm-ingredients";

    private readonly Dictionary<string, DrugIngredients> _drugs;

    private RxNormIngredients(Dictionary<string, DrugIngredients> drugs, IReadOnlySet<string> names, KnowledgeVersion version)
    {
        _drugs = drugs;
        IngredientNames = names;
        Version = version;
    }

    /// <summary>Every ingredient name in the table (lower case), for spelling checks.</summary>
    public IReadOnlySet<string> IngredientNames { get; }

    /// <summary>The knowledge version used, for provenance.</summary>
    public KnowledgeVersion Version { get; }

    public int Count => _drugs.Count;

    /// <summary>The table from the embedded knowledge.</summary>
    public static RxNormIngredients Embedded { get; } = From(KnowledgeCatalog.Embedded());

    /// <summary>Loads the table from a catalog (an imported newer table replaces the embedded one).</summary>
    public static RxNormIngredients From(KnowledgeCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var kb = catalog.Find(KnowledgeBaseId) ?? throw new InvalidOperationException($"knowledge base {KnowledgeBaseId} is missing from this build");
        var drugs = new Dictionary<string, DrugIngredients>(StringComparer.Ordinal);
        foreach (var e in kb.EntriesOf("drugs"))
        {
            var ingredients = e.GetProperty("ingredients").EnumerateArray()
                .Select(i => new Ingredient(i.GetProperty("name").GetString()!, i.TryGetProperty("rxcui", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null))
                .ToList();
            var rxcui = e.GetProperty("rxcui").GetString()!;
            drugs[rxcui] = new DrugIngredients(
                rxcui,
                e.TryGetProperty("display", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null,
                ingredients,
                e.TryGetProperty("misspeltDisplay", out var m) ? m.GetString() : null,
                kb.CitationsOf(e));
        }

        var names = kb.EntriesOf("ingredients").Select(i => i.GetProperty("name").GetString()!.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        return new RxNormIngredients(drugs, names, kb.Source.ToVersion());
    }

    /// <summary>The ingredients of a clinical-drug RxCUI, or null when the table does not have it.</summary>
    public DrugIngredients? Find(string rxcui) => _drugs.GetValueOrDefault(rxcui);
}

using System.Globalization;
using System.Text.Json;
using Precis.Core;
using Precis.Knowledge;

namespace Precis.Plans.Reasoning;

/// <summary>
/// A cited knowledge base read by the reasoning rules: the embedded <c>precis-plan-rules</c> (statin prevention,
/// polygenic-score statements, lifestyle, monitoring intervals) or <c>precis-interactions</c> from the catalog.
/// An imported base with the same id replaces the embedded one, as everywhere in Precis.
/// </summary>
public sealed class PlanRuleBook
{
    /// <summary>Id of the embedded plan-rule base.</summary>
    public const string RulesId = "precis-plan-rules";

    /// <summary>Id of the interaction table in <c>src/Precis.Knowledge/Data</c>.</summary>
    public const string InteractionsId = "precis-interactions";

    private PlanRuleBook(KnowledgeBase knowledge) => Knowledge = knowledge;

    /// <summary>The embedded plan rules.</summary>
    public static PlanRuleBook EmbeddedRules { get; } = LoadEmbedded();

    /// <summary>The base the entries come from (id, version and citations for provenance).</summary>
    public KnowledgeBase Knowledge { get; }

    /// <summary>The plan rules: an imported <c>precis-plan-rules</c> when the catalog has one, else the embedded base.</summary>
    public static PlanRuleBook Rules(KnowledgeCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return catalog.Find(RulesId) is { } kb ? new PlanRuleBook(kb) : EmbeddedRules;
    }

    /// <summary>The interaction table, or null when the catalog lacks it (then interactions are listed as not assessed).</summary>
    public static PlanRuleBook? Interactions(KnowledgeCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return catalog.Find(InteractionsId) is { } kb ? new PlanRuleBook(kb) : null;
    }

    /// <summary>Entries of one kind.</summary>
    public IEnumerable<JsonElement> Entries(string kind) => Knowledge.EntriesOf(kind);

    /// <summary>The entry of a kind with this id; a missing one is a defect of the shipped base.</summary>
    public JsonElement Entry(string kind, string id) =>
        Entries(kind).FirstOrDefault(e => Str(e, "id") == id) is { ValueKind: JsonValueKind.Object } e
            ? e
            : throw new InvalidOperationException($"{Knowledge.Source.Id} {Knowledge.Source.Version} has no {kind} entry '{id}'");

    /// <summary>The citations an entry names.</summary>
    public IReadOnlyList<Citation> CitationsOf(JsonElement entry) => Knowledge.CitationsOf(entry);

    /// <summary>The source reference of an entry: this base's id and version, the entry id and the guideline (first citation's title).</summary>
    public SourceReference Source(JsonElement entry)
    {
        var citations = CitationsOf(entry);
        return new SourceReference(Knowledge.Source.Id, Knowledge.Source.Version, Str(entry, "id") ?? "?", citations.Count > 0 ? citations[0].Title : null);
    }

    /// <summary>A string property, or null.</summary>
    public static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>A number property, or null.</summary>
    public static double? Num(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    /// <summary>A string-array property (empty when absent).</summary>
    public static IReadOnlyList<string> Strs(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? [.. v.EnumerateArray().Select(x => x.GetString() ?? "")] : [];

    /// <summary>A [low, high] number pair, or null.</summary>
    public static (double Low, double High)? Range(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array && v.GetArrayLength() == 2
            ? (v[0].GetDouble(), v[1].GetDouble())
            : null;

    /// <summary>Maps the entry's action text to the plan's action.</summary>
    public static RecommendationAction Action(JsonElement e) => Str(e, "action") switch
    {
        "avoid" => RecommendationAction.Avoid,
        "use-alternative" => RecommendationAction.UseAlternative,
        "adjust-dose" => RecommendationAction.AdjustDose,
        "consider" => RecommendationAction.Consider,
        "monitor" => RecommendationAction.Monitor,
        "inform" => RecommendationAction.Inform,
        var a => throw new InvalidOperationException($"unknown action '{a}' in plan rules"),
    };

    /// <summary>Maps the entry's strength text to the plan's strength.</summary>
    public static RecommendationStrength Strength(JsonElement e) => Str(e, "strength") switch
    {
        "strong" => RecommendationStrength.Strong,
        "moderate" => RecommendationStrength.Moderate,
        "optional" => RecommendationStrength.Optional,
        _ => RecommendationStrength.NotGraded,
    };

    /// <summary>Invariant number text for rationale statements.</summary>
    public static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    private static PlanRuleBook LoadEmbedded()
    {
        const string name = "Precis.Plans.Reasoning.precis-plan-rules.kb.json";
        using var stream = typeof(PlanRuleBook).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded knowledge {name} is missing from this build");
        var kb = KnowledgeFile.Load(stream, "precis-plan-rules.kb.json", "embedded");

        // An invalid embedded file is a build defect, not a user error.
        return kb.IsSuccess ? new PlanRuleBook(kb.Value!) : throw new InvalidOperationException("embedded plan rules are invalid: " + kb.Errors[0]);
    }
}

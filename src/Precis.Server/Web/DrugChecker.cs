using Precis.Core;
using Precis.Knowledge;
using Precis.Pharmacogenomics.Knowledge;
using Precis.Pharmacogenomics.Output;
using Precis.Pharmacogenomics.Recommendations;
using Precis.Server.CdsHooks;

namespace Precis.Server.Web;

/// <summary>The drug check's answer: the matcher's outcome for the drug and, when there is guidance, the plan-style recommendations.</summary>
/// <param name="Result">Outcome and message from <see cref="RecommendationMatcher"/> (no guideline / insufficient data are explicit).</param>
/// <param name="Recommendations">The matched recommendations with source, evidence, strength, citations and rationale.</param>
public sealed record DrugCheck(DrugResult Result, IReadOnlyList<Recommendation> Recommendations);

/// <summary>
/// One drug → this patient's pharmacogenomic guidance, from the gene results in their latest stored plan. Uses the
/// same pieces as the plan and the CDS Hooks cards (PgxCards.FromPlan, RecommendationMatcher, PgxPlanMapper), so the
/// page, the plan and a prescribing-time card never disagree.
/// </summary>
public sealed class DrugChecker(KnowledgeCatalog catalog, PgxCards cards)
{
    private readonly Lazy<PgxKnowledge> _pgx = new(() => PgxKnowledge.FromCatalog(catalog));
    private IReadOnlyList<string>? _names;

    /// <summary>Longest drug text accepted; RxNorm names and codes are far shorter.</summary>
    public const int MaxDrugLength = 100;

    /// <summary>Every drug a CPIC or DPWG guideline in the knowledge bases covers, sorted, for the picker.</summary>
    public IReadOnlyList<string> DrugNames =>
        _names ??= [.. _pgx.Value.Drugs.Select(d => d.Name).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase)];

    /// <summary>The guidance for <paramref name="drug"/> (generic name or RxNorm code) given this plan's gene results.</summary>
    public DrugCheck Check(Plan plan, string drug)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var genes = cards.FromPlan(plan);
        var result = RecommendationMatcher.ForDrug(_pgx.Value, genes, drug);
        var recommendations = result.Outcome == DrugOutcome.Recommendation
            ? PgxPlanMapper.Map(genes, [result], catalog).Recommendations
            : [];
        return new DrugCheck(result, recommendations);
    }
}

using Precis.Knowledge;
using Precis.Pharmacogenomics.Knowledge;
using Precis.Pharmacogenomics.Phenotypes;

namespace Precis.Pharmacogenomics.Recommendations;

/// <summary>What the knowledge says for one drug and this patient.</summary>
public enum DrugOutcome
{
    /// <summary>At least one guideline recommendation matches the patient's results.</summary>
    Recommendation,
    /// <summary>No CPIC or DPWG guideline covers the drug.</summary>
    NoGuideline,
    /// <summary>A guideline exists but a gene it needs was not called (or is Indeterminate).</summary>
    InsufficientData,
    /// <summary>Genes were called but the guideline has no recommendation for these results.</summary>
    NoRecommendationForResult,
}

/// <summary>A guideline recommendation that matched, with the gene results it matched on and its knowledge base.</summary>
public sealed record MatchedRecommendation(GuidelineRecommendation Recommendation, KnowledgeSource Source, IReadOnlyList<GeneResult> Genes);

/// <summary>The outcome for one drug: matched recommendations, or why there are none.</summary>
/// <param name="Drug">Generic name (as the knowledge base spells it), or the input when unknown.</param>
/// <param name="RxNorm">RxNorm ingredient code, when known.</param>
/// <param name="Outcome">What kind of result this is.</param>
/// <param name="Matches">The matching recommendations (CPIC and DPWG both shown when both exist).</param>
/// <param name="Message">The outcome in words, e.g. "no CPIC or DPWG guideline for metformin".</param>
public sealed record DrugResult(string Drug, string? RxNorm, DrugOutcome Outcome, IReadOnlyList<MatchedRecommendation> Matches, string Message);

/// <summary>Finds the guideline recommendations whose gene lookups equal the patient's results.</summary>
public static class RecommendationMatcher
{
    public static DrugResult ForDrug(PgxKnowledge knowledge, IReadOnlyList<GeneResult> genes, string medication)
    {
        ArgumentNullException.ThrowIfNull(knowledge);
        ArgumentNullException.ThrowIfNull(genes);
        ArgumentNullException.ThrowIfNull(medication);
        var drug = knowledge.Drug(medication);
        var name = drug?.Name ?? medication.Trim().ToLowerInvariant();
        var recs = knowledge.Recommendations.Where(r => r.Rec.Drugs.Contains(name, StringComparer.OrdinalIgnoreCase)).ToList();
        if (recs.Count == 0)
            return new DrugResult(name, drug?.RxNorm, DrugOutcome.NoGuideline, [], $"no CPIC or DPWG guideline in the knowledge base covers {name}");

        var byGene = genes.ToDictionary(g => g.Gene, StringComparer.OrdinalIgnoreCase);
        var matches = new List<MatchedRecommendation>();
        var lacking = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (rec, kb) in recs)
        {
            var used = new List<GeneResult>();
            var ok = true;
            foreach (var (gene, value) in rec.Lookup)
            {
                if (!byGene.TryGetValue(gene, out var result) || !result.IsActionable)
                {
                    lacking.Add(gene);
                    ok = false;
                    continue;
                }

                if (!Equals(gene, value, result))
                    ok = false;
                used.Add(result);
            }

            if (ok)
                matches.Add(new MatchedRecommendation(rec, kb.Source, used));
        }

        if (matches.Count > 0)
        {
            var sources = string.Join(" and ", matches.Select(m => m.Recommendation.Source).Distinct(StringComparer.Ordinal));
            return new DrugResult(name, drug?.RxNorm, DrugOutcome.Recommendation,
                [.. matches.OrderBy(m => m.Recommendation.Source, StringComparer.Ordinal).ThenBy(m => m.Recommendation.Population, StringComparer.Ordinal)],
                $"{matches.Count} recommendation(s) from {sources}");
        }

        if (lacking.Count > 0)
        {
            return new DrugResult(name, drug?.RxNorm, DrugOutcome.InsufficientData, [],
                $"insufficient data: {string.Join(", ", lacking)} not called or Indeterminate, so no genotype-based recommendation for {name}");
        }

        return new DrugResult(name, drug?.RxNorm, DrugOutcome.NoRecommendationForResult, [],
            $"the guidelines for {name} have no recommendation for this patient's results");
    }

    /// <summary>Whether a recommendation's lookup value fits the patient's result for a gene.</summary>
    private static bool Equals(string gene, string value, GeneResult result)
    {
        if (value.StartsWith("diplotype:", StringComparison.Ordinal))
        {
            if (result.Call.Candidates.Count != 1)
                return false;
            var c = result.Call.Candidates[0];
            var mine = new[] { c.Allele1, c.Allele2 }.OfType<string>().Order(Calling.AlleleNameComparer.Instance);
            return value["diplotype:".Length..] == string.Join("/", mine);
        }

        // HLA and MT-RNR1 lookups are allele statuses: "*57:01 positive" / "*57:01 negative".
        if (value.EndsWith(" positive", StringComparison.OrdinalIgnoreCase) || value.EndsWith(" negative", StringComparison.OrdinalIgnoreCase))
        {
            var allele = value[..value.LastIndexOf(' ')];
            var alleles = (result.Diplotype ?? "").Split('/', StringSplitOptions.TrimEntries);
            var positive = alleles.Any(a => a.Equals(allele, StringComparison.OrdinalIgnoreCase) || a.StartsWith(allele + ":", StringComparison.OrdinalIgnoreCase));
            return value.EndsWith(" positive", StringComparison.OrdinalIgnoreCase) == positive;
        }

        return string.Equals(value, result.LookupKey, StringComparison.OrdinalIgnoreCase)
            || gene is not null && result.ActivityScore is not null && string.Equals(value, result.ActivityScore, StringComparison.Ordinal);
    }
}

using System.Globalization;
using Precis.Core;
using Precis.Pharmacogenomics.Phenotypes;

namespace Precis.Pharmacogenomics.Phenoconversion;

/// <summary>
/// A genotype-predicted phenotype converted by a current medication: the rule, its source, before and after.
/// </summary>
/// <param name="Gene">The gene whose phenotype was converted.</param>
/// <param name="Medication">The medication as given (name, RxNorm code or record text).</param>
/// <param name="Drug">The modulator's generic name.</param>
/// <param name="Effect">inhibitor or inducer.</param>
/// <param name="Strength">strong, moderate or weak.</param>
/// <param name="RuleId">Id of the rule in the knowledge base.</param>
/// <param name="RuleStatement">The rule in words.</param>
/// <param name="PredictedPhenotype">Phenotype predicted from the genotype.</param>
/// <param name="PredictedActivityScore">Activity score from the genotype, when the gene has one.</param>
/// <param name="PredictedLookupKey">The lookup key from the genotype (used for the modulator's own recommendations).</param>
/// <param name="FunctionalPhenotype">Phenotype after the rule (used for recommendations).</param>
/// <param name="FunctionalActivityScore">Activity score after the rule, exact (e.g. 0.625).</param>
/// <param name="LookupActivityScore">Activity score used for the guideline lookup (on the guidelines' 0.25 grid).</param>
/// <param name="KnowledgeBaseId">precis-pgx-phenoconversion (or an imported replacement).</param>
/// <param name="KnowledgeBaseVersion">Its version.</param>
/// <param name="Citations">The rule's and the modulator's citations.</param>
/// <param name="OtherModulators">Further modulators of the same gene taken at the same time (the strongest is applied).</param>
public sealed record PhenotypeConversion(
    string Gene, string Medication, string Drug, string Effect, string Strength, string RuleId, string RuleStatement,
    string PredictedPhenotype, string? PredictedActivityScore, string? PredictedLookupKey, string FunctionalPhenotype, string? FunctionalActivityScore, string? LookupActivityScore,
    string KnowledgeBaseId, string KnowledgeBaseVersion, IReadOnlyList<Citation> Citations, IReadOnlyList<string> OtherModulators)
{
    /// <summary>True when the functional phenotype or score differs from the predicted one.</summary>
    public bool Changed => PredictedPhenotype != FunctionalPhenotype || PredictedActivityScore != FunctionalActivityScore;

    /// <summary>"paroxetine (strong CYP2D6 inhibitor): Normal Metabolizer (AS 2.0) → Poor Metabolizer (AS 0.0)".</summary>
    public string Describe()
    {
        var before = PredictedActivityScore is null ? PredictedPhenotype : $"{PredictedPhenotype} (activity score {PredictedActivityScore})";
        var after = FunctionalActivityScore is null ? FunctionalPhenotype : $"{FunctionalPhenotype} (activity score {FunctionalActivityScore}"
            + (LookupActivityScore is not null && LookupActivityScore != FunctionalActivityScore ? $", looked up as {LookupActivityScore})" : ")");
        return $"{Drug} ({Strength} {Gene} {Effect}): genotype-predicted {before} → functional {after} by the rule '{RuleStatement}' ({KnowledgeBaseId} {KnowledgeBaseVersion}, rule {RuleId}; {string.Join(", ", Citations.Select(c => c.Id))})";
    }
}

/// <summary>
/// Applies phenoconversion to gene results for a list of current medications. What it implements:
/// CYP2D6 — activity score × 0 for a strong and × 0.5 for a moderate inhibitor (Cicali et al. 2021), phenotype by the
/// CPIC/DPWG activity-score thresholds; CYP2C19 — a strong inhibitor gives a poor metabolizer, a moderate one shifts
/// the phenotype one class towards poor; inducers, weak inhibitors and CYP2C9 modulators are reported, not converted.
/// With several modulators of one gene the strongest inhibitor is applied and the others are listed.
/// </summary>
public static class PhenoconversionApplier
{
    /// <summary>CYP2C19-style phenotype classes from most to least activity.</summary>
    private static readonly string[] Classes = ["Ultrarapid Metabolizer", "Rapid Metabolizer", "Normal Metabolizer", "Intermediate Metabolizer", "Poor Metabolizer"];

    /// <summary>Converted gene results (same order); genes without a modulator among the medications are returned as they are.</summary>
    public static IReadOnlyList<GeneResult> Apply(IReadOnlyList<GeneResult> genes, IEnumerable<string> medications, PhenoconversionKnowledge? knowledge, Func<string, GenePhenotypes?> phenotypesOf)
    {
        ArgumentNullException.ThrowIfNull(genes);
        ArgumentNullException.ThrowIfNull(medications);
        ArgumentNullException.ThrowIfNull(phenotypesOf);
        var meds = medications.ToList();
        if (knowledge is null || meds.Count == 0)
            return genes;
        var found = meds.SelectMany(m => knowledge.Match(m).Select(x => (Medication: m, Modulator: x))).DistinctBy(x => x.Modulator.Id).ToList();
        return [.. genes.Select(g => ApplyOne(g, [.. found.Where(f => f.Modulator.Gene == g.Gene)], knowledge, phenotypesOf(g.Gene)))];
    }

    private static int Rank(string strength) => strength switch { "strong" => 0, "moderate" => 1, "weak" => 2, _ => 3 };

    private static GeneResult ApplyOne(GeneResult g, List<(string Medication, Modulator Modulator)> found, PhenoconversionKnowledge kb, GenePhenotypes? phenotypes)
    {
        if (found.Count == 0)
            return g;
        var notes = new List<string>();
        var convertible = new List<(string Medication, Modulator Modulator, ConversionRule Rule)>();
        foreach (var (med, m) in found)
        {
            var rule = kb.RuleFor(g.Gene, m.Effect, m.Strength);
            var cite = string.Join(", ", kb.Cite(m.Citations.Concat(rule?.Citations ?? [])).Select(c => c.Id));
            if (rule is null || rule.Method == "none")
            {
                notes.Add($"{m.Drug} is a {m.Strength} {g.Gene} {m.Effect} ({cite}){(m.Note is null ? "" : $"; {m.Note}")}: "
                    + (rule?.Statement ?? "no conversion rule in the knowledge base") + $" ({kb.Base.Source.Id} {kb.Base.Source.Version})");
                continue;
            }

            convertible.Add((med, m, rule));
        }

        if (convertible.Count == 0)
            return g with { Notes = [.. g.Notes, .. notes] };
        convertible.Sort((a, b) => Rank(a.Modulator.Strength).CompareTo(Rank(b.Modulator.Strength)));
        var (medication, mod, r) = convertible[0];
        var others = convertible.Skip(1).Select(c => $"{c.Modulator.Drug} ({c.Modulator.Strength})").ToList();
        if (!g.IsActionable || g.Phenotype == PhenotypeResolver.Indeterminate)
        {
            notes.Add($"{mod.Drug} is a {mod.Strength} {g.Gene} {mod.Effect}, but {g.Gene} has no genotype-predicted phenotype to convert ({g.Phenotype}); its effect on {g.Gene} substrates still applies");
            return g with { Notes = [.. g.Notes, .. notes] };
        }

        string phenotype;
        string? exact = null, lookupScore = null, lookupKey;
        switch (r.Method)
        {
            case "activity-score-factor":
                var score = g.ActivityScore?.TrimStart('≥');
                if (score is null || !double.TryParse(score, NumberStyles.Float, CultureInfo.InvariantCulture, out var s)
                    || (g.ActivityScore!.StartsWith('≥') && r.Factor != 0))
                {
                    notes.Add($"{mod.Drug} is a {mod.Strength} {g.Gene} {mod.Effect}, but the activity score '{g.ActivityScore}' cannot be converted exactly; the genotype phenotype is used — consider the interaction");
                    return g with { Notes = [.. g.Notes, .. notes] };
                }

                var converted = s * (r.Factor ?? 1);
                exact = Format(converted);
                // Guideline lookups are keyed on the 0.25 grid; round down (lower activity), but never below 0.25 for a
                // non-zero score, so the phenotype class (thresholds on the grid: 0 | 0.25–1 | 1.25–2.25 | >2.25) is kept.
                var grid = Math.Floor(converted * 4) / 4;
                if (converted > 0 && grid == 0)
                    grid = 0.25;
                lookupScore = Format(grid);
                var byScore = phenotypes?.Rules.FirstOrDefault(x => x.ActivityScore == lookupScore);
                phenotype = byScore?.Phenotype ?? Cyp2d6Class(grid);
                lookupKey = byScore?.LookupKey ?? lookupScore;
                break;
            case "set-phenotype":
                phenotype = r.Phenotype ?? "Poor Metabolizer";
                lookupKey = phenotypes?.Rules.FirstOrDefault(x => x.Phenotype == phenotype)?.LookupKey ?? phenotype;
                break;
            case "shift-class":
                var likely = g.Phenotype.StartsWith("Likely ", StringComparison.Ordinal);
                var baseClass = likely ? g.Phenotype["Likely ".Length..] : g.Phenotype;
                var i = Array.IndexOf(Classes, baseClass);
                if (i < 0)
                {
                    notes.Add($"{mod.Drug} is a {mod.Strength} {g.Gene} {mod.Effect}, but '{g.Phenotype}' is not a metabolizer class the rule can shift; the genotype phenotype is used");
                    return g with { Notes = [.. g.Notes, .. notes] };
                }

                phenotype = Classes[Math.Min(i + (r.Steps ?? 1), Classes.Length - 1)];
                if (likely && phenotypes?.Rules.Any(x => x.Phenotype == "Likely " + phenotype) == true)
                    phenotype = "Likely " + phenotype;
                lookupKey = phenotypes?.Rules.FirstOrDefault(x => x.Phenotype == phenotype)?.LookupKey ?? phenotype;
                break;
            default:
                notes.Add($"{mod.Drug}: unknown conversion method '{r.Method}' in {kb.Base.Source.Id}; the genotype phenotype is used");
                return g with { Notes = [.. g.Notes, .. notes] };
        }

        var conversion = new PhenotypeConversion(g.Gene, medication, mod.Drug, mod.Effect, mod.Strength, r.Id, r.Statement,
            g.Phenotype, g.ActivityScore, g.LookupKey, phenotype, exact, lookupScore, kb.Base.Source.Id, kb.Base.Source.Version,
            kb.Cite(mod.Citations.Concat(r.Citations).Distinct(StringComparer.Ordinal)), others);
        if (others.Count > 0)
            notes.Add($"also taken: {string.Join(", ", others)}; the strongest, {mod.Drug}, is applied");
        notes.Insert(0, "PHENOCONVERSION: " + conversion.Describe());
        return g with
        {
            Phenotype = phenotype,
            ActivityScore = r.Method == "activity-score-factor" ? lookupScore : g.ActivityScore,
            LookupKey = lookupKey,
            Conversion = conversion,
            Notes = [.. g.Notes, .. notes],
        };
    }

    /// <summary>
    /// The gene results to look up <paramref name="drug"/> with: a gene converted by this very drug goes back to its
    /// genotype phenotype, because the inhibitor's own guideline recommendation is keyed on the genotype (paroxetine's
    /// CYP2D6 recommendation is not changed by paroxetine inhibiting CYP2D6).
    /// </summary>
    public static IReadOnlyList<GeneResult> ForDrug(IReadOnlyList<GeneResult> genes, string drug)
    {
        ArgumentNullException.ThrowIfNull(genes);
        ArgumentNullException.ThrowIfNull(drug);
        if (!genes.Any(g => g.Conversion is { } c && string.Equals(c.Drug, drug, StringComparison.OrdinalIgnoreCase)))
            return genes;
        return [.. genes.Select(g => g.Conversion is { } c && string.Equals(c.Drug, drug, StringComparison.OrdinalIgnoreCase)
            ? g with
            {
                Phenotype = c.PredictedPhenotype,
                ActivityScore = c.PredictedActivityScore,
                LookupKey = c.PredictedLookupKey,
                Conversion = null,
                Notes = [.. g.Notes.Where(n => !n.StartsWith("PHENOCONVERSION: ", StringComparison.Ordinal)),
                    $"{drug} is itself the {c.Strength} {c.Gene} {c.Effect}: its own recommendation uses the genotype phenotype ({c.PredictedPhenotype})"],
            }
            : g)];
    }

    /// <summary>CPIC/DPWG CYP2D6 activity-score thresholds (Caudle et al. 2020), used when no rule lists the score.</summary>
    private static string Cyp2d6Class(double score) => score switch
    {
        0 => "Poor Metabolizer",
        < 1.25 => "Intermediate Metabolizer",
        <= 2.25 => "Normal Metabolizer",
        _ => "Ultrarapid Metabolizer",
    };

    private static string Format(double v) => v.ToString("0.0##", CultureInfo.InvariantCulture);
}

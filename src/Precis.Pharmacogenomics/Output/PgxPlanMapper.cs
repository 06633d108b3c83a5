using System.Globalization;
using Precis.Core;
using Precis.Knowledge;
using Precis.Pharmacogenomics.Calling;
using Precis.Pharmacogenomics.Phenotypes;
using Precis.Pharmacogenomics.Recommendations;

namespace Precis.Pharmacogenomics.Output;

/// <summary>The pharmacogenomics part of a plan: findings, recommendations, conflicts and what was not assessed.</summary>
public sealed record PgxPlanPart(
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<Recommendation> Recommendations,
    IReadOnlyList<Conflict> Conflicts,
    IReadOnlyList<NotAssessed> NotAssessed);

/// <summary>
/// Turns gene results and drug results into the plan's vocabulary. Every recommendation carries its knowledge-base
/// entry, guideline link, evidence scheme, strength, citations and the chain genotype → diplotype → phenotype →
/// guideline rule → action.
/// </summary>
public static class PgxPlanMapper
{
    public const string Engine = "pharmacogenomics";
    public const string Area = "pharmacogenomics";

    public static PgxPlanPart Map(IReadOnlyList<GeneResult> genes, IReadOnlyList<DrugResult> drugs, KnowledgeCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(genes);
        ArgumentNullException.ThrowIfNull(drugs);
        ArgumentNullException.ThrowIfNull(catalog);
        var findings = new List<Finding>();
        var notAssessed = new List<NotAssessed>();
        var geneCitations = new Dictionary<string, IReadOnlyList<Citation>>(StringComparer.Ordinal);
        foreach (var kb in catalog.Bases.Where(b => b.Source.Id.StartsWith("precis-pgx", StringComparison.Ordinal)))
        {
            foreach (var e in kb.EntriesOf("genes"))
            {
                var gene = e.GetProperty("gene").GetString()!;
                geneCitations[gene] = [.. (geneCitations.GetValueOrDefault(gene) ?? []).Concat(kb.CitationsOf(e)).DistinctBy(c => c.Id)];
            }
        }

        foreach (var g in genes)
        {
            if (g.Call.Status is CallStatus.NotTested or CallStatus.NoCall)
            {
                var why = g.Call.Status == CallStatus.NotTested
                    ? string.Join("; ", g.Call.Notes.DefaultIfEmpty("none of its positions is in the input"))
                    : "no call: " + string.Join("; ", g.Call.Notes.Concat(g.Call.UndocumentedVariations.Select(u => "undocumented variation " + u)));
                if (g.Diplotype is null)
                {
                    notAssessed.Add(new NotAssessed(Area, g.Gene, why));
                    continue;
                }
            }

            findings.AddRange(GeneFindings(g, geneCitations.GetValueOrDefault(g.Gene) ?? []));
        }

        var recs = new List<Recommendation>();
        var conflicts = new List<Conflict>();
        foreach (var d in drugs)
        {
            if (d.Outcome != DrugOutcome.Recommendation)
            {
                notAssessed.Add(new NotAssessed(Area, d.Drug, d.Message));
                continue;
            }

            var mine = d.Matches.Select((m, i) => ToRecommendation(d, m, i, catalog)).ToList();
            recs.AddRange(mine);
            var actions = mine.GroupBy(r => r.Evidence.Scheme).ToDictionary(x => x.Key, x => x.Select(r => r.Action).ToHashSet());
            if (actions.TryGetValue(EvidenceScheme.Cpic, out var cpic) && actions.TryGetValue(EvidenceScheme.Dpwg, out var dpwg) && !cpic.SetEquals(dpwg))
            {
                conflicts.Add(new Conflict(d.Drug, [.. mine.Select(r => r.Id)],
                    $"CPIC ({string.Join(", ", cpic)}) and DPWG ({string.Join(", ", dpwg)}) differ for {d.Drug}; both are shown with their sources"));
            }
        }

        return new PgxPlanPart(findings, recs, conflicts, notAssessed);
    }

    private static IEnumerable<Finding> GeneFindings(GeneResult g, IReadOnlyList<Citation> citations)
    {
        var quality = new List<QualityFlag>();
        if (g.Call.MissingPositions.Count > 0)
        {
            quality.Add(new QualityFlag("missing-positions",
                $"{g.Call.MissingPositions.Count} defining position(s) not in the input and not assumed reference: {Short(g.Call.MissingPositions)}"));
        }

        if (g.Call.MissingAmp1Positions.Count > 0)
            quality.Add(new QualityFlag("missing-amp-tier1-positions", $"AMP tier-1 position(s) not tested: {Short(g.Call.MissingAmp1Positions)}"));
        if (g.Call.LowQuality.Count > 0)
            quality.Add(new QualityFlag("low-gq", $"genotype quality below {AlleleMatcher.LowGenotypeQuality}: {Short(g.Call.LowQuality)}"));
        if (g.Call.UndocumentedVariations.Count > 0)
            quality.Add(new QualityFlag("undocumented-variation", string.Join("; ", g.Call.UndocumentedVariations)));
        if (g.Call.Status == CallStatus.Ambiguous)
            quality.Add(new QualityFlag("ambiguous-call", $"{g.Call.Candidates.Count} diplotypes tie: {Short(g.Call.Candidates.Select(c => c.Name).ToList())}"));
        if (g.Phenotype == PhenotypeResolver.Indeterminate)
            quality.Add(new QualityFlag("indeterminate", "candidates disagree or an allele has no function; no genotype-based dose recommendation"));
        foreach (var n in g.Notes.Concat(g.Call.Notes).Where(n => n.StartsWith("CONFLICT", StringComparison.Ordinal)))
            quality.Add(new QualityFlag("conflicting-calls", n));
        if (g.Conversion is { } conv)
            quality.Add(new QualityFlag("phenoconversion", conv.Describe()));

        var rationale = Chain(g).ToList();
        var details = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["diplotype"] = g.Diplotype ?? "",
            ["phenotype"] = g.Phenotype,
            ["origin"] = g.Origin,
            ["status"] = g.Call.Status.ToString(),
            ["missingPositions"] = g.Call.MissingPositions.Count.ToString(CultureInfo.InvariantCulture),
            ["allelesTested"] = string.Join(", ", g.Call.AllelesTested),
        };
        if (g.ActivityScore is not null)
            details["activityScore"] = g.ActivityScore;
        if (g.Conversion is { } c)
        {
            details["predictedPhenotype"] = c.PredictedPhenotype + (c.PredictedActivityScore is null ? "" : $" (activity score {c.PredictedActivityScore})");
            details["functionalPhenotype"] = c.FunctionalPhenotype + (c.FunctionalActivityScore is null ? "" : $" (activity score {c.FunctionalActivityScore})");
            details["phenoconversion"] = c.Describe();
        }
        if (g.AlleleFunctions.Count > 0)
            details["alleleFunctions"] = string.Join("; ", g.AlleleFunctions);
        var notes = g.Notes.Concat(g.Call.Notes).ToList();
        if (notes.Count > 0)
            details["notes"] = string.Join(" | ", notes);

        var tested = g.Call.AllelesTested.Count > 0 ? $"; alleles tested: {Short(g.Call.AllelesTested)}" : "";
        yield return new Finding($"pgx:{g.Gene}:diplotype", Engine, "diplotype", g.Gene,
            $"{g.Gene} {g.Diplotype ?? "not called"}{(g.Origin == "outside call" ? " (outside call)" : "")}{tested}",
            details, rationale.Where(r => r.Kind is RationaleStepKind.InputData or RationaleStepKind.Call).ToList(), quality, citations);
        yield return new Finding($"pgx:{g.Gene}:phenotype", Engine, "phenotype", g.Gene,
            (g.ActivityScore is null ? $"{g.Gene} {g.Phenotype}" : $"{g.Gene} {g.Phenotype} (activity score {g.ActivityScore})")
                + (g.Conversion is { Changed: true } cv ? $" on {cv.Drug}; genotype-predicted {cv.PredictedPhenotype}" : ""),
            details, rationale, quality, citations);
    }

    private static IEnumerable<RationaleStep> Chain(GeneResult g)
    {
        foreach (var e in g.Call.VariantEvidence.Take(8))
            yield return new RationaleStep(RationaleStepKind.InputData, e);
        if (g.Call.Evidence.Count > 0)
        {
            yield return new RationaleStep(RationaleStepKind.InputData,
                $"{g.Call.Evidence.Count} of {g.Call.Evidence.Count + g.Call.MissingPositions.Count} {g.Gene} positions observed ({g.Call.MissingPositions.Count} not tested)");
        }
        else if (g.Origin == "outside call")
        {
            yield return new RationaleStep(RationaleStepKind.InputData, $"{g.Gene} {g.Diplotype ?? g.Phenotype} from the outside-call file");
        }

        var score = g.Call.Candidates.Count > 0 && g.Call.Candidates[0].Score > 0 ? $" (match score {g.Call.Candidates[0].Score})" : "";
        yield return new RationaleStep(RationaleStepKind.Call, $"{g.Gene} diplotype {g.Diplotype ?? "not called"}{score}");
        foreach (var n in g.Call.Notes.Concat(g.Notes).Where(n => !n.StartsWith(ConversionPrefix, StringComparison.Ordinal)))
            yield return new RationaleStep(RationaleStepKind.Rule, n);
        var fn = g.AlleleFunctions.Count > 0 ? $" ({string.Join("; ", g.AlleleFunctions)})" : "";
        yield return new RationaleStep(RationaleStepKind.Phenotype,
            $"{g.Gene} {g.PredictedPhenotype}{(g.PredictedActivityScore is null ? "" : $", activity score {g.PredictedActivityScore}")}{fn} by the CPIC function-pair rules"
            + (g.Conversion is null ? "" : " (genotype-predicted)"));
        foreach (var step in ConversionSteps(g))
            yield return step;
    }

    private const string ConversionPrefix = "PHENOCONVERSION: ";
    private const string MedicationStep = "current medication ";

    /// <summary>Genotype-predicted → modulator (strength, source) → functional phenotype, when a medication converted it.</summary>
    private static IEnumerable<RationaleStep> ConversionSteps(GeneResult g)
    {
        if (g.Conversion is not { } c)
            yield break;
        yield return new RationaleStep(RationaleStepKind.InputData, $"{MedicationStep}{c.Medication}: {c.Drug}, a {c.Strength} {c.Gene} {c.Effect}");
        yield return new RationaleStep(RationaleStepKind.Rule,
            $"phenoconversion rule {c.RuleId} ({c.KnowledgeBaseId} {c.KnowledgeBaseVersion}; {string.Join(", ", c.Citations.Select(x => x.Id))}): {c.RuleStatement}");
        yield return new RationaleStep(RationaleStepKind.Phenotype,
            $"{g.Gene} functional phenotype {c.FunctionalPhenotype}{(c.FunctionalActivityScore is null ? "" : $", activity score {c.FunctionalActivityScore}")}"
            + (c.LookupActivityScore is not null && c.LookupActivityScore != c.FunctionalActivityScore ? $" (guidelines looked up at {c.LookupActivityScore})" : "")
            + (c.Changed ? $", converted from {c.PredictedPhenotype}" : ", unchanged"));
    }

    private static Recommendation ToRecommendation(DrugResult d, MatchedRecommendation m, int index, KnowledgeCatalog catalog)
    {
        var r = m.Recommendation;
        var kb = catalog.Find(m.Source.Id);
        var citations = kb is null ? [] : Knowledge.PgxKnowledge.Resolve(kb, r.Citations);
        var scheme = r.Source == "DPWG" ? EvidenceScheme.Dpwg : EvidenceScheme.Cpic;
        var steps = new List<RationaleStep>();
        foreach (var g in m.Genes)
        {
            steps.AddRange(Chain(g).Where(s => s.Kind is RationaleStepKind.InputData && !s.Statement.StartsWith(MedicationStep, StringComparison.Ordinal)).Take(4));
            steps.Add(new RationaleStep(RationaleStepKind.Call, $"{g.Gene} diplotype {g.Diplotype}"));
            steps.Add(new RationaleStep(RationaleStepKind.Phenotype, $"{g.Gene} {g.PredictedPhenotype}{(g.PredictedActivityScore is null ? "" : $" (activity score {g.PredictedActivityScore})")}"
                + (g.Conversion is null ? "" : " predicted from the genotype")));
            steps.AddRange(ConversionSteps(g));
        }

        var lookup = string.Join(", ", r.Lookup.Select(kv => $"{kv.Key} = {kv.Value}"));
        steps.Add(new RationaleStep(RationaleStepKind.Rule,
            $"{r.GuidelineName} ({m.Source.Id} {m.Source.Version}, entry {r.Id}): when {lookup}{(r.Population is { } p && p != "general" ? $", population {p}" : "")}, strength {r.Strength}"));
        steps.Add(new RationaleStep(RationaleStepKind.Action, r.Summary));
        var attribution = r.Source == "DPWG" ? " DPWG recommendation via ClinPGx (CC BY-SA 4.0)." : "";
        return new Recommendation
        {
            Id = $"pgx:{d.Drug}:{r.Source.ToLowerInvariant()}:{r.Id}",
            Engine = Engine,
            Action = r.Action switch
            {
                "use-alternative" => RecommendationAction.UseAlternative,
                "avoid" => RecommendationAction.Avoid,
                "adjust-dose" => RecommendationAction.AdjustDose,
                "no-recommendation" => RecommendationAction.Inform,
                _ => RecommendationAction.UseAsDirected,
            },
            Subject = new RecommendationSubject(SubjectKind.Drug, d.Drug, d.RxNorm is null ? null : "RxNorm:" + d.RxNorm),
            Strength = r.Strength.ToUpperInvariant() switch
            {
                "STRONG" => RecommendationStrength.Strong,
                "MODERATE" => RecommendationStrength.Moderate,
                "OPTIONAL" => RecommendationStrength.Optional,
                _ => RecommendationStrength.NotGraded,
            },
            Evidence = new EvidenceLevel(scheme, $"{r.Source} guideline",
                $"{r.Source} guideline recommendation, strength '{r.Strength}'; the gene–drug pair's level is not in the bundled data"),
            Source = new SourceReference(m.Source.Id, m.Source.Version, r.Id, $"{r.GuidelineName} — {r.GuidelineUrl}"),
            ClinicianText = $"{r.Summary} Guideline text: {r.SourceText} ({r.GuidelineUrl}).{attribution}",
            PatientText = PatientText(r.Action, d.Drug, m.Genes),
            Rationale = steps,
            Citations = citations.Count > 0 ? citations : [new Citation(r.GuidelineId, r.GuidelineName, new Uri(r.GuidelineUrl), r.Source)],
            Population = r.Population,
            Alternatives = r.Alternatives,
            FindingIds = [.. m.Genes.Select(g => $"pgx:{g.Gene}:phenotype")],
        };
    }

    private static string PatientText(string action, string drug, IReadOnlyList<GeneResult> genes)
    {
        var gene = string.Join(" and ", genes.Select(g => g.Gene));
        var what = action switch
        {
            "use-alternative" => $"Your {gene} result means {drug} may not work as well for you, or may cause more side effects. A different medicine may suit you better.",
            "avoid" => $"Your {gene} result means {drug} may not be safe or may not work for you.",
            "adjust-dose" => $"Your {gene} result means you may need a different dose of {drug}.",
            "no-recommendation" => $"Your {gene} result is known, but the guideline gives no advice about {drug} for it.",
            _ => $"Your {gene} result does not change the usual advice for {drug}.",
        };
        return what + " Talk to your doctor before changing any medicine.";
    }

    private static string Short(IReadOnlyList<string> items) =>
        items.Count <= 6 ? string.Join(", ", items) : string.Join(", ", items.Take(6)) + $" and {items.Count - 6} more";
}

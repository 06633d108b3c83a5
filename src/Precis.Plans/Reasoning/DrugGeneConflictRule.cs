using Precis.Core;

namespace Precis.Plans.Reasoning;

/// <summary>
/// A genotype-guided "avoid", "use an alternative" or "adjust the dose" for a drug the patient takes today becomes an
/// explicit conflict, ranked first, naming the MedicationRequest/Statement it came from and the gene result (including
/// any phenoconversion the pharmacogenomics engine applied). Source: the CPIC/DPWG recommendations themselves.
/// </summary>
public sealed class DrugGeneConflictRule : IPlanRule
{
    public string Id => "drug-gene-conflicts";

    public void Apply(ReasoningContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var pgx = context.Builder.Recommendations
            .Where(r => r.Engine == "pharmacogenomics" && r.Subject.Kind == SubjectKind.Drug
                && r.Action is RecommendationAction.Avoid or RecommendationAction.UseAlternative or RecommendationAction.AdjustDose)
            .GroupBy(r => r.Subject.Name.ToLowerInvariant())
            .ToList();
        foreach (var group in pgx)
        {
            var taken = context.CurrentIngredients().Where(x => x.Ingredient == group.Key).Select(x => x.Medication).Distinct().ToList();
            if (taken.Count == 0)
                continue;
            var ranked = PlanBuilder.Rank(group);
            var lead = ranked[0];
            var findings = ranked.SelectMany(r => r.FindingIds).Distinct(StringComparer.Ordinal).Select(context.Finding).OfType<Finding>().ToList();
            var genes = findings.Where(f => f.Kind == "phenotype").ToList();
            var geneText = genes.Count == 0
                ? string.Join(", ", lead.Rationale.Where(s => s.Kind == RationaleStepKind.Phenotype).Select(s => s.Statement))
                : string.Join(" and ", genes.Select(f => f.Summary));
            var drug = lead.Subject.Name;
            var references = taken.SelectMany(context.MedicationReferences).Distinct(StringComparer.Ordinal).ToList();

            var rationale = new List<RationaleStep>();
            rationale.AddRange(taken.Select(context.MedicationStep));
            rationale.AddRange(lead.Rationale.Where(s => s.Kind is RationaleStepKind.Call or RationaleStepKind.Phenotype));
            foreach (var f in genes.Where(f => f.Details.ContainsKey("phenoconversion")))
                rationale.Add(new RationaleStep(RationaleStepKind.Phenotype, $"phenoconversion applied by the pharmacogenomics engine: {f.Details["phenoconversion"]}"));
            rationale.Add(new RationaleStep(RationaleStepKind.Rule,
                $"{ranked.Count} genotype-guided recommendation(s) for {drug} ({string.Join(", ", ranked.Select(r => $"{r.Source.KnowledgeBaseId} {r.Source.EntryId}: {Label(r.Action)}, {r.Strength.ToString().ToLowerInvariant()}"))}); " +
                $"a drug the patient takes now is a conflict to resolve, not a choice for the future"));
            rationale.Add(new RationaleStep(RationaleStepKind.Action, $"review current {drug}: {Label(lead.Action)}"));

            var where = references.Count == 0 ? $"'{taken[0].Text}'" : string.Join(", ", references);
            var id = $"{PlanBuilder.ConflictIdPrefix}{group.Key}:{string.Join("+", genes.Select(g => g.Subject))}";
            var explanation = $"currently prescribed {drug} ({where}); {geneText} → {Label(lead.Action)} ({SchemeText(lead)} {lead.Strength.ToString().ToLowerInvariant()})";
            context.Builder.AddRecommendation(new Recommendation
            {
                Id = id,
                Engine = ReasoningContext.Engine,
                Action = lead.Action,
                Subject = lead.Subject,
                Strength = lead.Strength,
                Evidence = lead.Evidence,
                Source = lead.Source,
                ClinicianText = $"Conflict with a current medication: {explanation}. {lead.ClinicianText}",
                PatientText = $"You take {drug} now. Your gene result suggests it may not suit you. Do not stop it on your own: talk to your doctor before changing any medicine.",
                Rationale = rationale,
                Citations = [.. ranked.SelectMany(r => r.Citations).DistinctBy(c => c.Id)],
                Population = lead.Population,
                // CPIC's curated alternatives when there are any: DPWG free text also names interacting drugs.
                Alternatives = [.. (ranked.Any(r => r.Evidence.Scheme == EvidenceScheme.Cpic && r.Alternatives.Count > 0)
                    ? ranked.Where(r => r.Evidence.Scheme == EvidenceScheme.Cpic)
                    : ranked).SelectMany(r => r.Alternatives).Distinct(StringComparer.OrdinalIgnoreCase)],
                FindingIds = [.. findings.Select(f => f.Id)],
            });
            context.Builder.AddConflict(new Conflict(
                $"{drug} — {string.Join(", ", genes.Select(g => g.Subject))}",
                [id, .. ranked.Select(r => r.Id)],
                explanation,
                "drug-gene",
                lead.Action,
                references,
                [.. findings.Select(f => f.Id)]));
        }
    }

    private static string SchemeText(Recommendation r) => r.Evidence.Scheme switch
    {
        EvidenceScheme.Cpic => "CPIC",
        EvidenceScheme.Dpwg => "DPWG",
        var s => s.ToString(),
    };

    /// <summary>The action in words, lower case.</summary>
    internal static string Label(RecommendationAction a) => a switch
    {
        RecommendationAction.Avoid => "avoid",
        RecommendationAction.UseAlternative => "use an alternative",
        RecommendationAction.AdjustDose => "adjust the dose",
        RecommendationAction.ConsiderTrial => "consider a trial",
        RecommendationAction.Screen => "screen",
        RecommendationAction.Refer => "refer",
        RecommendationAction.Consider => "consider",
        RecommendationAction.Monitor => "monitor",
        RecommendationAction.UseAsDirected => "use as directed",
        _ => "for information",
    };
}

using System.Text.Json;
using Precis.Core;

namespace Precis.Plans.Reasoning;

/// <summary>
/// Assembles the monitoring schedule (what, how often, why, source) from the plan's actions and the record: lipids
/// after a statin start or change, muscle symptoms on a statin with reduced SLCO1B1 function, HbA1c in diabetes,
/// kidney function on metformin, CGM profile review, and every "monitor" action another engine made.
/// </summary>
public sealed class MonitoringScheduleRule : IPlanRule
{
    public string Id => "monitoring-schedule";

    public void Apply(ReasoningContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var rules = context.Rules;
        var builder = context.Builder;
        var statinRec = builder.Recommendations.FirstOrDefault(r => r.Id == "prevention:statin");
        var statin = context.CurrentIngredients().FirstOrDefault(x => rules.Entries("statin-intensity").Any(e => PlanRuleBook.Str(e, "id") == x.Ingredient));
        var statinConflicts = builder.Recommendations.Where(r => r.Id.StartsWith(PlanBuilder.ConflictIdPrefix, StringComparison.Ordinal) && IsStatin(rules, r.Subject.Name)).ToList();
        var statinChanging = statinRec is { Action: not RecommendationAction.Inform } || statinConflicts.Count > 0;

        if (statinChanging || statin.Medication is not null)
        {
            var why = statinChanging
                ? $"a statin is to be started or changed ({string.Join(", ", new[] { statinRec?.Id }.Concat(statinConflicts.Select(r => r.Id)).OfType<string>())})"
                : $"on {statin.Medication!.Text}";
            Add(context, "lipids-after-statin", why, [.. new[] { statinRec?.Id }.Concat(statinConflicts.Select(r => r.Id)).OfType<string>()], []);
        }

        var slco = context.Finding("pgx:SLCO1B1:phenotype");
        if (slco is not null && slco.Details.GetValueOrDefault("phenotype") is "Decreased Function" or "Poor Function" && (statin.Medication is not null || statinRec is { Action: not RecommendationAction.Inform }))
            Add(context, "statin-muscle-symptoms", $"{slco.Summary} with a statin {(statin.Medication is null ? "proposed" : "prescribed")}", [.. new[] { statinRec?.Id }.Concat(statinConflicts.Select(r => r.Id)).OfType<string>()], [slco.Id]);

        if (context.Flag("diabetes"))
        {
            var a1c = context.Record.Observation("4548-4");
            var condition = context.ConditionFor("diabetes");
            Add(context, "hba1c-diabetes",
                $"{condition?.Display ?? "diabetes"}{(condition?.Reference is { } c ? $" ({c})" : "")}; latest HbA1c {(a1c is null ? "not recorded" : $"{a1c.Value} on {a1c.Date} ({a1c.Reference})")}",
                [], []);
        }

        var metformin = context.CurrentIngredients().FirstOrDefault(x => x.Ingredient == "metformin");
        if (metformin.Medication is not null)
        {
            var egfr = context.Record.Observation("33914-3") ?? context.Record.Observation("62238-1") ?? context.Record.Observation("98979-8");
            var refs = context.MedicationReferences(metformin.Medication);
            Add(context, "egfr-metformin",
                $"on {metformin.Medication.Text}{(refs.Count > 0 ? $" ({string.Join(", ", refs)})" : "")}; latest eGFR {(egfr is null ? "not recorded" : $"{egfr.Value} on {egfr.Date} ({egfr.Reference})")}",
                [], []);
        }

        if (context.Finding("monitoring:cgm") is { } cgm && context.Flag("diabetes"))
            Add(context, "cgm-review", $"CGM data in the wearable file: {cgm.Summary}", [], [cgm.Id]);

        foreach (var r in builder.Recommendations.Where(r => r.Action == RecommendationAction.Monitor && r.Engine != ReasoningContext.Engine))
        {
            builder.AddScheduleItem(new ScheduleItem(Cap(r.Subject.Name), "at the next review, then as the source advises",
                r.ClinicianText, r.Source, r.Citations, [r.Id], r.FindingIds));
        }
    }

    private static void Add(ReasoningContext context, string entryId, string why, IReadOnlyList<string> recommendationIds, IReadOnlyList<string> findingIds)
    {
        JsonElement entry = context.Rules.Entry("monitoring", entryId);
        context.Builder.AddScheduleItem(new ScheduleItem(
            PlanRuleBook.Str(entry, "what")!, PlanRuleBook.Str(entry, "frequency")!, why, context.Rules.Source(entry), context.Rules.CitationsOf(entry), recommendationIds, findingIds));
    }

    private static bool IsStatin(PlanRuleBook rules, string drug) => rules.Entries("statin-intensity").Any(e => string.Equals(PlanRuleBook.Str(e, "id"), drug, StringComparison.OrdinalIgnoreCase));

    private static string Cap(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}

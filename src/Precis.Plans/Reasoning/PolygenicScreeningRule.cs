using System.Globalization;
using Precis.Core;

namespace Precis.Plans.Reasoning;

/// <summary>
/// A polygenic score at or above a trait's flagging percentile becomes a statement for discussion, with the evidence
/// behind it and, where no guideline uses the score, the words "no guideline": it informs, it never invents a
/// screening recommendation. Scores without a percentile (no reference distribution) are left to the polygenic
/// section's own not-assessed entry.
/// </summary>
public sealed class PolygenicScreeningRule : IPlanRule
{
    /// <summary>Percentile from which a score is flagged for discussion when its entry names none (a Precis choice, not a guideline's).</summary>
    public const double DefaultFlagPercentile = 90;

    public string Id => "polygenic-screening";

    public void Apply(ReasoningContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var f in context.Builder.Findings.Where(f => f.Engine == "polygenic-risk" && f.Kind == "polygenic-score"))
        {
            if (Percentile(f) is not { } percentile)
                continue;
            var trait = f.Details.GetValueOrDefault("trait") ?? f.Subject;
            var entry = context.Rules.Entries("polygenic-screening")
                .FirstOrDefault(e => PlanRuleBook.Strs(e, "traitTerms").Any(t => trait.Contains(t, StringComparison.OrdinalIgnoreCase)));
            if (entry.ValueKind != System.Text.Json.JsonValueKind.Object)
            {
                // Only a score a reader might act on needs the "no guideline" statement; an ordinary one is just reported.
                if (percentile < DefaultFlagPercentile)
                    continue;
                context.Builder.AddNotAssessed(new NotAssessed("plan", $"Screening for {trait}", $"no guideline and no cited evidence statement in {context.Rules.Knowledge.Source.Id} for a polygenic score of this trait; the percentile is reported without an action"));
                continue;
            }

            var threshold = PlanRuleBook.Num(entry, "percentile") ?? DefaultFlagPercentile;
            if (percentile < threshold)
                continue;
            var statement = PlanRuleBook.Str(entry, "statement")!;
            var score = f.Details.GetValueOrDefault("score") ?? f.Id;
            var p = percentile.ToString("0.#", CultureInfo.InvariantCulture);
            context.Builder.AddRecommendation(new Recommendation
            {
                Id = $"prevention:polygenic:{score}",
                Engine = ReasoningContext.Engine,
                Action = RecommendationAction.Inform,
                Subject = new RecommendationSubject(SubjectKind.Test, $"discussion of {trait.ToLowerInvariant()} screening (polygenic score {score})"),
                Strength = RecommendationStrength.NotGraded,
                Evidence = new EvidenceLevel(EvidenceScheme.ClinicalGuideline, PlanRuleBook.Str(entry, "guideline") ?? "no guideline", "No guideline recommends acting on this polygenic score alone; the statement cites the published evidence"),
                Source = context.Rules.Source(entry),
                ClinicianText = $"{score} ({trait}) is at the {p}th percentile of its reference distribution (flagged at ≥ {PlanRuleBook.F(threshold)}th, a Precis threshold for discussion, not a guideline threshold). No guideline: {statement}" + RelativeToMean(f),
                PatientText = PlanRuleBook.Str(entry, "patient")! + " Talk to your doctor before making any change.",
                Rationale =
                [
                    .. f.Rationale.Where(s => s.Kind is RationaleStepKind.InputData or RationaleStepKind.Score),
                    new RationaleStep(RationaleStepKind.Score, $"{f.Summary} (finding {f.Id})"),
                    new RationaleStep(RationaleStepKind.Rule, $"{context.Rules.Knowledge.Source.Id} {context.Rules.Knowledge.Source.Version} entry {PlanRuleBook.Str(entry, "id")}: percentile ≥ {PlanRuleBook.F(threshold)} → statement for discussion; no guideline"),
                    new RationaleStep(RationaleStepKind.Action, "inform and discuss; no screening change is recommended on the score alone"),
                ],
                Citations = context.Rules.CitationsOf(entry),
                FindingIds = [f.Id],
            });
        }
    }

    // The polygenic section's ratio versus the reference mean (published OR/HR per SD ^ Z) or why there is none.
    private static string RelativeToMean(Finding f) =>
        f.Details.TryGetValue("relativeToMeanStatement", out var statement) && statement.Length > 0 ? $" {char.ToUpperInvariant(statement[0])}{statement[1..]}." : "";

    /// <summary>The score's percentile (0–100) when its details give a number, else null ("not assessed: …").</summary>
    public static double? Percentile(Finding f)
    {
        ArgumentNullException.ThrowIfNull(f);
        if (!f.Details.TryGetValue("percentile", out var text))
            return null;
        var end = 0;
        while (end < text.Length && (char.IsAsciiDigit(text[end]) || text[end] == '.'))
            end++;
        return end > 0 && double.TryParse(text[..end], NumberStyles.Float, CultureInfo.InvariantCulture, out var p) && p is >= 0 and <= 100 ? p : null;
    }
}

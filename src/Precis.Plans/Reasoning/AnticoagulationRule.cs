using System.Globalization;
using Precis.Core;

namespace Precis.Plans.Reasoning;

/// <summary>
/// Stroke prevention in atrial fibrillation (2023 ACC/AHA/ACCP/HRS guideline, Class 1, LOE A): recorded atrial
/// fibrillation with a CHA2DS2-VASc score at or above the entry's threshold (≥ 2 men, ≥ 3 women) and no oral
/// anticoagulant among the current medications → consider oral anticoagulation, with the bleeding-risk caveat and, when
/// antiplatelet therapy is prescribed, the combination caveat. The score is read from the prediction section's
/// finding, never recomputed. Below the threshold, or already anticoagulated, nothing is added.
/// </summary>
public sealed class AnticoagulationRule : IPlanRule
{
    /// <summary>The prediction section's CHA2DS2-VASc finding.</summary>
    public const string ScoreFindingId = "prediction:cha2ds2vasc";

    public string Id => "anticoagulation";

    public void Apply(ReasoningContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var finding = context.Finding(ScoreFindingId);
        if (finding is null || !context.Flag("atrial_fibrillation")
            || !double.TryParse(finding.Details.GetValueOrDefault("value"), NumberStyles.Float, CultureInfo.InvariantCulture, out var score))
            return;
        var entry = context.Rules.Entry("anticoagulation", "af-stroke-prevention");
        var female = context.Patient.Sex == "female";
        var threshold = PlanRuleBook.Num(entry, female ? "minScoreFemale" : "minScoreMale")!.Value;
        if (score < threshold)
            return;

        var anticoagulants = PlanRuleBook.Strs(entry, "anticoagulants");
        var antiplatelets = PlanRuleBook.Strs(entry, "antiplatelets");
        var current = context.CurrentIngredients().ToList();
        if (current.Any(c => anticoagulants.Contains(c.Ingredient)))
            return;
        var onAntiplatelet = current.Where(c => antiplatelets.Contains(c.Ingredient)).Select(c => c.Medication).Distinct().ToList();

        var af = context.ConditionFor("atrial_fibrillation");
        var steps = new List<RationaleStep>
        {
            new(RationaleStepKind.InputData, af is null
                ? $"atrial fibrillation: {context.Values.Origins.GetValueOrDefault("atrial_fibrillation")}"
                : $"atrial fibrillation: active condition {af.Describe()}"),
            new(RationaleStepKind.Score, $"{finding.Summary} (finding {finding.Id})"),
            new(RationaleStepKind.InputData, current.Count == 0
                ? "no current medications in the record, so no oral anticoagulant"
                : $"no oral anticoagulant among the current medications ({string.Join(", ", current.Select(c => c.Ingredient).Distinct(StringComparer.Ordinal))})"),
        };
        steps.AddRange(onAntiplatelet.Select(context.MedicationStep));
        var rule = PlanRuleBook.Str(entry, "rule")!;
        steps.Add(new RationaleStep(RationaleStepKind.Rule,
            $"{context.Rules.Knowledge.Source.Id} {context.Rules.Knowledge.Source.Version} entry {PlanRuleBook.Str(entry, "id")}: {(female ? "woman" : "man")}, CHA2DS2-VASc {PlanRuleBook.F(score)} ≥ {PlanRuleBook.F(threshold)} — {rule}"));
        steps.Add(new RationaleStep(RationaleStepKind.Action, "consider oral anticoagulation; weigh bleeding risk" + (onAntiplatelet.Count > 0 ? " and review the antiplatelet therapy" : "")));

        var clinician = $"Atrial fibrillation with CHA2DS2-VASc {PlanRuleBook.F(score)} (threshold ≥ {PlanRuleBook.F(threshold)} for {(female ? "women" : "men")}) and no oral anticoagulant: consider oral anticoagulation to prevent stroke (ACC/AHA 2023, {PlanRuleBook.Str(entry, "evidence")}); a direct oral anticoagulant is preferred to warfarin when eligible. {PlanRuleBook.Str(entry, "bleeding")}";
        var patient = PlanRuleBook.Str(entry, "patient")!;
        if (onAntiplatelet.Count > 0)
        {
            clinician += $" {PlanRuleBook.Str(entry, "antiplatelet")} Current antiplatelet: {string.Join(", ", onAntiplatelet.Select(m => m.Text))}.";
            patient += $" This matters more because you also take {string.Join(" and ", onAntiplatelet.Select(m => (m.Ingredient ?? m.Text).ToLowerInvariant()))}, which also thins the blood.";
        }

        context.Builder.AddRecommendation(new Recommendation
        {
            Id = "prevention:anticoagulation",
            Engine = ReasoningContext.Engine,
            Action = PlanRuleBook.Action(entry),
            Subject = new RecommendationSubject(SubjectKind.Therapy, PlanRuleBook.Str(entry, "therapy")!),
            Strength = PlanRuleBook.Strength(entry),
            Evidence = new EvidenceLevel(EvidenceScheme.ClinicalGuideline, "ACC/AHA " + PlanRuleBook.Str(entry, "evidence"), "ACC/AHA class of recommendation and level of evidence"),
            Source = context.Rules.Source(entry),
            ClinicianText = clinician,
            PatientText = patient + " Talk to your doctor; do not start or stop any medicine on your own.",
            Rationale = steps,
            Citations = context.Rules.CitationsOf(entry),
            Population = "adults with atrial fibrillation (not with moderate–severe mitral stenosis or a mechanical heart valve)",
            FindingIds = [finding.Id],
        });
    }
}

using System.Globalization;
using System.Text.Json;
using Precis.Core;

namespace Precis.Plans.Reasoning;

/// <summary>
/// Lifestyle actions grounded in the patient's own data: daily steps from the wearable against WHO 2020 and the
/// step-count evidence (Paluch 2022); weight management in type 2 diabetes with BMI ≥ 25 (ADA 2024); smoking
/// cessation for a current smoker (USPSTF 2021). Each names the observation or the wearable finding it read.
/// </summary>
public sealed class LifestyleRule : IPlanRule
{
    public string Id => "lifestyle";

    public void Apply(ReasoningContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Steps(context);
        Weight(context);
        Smoking(context);
    }

    private static void Steps(ReasoningContext context)
    {
        var f = context.Finding("monitoring:steps-trend");
        if (f is null || !double.TryParse(f.Details.GetValueOrDefault("recentMean"), NumberStyles.Float, CultureInfo.InvariantCulture, out var recent))
            return;
        var entry = context.Rules.Entry("lifestyle", "physical-activity-steps");
        var threshold = PlanRuleBook.Num(entry, "threshold")!.Value;
        var low = recent < threshold;
        var baseline = f.Details.GetValueOrDefault("baselineMedian") ?? "?";
        Add(context, entry, "lifestyle:physical-activity", low ? RecommendationAction.Consider : RecommendationAction.Inform,
            low ? "increase daily physical activity" : "keep up current physical activity",
            $"Daily steps average {PlanRuleBook.F(recent)} over the last week (personal baseline {baseline}); " +
            (low ? $"below {PlanRuleBook.F(threshold)} a day. Advise building up towards 150–300 min of moderate activity a week and more daily steps." : $"at or above {PlanRuleBook.F(threshold)} a day, in the range linked with lower mortality. Encourage keeping it up."),
            low ? "Your step counter shows fewer daily steps than is good for your health. Adding a short walk each day helps your heart and blood sugar."
                : "Your step counter shows you walk a good amount each day. Keeping this up is good for your heart and blood sugar.",
            [.. f.Rationale.Where(s => s.Kind is RationaleStepKind.InputData or RationaleStepKind.Score), new RationaleStep(RationaleStepKind.Score, $"{f.Summary} (finding {f.Id})")],
            [f.Id]);
    }

    private static void Weight(ReasoningContext context)
    {
        var bmi = context.Record.Observation("39156-5");
        if (bmi?.Value is null || !context.Flag("diabetes") || context.Flag("type1_diabetes"))
            return;
        var entry = context.Rules.Entry("lifestyle", "weight-management-diabetes");
        var value = double.TryParse(bmi.Value.Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var b) ? b : (double?)null;
        if (value is not { } v || v < PlanRuleBook.Num(entry, "threshold"))
            return;
        var condition = context.ConditionFor("type2_diabetes") ?? context.ConditionFor("diabetes");
        Add(context, entry, "lifestyle:weight", RecommendationAction.Consider, "lifestyle programme for weight loss (≥ 5 %)",
            $"BMI {PlanRuleBook.F(v)} kg/m² ({bmi.Date}) with diabetes: offer a structured lifestyle intervention aiming at ≥ 5 % weight loss.",
            "Losing a little weight, even 5 in every 100 kilograms, helps control blood sugar. Ask your doctor about support to do this.",
            [
                new RationaleStep(RationaleStepKind.InputData, "latest BMI: " + bmi.Describe()),
                new RationaleStep(RationaleStepKind.InputData, condition is null ? "diabetes: " + context.Values.Origins.GetValueOrDefault("diabetes") : "active condition " + condition.Describe()),
            ],
            []);
    }

    private static void Smoking(ReasoningContext context)
    {
        if (!context.Flag("smoker"))
            return;
        var entry = context.Rules.Entry("lifestyle", "smoking-cessation");
        var obs = context.Record.Observation("72166-2");
        Add(context, entry, "lifestyle:smoking", RecommendationAction.Consider, "smoking cessation support",
            "Current smoker: advise quitting and offer behavioural support with pharmacotherapy.",
            "Stopping smoking is the single best thing you can do for your heart and lungs. Your doctor can help with support and medicines.",
            [new RationaleStep(RationaleStepKind.InputData, obs is null ? "smoking: " + context.Values.Origins.GetValueOrDefault("smoker") : "smoking status: " + obs.Describe())],
            []);
    }

    private static void Add(ReasoningContext context, JsonElement entry, string id, RecommendationAction action, string subject, string clinician, string patient, List<RationaleStep> data, IReadOnlyList<string> findingIds)
    {
        var rules = context.Rules;
        data.Add(new RationaleStep(RationaleStepKind.Rule, $"{rules.Knowledge.Source.Id} {rules.Knowledge.Source.Version} entry {PlanRuleBook.Str(entry, "id")} ({PlanRuleBook.Str(entry, "evidence")}): {PlanRuleBook.Str(entry, "rule")}"));
        data.Add(new RationaleStep(RationaleStepKind.Action, $"{DrugGeneConflictRule.Label(action)}: {subject}"));
        context.Builder.AddRecommendation(new Recommendation
        {
            Id = id,
            Engine = ReasoningContext.Engine,
            Action = action,
            Subject = new RecommendationSubject(SubjectKind.Behaviour, subject),
            Strength = PlanRuleBook.Strength(entry),
            Evidence = new EvidenceLevel(EvidenceScheme.ClinicalGuideline, PlanRuleBook.Str(entry, "evidence")!, "grade as the cited guideline states it"),
            Source = rules.Source(entry),
            ClinicianText = clinician,
            PatientText = patient,
            Rationale = data,
            Citations = rules.CitationsOf(entry),
            FindingIds = findingIds,
        });
    }
}

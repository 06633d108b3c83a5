using System.Globalization;
using System.Text.Json;
using Precis.Core;
using Precis.Pharmacogenomics.Knowledge;

namespace Precis.Plans.Reasoning;

/// <summary>
/// Risk-driven statin consideration (ACC/AHA 2018 cholesterol and 2019 primary-prevention guidelines): clinical ASCVD
/// → high intensity; diabetes at 40–75 → at least moderate intensity; otherwise the Pooled Cohort Equations' 10-year
/// risk from the prediction section (≥ 20 % high, 7.5–20 % moderate, 5–7.5 % borderline, &lt; 5 % lifestyle). The statin
/// choice is cross-checked with the patient's SLCO1B1/ABCG2/CYP2C9 results against the CPIC 2022 statin
/// recommendations in the pharmacogenomics knowledge base. The PCE is read from its finding, never recomputed.
/// </summary>
public sealed class StatinPreventionRule : IPlanRule
{
    private static readonly string[] LipidLoincs = ["2093-3", "2085-9", "13457-7", "8480-6"];

    public string Id => "statin-prevention";

    public void Apply(ReasoningContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var rules = context.Rules;
        var age = context.Patient.AgeYears;
        var pce = context.Finding("prediction:pce");
        var risk = pce is not null && double.TryParse(pce.Details.GetValueOrDefault("value"), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : (double?)null;
        var candidates = new List<JsonElement>();
        var steps = new List<RationaleStep>();
        var findingIds = new List<string>();
        if (age is not null)
            steps.Add(new RationaleStep(RationaleStepKind.InputData, $"age {age} years (Patient.birthDate {context.Patient.BirthDate})"));

        if (context.Flag("ascvd"))
        {
            var entry = rules.Entry("prevention", "secondary-prevention");
            if (age is null || age > PlanRuleBook.Num(entry, "maxAge"))
            {
                context.Builder.AddNotAssessed(new NotAssessed("plan", "Statin intensity", age is null
                    ? "clinical ASCVD is recorded but the age is unknown; the guideline's intensity depends on age (≤ 75 years)"
                    : $"clinical ASCVD at age {age}: above 75 the guideline asks for an individual assessment of benefit and risk, which Precis does not make"));
                return;
            }

            candidates.Add(entry);
            steps.Add(ConditionStep(context, "ascvd", "clinical ASCVD"));
        }
        else
        {
            if (context.Flag("diabetes") && age is { } a && a >= PlanRuleBook.Num(rules.Entry("prevention", "diabetes-40-75"), "minAge") && a <= PlanRuleBook.Num(rules.Entry("prevention", "diabetes-40-75"), "maxAge"))
            {
                candidates.Add(rules.Entry("prevention", "diabetes-40-75"));
                steps.Add(ConditionStep(context, "diabetes", "diabetes mellitus"));
            }

            if (risk is { } r && pce is not null)
            {
                var band = rules.Entries("prevention").FirstOrDefault(e => PlanRuleBook.Num(e, "minRisk") is { } lo && PlanRuleBook.Num(e, "maxRisk") is { } hi && r >= lo && r < hi);
                if (band.ValueKind == JsonValueKind.Object)
                    candidates.Add(band);
                findingIds.Add(pce.Id);
                steps.AddRange(LipidSteps(context));
                steps.Add(new RationaleStep(RationaleStepKind.Score, $"{pce.Summary} (finding {pce.Id})"));
            }
            else if (candidates.Count == 0)
            {
                if (age is >= 40 and <= 75)
                {
                    context.Builder.AddNotAssessed(new NotAssessed("plan", "Statin consideration (primary prevention)",
                        "no 10-year ASCVD risk is available (the Pooled Cohort Equations were withheld or lacked inputs; see the prediction section), so no risk-based statin statement is made"));
                }

                return;
            }
        }

        // The strongest indication decides the intensity; the others stay in the rationale.
        var chosen = candidates.OrderByDescending(e => Rank(PlanRuleBook.Str(e, "intensity"))).First();
        var intensity = PlanRuleBook.Str(chosen, "intensity")!;
        var action = PlanRuleBook.Action(chosen);
        var current = context.CurrentIngredients().FirstOrDefault(x => rules.Entries("statin-intensity").Any(e => PlanRuleBook.Str(e, "id") == x.Ingredient));
        string currentText;
        if (current.Medication is null)
        {
            currentText = "no statin among current medications";
            steps.Add(new RationaleStep(RationaleStepKind.InputData, currentText));
        }
        else
        {
            var have = CurrentIntensity(rules, current.Ingredient, ReasoningContext.StrengthMg(current.Medication));
            currentText = $"current {current.Medication.Text} is {have ?? "of unknown"} intensity";
            steps.Add(context.MedicationStep(current.Medication));
            steps.Add(new RationaleStep(RationaleStepKind.Rule, $"statin intensity (ACC/AHA 2018 table): {currentText}"));
            if (have is not null && Rank(have) >= Rank(intensity))
                action = RecommendationAction.Inform;
        }

        var pgx = StatinChoice(context, intensity, out var pgxFindings, out var pgxSteps);
        steps.AddRange(pgxSteps);
        findingIds.AddRange(pgxFindings);
        var rule = PlanRuleBook.Str(chosen, "rule")!;
        steps.Add(new RationaleStep(RationaleStepKind.Rule, $"{rules.Knowledge.Source.Id} {rules.Knowledge.Source.Version} entry {PlanRuleBook.Str(chosen, "id")} ({PlanRuleBook.Str(chosen, "evidence")}): {rule}"));
        var therapy = PlanRuleBook.Str(chosen, "therapy")!;
        var doing = action == RecommendationAction.Inform && intensity != "none"
            ? $"the current statin already meets the {intensity} intensity the guideline asks for; continue and monitor"
            : intensity == "none" ? "no statin is indicated by risk alone; lifestyle first" : $"consider {therapy}";
        steps.Add(new RationaleStep(RationaleStepKind.Action, doing));

        var citations = rules.CitationsOf(chosen).Concat(candidates.Where(c => !c.Equals(chosen)).SelectMany(rules.CitationsOf)).DistinctBy(c => c.Id).ToList();
        if (pgx.Count > 0)
            citations.Add(rules.CitationsOf(rules.Entry("monitoring", "statin-muscle-symptoms"))[0]);
        context.Builder.AddRecommendation(new Recommendation
        {
            Id = "prevention:statin",
            Engine = ReasoningContext.Engine,
            Action = action,
            Subject = new RecommendationSubject(SubjectKind.Therapy, therapy),
            Strength = PlanRuleBook.Strength(chosen),
            Evidence = new EvidenceLevel(EvidenceScheme.ClinicalGuideline, "ACC/AHA " + PlanRuleBook.Str(chosen, "evidence"), "ACC/AHA class of recommendation and level of evidence"),
            Source = rules.Source(chosen),
            ClinicianText = $"{Cap(rule)}; {currentText}: {doing}." + (pgx.Count > 0 ? " Genotype-guided statin choice (CPIC 2022): " + string.Join("; ", pgx) + "." : ""),
            PatientText = PlanRuleBook.Str(chosen, "patient")! + " Talk to your doctor before changing any medicine.",
            Rationale = steps,
            Citations = citations,
            Population = PlanRuleBook.Num(chosen, "minAge") is { } lo && PlanRuleBook.Num(chosen, "maxAge") is { } hi ? $"adults aged {PlanRuleBook.F(lo)}–{PlanRuleBook.F(hi)}" : null,
            Alternatives = pgx,
            FindingIds = [.. findingIds.Distinct(StringComparer.Ordinal)],
        });
    }

    private static RationaleStep ConditionStep(ReasoningContext context, string flag, string what)
    {
        var entry = context.ConditionFor(flag);
        return new RationaleStep(RationaleStepKind.InputData, entry is null
            ? $"{what}: {context.Values.Origins.GetValueOrDefault(flag)}"
            : $"{what}: active condition {entry.Describe()}");
    }

    private static IEnumerable<RationaleStep> LipidSteps(ReasoningContext context) =>
        LipidLoincs.Select(context.Record.Observation).OfType<RecordEntry>().Select(e => new RationaleStep(RationaleStepKind.InputData, "PCE input: " + e.Describe()));

    /// <summary>CPIC statin recommendations that fit the patient's transporter/CYP2C9 results, for the statins that reach the intensity.</summary>
    private static List<string> StatinChoice(ReasoningContext context, string intensity, out List<string> findingIds, out List<RationaleStep> steps)
    {
        findingIds = [];
        steps = [];
        var result = new List<string>();
        if (intensity == "none")
            return result;
        var slco = context.Finding("pgx:SLCO1B1:phenotype");
        if (slco is null || !slco.Details.TryGetValue("phenotype", out var slcoPhenotype) || slcoPhenotype is "Indeterminate" or "n/a")
        {
            context.Builder.AddNotAssessed(new NotAssessed("plan", "Genotype-guided statin choice",
                "SLCO1B1 has no phenotype in this plan (not called or no germline input), so the statin choice is not genotype-guided"));
            return result;
        }

        findingIds.Add(slco.Id);
        steps.Add(new RationaleStep(RationaleStepKind.Phenotype, $"{slco.Summary} (finding {slco.Id})"));
        var known = new Dictionary<string, string>(StringComparer.Ordinal) { ["SLCO1B1"] = slcoPhenotype };
        if (context.Finding("pgx:ABCG2:phenotype") is { } abcg2 && abcg2.Details.TryGetValue("phenotype", out var ap))
        {
            known["ABCG2"] = ap;
            findingIds.Add(abcg2.Id);
        }

        if (context.Finding("pgx:CYP2C9:phenotype") is { } cyp2c9 && cyp2c9.Details.TryGetValue("activityScore", out var score))
        {
            known["CYP2C9"] = score;
            findingIds.Add(cyp2c9.Id);
        }

        var knowledge = PgxKnowledge.FromCatalog(context.Inputs.Knowledge);
        foreach (var statin in context.Rules.Entries("statin-intensity").Where(e => PlanRuleBook.Range(e, intensity) is not null).Select(e => PlanRuleBook.Str(e, "id")!))
        {
            var match = knowledge.Recommendations
                .Where(x => x.Rec.Source.Equals("CPIC", StringComparison.OrdinalIgnoreCase) && x.Rec.Drugs.Contains(statin))
                .Select(x => x.Rec)
                .FirstOrDefault(rec => rec.Lookup.All(kv => known.TryGetValue(kv.Key, out var mine) ? mine == kv.Value : kv.Value == "No Result"));
            var range = PlanRuleBook.Range(context.Rules.Entry("statin-intensity", statin), intensity)!.Value;
            var dose = range.Low == range.High ? $"{PlanRuleBook.F(range.Low)} mg" : $"{PlanRuleBook.F(range.Low)}–{PlanRuleBook.F(range.High)} mg";
            if (match is null)
            {
                result.Add($"{statin} {dose} ({intensity} intensity): no CPIC recommendation matches this genotype");
                continue;
            }

            var untested = match.Lookup.Where(kv => !known.ContainsKey(kv.Key)).Select(kv => kv.Key + " not tested").ToList();
            result.Add($"{statin} {dose} ({intensity} intensity): CPIC {match.Strength.ToLowerInvariant()}, {FirstSentence(match.SourceText)} [{match.Id}{(untested.Count > 0 ? "; " + string.Join(", ", untested) : "")}]");
        }

        steps.Add(new RationaleStep(RationaleStepKind.Rule, $"CPIC 2022 statin recommendations in {string.Join(", ", knowledge.Sources.Where(s => s.Id.Contains("cpic", StringComparison.Ordinal)).Select(s => s.Id + " " + s.Version))} for " +
            string.Join(", ", known.Select(kv => $"{kv.Key} {kv.Value}"))));
        return result;
    }

    private static string? CurrentIntensity(PlanRuleBook rules, string statin, double? mg)
    {
        if (mg is not { } dose)
            return null;
        var entry = rules.Entry("statin-intensity", statin);
        foreach (var level in new[] { "high", "moderate", "low" })
        {
            if (PlanRuleBook.Range(entry, level) is { } r && dose >= r.Low && dose <= r.High)
                return level;
        }

        return null;
    }

    private static int Rank(string? intensity) => intensity switch
    {
        "high" => 3,
        "moderate" => 2,
        "low" => 1,
        _ => 0,
    };

    private static string FirstSentence(string text)
    {
        var end = text.IndexOf(". ", StringComparison.Ordinal);
        var s = end > 0 ? text[..end] : text.TrimEnd('.');
        return s.Length > 0 ? char.ToLowerInvariant(s[0]) + s[1..] : s;
    }

    private static string Cap(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}

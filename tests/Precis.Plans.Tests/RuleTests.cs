using Precis.Core;
using Precis.Plans.Reasoning;
using static Precis.Plans.Tests.TestPlans;

namespace Precis.Plans.Tests;

public class RuleTests
{
    [Fact]
    public void A_knowledge_base_older_than_twelve_months_is_listed_as_stale_and_a_current_one_is_not()
    {
        var b = Run(new StaleKnowledgeRule(), Patient(), knowledge:
        [
            new KnowledgeVersion("old-kb", "2024.1", "2024-01-15", "CC0-1.0"),
            new KnowledgeVersion("new-kb", "2026.11", "2026-06-01", "CC0-1.0"),
            new KnowledgeVersion("odd-kb", "x", "June 2026", "CC0-1.0"),
        ]);
        var plan = b.Build("precis", "t", Now);

        var stale = Assert.Single(plan.NotAssessed, n => n.Subject == "old-kb 2024.1");
        Assert.Equal("knowledge", stale.Area);
        Assert.StartsWith("stale knowledge: dated 2024-01-15, 34 months before this report (limit 12)", stale.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(plan.NotAssessed, n => n.Subject.StartsWith("new-kb", StringComparison.Ordinal));
        Assert.Contains(plan.NotAssessed, n => n.Subject == "odd-kb x" && n.Reason.Contains("not an ISO date", StringComparison.Ordinal));
    }

    [Fact]
    public void A_breast_cancer_score_in_the_top_decile_informs_with_no_guideline_and_cites_the_evidence()
    {
        var prs = Finding("prs:PGS000004", "polygenic-risk", "polygenic-score", "PGS000004", ("score", "PGS000004"), ("trait", "Breast cancer"), ("percentile", "95.2"));

        var plan = Run(new PolygenicScreeningRule(), Patient(), [prs]).Build("precis", "t", Now);

        var r = Assert.Single(plan.Recommendations);
        Assert.Equal(RecommendationAction.Inform, r.Action);
        Assert.Equal("no guideline", r.Evidence.Level);
        Assert.StartsWith("PGS000004 (Breast cancer) is at the 95.2th percentile", r.ClinicianText, StringComparison.Ordinal);
        Assert.Contains("No guideline:", r.ClinicianText, StringComparison.Ordinal);
        Assert.Equal(["mavaddat-2019", "uspstf-2024-breast"], r.Citations.Select(c => c.Id));
        Assert.Equal(["prs:PGS000004"], r.FindingIds);
    }

    [Fact]
    public void A_flagged_score_carries_the_polygenic_sections_ratio_versus_the_reference_mean_into_the_clinician_text()
    {
        const string statement = "odds ratio 1.63 versus the reference population's average (= OR per SD 1.5 ^ Z 1.20; an odds ratio, approximating relative risk when the outcome is rare)";
        var prs = Finding("prs:PGS000004", "polygenic-risk", "polygenic-score", "PGS000004", ("score", "PGS000004"), ("trait", "Breast cancer"), ("percentile", "95.2"),
            ("relativeToMeanStatement", statement));

        var r = Assert.Single(Run(new PolygenicScreeningRule(), Patient(), [prs]).Build("precis", "t", Now).Recommendations);

        Assert.EndsWith(" Odds ratio 1.63 versus the reference population's average (= OR per SD 1.5 ^ Z 1.20; an odds ratio, approximating relative risk when the outcome is rare).", r.ClinicianText, StringComparison.Ordinal);
    }

    [Fact]
    public void A_score_below_the_flagging_percentile_or_without_a_percentile_adds_nothing_and_an_uncovered_trait_says_no_guideline()
    {
        var mid = Finding("prs:a", "polygenic-risk", "polygenic-score", "A", ("score", "A"), ("trait", "Breast cancer"), ("percentile", "50"));
        var none = Finding("prs:b", "polygenic-risk", "polygenic-score", "B", ("score", "B"), ("trait", "Breast cancer"), ("percentile", "not assessed: no reference distribution"));
        var other = Finding("prs:c", "polygenic-risk", "polygenic-score", "C", ("score", "C"), ("trait", "Type 2 diabetes"), ("percentile", "97"));

        var plan = Run(new PolygenicScreeningRule(), Patient(), [mid, none, other]).Build("precis", "t", Now);

        Assert.Empty(plan.Recommendations);
        var gap = Assert.Single(plan.NotAssessed);
        Assert.Equal("Screening for Type 2 diabetes", gap.Subject);
        Assert.StartsWith("no guideline", gap.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("12.3", RecommendationAction.Consider, "moderate-intensity statin", "pce-intermediate", "ACC/AHA Class I, LOE A")]
    [InlineData("24.0", RecommendationAction.Consider, "high-intensity statin", "pce-high", "ACC/AHA Class I, LOE A")]
    [InlineData("6.1", RecommendationAction.Consider, "moderate-intensity statin (if risk-enhancing factors)", "pce-borderline", "ACC/AHA Class IIb, LOE B-R")]
    [InlineData("3.0", RecommendationAction.Inform, "healthy lifestyle (no statin indicated by risk)", "pce-low", "ACC/AHA Class I, LOE B-R")]
    public void The_pooled_cohort_risk_band_decides_the_statin_statement(string risk, RecommendationAction action, string therapy, string entry, string evidence)
    {
        var pce = Finding("prediction:pce", "prediction", "predicted-risk", "ACC/AHA Pooled Cohort Equations", ("value", risk), ("unit", "%"));

        var plan = Run(new StatinPreventionRule(), Patient(age: 58), [pce]).Build("precis", "t", Now);

        var r = Assert.Single(plan.Recommendations);
        Assert.Equal(action, r.Action);
        Assert.Equal(therapy, r.Subject.Name);
        Assert.Equal(entry, r.Source.EntryId);
        Assert.Equal(evidence, r.Evidence.Level);
        Assert.Equal(["prediction:pce"], r.FindingIds);
        // No SLCO1B1 finding: a statin to consider is not genotype-guided, and the plan says so.
        Assert.Equal(action == RecommendationAction.Inform ? [] : ["Genotype-guided statin choice"], plan.NotAssessed.Select(n => n.Subject));
    }

    [Fact]
    public void Diabetes_at_40_to_75_asks_for_a_moderate_intensity_statin_even_at_low_risk()
    {
        var pce = Finding("prediction:pce", "prediction", "predicted-risk", "PCE", ("value", "3.2"));

        var plan = Run(new StatinPreventionRule(), Patient(age: 50, conditions: ["Diabetes mellitus type 2"]), [pce]).Build("precis", "t", Now);

        var r = Assert.Single(plan.Recommendations);
        Assert.Equal("diabetes-40-75", r.Source.EntryId);
        Assert.Equal("moderate-intensity statin", r.Subject.Name);
        Assert.Contains(r.Rationale, s => s.Statement == "diabetes mellitus: active condition 'Diabetes mellitus type 2'");
    }

    [Fact]
    public void Prediabetes_is_not_read_as_diabetes_for_the_statin_the_schedule_or_alpelisib()
    {
        var pce = Finding("prediction:pce", "prediction", "predicted-risk", "PCE", ("value", "3.2"));
        var alpelisib = Rec("onco:T:1", RecommendationAction.Consider, RecommendationStrength.Strong, "alpelisib + fulvestrant", "oncology");
        var patient = Patient(age: 50, conditions: ["Prediabetes"]);

        var statin = Run(new StatinPreventionRule(), patient, [pce]).Build("precis", "t", Now);
        var schedule = Run(new MonitoringScheduleRule(), patient).Build("precis", "t", Now);
        var interactions = Run(new InteractionRule(), patient, recs: [alpelisib]).Build("precis", "t", Now);

        Assert.Equal("pce-low", Assert.Single(statin.Recommendations).Source.EntryId);
        Assert.Empty(schedule.Schedule);
        Assert.DoesNotContain(interactions.Recommendations, r => r.Id == "interaction:alpelisib-diabetes");
    }

    [Fact]
    public void Without_a_pooled_cohort_risk_a_primary_prevention_patient_is_listed_as_not_assessed()
    {
        var plan = Run(new StatinPreventionRule(), Patient(age: 55)).Build("precis", "t", Now);

        Assert.Empty(plan.Recommendations);
        Assert.StartsWith("no 10-year ASCVD risk is available", Assert.Single(plan.NotAssessed).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Few_daily_steps_lead_to_an_activity_action_citing_who_2020_and_a_current_smoker_to_cessation_support()
    {
        var steps = Finding("monitoring:steps-trend", "clinical.monitoring", "monitoring-trend", "steps", ("recentMean", "4200"), ("baselineMedian", "4500"));

        var plan = Run(new LifestyleRule(), Patient(lifestyle: ["Smoking: Every day smoker (recorded 2026-01-02)"]), [steps]).Build("precis", "t", Now);

        var activity = plan.Recommendations.Single(r => r.Id == "lifestyle:physical-activity");
        Assert.Equal(RecommendationAction.Consider, activity.Action);
        Assert.StartsWith("Daily steps average 4200 over the last week (personal baseline 4500); below 7000 a day.", activity.ClinicianText, StringComparison.Ordinal);
        Assert.Equal(["who-2020-activity", "paluch-2022-steps"], activity.Citations.Select(c => c.Id));
        var smoking = plan.Recommendations.Single(r => r.Id == "lifestyle:smoking");
        Assert.Equal("USPSTF grade A", smoking.Evidence.Level);
        Assert.Contains(smoking.Rationale, s => s.Statement.StartsWith("smoking: ", StringComparison.Ordinal) && s.Statement.Contains("Every day smoker", StringComparison.Ordinal));
    }

    [Fact]
    public void Simvastatin_40_mg_with_verapamil_is_a_dose_conflict_over_the_10_mg_limit()
    {
        var patient = Patient(meds:
        [
            new MedicationSummary("Simvastatin 40 MG Oral Tablet", "RxNorm:198211", "simvastatin"),
            new MedicationSummary("Verapamil Hydrochloride 40 MG", "RxNorm:897718", "verapamil"),
        ]);

        var plan = Run(new InteractionRule(), patient).Build("precis", "t", Now);

        var r = Assert.Single(plan.Recommendations);
        Assert.Equal(RecommendationAction.AdjustDose, r.Action);
        Assert.EndsWith("current simvastatin 40 mg exceeds the 10 mg limit.", r.ClinicianText, StringComparison.Ordinal);
        var c = Assert.Single(plan.Conflicts);
        Assert.Equal("drug-drug", c.Kind);
        Assert.Equal([r.Id], c.RecommendationIds);
    }

    [Fact]
    public void Clopidogrel_with_omeprazole_is_avoid_and_with_warfarin_is_monitor_for_bleeding()
    {
        var patient = Patient(meds:
        [
            new MedicationSummary("Clopidogrel 75 MG Oral Tablet", "RxNorm:309362", "clopidogrel"),
            new MedicationSummary("Omeprazole 20 MG Delayed Release Oral Capsule", null, "omeprazole"),
            new MedicationSummary("Warfarin Sodium 5 MG Oral Tablet", "RxNorm:855332", "warfarin"),
        ]);

        var plan = Run(new InteractionRule(), patient).Build("precis", "t", Now);

        Assert.Equal(RecommendationAction.Avoid, plan.Recommendations.Single(r => r.Id == "interaction:clopidogrel-omeprazole-esomeprazole:clopidogrel+omeprazole").Action);
        Assert.Equal(RecommendationAction.Monitor, plan.Recommendations.Single(r => r.Id == "interaction:antiplatelet-anticoagulant:clopidogrel+warfarin").Action);
        Assert.Equal(["clopidogrel with omeprazole"], plan.Conflicts.Select(c => c.Subject));
    }

    [Fact]
    public void A_proposed_alternative_is_checked_against_current_medicines_and_only_cpic_alternatives_count()
    {
        var cpic = Rec("pgx:clopidogrel:cpic", RecommendationAction.UseAlternative, subject: "clopidogrel", engine: "pharmacogenomics") with { Alternatives = ["prasugrel", "ticagrelor"] };
        var dpwg = Rec("pgx:simvastatin:dpwg", RecommendationAction.UseAlternative, subject: "simvastatin", engine: "pharmacogenomics") with
        {
            Evidence = new EvidenceLevel(EvidenceScheme.Dpwg, "4"),
            Alternatives = ["atorvastatin", "verapamil"],
        };
        var patient = Patient(meds: [new MedicationSummary("Simvastatin 80 MG Oral Tablet", null, "simvastatin"), new MedicationSummary("Clopidogrel 75 MG Oral Tablet", null, "clopidogrel")]);

        var plan = Run(new InteractionRule(), patient, recs: [cpic, dpwg]).Build("precis", "t", Now);

        var r = Assert.Single(plan.Recommendations, r => r.Engine == ReasoningContext.Engine);
        Assert.Equal("interaction:ticagrelor-simvastatin-lovastatin:ticagrelor+simvastatin:proposed", r.Id);
        Assert.Equal(RecommendationAction.Inform, r.Action);
        Assert.EndsWith("current simvastatin 80 mg exceeds the 40 mg limit.", r.ClinicianText, StringComparison.Ordinal);
    }

    [Fact]
    public void A_score_with_reference_quantiles_gets_an_empirical_percentile_curve_with_the_patient_on_it()
    {
        var quantiles = string.Join(",", Enumerable.Range(0, 101).Select(i => (i / 100.0).ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        var prs = Finding("prs:PGS1", "polygenic-risk", "polygenic-score", "PGS1", ("score", "PGS1"), ("trait", "Breast cancer"),
            ("percentile", "87.5"), ("sum", "0.875"), ("referenceQuantiles", quantiles), ("referencePopulation", "ALL: 1000 Genomes, n = 2504"));
        var bare = Finding("prs:PGS2", "polygenic-risk", "polygenic-score", "PGS2", ("score", "PGS2"), ("trait", "CAD"), ("percentile", "40"));

        var plan = Run(new FigureDataRule(), Patient(), [prs, bare]).Build("precis", "t", Now);

        var curve = plan.Figures.Single(f => f.Id == "figure:percentile:PGS1");
        Assert.Equal(new FigurePoint("patient", 87.5, 0.875), curve.Points[0]);
        Assert.Equal(102, curve.Points.Count);
        Assert.Equal(new FigurePoint("50", 0.5), curve.Points[51]);
        Assert.Equal("The score is at the 87.5th percentile: higher than 87.5 % of the reference population (ALL: 1000 Genomes, n = 2504).", curve.Caption);
        Assert.Equal([new FigurePoint("patient", 40)], plan.Figures.Single(f => f.Id == "figure:percentile:PGS2").Points);
    }

    [Fact]
    public void A_waterfall_starts_at_the_baseline_adds_each_contribution_largest_first_and_ends_at_the_prediction()
    {
        var f = FigureDataRule.Waterfall("figure:w", "Model", [new("age", 60, 0.3), new("hdl", 40, -0.5), new("smoker", 1, 0.1)], -1.0, ["prediction:m"]);

        Assert.Equal(["baseline", "hdl", "age", "smoker", "prediction"], f.Points.Select(p => p.Label));
        Assert.Equal(new FigurePoint("hdl", -0.5, -1.0, -1.5), f.Points[1]);
        Assert.Equal(-1.1, f.Points[^1].Value, 9);
    }

    [Fact]
    public void A_genotype_guided_alternative_for_a_current_drug_becomes_a_conflict_that_shows_the_phenoconversion()
    {
        var phenotype = Finding("pgx:CYP2D6:phenotype", "pharmacogenomics", "phenotype", "CYP2D6", ("phenotype", "Poor Metabolizer"),
            ("phenoconversion", "Normal Metabolizer → Poor Metabolizer by paroxetine (strong CYP2D6 inhibitor)"));
        var rec = Rec("pgx:codeine:cpic:1", RecommendationAction.Avoid, RecommendationStrength.Strong, "codeine", "pharmacogenomics") with { FindingIds = ["pgx:CYP2D6:phenotype"] };
        var other = Rec("pgx:tramadol:cpic:1", RecommendationAction.Avoid, RecommendationStrength.Strong, "tramadol", "pharmacogenomics");
        var patient = Patient(meds: [new MedicationSummary("Acetaminophen 300 MG / Codeine Phosphate 30 MG Oral Tablet", "RxNorm:993781", "acetaminophen / codeine")]);

        var plan = Run(new DrugGeneConflictRule(), patient, [phenotype], [rec, other]).Build("precis", "t", Now);

        var conflict = Assert.Single(plan.Conflicts);
        Assert.Equal("codeine — CYP2D6", conflict.Subject);
        Assert.Equal(["conflict:codeine:CYP2D6", "pgx:codeine:cpic:1"], conflict.RecommendationIds);
        Assert.Equal(RecommendationAction.Avoid, conflict.Action);
        Assert.Empty(conflict.RecordEntries!);
        var action = plan.Recommendations[0];
        Assert.Equal("conflict:codeine:CYP2D6", action.Id);
        Assert.Contains(action.Rationale, s => s.Statement == "phenoconversion applied by the pharmacogenomics engine: Normal Metabolizer → Poor Metabolizer by paroxetine (strong CYP2D6 inhibitor)");
        Assert.Contains(action.Rationale, s => s.Statement == "current medication 'Acetaminophen 300 MG / Codeine Phosphate 30 MG Oral Tablet' (RxNorm:993781) (no record entry with an id)");
    }

    [Fact]
    public void A_prediction_explanation_from_the_prediction_engine_draws_a_waterfall_ending_at_its_margin()
    {
        var explanation = Precis.Prediction.Explain.Contributions.Explain(["age", "sex", "hdl"], [61, 1, 38], [0.42, 0, -0.17, -1.3], logistic: true);

        var f = FigureDataRule.Waterfall("figure:w", "Model", explanation, ["prediction:m"]);

        Assert.Equal(["baseline", "age", "hdl", "prediction"], f.Points.Select(p => p.Label));
        Assert.Equal(explanation.Margin, f.Points[^1].Value, 9);
        Assert.Equal(-1.3, f.Points[0].Value);
    }

    [Fact]
    public void The_strength_in_milligrams_is_read_from_the_medication_text_and_not_from_a_concentration()
    {
        Assert.Equal(20, ReasoningContext.StrengthMg(new MedicationSummary("Simvastatin 20 MG Oral Tablet", null, null)));
        Assert.Equal(0.125, ReasoningContext.StrengthMg(new MedicationSummary("Digoxin 0.125 MG Oral Tablet", null, null)));
        Assert.Null(ReasoningContext.StrengthMg(new MedicationSummary("10 ML Furosemide 10 MG/ML Injection", null, null)));
        Assert.Null(ReasoningContext.StrengthMg(new MedicationSummary("Lipitor", null, null)));
    }
}

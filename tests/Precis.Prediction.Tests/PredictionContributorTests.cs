using Precis.Clinical;
using Precis.Core;
using Precis.Knowledge;
using Precis.Plans;
using Precis.Prediction.Reference;
using Precis.Testing;

namespace Precis.Prediction.Tests;

public sealed class PredictionContributorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);

    private static string Demo => Path.Combine(TestPaths.RepoRoot, "samples", "demo", "demo.fhir.json");

    private static Plan Compose(string fhir)
    {
        var knowledge = KnowledgeCatalog.Create(KnowledgeCatalog.DefaultDirectory());
        return PlanComposer.Compose([new PlanInput("fhir-bundle", fhir)], knowledge, Now, "precis", "test", new Progress<ProgressUpdate>(), [new PredictionContributor()]);
    }

    [Fact]
    public void Demo_patient_with_coronary_disease_gets_PCE_withheld_with_the_primary_prevention_reason()
    {
        var plan = Compose(Demo);
        var section = plan.Sections.Single(s => s.Id == "prediction");
        Assert.Equal(SectionStatus.Available, section.Status);
        Assert.Equal("1 reference model(s) applied; 2 withheld.", section.Message);
        var pce = plan.NotAssessed.Single(n => n.Area == "prediction" && n.Subject.StartsWith("ACC/AHA Pooled Cohort Equations", StringComparison.Ordinal));
        Assert.Equal(
            "Prediction withheld: the Pooled Cohort Equations are for primary prevention: this person has clinical ASCVD (secondary prevention), so a 10-year first-event risk does not apply",
            pce.Reason);
        var qrisk = plan.NotAssessed.Single(n => n.Subject.StartsWith("QRISK3", StringComparison.Ordinal));
        Assert.Contains("without cardiovascular disease", qrisk.Reason, StringComparison.Ordinal);
        Assert.Equal(["prediction:cha2ds2vasc"], plan.Findings.Where(f => f.Engine == "prediction").Select(f => f.Id));
    }

    [Fact]
    public void Demo_patient_with_atrial_fibrillation_gets_CHA2DS2_VASc_4_taken_apart_into_its_points_and_drawn_as_a_waterfall()
    {
        var plan = Compose(Demo);
        var score = plan.Findings.Single(f => f.Id == "prediction:cha2ds2vasc");

        // Woman of 62 with hypertension, type 2 diabetes and coronary disease: H 1 + D 1 + V 1 + Sc 1; age < 65 adds nothing.
        Assert.Equal("4", score.Details["value"]);
        Assert.Equal("points", score.Details["explanationUnit"]);
        Assert.Equal("0", score.Details["expectedMargin"]);
        var parts = score.Details.Where(kv => kv.Key.StartsWith("shap.", StringComparison.Ordinal)).ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Equal(new Dictionary<string, string> { ["shap.hypertension"] = "1", ["shap.diabetes"] = "1", ["shap.vascular disease"] = "1", ["shap.female sex"] = "1" }, parts);
        Assert.Contains("active condition 'Atrial fibrillation'", score.Details["input.atrial_fibrillation"], StringComparison.Ordinal);
        Assert.Contains(score.Rationale, s => s.Statement == "Stroke-risk score in atrial fibrillation (0–9 points): 4 points = hypertension 1 + diabetes 1 + vascular disease 1 + female sex 1");
        Assert.Equal("doi:10.1378/chest.09-1584", score.Citations.Single().Id);

        var figure = plan.Figures.Single(f => f.Kind == "waterfall");
        Assert.Equal(["prediction:cha2ds2vasc"], figure.FindingIds);
        Assert.Equal("contribution (points)", figure.YLabel);
        Assert.Equal(["baseline", "diabetes", "female sex", "hypertension", "vascular disease", "score"], figure.Points.Select(p => p.Label));
        Assert.Equal(4, figure.Points[^1].Value);
        Assert.Equal((3.0, 4.0), (figure.Points[4].Low!.Value, figure.Points[4].High!.Value));
    }

    [Fact]
    public void The_points_of_every_criterion_add_up_to_the_score()
    {
        var inputs = new RiskInputs(new Dictionary<string, string>
        {
            ["age"] = "78",
            ["sex"] = "male",
            ["atrial_fibrillation"] = "yes",
            ["chf"] = "yes",
            ["hypertension"] = "no",
            ["diabetes"] = "no",
            ["stroke_tia"] = "yes",
            ["vascular_disease"] = "no",
        }, "test");
        var p = new Cha2ds2Vasc().Predict(inputs);

        var e = Cha2ds2Vasc.Explain(p);

        Assert.Equal(5, p.Value);
        Assert.Equal(p.Value, e.Margin);
        Assert.Equal(0, e.ExpectedMargin);
        Assert.Equal([("heart failure", 1.0), ("age", 2.0), ("stroke/TIA", 2.0)], e.Features.Where(c => c.Shap != 0).Select(c => (c.Feature, c.Shap)));
        Assert.Equal(78, e.Features.Single(c => c.Feature == "age").Value);
        Assert.Throws<ArgumentException>(() => Cha2ds2Vasc.Explain(new Cha2ds2Vasc().Predict(new RiskInputs(new Dictionary<string, string> { ["age"] = "70", ["sex"] = "male", ["atrial_fibrillation"] = "no" }, "test"))));
    }

    [Fact]
    public void Prediabetes_is_not_read_as_diabetes_but_type_2_diabetes_still_is()
    {
        var pre = RecordInputMapper.FromPatient(new PatientSummary { Id = "p", ActiveConditions = ["Prediabetes", "Essential hypertension (disorder)"] });
        var t2 = RecordInputMapper.FromPatient(new PatientSummary { Id = "p", ActiveConditions = ["Prediabetes", "Diabetes mellitus type 2 (disorder)"] });

        Assert.Equal(("no", "no", "no"), (pre.Values["diabetes"], pre.Values["type2_diabetes"], pre.Values["type1_diabetes"]));
        Assert.Equal("no matching active condition in the record", pre.Origins["diabetes"]);
        Assert.Equal("yes", pre.Values["hypertension"]);
        Assert.Equal(("yes", "yes"), (t2.Values["diabetes"], t2.Values["type2_diabetes"]));
        Assert.Equal("active condition 'Diabetes mellitus type 2 (disorder)'", t2.Origins["diabetes"]);
    }

    [Fact]
    public void Demo_record_maps_to_the_inputs_a_clinician_would_read_off_it()
    {
        var patient = BundleSummaryReader.ReadFile(Demo, DateOnly.FromDateTime(Now.UtcDateTime));
        var r = RecordInputMapper.FromPatient(patient);
        Assert.Equal("62", r.Values["age"]);
        Assert.Equal("female", r.Values["sex"]);
        Assert.Equal("189", r.Values["total_cholesterol"]);
        Assert.Equal("46", r.Values["hdl"]);
        Assert.Equal("136", r.Values["sbp"]);
        Assert.Equal("yes", r.Values["bp_treated"]);
        Assert.Equal("no", r.Values["smoker"]);
        Assert.Equal("ex-smoker", r.Values["smoking"]);
        Assert.Equal("yes", r.Values["diabetes"]);
        Assert.Equal("yes", r.Values["type2_diabetes"]);
        Assert.Equal("yes", r.Values["ascvd"]);
        Assert.Equal("4.11", r.Values["cholesterol_hdl_ratio"]);
        Assert.Equal("active condition 'Coronary arteriosclerosis'", r.Origins["ascvd"]);
        Assert.Contains("2093-3", r.Origins["total_cholesterol"], StringComparison.Ordinal);
    }

    [Fact]
    public void Without_coronary_disease_the_demo_patient_gets_PCE_and_QRISK3_findings_with_inputs_version_citation_and_disclaimer()
    {
        var dir = TestPaths.TempDir();
        var text = File.ReadAllText(Demo)
            .Replace("Coronary arteriosclerosis", "Seasonal allergic rhinitis", StringComparison.Ordinal)
            .Replace("Ischemic heart disease", "Osteoarthritis of knee", StringComparison.Ordinal);
        var fhir = Path.Combine(dir, "primary-prevention.fhir.json");
        File.WriteAllText(fhir, text);
        var plan = Compose(fhir);
        Assert.Equal(SectionStatus.Available, plan.Sections.Single(s => s.Id == "prediction").Status);

        var pce = plan.Findings.Single(f => f.Id == "prediction:pce");
        Assert.Equal("predicted-risk", pce.Kind);
        Assert.Equal("2013 (Goff et al.)", pce.Details["modelVersion"]);
        Assert.StartsWith("189 (Total cholesterol (LOINC:2093-3", pce.Details["input.total_cholesterol"], StringComparison.Ordinal);
        Assert.Equal("doi:10.1161/01.cir.0000437741.48606.98", pce.Citations.Single().Id);

        // Woman, 62, TC 189, HDL 46, treated SBP 136, non-smoker, diabetic: white-women equations.
        var expected = 100 * PooledCohortEquations.Risk(PooledCohortEquations.WhiteWomen, 62, 189, 46, 136, true, false, true);
        Assert.Equal(expected.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture), pce.Details["value"]);
        Assert.Contains(pce.Rationale, s => s.Kind == RationaleStepKind.Score);
        Assert.Contains(pce.Quality, q => q.Message.Contains("white equations", StringComparison.Ordinal));

        var qrisk = plan.Findings.Single(f => f.Id == "prediction:qrisk3");
        Assert.Equal(Precis.Prediction.Qrisk3.Qrisk3Disclaimer.Text, qrisk.Details["disclaimer"]);
        Assert.EndsWith("(see disclaimer)", qrisk.Summary, StringComparison.Ordinal);
    }
}

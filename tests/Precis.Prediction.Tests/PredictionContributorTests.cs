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
        Assert.Equal(SectionStatus.InsufficientData, section.Status);
        var pce = plan.NotAssessed.Single(n => n.Area == "prediction" && n.Subject.StartsWith("ACC/AHA Pooled Cohort Equations", StringComparison.Ordinal));
        Assert.Equal(
            "Prediction withheld: the Pooled Cohort Equations are for primary prevention: this person has clinical ASCVD (secondary prevention), so a 10-year first-event risk does not apply",
            pce.Reason);
        var qrisk = plan.NotAssessed.Single(n => n.Subject.StartsWith("QRISK3", StringComparison.Ordinal));
        Assert.Contains("without cardiovascular disease", qrisk.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(plan.Findings, f => f.Engine == "prediction");
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

using Precis.Cli;
using Precis.Prediction.Qrisk3;
using Precis.Testing;

namespace Precis.Prediction.Tests;

/// <summary>`precis risk` end to end through the command line.</summary>
public sealed class RiskCommandTests
{
    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await PrecisCli.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Demo_record_PCE_is_withheld_with_the_reason_and_the_inputs_read_from_the_bundle()
    {
        var (code, output, _) = await Run("risk", "pce", "--record", Path.Combine(TestPaths.RepoRoot, "samples", "demo", "demo.fhir.json"));
        Assert.Equal(ExitCodes.Ok, code);
        Assert.StartsWith("ACC/AHA Pooled Cohort Equations: withheld — the Pooled Cohort Equations are for primary prevention", output, StringComparison.Ordinal);
        Assert.Contains("input total_cholesterol = 189  [Total cholesterol (LOINC:2093-3, 189 mg/dL, 2026-10-08)]", output, StringComparison.Ordinal);
        Assert.Contains("input ascvd = yes  [active condition 'Coronary arteriosclerosis']", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_overrides_the_record_and_gives_the_white_women_PCE_risk()
    {
        var (code, output, _) = await Run("risk", "pce", "--record", Path.Combine(TestPaths.RepoRoot, "samples", "demo", "demo.fhir.json"), "--set", "ascvd=no", "--format", "json");
        Assert.Equal(ExitCodes.Ok, code);
        using var doc = System.Text.Json.JsonDocument.Parse(output);
        var expected = 100 * Reference.PooledCohortEquations.Risk(Reference.PooledCohortEquations.WhiteWomen, 62, 189, 46, 136, true, false, true);
        Assert.Equal(expected, doc.RootElement.GetProperty("value").GetDouble(), 9);
        Assert.Equal("yes", doc.RootElement.GetProperty("inputs").GetProperty("bp_treated").GetString());
    }

    [Fact]
    public async Task QRISK3_score_is_printed_with_the_ClinRisk_disclaimer()
    {
        var (code, output, _) = await Run("risk", "qrisk3", "--set", "age=64", "sex=male", "ethnicity=indian", "smoking=ex-smoker", "bmi=27", "cholesterol_hdl_ratio=4", "sbp=140", "cvd=no");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.StartsWith("QRISK3-2017: ", output, StringComparison.Ordinal);
        Assert.Contains("disclaimer: " + Qrisk3Disclaimer.Text, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_set_pair_is_bad_input_naming_it()
    {
        var (code, _, error) = await Run("risk", "cha2ds2vasc", "--set", "age");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--set:", error, StringComparison.Ordinal);
        Assert.Contains("age: expected key=value", error, StringComparison.Ordinal);
    }
}

using System.Text.Json;
using Precis.Clinical.Fhir;
using Precis.Testing;

namespace Precis.Cli.Tests;

public class PlanCommandTests
{
    private static string Demo(string name) => Path.Combine(TestPaths.RepoRoot, "samples", "demo", name);

    private static string[] DemoInputs() =>
    [
        "plan", "--vcf", Demo("demo.germline.vcf"), "--record", Demo("demo.fhir.json"), "--tumor", Demo("demo.tumour.maf"),
        "--wearables", Demo("demo.wearable.csv"),
    ];

    private static List<JsonElement> Resources(JsonElement bundle, string type) =>
        [.. bundle.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("resource")).Where(r => r.GetProperty("resourceType").GetString() == type)];

    private static bool HasProfile(JsonElement resource, string profile) =>
        resource.TryGetProperty("meta", out var meta) && meta.TryGetProperty("profile", out var p)
        && p.EnumerateArray().Any(x => x.GetString()!.EndsWith("/StructureDefinition/" + profile, StringComparison.Ordinal));

    /// <summary>Checks a plan bundle against its report.json: collection type, one RequestGroup action per recommendation in rank order, RiskAssessments, Variant Observations.</summary>
    private static void AssertPlanBundle(string fhirPath, string reportPath)
    {
        var text = File.ReadAllText(fhirPath);
        _ = FhirJson.Parse(text, fhirPath); // the strict parser: duplicate keys, depth and size limits
        using var fhir = JsonDocument.Parse(text);
        using var report = JsonDocument.Parse(File.ReadAllText(reportPath));
        var bundle = fhir.RootElement;
        Assert.Equal("Bundle", bundle.GetProperty("resourceType").GetString());
        Assert.Equal("collection", bundle.GetProperty("type").GetString());

        var group = Assert.Single(Resources(bundle, "RequestGroup"));
        var actions = group.GetProperty("action").EnumerateArray().ToList();
        var recommendations = report.RootElement.GetProperty("recommendations").EnumerateArray().ToList();
        Assert.Equal(recommendations.Count, actions.Count);
        Assert.Contains("clopidogrel", actions[0].GetProperty("title").GetString()!, StringComparison.OrdinalIgnoreCase);
        Assert.All(actions, a => Assert.Contains(a.GetProperty("documentation").EnumerateArray(), d => d.GetProperty("type").GetString() == "citation"));

        var risks = Resources(bundle, "RiskAssessment");
        Assert.Contains(risks, r => r.GetRawText().Contains("CHA2DS2-VASc", StringComparison.Ordinal));
        var variants = Resources(bundle, "Observation").Where(o => HasProfile(o, "variant")).ToList();
        Assert.NotEmpty(variants);
        Assert.Contains(variants, v => v.GetRawText().Contains("PIK3CA", StringComparison.Ordinal));
        Assert.All(variants, v => Assert.Contains(v.GetProperty("code").GetProperty("coding").EnumerateArray(), c => c.GetProperty("code").GetString() == "69548-6"));
    }

    [Fact]
    public void Plan_with_format_fhir_writes_a_collection_bundle_with_the_ranked_actions_risks_and_variants()
    {
        var dir = TestPaths.TempDir();

        var (exit, output, err) = CliRunner.Run([.. DemoInputs(), "--format", "json,fhir", "-o", dir, "--quiet"]);

        Assert.True(exit == ExitCodes.Ok, err);
        Assert.Contains(Path.Combine(dir, "plan.fhir.json"), output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir, "report.html")), "only the formats asked for are written");
        AssertPlanBundle(Path.Combine(dir, "plan.fhir.json"), Path.Combine(dir, "report.json"));
    }

    [Fact]
    public void Export_fhir_plan_turns_a_report_json_into_the_same_collection_bundle()
    {
        var dir = TestPaths.TempDir();
        Assert.Equal(ExitCodes.Ok, CliRunner.Run([.. DemoInputs(), "--format", "json", "-o", dir, "--quiet"]).Exit);
        var report = Path.Combine(dir, "report.json");
        var bundle = Path.Combine(dir, "exported.fhir.json");

        var (exit, _, err) = CliRunner.Run("export", "fhir", report, "--plan", "-o", bundle);

        Assert.True(exit == ExitCodes.Ok, err);
        AssertPlanBundle(bundle, report);
    }

    [Fact]
    public void Export_fhir_of_a_file_that_is_not_a_report_names_the_file()
    {
        var path = Path.Combine(TestPaths.TempDir(), "not-a-report.json");
        File.WriteAllText(path, "{\"resourceType\": ");

        var (exit, _, err) = CliRunner.Run("export", "fhir", path, "--plan");

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("not-a-report.json", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Tumor_type_overrides_the_record_and_tiers_the_pik3ca_therapy_as_off_label_for_lung_adenocarcinoma()
    {
        var breast = TestPaths.TempDir();
        var lung = TestPaths.TempDir();
        string[] inputs = ["plan", "--record", Demo("demo.fhir.json"), "--tumor", Demo("demo.tumour.maf"), "--format", "json", "--quiet"];

        Assert.Equal(ExitCodes.Ok, CliRunner.Run([.. inputs, "-o", breast]).Exit);
        var (exit, _, err) = CliRunner.Run([.. inputs, "--tumor-type", "luad", "-o", lung]);

        Assert.True(exit == ExitCodes.Ok, err);
        using var b = JsonDocument.Parse(File.ReadAllText(Path.Combine(breast, "report.json")));
        using var l = JsonDocument.Parse(File.ReadAllText(Path.Combine(lung, "report.json")));
        JsonElement Pik3ca(JsonDocument d) => d.RootElement.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("id").GetString() == "onco:DEMO-001-T:PIK3CA-p.H1047R");
        string Action(JsonDocument d) => d.RootElement.GetProperty("recommendations").EnumerateArray()
            .First(r => r.GetProperty("engine").GetString() == "oncology" && r.GetProperty("subject").GetProperty("name").GetString() == "alpelisib + fulvestrant").GetProperty("action").GetString()!;

        Assert.Equal("BREAST", Pik3ca(b).GetProperty("details").GetProperty("tumourType").GetString());
        Assert.Equal("LUAD", Pik3ca(l).GetProperty("details").GetProperty("tumourType").GetString());
        Assert.Contains("given with --tumor-type; the record's cancer condition maps to BREAST, which was not used", Pik3ca(l).GetProperty("details").GetProperty("tumourTypeMapping").GetString()!, StringComparison.Ordinal);
        Assert.Equal("consider", Action(b));
        Assert.Equal("consider-trial", Action(l));
    }

    [Fact]
    public void Tumor_type_without_a_tumour_file_is_a_usage_error()
    {
        var (exit, _, err) = CliRunner.Run("plan", "--record", Demo("demo.fhir.json"), "--tumor-type", "BRCA", "-o", TestPaths.TempDir());

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("--tumor-type needs --tumor", err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tumor_type_that_is_not_an_oncotree_code_is_refused_with_the_option_named()
    {
        var (exit, _, err) = CliRunner.Run("plan", "--tumor", Demo("demo.tumour.maf"), "--tumor-type", "breast cancer", "-o", TestPaths.TempDir());

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("--tumour-type", err, StringComparison.Ordinal);
        Assert.Contains("not an OncoTree code", err, StringComparison.Ordinal);
    }
}

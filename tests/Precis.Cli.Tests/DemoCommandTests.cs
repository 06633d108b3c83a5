using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Precis.Reporting;
using Precis.Testing;

namespace Precis.Cli.Tests;

public class DemoCommandTests
{
    [Fact]
    public void The_demo_writes_a_json_report_that_validates_against_the_schema()
    {
        var dir = TestPaths.TempDir();

        var (exit, output, _) = CliRunner.Run("demo", "-o", dir, "--quiet");

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains(Path.Combine(dir, "report.json"), output, StringComparison.Ordinal);
        var json = File.ReadAllText(Path.Combine(dir, "report.json"));
        Assert.Empty(new JsonSchemaValidator(PlanJson.Schema()).Validate(json));
    }

    [Fact]
    public void The_demo_report_summarises_the_synthetic_patient_from_the_fhir_bundle()
    {
        var dir = TestPaths.TempDir();
        CliRunner.Run("demo", "-o", dir, "--quiet");

        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "report.json")));
        var patient = doc.RootElement.GetProperty("patient");
        Assert.Equal("demo-001", patient.GetProperty("id").GetString());
        Assert.Equal("female", patient.GetProperty("sex").GetString());
        var meds = patient.GetProperty("currentMedications").EnumerateArray().Select(m => m.GetProperty("text").GetString()).ToList();
        Assert.Contains("Clopidogrel 75 MG Oral Tablet", meds);
        Assert.Contains("Simvastatin 20 MG Oral Tablet", meds);
        Assert.Contains("Coronary arteriosclerosis", patient.GetProperty("activeConditions").EnumerateArray().Select(c => c.GetString()));
        var bp = patient.GetProperty("latestMeasurements").EnumerateArray().Single(m => m.GetProperty("name").GetString() == "Blood pressure");
        Assert.Equal("136/84", bp.GetProperty("value").GetString());
        Assert.Equal("2026-10-08", bp.GetProperty("date").GetString());
        Assert.Contains("Smoking: Former smoker (recorded 2026-10-08)", patient.GetProperty("lifestyle").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public void The_demo_report_lists_every_section_and_the_checksums_of_the_inputs_it_read()
    {
        var dir = TestPaths.TempDir();
        CliRunner.Run("demo", "-o", dir, "--quiet");

        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "report.json")));
        var sections = doc.RootElement.GetProperty("sections").EnumerateArray().Select(s => s.GetProperty("id").GetString()).ToList();
        Assert.Equal(["record", "pharmacogenomics", "oncology", "polygenic-risk", "prediction", "monitoring"], sections);
        var inputs = doc.RootElement.GetProperty("provenance").GetProperty("inputs").EnumerateArray().ToList();
        Assert.Equal(4, inputs.Count);
        foreach (var input in inputs)
        {
            var file = Path.Combine(dir, "inputs", input.GetProperty("fileName").GetString()!);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file))), input.GetProperty("sha256").GetString());
        }
    }

    [Fact]
    public void The_demo_html_shows_the_patient_summary_and_the_status_of_each_section()
    {
        var dir = TestPaths.TempDir();
        CliRunner.Run("demo", "-o", dir, "--quiet");

        var html = File.ReadAllText(Path.Combine(dir, "report.html"));
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "report.json")));
        Assert.Contains("<h1>Maria Demo</h1>", html, StringComparison.Ordinal);
        Assert.Contains("Clopidogrel 75 MG Oral Tablet", html, StringComparison.Ordinal);
        foreach (var s in doc.RootElement.GetProperty("sections").EnumerateArray())
            Assert.Contains(System.Net.WebUtility.HtmlEncode(s.GetProperty("title").GetString()!), html, StringComparison.Ordinal);
        Assert.Contains("Research use only", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_demo_is_reproducible_when_the_report_time_is_fixed()
    {
        var a = TestPaths.TempDir();
        var b = TestPaths.TempDir();
        Environment.SetEnvironmentVariable("SOURCE_DATE_EPOCH", "1795000000");
        try
        {
            CliRunner.Run("demo", "-o", a, "--quiet");
            CliRunner.Run("demo", "-o", b, "--quiet");
        }
        finally
        {
            Environment.SetEnvironmentVariable("SOURCE_DATE_EPOCH", null);
        }

        Assert.Equal(File.ReadAllText(Path.Combine(a, "report.json")), File.ReadAllText(Path.Combine(b, "report.json")));
        Assert.Contains("\"generatedAt\": \"2026-11-18", File.ReadAllText(Path.Combine(a, "report.json")), StringComparison.Ordinal);
    }

    [SkippableFact]
    public void The_demo_report_opens_in_headless_chromium_and_shows_the_patient()
    {
        const string chromium = "/usr/bin/chromium";
        Skip.IfNot(File.Exists(chromium), "Chromium is not installed (apt-get install -y chromium); ./test.sh installs it");
        var dir = TestPaths.TempDir();
        CliRunner.Run("demo", "-o", dir, "--quiet");
        var png = Path.Combine(dir, "report.png");
        var profile = Path.Combine(dir, "profile");
        string[] common = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--user-data-dir=" + profile];

        var dom = RunProcess(chromium, [.. common, "--dump-dom", "file://" + Path.Combine(dir, "report.html")]);
        RunProcess(chromium, [.. common, "--window-size=1280,1800", "--screenshot=" + png, "file://" + Path.Combine(dir, "report.html")]);

        Assert.Contains("<h1>Maria Demo</h1>", dom, StringComparison.Ordinal);
        Assert.Contains("Clopidogrel 75 MG Oral Tablet", dom, StringComparison.Ordinal);
        Assert.True(File.Exists(png), "Chromium wrote no screenshot");
        Assert.True(new FileInfo(png).Length > 20_000, "the screenshot is too small to show a rendered report");
    }

    private static string RunProcess(string file, string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        _ = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(60_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("chromium did not finish within 60 s");
        }

        return stdout.Result;
    }
}

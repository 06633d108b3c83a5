using System.CommandLine;
using System.Globalization;
using Precis.Clinical;
using Precis.Core;
using Precis.Knowledge;
using Precis.Plans;
using Precis.Reporting;

namespace Precis.Cli.Commands;

/// <summary>`precis demo`: runs every engine in this build on the bundled synthetic demo patient.</summary>
internal static class DemoCommand
{
    /// <summary>The demo patient's files, as embedded from samples/demo.</summary>
    internal static readonly (string Role, string FileName)[] DemoInputs =
    [
        ("germline-vcf", "demo.germline.vcf"),
        ("tumour-maf", "demo.tumour.maf"),
        ("fhir-bundle", "demo.fhir.json"),
        ("wearable-csv", "demo.wearable.csv"),
    ];

    public static Command Create(TextWriter output, TextWriter error)
    {
        var demo = new Command("demo", "Run every engine on the bundled synthetic demo patient and write report.html and report.json (default directory: demo-out)");
        demo.SetHandler(output, error, (_, ctx) =>
        {
            var dir = ctx.OutputPath ?? "demo-out";
            var formats = ReportFormats.Parse(ctx.Format);
            Directory.CreateDirectory(dir);
            var inputs = Path.Combine(dir, "inputs");
            Directory.CreateDirectory(inputs);
            foreach (var (_, name) in DemoInputs)
                ExtractDemoFile(name, Path.Combine(inputs, name));

            var now = ReportClock.Now();
            var files = DemoInputs.Select(d => (d.Role, Path: Path.Combine(inputs, d.FileName))).ToList();
            var plan = CliProgress.Run(ctx, "demo", progress => PlanRunner.Run(files, now, progress));
            var written = ReportFormats.Write(plan, dir, formats);
            foreach (var w in written)
                output.WriteLine(w);
            ctx.Info($"Demo plan for synthetic patient {plan.Patient.Id}: {plan.Recommendations.Count} recommendation(s), " +
                $"{plan.Sections.Count(s => s.Status == SectionStatus.Available)} of {plan.Sections.Count} sections assessed.");
            return ExitCodes.Ok;
        });
        return demo;
    }

    private static void ExtractDemoFile(string name, string destination)
    {
        using var resource = typeof(DemoCommand).Assembly.GetManifestResourceStream("Precis.Cli.Demo." + name)
            ?? throw new InvalidOperationException($"demo file {name} is missing from this build");
        using var file = File.Create(destination);
        resource.CopyTo(file);
    }
}

/// <summary>Runs the engines present in this build on one patient's inputs and composes the plan.</summary>
internal static class PlanRunner
{
    public static Plan Run(IReadOnlyList<(string Role, string Path)> inputs, DateTimeOffset now, IProgress<ProgressUpdate> progress)
    {
        var catalog = KnowledgeCatalog.Create(KnowledgeCatalog.DefaultDirectory());
        var fhir = inputs.FirstOrDefault(i => i.Role == "fhir-bundle").Path;
        progress.Report(new ProgressUpdate("reading the clinical record", 0, inputs.Count));
        var patient = fhir is null
            ? new PatientSummary { Id = "unknown" }
            : BundleSummaryReader.ReadFile(fhir, DateOnly.FromDateTime(now.UtcDateTime));

        var builder = new PlanBuilder(patient);
        builder.AddKnowledge(catalog.Versions);
        var done = 0;
        foreach (var (role, path) in inputs)
        {
            builder.AddInput(InputChecksum.OfFile(role, path));
            progress.Report(new ProgressUpdate("checksumming inputs", ++done, inputs.Count));
        }

        builder.AddSection(new PlanSection("record", "Clinical record", fhir is null ? SectionStatus.NoInput : SectionStatus.Available,
            fhir is null ? "No FHIR bundle was given." : $"Summary of {Path.GetFileName(fhir)}: {patient.ActiveConditions.Count} active condition(s), {patient.CurrentMedications.Count} current medication(s)."));
        foreach (var (id, title, role) in EngineSections)
        {
            var given = inputs.Any(i => i.Role == role);
            builder.AddSection(new PlanSection(id, title, SectionStatus.NotAvailableInThisBuild,
                given ? $"Not available in this build: the {title.ToLowerInvariant()} engine has not landed yet; the input was read and checksummed but not analysed."
                      : $"Not available in this build."));
            builder.AddNotAssessed(new NotAssessed(id, title, "Not available in this build."));
        }

        return builder.Build("precis", PrecisCli.Version, now);
    }

    private static readonly (string Id, string Title, string Role)[] EngineSections =
    [
        ("pharmacogenomics", "Pharmacogenomics", "germline-vcf"),
        ("oncology", "Precision oncology", "tumour-maf"),
        ("polygenic-risk", "Polygenic risk", "germline-vcf"),
        ("prediction", "Risk and response prediction", "fhir-bundle"),
        ("monitoring", "Monitoring and lifestyle", "wearable-csv"),
    ];
}

/// <summary>The report formats a plan is written in.</summary>
internal static class ReportFormats
{
    public static IReadOnlySet<string> Parse(string? format)
    {
        if (string.IsNullOrWhiteSpace(format) || format == "all")
            return new HashSet<string>(["json", "html"], StringComparer.Ordinal);
        var set = format.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var unknown = set.FirstOrDefault(f => f is not ("json" or "html"));
        if (unknown is not null)
            throw new InputException(new InputError("--format", null, null, null, $"'{unknown}' is not a report format", "use json, html or json,html"));
        return set;
    }

    public static IReadOnlyList<string> Write(Plan plan, string directory, IReadOnlySet<string> formats)
    {
        var written = new List<string>();
        if (formats.Contains("json"))
            written.Add(WriteAtomically(Path.Combine(directory, "report.json"), PlanJson.Serialize(plan)));
        if (formats.Contains("html"))
            written.Add(WriteAtomically(Path.Combine(directory, "report.html"), PlanHtml.Render(plan)));
        return written;
    }

    /// <summary>Writes to a temporary file and renames it, so a failed run never leaves half a report.</summary>
    private static string WriteAtomically(string path, string content)
    {
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, content);
        File.Move(tmp, path, overwrite: true);
        return path;
    }
}

/// <summary>The report time: now, or SOURCE_DATE_EPOCH (seconds) when set, for reproducible reports.</summary>
internal static class ReportClock
{
    public static DateTimeOffset Now() =>
        long.TryParse(Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH"), NumberStyles.None, CultureInfo.InvariantCulture, out var epoch)
            ? DateTimeOffset.FromUnixTimeSeconds(epoch)
            : DateTimeOffset.UtcNow;
}

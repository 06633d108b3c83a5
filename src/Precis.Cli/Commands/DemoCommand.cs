using System.CommandLine;
using System.Globalization;
using Precis.Core;
using Precis.Knowledge;
using Precis.Plans;

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
            var files = DemoInputs.Select(d => new PlanInput(d.Role, Path.Combine(inputs, d.FileName))).ToList();
            var knowledge = KnowledgeCatalog.Create(KnowledgeCatalog.DefaultDirectory());
            var plan = CliProgress.Run(ctx, "demo", progress =>
                PlanComposer.Compose(files, knowledge, now, "precis", PrecisCli.Version, progress, threads: ctx.Threads));
            var written = ReportFormats.Write(plan, dir, formats, knowledge, ctx);
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

/// <summary>The report time: now, or SOURCE_DATE_EPOCH (seconds) when set, for reproducible reports.</summary>
internal static class ReportClock
{
    public static DateTimeOffset Now() =>
        long.TryParse(Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH"), NumberStyles.None, CultureInfo.InvariantCulture, out var epoch)
            ? DateTimeOffset.FromUnixTimeSeconds(epoch)
            : DateTimeOffset.UtcNow;
}

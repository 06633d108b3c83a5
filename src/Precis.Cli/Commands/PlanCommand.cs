using System.CommandLine;
using Precis.Core;
using Precis.Knowledge;
using Precis.Plans;

namespace Precis.Cli.Commands;

/// <summary>`precis plan`: the main job — one patient's files in, report.json and report.html out.</summary>
internal static class PlanCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var fhir = new Option<string?>("--record", "--fhir") { Description = "The patient's FHIR R4 bundle (JSON)" };
        var vcf = new Option<string?>("--vcf") { Description = "Germline VCF/gVCF, GRCh38 (plain, gzip or BGZF)" };
        var maf = new Option<string?>("--tumour", "--tumor", "--maf") { Description = "Somatic variants: MAF or VCF (tumour type from --tumor-type, else from the record's cancer condition)" };
        var tumourType = new Option<string?>("--tumour-type", "--tumor-type") { Description = "OncoTree code of the tumour, e.g. BRCA, LUAD, COADREAD (default: mapped from the record's cancer condition)" };
        var wearable = new Option<string?>("--wearable", "--wearables") { Description = "Wearable / patient-generated data (CSV: timestamp,metric,value,unit)" };
        var outside = new Option<string?>("--outside-calls") { Description = "PharmCAT outside-call TSV (gene, diplotype[, phenotype[, activity score]]), e.g. CYP2D6" };
        var plan = new Command("plan", "Compose one patient's personalised plan from their files and write report.json and report.html to --output (default: plan-out)")
        {
            fhir, vcf, maf, tumourType, wearable, outside,
        };
        plan.SetHandler(output, error, (parse, ctx) =>
        {
            var files = new List<PlanInput>();
            void Add(string role, string? path)
            {
                if (path is null)
                    return;

                // Open once here so a missing or empty file fails before anything is written.
                using (InputFiles.OpenForReading(path))
                {
                }

                files.Add(new PlanInput(role, path));
            }

            Add("fhir-bundle", parse.GetValue(fhir));
            Add("germline-vcf", parse.GetValue(vcf));
            Add("tumour-maf", parse.GetValue(maf));
            Add("wearable-csv", parse.GetValue(wearable));
            Add("outside-calls", parse.GetValue(outside));
            if (files.Count == 0)
                throw new UsageException("plan needs at least one input: --record, --vcf, --tumour or --wearable (try 'precis demo' for an example)");
            var type = parse.GetValue(tumourType);
            if (type is not null && parse.GetValue(maf) is null)
                throw new UsageException("--tumor-type needs --tumor (the somatic variants it describes)");

            var formats = ReportFormats.Parse(ctx.Format);
            var dir = ctx.OutputPath ?? "plan-out";
            var knowledge = KnowledgeCatalog.Create(KnowledgeCatalog.DefaultDirectory());
            var result = CliProgress.Run(ctx, "plan", progress =>
                PlanComposer.Compose(files, knowledge, ReportClock.Now(), "precis", PrecisCli.Version, progress, threads: ctx.Threads, tumourType: type));
            Directory.CreateDirectory(dir);
            foreach (var w in ReportFormats.Write(result, dir, formats, knowledge, ctx))
                output.WriteLine(w);
            ctx.Info($"Plan: {result.Recommendations.Count} recommendation(s); {result.NotAssessed.Count} item(s) could not be assessed.");
            return ExitCodes.Ok;
        });
        return plan;
    }
}

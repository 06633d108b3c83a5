using System.CommandLine;
using System.Text.Json;
using Precis.Clinical;
using Precis.Clinical.Export;
using Precis.Clinical.Fhir;
using Precis.Clinical.Monitoring;
using Precis.Clinical.Record;
using Precis.Core;
using Precis.Knowledge;
using Precis.Reporting;

namespace Precis.Cli.Commands;

/// <summary>
/// The clinical engine's commands: `precis record import|show F` (FHIR R4 bundle), `precis monitor F` (wearable CSV
/// or a FHIR bundle's observations) and `precis export fhir REPORT [--plan]` (a plan as a Genomics Reporting IG bundle, or
/// the whole plan as a collection Bundle with a RequestGroup of the ranked recommendations).
/// </summary>
internal static class RecordCommands
{
    public static IEnumerable<Command> Create(TextWriter output, TextWriter error)
    {
        yield return Record(output, error);
        yield return Monitor(output, error);
        yield return Export(output, error);
    }

    private static Command Record(TextWriter output, TextWriter error)
    {
        var record = new Command("record", "The patient's clinical record from a FHIR R4 bundle (JSON)");

        var importFile = new Argument<string>("file") { Description = "A FHIR R4 Bundle (transaction, batch, collection or searchset) as JSON" };
        var import = new Command("import", "Validate a FHIR R4 bundle strictly (exit 1 naming file, line and JSON path on the first error) and summarise what it holds") { importFile };
        import.SetHandler(output, error, (parse, ctx) =>
        {
            var path = parse.GetRequiredValue(importFile);
            var (bundle, rec) = Read(path);
            if (ctx.Format is "json")
            {
                output.WriteLine(JsonSerializer.Serialize(new
                {
                    file = Path.GetFileName(path),
                    bundleType = bundle.Type,
                    entries = bundle.Entries.Count,
                    resources = bundle.Entries.Where(e => e.Resource is not null).GroupBy(e => e.Resource!.ResourceType).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
                    patient = rec.PatientId,
                    dataQuality = rec.DataQuality,
                }, RecordPrinter.Json));
            }
            else
            {
                output.Write(RecordPrinter.Import(path, bundle, rec));
            }

            return ExitCodes.Ok;
        });

        var showFile = new Argument<string>("file") { Description = "A FHIR R4 Bundle as JSON" };
        var show = new Command("show", "Show the patient record: demographics, active conditions, current medications as RxNorm ingredients, allergies, latest vitals and labs, smoking, alcohol, BMI, family history and data-quality issues (--format json for machines)") { showFile };
        show.SetHandler(output, error, (parse, ctx) =>
        {
            var (_, rec) = Read(parse.GetRequiredValue(showFile));
            output.Write(ctx.Format is "json" ? JsonSerializer.Serialize(rec, RecordPrinter.Json) + Environment.NewLine : RecordPrinter.Show(rec));
            return ExitCodes.Ok;
        });

        record.Subcommands.Add(import);
        record.Subcommands.Add(show);
        return record;
    }

    private static Command Monitor(TextWriter output, TextWriter error)
    {
        var file = new Argument<string>("file") { Description = "Wearable CSV (timestamp,metric,value,unit) or a FHIR R4 bundle (.json) with heart-rate, steps, glucose observations" };
        var monitor = new Command("monitor", "Daily aggregates, personal baselines, trends, gaps and CGM consensus metrics (time in range, GMI, CV) against the published targets, with the rule behind each alert") { file };
        monitor.SetHandler(output, error, (parse, ctx) =>
        {
            var path = parse.GetRequiredValue(file);
            WearableData data;
            if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                var (_, rec) = Read(path);
                data = WearableCsvReader.FromRecord(rec);
            }
            else
            {
                data = WearableCsvReader.ReadFile(path);
            }

            var report = MonitoringAnalyzer.Analyse(data);
            output.Write(ctx.Format is "json" ? JsonSerializer.Serialize(report, RecordPrinter.Json) + Environment.NewLine : RecordPrinter.Monitoring(path, report));
            return ExitCodes.Ok;
        });
        return monitor;
    }

    private static Command Export(TextWriter output, TextWriter error)
    {
        var export = new Command("export", "Export results to other systems");
        var report = new Argument<string>("report") { Description = "A plan's report.json (from precis plan or precis demo)" };
        var wholePlan = new Option<bool>("--plan") { Description = "Write the whole plan as a collection Bundle: the genomics resources plus a RequestGroup of every ranked recommendation with its evidence and citations" };
        var fhir = new Command("fhir", "Write the plan's variants, genotypes, haplotypes, therapeutic implications, medication recommendations and predicted risks as a FHIR R4 transaction Bundle (HL7 Genomics Reporting IG STU3) to --output or stdout") { report, wholePlan };
        fhir.SetHandler(output, error, (parse, ctx) =>
        {
            var path = parse.GetRequiredValue(report);
            string json;
            using (var stream = InputFiles.OpenForReading(path))
            using (var reader = new StreamReader(stream))
                json = reader.ReadToEnd();
            Plan plan;
            try
            {
                plan = PlanJson.Deserialize(json);
            }
            catch (JsonException ex)
            {
                throw new InputException(InputErrors.FromJson(path, ex, "not a Precis report.json", "pass the report.json written by precis plan or precis demo"), ex);
            }

            var bundle = parse.GetValue(wholePlan)
                ? PlanFhirExporter.Export(plan, path)
                : GenomicsReportExporter.Export(plan.Patient, plan.Findings, plan.Recommendations, plan.Provenance.GeneratedAt, path);
            var text = FhirJson.Serialize(bundle, indented: true);
            if (ctx.OutputPath is { } outPath)
            {
                var tmp = outPath + ".tmp";
                File.WriteAllText(tmp, text + Environment.NewLine);
                File.Move(tmp, outPath, overwrite: true);
                ctx.Info($"wrote {outPath}: {((FhirArray)bundle["entry"]!).Items.Count} resources");
            }
            else
            {
                output.WriteLine(text);
            }

            return ExitCodes.Ok;
        });
        export.Subcommands.Add(fhir);
        return export;
    }

    private static (Bundle Bundle, PatientRecord Record) Read(string path)
    {
        var bundle = FhirParser.ReadBundle(path, FhirJsonLimits.Default with { MaxBytes = BundleSummaryReader.MaxBytes });
        var ingredients = RxNormIngredients.From(KnowledgeCatalog.Create(KnowledgeCatalog.DefaultDirectory()));
        return (bundle, PatientRecordBuilder.Build(bundle, path, DateOnly.FromDateTime(ReportClock.Now().UtcDateTime), ingredients));
    }
}

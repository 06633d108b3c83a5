using System.CommandLine;
using Precis.Core;
using Precis.Knowledge;
using Precis.Pharmacogenomics;
using Precis.Pharmacogenomics.Input;
using Precis.Pharmacogenomics.Knowledge;
using Precis.Pharmacogenomics.Output;

namespace Precis.Cli.Commands;

/// <summary>`precis pgx`: pharmacogene calls, phenotypes and CPIC/DPWG recommendations; knowledge import.</summary>
internal static class PgxCommands
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var pgx = new Command("pgx", "Pharmacogenomics: star-allele diplotypes, phenotypes and CPIC/DPWG recommendations (GRCh38)");
        pgx.Subcommands.Add(CallCommand(output, error));
        pgx.Subcommands.Add(ImportCommand(output, error));
        return pgx;
    }

    private static Command CallCommand(TextWriter output, TextWriter error)
    {
        var input = new Argument<string>("input") { Description = "Germline VCF / VCF.gz / gVCF on GRCh38 (single- or multi-sample)" };
        var sample = new Option<string?>("--sample") { Description = "Call only this sample (default: every sample)" };
        var outside = new Option<string?>("--outside-calls") { Description = "PharmCAT outside-call TSV (gene, diplotype[, phenotype[, activity score]]), e.g. CYP2D6 and HLA-B" };
        var meds = new Option<string?>("--medications") { Description = "Current medications: comma-separated names or RxNorm ingredient codes, or a file with one per line; CYP2D6/CYP2C19 inhibitors among them convert the phenotype (phenoconversion)" };
        var sex = new Option<string?>("--sex") { Description = "male or female, for hemizygous chrX genes (G6PD)" };
        var lenient = new Option<bool>("--lenient") { Description = "Skip and count malformed VCF lines (e.g. duplicate IDs) instead of refusing the file" };
        var call = new Command("call", "Call every pharmacogene in a VCF and look up recommendations for medications (--format text|json|tsv|matrix|html; -o FILE)")
        {
            input, sample, outside, meds, sex, lenient,
        };
        call.SetHandler(output, error, (parse, ctx) =>
        {
            var format = ctx.Format ?? "text";
            if (format is not ("text" or "json" or "tsv" or "matrix" or "html"))
                throw new InputException(new InputError("--format", null, null, null, $"'{format}' is not a format of pgx call", "use text, json, tsv, matrix or html"));
            var sexValue = parse.GetValue(sex);
            if (sexValue is not (null or "male" or "female"))
                throw new InputException(new InputError("--sex", null, null, null, $"'{sexValue}' is not male or female"));

            var catalog = KnowledgeCatalog.Create(KnowledgeCatalog.DefaultDirectory());
            var knowledge = PgxKnowledge.FromCatalog(catalog);
            var engine = new PgxEngine(knowledge);
            var outsideCalls = parse.GetValue(outside) is { } o ? OutsideCallReader.Read(o, knowledge) : null;
            var medications = ParseMedications(parse.GetValue(meds));
            // Samples are read chunk by chunk and written as they are called, so memory stays flat in sample count
            // (JSON is one document and is written at the end).
            var stream = VcfGenotypeReader.ReadStreaming(parse.GetRequiredValue(input), knowledge, parse.GetValue(sample), sexValue, parse.GetValue(lenient));
            var reports = stream.Samples.Select(s =>
            {
                // Phenoconversion: inhibitors among the medications convert the phenotype the lookups use.
                var genes = engine.Phenoconvert(engine.CallGenes(s, outsideCalls), medications);
                return new PgxSampleReport(s.SampleId, genes, engine.Recommend(genes, medications));
            });

            // Written to a .partial file first and moved into place at the end: an error halfway leaves no half-written output.
            var partial = ctx.OutputPath is null ? null : ctx.OutputPath + ".partial";
            var file = partial is null ? null : new StreamWriter(partial);
            try
            {
                WriteReports(file ?? output, format, stream.SampleIds.Count > 1, reports, knowledge, outsideCalls);
                file?.Dispose();
                if (partial is not null)
                    File.Move(partial, ctx.OutputPath!, overwrite: true);
            }
            finally
            {
                file?.Dispose();
                if (partial is not null && File.Exists(partial))
                    File.Delete(partial);
            }

            if (file is not null)
                ctx.Info($"wrote {ctx.OutputPath}");
            return ExitCodes.Ok;
        });
        return call;
    }

    private static void WriteReports(TextWriter w, string format, bool multi, IEnumerable<PgxSampleReport> reports, PgxKnowledge knowledge, IReadOnlyList<OutsideCall>? outsideCalls)
    {
        switch (format)
        {
            case "json":
                PgxReportWriter.WriteJson(w, [.. reports], knowledge.Sources, PrecisCli.Version);
                break;
            case "html":
                // Self-contained HTML, written sample by sample (streams like the text report).
                PgxHtmlWriter.WriteHeader(w, knowledge.Sources, PrecisCli.Version);
                foreach (var r in reports)
                    PgxHtmlWriter.WriteSample(w, r, knowledge.Sources);
                PgxHtmlWriter.WriteFooter(w);
                break;
            case "matrix":
                var genes = knowledge.Genes.Where(g => g.Definition is not null).Select(g => g.Gene)
                    .Concat(outsideCalls?.Select(o => o.Gene) ?? []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                PgxReportWriter.WriteMatrixHeader(w, genes);
                foreach (var r in reports)
                    PgxReportWriter.WriteMatrixRow(w, r, genes);
                break;
            case "tsv":
                PgxReportWriter.WriteTsvHeader(w, $"Precis v{PrecisCli.Version} ({string.Join(", ", knowledge.Sources.Select(s => s.Id + " " + s.Version))})", multi);
                foreach (var r in reports)
                    PgxReportWriter.WriteTsvRows(w, r, multi);
                break;
            default:
                PgxReportWriter.WriteTextHeader(w, knowledge.Sources);
                foreach (var r in reports)
                    PgxReportWriter.WriteTextSample(w, r);
                break;
        }
    }

    private static Command ImportCommand(TextWriter output, TextWriter error)
    {
        var pharmcat = new Option<string>("--pharmcat") { Description = "Folder with definition/, phenotype/, phenotype_legacy/ and guidelines_v*/ (PharmCAT data layout as staged in data/pgx/pharmcat)", Required = true };
        var seed = new Option<string>("--cpic-seed") { Description = "CPIC database seed V2__initial_data.sql (drug RxNorm ids)", Required = true };
        var version = new Option<string>("--kb-version") { Description = "Version to stamp into the knowledge bases", DefaultValueFactory = _ => "imported" };
        var import = new Command("kb-import", "Build the precis-pgx-cpic and precis-pgx-dpwg knowledge bases from PharmCAT/CPIC files into the knowledge directory (or -o DIR)")
        {
            pharmcat, seed, version,
        };
        import.SetHandler(output, error, (parse, ctx) =>
        {
            var dir = parse.GetRequiredValue(pharmcat);
            var guidelines = Directory.Exists(dir) ? Directory.GetDirectories(dir, "guidelines*").OrderDescending(StringComparer.Ordinal).FirstOrDefault() : null;
            if (guidelines is null)
                throw new InputException(new InputError(dir, null, null, null, "no guidelines* folder found", "point --pharmcat at the folder holding definition/, phenotype/ and guidelines_v*/"));
            var paths = new PgxSourcePaths(Path.Combine(dir, "definition"), Path.Combine(dir, "phenotype"), Path.Combine(dir, "phenotype_legacy"), guidelines, parse.GetRequiredValue(seed));
            var built = PgxKnowledgeBuilder.Build(paths, parse.GetRequiredValue(version), DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            var target = ctx.OutputPath ?? KnowledgeCatalog.DefaultDirectory();
            Directory.CreateDirectory(target);
            // Validate before writing, so a failed import stores nothing.
            foreach (var (name, json) in new[] { ("precis-pgx-cpic.kb.json", built.Cpic), ("precis-pgx-dpwg.kb.json", built.Dpwg) })
            {
                using var ms = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
                KnowledgeFile.Load(ms, name, "import").GetValueOrThrow();
            }

            File.WriteAllText(Path.Combine(target, "precis-pgx-cpic.kb.json"), built.Cpic);
            File.WriteAllText(Path.Combine(target, "precis-pgx-dpwg.kb.json"), built.Dpwg);
            output.WriteLine(Path.Combine(target, "precis-pgx-cpic.kb.json"));
            output.WriteLine(Path.Combine(target, "precis-pgx-dpwg.kb.json"));
            return ExitCodes.Ok;
        });
        return import;
    }

    private static List<string> ParseMedications(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return [];
        var items = File.Exists(value)
            ? File.ReadAllLines(value).Where(l => l.Trim().Length > 0 && !l.StartsWith('#'))
            : value.Split(',');
        return [.. items.Select(i => i.Trim()).Where(i => i.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)];
    }
}

using System.CommandLine;
using System.Globalization;
using Precis.Knowledge;
using Precis.Oncology.Annotation;
using Precis.Oncology.Knowledge;
using Precis.Oncology.Matching;
using Precis.Oncology.Output;
using Precis.Oncology.Trials;
using Precis.Oncology.Tumours;

namespace Precis.Cli.Commands;

/// <summary>`precis onco`: annotate and tier a tumour's somatic alterations against the oncology knowledge.</summary>
internal static class OncologyCommands
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var onco = new Command("onco", "Precision oncology: actionable alterations, AMP/ASCO/CAP tiers with OncoKB-style and ESCAT levels, TMB");

        var input = new Argument<string>("input") { Description = "Somatic variants: a MAF (GDC, TCGA, cBioPortal, annotator) or a VCF; plain or gzip" };
        var tumourType = new Option<string?>("--tumour-type", "--tumor-type") { Description = "OncoTree code of the tumour, e.g. LUAD, BRCA, COADREAD, AML" };
        var clinical = new Option<string?>("--clinical") { Description = "Per-sample tumour types: a TSV with SAMPLE_ID and ONCOTREE_CODE columns (overrides --tumour-type)" };
        var cna = new Option<string?>("--cna") { Description = "Copy number: GISTIC matrix, per-row CNA, or allele-specific segments (Chromosome Start End nMajor nMinor)" };
        var fusions = new Option<string?>("--fusions") { Description = "Fusions: Fusion column (A--B, A::B, A-B), GeneA/GeneB, or PCGR FusionGene" };
        var msi = new Option<string?>("--msi") { Description = "External MSI/MMR status: high (MSI-H/dMMR) or stable" };
        var callable = new Option<double?>("--callable-mb") { Description = "TMB denominator: callable coding megabases of the assay (default 50, maftools' convention)" };
        var build = new Option<string?>("--genome-build") { Description = "GRCh37 or GRCh38 when the input does not say" };
        var ampMin = new Option<int>("--amp-min-cn") { Description = "Total copy number from which a segment amplifies a gene (default 5, PCGR 2.3)", DefaultValueFactory = _ => 5 };
        var geneLevel = new Option<bool>("--gene-level") { Description = "Also match 'any mutation of the gene' biomarkers (off: too broad to act on)" };
        var cgi = new Option<string?>("--cgi") { Description = "Also match the CGI biomarker table (cgi_biomarkers_*.tsv; non-commercial terms: your copy, read at run time)" };
        var tcgaCounts = new Option<string?>("--tcga-cohort-counts") { Description = "maftools' tcga_cohort.txt(.gz): place each sample's TMB as a percentile of its TCGA cohort (your copy, read at run time)" };
        var tcgaCohort = new Option<string?>("--tcga-cohort") { Description = "The TCGA cohort to compare with (default: the one matching the tumour type, e.g. AML → LAML)" };
        var civic = new Option<string[]>("--civic") { Description = "Also match CIViC evidence: ClinicalEvidenceSummaries.tsv or CIViC JSON files (CC0)", AllowMultipleArgumentsPerToken = true };

        var annotate = new Command("annotate", "Annotate and tier one tumour (or a multi-sample MAF cohort); --format json|tsv|text|maf|html (maf: annotated MAF with annotator-compatible columns; html: page with the cohort summary), -o FILE or an existing DIR (all five)")
        {
            input, tumourType, clinical, cna, fusions, msi, callable, build, ampMin, geneLevel, cgi, civic, tcgaCounts, tcgaCohort,
        };
        annotate.SetHandler(output, error, (parse, ctx) =>
        {
            var format = ctx.Format ?? "text";
            if (format is not ("json" or "tsv" or "text" or "maf" or "html"))
                throw new UsageException($"--format: '{format}' is not a format of onco annotate; use json, tsv, text, maf or html");
            var msiStatus = parse.GetValue(msi)?.ToLowerInvariant() switch
            {
                null => MsiStatus.NotGiven,
                "high" or "msi-h" or "dmmr" => MsiStatus.MsiHigh,
                "stable" or "mss" or "pmmr" => MsiStatus.MicrosatelliteStable,
                var other => throw new UsageException($"--msi: '{other}' is not high or stable"),
            };
            var mb = parse.GetValue(callable);
            if (mb is <= 0)
                throw new UsageException("--callable-mb must be greater than 0");

            var catalog = KnowledgeCatalog.Create(KnowledgeCatalog.DefaultDirectory());
            var baseKb = OncologyKnowledge.From(catalog);
            var extra = new List<EvidenceItem>();
            if (parse.GetValue(cgi) is { } cgiPath)
                extra.AddRange(CgiImporter.Read(cgiPath, baseKb.CgiToOncoTree));
            var civicPaths = parse.GetValue(civic) ?? [];
            extra.AddRange(civicPaths.Where(p => !p.EndsWith(".json", StringComparison.OrdinalIgnoreCase)).SelectMany(p => CivicImporter.ReadTsv(p, baseKb.Regions, baseKb.DoidToOncoTree)));
            var json = civicPaths.Where(p => p.EndsWith(".json", StringComparison.OrdinalIgnoreCase)).ToList();
            if (json.Count > 0)
                extra.AddRange(CivicImporter.ReadJson(json, baseKb.Regions, baseKb.DoidToOncoTree));
            var kb = extra.Count == 0 ? baseKb : OncologyKnowledge.From(catalog, extra);

            var request = new OncologyRequest
            {
                TumourPath = parse.GetRequiredValue(input),
                TumourType = parse.GetValue(tumourType),
                SampleTumourTypes = parse.GetValue(clinical) is { } c ? ReadClinical(c) : new Dictionary<string, string>(),
                CopyNumberPath = parse.GetValue(cna),
                FusionsPath = parse.GetValue(fusions),
                Msi = msiStatus,
                CallableMegabases = mb,
                GenomeBuild = parse.GetValue(build),
                AmplificationMinimum = parse.GetValue(ampMin),
                Match = new MatchOptions(parse.GetValue(geneLevel)),
                TcgaCohortCountsPath = parse.GetValue(tcgaCounts),
                TcgaCohort = parse.GetValue(tcgaCohort),
            };
            var report = CliProgress.Run(ctx, "onco annotate", _ => OncologyPipeline.Run(request, new OncologyAnnotator(kb)));

            if (ctx.OutputPath is { } outPath && Directory.Exists(outPath))
            {
                void Maf(OncologyReport r, TextWriter w) => AnnotatedMafWriter.Write(r, request.TumourPath, kb, w);
                foreach (var (name, write) in new (string, Action<OncologyReport, TextWriter>)[] { ("oncology.json", OncologyWriters.WriteJson), ("oncology.tsv", OncologyWriters.WriteTsv), ("oncology.txt", OncologyWriters.WriteText), ("oncology.html", OncologyHtmlWriter.Write), ("annotated.maf", Maf) })
                {
                    var path = Path.Combine(outPath, name);
                    using var w = new StreamWriter(path);
                    write(report, w);
                    output.WriteLine(path);
                }
            }
            else if (ctx.OutputPath is { } file)
            {
                using (var w = new StreamWriter(file))
                {
                    if (format == "maf")
                        AnnotatedMafWriter.Write(report, request.TumourPath, kb, w);
                    else
                        Write(report, format, w);
                }

                output.WriteLine(file);
            }
            else if (format == "maf")
            {
                AnnotatedMafWriter.Write(report, request.TumourPath, kb, output);
            }
            else
            {
                Write(report, format, output);
            }

            ctx.Info(string.Create(CultureInfo.InvariantCulture, $"onco: {report.Samples.Count} sample(s), {report.Samples.Sum(s => s.Matches.Count(m => m.Tier.AmpTier == "Tier I"))} Tier I match(es)."));
            return ExitCodes.Ok;
        });

        onco.Subcommands.Add(annotate);
        onco.Subcommands.Add(CreateTrials(output, error));
        return onco;
    }

    // `precis onco trials`: CTML trials × patients (MatchMiner clinical/genomic files) → matching arms with reasons.
    private static Command CreateTrials(TextWriter output, TextWriter error)
    {
        var trialsOption = new Option<string>("--trials") { Description = "CTML trial file (JSON object/array/several objects, or YAML) or a directory of them", Required = true };
        var clinicalOption = new Option<string>("--clinical") { Description = "Patients' clinical rows (CSV/TSV/JSON): SAMPLE_ID, ONCOTREE_PRIMARY_DIAGNOSIS_NAME, BIRTH_DATE, GENDER, TUMOR_MUTATIONAL_BURDEN_PER_MEGABASE", Required = true };
        var genomicOption = new Option<string?>("--genomic") { Description = "Genomic rows (CSV/TSV/JSON) keyed by SAMPLE_ID: TRUE_HUGO_SYMBOL, TRUE_PROTEIN_CHANGE, VARIANT_CATEGORY, CNV_CALL, …" };
        var oncotreeOption = new Option<string?>("--oncotree") { Description = "OncoTree tumor_tree.txt used to expand diagnoses (default: the embedded OncoTree subset)" };
        var asOfOption = new Option<string?>("--as-of") { Description = "Date ages are computed at, yyyy-MM-dd (default: today, UTC)" };
        var trials = new Command("trials", "Match patients to CTML clinical-trial arms (and/or trees, negation, _SOLID_/_LIQUID_, age, TMB, wildcard protein changes); --format json|tsv|text, -o FILE or an existing DIR")
        {
            trialsOption, clinicalOption, genomicOption, oncotreeOption, asOfOption,
        };
        trials.SetHandler(output, error, (parse, ctx) =>
        {
            var format = ctx.Format ?? "text";
            if (format is not ("json" or "tsv" or "text"))
                throw new UsageException($"--format: '{format}' is not a format of onco trials; use json, tsv or text");
            var asOf = DateOnly.FromDateTime(DateTime.UtcNow);
            if (parse.GetValue(asOfOption) is { } a && !DateOnly.TryParseExact(a, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out asOf))
                throw new UsageException($"--as-of: '{a}' is not a date yyyy-MM-dd");
            var tree = parse.GetValue(oncotreeOption) is { } t ? OncoTree.ReadTumourTree(t) : OncologyKnowledge.Embedded().Tree;
            var options = new CtmlOptions(asOf, tree);
            var trialList = CtmlReader.Read(parse.GetRequiredValue(trialsOption));
            var patients = PatientRecords.Read(parse.GetRequiredValue(clinicalOption), parse.GetValue(genomicOption));
            var evaluator = new CtmlEvaluator(options);
            var results = CliProgress.Run(ctx, "onco trials", _ => patients.Select(p => evaluator.Evaluate(p, trialList)).ToList());

            void WriteAs(string f, TextWriter w)
            {
                switch (f)
                {
                    case "json":
                        TrialMatchWriters.WriteJson(trialList, results, options, w);
                        break;
                    case "tsv":
                        TrialMatchWriters.WriteTsv(results, w);
                        break;
                    default:
                        TrialMatchWriters.WriteText(trialList, results, w);
                        break;
                }
            }

            if (ctx.OutputPath is { } outPath && Directory.Exists(outPath))
            {
                foreach (var (name, f) in new[] { ("trials.json", "json"), ("trials.tsv", "tsv"), ("trials.txt", "text") })
                {
                    var path = Path.Combine(outPath, name);
                    using (var w = new StreamWriter(path))
                        WriteAs(f, w);
                    output.WriteLine(path);
                }
            }
            else if (ctx.OutputPath is { } file)
            {
                using (var w = new StreamWriter(file))
                    WriteAs(format, w);
                output.WriteLine(file);
            }
            else
            {
                WriteAs(format, output);
            }

            ctx.Info(string.Create(CultureInfo.InvariantCulture, $"onco trials: {trialList.Count} trial(s), {patients.Count} patient(s), {results.Sum(r => r.Matches.Count)} matching clause(s)."));
            return ExitCodes.Ok;
        });
        return trials;
    }

    private static void Write(OncologyReport report, string format, TextWriter w)
    {
        switch (format)
        {
            case "json":
                OncologyWriters.WriteJson(report, w);
                break;
            case "tsv":
                OncologyWriters.WriteTsv(report, w);
                break;
            case "html":
                OncologyHtmlWriter.Write(report, w);
                break;
            default:
                OncologyWriters.WriteText(report, w);
                break;
        }
    }

    // The annotator's clinical file: SAMPLE_ID and ONCOTREE_CODE columns, tab-separated.
    private static Dictionary<string, string> ReadClinical(string path)
    {
        using var stream = Precis.Core.InputFiles.OpenForReading(path);
        using var reader = new StreamReader(stream);
        var header = (reader.ReadLine() ?? "").Split('\t');
        var sample = Array.FindIndex(header, h => h.Trim().Equals("SAMPLE_ID", StringComparison.OrdinalIgnoreCase));
        var code = Array.FindIndex(header, h => h.Trim().Equals("ONCOTREE_CODE", StringComparison.OrdinalIgnoreCase));
        if (sample < 0 || code < 0)
            throw new Precis.Core.InputException(new Precis.Core.InputError(path, 1, null, null, "clinical file needs SAMPLE_ID and ONCOTREE_CODE columns"));
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var line = 1L;
        while (reader.ReadLine() is { } l)
        {
            line++;
            var f = l.Split('\t');
            if (f.Length <= Math.Max(sample, code))
                throw new Precis.Core.InputException(new Precis.Core.InputError(path, line, f.Length + 1, null, "row is shorter than the header"));
            map[f[sample].Trim()] = f[code].Trim();
        }

        return map;
    }
}

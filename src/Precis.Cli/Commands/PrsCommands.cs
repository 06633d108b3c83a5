using System.CommandLine;
using System.Globalization;
using Precis.Genomics.Vcf;
using Precis.Knowledge;
using Precis.PolygenicRisk.Context;
using Precis.PolygenicRisk.Knowledge;
using Precis.PolygenicRisk.Matching;
using Precis.PolygenicRisk.Scoring;
using Precis.PolygenicRisk.ScoringFiles;

namespace Precis.Cli.Commands;

/// <summary>`precis prs`: polygenic scores from PGS Catalog scoring files, straight from a VCF.</summary>
internal static class PrsCommands
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var prs = new Command("prs", "Polygenic risk scores: PGS Catalog scoring files matched and scored like pgsc_calc and plink2 --score");
        prs.Subcommands.Add(ScoreCommand(output, error));
        prs.Subcommands.Add(MatchCommand(output, error));
        prs.Subcommands.Add(AncestryCommand(output, error));
        prs.Subcommands.Add(ProjectCommand(output, error));
        return prs;
    }

    private sealed record Shared(
        Argument<string> Input,
        Option<string[]> Scores,
        Option<double> MinOverlap,
        Option<bool> KeepAmbiguous,
        Option<bool> KeepMultiallelic,
        Option<bool> IgnoreFlips,
        Option<bool> SetAsideComplex);

    private static Shared AddShared(Command command, string inputDescription)
    {
        var shared = new Shared(
            new Argument<string>("input") { Description = inputDescription },
            new Option<string[]>("--score", "--scores", "-s")
            {
                Description = "Scoring file (PGS Catalog, harmonised, custom or normalised; plain or gzip). Repeat, or separate with commas (prs score: optional with --reference)",
                AllowMultipleArgumentsPerToken = true,
            },
            new Option<double>("--min-overlap") { Description = "Fraction of a score's variants that must match; below it the score is refused (default 0.75)", DefaultValueFactory = _ => 0.75 },
            new Option<bool>("--keep-ambiguous") { Description = "Keep strand-ambiguous A/T and C/G variants (excluded by default)" },
            new Option<bool>("--keep-multiallelic") { Description = "Keep matches at multi-allelic sites (excluded by default)" },
            new Option<bool>("--ignore-strand-flips") { Description = "Exclude matches found only on the complementary strand" },
            new Option<bool>("--set-aside-complex") { Description = "Count haplotype/diplotype/HLA/APOE rows as unmatched instead of refusing the file" });
        command.Arguments.Add(shared.Input);
        command.Options.Add(shared.Scores);
        command.Options.Add(shared.MinOverlap);
        command.Options.Add(shared.KeepAmbiguous);
        command.Options.Add(shared.KeepMultiallelic);
        command.Options.Add(shared.IgnoreFlips);
        command.Options.Add(shared.SetAsideComplex);
        return shared;
    }

    private static (IReadOnlyList<PolygenicScoreDefinition> Scores, MatchOptions Match) Read(ParseResult parse, Shared o, IReadOnlyList<ShippedReference>? references = null)
    {
        var minOverlap = parse.GetValue(o.MinOverlap);
        if (minOverlap is < 0 or > 1 || double.IsNaN(minOverlap))
            throw new UsageException($"--min-overlap: {minOverlap.ToString(CultureInfo.InvariantCulture)} is not a fraction between 0 and 1");
        var readOptions = new ScoringFileReadOptions { SetAsideComplexRows = parse.GetValue(o.SetAsideComplex) };
        var files = (parse.GetValue(o.Scores) ?? []).SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        var scores = files.SelectMany(f => ScoringFileReader.Read(f, readOptions)).ToList();
        // A reference brings the exact variant set its distribution was computed on; scored unless --score gives that id.
        foreach (var r in references ?? [])
        {
            if (!scores.Any(s => s.Id == r.Score.Definition.Id))
                scores.Add(r.Score.Definition);
        }

        if (scores.Count == 0)
            throw new UsageException(references is null ? "--score: give at least one scoring file" : "--score: give at least one scoring file, or --reference");
        var duplicate = scores.GroupBy(s => s.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new UsageException($"--score: the score id '{duplicate.Key}' is given twice ({string.Join(", ", duplicate.Select(s => s.SourceFile))})");
        var match = new MatchOptions
        {
            MinOverlap = minOverlap,
            KeepAmbiguous = parse.GetValue(o.KeepAmbiguous),
            KeepMultiallelic = parse.GetValue(o.KeepMultiallelic),
            IgnoreStrandFlips = parse.GetValue(o.IgnoreFlips),
        };
        return (scores, match);
    }

    private static Command ScoreCommand(TextWriter output, TextWriter error)
    {
        var command = new Command("score", "Score every sample of a VCF/gVCF (plain, gzip or bgzip) on one or more scores in one pass; prints the match report");
        var o = AddShared(command, "Genotypes: VCF or gVCF (GT, or DS with --use-ds)");
        var missing = new Option<string>("--missing") { Description = "Missing genotypes: mean (cohort frequency, plink2's default), reference (allelefrequency_effect of the scoring file) or drop", DefaultValueFactory = _ => "mean" };
        var ploidy = new Option<string>("--ploidy") { Description = "gt: a haploid call (male X) counts once (default); diploid: double it as plink2 --xchr-model 2 and pgsc_calc do", DefaultValueFactory = _ => "gt" };
        var useDs = new Option<bool>("--use-ds") { Description = "Use FORMAT/DS (imputed dosage) where present instead of GT" };
        var fasta = new Option<string?>("--reference-fasta") { Description = "Plain FASTA with .fai: gives the reference base inside gVCF reference blocks" };
        var referenceOption = new Option<string?>("--reference", "-r")
        {
            Description = "Reference distributions (a precis-pgs-reference *.kb.json, or the id of a loaded base, e.g. precis-pgs-reference): " +
                "scores its variant set and gives each sample's percentile and Z per population (like for like only)",
        };
        var population = new Option<string?>("--population") { Description = "Keep one reference population (e.g. EUR, or ALL for the pooled panel); default: every population" };
        command.Options.Add(referenceOption);
        command.Options.Add(population);
        command.Options.Add(missing);
        command.Options.Add(ploidy);
        command.Options.Add(useDs);
        command.Options.Add(fasta);
        command.SetHandler(output, error, (parse, ctx) =>
        {
            IReadOnlyList<ShippedReference>? references = null;
            if (parse.GetValue(referenceOption) is { } refArg)
            {
                references = PgsReferenceKnowledgeBase.References(PgsReferenceKnowledgeBase.Load(refArg, KnowledgeCatalog.Create(KnowledgeCatalog.DefaultDirectory())));
                if (references.Count == 0)
                    throw new UsageException($"--reference: {refArg} has no reference distributions (entries.references)");
                if (parse.GetValue(population) is { } pop && !references.Any(r => r.Population(pop) is not null))
                    throw new UsageException($"--population: '{pop}' is not in {refArg} (it has {string.Join(", ", references.SelectMany(r => r.Populations).Select(p => p.Population).Distinct())})");
            }

            var (scores, match) = Read(parse, o, references);
            var options = new ScoringOptions
            {
                Match = match,
                Missing = parse.GetValue(missing) switch
                {
                    "mean" => MissingGenotypePolicy.MeanImputation,
                    "reference" => MissingGenotypePolicy.ReferenceFrequency,
                    "drop" => MissingGenotypePolicy.Drop,
                    var m => throw new UsageException($"--missing: '{m}' is not mean, reference or drop"),
                },
                Ploidy = parse.GetValue(ploidy) switch
                {
                    "gt" => PloidyModel.FromGenotype,
                    "diploid" => PloidyModel.AlwaysDiploid,
                    var p => throw new UsageException($"--ploidy: '{p}' is not gt or diploid"),
                },
                UseDosageField = parse.GetValue(useDs),
                Vcf = VcfReaderOptions.Strict with { Threads = Math.Max(1, ctx.Threads) },
            };
            var format = ctx.Format ?? "tsv";
            if (format is not ("tsv" or "json"))
                throw new UsageException($"--format: '{format}' is not a format of prs score; use tsv or json");
            using var reference = parse.GetValue(fasta) is { } fa ? FastaReference.Open(fa) : null;
            var input = parse.GetRequiredValue(o.Input);
            var result = CliProgress.Run(ctx, "scoring", progress => PolygenicScorer.Score(input, scores, options, reference, progress));
            var refusals = result.Scores.Select(s => s.RefusedReason).ToList();
            var reports = result.Scores.Select(s => s.Report).ToList();
            var context = references is null ? null : ReferenceComparison.Compare(result, references, parse.GetValue(population));
            if (ctx.OutputPath is { } path && (Directory.Exists(path) || path.EndsWith('/')))
            {
                Directory.CreateDirectory(path);
                using (var tsv = new StreamWriter(Path.Combine(path, "scores.tsv")))
                    ScoreOutputs.WriteTsv(result, tsv);
                using (var json = File.Create(Path.Combine(path, "scores.json")))
                    ScoreOutputs.WriteJson(result, json, context);
                using (var report = new StreamWriter(Path.Combine(path, "match-report.txt")))
                    ScoreOutputs.WriteMatchReport(reports, report, result.SettingsStatement, result.Notes, refusals);
                foreach (var score in result.Scores)
                {
                    using var log = new StreamWriter(Path.Combine(path, SafeName(score.Definition.Id) + ".log.tsv"));
                    ScoreOutputs.WriteVariantLog(score, log);
                }

                if (context is not null)
                {
                    using var tsv = new StreamWriter(Path.Combine(path, "context.tsv"));
                    ReferenceComparison.WriteTsv(context, tsv);
                }

                ctx.Info($"wrote scores.tsv, scores.json, match-report.txt{(context is null ? "" : ", context.tsv")} and {result.Scores.Count} variant log(s) to {path}");
            }
            else
            {
                if (ctx.OutputPath is { } file)
                {
                    using var stream = File.Create(file);
                    Write(result, format, stream, context);
                }
                else
                {
                    using var stdout = new MemoryStream();
                    Write(result, format, stdout, context);
                    output.Write(System.Text.Encoding.UTF8.GetString(stdout.ToArray()));
                }
            }

            if (!ctx.Quiet)
                ScoreOutputs.WriteMatchReport(reports, error, result.SettingsStatement, result.Notes, refusals);
            foreach (var r in refusals.Where(r => r is not null))
                error.WriteLine("precis: error: " + r);
            foreach (var reason in context?.Where(c => c.NotAssessed is not null).Select(c => $"{c.Sample} {c.ScoreId}: percentile not assessed: {c.NotAssessed}").Distinct() ?? [])
                error.WriteLine("precis: note: " + reason);
            return refusals.Any(r => r is not null) ? ExitCodes.BadInput : ExitCodes.Ok;
        });
        return command;
    }

    private static Command MatchCommand(TextWriter output, TextWriter error)
    {
        var command = new Command("match", "Match scoring files against the variants of a VCF or plink2 .pvar/.bim and print the match report (pgsc_calc's summary)");
        var o = AddShared(command, "Target variants: VCF/gVCF, or a plink2 .pvar / plink1 .bim");
        command.SetHandler(output, error, (parse, ctx) =>
        {
            var (scores, match) = Read(parse, o);
            var input = parse.GetRequiredValue(o.Input);
            IReadOnlyList<MatchReport> reports;
            if (input.EndsWith(".pvar", StringComparison.OrdinalIgnoreCase) || input.EndsWith(".bim", StringComparison.OrdinalIgnoreCase))
            {
                reports = VariantMatcher.MatchAll(scores, PvarReader.Read(input), match, out _);
            }
            else
            {
                // Matching needs the sites only; the scorer's single pass gives the same report the score command prints.
                var result = CliProgress.Run(ctx, "matching", progress => PolygenicScorer.Score(input, scores, new ScoringOptions { Match = match }, null, progress));
                reports = [.. result.Scores.Select(s => s.Report)];
            }

            if (ctx.Format is "json")
            {
                output.WriteLine(MatchReportsJson(reports));
            }
            else if (ctx.Format is null or "text" or "tsv")
            {
                ScoreOutputs.WriteMatchReport(reports, output);
            }
            else
            {
                throw new UsageException($"--format: '{ctx.Format}' is not a format of prs match; use text or json");
            }

            return reports.All(r => r.Passes) ? ExitCodes.Ok : ExitCodes.BadInput;
        });
        return command;
    }

    private static Command AncestryCommand(TextWriter output, TextWriter error)
    {
        var command = new Command("ancestry", "pgsc_calc's ancestry step: most similar population (k-NN on reference PCs), empirical percentile/Z, and the mean / mean+var PC normalisations");
        var scores = new Option<string>("--scores") { Description = "Aggregated scores (sampleset, IID, PGS, SUM); the reference sampleset is named 'reference'", Required = true };
        var refPcs = new Option<string>("--ref-pcs") { Description = "Reference PCs (FID, IID, PC1…), pgsc_calc's projected .pcs", Required = true };
        var targetPcs = new Option<string>("--target-pcs") { Description = "Target PCs on the same projection (e.g. from prs project)", Required = true };
        var psam = new Option<string>("--ref-psam") { Description = "Reference .psam with the population column", Required = true };
        var related = new Option<string?>("--related") { Description = "plink2 --king-cutoff .id list of related reference samples (left out of training)" };
        var popColumn = new Option<string>("--population-column") { Description = "Population column of the .psam", DefaultValueFactory = _ => "SuperPop" };
        var popcomp = new Option<int>("--n-popcomp") { Description = "PCs for the population comparison (pgsc_calc default 5)", DefaultValueFactory = _ => 5 };
        var norm = new Option<int>("--n-normalization") { Description = "PCs for the regressions (pgsc_calc default 4)", DefaultValueFactory = _ => 4 };
        foreach (var o in new Option[] { scores, refPcs, targetPcs, psam, related, popColumn, popcomp, norm })
            command.Options.Add(o);
        command.SetHandler(output, error, (parse, ctx) =>
        {
            var (nPop, nNorm) = (parse.GetValue(popcomp), parse.GetValue(norm));
            if (nPop is < 1 or > 50 || nNorm is < 1 or > 50)
                throw new UsageException("--n-popcomp and --n-normalization must be between 1 and 50");
            var rows = AncestryAnalysis.Run(
                AncestryAnalysis.ReadScores(parse.GetRequiredValue(scores)),
                AncestryAnalysis.ReadPcs(parse.GetRequiredValue(refPcs)),
                AncestryAnalysis.ReadPcs(parse.GetRequiredValue(targetPcs)),
                AncestryAnalysis.ReadPopulations(parse.GetRequiredValue(psam), parse.GetRequiredValue(popColumn)),
                parse.GetValue(related) is { } r ? AncestryAnalysis.ReadIdList(r) : new HashSet<string>(),
                nPop, nNorm);
            WriteText(ctx, output, w => AncestryAnalysis.WriteTsv(rows, w));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command ProjectCommand(TextWriter output, TextWriter error)
    {
        var command = new Command("project", "Project the samples of a VCF onto reference PCs from plink2 --pca allele-wts loadings (plink2 --score variance-standardize arithmetic)");
        var input = new Argument<string>("input") { Description = "Genotypes: VCF (plain, gzip or bgzip)" };
        var loadings = new Option<string>("--loadings") { Description = "plink2 .eigenvec.allele (plain or gzip)", Required = true };
        var freq = new Option<string>("--freq") { Description = "Reference .acount or .afreq from the same plink2 run", Required = true };
        command.Arguments.Add(input);
        command.Options.Add(loadings);
        command.Options.Add(freq);
        command.SetHandler(output, error, (parse, ctx) =>
        {
            var projector = PcProjector.Read(parse.GetRequiredValue(loadings), parse.GetRequiredValue(freq));
            var result = projector.Project(parse.GetRequiredValue(input));
            ctx.Info(string.Create(CultureInfo.InvariantCulture,
                $"{result.ProjectedVariants} of {result.LoadingVariants} loading variants projected ({result.Overlap * 100:0.0}%); {result.AlleleMismatches} found with other alleles and skipped"));
            var inv = CultureInfo.InvariantCulture;
            WriteText(ctx, output, w =>
            {
                // pgsc_calc's .pcs layout (FID, IID, PC1…): the SUM scale, ready for prs ancestry --target-pcs.
                w.WriteLine("FID\tIID\t" + string.Join('\t', Enumerable.Range(1, projector.PcCount).Select(i => "PC" + i.ToString(inv)).Append("ALLELE_CT")));
                foreach (var s in result.Samples)
                    w.WriteLine(string.Join('\t', new[] { s.Sample, s.Sample }.Concat(s.Sums.Select(v => v.ToString("R", inv))).Append(s.AlleleCount.ToString(inv))));
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void WriteText(CliContext ctx, TextWriter output, Action<TextWriter> write)
    {
        if (ctx.OutputPath is { } file)
        {
            using var w = new StreamWriter(file);
            write(w);
        }
        else
        {
            write(output);
        }
    }

    /// <summary>The match reports as indented JSON (written without reflection, so the ahead-of-time build prints the same text).</summary>
    private static string MatchReportsJson(IReadOnlyList<MatchReport> reports)
    {
        using var buffer = new MemoryStream();
        ScoreOutputs.WriteMatchReportsJson(reports, buffer);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(ScoringResult result, string format, Stream stream, IReadOnlyList<ContextValue>? context)
    {
        if (format == "json")
        {
            ScoreOutputs.WriteJson(result, stream, context);
            return;
        }

        using var writer = new StreamWriter(stream, leaveOpen: true);
        // With --reference the table is the context table: it carries SUM with the percentile and Z per population.
        if (context is not null)
            ReferenceComparison.WriteTsv(context, writer);
        else
            ScoreOutputs.WriteTsv(result, writer);
    }

    private static string SafeName(string id) => string.Concat(id.Select(c => char.IsLetterOrDigit(c) || c is '_' or '-' or '.' ? c : '_'));
}

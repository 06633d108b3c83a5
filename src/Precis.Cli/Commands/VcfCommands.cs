using System.CommandLine;
using System.Globalization;
using System.Text;
using Precis.Core;
using Precis.Genomics.Indexing;
using Precis.Genomics.Query;
using Precis.Genomics.Vcf;

namespace Precis.Cli.Commands;

/// <summary>`precis vcf`: stats, query (bcftools-query compatible formats) and index (.tbi/.csi).</summary>
internal static class VcfCommands
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var vcf = new Command("vcf", "VCF/gVCF files: summary statistics, field queries by region and sample, tabix/CSI indexing");
        vcf.Subcommands.Add(Stats(output, error));
        vcf.Subcommands.Add(Query(output, error));
        vcf.Subcommands.Add(Index(output, error));
        return vcf;
    }

    private static Option<bool> LenientOption() => new("--lenient")
    {
        Description = "Repair or skip malformed records and report counts on stderr, instead of stopping at the first error",
    };

    private static Command Stats(TextWriter output, TextWriter error)
    {
        var file = new Argument<string>("file") { Description = "A VCF (plain, gzip or BGZF)" };
        var lenient = LenientOption();
        var cmd = new Command("stats", "Count records by kind (SNV, indel, symbolic, gVCF blocks, multi-allelic, filters) and genotypes per sample") { file, lenient };
        cmd.SetHandler(output, error, (parse, ctx) =>
        {
            var path = parse.GetRequiredValue(file);
            var options = (parse.GetValue(lenient) ? VcfReaderOptions.Lenient : VcfReaderOptions.Strict) with { Threads = ctx.Threads };
            using var reader = VcfReader.Open(path, options);
            var stats = VcfStatistics.Collect(reader);
            using var sink = OpenOutput(ctx, output);
            stats.Write(sink.Writer);
            ReportLeniency(reader.Report, ctx);
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static Command Query(TextWriter output, TextWriter error)
    {
        var file = new Argument<string>("file") { Description = "A VCF (plain, gzip or BGZF; regions need a BGZF file with a .csi or .tbi index)" };
        var format = new Option<string>("--print", "-f")
        {
            Description = "Output format, as bcftools query: %CHROM %POS %ID %REF %ALT %QUAL %FILTER %INFO/TAG %TAG, [ ] per sample with %GT %TGT %SAMPLE and FORMAT tags, \\t \\n",
            Required = true,
        };
        var regions = new Option<string?>("--regions", "-r") { Description = "Comma-separated regions chr, chr:pos, chr:beg-end ({name} for contigs with ':'); needs an index" };
        var regionsFile = new Option<string?>("--regions-file", "-R") { Description = "Regions from a file: BED (0-based, 3 columns) or chr<TAB>pos[<TAB>end] (1-based)" };
        var samples = new Option<string?>("--samples", "-s") { Description = "Comma-separated sample names to print in [ ] blocks (default: all)" };
        var lenient = LenientOption();
        var cmd = new Command("query", "Print fields of each record in a bcftools-query-compatible format") { file, format, regions, regionsFile, samples, lenient };
        cmd.SetHandler(output, error, (parse, ctx) =>
        {
            var path = parse.GetRequiredValue(file);
            var fmt = QueryFormat.Parse(parse.GetRequiredValue(format));
            var options = (parse.GetValue(lenient) ? VcfReaderOptions.Lenient : VcfReaderOptions.Strict) with { Threads = ctx.Threads };
            var regionTexts = new List<GenomicRegion>();
            using var sink = OpenOutput(ctx, output);
            var sb = new StringBuilder(1 << 16);

            void Emit(VcfRecord r, IReadOnlyList<int>? selected)
            {
                fmt.Format(r, selected, sb);
                if (sb.Length > 1 << 15)
                {
                    sink.Writer.Write(sb);
                    sb.Clear();
                }
            }

            if (parse.GetValue(regions) is null && parse.GetValue(regionsFile) is null)
            {
                using var reader = VcfReader.Open(path, options);
                var selected = SelectSamples(reader.Header, parse.GetValue(samples));
                if (selected is null && GenotypeMatrixWriter.TryCreate(fmt) is { } matrix)
                {
                    // A bare GT matrix is written from the line bytes (same output, see GenotypeMatrixWriter).
                    WriteBytes(sink.Writer, output, stream => matrix.Write(reader, stream));
                    ReportLeniency(reader.Report, ctx);
                    return ExitCodes.Ok;
                }

                foreach (var r in reader.Records())
                    Emit(r, selected);
                sink.Writer.Write(sb);
                ReportLeniency(reader.Report, ctx);
                return ExitCodes.Ok;
            }

            using var indexed = IndexedVcfReader.Open(path, options);
            var sel = SelectSamples(indexed.Header, parse.GetValue(samples));
            if (parse.GetValue(regions) is { } list)
                regionTexts.AddRange(SplitRegions(list).Select(t => GenomicRegion.Parse(t, indexed.Index.Names)));
            if (parse.GetValue(regionsFile) is { } rf)
                regionTexts.AddRange(ReadRegionsFile(rf));

            // Each record once, in file order, however the regions overlap (as bcftools prints them).
            foreach (var r in indexed.Query(regionTexts))
                Emit(r, sel);
            sink.Writer.Write(sb);
            ReportLeniency(indexed.Report, ctx);
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static Command Index(TextWriter output, TextWriter error)
    {
        var file = new Argument<string>("file") { Description = "A BGZF-compressed, sorted VCF (bgzip)" };
        var tbi = new Option<bool>("--tbi", "-t") { Description = "Write a tabix .tbi index (positions below 2^29 only)" };
        var csi = new Option<bool>("--csi", "-c") { Description = "Write a .csi index (the default; any position)" };
        var minShift = new Option<int>("--min-shift", "-m") { Description = "CSI minimal interval size 2^N (default 14)", DefaultValueFactory = _ => 14 };
        var lenient = LenientOption();
        var cmd = new Command("index", "Write a .csi (default) or .tbi index next to a BGZF VCF") { file, tbi, csi, minShift, lenient };
        cmd.SetHandler(output, error, (parse, ctx) =>
        {
            var path = parse.GetRequiredValue(file);
            var kinds = new List<IndexKind>();
            if (parse.GetValue(tbi))
                kinds.Add(IndexKind.Tabix);
            if (parse.GetValue(csi) || kinds.Count == 0)
                kinds.Add(IndexKind.Csi);
            var shift = parse.GetValue(minShift);
            if (shift is < 10 or > 30)
                throw new InputException(new InputError("--min-shift", null, null, null, $"{shift} is outside 10..30"));
            var options = (parse.GetValue(lenient) ? VcfReaderOptions.Lenient : VcfReaderOptions.Strict) with { ValidateSamples = false, Threads = ctx.Threads };
            foreach (var kind in kinds)
            {
                var target = ctx.OutputPath is { } o && kinds.Count == 1 ? o : null;
                var written = IndexBuilder.BuildAndWrite(path, kind, shift, target, options);
                ctx.Info("wrote " + written);
            }

            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static List<string> SplitRegions(string list)
    {
        // Commas separate regions except inside {braced names}; a 3-digit piece after "chr:1" is a thousands separator.
        var parts = new List<string>();
        var sb = new StringBuilder();
        var depth = 0;
        foreach (var c in list)
        {
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            if (c == ',' && depth == 0)
            {
                parts.Add(sb.ToString());
                sb.Clear();
            }
            else
            {
                sb.Append(c);
            }
        }

        parts.Add(sb.ToString());
        var merged = new List<string>();
        foreach (var p in parts)
        {
            var thousands = merged.Count > 0 && merged[^1].Contains(':', StringComparison.Ordinal) && char.IsAsciiDigit(merged[^1][^1]) &&
                p.Length >= 3 && p.AsSpan(0, 3).IndexOfAnyExceptInRange('0', '9') < 0 && (p.Length == 3 || !char.IsAsciiDigit(p[3]));
            if (thousands)
                merged[^1] += "," + p;
            else if (p.Length > 0)
                merged.Add(p);
        }

        return merged;
    }

    private static List<GenomicRegion> ReadRegionsFile(string path)
    {
        var list = new List<GenomicRegion>();
        using var stream = InputFiles.OpenForReading(path);
        using var reader = new StreamReader(stream);
        var bed = path.EndsWith(".bed", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".bed.gz", StringComparison.OrdinalIgnoreCase);
        var n = 0;
        while (reader.ReadLine() is { } line)
        {
            n++;
            if (line.Length == 0 || line[0] == '#' || line.StartsWith("track", StringComparison.Ordinal) || line.StartsWith("browser", StringComparison.Ordinal))
                continue;
            var cols = line.Split('\t');
            if (cols.Length < 2 || !long.TryParse(cols[1], NumberStyles.None, CultureInfo.InvariantCulture, out var start))
                throw new InputException(new InputError(path, n, cols.Length < 2 ? 1 : cols[0].Length + 2, "start", "expected chrom<TAB>start[<TAB>end] with a numeric start"));
            var end = start;
            if (cols.Length > 2 && !long.TryParse(cols[2], NumberStyles.None, CultureInfo.InvariantCulture, out end))
                throw new InputException(new InputError(path, n, cols[0].Length + cols[1].Length + 3, "end", "end is not a number"));
            list.Add(bed ? new GenomicRegion(cols[0], start + 1, end) : new GenomicRegion(cols[0], start, end));
        }

        return list;
    }

    private static int[]? SelectSamples(VcfHeader header, string? names)
    {
        if (names is null)
            return null;
        var list = new List<int>();
        foreach (var name in names.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var i = header.SampleIndex(name);
            if (i < 0)
                throw new InputException(new InputError("--samples", null, null, null, $"sample '{name}' is not in the file", "the file has: " + string.Join(", ", header.Samples.Take(10)) + (header.Samples.Count > 10 ? ", ..." : "")));
            list.Add(i);
        }

        return [.. list];
    }

    private static void ReportLeniency(VcfLeniencyReport report, CliContext ctx)
    {
        foreach (var line in report.Describe())
            ctx.Info("precis: lenient: " + line);
    }

    /// <summary>Runs a byte writer against the output: a file's stream, standard output, or (tests) a text writer.</summary>
    private static void WriteBytes(TextWriter writer, TextWriter stdout, Action<Stream> write)
    {
        writer.Flush();
        if (writer is StreamWriter file)
        {
            write(file.BaseStream);
            file.BaseStream.Flush();
        }
        else if (ReferenceEquals(writer, stdout) && ReferenceEquals(stdout, Console.Out))
        {
            using var console = Console.OpenStandardOutput();
            write(console);
            console.Flush();
        }
        else
        {
            using var buffer = new MemoryStream();
            write(buffer);
            writer.Write(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        }
    }

    private static OutputSink OpenOutput(CliContext ctx, TextWriter stdout) =>
        ctx.OutputPath is { } path ? new OutputSink(new StreamWriter(path, false, new UTF8Encoding(false)) { NewLine = "\n" }, true) : new OutputSink(stdout, false);

    private sealed class OutputSink(TextWriter writer, bool owns) : IDisposable
    {
        public TextWriter Writer { get; } = writer;

        public void Dispose()
        {
            Writer.Flush();
            if (owns)
                Writer.Dispose();
        }
    }
}

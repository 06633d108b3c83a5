using System.Globalization;
using System.IO.Compression;
using Precis.Core;

namespace Precis.PolygenicRisk.Context;

/// <summary>One sample's PCs (projected, pgsc_calc's .pcs scale) and, for a reference sample, its population label.</summary>
/// <param name="Id">IID.</param>
/// <param name="Pcs">PC1…PCk.</param>
public sealed record SamplePcs(string Id, IReadOnlyList<double> Pcs);

/// <summary>One output row: a sample's score in its population context, pgsc_calc's columns plus the similarity.</summary>
/// <param name="Sampleset">"reference" or the target sampleset name.</param>
/// <param name="Id">IID.</param>
/// <param name="Score">Score id (PGS).</param>
/// <param name="Sum">Raw SUM.</param>
/// <param name="Similarity">Most similar population (a reference sample carries its own label) and probabilities.</param>
/// <param name="Adjusted">percentile_MostSimilarPop, Z_MostSimilarPop, Z_norm1, Z_norm2.</param>
/// <param name="Pcs">PC1…PCk.</param>
public sealed record AncestryRow(string Sampleset, string Id, string Score, double Sum, PopulationSimilarity Similarity, AdjustedScore Adjusted, IReadOnlyList<double> Pcs);

/// <summary>
/// pgsc_calc's ancestry step end to end: scores of a reference panel and of targets, both projected onto the
/// reference PCs, give each target its most similar population (<see cref="PopulationClassifier"/>) and its
/// percentile and Z in that population ("empirical"), and the PC-regression Z-scores ("mean", "mean+var",
/// <see cref="AncestryAdjustment"/>). Reads pgsc_calc's files: aggregated scores, .pcs, the reference .psam
/// (SuperPop) and the KING related-sample list.
/// </summary>
public static class AncestryAnalysis
{
    /// <summary>Most rows read from any one table.</summary>
    public const int MaxRows = 10_000_000;

    /// <summary>Runs every score of <paramref name="scores"/> (sampleset, IID, PGS → SUM).</summary>
    /// <param name="scores">Aggregated scores: (sampleset, IID, PGS, SUM); the reference sampleset is named "reference".</param>
    /// <param name="referencePcs">Reference samples' PCs.</param>
    /// <param name="targetPcs">Target samples' PCs.</param>
    /// <param name="populations">Reference IID → population label (e.g. SuperPop).</param>
    /// <param name="related">Reference IIDs excluded from training (KING cutoff list).</param>
    /// <param name="popcompPcs">PCs for the population comparison (pgsc_calc default 5).</param>
    /// <param name="normalisationPcs">PCs for the regressions (pgsc_calc default 4).</param>
    public static IReadOnlyList<AncestryRow> Run(IReadOnlyList<(string Sampleset, string Id, string Score, double Sum)> scores,
        IReadOnlyList<SamplePcs> referencePcs, IReadOnlyList<SamplePcs> targetPcs, IReadOnlyDictionary<string, string> populations,
        IReadOnlySet<string> related, int popcompPcs = PopulationClassifier.DefaultPcs, int normalisationPcs = 4)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(referencePcs);
        ArgumentNullException.ThrowIfNull(targetPcs);
        ArgumentNullException.ThrowIfNull(populations);
        ArgumentNullException.ThrowIfNull(related);
        var refPcs = referencePcs.ToDictionary(p => p.Id, StringComparer.Ordinal);
        var tgtPcs = targetPcs.ToDictionary(p => p.Id, StringComparer.Ordinal);
        ReferenceSample Ref(SamplePcs p, double score) => new(p.Id, score, p.Pcs, populations.GetValueOrDefault(p.Id), !related.Contains(p.Id));

        // The population comparison does not depend on the score: classify each sample once.
        var classifier = PopulationClassifier.Fit([.. referencePcs.Select(p => Ref(p, 0))], popcompPcs);
        var refSimilarity = referencePcs.ToDictionary(p => p.Id, p =>
        {
            var loo = classifier.Classify(p.Pcs, p.Id); // leave-one-out, so a reference sample does not vote for itself
            return populations.TryGetValue(p.Id, out var own) ? loo with { MostSimilarPop = own, LowConfidence = false } : loo;
        }, StringComparer.Ordinal);
        var tgtSimilarity = targetPcs.ToDictionary(p => p.Id, p => classifier.Classify(p.Pcs), StringComparer.Ordinal);

        var rows = new List<AncestryRow>();
        foreach (var byScore in scores.GroupBy(s => s.Score, StringComparer.Ordinal))
        {
            var reference = byScore.Where(s => s.Sampleset == "reference" && refPcs.ContainsKey(s.Id)).Select(s => Ref(refPcs[s.Id], s.Sum)).ToList();
            var model = AncestryAdjustment.Fit(reference, normalisationPcs);
            foreach (var s in byScore)
            {
                var isRef = s.Sampleset == "reference";
                if (!(isRef ? refPcs : tgtPcs).TryGetValue(s.Id, out var pcs))
                    continue; // no PCs: no population context (pgsc_calc drops such samples too)
                var sim = (isRef ? refSimilarity : tgtSimilarity)[s.Id];
                rows.Add(new AncestryRow(s.Sampleset, s.Id, s.Score, s.Sum, sim, model.Adjust(s.Sum, pcs.Pcs, sim.MostSimilarPop), pcs.Pcs));
            }
        }

        return rows;
    }

    private static readonly string[] FixedColumns =
        ["sampleset", "IID", "PGS", "SUM", "percentile_MostSimilarPop", "Z_MostSimilarPop", "Z_norm1", "Z_norm2", "MostSimilarPop", "MostSimilarPop_LowConfidence"];

    /// <summary>Writes the rows as TSV: pgsc_calc's score columns, then MostSimilarPop, the k-NN probabilities and the PCs.</summary>
    public static void WriteTsv(IReadOnlyList<AncestryRow> rows, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(writer);
        var pops = rows.SelectMany(r => r.Similarity.Probabilities.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var pcs = rows.Count == 0 ? 0 : rows.Max(r => r.Pcs.Count);
        var inv = CultureInfo.InvariantCulture;
        writer.WriteLine(string.Join('\t', FixedColumns
            .Concat(pops.Select(p => "KNN_P_" + p)).Concat(Enumerable.Range(1, pcs).Select(i => "PC" + i.ToString(inv)))));
        foreach (var r in rows)
        {
            var a = r.Adjusted;
            writer.WriteLine(string.Join('\t', new[]
                {
                    r.Sampleset, r.Id, r.Score, r.Sum.ToString("R", inv), a.PercentileMostSimilarPop?.ToString("R", inv) ?? "", a.ZMostSimilarPop?.ToString("R", inv) ?? "",
                    a.ZNorm1.ToString("R", inv), a.ZNorm2.ToString("R", inv), r.Similarity.MostSimilarPop, r.Similarity.LowConfidence ? "True" : "False",
                }
                .Concat(pops.Select(p => r.Similarity.Probabilities.GetValueOrDefault(p).ToString("R", inv)))
                .Concat(r.Pcs.Select(v => v.ToString("R", inv)))));
        }
    }

    /// <summary>Reads pgsc_calc's aggregated scores (sampleset, IID, PGS, SUM; tab-separated, plain or gzip).</summary>
    public static IReadOnlyList<(string Sampleset, string Id, string Score, double Sum)> ReadScores(string path)
    {
        var list = new List<(string, string, string, double)>();
        foreach (var (n, row, header) in Table(path, "sampleset", "IID", "PGS", "SUM"))
            list.Add((row[header["sampleset"]], row[header["IID"]], row[header["PGS"]], Number(path, n, header, row, "SUM")));
        return list;
    }

    /// <summary>Reads a .pcs file (FID, IID, PC1…PCk) as written by pgsc_calc's projection.</summary>
    public static IReadOnlyList<SamplePcs> ReadPcs(string path)
    {
        var list = new List<SamplePcs>();
        foreach (var (n, row, header) in Table(path, "IID", "PC1"))
        {
            var k = 1;
            while (header.ContainsKey("PC" + (k + 1).ToString(CultureInfo.InvariantCulture)))
                k++;
            list.Add(new SamplePcs(row[header["IID"]], [.. Enumerable.Range(1, k).Select(i => Number(path, n, header, row, "PC" + i.ToString(CultureInfo.InvariantCulture)))]));
        }

        return list;
    }

    /// <summary>Reads population labels from a reference .psam (#IID and the named column, e.g. SuperPop).</summary>
    public static IReadOnlyDictionary<string, string> ReadPopulations(string path, string column = "SuperPop")
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (_, row, header) in Table(path, "IID", column))
            map[row[header["IID"]]] = row[header[column]];
        return map;
    }

    /// <summary>Reads a plink2 --king-cutoff .id list (one IID per line after the header).</summary>
    public static IReadOnlySet<string> ReadIdList(string path)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, row, header) in Table(path, "IID"))
            set.Add(row[header["IID"]]);
        return set;
    }

    private static double Number(string path, long line, Dictionary<string, int> header, string[] row, string column)
    {
        var c = header[column];
        if (!double.TryParse(row[c], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
            throw new InputException(new InputError(path, line, c + 1, column, $"'{row[c]}' is not a finite number"));
        return v;
    }

    private static IEnumerable<(long Line, string[] Row, Dictionary<string, int> Header)> Table(string path, params string[] required)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = InputFiles.OpenForReading(path);
        using var reader = new StreamReader(path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(stream, CompressionMode.Decompress) : stream);
        var headerLine = reader.ReadLine() ?? "";
        var names = headerLine.TrimStart('#').Split('\t');
        var header = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
            header.TryAdd(names[i], i);
        foreach (var r in required)
        {
            if (!header.ContainsKey(r))
                throw new InputException(new InputError(path, 1, null, r, $"the header has no '{r}' column (it has {string.Join(", ", names)})"));
        }

        long n = 1, count = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            n++;
            if (line.Length == 0)
                continue;
            var row = line.Split('\t');
            if (row.Length != names.Length)
                throw new InputException(new InputError(path, n, null, null, $"{row.Length} fields, the header has {names.Length}"));
            if (++count > MaxRows)
                throw new InputException(new InputError(path, n, null, null, $"more than {MaxRows:N0} rows"));
            yield return (n, row, header);
        }
    }
}

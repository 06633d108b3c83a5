using System.Globalization;
using Precis.Core;

namespace Precis.PolygenicRisk.Scoring;

/// <summary>One sample's value of one score in a shard (one chromosome, one plink2 scorefile, one VCF).</summary>
/// <param name="Sample">IID.</param>
/// <param name="Score">Score id (plink2's column prefix before _SUM).</param>
/// <param name="Sum">SUM.</param>
/// <param name="Denominator">DENOM.</param>
public sealed record ShardScore(string Sample, string Score, double Sum, int Denominator);

/// <summary>
/// Sums per-shard scores per sample and score, as pgsc_calc's aggregation: SUM and DENOM add up, AVG = SUM / DENOM.
/// Shards are per-chromosome runs, or plink2's split scorefiles (one ID with two effect alleles).
/// </summary>
public static class ScoreAggregation
{
    /// <summary>Reads a plink2 .sscore (needs IID, DENOM and one or more *_SUM columns).</summary>
    public static IReadOnlyList<ShardScore> ReadSscore(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = InputFiles.OpenForReading(path);
        using var reader = new StreamReader(stream);
        var header = (reader.ReadLine() ?? "").TrimStart('#').Split('\t');
        var iid = Array.IndexOf(header, "IID");
        var denom = Array.IndexOf(header, "DENOM");
        // NAMED_ALLELE_DOSAGE_SUM also ends in _SUM but is not a score.
        var sums = header.Select((h, i) => (h, i)).Where(x => x.h.EndsWith("_SUM", StringComparison.Ordinal) && x.h != "NAMED_ALLELE_DOSAGE_SUM").ToList();
        if (iid < 0 || denom < 0 || sums.Count == 0)
            throw new InputException(new InputError(path, 1, null, null, "a .sscore needs IID, DENOM and at least one *_SUM column (plink2 cols=+scoresums,+denom)"));
        var list = new List<ShardScore>();
        long n = 1;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            n++;
            var f = line.Split('\t');
            if (f.Length != header.Length)
                throw new InputException(new InputError(path, n, null, null, $"{f.Length} fields, the header has {header.Length}"));
            if (!int.TryParse(f[denom], NumberStyles.None, CultureInfo.InvariantCulture, out var d))
                throw new InputException(new InputError(path, n, denom + 1, "DENOM", $"'{f[denom]}' is not a non-negative integer"));
            foreach (var (name, i) in sums)
            {
                if (!double.TryParse(f[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var s))
                    throw new InputException(new InputError(path, n, i + 1, name, $"'{f[i]}' is not a number"));
                list.Add(new ShardScore(f[iid], name[..^4], s, d));
            }
        }

        return list;
    }

    /// <summary>The shards of a scoring run (one row per scored sample and score).</summary>
    public static IEnumerable<ShardScore> FromResult(ScoringResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Scores.Where(s => s.IsScored).SelectMany(s => s.Samples.Select(x => new ShardScore(x.Sample, s.Definition.Id, x.Sum, x.Denominator)));
    }

    /// <summary>Per sample and score: summed SUM and DENOM, in first-seen order.</summary>
    public static IReadOnlyList<ShardScore> Aggregate(IEnumerable<ShardScore> shards)
    {
        ArgumentNullException.ThrowIfNull(shards);
        var order = new List<(string, string)>();
        var totals = new Dictionary<(string, string), (double Sum, int Denom)>();
        foreach (var s in shards)
        {
            var key = (s.Sample, s.Score);
            if (!totals.TryGetValue(key, out var t))
                order.Add(key);
            totals[key] = (t.Sum + s.Sum, t.Denom + s.Denominator);
        }

        return [.. order.Select(k => new ShardScore(k.Item1, k.Item2, totals[k].Sum, totals[k].Denom))];
    }
}

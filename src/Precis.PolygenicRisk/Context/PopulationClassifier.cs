namespace Precis.PolygenicRisk.Context;

/// <summary>Which reference population a sample is most similar to, and how sure that is.</summary>
/// <param name="MostSimilarPop">The population with the highest probability (ties: the nearer mean distance), or the known label of a reference sample.</param>
/// <param name="LowConfidence">True when that probability is below the threshold (pgsc_calc's 0.5): the population context is then unreliable.</param>
/// <param name="Probabilities">Share of the k nearest reference samples in each population (sums to 1).</param>
public sealed record PopulationSimilarity(string MostSimilarPop, bool LowConfidence, IReadOnlyDictionary<string, double> Probabilities);

/// <summary>
/// "Most similar population" from principal components by k-nearest neighbours in the reference PC space: the
/// probability of a population is the share of the k nearest unrelated reference samples (Euclidean distance on the
/// first <c>pcs</c> projected PCs, unscaled so that each PC weighs by the variance it explains) carrying its label.
/// pgsc_calc uses a random forest on the same PCs with the same 0.5 confidence threshold; k-NN is chosen here because
/// it is deterministic (no random seed), has one parameter, and its answer can be checked by hand (the k neighbours).
/// </summary>
public sealed class PopulationClassifier
{
    /// <summary>pgsc_calc's default number of PCs for the population comparison (--n_popcomp).</summary>
    public const int DefaultPcs = 5;

    /// <summary>
    /// Neighbours consulted. Leave-one-out on the 2,575 unrelated 1000 Genomes references (PC1–5): 99.8 % correct for
    /// k = 1 to 15, 99.4 % at 50; 15 is the largest k without loss, so the probabilities are the smoothest.
    /// </summary>
    public const int DefaultK = 15;

    /// <summary>pgsc_calc's default probability threshold below which the match is "low confidence".</summary>
    public const double DefaultThreshold = 0.5;

    private readonly List<(string Id, double[] Pcs, string Population)> _train;

    private PopulationClassifier(List<(string, double[], string)> train, int pcs, int k, double threshold)
    {
        _train = train;
        PcCount = pcs;
        K = k;
        Threshold = threshold;
        Populations = [.. train.Select(t => t.Item3).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>PCs used.</summary>
    public int PcCount { get; }

    /// <summary>Neighbours consulted.</summary>
    public int K { get; }

    /// <summary>Low-confidence threshold.</summary>
    public double Threshold { get; }

    /// <summary>Reference populations, sorted.</summary>
    public IReadOnlyList<string> Populations { get; }

    /// <summary>Trains on the labelled reference samples marked for training (unrelated).</summary>
    public static PopulationClassifier Fit(IReadOnlyList<ReferenceSample> reference, int pcs = DefaultPcs, int k = DefaultK, double threshold = DefaultThreshold)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentOutOfRangeException.ThrowIfLessThan(pcs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var train = reference.Where(r => r.Train && r.Population is not null)
            .Select(r => (r.Id, r.Pcs.Count >= pcs ? r.Pcs.Take(pcs).ToArray() : throw new ArgumentException($"sample {r.Id} has {r.Pcs.Count} PCs, fewer than {pcs}", nameof(reference)), r.Population!))
            .ToList();
        if (train.Count <= k)
            throw new ArgumentException($"{train.Count} labelled training samples, need more than k = {k}", nameof(reference));
        return new PopulationClassifier(train, pcs, k, threshold);
    }

    /// <summary>Classifies one sample; <paramref name="excludeId"/> leaves a reference sample out of its own neighbours.</summary>
    public PopulationSimilarity Classify(IReadOnlyList<double> pcs, string? excludeId = null)
    {
        ArgumentNullException.ThrowIfNull(pcs);
        if (pcs.Count < PcCount)
            throw new ArgumentException($"{pcs.Count} PCs given, the classifier uses {PcCount}", nameof(pcs));
        // Partial selection of the k smallest distances; n is a few thousand, so a bounded insertion list is enough.
        var best = new List<(double Distance, int Index)>(K + 1);
        for (var t = 0; t < _train.Count; t++)
        {
            if (excludeId is not null && _train[t].Id == excludeId)
                continue;
            var x = _train[t].Pcs;
            double d = 0;
            for (var j = 0; j < PcCount; j++)
                d += (x[j] - pcs[j]) * (x[j] - pcs[j]);
            if (best.Count == K && d >= best[^1].Distance)
                continue;
            var at = best.FindIndex(b => b.Distance > d);
            best.Insert(at < 0 ? best.Count : at, (d, t));
            if (best.Count > K)
                best.RemoveAt(K);
        }

        var groups = best.GroupBy(b => _train[b.Index].Population, StringComparer.Ordinal)
            .Select(g => (Population: g.Key, Count: g.Count(), MeanDistance: g.Average(b => b.Distance)))
            .OrderByDescending(g => g.Count).ThenBy(g => g.MeanDistance).ThenBy(g => g.Population, StringComparer.Ordinal)
            .ToList();
        var probabilities = Populations.ToDictionary(p => p, p => (double)groups.Where(g => g.Population == p).Sum(g => g.Count) / best.Count, StringComparer.Ordinal);
        var top = groups[0];
        return new PopulationSimilarity(top.Population, (double)top.Count / best.Count < Threshold, probabilities);
    }
}

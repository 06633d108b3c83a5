namespace Precis.PolygenicRisk.Context;

/// <summary>
/// A reference distribution of one score (e.g. the score of a reference panel's samples of one population): where a
/// value falls in it. A percentile says how many reference people scored lower; it is not a risk, and it only means
/// something when the reference is comparable to the patient (same score, same variants, similar ancestry).
/// </summary>
public sealed class ReferenceDistribution
{
    private readonly double[] _sorted;

    /// <summary>Builds the distribution; needs at least two values with some spread.</summary>
    public ReferenceDistribution(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _sorted = [.. values.Where(double.IsFinite).Order()];
        if (_sorted.Length < 2)
            throw new ArgumentException("a reference distribution needs at least two finite values", nameof(values));
        Mean = _sorted.Average();
        StandardDeviation = Math.Sqrt(_sorted.Sum(v => (v - Mean) * (v - Mean)) / _sorted.Length);
        if (StandardDeviation == 0)
            throw new ArgumentException("the reference values have no spread", nameof(values));
    }

    /// <summary>Number of reference values.</summary>
    public int Count => _sorted.Length;

    /// <summary>Mean of the reference.</summary>
    public double Mean { get; }

    /// <summary>Population standard deviation (ddof = 0, as pgsc_calc).</summary>
    public double StandardDeviation { get; }

    /// <summary>(value − mean) / sd.</summary>
    public double ZScore(double value) => (value - Mean) / StandardDeviation;

    /// <summary>The smallest and largest reference values.</summary>
    public (double Min, double Max) Range => (_sorted[0], _sorted[^1]);

    /// <summary>
    /// The value below which a share <paramref name="q"/> (0–1) of the reference lies: linear interpolation between
    /// order statistics (numpy's default, Hyndman–Fan type 7), for drawing the distribution.
    /// </summary>
    public double Quantile(double q)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(q, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(q, 1);
        var h = (_sorted.Length - 1) * q;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, _sorted.Length - 1);
        return _sorted[lo] + ((h - lo) * (_sorted[hi] - _sorted[lo]));
    }

    /// <summary>
    /// Percentile rank 0–100 with ties averaged (scipy.stats.percentileofscore kind="rank", which pgsc_calc uses):
    /// (below + (below or equal) + (1 if equal exists)) × 50 / n.
    /// </summary>
    public double Percentile(double value)
    {
        var below = LowerBound(value);
        var atOrBelow = UpperBound(value);
        var plus = below < atOrBelow ? 1 : 0;
        return (below + atOrBelow + plus) * 50.0 / _sorted.Length;
    }

    private int LowerBound(double v)
    {
        int lo = 0, hi = _sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_sorted[mid] < v)
                lo = mid + 1;
            else
                hi = mid;
        }

        return lo;
    }

    private int UpperBound(double v)
    {
        int lo = 0, hi = _sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_sorted[mid] <= v)
                lo = mid + 1;
            else
                hi = mid;
        }

        return lo;
    }
}

/// <summary>One reference-panel sample: its score, its genetic principal components and population label.</summary>
/// <param name="Id">Sample id.</param>
/// <param name="Score">The score (SUM).</param>
/// <param name="Pcs">Principal components, PC1 first.</param>
/// <param name="Population">Population label (e.g. 1000 Genomes super-population), or null.</param>
/// <param name="Train">Whether the sample trains the adjustment (pgsc_calc excludes related samples).</param>
public sealed record ReferenceSample(string Id, double Score, IReadOnlyList<double> Pcs, string? Population, bool Train = true);

/// <summary>A target's score expressed against the reference: pgsc_calc's adjusted columns.</summary>
/// <param name="Population">The population whose distribution was used for the empirical columns, or null.</param>
/// <param name="PercentileMostSimilarPop">Percentile in that population (empirical).</param>
/// <param name="ZMostSimilarPop">Z in that population (empirical).</param>
/// <param name="ZNorm1">"mean": residual of the PC regression of the score, divided by the reference residual sd.</param>
/// <param name="ZNorm2">"mean+var": residual divided by the PC-predicted sd (joint maximum likelihood of mean and variance).</param>
public sealed record AdjustedScore(string? Population, double? PercentileMostSimilarPop, double? ZMostSimilarPop, double ZNorm1, double ZNorm2);

/// <summary>
/// pgsc_calc's ancestry normalisations of a score against a reference panel: "empirical" (percentile and Z in the
/// most similar population's distribution), "mean" (Khera et al. 2019: regress the score on PCs, Z of the residual)
/// and "mean+var" (Khan et al. 2022: mean and log-variance both linear in the PCs, fitted jointly by maximum
/// likelihood). PCs are standardised and the score centred on the training reference, as pgsc_calc does.
/// </summary>
public sealed class AncestryAdjustment
{
    private readonly double[] _pcMean;
    private readonly double[] _pcSd;
    private readonly double _scoreOffset;
    private readonly double[] _olsBeta;
    private readonly double _residualSd;
    private readonly Dictionary<string, ReferenceDistribution> _populations;

    private AncestryAdjustment(int pcs, double[] pcMean, double[] pcSd, double offset, double[] ols, double residualSd, double[] mu, double[] logVar,
        Dictionary<string, ReferenceDistribution> populations, int iterations)
    {
        PcCount = pcs;
        _pcMean = pcMean;
        _pcSd = pcSd;
        _scoreOffset = offset;
        _olsBeta = ols;
        _residualSd = residualSd;
        MeanCoefficients = mu;
        LogVarianceCoefficients = logVar;
        _populations = populations;
        Iterations = iterations;
    }

    /// <summary>PCs used.</summary>
    public int PcCount { get; }

    /// <summary>Linear model of the mean ("mean", OLS): intercept then one coefficient per standardised PC.</summary>
    public IReadOnlyList<double> OlsCoefficients => _olsBeta;

    /// <summary>"mean+var" mean model: intercept then one coefficient per standardised PC.</summary>
    public IReadOnlyList<double> MeanCoefficients { get; }

    /// <summary>"mean+var" log-variance model: intercept then one coefficient per standardised PC.</summary>
    public IReadOnlyList<double> LogVarianceCoefficients { get; }

    /// <summary>Alternating iterations the joint fit took.</summary>
    public int Iterations { get; }

    /// <summary>Population distributions available for the empirical method.</summary>
    public IReadOnlyCollection<string> Populations => _populations.Keys;

    /// <summary>Fits the normalisations on the reference samples marked for training (pgsc_calc default: 4 PCs).</summary>
    public static AncestryAdjustment Fit(IReadOnlyList<ReferenceSample> reference, int pcs = 4)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var train = reference.Where(r => r.Train).ToList();
        if (train.Count <= pcs + 2)
            throw new ArgumentException($"too few training samples ({train.Count}) for {pcs} PCs", nameof(reference));
        if (train.Any(r => r.Pcs.Count < pcs))
            throw new ArgumentException($"every reference sample needs at least {pcs} PCs", nameof(reference));
        var pcMean = new double[pcs];
        var pcSd = new double[pcs];
        for (var j = 0; j < pcs; j++)
        {
            pcMean[j] = train.Average(r => r.Pcs[j]);
            var m = pcMean[j];
            pcSd[j] = Math.Sqrt(train.Average(r => (r.Pcs[j] - m) * (r.Pcs[j] - m)));
        }

        var offset = train.Average(r => r.Score);
        var x = train.Select(r => Design(r.Pcs, pcMean, pcSd, pcs)).ToArray();
        var y = train.Select(r => r.Score - offset).ToArray();
        var ols = WeightedLeastSquares(x, y, null);
        var resid = y.Select((v, i) => v - Dot(ols, x[i])).ToArray();
        var residMean = resid.Average();
        var residualSd = Math.Sqrt(resid.Average(r => (r - residMean) * (r - residMean)));

        // Joint maximum likelihood of y ~ Normal(x·β, exp(x·γ)): block coordinate ascent. For fixed γ the β step is
        // weighted least squares (weights 1/variance); for fixed β the γ step is a gamma GLM with log link on the
        // squared residuals (its score equations are the normal likelihood's). Both steps increase the likelihood.
        var beta = (double[])ols.Clone();
        var gamma = GammaLogLinkFit(x, resid.Select(r => (r - residMean) * (r - residMean)).ToArray(), null);
        var iterations = 0;
        for (; iterations < 500; iterations++)
        {
            var variance = x.Select(row => Math.Exp(Dot(gamma, row))).ToArray();
            var newBeta = WeightedLeastSquares(x, y, variance.Select(v => 1 / v).ToArray());
            var sq = y.Select((v, i) => Math.Pow(v - Dot(newBeta, x[i]), 2)).ToArray();
            var newGamma = GammaLogLinkFit(x, sq, gamma);
            var change = (newBeta.Zip(beta).Max(p => Math.Abs(p.First - p.Second)) / residualSd)
                + newGamma.Zip(gamma).Max(p => Math.Abs(p.First - p.Second));
            beta = newBeta;
            gamma = newGamma;
            if (change < 1e-12)
                break;
        }

        var populations = train.Where(r => r.Population is not null).GroupBy(r => r.Population!, StringComparer.Ordinal)
            .Where(g => g.Count() >= 2)
            .ToDictionary(g => g.Key, g => new ReferenceDistribution(g.Select(r => r.Score)), StringComparer.Ordinal);
        return new AncestryAdjustment(pcs, pcMean, pcSd, offset, ols, residualSd, beta, gamma, populations, iterations);
    }

    /// <summary>The adjusted columns of one sample; <paramref name="population"/> chooses the empirical distribution.</summary>
    public AdjustedScore Adjust(double score, IReadOnlyList<double> pcs, string? population)
    {
        ArgumentNullException.ThrowIfNull(pcs);
        var x = Design(pcs, _pcMean, _pcSd, PcCount);
        var y = score - _scoreOffset;
        var z1 = (y - Dot(_olsBeta, x)) / _residualSd;
        var z2 = (y - Dot([.. MeanCoefficients], x)) / Math.Sqrt(Math.Exp(Dot([.. LogVarianceCoefficients], x)));
        double? percentile = null, z = null;
        if (population is not null && _populations.TryGetValue(population, out var dist))
        {
            percentile = dist.Percentile(score);
            z = dist.ZScore(score);
        }

        return new AdjustedScore(population, percentile, z, z1, z2);
    }

    /// <summary>The distribution of one reference population.</summary>
    public ReferenceDistribution? Population(string name) => _populations.GetValueOrDefault(name);

    /// <summary>Standardised design row [1, PC1', ..., PCk'] as used by every model here.</summary>
    public double[] DesignRow(IReadOnlyList<double> pcs)
    {
        ArgumentNullException.ThrowIfNull(pcs);
        return Design(pcs, _pcMean, _pcSd, PcCount);
    }

    /// <summary>The score minus the training mean (the models' response).</summary>
    public double Centre(double score) => score - _scoreOffset;

    private static double[] Design(IReadOnlyList<double> pcs, double[] mean, double[] sd, int k)
    {
        var row = new double[k + 1];
        row[0] = 1;
        for (var j = 0; j < k; j++)
            row[j + 1] = (pcs[j] - mean[j]) / sd[j];
        return row;
    }

    internal static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (var i = 0; i < a.Length; i++)
            s += a[i] * b[i];
        return s;
    }

    private static double[] WeightedLeastSquares(double[][] x, double[] y, double[]? w)
    {
        var p = x[0].Length;
        var a = new double[p, p];
        var b = new double[p];
        for (var i = 0; i < x.Length; i++)
        {
            var wi = w?[i] ?? 1;
            for (var j = 0; j < p; j++)
            {
                b[j] += wi * x[i][j] * y[i];
                for (var k = 0; k < p; k++)
                    a[j, k] += wi * x[i][j] * x[i][k];
            }
        }

        return Solve(a, b);
    }

    /// <summary>Gamma GLM, log link, by iteratively reweighted least squares (Fisher scoring; weights are 1 for this link).</summary>
    private static double[] GammaLogLinkFit(double[][] x, double[] y, double[]? start)
    {
        var p = x[0].Length;
        var gamma = start is not null ? (double[])start.Clone() : new double[p];
        if (start is null)
            gamma[0] = Math.Log(y.Average());
        for (var iter = 0; iter < 200; iter++)
        {
            // Working response z = η + (y − μ)/μ; for the gamma family with log link the IRLS weights are constant.
            var z = new double[x.Length];
            for (var i = 0; i < x.Length; i++)
            {
                var eta = Dot(gamma, x[i]);
                z[i] = eta + ((y[i] - Math.Exp(eta)) / Math.Exp(eta));
            }

            var next = WeightedLeastSquares(x, z, null);
            var change = next.Zip(gamma).Max(q => Math.Abs(q.First - q.Second));
            gamma = next;
            if (change < 1e-13)
                break;
        }

        return gamma;
    }

    private static double[] Solve(double[,] a, double[] b)
    {
        var n = b.Length;
        var m = (double[,])a.Clone();
        var v = (double[])b.Clone();
        for (var c = 0; c < n; c++)
        {
            var pivot = c;
            for (var r = c + 1; r < n; r++)
            {
                if (Math.Abs(m[r, c]) > Math.Abs(m[pivot, c]))
                    pivot = r;
            }

            if (Math.Abs(m[pivot, c]) < 1e-300)
                throw new InvalidOperationException("singular design: the PCs are collinear");
            if (pivot != c)
            {
                for (var k = 0; k < n; k++)
                    (m[c, k], m[pivot, k]) = (m[pivot, k], m[c, k]);
                (v[c], v[pivot]) = (v[pivot], v[c]);
            }

            for (var r = c + 1; r < n; r++)
            {
                var f = m[r, c] / m[c, c];
                for (var k = c; k < n; k++)
                    m[r, k] -= f * m[c, k];
                v[r] -= f * v[c];
            }
        }

        var result = new double[n];
        for (var r = n - 1; r >= 0; r--)
        {
            var s = v[r];
            for (var k = r + 1; k < n; k++)
                s -= m[r, k] * result[k];
            result[r] = s / m[r, r];
        }

        return result;
    }
}

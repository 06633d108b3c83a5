namespace Precis.Prediction.Metrics;

/// <summary>Percentile bootstrap intervals for any statistic of paired (outcome, prediction) data, seeded and reproducible.</summary>
public static class Bootstrap
{
    /// <summary>
    /// Resamples rows with replacement <paramref name="resamples"/> times and returns the percentile interval.
    /// Resamples where the statistic cannot be computed (e.g. AUROC with one class) are skipped and counted in the method text.
    /// </summary>
    public static Interval Percentile<TY, TP>(
        IReadOnlyList<TY> y,
        IReadOnlyList<TP> p,
        Func<IReadOnlyList<TY>, IReadOnlyList<TP>, double> statistic,
        int resamples = 1000,
        double level = 0.95,
        int seed = 20261122)
    {
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(statistic);
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 10);
        var n = y.Count;
        var estimate = statistic(y, p);
        var rng = new Random(seed);
        var values = new List<double>(resamples);
        var skipped = 0;
        var by = new TY[n];
        var bp = new TP[n];
        for (var b = 0; b < resamples; b++)
        {
            for (var i = 0; i < n; i++)
            {
                var k = rng.Next(n);
                by[i] = y[k];
                bp[i] = p[k];
            }

            try
            {
                values.Add(statistic(by, bp));
            }
            catch (ArgumentException)
            {
                skipped++;
            }
        }

        values.Sort();
        var alpha = (1 - level) / 2;
        return new Interval(estimate, Quantile(values, alpha), Quantile(values, 1 - alpha), level,
            $"percentile bootstrap, {values.Count} resamples (seed {seed}{(skipped > 0 ? $", {skipped} skipped" : "")})");
    }

    /// <summary>Linear-interpolation quantile of sorted values (type 7, as R and numpy default).</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double q)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
            return double.NaN;
        var h = (sorted.Count - 1) * q;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
    }
}

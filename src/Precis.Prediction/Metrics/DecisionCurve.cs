namespace Precis.Prediction.Metrics;

/// <summary>One threshold of a decision curve, with the columns R's dcurves reports.</summary>
/// <param name="Threshold">Threshold probability pₜ.</param>
/// <param name="N">Number of people.</param>
/// <param name="PositiveRate">Event rate in the data.</param>
/// <param name="TestPositiveRate">Share treated (risk strictly above pₜ).</param>
/// <param name="TruePositiveRate">True positives / N.</param>
/// <param name="FalsePositiveRate">False positives / N.</param>
/// <param name="NetBenefit">TP/N − FP/N · pₜ/(1 − pₜ).</param>
/// <param name="NetInterventionsAvoided">(NB − NB of treat-all) / (pₜ/(1 − pₜ)); −∞ at pₜ = 0 as dcurves reports.</param>
public sealed record DecisionCurvePoint(
    double Threshold,
    int N,
    double PositiveRate,
    double TestPositiveRate,
    double TruePositiveRate,
    double FalsePositiveRate,
    double NetBenefit,
    double NetInterventionsAvoided);

/// <summary>
/// Decision-curve analysis (Vickers &amp; Elkin 2006) as R's dcurves computes it. A person is treated when the
/// predicted risk is strictly above the threshold: with "≥", a 0/1 marker would count everyone as treated at pₜ = 0.
/// </summary>
public static class DecisionCurve
{
    /// <summary>Net benefit of treating those with risk above <paramref name="threshold"/>.</summary>
    public static double NetBenefit(IReadOnlyList<int> y, IReadOnlyList<double> risk, double threshold) =>
        Point(y, risk, threshold, TreatAllNetBenefit(y, threshold)).NetBenefit;

    /// <summary>Net benefit of treating everyone: prevalence − (1 − prevalence)·pₜ/(1 − pₜ).</summary>
    public static double TreatAllNetBenefit(IReadOnlyList<int> y, double threshold)
    {
        ArgumentNullException.ThrowIfNull(y);
        var prevalence = y.Count(v => v == 1) / (double)y.Count;
        return prevalence - ((1 - prevalence) * Odds(threshold));
    }

    /// <summary>The curve of a model (or a 0/1 marker) at each threshold.</summary>
    public static IReadOnlyList<DecisionCurvePoint> Curve(IReadOnlyList<int> y, IReadOnlyList<double> risk, IEnumerable<double> thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        return [.. thresholds.Select(t => Point(y, risk, t, TreatAllNetBenefit(y, t)))];
    }

    /// <summary>The treat-all reference curve.</summary>
    public static IReadOnlyList<DecisionCurvePoint> TreatAll(IReadOnlyList<int> y, IEnumerable<double> thresholds)
    {
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(thresholds);
        var ones = Enumerable.Repeat(1.0, y.Count).ToArray();
        return [.. thresholds.Select(t => Point(y, ones, t, TreatAllNetBenefit(y, t), treatAll: true))];
    }

    /// <summary>The treat-none reference curve (net benefit 0).</summary>
    public static IReadOnlyList<DecisionCurvePoint> TreatNone(IReadOnlyList<int> y, IEnumerable<double> thresholds)
    {
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(thresholds);
        var zeros = new double[y.Count];
        return [.. thresholds.Select(t => Point(y, zeros, t, TreatAllNetBenefit(y, t), treatNone: true))];
    }

    /// <summary>Thresholds from <paramref name="from"/> to <paramref name="to"/> by <paramref name="by"/>, free of accumulated rounding.</summary>
    public static IReadOnlyList<double> Thresholds(double from = 0, double to = 0.99, double by = 0.01)
    {
        var count = (int)Math.Round((to - from) / by) + 1;
        return [.. Enumerable.Range(0, count).Select(i => Math.Round(from + (i * by), 10))];
    }

    private static DecisionCurvePoint Point(IReadOnlyList<int> y, IReadOnlyList<double> risk, double t, double treatAllBenefit, bool treatNone = false, bool treatAll = false)
    {
        if (y.Count != risk.Count || y.Count == 0)
            throw new ArgumentException($"{y.Count} outcomes but {risk.Count} predictions");
        var n = y.Count;
        int tp = 0, fp = 0, pos = 0;
        for (var i = 0; i < n; i++)
        {
            pos += y[i];
            var treated = treatAll || (!treatNone && risk[i] > t);
            if (!treated)
                continue;
            if (y[i] == 1)
                tp++;
            else
                fp++;
        }

        var odds = Odds(t);
        var nb = ((double)tp / n) - ((double)fp / n * odds);
        var avoided = t == 0 ? double.NegativeInfinity : (nb - treatAllBenefit) / odds;
        if (treatAll)
            avoided = t == 0 ? double.NaN : 0;
        return new DecisionCurvePoint(t, n, (double)pos / n, (double)(tp + fp) / n, (double)tp / n, (double)fp / n, nb, avoided);
    }

    private static double Odds(double t) => t / (1 - t);
}

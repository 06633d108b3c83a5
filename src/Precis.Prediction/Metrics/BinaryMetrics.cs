using Precis.Prediction.Learners;

namespace Precis.Prediction.Metrics;

/// <summary>An estimate with a two-sided confidence interval.</summary>
/// <param name="Estimate">The point estimate.</param>
/// <param name="Lower">Lower bound.</param>
/// <param name="Upper">Upper bound.</param>
/// <param name="Level">Confidence level, e.g. 0.95.</param>
/// <param name="Method">How the interval was computed (DeLong, percentile bootstrap with B resamples…).</param>
public sealed record Interval(double Estimate, double Lower, double Upper, double Level, string Method);

/// <summary>Calibration of predicted probabilities: slope and intercept of logit(y) on logit(p), and calibration-in-the-large.</summary>
/// <param name="Slope">Slope of the logistic recalibration model (1 = ideal; &lt;1 = predictions too extreme).</param>
/// <param name="Intercept">Intercept fitted together with the slope.</param>
/// <param name="InTheLarge">Intercept with logit(p) as an offset (slope fixed at 1); 0 = mean risk right.</param>
public sealed record CalibrationFit(double Slope, double Intercept, double InTheLarge);

/// <summary>One bin of a reliability diagram.</summary>
/// <param name="Lower">Bin lower edge.</param>
/// <param name="Upper">Bin upper edge.</param>
/// <param name="Count">Predictions in the bin.</param>
/// <param name="MeanPredicted">Mean predicted probability in the bin.</param>
/// <param name="ObservedRate">Fraction of events in the bin.</param>
public sealed record ReliabilityBin(double Lower, double Upper, int Count, double MeanPredicted, double ObservedRate);

/// <summary>
/// Performance measures for a binary outcome and predicted probabilities, defined as scikit-learn 1.2 and pROC
/// define them so that results can be checked against those tools.
/// </summary>
public static class BinaryMetrics
{
    /// <summary>Area under the ROC curve (Mann–Whitney; ties count one half).</summary>
    public static double Auroc(IReadOnlyList<int> y, IReadOnlyList<double> p) => DeLongComponents(y, p).Auc;

    /// <summary>AUROC with DeLong's (1988) variance and a normal-approximation interval, clipped to [0, 1] as pROC does.</summary>
    public static Interval AurocDeLong(IReadOnlyList<int> y, IReadOnlyList<double> p, double level = 0.95)
    {
        var (auc, v10, v01) = DeLongComponents(y, p);
        var m = v10.Length;
        var n = v01.Length;
        var s10 = Variance(v10, auc);
        var s01 = Variance(v01, auc);
        var se = Math.Sqrt((s10 / m) + (s01 / n));
        var z = MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, 1 - ((1 - level) / 2));
        return new Interval(auc, Math.Max(0, auc - (z * se)), Math.Min(1, auc + (z * se)), level, "DeLong");

        static double Variance(double[] v, double mean)
        {
            if (v.Length < 2)
                return 0;
            var s = 0.0;
            foreach (var x in v)
                s += (x - mean) * (x - mean);
            return s / (v.Length - 1);
        }
    }

    /// <summary>AUROC and DeLong's placement values: for each event, the share of non-events ranked below it, and vice versa.</summary>
    internal static (double Auc, double[] V10, double[] V01) DeLongComponents(IReadOnlyList<int> y, IReadOnlyList<double> p)
    {
        Check(y, p);
        var pos = new List<double>();
        var neg = new List<double>();
        for (var i = 0; i < y.Count; i++)
            (y[i] == 1 ? pos : neg).Add(p[i]);
        if (pos.Count == 0 || neg.Count == 0)
            throw new ArgumentException("AUROC needs both events and non-events");

        // Midranks in the pooled sample give every placement value in O(n log n).
        var all = MidRanks([.. pos, .. neg]);
        var rp = MidRanks([.. pos]);
        var rn = MidRanks([.. neg]);
        var m = pos.Count;
        var n = neg.Count;
        var v10 = new double[m];
        var v01 = new double[n];
        double sum = 0;
        for (var i = 0; i < m; i++)
        {
            v10[i] = (all[i] - rp[i]) / n;
            sum += v10[i];
        }

        for (var j = 0; j < n; j++)
            v01[j] = 1 - ((all[m + j] - rn[j]) / m);
        return (sum / m, v10, v01);
    }

    /// <summary>1-based ranks with ties given their mean rank.</summary>
    internal static double[] MidRanks(double[] values)
    {
        var idx = Enumerable.Range(0, values.Length).ToArray();
        Array.Sort([.. values], idx);
        var ranks = new double[values.Length];
        var i = 0;
        while (i < idx.Length)
        {
            var j = i;
            while (j + 1 < idx.Length && values[idx[j + 1]] == values[idx[i]])
                j++;
            var r = ((i + j) / 2.0) + 1;
            for (var k = i; k <= j; k++)
                ranks[idx[k]] = r;
            i = j + 1;
        }

        return ranks;
    }

    /// <summary>Average precision as scikit-learn computes it: Σ (Rₙ − Rₙ₋₁)·Pₙ over distinct thresholds.</summary>
    public static double AveragePrecision(IReadOnlyList<int> y, IReadOnlyList<double> p)
    {
        Check(y, p);
        var order = Enumerable.Range(0, y.Count).OrderByDescending(i => p[i]).ToArray();
        var totalPos = y.Count(v => v == 1);
        double tp = 0, fp = 0, prevRecall = 0, ap = 0;
        for (var k = 0; k < order.Length; k++)
        {
            if (y[order[k]] == 1)
                tp++;
            else
                fp++;
            if (k + 1 < order.Length && p[order[k + 1]] == p[order[k]])
                continue;
            var recall = tp / totalPos;
            ap += (recall - prevRecall) * (tp / (tp + fp));
            prevRecall = recall;
        }

        return ap;
    }

    /// <summary>Mean squared difference between probability and outcome.</summary>
    public static double Brier(IReadOnlyList<int> y, IReadOnlyList<double> p)
    {
        Check(y, p);
        var s = 0.0;
        for (var i = 0; i < y.Count; i++)
            s += (p[i] - y[i]) * (p[i] - y[i]);
        return s / y.Count;
    }

    /// <summary>Mean negative log-likelihood; probabilities are clipped to [1e-15, 1 − 1e-15] as scikit-learn 1.2 does.</summary>
    public static double LogLoss(IReadOnlyList<int> y, IReadOnlyList<double> p)
    {
        Check(y, p);
        var s = 0.0;
        for (var i = 0; i < y.Count; i++)
        {
            var q = Math.Clamp(p[i], 1e-15, 1 - 1e-15);
            s -= y[i] == 1 ? Math.Log(q) : Math.Log(1 - q);
        }

        return s / y.Count;
    }

    /// <summary>Logistic recalibration: slope and intercept of y on logit(p), and the intercept with logit(p) as offset.</summary>
    public static CalibrationFit Calibration(IReadOnlyList<int> y, IReadOnlyList<double> p)
    {
        Check(y, p);
        var lp = p.Select(v => LogisticFit.Logit(Math.Clamp(v, 1e-15, 1 - 1e-15))).ToArray();
        var t = y.Select(v => (double)v).ToArray();
        var both = LogisticFit.Fit([.. lp.Select(v => new[] { v })], t);
        var citl = LogisticFit.Fit([.. lp.Select(_ => Array.Empty<double>())], t, lp);
        return new CalibrationFit(both[1], both[0], citl[0]);
    }

    /// <summary>
    /// Reliability diagram with equal-width bins (scikit-learn's calibration_curve, strategy "uniform"): a value on an
    /// inner edge belongs to the lower bin. Empty bins are left out.
    /// </summary>
    public static IReadOnlyList<ReliabilityBin> Reliability(IReadOnlyList<int> y, IReadOnlyList<double> p, int bins = 10)
    {
        Check(y, p);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        var count = new int[bins];
        var sumP = new double[bins];
        var sumY = new double[bins];
        for (var i = 0; i < y.Count; i++)
        {
            var b = 0;
            while (b < bins - 1 && p[i] > (b + 1) * (1.0 / bins))
                b++;
            count[b]++;
            sumP[b] += p[i];
            sumY[b] += y[i];
        }

        var result = new List<ReliabilityBin>();
        for (var b = 0; b < bins; b++)
        {
            if (count[b] > 0)
                result.Add(new ReliabilityBin((double)b / bins, (double)(b + 1) / bins, count[b], sumP[b] / count[b], sumY[b] / count[b]));
        }

        return result;
    }

    /// <summary>Expected calibration error: Σ over equal-width bins of (bin share) × |observed − mean predicted|.</summary>
    public static double ExpectedCalibrationError(IReadOnlyList<int> y, IReadOnlyList<double> p, int bins = 10) =>
        Reliability(y, p, bins).Sum(b => (double)b.Count / y.Count * Math.Abs(b.ObservedRate - b.MeanPredicted));

    /// <summary>
    /// Integrated calibration index (Austin &amp; Steyerberg 2019): mean |p − smoothed observed rate at p|, the smoother
    /// being a locally linear tricube-weighted regression of y on p with span <paramref name="span"/> (lowess, no robustness iterations).
    /// </summary>
    public static double IntegratedCalibrationIndex(IReadOnlyList<int> y, IReadOnlyList<double> p, double span = 0.75)
    {
        Check(y, p);
        var n = y.Count;
        var order = Enumerable.Range(0, n).OrderBy(i => p[i]).ToArray();
        var xs = order.Select(i => p[i]).ToArray();
        var ys = order.Select(i => (double)y[i]).ToArray();
        var k = Math.Max(2, (int)Math.Ceiling(span * n));
        var total = 0.0;
        var dist = new double[n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
                dist[j] = Math.Abs(xs[j] - xs[i]);
            var h = dist.OrderBy(d => d).ElementAt(k - 1);
            if (h <= 0)
                h = 1e-12;
            double sw = 0, swx = 0, swy = 0, swxx = 0, swxy = 0;
            for (var j = 0; j < n; j++)
            {
                var u = dist[j] / h;
                if (u >= 1)
                    continue;
                var w = Math.Pow(1 - (u * u * u), 3);
                sw += w;
                swx += w * xs[j];
                swy += w * ys[j];
                swxx += w * xs[j] * xs[j];
                swxy += w * xs[j] * ys[j];
            }

            var den = (sw * swxx) - (swx * swx);
            var fit = Math.Abs(den) < 1e-15 ? swy / sw : (((swxx * swy) - (swx * swxy)) + (xs[i] * ((sw * swxy) - (swx * swy)))) / den;
            total += Math.Abs(Math.Clamp(fit, 0, 1) - xs[i]);
        }

        return total / n;
    }

    internal static void Check(IReadOnlyList<int> y, IReadOnlyList<double> p)
    {
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(p);
        if (y.Count != p.Count)
            throw new ArgumentException($"{y.Count} outcomes but {p.Count} predictions");
        if (y.Count == 0)
            throw new ArgumentException("no predictions");
        for (var i = 0; i < y.Count; i++)
        {
            if (y[i] is not (0 or 1))
                throw new ArgumentException($"outcome {i} is {y[i]}; binary outcomes must be 0 or 1");
            if (!(p[i] >= 0 && p[i] <= 1))
                throw new ArgumentException($"prediction {i} is {p[i]}; probabilities must be in [0, 1]");
        }
    }
}

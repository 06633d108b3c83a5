namespace Precis.Prediction.Calibration;

/// <summary>
/// Isotonic (monotone increasing) calibration by pool-adjacent-violators, as scikit-learn 1.2's IsotonicRegression:
/// ties in the score are pooled first (weighted mean), predictions interpolate linearly between thresholds and are
/// clipped outside them, and only the points where the fitted step changes are kept. Fit it out of fold.
/// </summary>
/// <param name="X">Score thresholds, increasing.</param>
/// <param name="Y">Calibrated probability at each threshold, non-decreasing.</param>
public sealed record IsotonicCalibration(IReadOnlyList<double> X, IReadOnlyList<double> Y)
{
    public static IsotonicCalibration Fit(IReadOnlyList<int> y, IReadOnlyList<double> scores, IReadOnlyList<double>? weights = null)
    {
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(scores);
        var order = Enumerable.Range(0, y.Count).OrderBy(i => scores[i]).ThenBy(i => y[i]).ToArray();

        // Pool tied scores.
        var xs = new List<double>();
        var ys = new List<double>();
        var ws = new List<double>();
        foreach (var i in order)
        {
            var w = weights?[i] ?? 1;
            if (xs.Count > 0 && xs[^1] == scores[i])
            {
                ys[^1] += w * y[i];
                ws[^1] += w;
            }
            else
            {
                xs.Add(scores[i]);
                ys.Add(w * y[i]);
                ws.Add(w);
            }
        }

        for (var k = 0; k < ys.Count; k++)
            ys[k] /= ws[k];

        // Pool adjacent violators over blocks.
        var bv = new List<double>();
        var bw = new List<double>();
        var bn = new List<int>();
        for (var k = 0; k < ys.Count; k++)
        {
            bv.Add(ys[k]);
            bw.Add(ws[k]);
            bn.Add(1);
            while (bv.Count > 1 && bv[^2] > bv[^1])
            {
                var w = bw[^2] + bw[^1];
                var v = ((bv[^2] * bw[^2]) + (bv[^1] * bw[^1])) / w;
                var c = bn[^2] + bn[^1];
                bv.RemoveAt(bv.Count - 1);
                bw.RemoveAt(bw.Count - 1);
                bn.RemoveAt(bn.Count - 1);
                bv[^1] = v;
                bw[^1] = w;
                bn[^1] = c;
            }
        }

        var fitted = new double[xs.Count];
        var pos = 0;
        for (var b = 0; b < bv.Count; b++)
        {
            for (var k = 0; k < bn[b]; k++)
                fitted[pos++] = bv[b];
        }

        // Keep the first and last point of each constant run (scikit-learn's "remove unnecessary points").
        var keptX = new List<double>();
        var keptY = new List<double>();
        for (var k = 0; k < fitted.Length; k++)
        {
            var keep = k == 0 || k == fitted.Length - 1 || fitted[k - 1] != fitted[k] || fitted[k] != fitted[k + 1];
            if (keep)
            {
                keptX.Add(xs[k]);
                keptY.Add(fitted[k]);
            }
        }

        return new IsotonicCalibration(keptX, keptY);
    }

    /// <summary>The calibrated probability: linear interpolation between thresholds, clipped at the ends.</summary>
    public double Apply(double score)
    {
        if (score <= X[0])
            return Y[0];
        if (score >= X[^1])
            return Y[^1];
        var hi = 1;
        while (X[hi] < score)
            hi++;
        var lo = hi - 1;
        return Y[lo] + ((score - X[lo]) / (X[hi] - X[lo]) * (Y[hi] - Y[lo]));
    }
}

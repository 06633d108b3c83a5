using Precis.Prediction.Learners;

namespace Precis.Prediction.Calibration;

/// <summary>
/// Platt scaling, p = 1 / (1 + exp(A·f + B)), fitted as scikit-learn 1.2's _sigmoid_calibration: targets smoothed
/// to (N₊ + 1)/(N₊ + 2) and 1/(N₋ + 2) (Platt 1999; Lin, Lin &amp; Weng 2007). Fit it out of fold.
/// </summary>
/// <param name="A">Slope (negative when higher scores mean higher risk).</param>
/// <param name="B">Intercept.</param>
public sealed record PlattScaling(double A, double B)
{
    public static PlattScaling Fit(IReadOnlyList<int> y, IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(scores);
        var pos = y.Count(v => v == 1);
        var neg = y.Count - pos;
        var hi = (pos + 1.0) / (pos + 2.0);
        var lo = 1.0 / (neg + 2.0);
        var t = y.Select(v => v == 1 ? hi : lo).ToArray();
        var beta = LogisticFit.Fit([.. scores.Select(s => new[] { s })], t);

        // logit p = b0 + b1·f, and p = 1/(1+exp(A f + B)) means A = −b1, B = −b0.
        return new PlattScaling(-beta[1], -beta[0]);
    }

    public double Apply(double score) => LogisticFit.Sigmoid(-((A * score) + B));
}

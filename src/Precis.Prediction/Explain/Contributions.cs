using System.Globalization;

namespace Precis.Prediction.Explain;

/// <summary>One feature's part in one prediction.</summary>
/// <param name="Feature">Feature name.</param>
/// <param name="Value">The patient's value (NaN when missing).</param>
/// <param name="Shap">SHAP value on the margin (log-odds for a probability model).</param>
public sealed record Contribution(string Feature, double Value, double Shap)
{
    /// <summary>E.g. "thal = 7 raised the predicted risk (+0.29 log-odds)".</summary>
    public string Describe(bool logOdds)
    {
        var value = double.IsNaN(Value) ? "missing" : Value.ToString("0.###", CultureInfo.InvariantCulture);
        var direction = Shap >= 0 ? "raised" : "lowered";
        var unit = logOdds ? " log-odds" : "";
        return $"{Feature} = {value} {direction} the prediction ({Shap.ToString("+0.000;-0.000", CultureInfo.InvariantCulture)}{unit})";
    }
}

/// <summary>
/// One prediction taken apart, what a waterfall draws: the model's average margin, every feature's SHAP value (with
/// its name and the patient's value), and the margin they add up to (log-odds for probability models).
/// </summary>
/// <param name="Features">Every feature in model order, including those contributing 0.</param>
/// <param name="ExpectedMargin">The baseline: the model's mean margin over its training data.</param>
/// <param name="Margin">ExpectedMargin + Σ SHAP (equal to the model's margin for the row).</param>
/// <param name="Logistic">Whether the margin is log-odds (then <see cref="Prediction"/> is its sigmoid).</param>
public sealed record PredictionExplanation(IReadOnlyList<Contribution> Features, double ExpectedMargin, double Margin, bool Logistic)
{
    /// <summary>The predicted probability (logistic models) or value (regression).</summary>
    public double Prediction => Logistic ? Learners.LogisticFit.Sigmoid(Margin) : Margin;

    /// <summary>The probability at the baseline (logistic models) or the baseline value.</summary>
    public double ExpectedPrediction => Logistic ? Learners.LogisticFit.Sigmoid(ExpectedMargin) : ExpectedMargin;
}

/// <summary>The largest contributions to one prediction, for a per-patient explanation in words.</summary>
public static class Contributions
{
    /// <summary>Every feature's contribution to one row's prediction from SHAP values whose last entry is the expected margin.</summary>
    public static PredictionExplanation Explain(IReadOnlyList<string> featureNames, ReadOnlySpan<double> row, ReadOnlySpan<double> shap, bool logistic)
    {
        ArgumentNullException.ThrowIfNull(featureNames);
        if (shap.Length != featureNames.Count + 1 || row.Length != featureNames.Count)
            throw new ArgumentException($"{featureNames.Count} features need a row of {featureNames.Count} values and {featureNames.Count + 1} SHAP values (the last is the expected margin)");
        var all = new Contribution[featureNames.Count];
        var margin = shap[^1];
        for (var j = 0; j < all.Length; j++)
        {
            all[j] = new Contribution(featureNames[j], row[j], shap[j]);
            margin += shap[j];
        }

        return new PredictionExplanation(all, shap[^1], margin, logistic);
    }

    /// <summary>The <paramref name="top"/> features with the largest |SHAP|, largest first (ties by name).</summary>
    public static IReadOnlyList<Contribution> Top(IReadOnlyList<string> featureNames, ReadOnlySpan<double> row, ReadOnlySpan<double> shap, int top = 5)
    {
        ArgumentNullException.ThrowIfNull(featureNames);
        var all = new List<Contribution>(featureNames.Count);
        for (var j = 0; j < featureNames.Count; j++)
            all.Add(new Contribution(featureNames[j], row[j], shap[j]));
        return [.. all.Where(c => c.Shap != 0).OrderByDescending(c => Math.Abs(c.Shap)).ThenBy(c => c.Feature, StringComparer.Ordinal).Take(top)];
    }

    /// <summary>A short paragraph: the baseline, the prediction and the top contributions.</summary>
    public static string InWords(IReadOnlyList<Contribution> top, double expectedMargin, double margin, bool logistic)
    {
        ArgumentNullException.ThrowIfNull(top);
        static string P(double m) => (100 * Learners.LogisticFit.Sigmoid(m)).ToString("0.0", CultureInfo.InvariantCulture) + "%";
        var head = logistic
            ? $"Predicted risk {P(margin)} against an average of {P(expectedMargin)}."
            : $"Predicted {margin.ToString("0.##", CultureInfo.InvariantCulture)} against an average of {expectedMargin.ToString("0.##", CultureInfo.InvariantCulture)}.";
        return head + (top.Count == 0 ? "" : " Largest contributions: " + string.Join("; ", top.Select(c => c.Describe(logistic))) + ".");
    }
}

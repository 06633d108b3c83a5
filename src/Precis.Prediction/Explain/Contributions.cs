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

/// <summary>The largest contributions to one prediction, for a per-patient explanation in words.</summary>
public static class Contributions
{
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

namespace Precis.Prediction.Metrics;

/// <summary>Accuracy of a continuous prediction (e.g. a weekly warfarin dose).</summary>
/// <param name="N">Number of predictions.</param>
/// <param name="Mae">Mean absolute error.</param>
/// <param name="Rmse">Root mean squared error.</param>
/// <param name="RSquared">1 − SSE/SST (can be negative for a model worse than the mean).</param>
/// <param name="WithinTwentyPercent">Share of predictions within ±20% of the observed value (the IWPC criterion).</param>
public sealed record RegressionSummary(int N, double Mae, double Rmse, double RSquared, double WithinTwentyPercent);

/// <summary>MAE, RMSE, R² and percentage within 20% of the observed value.</summary>
public static class RegressionMetrics
{
    public static RegressionSummary Summarise(IReadOnlyList<double> observed, IReadOnlyList<double> predicted)
    {
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(predicted);
        if (observed.Count != predicted.Count || observed.Count == 0)
            throw new ArgumentException($"{observed.Count} observations but {predicted.Count} predictions");
        var n = observed.Count;
        var mean = observed.Average();
        double abs = 0, sse = 0, sst = 0;
        var within = 0;
        for (var i = 0; i < n; i++)
        {
            var e = predicted[i] - observed[i];
            abs += Math.Abs(e);
            sse += e * e;
            sst += (observed[i] - mean) * (observed[i] - mean);
            if (Math.Abs(e) <= 0.2 * Math.Abs(observed[i]))
                within++;
        }

        return new RegressionSummary(n, abs / n, Math.Sqrt(sse / n), sst == 0 ? double.NaN : 1 - (sse / sst), (double)within / n);
    }
}

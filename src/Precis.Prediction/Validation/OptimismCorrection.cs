using Precis.Prediction.Learners;
using Precis.Prediction.Metrics;

namespace Precis.Prediction.Validation;

/// <summary>Apparent and optimism-corrected performance of a learner (Harrell's bootstrap, Steyerberg 2019 §17.2).</summary>
/// <param name="Apparent">Metric of the model fitted and evaluated on all data.</param>
/// <param name="Optimism">Mean over bootstrap fits of (metric on the bootstrap sample − metric on the original data).</param>
/// <param name="Corrected">Apparent − optimism.</param>
/// <param name="Resamples">Bootstrap fits used (resamples with one class are skipped).</param>
public sealed record OptimismCorrected(double Apparent, double Optimism, double Corrected, int Resamples);

/// <summary>Optimism correction of AUROC by the bootstrap: each resample refits the learner from scratch.</summary>
public static class OptimismCorrection
{
    public static OptimismCorrected Auroc(ILearner learner, Dataset data, int resamples = 50, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(learner);
        ArgumentNullException.ThrowIfNull(data);
        var y = data.BinaryY();
        double Evaluate(IPredictor m, Dataset d) => BinaryMetrics.Auroc(d.BinaryY(), [.. d.X.Select(r => m.Predict(r))]);
        var apparent = Evaluate(learner.Fit(data), data);
        var rng = new Random(seed);
        var optimism = new List<double>();
        for (var b = 0; b < resamples; b++)
        {
            var rows = Enumerable.Range(0, data.Rows).Select(_ => rng.Next(data.Rows)).ToArray();
            var sample = data.Subset(rows);
            var events = rows.Count(i => y[i] == 1);
            if (events == 0 || events == rows.Length)
                continue;
            var model = learner.Fit(sample);
            optimism.Add(Evaluate(model, sample) - Evaluate(model, data));
        }

        var o = optimism.Average();
        return new OptimismCorrected(apparent, o, apparent - o, optimism.Count);
    }
}

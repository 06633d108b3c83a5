using Precis.Prediction.Metrics;

namespace Precis.Prediction.Learners;

/// <summary>The outcome of one cross-validation fold.</summary>
/// <param name="Repeat">Repeat number (0-based).</param>
/// <param name="Fold">Fold number (0-based).</param>
/// <param name="TestRows">Rows held out.</param>
/// <param name="Predictions">Out-of-fold prediction for each held-out row.</param>
public sealed record FoldResult(int Repeat, int Fold, int[] TestRows, double[] Predictions);

/// <summary>Cross-validated predictions and the per-fold metric.</summary>
/// <param name="Folds">Every fold of every repeat.</param>
/// <param name="Metric">Name of the metric.</param>
/// <param name="PerFold">Metric per fold.</param>
public sealed record CrossValidationResult(IReadOnlyList<FoldResult> Folds, string Metric, IReadOnlyList<double> PerFold)
{
    public double Mean => PerFold.Average();

    public double StandardDeviation
    {
        get
        {
            var m = Mean;
            return Math.Sqrt(PerFold.Sum(v => (v - m) * (v - m)) / PerFold.Count);
        }
    }

    /// <summary>Out-of-fold predictions of one repeat, indexed by row.</summary>
    public double[] OutOfFold(int rows, int repeat = 0)
    {
        var p = new double[rows];
        foreach (var f in Folds.Where(f => f.Repeat == repeat))
        {
            for (var i = 0; i < f.TestRows.Length; i++)
                p[f.TestRows[i]] = f.Predictions[i];
        }

        return p;
    }
}

/// <summary>Stratified (binary) or plain (regression) k-fold cross-validation, repeated, seeded and deterministic.</summary>
public static class CrossValidation
{
    /// <summary>Fold assignment per row: stratified by outcome class when <paramref name="stratify"/>.</summary>
    public static int[] AssignFolds(IReadOnlyList<double> y, int folds, int seed, bool stratify)
    {
        ArgumentNullException.ThrowIfNull(y);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var rng = new Random(seed);
        var assignment = new int[y.Count];
        var groups = stratify
            ? y.Select((v, i) => (v, i)).GroupBy(t => t.v >= 0.5).OrderBy(g => g.Key).Select(g => g.Select(t => t.i).ToArray())
            : [Enumerable.Range(0, y.Count).ToArray()];
        var offset = 0;
        foreach (var g in groups)
        {
            rng.Shuffle(g);
            for (var k = 0; k < g.Length; k++)
                assignment[g[k]] = (k + offset) % folds;
            offset += g.Length;
        }

        return assignment;
    }

    /// <summary>Runs <paramref name="repeats"/> × <paramref name="folds"/>-fold CV and scores each fold with AUROC (binary) or MAE (regression).</summary>
    public static CrossValidationResult Run(ILearner learner, Dataset data, int folds = 5, int repeats = 1, int seed = 0, bool binary = true)
    {
        ArgumentNullException.ThrowIfNull(learner);
        ArgumentNullException.ThrowIfNull(data);
        var results = new List<FoldResult>();
        var scores = new List<double>();
        for (var r = 0; r < repeats; r++)
        {
            var assign = AssignFolds(data.Y, folds, seed + (r * 7919), binary);
            for (var f = 0; f < folds; f++)
            {
                var train = Enumerable.Range(0, data.Rows).Where(i => assign[i] != f).ToArray();
                var test = Enumerable.Range(0, data.Rows).Where(i => assign[i] == f).ToArray();
                var model = learner.Fit(data.Subset(train));
                var pred = test.Select(i => model.Predict(data.X[i])).ToArray();
                results.Add(new FoldResult(r, f, test, pred));
                var y = test.Select(i => data.Y[i]).ToArray();
                scores.Add(binary
                    ? BinaryMetrics.Auroc([.. y.Select(v => v >= 0.5 ? 1 : 0)], pred)
                    : RegressionMetrics.Summarise(y, pred).Mae);
            }
        }

        return new CrossValidationResult(results, binary ? "AUROC" : "MAE", scores);
    }
}

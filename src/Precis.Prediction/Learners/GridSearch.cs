namespace Precis.Prediction.Learners;

/// <summary>One candidate of a grid search with its cross-validated score.</summary>
/// <param name="Learner">The candidate (its settings).</param>
/// <param name="Score">Mean CV AUROC (binary; higher is better) or MAE (regression; lower is better).</param>
/// <param name="StandardDeviation">Spread over folds.</param>
public sealed record GridCandidate(ILearner Learner, double Score, double StandardDeviation);

/// <summary>A small hyper-parameter search: every candidate is cross-validated on the same folds; the best is returned first.</summary>
public static class GridSearch
{
    public static IReadOnlyList<GridCandidate> Run(IEnumerable<ILearner> candidates, Dataset data, int folds = 5, int seed = 0, bool binary = true)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var results = candidates.Select(c =>
        {
            var cv = CrossValidation.Run(c, data, folds, 1, seed, binary);
            return new GridCandidate(c, cv.Mean, cv.StandardDeviation);
        }).ToList();
        return binary ? [.. results.OrderByDescending(r => r.Score)] : [.. results.OrderBy(r => r.Score)];
    }
}

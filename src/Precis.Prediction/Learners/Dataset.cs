namespace Precis.Prediction.Learners;

/// <summary>
/// A numeric design matrix with an outcome: rows × features, NaN for a missing value, outcome 0/1 for binary
/// tasks or a number for regression. Optional groups (e.g. race) travel with the rows for fairness audits.
/// </summary>
/// <param name="Name">Dataset name for reports.</param>
/// <param name="FeatureNames">Column names.</param>
/// <param name="X">Rows of feature values.</param>
/// <param name="Y">Outcome per row.</param>
/// <param name="Groups">Optional subgroup label per row.</param>
public sealed record Dataset(string Name, IReadOnlyList<string> FeatureNames, double[][] X, double[] Y, string[]? Groups = null)
{
    public int Rows => X.Length;

    public int Features => FeatureNames.Count;

    /// <summary>The rows at the given indices, in that order.</summary>
    public Dataset Subset(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return this with
        {
            X = [.. rows.Select(i => X[i])],
            Y = [.. rows.Select(i => Y[i])],
            Groups = Groups is null ? null : [.. rows.Select(i => Groups[i])],
        };
    }

    /// <summary>Outcome as 0/1 integers (binary tasks).</summary>
    public int[] BinaryY() => [.. Y.Select(v => v >= 0.5 ? 1 : 0)];
}

/// <summary>A fitted model that maps a row of features to a prediction (probability or value).</summary>
public interface IPredictor
{
    double Predict(ReadOnlySpan<double> row);
}

/// <summary>Something that fits an <see cref="IPredictor"/> to a dataset (used by cross-validation).</summary>
public interface ILearner
{
    string Name { get; }

    IPredictor Fit(Dataset data);
}

using System.Text.Json.Serialization;

namespace Precis.Prediction.Trees;

/// <summary>
/// One binary regression tree in flat arrays. A row goes left when x[feature] &lt; threshold (both as float32, as
/// XGBoost compares), to <see cref="DefaultLeft"/>'s side when the value is missing (NaN). Leaves have Left = −1.
/// </summary>
public sealed class DecisionTree
{
    [JsonConstructor]
    public DecisionTree(int[] feature, float[] threshold, int[] left, int[] right, bool[] defaultLeft, double[] value, double[] cover)
    {
        ArgumentNullException.ThrowIfNull(feature);
        var n = feature.Length;
        if (threshold.Length != n || left.Length != n || right.Length != n || defaultLeft.Length != n || value.Length != n || cover.Length != n)
            throw new ArgumentException("tree arrays differ in length");
        Feature = feature;
        Threshold = threshold;
        Left = left;
        Right = right;
        DefaultLeft = defaultLeft;
        Value = value;
        Cover = cover;
        MeanValue = new double[n];
        FillMeanValues(0);
    }

    /// <summary>Split feature per node (−1 at leaves).</summary>
    public int[] Feature { get; }

    public float[] Threshold { get; }

    public int[] Left { get; }

    public int[] Right { get; }

    /// <summary>Whether a missing value follows the left child.</summary>
    public bool[] DefaultLeft { get; }

    /// <summary>Leaf value (margin contribution); ignored at internal nodes.</summary>
    public double[] Value { get; }

    /// <summary>Sum of hessians of the training rows reaching the node (row count for squared error).</summary>
    public double[] Cover { get; }

    /// <summary>Cover-weighted mean leaf value below each node: the tree's expected value at the root.</summary>
    [JsonIgnore]
    public double[] MeanValue { get; }

    public int NodeCount => Feature.Length;

    public bool IsLeaf(int node) => Left[node] < 0;

    /// <summary>The child a row follows at an internal node.</summary>
    public int Next(int node, ReadOnlySpan<double> row)
    {
        var x = row[Feature[node]];
        if (double.IsNaN(x))
            return DefaultLeft[node] ? Left[node] : Right[node];
        return (float)x < Threshold[node] ? Left[node] : Right[node];
    }

    /// <summary>The leaf value for one row.</summary>
    public double Predict(ReadOnlySpan<double> row)
    {
        var n = 0;
        while (!IsLeaf(n))
            n = Next(n, row);
        return Value[n];
    }

    private double FillMeanValues(int node)
    {
        if (IsLeaf(node))
            return MeanValue[node] = Value[node];
        var l = FillMeanValues(Left[node]);
        var r = FillMeanValues(Right[node]);
        return MeanValue[node] = Cover[node] > 0 ? ((l * Cover[Left[node]]) + (r * Cover[Right[node]])) / Cover[node] : 0;
    }
}

/// <summary>How an ensemble's margin becomes a prediction.</summary>
public enum TreeObjective
{
    /// <summary>Probability = sigmoid(margin).</summary>
    BinaryLogistic,
    /// <summary>Prediction = margin.</summary>
    SquaredError,
}

/// <summary>An additive tree ensemble: margin = base margin + Σ tree outputs.</summary>
/// <param name="Trees">The trees, in boosting order.</param>
/// <param name="BaseMargin">Constant added to every margin.</param>
/// <param name="Objective">Link between margin and prediction.</param>
/// <param name="FeatureNames">Column names, in row order.</param>
public sealed record TreeEnsemble(IReadOnlyList<DecisionTree> Trees, double BaseMargin, TreeObjective Objective, IReadOnlyList<string> FeatureNames)
{
    public double Margin(ReadOnlySpan<double> row)
    {
        var m = BaseMargin;
        foreach (var t in Trees)
            m += t.Predict(row);
        return m;
    }

    /// <summary>Probability (binary) or value (regression).</summary>
    public double Predict(ReadOnlySpan<double> row) =>
        Objective == TreeObjective.BinaryLogistic ? Learners.LogisticFit.Sigmoid(Margin(row)) : Margin(row);
}

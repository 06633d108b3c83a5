using Precis.Prediction.Trees;

namespace Precis.Prediction.Explain;

/// <summary>
/// Exact path-dependent TreeSHAP (Lundberg, Erion &amp; Lee 2018, Algorithm 2) and SHAP interaction values, following
/// XGBoost's implementation (RegTree::TreeShap; interactions by conditioning each feature on and off) so results can
/// be compared with XGBoost's pred_contribs / pred_interactions. Values are on the margin scale; the last entry is the
/// expected value (bias), and each row's values sum to its margin.
/// </summary>
public static class TreeShap
{
    private struct PathElement
    {
        public int FeatureIndex;
        public double ZeroFraction;
        public double OneFraction;
        public double PWeight;
    }

    /// <summary>SHAP values for one row: features 0…M−1, then the expected value at index M.</summary>
    public static double[] Values(TreeEnsemble model, ReadOnlySpan<double> row)
    {
        ArgumentNullException.ThrowIfNull(model);
        var m = model.FeatureNames.Count;
        var phi = new double[m + 1];
        phi[m] = model.BaseMargin;
        foreach (var tree in model.Trees)
            TreeContributions(tree, row, phi, 0, 0);
        return phi;
    }

    /// <summary>
    /// SHAP interaction values for one row, (M+1)×(M+1): off-diagonal [i, j] is half the interaction of i and j, the
    /// diagonal the main effect; row sums equal <see cref="Values"/>; [M, M] is the expected value.
    /// </summary>
    public static double[,] Interactions(TreeEnsemble model, ReadOnlySpan<double> row)
    {
        ArgumentNullException.ThrowIfNull(model);
        var m = model.FeatureNames.Count;
        var diag = Values(model, row);
        var result = new double[m + 1, m + 1];
        var on = new double[m + 1];
        var off = new double[m + 1];
        for (var i = 0; i <= m; i++)
        {
            Array.Clear(on);
            Array.Clear(off);
            foreach (var tree in model.Trees)
            {
                TreeContributions(tree, row, on, 1, i);
                TreeContributions(tree, row, off, -1, i);
            }

            result[i, i] = diag[i];
            for (var k = 0; k <= m; k++)
            {
                if (k == i)
                    continue;
                var v = (on[k] - off[k]) / 2;
                result[i, k] = v;
                result[i, i] -= v;
            }
        }

        return result;
    }

    private static void TreeContributions(DecisionTree tree, ReadOnlySpan<double> row, double[] phi, int condition, int conditionFeature)
    {
        if (condition == 0)
            phi[^1] += tree.MeanValue[0];
        var depth = MaxDepth(tree, 0);
        var path = new PathElement[(depth + 2) * (depth + 3) / 2];
        Recurse(tree, row, phi, 0, 0, path, 0, 1, 1, -1, condition, conditionFeature, 1);
    }

    private static int MaxDepth(DecisionTree tree, int node) =>
        tree.IsLeaf(node) ? 0 : 1 + Math.Max(MaxDepth(tree, tree.Left[node]), MaxDepth(tree, tree.Right[node]));

    private static void Recurse(
        DecisionTree tree,
        ReadOnlySpan<double> row,
        double[] phi,
        int node,
        int uniqueDepth,
        PathElement[] buffer,
        int parentOffset,
        double parentZeroFraction,
        double parentOneFraction,
        int parentFeature,
        int condition,
        int conditionFeature,
        double conditionFraction)
    {
        if (conditionFraction == 0)
            return;

        // Each level works on its own copy of the path, placed after the parent's in one buffer.
        var offset = parentOffset + uniqueDepth + 1;
        var path = buffer.AsSpan(offset);
        buffer.AsSpan(parentOffset, uniqueDepth + 1).CopyTo(path);
        if (condition == 0 || conditionFeature != parentFeature)
            Extend(path, uniqueDepth, parentZeroFraction, parentOneFraction, parentFeature);

        if (tree.IsLeaf(node))
        {
            for (var i = 1; i <= uniqueDepth; i++)
            {
                var w = UnwoundPathSum(path, uniqueDepth, i);
                var el = path[i];
                phi[el.FeatureIndex] += w * (el.OneFraction - el.ZeroFraction) * tree.Value[node] * conditionFraction;
            }

            return;
        }

        var split = tree.Feature[node];
        var hot = tree.Next(node, row);
        var cold = hot == tree.Left[node] ? tree.Right[node] : tree.Left[node];
        var cover = tree.Cover[node];
        var hotZero = tree.Cover[hot] / cover;
        var coldZero = tree.Cover[cold] / cover;
        double incomingZero = 1, incomingOne = 1;

        // A feature met again on the path: undo its earlier split and redo it here.
        var pathIndex = 0;
        for (; pathIndex <= uniqueDepth; pathIndex++)
        {
            if (path[pathIndex].FeatureIndex == split)
                break;
        }

        if (pathIndex != uniqueDepth + 1)
        {
            incomingZero = path[pathIndex].ZeroFraction;
            incomingOne = path[pathIndex].OneFraction;
            Unwind(path, uniqueDepth, pathIndex);
            uniqueDepth--;
        }

        var hotCondition = conditionFraction;
        var coldCondition = conditionFraction;
        if (condition > 0 && split == conditionFeature)
        {
            coldCondition = 0;
            uniqueDepth--;
        }
        else if (condition < 0 && split == conditionFeature)
        {
            hotCondition *= hotZero;
            coldCondition *= coldZero;
            uniqueDepth--;
        }

        Recurse(tree, row, phi, hot, uniqueDepth + 1, buffer, offset, hotZero * incomingZero, incomingOne, split, condition, conditionFeature, hotCondition);
        Recurse(tree, row, phi, cold, uniqueDepth + 1, buffer, offset, coldZero * incomingZero, 0, split, condition, conditionFeature, coldCondition);
    }

    private static void Extend(Span<PathElement> path, int depth, double zero, double one, int feature)
    {
        path[depth].FeatureIndex = feature;
        path[depth].ZeroFraction = zero;
        path[depth].OneFraction = one;
        path[depth].PWeight = depth == 0 ? 1 : 0;
        for (var i = depth - 1; i >= 0; i--)
        {
            path[i + 1].PWeight += one * path[i].PWeight * (i + 1) / (depth + 1);
            path[i].PWeight = zero * path[i].PWeight * (depth - i) / (depth + 1);
        }
    }

    private static void Unwind(Span<PathElement> path, int depth, int index)
    {
        var one = path[index].OneFraction;
        var zero = path[index].ZeroFraction;
        var next = path[depth].PWeight;
        for (var i = depth - 1; i >= 0; i--)
        {
            if (one != 0)
            {
                var tmp = path[i].PWeight;
                path[i].PWeight = next * (depth + 1) / ((i + 1) * one);
                next = tmp - (path[i].PWeight * zero * (depth - i) / (depth + 1));
            }
            else
            {
                path[i].PWeight = path[i].PWeight * (depth + 1) / (zero * (depth - i));
            }
        }

        for (var i = index; i < depth; i++)
        {
            path[i].FeatureIndex = path[i + 1].FeatureIndex;
            path[i].ZeroFraction = path[i + 1].ZeroFraction;
            path[i].OneFraction = path[i + 1].OneFraction;
        }
    }

    private static double UnwoundPathSum(Span<PathElement> path, int depth, int index)
    {
        var one = path[index].OneFraction;
        var zero = path[index].ZeroFraction;
        var next = path[depth].PWeight;
        var total = 0.0;
        for (var i = depth - 1; i >= 0; i--)
        {
            if (one != 0)
            {
                var tmp = next * (depth + 1) / ((i + 1) * one);
                total += tmp;
                next = path[i].PWeight - (tmp * zero * (depth - i) / (depth + 1));
            }
            else if (zero != 0)
            {
                total += path[i].PWeight / zero / ((double)(depth - i) / (depth + 1));
            }
        }

        return total;
    }
}

using Precis.Prediction.Trees;

namespace Precis.Prediction.Learners;

/// <summary>Settings of histogram gradient boosting (names follow XGBoost / scikit-learn where they agree).</summary>
/// <param name="Binary">Binary logistic loss; otherwise squared error.</param>
/// <param name="Iterations">Most boosting rounds.</param>
/// <param name="LearningRate">Shrinkage applied to each tree.</param>
/// <param name="MaxLeaves">Most leaves per tree (trees grow best-first).</param>
/// <param name="MaxDepth">Deepest split allowed (0 = no limit beyond MaxLeaves).</param>
/// <param name="MinSamplesLeaf">Fewest rows in a leaf.</param>
/// <param name="MinChildWeight">Smallest hessian sum in a leaf.</param>
/// <param name="L2">L2 penalty λ on leaf values.</param>
/// <param name="MinSplitGain">Smallest loss reduction for a split (γ).</param>
/// <param name="MaxBins">Most bins per feature (missing values get their own).</param>
/// <param name="MonotoneConstraints">Per feature: +1 increasing, −1 decreasing, 0 free; null for none.</param>
/// <param name="EarlyStoppingRounds">Stop when the validation loss has not improved for this many rounds (0 = off).</param>
/// <param name="ValidationFraction">Share of training rows held out for early stopping (stratified for binary).</param>
/// <param name="Seed">Seed for the validation split; results are identical for a seed whatever the thread count.</param>
/// <param name="Threads">Worker threads (0 = all cores).</param>
public sealed record BoostingOptions(
    bool Binary = true,
    int Iterations = 100,
    double LearningRate = 0.1,
    int MaxLeaves = 31,
    int MaxDepth = 0,
    int MinSamplesLeaf = 20,
    double MinChildWeight = 1e-3,
    double L2 = 0,
    double MinSplitGain = 0,
    int MaxBins = 255,
    IReadOnlyList<int>? MonotoneConstraints = null,
    int EarlyStoppingRounds = 0,
    double ValidationFraction = 0.1,
    int Seed = 0,
    int Threads = 0);

/// <summary>A fitted boosted ensemble with the rounds actually kept.</summary>
/// <param name="Ensemble">The trees.</param>
/// <param name="Options">Settings used.</param>
/// <param name="ValidationLoss">Validation loss per round when early stopping was on.</param>
public sealed record BoostedModel(TreeEnsemble Ensemble, BoostingOptions Options, IReadOnlyList<double> ValidationLoss) : IPredictor
{
    public double Predict(ReadOnlySpan<double> row) => Ensemble.Predict(row);
}

/// <summary>
/// Histogram gradient-boosted trees: features are binned once (quantile edges, float32 thresholds), trees grow
/// best-first from gradient/hessian histograms with the sibling-subtraction trick, missing values learn their
/// direction at every split, monotone constraints bound leaf values, and histograms are built in parallel over
/// features (each feature's sums are in row order, so results do not depend on the thread count).
/// </summary>
public sealed class GradientBoostingLearner(BoostingOptions options) : ILearner
{
    public BoostingOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    public string Name => "histogram gradient boosting";

    IPredictor ILearner.Fit(Dataset data) => Fit(data);

    public BoostedModel Fit(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var o = Options;
        if (o.MonotoneConstraints is { } mc && mc.Count != data.Features)
            throw new ArgumentException($"{mc.Count} monotone constraints for {data.Features} features");

        // Hold out a validation set for early stopping.
        int[] trainRows, validRows;
        if (o.EarlyStoppingRounds > 0)
        {
            var fold = CrossValidation.AssignFolds(data.Y, (int)Math.Round(1 / o.ValidationFraction), o.Seed, o.Binary);
            trainRows = [.. Enumerable.Range(0, data.Rows).Where(i => fold[i] != 0)];
            validRows = [.. Enumerable.Range(0, data.Rows).Where(i => fold[i] == 0)];
        }
        else
        {
            trainRows = [.. Enumerable.Range(0, data.Rows)];
            validRows = [];
        }

        var n = trainRows.Length;
        var p = data.Features;
        var binner = FeatureBinner.Fit(data.X, trainRows, p, o.MaxBins);
        var bins = binner.Transform(data.X, trainRows);
        var y = trainRows.Select(i => data.Y[i]).ToArray();
        var mean = y.Average();
        var baseMargin = o.Binary ? LogisticFit.Logit(Math.Clamp(mean, 1e-6, 1 - 1e-6)) : mean;
        var margin = Enumerable.Repeat(baseMargin, n).ToArray();
        var validMargin = Enumerable.Repeat(baseMargin, validRows.Length).ToArray();
        var g = new double[n];
        var h = new double[n];
        var trees = new List<DecisionTree>();
        var losses = new List<double>();
        var best = double.PositiveInfinity;
        var bestCount = 0;
        var grower = new TreeGrower(bins, binner, o, p, n);
        for (var it = 0; it < o.Iterations; it++)
        {
            for (var i = 0; i < n; i++)
            {
                if (o.Binary)
                {
                    var pr = LogisticFit.Sigmoid(margin[i]);
                    g[i] = pr - y[i];
                    h[i] = Math.Max(pr * (1 - pr), 1e-16);
                }
                else
                {
                    g[i] = margin[i] - y[i];
                    h[i] = 1;
                }
            }

            var (tree, leafOf) = grower.Grow(g, h);
            trees.Add(tree);
            for (var i = 0; i < n; i++)
                margin[i] += tree.Value[leafOf[i]];

            if (validRows.Length > 0)
            {
                double loss = 0;
                for (var k = 0; k < validRows.Length; k++)
                {
                    validMargin[k] += tree.Predict(data.X[validRows[k]]);
                    var yv = data.Y[validRows[k]];
                    if (o.Binary)
                    {
                        var pr = Math.Clamp(LogisticFit.Sigmoid(validMargin[k]), 1e-15, 1 - 1e-15);
                        loss -= yv >= 0.5 ? Math.Log(pr) : Math.Log(1 - pr);
                    }
                    else
                    {
                        loss += (validMargin[k] - yv) * (validMargin[k] - yv);
                    }
                }

                loss /= validRows.Length;
                losses.Add(loss);
                if (loss < best - 1e-12)
                {
                    best = loss;
                    bestCount = trees.Count;
                }
                else if (trees.Count - bestCount >= o.EarlyStoppingRounds)
                {
                    break;
                }
            }
        }

        if (validRows.Length > 0)
            trees.RemoveRange(bestCount, trees.Count - bestCount);
        var ensemble = new TreeEnsemble(trees, baseMargin, o.Binary ? TreeObjective.BinaryLogistic : TreeObjective.SquaredError, data.FeatureNames);
        return new BoostedModel(ensemble, o, losses);
    }
}

/// <summary>Per-feature quantile bin edges; bin(x) = number of edges ≤ x (float32), missing = the last bin.</summary>
internal sealed class FeatureBinner
{
    private FeatureBinner(float[][] edges) => Edges = edges;

    public float[][] Edges { get; }

    /// <summary>Index of the missing-value bin of feature j.</summary>
    public int MissingBin(int j) => Edges[j].Length + 1;

    public static FeatureBinner Fit(double[][] x, int[] rows, int features, int maxBins)
    {
        var edges = new float[features][];
        for (var j = 0; j < features; j++)
        {
            var values = rows.Select(i => x[i][j]).Where(v => !double.IsNaN(v)).Select(v => (float)v).ToArray();
            Array.Sort(values);
            var distinct = new List<float>();
            foreach (var v in values)
            {
                if (distinct.Count == 0 || distinct[^1] != v)
                    distinct.Add(v);
            }

            var e = new List<float>();
            if (distinct.Count <= maxBins)
            {
                // Midpoints between consecutive distinct values.
                for (var k = 1; k < distinct.Count; k++)
                    e.Add(Mid(distinct[k - 1], distinct[k]));
            }
            else
            {
                // Quantile edges on the sorted values, made strictly increasing.
                for (var b = 1; b < maxBins; b++)
                {
                    var q = values[(int)((long)b * (values.Length - 1) / maxBins)];
                    var next = values[Math.Min(values.Length - 1, (int)((long)b * (values.Length - 1) / maxBins) + 1)];
                    var edge = q == next ? NextUp(q) : Mid(q, next);
                    if (e.Count == 0 || edge > e[^1])
                        e.Add(edge);
                }
            }

            edges[j] = [.. e];
        }

        return new FeatureBinner(edges);
    }

    public byte[][] Transform(double[][] x, int[] rows)
    {
        var bins = new byte[Edges.Length][];
        for (var j = 0; j < Edges.Length; j++)
        {
            var col = new byte[rows.Length];
            var e = Edges[j];
            for (var k = 0; k < rows.Length; k++)
            {
                var v = x[rows[k]][j];
                col[k] = (byte)(double.IsNaN(v) ? e.Length + 1 : UpperBound(e, (float)v));
            }

            bins[j] = col;
        }

        return bins;
    }

    /// <summary>Number of edges ≤ v.</summary>
    private static int UpperBound(float[] e, float v)
    {
        int lo = 0, hi = e.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >> 1;
            if (e[mid] <= v)
                lo = mid + 1;
            else
                hi = mid;
        }

        return lo;
    }

    private static float Mid(float a, float b)
    {
        var m = (float)((a + (double)b) / 2);
        return m > a ? m : b;
    }

    private static float NextUp(float v) => MathF.BitIncrement(v);
}

/// <summary>Grows one tree best-first from gradient and hessian histograms.</summary>
internal sealed class TreeGrower(byte[][] bins, FeatureBinner binner, BoostingOptions o, int features, int rows)
{
    private sealed class Node
    {
        public required int[] Rows;
        public required double G;
        public required double H;
        public required int Depth;
        public required double Lower;
        public required double Upper;
        public double[][]? HistG;
        public double[][]? HistH;
        public int[][]? HistN;
        public Split? Best;
        public int Feature = -1;
        public float Threshold;
        public bool DefaultLeft;
        public int Left = -1;
        public int Right = -1;
    }

    private sealed record Split(int Feature, int Bin, bool MissingLeft, double Gain, double GL, double HL, int NL, double WL, double WR);

    private readonly int _threads = o.Threads > 0 ? o.Threads : Environment.ProcessorCount;

    public (DecisionTree Tree, int[] LeafOf) Grow(double[] g, double[] h)
    {
        var all = Enumerable.Range(0, rows).ToArray();
        var root = NewNode(all, g, h, 0, double.NegativeInfinity, double.PositiveInfinity);
        BuildHistograms(root, g, h);
        FindBestSplit(root);
        var nodes = new List<Node> { root };
        var leaves = new List<int> { 0 };
        var maxLeaves = o.MaxLeaves > 1 ? o.MaxLeaves : int.MaxValue;
        while (leaves.Count < maxLeaves)
        {
            // Split the leaf with the largest gain (ties: the earliest node, for determinism).
            var pick = -1;
            foreach (var l in leaves)
            {
                if (nodes[l].Best is { } s && (pick < 0 || s.Gain > nodes[pick].Best!.Gain))
                    pick = l;
            }

            if (pick < 0)
                break;
            var node = nodes[pick];
            var split = node.Best!;
            var col = bins[split.Feature];
            var missingBin = binner.MissingBin(split.Feature);
            var leftRows = new List<int>(split.NL);
            var rightRows = new List<int>(node.Rows.Length - split.NL);
            foreach (var r in node.Rows)
            {
                var b = col[r];
                var goLeft = b == missingBin ? split.MissingLeft : b <= split.Bin;
                (goLeft ? leftRows : rightRows).Add(r);
            }

            // Children's value bounds: a monotone split caps each side at the midpoint of the two child values.
            double lLower = node.Lower, lUpper = node.Upper, rLower = node.Lower, rUpper = node.Upper;
            var c = o.MonotoneConstraints?[split.Feature] ?? 0;
            if (c != 0)
            {
                var mid = (split.WL + split.WR) / 2;
                if (c > 0)
                {
                    lUpper = mid;
                    rLower = mid;
                }
                else
                {
                    lLower = mid;
                    rUpper = mid;
                }
            }

            var left = NewNode([.. leftRows], g, h, node.Depth + 1, lLower, lUpper);
            var right = NewNode([.. rightRows], g, h, node.Depth + 1, rLower, rUpper);

            // Build the smaller child's histograms; the sibling's are the parent's minus those.
            var (small, large) = left.Rows.Length <= right.Rows.Length ? (left, right) : (right, left);
            BuildHistograms(small, g, h);
            Subtract(node, small, large);
            node.HistG = null;
            node.HistH = null;
            node.HistN = null;

            node.Feature = split.Feature;
            node.Threshold = split.Bin < binner.Edges[split.Feature].Length ? binner.Edges[split.Feature][split.Bin] : float.PositiveInfinity;
            node.DefaultLeft = split.MissingLeft;
            node.Left = nodes.Count;
            nodes.Add(left);
            node.Right = nodes.Count;
            nodes.Add(right);
            leaves.Remove(pick);
            leaves.Add(node.Left);
            leaves.Add(node.Right);
            FindBestSplit(left);
            FindBestSplit(right);
        }

        var leafOf = new int[rows];
        var count = nodes.Count;
        var feature = new int[count];
        var threshold = new float[count];
        var lefts = new int[count];
        var rights = new int[count];
        var defaultLeft = new bool[count];
        var value = new double[count];
        var cover = new double[count];
        for (var k = 0; k < count; k++)
        {
            var nd = nodes[k];
            feature[k] = nd.Feature;
            threshold[k] = nd.Threshold;
            lefts[k] = nd.Left;
            rights[k] = nd.Right;
            defaultLeft[k] = nd.DefaultLeft;
            cover[k] = nd.H;
            if (nd.Left < 0)
            {
                value[k] = o.LearningRate * LeafWeight(nd.G, nd.H, nd.Lower, nd.Upper);
                foreach (var r in nd.Rows)
                    leafOf[r] = k;
            }
        }

        return (new DecisionTree(feature, threshold, lefts, rights, defaultLeft, value, cover), leafOf);
    }

    private static Node NewNode(int[] rowIdx, double[] g, double[] h, int depth, double lower, double upper)
    {
        double sg = 0, sh = 0;
        foreach (var r in rowIdx)
        {
            sg += g[r];
            sh += h[r];
        }

        return new Node { Rows = rowIdx, G = sg, H = sh, Depth = depth, Lower = lower, Upper = upper };
    }

    private void BuildHistograms(Node node, double[] g, double[] h)
    {
        node.HistG = new double[features][];
        node.HistH = new double[features][];
        node.HistN = new int[features][];
        var rowsOfNode = node.Rows;
        Parallel.For(0, features, new ParallelOptions { MaxDegreeOfParallelism = _threads }, j =>
        {
            var size = binner.MissingBin(j) + 1;
            var hg = new double[size];
            var hh = new double[size];
            var hn = new int[size];
            var col = bins[j];
            foreach (var r in rowsOfNode)
            {
                var b = col[r];
                hg[b] += g[r];
                hh[b] += h[r];
                hn[b]++;
            }

            node.HistG[j] = hg;
            node.HistH[j] = hh;
            node.HistN[j] = hn;
        });
    }

    private void Subtract(Node parent, Node small, Node large)
    {
        large.HistG = new double[features][];
        large.HistH = new double[features][];
        large.HistN = new int[features][];
        for (var j = 0; j < features; j++)
        {
            var size = parent.HistG![j].Length;
            var hg = new double[size];
            var hh = new double[size];
            var hn = new int[size];
            for (var b = 0; b < size; b++)
            {
                hg[b] = parent.HistG[j][b] - small.HistG![j][b];
                hh[b] = parent.HistH![j][b] - small.HistH![j][b];
                hn[b] = parent.HistN![j][b] - small.HistN![j][b];
            }

            large.HistG[j] = hg;
            large.HistH[j] = hh;
            large.HistN[j] = hn;
        }
    }

    private void FindBestSplit(Node node)
    {
        node.Best = null;
        if (o.MaxDepth > 0 && node.Depth >= o.MaxDepth)
            return;
        if (node.Rows.Length < 2 * o.MinSamplesLeaf)
            return;
        var parentWeight = LeafWeight(node.G, node.H, node.Lower, node.Upper);
        var parentScore = Score(node.G, node.H, parentWeight);
        var candidates = new Split?[features];
        Parallel.For(0, features, new ParallelOptions { MaxDegreeOfParallelism = _threads }, j =>
        {
            var hg = node.HistG![j];
            var hh = node.HistH![j];
            var hn = node.HistN![j];
            var missing = binner.MissingBin(j);
            double mg = hg[missing], mh = hh[missing];
            var mn = hn[missing];
            var c = o.MonotoneConstraints?[j] ?? 0;
            Split? best = null;
            double gl = 0, hl = 0;
            var nl = 0;
            for (var b = 0; b < missing - 1; b++)
            {
                gl += hg[b];
                hl += hh[b];
                nl += hn[b];

                // Missing values go right (first pass) or left (second pass); skip the second pass when none are missing.
                for (var pass = 0; pass < (mn > 0 ? 2 : 1); pass++)
                {
                    var missingLeft = pass == 1;
                    var gL = gl + (missingLeft ? mg : 0);
                    var hL = hl + (missingLeft ? mh : 0);
                    var nL = nl + (missingLeft ? mn : 0);
                    var gR = node.G - gL;
                    var hR = node.H - hL;
                    var nR = node.Rows.Length - nL;
                    if (nL < o.MinSamplesLeaf || nR < o.MinSamplesLeaf || hL < o.MinChildWeight || hR < o.MinChildWeight)
                        continue;
                    var wL = LeafWeight(gL, hL, node.Lower, node.Upper);
                    var wR = LeafWeight(gR, hR, node.Lower, node.Upper);
                    if ((c > 0 && wL > wR) || (c < 0 && wL < wR))
                        continue;
                    var gain = Score(gL, hL, wL) + Score(gR, hR, wR) - parentScore;
                    if (gain <= o.MinSplitGain || (best is not null && gain <= best.Gain))
                        continue;
                    best = new Split(j, b, missingLeft, gain, gL, hL, nL, wL, wR);
                }
            }

            candidates[j] = best;
        });

        foreach (var s in candidates)
        {
            if (s is not null && (node.Best is null || s.Gain > node.Best.Gain))
                node.Best = s;
        }
    }

    private double LeafWeight(double g, double h, double lower, double upper) => Math.Clamp(-g / (h + o.L2), lower, upper);

    /// <summary>Loss reduction of a leaf with weight w: −(2Gw + (H+λ)w²)/2, which is G²/(2(H+λ)) at the optimum.</summary>
    private double Score(double g, double h, double w) => -((2 * g * w) + ((h + o.L2) * w * w)) / 2;
}

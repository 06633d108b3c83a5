using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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
/// <param name="Selection">How the settings were chosen when an inner search chose them (null: as given).</param>
public sealed record BoostedModel(TreeEnsemble Ensemble, BoostingOptions Options, IReadOnlyList<double> ValidationLoss, string? Selection = null) : IPredictor
{
    public double Predict(ReadOnlySpan<double> row) => Ensemble.Predict(row);
}

/// <summary>
/// Histogram gradient-boosted trees: features are binned once (quantile edges, float32 thresholds), trees grow best-first from gradient/hessian histograms with the sibling-subtraction trick, missing
/// values learn their direction at every split, monotone constraints bound leaf values, and histograms are built in
/// parallel over fixed blocks of rows summed in block order (so results do not depend on the thread count).
/// </summary>
public sealed class GradientBoostingLearner(BoostingOptions options) : ILearner
{
    public BoostingOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    public string Name => "histogram gradient boosting";

    IPredictor ILearner.Fit(Dataset data) => Fit(data);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

        return Fit(data, trainRows, validRows, o.EarlyStoppingRounds);
    }

    /// <summary>
    /// Fits on <paramref name="trainRows"/>, recording the loss on <paramref name="validRows"/> after every round; with
    /// <paramref name="patience"/> &gt; 0 stops after that many rounds without improvement and keeps the best round,
    /// with 0 runs every round (the inner search of <see cref="TunedBoostingLearner"/> reads the whole loss curve).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal BoostedModel Fit(Dataset data, int[] trainRows, int[] validRows, int patience)
    {
        var o = Options;
        var n = trainRows.Length;
        var p = data.Features;
        if ((long)n * p > Array.MaxLength)
            throw new ArgumentException($"{n} rows × {p} features exceed the {Array.MaxLength} binned cells one model can hold");
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
                else if (patience > 0 && trees.Count - bestCount >= patience)
                {
                    break;
                }
            }
        }

        if (validRows.Length > 0 && patience > 0)
            trees.RemoveRange(bestCount, trees.Count - bestCount);
        var ensemble = new TreeEnsemble(trees, baseMargin, o.Binary ? TreeObjective.BinaryLogistic : TreeObjective.SquaredError, data.FeatureNames);
        return new BoostedModel(ensemble, o, losses);
    }
}

/// <summary>Per-feature quantile bin edges; bin(x) = number of edges ≤ x (float32), missing = the last bin.</summary>
internal sealed class FeatureBinner
{
    private FeatureBinner(float[][] edges)
    {
        Edges = edges;
        Offsets = new int[edges.Length + 1];
        for (var j = 0; j < edges.Length; j++)
            Offsets[j + 1] = Offsets[j] + edges[j].Length + 2;
    }

    public float[][] Edges { get; }

    /// <summary>Start of each feature's bins in a flat histogram; the last entry is the total bin count.</summary>
    public int[] Offsets { get; }

    public int TotalBins => Offsets[^1];

    /// <summary>Index of the missing-value bin of feature j.</summary>
    public int MissingBin(int j) => Edges[j].Length + 1;

    public static FeatureBinner Fit(double[][] x, int[] rows, int features, int maxBins)
    {
        var edges = new float[features][];
        var values = new float[rows.Length];
        for (var j = 0; j < features; j++)
        {
            var count = 0;
            foreach (var i in rows)
            {
                var v = x[i][j];
                if (!double.IsNaN(v))
                    values[count++] = (float)v;
            }

            // Few distinct values (indicators, small integers): only those need sorting, not every row's value.
            var distinct = new HashSet<float>();
            for (var k = 0; k < count && distinct.Count <= maxBins; k++)
                distinct.Add(values[k]);

            var e = new List<float>();
            if (distinct.Count <= maxBins)
            {
                // Midpoints between consecutive distinct values.
                var levels = distinct.Order().ToArray();
                for (var k = 1; k < levels.Length; k++)
                    e.Add(Mid(levels[k - 1], levels[k]));
            }
            else
            {
                // Quantile edges on the sorted values, made strictly increasing.
                var sorted = values.AsSpan(0, count);
                sorted.Sort();
                for (var b = 1; b < maxBins; b++)
                {
                    var at = (int)((long)b * (count - 1) / maxBins);
                    var q = sorted[at];
                    var next = sorted[Math.Min(count - 1, at + 1)];
                    var edge = q == next ? NextUp(q) : Mid(q, next);
                    if (e.Count == 0 || edge > e[^1])
                        e.Add(edge);
                }
            }

            edges[j] = [.. e];
        }

        return new FeatureBinner(edges);
    }

    /// <summary>Bins of the given rows: column-major bytes plus, per row, the flat histogram bins that are not its feature's most frequent bin.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public BinnedMatrix Transform(double[][] x, int[] rows)
    {
        var p = Edges.Length;
        var n = rows.Length;
        var bins = new byte[(long)n * p];
        var counts = new int[TotalBins];
        for (var k = 0; k < n; k++)
        {
            var row = x[rows[k]];
            for (var j = 0; j < p; j++)
            {
                var v = row[j];
                var e = Edges[j];
                var b = double.IsNaN(v) ? e.Length + 1 : UpperBound(e, (float)v);
                bins[(j * n) + k] = (byte)b;
                counts[Offsets[j] + b]++;
            }
        }

        // The most frequent bin of each feature is left out of the row lists and recovered as node total minus the
        // other bins (LightGBM's trick): one-hot columns are mostly their zero bin, so rows list few entries.
        var defaultBin = new int[p];
        for (var j = 0; j < p; j++)
        {
            var best = Offsets[j];
            for (var b = Offsets[j] + 1; b < Offsets[j + 1]; b++)
            {
                if (counts[b] > counts[best])
                    best = b;
            }

            defaultBin[j] = best;
        }

        var rowStart = new int[rows.Length + 1];
        var entries = new List<int>(rows.Length * 4);
        for (var k = 0; k < n; k++)
        {
            for (var j = 0; j < p; j++)
            {
                var flat = Offsets[j] + bins[(j * n) + k];
                if (flat != defaultBin[j])
                    entries.Add(flat);
            }

            rowStart[k + 1] = entries.Count;
        }

        return new BinnedMatrix(bins, rowStart, [.. entries], defaultBin);
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

/// <summary>Binned training rows.</summary>
/// <param name="Bins">Bin of row k, feature j at j·rows + k (column-major: a split reads one feature's column).</param>
/// <param name="RowStart">Row k's entries are Entries[RowStart[k]..RowStart[k + 1]).</param>
/// <param name="Entries">Flat histogram bins of each row that are not the feature's default bin.</param>
/// <param name="DefaultBin">Per feature, the flat index of its most frequent bin.</param>
internal sealed record BinnedMatrix(byte[] Bins, int[] RowStart, int[] Entries, int[] DefaultBin);

/// <summary>Grows one tree best-first from gradient and hessian histograms.</summary>
/// <remarks>
/// A node's histogram is one flat array, four entries per bin (gradient sum, hessian sum, row count, pad), features at
/// <see cref="FeatureBinner.Offsets"/>. Rows are accumulated one at a time over the few bins each row lists (those that
/// are not their feature's most frequent bin), so a row's updates stay within a few kilobytes. Nodes larger than
/// <see cref="BlockRows"/> are split into fixed blocks accumulated in parallel and added in block order, so the sums
/// (and the trees) are the same for any thread count.
/// </remarks>
internal sealed class TreeGrower(BinnedMatrix matrix, FeatureBinner binner, BoostingOptions o, int features, int rows)
{
    /// <summary>Rows per histogram block; fixed (not derived from the thread count) to keep results reproducible.</summary>
    private const int BlockRows = 8192;

    private sealed class Node
    {
        /// <summary>The node's rows are <c>_order[Begin .. Begin + Count)</c>, ascending.</summary>
        public required int Begin;
        public required int Count;
        public required double G;
        public required double H;
        public required int Depth;
        public required double Lower;
        public required double Upper;
        public double[]? Hist;
        public Split? Best;
        public int Feature = -1;
        public float Threshold;
        public bool DefaultLeft;
        public int Left = -1;
        public int Right = -1;
    }

    private sealed record Split(int Feature, int Bin, bool MissingLeft, double Gain, double GL, double HL, int NL, double WL, double WR);

    private readonly int _threads = o.Threads > 0 ? o.Threads : Environment.ProcessorCount;

    /// <summary>Doubles per histogram bin: gradient sum, hessian sum, row count and one pad, so a bin is one 256-bit vector.</summary>
    private const int Stride = 4;

    private readonly int[] _offsets3 = [.. binner.Offsets.Select(v => v * Stride)];

    /// <summary>Row indices grouped by node: every node owns a contiguous, ascending range (partitioned in place).</summary>
    private readonly int[] _order = new int[rows];

    private readonly int[] _scratch = new int[rows];

    private readonly byte[] _bins = matrix.Bins;

    /// <summary>Histogram arrays of split or finished nodes, reused: with many bins they are large-object-heap sized.</summary>
    private readonly Stack<double[]> _free = new();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public (DecisionTree Tree, int[] LeafOf) Grow(double[] g, double[] h)
    {
        double rootG = 0, rootH = 0;
        for (var r = 0; r < rows; r++)
        {
            _order[r] = r;
            rootG += g[r];
            rootH += h[r];
        }

        var root = new Node { Begin = 0, Count = rows, G = rootG, H = rootH, Depth = 0, Lower = double.NegativeInfinity, Upper = double.PositiveInfinity };
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
            var missingBin = binner.MissingBin(split.Feature);
            // Stable in-place partition: left rows move to the front of the node's range, right rows go through the
            // scratch buffer; each child's sums are taken in ascending row order as the rows are moved.
            var column = (long)split.Feature * rows;
            int nl = 0, nr = 0;
            double lg = 0, lh = 0, rg = 0, rh = 0;
            var end = node.Begin + node.Count;
            for (var k = node.Begin; k < end; k++)
            {
                var r = _order[k];
                var b = _bins[column + r];
                var goLeft = b == missingBin ? split.MissingLeft : b <= split.Bin;
                if (goLeft)
                {
                    _order[node.Begin + nl++] = r;
                    lg += g[r];
                    lh += h[r];
                }
                else
                {
                    _scratch[nr++] = r;
                    rg += g[r];
                    rh += h[r];
                }
            }

            Array.Copy(_scratch, 0, _order, node.Begin + nl, nr);

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

            var left = new Node { Begin = node.Begin, Count = nl, G = lg, H = lh, Depth = node.Depth + 1, Lower = lLower, Upper = lUpper };
            var right = new Node { Begin = node.Begin + nl, Count = nr, G = rg, H = rh, Depth = node.Depth + 1, Lower = rLower, Upper = rUpper };

            // Build the smaller child's histograms; the sibling's are the parent's minus those.
            var (small, large) = left.Count <= right.Count ? (left, right) : (right, left);
            BuildHistograms(small, g, h);
            var parentHist = node.Hist!;
            var smallHist = small.Hist!;
            var largeHist = Rent(clear: false);
            for (var b = 0; b < largeHist.Length; b++)
                largeHist[b] = parentHist[b] - smallHist[b];
            large.Hist = largeHist;
            Return(parentHist);
            node.Hist = null;

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

        foreach (var nd in nodes)
        {
            if (nd.Hist is { } leftover)
                Return(leftover);
            nd.Hist = null;
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
                for (var at = nd.Begin; at < nd.Begin + nd.Count; at++)
                    leafOf[_order[at]] = k;
            }
        }

        return (new DecisionTree(feature, threshold, lefts, rights, defaultLeft, value, cover), leafOf);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void BuildHistograms(Node node, double[] g, double[] h)
    {
        var size = _offsets3[^1];
        var count = node.Count;
        var blocks = (count + BlockRows - 1) / BlockRows;
        double[] hist;
        if (blocks <= 1)
        {
            hist = Rent(clear: true);
            Accumulate(node.Begin, node.Begin + count, g, h, hist);
        }
        else
        {
            var partial = new double[blocks][];
            for (var b = 0; b < blocks; b++)
                partial[b] = Rent(clear: true);
            Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = _threads }, b =>
                Accumulate(node.Begin + (b * BlockRows), node.Begin + Math.Min(count, (b + 1) * BlockRows), g, h, partial[b]));
            hist = partial[0];
            for (var b = 1; b < blocks; b++)
            {
                var part = partial[b];
                for (var i = 0; i < size; i++)
                    hist[i] += part[i];
                Return(part);
            }
        }

        // Each feature's default bin holds the node's rows not listed in its other bins.
        for (var j = 0; j < features; j++)
        {
            double sg = 0, sh = 0, sn = 0;
            var d = Stride * matrix.DefaultBin[j];
            for (var at = _offsets3[j]; at < _offsets3[j + 1]; at += Stride)
            {
                if (at == d)
                    continue;
                sg += hist[at];
                sh += hist[at + 1];
                sn += hist[at + 2];
            }

            hist[d] = node.G - sg;
            hist[d + 1] = node.H - sh;
            hist[d + 2] = count - sn;
        }

        node.Hist = hist;
    }

    private double[] Rent(bool clear)
    {
        if (!_free.TryPop(out var a))
            return new double[_offsets3[^1]];
        if (clear)
            Array.Clear(a);
        return a;
    }

    private void Return(double[] histogram) => _free.Push(histogram);

    /// <summary>Adds the rows at <c>_order[start .. end)</c> to a flat histogram (default bins left out).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Accumulate(int start, int end, double[] g, double[] h, double[] hist)
    {
        var rowStart = matrix.RowStart;
        var entries = matrix.Entries;
        var order = _order;
        if (Vector256.IsHardwareAccelerated)
        {
            // One bin is one vector (g, h, count, pad): a row adds the same vector to each bin it lists. The entries
            // come from the binner, so every index is inside the histogram; rows are in range of g and h.
            ref var h0 = ref MemoryMarshal.GetArrayDataReference(hist);
            ref var e0 = ref MemoryMarshal.GetArrayDataReference(entries);
            for (var k = start; k < end; k++)
            {
                var r = order[k];
                var add = Vector256.Create(g[r], h[r], 1.0, 0.0);
                var stop = rowStart[r + 1];
                for (var e = rowStart[r]; e < stop; e++)
                {
                    ref var bin = ref Unsafe.Add(ref h0, Stride * Unsafe.Add(ref e0, e));
                    Vector256.StoreUnsafe(Vector256.LoadUnsafe(ref bin) + add, ref bin);
                }
            }

            return;
        }

        for (var k = start; k < end; k++)
        {
            var r = order[k];
            var gr = g[r];
            var hr = h[r];
            for (var e = rowStart[r]; e < rowStart[r + 1]; e++)
            {
                var at = Stride * entries[e];
                hist[at] += gr;
                hist[at + 1] += hr;
                hist[at + 2] += 1;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void FindBestSplit(Node node)
    {
        node.Best = null;
        if (o.MaxDepth > 0 && node.Depth >= o.MaxDepth)
            return;
        if (node.Count < 2 * o.MinSamplesLeaf)
            return;
        var parentWeight = LeafWeight(node.G, node.H, node.Lower, node.Upper);
        var parentScore = Score(node.G, node.H, parentWeight);
        var hist = node.Hist!;

        // Features in order, bins in order, a candidate replaces the best only when strictly better: the first of
        // equal splits wins, as in scikit-learn.
        for (var j = 0; j < features; j++)
        {
            var baseAt = _offsets3[j];
            var missing = binner.MissingBin(j);
            var ma = baseAt + (Stride * missing);
            double mg = hist[ma], mh = hist[ma + 1];
            var mn = (int)hist[ma + 2];
            var c = o.MonotoneConstraints?[j] ?? 0;
            var unbounded = c == 0 && double.IsNegativeInfinity(node.Lower) && double.IsPositiveInfinity(node.Upper);
            double gl = 0, hl = 0;
            var nl = 0;
            for (var b = 0; b < missing - 1; b++)
            {
                var at = baseAt + (Stride * b);

                // An empty bin gives the same split as the bin before it, which was already tried (small nodes have
                // mostly empty bins, so this is where their time goes).
                if (hist[at + 2] == 0)
                    continue;
                gl += hist[at];
                hl += hist[at + 1];
                nl += (int)hist[at + 2];

                // Missing values go right (first pass) or left (second pass); skip the second pass when none are missing.
                for (var pass = 0; pass < (mn > 0 ? 2 : 1); pass++)
                {
                    var missingLeft = pass == 1;
                    var gL = gl + (missingLeft ? mg : 0);
                    var hL = hl + (missingLeft ? mh : 0);
                    var nL = nl + (missingLeft ? mn : 0);
                    var gR = node.G - gL;
                    var hR = node.H - hL;
                    var nR = node.Count - nL;
                    if (nL < o.MinSamplesLeaf || nR < o.MinSamplesLeaf || hL < o.MinChildWeight || hR < o.MinChildWeight)
                        continue;
                    if (unbounded)
                    {
                        // No bounds: each side's optimum scores G²/(2(H+λ)); leaf weights are needed only for a new best.
                        var fastGain = (0.5 * ((gL * gL / (hL + o.L2)) + (gR * gR / (hR + o.L2)))) - parentScore;
                        if (fastGain <= o.MinSplitGain || (node.Best is not null && fastGain <= node.Best.Gain))
                            continue;
                        node.Best = new Split(j, b, missingLeft, fastGain, gL, hL, nL, -gL / (hL + o.L2), -gR / (hR + o.L2));
                        continue;
                    }

                    var wL = LeafWeight(gL, hL, node.Lower, node.Upper);
                    var wR = LeafWeight(gR, hR, node.Lower, node.Upper);
                    if ((c > 0 && wL > wR) || (c < 0 && wL < wR))
                        continue;
                    var gain = Score(gL, hL, wL) + Score(gR, hR, wR) - parentScore;
                    if (gain <= o.MinSplitGain || (node.Best is not null && gain <= node.Best.Gain))
                        continue;
                    node.Best = new Split(j, b, missingLeft, gain, gL, hL, nL, wL, wR);
                }
            }
        }
    }

    private double LeafWeight(double g, double h, double lower, double upper) => Math.Clamp(-g / (h + o.L2), lower, upper);

    /// <summary>Loss reduction of a leaf with weight w: −(2Gw + (H+λ)w²)/2, which is G²/(2(H+λ)) at the optimum.</summary>
    private double Score(double g, double h, double w) => -((2 * g * w) + ((h + o.L2) * w * w)) / 2;
}

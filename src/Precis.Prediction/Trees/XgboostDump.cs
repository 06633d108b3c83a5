using System.Globalization;
using System.Text.Json;
using Precis.Core;

namespace Precis.Prediction.Trees;

/// <summary>
/// Reads trees in XGBoost's JSON dump format (Booster.get_dump(dump_format="json", with_stats=True)): nested nodes
/// with nodeid, split, split_condition, yes, no, missing, cover, and leaf at the leaves.
/// </summary>
public static class XgboostDump
{
    /// <summary>Most nodes accepted in one tree.</summary>
    public const int MaxNodesPerTree = 1 << 20;

    /// <summary>Reads a JSON array of dumped trees. Split names are feature names, or "f12" for the 13th column.</summary>
    public static TreeEnsemble Read(JsonElement trees, IReadOnlyList<string> featureNames, double baseMargin, TreeObjective objective, string file = "(model)")
    {
        ArgumentNullException.ThrowIfNull(featureNames);
        if (trees.ValueKind != JsonValueKind.Array)
            throw new InputException(new InputError(file, null, null, "trees", "expected an array of XGBoost dumped trees"));
        var index = featureNames.Select((n, i) => (n, i)).ToDictionary(t => t.n, t => t.i, StringComparer.Ordinal);
        var result = new List<DecisionTree>();
        var ti = 0;
        foreach (var root in trees.EnumerateArray())
            result.Add(ReadTree(root, index, $"trees[{ti++}]", file));
        return new TreeEnsemble(result, baseMargin, objective, featureNames);
    }

    private static DecisionTree ReadTree(JsonElement root, Dictionary<string, int> features, string path, string file)
    {
        var nodes = new Dictionary<int, JsonElement>();
        var stack = new Stack<(JsonElement Node, string Path)>();
        stack.Push((root, path));
        while (stack.Count > 0)
        {
            var (n, p) = stack.Pop();
            var id = Int(n, "nodeid", p, file);
            if (!nodes.TryAdd(id, n))
                throw new InputException(new InputError(file, null, null, p, $"node id {id} appears twice"));
            if (nodes.Count > MaxNodesPerTree)
                throw new InputException(new InputError(file, null, null, path, $"more than {MaxNodesPerTree} nodes in a tree"));
            if (n.TryGetProperty("children", out var children))
            {
                var k = 0;
                foreach (var c in children.EnumerateArray())
                    stack.Push((c, $"{p}.children[{k++}]"));
            }
        }

        // Renumber in breadth-first order from the root so arrays are dense whatever XGBoost's ids are.
        var order = new List<int>();
        var map = new Dictionary<int, int>();
        var queue = new Queue<int>();
        queue.Enqueue(Int(root, "nodeid", path, file));
        while (queue.Count > 0)
        {
            var id = queue.Dequeue();
            map[id] = order.Count;
            order.Add(id);
            var n = nodes[id];
            if (!n.TryGetProperty("leaf", out _))
            {
                foreach (var child in new[] { Int(n, "yes", path, file), Int(n, "no", path, file) })
                {
                    if (!nodes.ContainsKey(child))
                        throw new InputException(new InputError(file, null, null, path, $"node {id} points to child {child}, which is not in the tree"));
                    queue.Enqueue(child);
                }
            }
        }

        var count = order.Count;
        var feature = new int[count];
        var threshold = new float[count];
        var left = new int[count];
        var right = new int[count];
        var defaultLeft = new bool[count];
        var value = new double[count];
        var cover = new double[count];
        for (var i = 0; i < count; i++)
        {
            var n = nodes[order[i]];
            cover[i] = n.TryGetProperty("cover", out var c) ? c.GetDouble() : throw new InputException(new InputError(file, null, null, path, $"node {order[i]} has no cover; dump with with_stats=True", "TreeSHAP needs the cover of every node"));
            if (n.TryGetProperty("leaf", out var leaf))
            {
                feature[i] = -1;
                left[i] = right[i] = -1;
                value[i] = leaf.GetDouble();
                continue;
            }

            var split = n.GetProperty("split").GetString() ?? "";
            if (!features.TryGetValue(split, out var f))
            {
                if (split.Length > 1 && split[0] == 'f' && int.TryParse(split.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var fi) && fi < features.Count)
                    f = fi;
                else
                    throw new InputException(new InputError(file, null, null, path, $"split feature '{split}' is not one of the {features.Count} feature names"));
            }

            feature[i] = f;
            threshold[i] = (float)n.GetProperty("split_condition").GetDouble();
            left[i] = map[Int(n, "yes", path, file)];
            right[i] = map[Int(n, "no", path, file)];
            defaultLeft[i] = Int(n, "missing", path, file) == Int(n, "yes", path, file);
        }

        return new DecisionTree(feature, threshold, left, right, defaultLeft, value, cover);
    }

    private static int Int(JsonElement n, string name, string path, string file) =>
        n.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i)
            ? i
            : throw new InputException(new InputError(file, null, null, path + "." + name, "missing or not an integer"));
}

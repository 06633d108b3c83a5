using System.Text.Json.Nodes;

namespace Precis.Oncology.Trials;

/// <summary>One node of a CTML match tree: an AND node carries leaf criteria, an OR node only branches.</summary>
/// <param name="Id">Node number, 0 for the root, numbered in the order the nodes are created.</param>
/// <param name="Label">"0 - ROOT and", "3 - or", "5 - genomic"…: the id and the clause key that made the node.</param>
/// <param name="IsOr">True for an OR node (its children are alternatives).</param>
/// <param name="IsRoot">True for node 0 (the root AND).</param>
/// <param name="Criteria">The leaf criteria the node requires, each a one-key object such as {"genomic": {…}}.</param>
/// <param name="CriteriaLabels">The keys of the criteria merged into an AND node (empty for a leaf node under an OR).</param>
/// <param name="OrChildren">For an AND node: the first OR node hanging from it (the later ones are chained after it).</param>
public sealed record MatchTreeNode(int Id, string Label, bool IsOr, bool IsRoot, IReadOnlyList<JsonObject> Criteria, IReadOnlyList<string> CriteriaLabels, IReadOnlyList<int>? OrChildren);

/// <summary>One conjunction of the match clause's disjunctive normal form: the criteria of every AND node on a root-to-sink path.</summary>
/// <param name="Steps">(depth on the path, the node's criteria) for each node on the path that has criteria.</param>
public sealed record MatchPath(IReadOnlyList<(int Depth, IReadOnlyList<JsonObject> Criteria)> Steps)
{
    /// <summary>Every leaf criterion of the path, in path order.</summary>
    public IEnumerable<JsonObject> Leaves => Steps.SelectMany(s => s.Criteria);
}

/// <summary>
/// A CTML <c>match</c> clause as a directed acyclic graph whose root-to-sink paths are the clause's alternatives
/// (MatchMiner's match tree). Nested ANDs merge into their AND parent; each OR becomes a branching node; a leaf under
/// an OR becomes an AND node of its own; when one AND holds several ORs, the ORs are chained (each branch end of one
/// leads into the next) so that a path takes one branch of each.
/// </summary>
public sealed class MatchTree
{
    // Clause nesting deeper than this is refused rather than walked: no real trial comes near it.
    private const int MaxNodes = 100_000;
    private readonly List<Building> _nodes = [];
    private readonly List<(int From, int To)> _edges = [];

    private MatchTree()
    {
    }

    /// <summary>The nodes, by id.</summary>
    public IReadOnlyList<MatchTreeNode> Nodes => _nodes.Select(n => n.Freeze()).ToList();

    /// <summary>The edges, sorted by (from, to).</summary>
    public IReadOnlyList<(int From, int To)> Edges => _edges.Order().ToList();

    /// <summary>Builds the tree of a CTML match clause (the JSON array under a <c>match</c> key).</summary>
    public static MatchTree Build(JsonArray clause)
    {
        ArgumentNullException.ThrowIfNull(clause);
        var tree = new MatchTree();
        tree._nodes.Add(new Building(0, "0 - ROOT and", isOr: false, isRoot: true));

        // Work list processed from its end. Which end an item joins decides the node numbering: OR items go to the
        // front (handled last), AND items and everything else to the back (handled next). This order is what makes
        // the numbering and the path order agree with MatchMiner's.
        var work = new LinkedList<(int Parent, JsonObject Values)>();
        foreach (var item in clause)
        {
            var obj = AsObject(item);
            if (obj.Any(p => p.Key.StartsWith("or", StringComparison.Ordinal)))
                work.AddFirst((0, obj));
            else
                work.AddLast((0, obj));
        }

        while (work.Last is { } last)
        {
            work.RemoveLast();
            var (parentId, values) = last.Value;
            var parent = tree._nodes[parentId];
            foreach (var (label, value) in values)
            {
                if (tree._nodes.Count > MaxNodes)
                    throw new InvalidOperationException($"match clause has more than {MaxNodes} nodes");
                if (label.StartsWith("and", StringComparison.Ordinal))
                {
                    // Under an AND the conjunction merges into the parent; under an OR it becomes a node of its own.
                    var target = parent.IsOr ? tree._nodes.Count : parentId;
                    var criteria = new List<JsonObject>();
                    var labels = new List<string>();
                    foreach (var item in AsArray(value, label))
                    {
                        foreach (var (innerLabel, innerValue) in AsObject(item))
                        {
                            var single = new JsonObject { [innerLabel] = innerValue?.DeepClone() };
                            if (innerLabel.StartsWith("or", StringComparison.Ordinal))
                                work.AddFirst((target, single));
                            else if (innerLabel.StartsWith("and", StringComparison.Ordinal))
                                work.AddLast((target, single));
                            else
                            {
                                criteria.Add(single);
                                labels.Add(innerLabel);
                            }
                        }
                    }

                    if (parent.IsOr)
                    {
                        var node = new Building(target, $"{target} - {label}", isOr: false, isRoot: false) { HasOrList = true };
                        node.Criteria.AddRange(criteria);
                        node.Labels.AddRange(labels);
                        tree._nodes.Add(node);
                        tree._edges.Add((parentId, target));
                    }
                    else
                    {
                        parent.Criteria.AddRange(criteria);
                        parent.Labels.AddRange(labels);
                    }
                }
                else if (label.StartsWith("or", StringComparison.Ordinal))
                {
                    var id = tree._nodes.Count;
                    tree._nodes.Add(new Building(id, $"{id} - {label}", isOr: true, isRoot: false));
                    foreach (var item in AsArray(value, label))
                        work.AddLast((id, AsObject(item)));
                    if (!parent.IsOr)
                        parent.OrNodes.Add(id);
                    tree._edges.Add((parentId, id));
                }
                else if (!parent.IsOr)
                {
                    parent.Criteria.Add(new JsonObject { [label] = value?.DeepClone() });
                    parent.Labels.Add(label);
                }
                else
                {
                    // A leaf object under an OR: one alternative per key, each carrying the whole object.
                    var id = tree._nodes.Count;
                    var node = new Building(id, $"{id} - {label}", isOr: false, isRoot: false);
                    node.Criteria.Add((JsonObject)values.DeepClone());
                    tree._nodes.Add(node);
                    tree._edges.Add((parentId, id));
                }
            }
        }

        tree.ChainOrNodes();
        return tree;
    }

    /// <summary>
    /// The disjunctive normal form: one path per (sink, route to it), sinks in id order, routes depth-first with
    /// children in id order.
    /// </summary>
    public IReadOnlyList<MatchPath> Paths()
    {
        var children = _nodes.Select(_ => new List<int>()).ToArray();
        foreach (var (from, to) in _edges.Order())
            children[from].Add(to);
        var paths = new List<MatchPath>();
        var route = new List<int> { 0 };
        foreach (var sink in _nodes.Where(n => children[n.Id].Count == 0).Select(n => n.Id))
            Walk(0, sink, children, route, paths);
        return paths;
    }

    private void Walk(int at, int sink, List<int>[] children, List<int> route, List<MatchPath> paths)
    {
        if (at == sink)
        {
            var steps = route.Select((id, depth) => (depth, (IReadOnlyList<JsonObject>)_nodes[id].Criteria)).Where(s => s.Item2.Count > 0).ToList();
            paths.Add(new MatchPath(steps));
            return;
        }

        foreach (var next in children[at])
        {
            route.Add(next);
            Walk(next, sink, children, route, paths);
            route.RemoveAt(route.Count - 1);
        }
    }

    /// <summary>The tree in MatchMiner's test layout: nodes (with their attributes), edges, in- and out-degrees.</summary>
    public JsonObject ToJson()
    {
        var nodes = new JsonObject();
        foreach (var n in _nodes)
        {
            var o = new JsonObject { ["criteria_list"] = new JsonArray(n.Criteria.Select(c => (JsonNode)c.DeepClone()).ToArray()) };
            if (n.IsRoot)
                o["is_and"] = true;
            else
            {
                o["is_and"] = !n.IsOr;
                o["is_or"] = n.IsOr;
            }

            if (n.IsRoot || n.HasOrList)
                o["or_nodes"] = new JsonArray(n.OrNodes.Select(i => (JsonNode)i).ToArray());
            o["label"] = n.Label;
            o["label_list"] = new JsonArray(n.Labels.Select(l => (JsonNode)l).ToArray());
            nodes[n.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)] = o;
        }

        var edges = Edges;
        return new JsonObject
        {
            ["nodes"] = nodes,
            ["edges"] = new JsonArray(edges.Select(e => (JsonNode)new JsonArray(e.From, e.To)).ToArray()),
            ["in_degree"] = new JsonArray(_nodes.Select(n => (JsonNode)new JsonArray(n.Id, edges.Count(e => e.To == n.Id))).ToArray()),
            ["out_degree"] = new JsonArray(_nodes.Select(n => (JsonNode)new JsonArray(n.Id, edges.Count(e => e.From == n.Id))).ToArray()),
        };
    }

    /// <summary>The paths in MatchMiner's test layout: [{"criteria_list": [{"depth": d, "criteria": […]}]}].</summary>
    public static JsonArray PathsToJson(IEnumerable<MatchPath> paths) =>
        new(paths.Select(p => (JsonNode)new JsonObject
        {
            ["criteria_list"] = new JsonArray(p.Steps.Select(s => (JsonNode)new JsonObject
            {
                ["depth"] = s.Depth,
                ["criteria"] = new JsonArray(s.Criteria.Select(c => (JsonNode)c.DeepClone()).ToArray()),
            }).ToArray()),
        }).ToArray());

    // Several ORs under one AND: the conjunction needs one branch of each, so each OR's branch ends (the AND nodes
    // reached through ORs only) lead into the next OR, and the AND keeps a direct edge to the first only.
    private void ChainOrNodes()
    {
        foreach (var node in _nodes.Where(n => n.OrNodes.Count > 1).ToList())
        {
            var ors = node.OrNodes.Order().ToList();
            for (var i = 0; i + 1 < ors.Count; i++)
            {
                _edges.Remove((node.Id, ors[i + 1]));
                foreach (var end in BranchEnds(ors[i]))
                    _edges.Add((end, ors[i + 1]));
            }

            node.OrNodes.Clear();
            node.OrNodes.Add(ors[0]);
        }
    }

    private List<int> BranchEnds(int orNode)
    {
        var ends = new List<int>();
        foreach (var (_, child) in _edges.Where(e => e.From == orNode).ToList())
        {
            if (_nodes[child].IsOr)
                ends.AddRange(BranchEnds(child));
            else
                ends.Add(child);
        }

        return ends;
    }

    private static JsonObject AsObject(JsonNode? node) =>
        node as JsonObject ?? throw new FormatException($"a match clause item must be an object, found {node?.GetValueKind().ToString() ?? "null"}");

    private static JsonArray AsArray(JsonNode? node, string label) =>
        node as JsonArray ?? throw new FormatException($"'{label}' must hold a list of clauses");

    private sealed class Building(int id, string label, bool isOr, bool isRoot)
    {
        public int Id { get; } = id;
        public string Label { get; } = label;
        public bool IsOr { get; } = isOr;
        public bool IsRoot { get; } = isRoot;
        public bool HasOrList { get; init; }
        public List<JsonObject> Criteria { get; } = [];
        public List<string> Labels { get; } = [];
        public List<int> OrNodes { get; } = [];

        public MatchTreeNode Freeze() => new(Id, Label, IsOr, IsRoot, Criteria, Labels, IsRoot || HasOrList ? OrNodes : null);
    }
}

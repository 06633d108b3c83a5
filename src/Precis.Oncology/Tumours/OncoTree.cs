using Precis.Core;

namespace Precis.Oncology.Tumours;

/// <summary>One OncoTree node: code, name, parent code (null for a tissue) and tissue.</summary>
/// <param name="Code">OncoTree code, e.g. "LUAD".</param>
/// <param name="Name">Display name.</param>
/// <param name="Parent">Parent code, or null at the tissue level.</param>
/// <param name="Tissue">The tissue (level-1) code, e.g. "LUNG".</param>
public sealed record OncoTreeNode(string Code, string Name, string? Parent, string Tissue);

/// <summary>How an evidence item's disease relates to the patient's tumour type.</summary>
public enum DiseaseMatch
{
    /// <summary>Same code.</summary>
    Exact,
    /// <summary>The evidence names an ancestor of the tumour type (e.g. NSCLC evidence for LUAD).</summary>
    Ancestor,
    /// <summary>The evidence names a subtype of the tumour type given (e.g. BRCA evidence, tumour given as BREAST).</summary>
    Descendant,
    /// <summary>The evidence is tissue-agnostic for this class of tumour ("_SOLID_", "_ALL_").</summary>
    TumourAgnostic,
    /// <summary>A different tumour type: off-label.</summary>
    Other,
    /// <summary>Either side has no code in the tree: cannot be decided, reported as such.</summary>
    Unknown,
}

/// <summary>
/// The OncoTree hierarchy (tissue → type → subtype), used to decide on-label vs off-label: evidence for a code
/// applies to that code and its descendants. Liquid tumours are the BLOOD, LYMPH and MYELOID tissues.
/// </summary>
public sealed class OncoTree
{
    private static readonly HashSet<string> LiquidTissues = new(StringComparer.Ordinal) { "BLOOD", "LYMPH", "MYELOID", "LYMPHOID" };
    private readonly Dictionary<string, OncoTreeNode> _nodes;

    public OncoTree(IEnumerable<OncoTreeNode> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        _nodes = new Dictionary<string, OncoTreeNode>(StringComparer.OrdinalIgnoreCase);
        foreach (var n in nodes)
            _nodes.TryAdd(n.Code, n);
    }

    public int Count => _nodes.Count;

    /// <summary>Every code in the tree.</summary>
    public IEnumerable<string> Codes => _nodes.Keys;

    public OncoTreeNode? Find(string code) => _nodes.GetValueOrDefault(code);

    /// <summary>The code and its ancestors, nearest first.</summary>
    public IEnumerable<string> Lineage(string code)
    {
        var guard = 0;
        for (var n = Find(code); n is not null && guard++ < 16; n = n.Parent is null ? null : Find(n.Parent))
            yield return n.Code;
    }

    /// <summary>True when evidence with this relation applies to the tumour (on-label).</summary>
    public static bool IsOnLabel(DiseaseMatch match) => match is DiseaseMatch.Exact or DiseaseMatch.Ancestor or DiseaseMatch.Descendant or DiseaseMatch.TumourAgnostic;

    public bool IsLiquid(string code) => Find(code) is { } n && LiquidTissues.Contains(n.Tissue);

    /// <summary>How evidence for <paramref name="evidenceCode"/> relates to a tumour of type <paramref name="tumourCode"/>.</summary>
    public DiseaseMatch Relate(string? evidenceCode, string? tumourCode)
    {
        if (evidenceCode is null || tumourCode is null)
            return DiseaseMatch.Unknown;
        if (evidenceCode == "_ALL_")
            return DiseaseMatch.TumourAgnostic;
        if (Find(tumourCode) is null)
            return string.Equals(evidenceCode, tumourCode, StringComparison.OrdinalIgnoreCase) ? DiseaseMatch.Exact : DiseaseMatch.Unknown;
        if (evidenceCode == "_SOLID_")
            return IsLiquid(tumourCode) ? DiseaseMatch.Other : DiseaseMatch.TumourAgnostic;
        if (evidenceCode == "_LIQUID_")
            return IsLiquid(tumourCode) ? DiseaseMatch.TumourAgnostic : DiseaseMatch.Other;
        if (string.Equals(evidenceCode, tumourCode, StringComparison.OrdinalIgnoreCase))
            return DiseaseMatch.Exact;
        if (Lineage(tumourCode).Skip(1).Contains(evidenceCode, StringComparer.OrdinalIgnoreCase))
            return DiseaseMatch.Ancestor;
        if (Lineage(evidenceCode).Skip(1).Contains(tumourCode, StringComparer.OrdinalIgnoreCase))
            return DiseaseMatch.Descendant;
        return Find(evidenceCode) is null ? DiseaseMatch.Unknown : DiseaseMatch.Other;
    }

    /// <summary>
    /// Reads OncoTree's tab-separated export (primary, secondary, tertiary, quaternary, quinternary, …), each
    /// level written "Name (CODE)", as MatchMiner ships it in <c>tumor_tree.txt</c>.
    /// </summary>
    public static OncoTree ReadTumourTree(string path)
    {
        var nodes = new List<OncoTreeNode>();
        using var reader = Inputs.TextInput.Open(path);
        long number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (number == 1 || line.Length == 0)
                continue;
            var fields = line.Split('\t');
            string? parent = null;
            string? tissue = null;
            for (var level = 0; level < Math.Min(5, fields.Length); level++)
            {
                var cell = fields[level].Trim().Trim('"').Trim();
                if (cell.Length == 0)
                    break;
                var open = cell.LastIndexOf('(');
                if (open < 0 || !cell.EndsWith(')'))
                    throw new InputException(new InputError(path, number, level + 1, null, $"'{cell}' is not 'Name (CODE)'"));
                var code = cell[(open + 1)..^1];
                tissue ??= code;
                nodes.Add(new OncoTreeNode(code, cell[..open].Trim(), parent, tissue));
                parent = code;
            }
        }

        return new OncoTree(nodes);
    }
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace Precis.Oncology.Knowledge;

/// <summary>
/// A biomarker as a boolean tree of alteration leaves: CGI's <c>A;B</c> (all) and <c>GENE:X,Y</c> (any), and
/// CIViC molecular profiles with AND / OR / NOT and parentheses ("EGFR L858R AND EGFR T790M").
/// </summary>
public abstract partial record BiomarkerExpression
{
    /// <summary>Every leaf, for indexing by gene.</summary>
    public abstract IEnumerable<AlterationPattern> Leaves { get; }

    /// <summary>The same tree with every leaf replaced by <paramref name="map"/> of it.</summary>
    public BiomarkerExpression Map(Func<AlterationPattern, AlterationPattern> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return this switch
        {
            Leaf l => new Leaf(map(l.Pattern)),
            All a => new All([.. a.Parts.Select(p => p.Map(map))]),
            Any a => new Any([.. a.Parts.Select(p => p.Map(map))]),
            None n => new None(n.Part.Map(map)),
            _ => this,
        };
    }

    /// <summary>Parses the CGI grammar: ';' joins leaves that must all hold, ',' lists alternatives.</summary>
    public static BiomarkerExpression ParseCgi(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var gene = "";
        var all = new List<BiomarkerExpression>();
        foreach (var part in parts)
        {
            // CGI writes "MET:Y1230C;Y1235D": a part without a gene continues the previous gene.
            var p = part.Contains(':', StringComparison.Ordinal) || part.Contains("__", StringComparison.Ordinal) || part is "MSI-H" or "TMB-H" ? part : $"{gene}:{part}";
            var colon = p.IndexOf(':', StringComparison.Ordinal);
            gene = colon > 0 ? p[..colon] : gene;
            var leaves = AlterationPattern.ParseCgi(p);
            all.Add(leaves.Count == 1 ? new Leaf(leaves[0]) : new Any([.. leaves.Select(l => (BiomarkerExpression)new Leaf(l))]));
        }

        return all.Count == 1 ? all[0] : new All(all);
    }

    /// <summary>
    /// Parses a CIViC molecular-profile name: "GENE VARIANT" terms joined by AND / OR / NOT with parentheses.
    /// Variant words map through <paramref name="exons"/> for "Exon 19 Deletion"-style names.
    /// </summary>
    public static BiomarkerExpression ParseCivic(string name, ExonTable exons)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(exons);
        var tokens = TokenRx().Matches(name).Select(m => m.Value).ToList();
        var i = 0;
        var expr = ParseOr(tokens, ref i, exons);
        return expr;
    }

    private static BiomarkerExpression ParseOr(List<string> t, ref int i, ExonTable exons)
    {
        var items = new List<BiomarkerExpression> { ParseAnd(t, ref i, exons) };
        while (i < t.Count && t[i].Equals("OR", StringComparison.Ordinal))
        {
            i++;
            items.Add(ParseAnd(t, ref i, exons));
        }

        return items.Count == 1 ? items[0] : new Any(items);
    }

    private static BiomarkerExpression ParseAnd(List<string> t, ref int i, ExonTable exons)
    {
        var items = new List<BiomarkerExpression> { ParseUnary(t, ref i, exons) };
        while (i < t.Count && t[i].Equals("AND", StringComparison.Ordinal))
        {
            i++;
            items.Add(ParseUnary(t, ref i, exons));
        }

        return items.Count == 1 ? items[0] : new All(items);
    }

    private static BiomarkerExpression ParseUnary(List<string> t, ref int i, ExonTable exons)
    {
        if (i < t.Count && t[i].Equals("NOT", StringComparison.Ordinal))
        {
            i++;
            return new None(ParseUnary(t, ref i, exons));
        }

        if (i < t.Count && t[i] == "(")
        {
            i++;
            var inner = ParseOr(t, ref i, exons);
            if (i < t.Count && t[i] == ")")
                i++;
            return inner;
        }

        // A term runs until the next operator or parenthesis: "EGFR Exon 19 Deletion".
        var words = new List<string>();
        while (i < t.Count && t[i] is not ("AND" or "OR" or "NOT" or "(" or ")"))
            words.Add(t[i++]);
        return new Leaf(CivicTerm(words, exons));
    }

    /// <summary>One CIViC "GENE VARIANT" term as a leaf.</summary>
    internal static AlterationPattern CivicTerm(IReadOnlyList<string> words, ExonTable exons)
    {
        var text = string.Join(' ', words);
        if (words.Count == 0)
            return new AlterationPattern(AlterationKind.NotAssessable, "", text);
        var gene = words[0];
        var variant = string.Join(' ', words.Skip(1));
        var lower = variant.ToLowerInvariant();
        if (gene.Contains("::", StringComparison.Ordinal))
        {
            var parts = gene.Split("::");
            return new AlterationPattern(AlterationKind.Fusion, parts[0], text) { Partner = parts[1].Length == 0 ? "." : parts[1], Ordered = true };
        }

        Match m;
        if ((m = ExonRx().Match(variant)).Success)
        {
            var exon = int.Parse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture);
            if (exons.Find(gene, exon) is { } range)
            {
                var what = m.Groups[2].Value.ToLowerInvariant();
                string? consequence = what switch
                {
                    "deletion" => "inframe_deletion",
                    "insertion" => "inframe_insertion",
                    _ when what.StartsWith("skipping", StringComparison.Ordinal) => "exon_skipping",
                    _ => null,
                };
                return new AlterationPattern(AlterationKind.ProteinRange, gene, text) { Start = range.Start, End = range.End, Consequence = consequence };
            }

            return new AlterationPattern(AlterationKind.NotAssessable, gene, text);
        }

        return lower switch
        {
            "amplification" => new AlterationPattern(AlterationKind.Amplification, gene, text),
            "deletion" => new AlterationPattern(AlterationKind.DeepDeletion, gene, text),
            "loss" or "loss-of-function" or "truncating mutation" or "frameshift truncation" => new AlterationPattern(AlterationKind.Truncating, gene, text),
            "mutation" or "mutations" => new AlterationPattern(AlterationKind.AnyMutation, gene, text),
            "fusion" or "fusions" or "rearrangement" => new AlterationPattern(AlterationKind.Fusion, gene, text) { Partner = "." },
            "itd" or "internal tandem duplication" when exons.Find(gene, "ITD") is { } itd =>
                new AlterationPattern(AlterationKind.ProteinRange, gene, text) { Start = itd.Start, End = itd.End, Consequence = "inframe_insertion" },
            _ when variant.Contains('-', StringComparison.Ordinal) && variant.EndsWith(gene, StringComparison.Ordinal) =>
                new AlterationPattern(AlterationKind.Fusion, variant.Split('-')[0], text) { Partner = gene, Ordered = true },
            _ => AlterationPattern.ParseCgi($"{gene}:{variant}") is [var single] ? single with { Text = text } : new AlterationPattern(AlterationKind.NotAssessable, gene, text),
        };
    }

    [GeneratedRegex(@"\(|\)|[^\s()]+", RegexOptions.CultureInvariant)]
    private static partial Regex TokenRx();

    [GeneratedRegex(@"^Exon (\d{1,3}) (Deletion|Insertion|Skipping Mutation|Skipping|Mutation)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ExonRx();

    /// <summary>A single alteration.</summary>
    public sealed record Leaf(AlterationPattern Pattern) : BiomarkerExpression
    {
        public override IEnumerable<AlterationPattern> Leaves => [Pattern];

        public override string ToString() => Pattern.Text;
    }

    /// <summary>All of the parts must hold.</summary>
    public sealed record All(IReadOnlyList<BiomarkerExpression> Parts) : BiomarkerExpression
    {
        public override IEnumerable<AlterationPattern> Leaves => Parts.SelectMany(p => p.Leaves);

        public override string ToString() => "(" + string.Join(" AND ", Parts) + ")";
    }

    /// <summary>At least one of the parts must hold.</summary>
    public sealed record Any(IReadOnlyList<BiomarkerExpression> Parts) : BiomarkerExpression
    {
        public override IEnumerable<AlterationPattern> Leaves => Parts.SelectMany(p => p.Leaves);

        public override string ToString() => "(" + string.Join(" OR ", Parts) + ")";
    }

    /// <summary>The part must not hold (only decidable where the gene was assessed).</summary>
    public sealed record None(BiomarkerExpression Part) : BiomarkerExpression
    {
        public override IEnumerable<AlterationPattern> Leaves => Part.Leaves;

        public override string ToString() => "NOT " + Part;
    }
}

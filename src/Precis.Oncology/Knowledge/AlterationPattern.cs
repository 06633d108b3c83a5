using System.Globalization;
using System.Text.RegularExpressions;
using Precis.Oncology.Notation;

namespace Precis.Oncology.Knowledge;

/// <summary>What one biomarker leaf asks of a tumour.</summary>
public enum AlterationKind
{
    /// <summary>One exact protein change ("BRAF:V600E").</summary>
    ProteinChange,
    /// <summary>Any change at one codon ("AR:W741.", "BRAF V600"), optionally of one consequence.</summary>
    Codon,
    /// <summary>Any non-synonymous mutation of the gene ("ALK:."), matched only behind the gene-level option.</summary>
    AnyMutation,
    /// <summary>Any non-synonymous change in an amino-acid range ("KIT:788-828"), optionally of one consequence.</summary>
    ProteinRange,
    /// <summary>Nonsense, frameshift or splice-site changes ("BRCA2:truncating").</summary>
    Truncating,
    Amplification,
    DeepDeletion,
    /// <summary>A fusion: a named pair or one gene with any partner ("ABL1__BCR", "ALK__.", "BCR::ABL1").</summary>
    Fusion,
    /// <summary>MSI-high / mismatch-repair deficient, from an external status.</summary>
    MsiHigh,
    /// <summary>Tumour mutational burden at or above a threshold.</summary>
    TmbHigh,
    /// <summary>Grammar we read but cannot assess from DNA calls (expression, wild-type): never matched.</summary>
    NotAssessable,
}

/// <summary>
/// One leaf of a biomarker: a gene and what must be altered, parsed from the CGI alteration grammar
/// (<c>BRAF:V600E</c>, <c>AR:W741.</c>, <c>KIT:788-828</c>, <c>EGFR::consequence::inframe_deletion:729-761</c>,
/// <c>ERBB2:amp</c>, <c>ABL1__BCR</c>, <c>ALK__.</c>) plus Precis' additions (<c>GENE:truncating</c>,
/// <c>GENE:del</c>, <c>A::B</c> ordered fusions, <c>MSI-H</c>, <c>TMB-H</c>).
/// </summary>
/// <param name="Kind">What is asked.</param>
/// <param name="Gene">The gene (the 5′ gene of an ordered fusion; "" for MSI-H/TMB-H).</param>
/// <param name="Text">The leaf as written.</param>
public sealed partial record AlterationPattern(AlterationKind Kind, string Gene, string Text)
{
    /// <summary>The exact change, for <see cref="AlterationKind.ProteinChange"/>.</summary>
    public ProteinChange? Change { get; init; }

    /// <summary>Codon or first codon of a range.</summary>
    public int Start { get; init; }

    /// <summary>Last codon of a range.</summary>
    public int End { get; init; }

    /// <summary>Reference residue at a codon wildcard ("" when not given).</summary>
    public string CodonReference { get; init; } = "";

    /// <summary>Sequence Ontology consequence required (e.g. inframe_deletion), or null for any non-synonymous.</summary>
    public string? Consequence { get; init; }

    /// <summary>The other fusion partner, or "." for any partner.</summary>
    public string? Partner { get; init; }

    /// <summary>True when a fusion pair must occur in this 5′→3′ order (the "::" notation); CGI pairs are unordered.</summary>
    public bool Ordered { get; init; }

    /// <summary>Genomic alleles known for the change, "GRCh37:7:140453136:A:T", for exact genomic matching.</summary>
    public IReadOnlyList<string> Genomic { get; init; } = [];

    /// <summary>Coding HGVS known for the change, "NM_004333.4:c.1799T>A", for HGVSc matching.</summary>
    public IReadOnlyList<string> Hgvsc { get; init; } = [];

    public override string ToString() => Text;

    /// <summary>
    /// Parses one CGI-style alteration (no ';'); a comma list gives several leaves (an OR).
    /// Unknown grammar gives a <see cref="AlterationKind.NotAssessable"/> leaf, never an exception, so an import
    /// keeps the row and says it cannot be matched.
    /// </summary>
    public static IReadOnlyList<AlterationPattern> ParseCgi(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim();
        if (t.Equals("MSI-H", StringComparison.OrdinalIgnoreCase) || t.Equals("dMMR", StringComparison.OrdinalIgnoreCase))
            return [new(AlterationKind.MsiHigh, "", t)];
        if (t.Equals("TMB-H", StringComparison.OrdinalIgnoreCase))
            return [new(AlterationKind.TmbHigh, "", t)];

        var fusion = t.IndexOf("__", StringComparison.Ordinal);
        var ordered = t.IndexOf("::", StringComparison.Ordinal);
        if (fusion > 0)
            return [new(AlterationKind.Fusion, t[..fusion], t) { Partner = t[(fusion + 2)..] }];
        if (ordered > 0 && !t.Contains("::consequence::", StringComparison.Ordinal) && !t.Contains("::wildtype", StringComparison.Ordinal))
            return [new(AlterationKind.Fusion, t[..ordered], t) { Partner = t[(ordered + 2)..], Ordered = true }];

        var consequence = t.IndexOf("::consequence::", StringComparison.Ordinal);
        if (consequence > 0)
        {
            var gene = t[..consequence];
            var body = t[(consequence + "::consequence::".Length)..];
            return [.. body.Split(",::").Select(part => ConsequenceLeaf(gene, part))];
        }

        if (t.Contains("::wildtype", StringComparison.Ordinal))
            return [new(AlterationKind.NotAssessable, t.Split("::")[0], t)];

        var colon = t.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
            return [new(AlterationKind.NotAssessable, t, t)];
        var g = t[..colon];
        var alts = t[(colon + 1)..];
        return [.. alts.Split(',').Select(a => Leaf(g, a.Trim(), $"{g}:{a.Trim()}"))];
    }

    private static AlterationPattern Leaf(string gene, string alt, string text)
    {
        switch (alt.ToLowerInvariant())
        {
            case ".":
                return new(AlterationKind.AnyMutation, gene, text);
            case "amp":
                return new(AlterationKind.Amplification, gene, text);
            case "del":
                return new(AlterationKind.DeepDeletion, gene, text);
            case "truncating":
                return new(AlterationKind.Truncating, gene, text);
            case "over" or "under" or "norm" or "expr":
                return new(AlterationKind.NotAssessable, gene, text);
        }

        Match m;
        if ((m = RangeRx().Match(alt)).Success)
            return new(AlterationKind.ProteinRange, gene, text) { Start = Int(m.Groups[1].Value), End = Int(m.Groups[2].Value) };
        if ((m = CodonRx().Match(alt)).Success)
            return new(AlterationKind.Codon, gene, text) { Start = Int(m.Groups[2].Value), End = Int(m.Groups[2].Value), CodonReference = m.Groups[1].Value.ToUpperInvariant() };
        var change = ProteinChange.Parse(alt);
        if (change is null || change.Kind == ProteinChangeKind.Other)
            return new(AlterationKind.NotAssessable, gene, text);
        if (change.Kind == ProteinChangeKind.Codon)
            return new(AlterationKind.Codon, gene, text) { Start = change.Start, End = change.Start, CodonReference = change.Reference };
        return new(AlterationKind.ProteinChange, gene, text) { Change = change, Start = change.Start, End = change.End };
    }

    // "inframe_deletion:729-761", "inframe_deletion:L747.", "inframe_insertion:P753PS", "inframe_insertion:.1151T.",
    // "splice_donor_variant:." — a consequence with a range, a codon, or anywhere in the gene.
    private static AlterationPattern ConsequenceLeaf(string gene, string part)
    {
        var colon = part.IndexOf(':', StringComparison.Ordinal);
        var consequence = colon > 0 ? part[..colon] : part;
        var where = colon > 0 ? part[(colon + 1)..] : ".";
        consequence = consequence switch
        {
            "splice_donor_variant" or "splice_acceptor_variant" => "splice_site_variant",
            _ => consequence,
        };
        var leafText = $"{gene}::consequence::{part}";
        Match m;
        if (where == ".")
            return new(AlterationKind.ProteinRange, gene, leafText) { Start = 1, End = int.MaxValue, Consequence = consequence };
        if ((m = RangeRx().Match(where)).Success)
            return new(AlterationKind.ProteinRange, gene, leafText) { Start = Int(m.Groups[1].Value), End = Int(m.Groups[2].Value), Consequence = consequence };
        if ((m = LooseCodonRx().Match(where)).Success)
        {
            var pos = Int(m.Groups[2].Value);
            return new(AlterationKind.Codon, gene, leafText) { Start = pos, End = pos, CodonReference = m.Groups[1].Value.ToUpperInvariant(), Consequence = consequence };
        }

        return new(AlterationKind.NotAssessable, gene, leafText);
    }

    private static int Int(string s) => int.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(\d{1,6})-(\d{1,6})$", RegexOptions.CultureInvariant)]
    private static partial Regex RangeRx();

    [GeneratedRegex(@"^([A-Za-z*]?)(\d{1,6})\.$", RegexOptions.CultureInvariant)]
    private static partial Regex CodonRx();

    [GeneratedRegex(@"^\.?([A-Za-z*]?)(\d{1,6})[A-Za-z*.]*$", RegexOptions.CultureInvariant)]
    private static partial Regex LooseCodonRx();
}

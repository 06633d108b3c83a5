using Precis.Oncology.Inputs;
using Precis.Oncology.Knowledge;
using Precis.Oncology.Notation;

namespace Precis.Oncology.Matching;

/// <summary>How precisely an input alteration meets a biomarker leaf; every kind that holds is reported.</summary>
public enum MatchKind
{
    /// <summary>Same build, chromosome, position and alleles.</summary>
    ExactGenomic,
    /// <summary>Same transcript (version ignored) and coding HGVS.</summary>
    Hgvsc,
    /// <summary>Same protein change, whatever the transcript or notation.</summary>
    ProteinChange,
    /// <summary>A change at the named codon (wildcard), in-frame indels starting there included.</summary>
    Codon,
    /// <summary>A change of the named consequence inside an amino-acid range or exon.</summary>
    RegionConsequence,
    /// <summary>Any non-synonymous change inside an amino-acid range.</summary>
    Range,
    /// <summary>The functional class: truncating (nonsense, frameshift, splice site).</summary>
    FunctionalClass,
    /// <summary>Any non-synonymous mutation of the gene (only with the gene-level option).</summary>
    GeneLevel,
    CopyNumber,
    /// <summary>The named 5′→3′ pair (or the unordered pair of a CGI biomarker).</summary>
    FusionPair,
    FusionAnyPartner,
    /// <summary>MSI-high or TMB-high.</summary>
    Composite,
}

/// <summary>One leaf met by one input alteration, with every match kind that holds.</summary>
/// <param name="Leaf">The biomarker leaf.</param>
/// <param name="Kinds">Match kinds, most precise first.</param>
/// <param name="Variant">The small variant, when the leaf is a mutation.</param>
/// <param name="CopyNumber">The copy-number call, when the leaf is a copy-number state.</param>
/// <param name="Fusion">The fusion, when the leaf is a fusion.</param>
/// <param name="Composite">The composite marker in words, e.g. "TMB 12.4 mut/Mb".</param>
public sealed record LeafHit(AlterationPattern Leaf, IReadOnlyList<MatchKind> Kinds, SomaticVariant? Variant = null, CopyNumberCall? CopyNumber = null, Fusion? Fusion = null, string? Composite = null)
{
    /// <summary>The input alteration in words.</summary>
    public string InputLabel => Variant?.Label ?? (CopyNumber is { } c ? $"{c.Gene} {c.State} ({c.ValueAsWritten})" : Fusion?.Label ?? Composite ?? "");
}

/// <summary>Options of the matcher.</summary>
/// <param name="GeneLevel">Also match "any mutation of the gene" biomarkers (off by default: too broad to act on).</param>
public sealed record MatchOptions(bool GeneLevel = false);

/// <summary>
/// Decides whether a tumour profile carries a biomarker, leaf by leaf, and evaluates AND / OR / NOT. A NOT is only
/// true where the alteration class was assessed (no copy-number input means "not amplified" is unknown, so false).
/// </summary>
public static class BiomarkerMatcher
{
    /// <summary>The hits that make the expression true, or null when it is not met.</summary>
    public static IReadOnlyList<LeafHit>? Evaluate(BiomarkerExpression expression, TumourProfile profile, MatchOptions options)
    {
        ArgumentNullException.ThrowIfNull(expression);
        switch (expression)
        {
            case BiomarkerExpression.Leaf leaf:
                var hits = MatchLeaf(leaf.Pattern, profile, options);
                return hits.Count > 0 ? hits : null;
            case BiomarkerExpression.All all:
                var collected = new List<LeafHit>();
                foreach (var part in all.Parts)
                {
                    if (Evaluate(part, profile, options) is not { } h)
                        return null;
                    collected.AddRange(h);
                }

                return collected;
            case BiomarkerExpression.Any any:
                var anyHits = any.Parts.Select(p => Evaluate(p, profile, options)).Where(h => h is not null).SelectMany(h => h!).ToList();
                return anyHits.Count > 0 ? anyHits : null;
            case BiomarkerExpression.None none:
                if (!none.Leaves.All(l => Assessed(l, profile)))
                    return null;
                return Evaluate(none.Part, profile, options) is null ? [] : null;
            default:
                return null;
        }
    }

    /// <summary>True when the input could show this leaf at all (e.g. a CNA leaf needs copy-number input).</summary>
    public static bool Assessed(AlterationPattern leaf, TumourProfile profile)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        ArgumentNullException.ThrowIfNull(profile);
        return leaf.Kind switch
        {
            AlterationKind.Amplification or AlterationKind.DeepDeletion => profile.CopyNumberAssessed,
            AlterationKind.Fusion => profile.FusionsAssessed,
            AlterationKind.MsiHigh => profile.Msi != MsiStatus.NotGiven,
            AlterationKind.TmbHigh => profile.Tmb is not null,
            AlterationKind.NotAssessable => false,
            _ => true,
        };
    }

    /// <summary>Every input alteration that meets one leaf.</summary>
    public static IReadOnlyList<LeafHit> MatchLeaf(AlterationPattern leaf, TumourProfile profile, MatchOptions options)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(options);
        var result = new List<LeafHit>();
        switch (leaf.Kind)
        {
            case AlterationKind.Amplification or AlterationKind.DeepDeletion:
                var state = leaf.Kind == AlterationKind.Amplification ? CopyNumberState.Amplification : CopyNumberState.DeepDeletion;
                result.AddRange(profile.CopyNumbers.Where(c => c.State == state && SameGene(c.Gene, leaf.Gene))
                    .Select(c => new LeafHit(leaf, [MatchKind.CopyNumber], CopyNumber: c)));
                break;
            case AlterationKind.Fusion:
                foreach (var f in profile.Fusions)
                {
                    if (MatchFusion(leaf, f) is { } kind)
                        result.Add(new LeafHit(leaf, [kind], Fusion: f));
                }

                break;
            case AlterationKind.MsiHigh when profile.Msi == MsiStatus.MsiHigh:
                result.Add(new LeafHit(leaf, [MatchKind.Composite], Composite: "MSI-high (external status)"));
                break;
            case AlterationKind.TmbHigh when profile.Tmb is { IsHigh: true } tmb:
                result.Add(new LeafHit(leaf, [MatchKind.Composite], Composite: $"TMB {tmb.PerMegabase:0.##} mut/Mb"));
                break;
            case AlterationKind.ProteinChange or AlterationKind.Codon or AlterationKind.ProteinRange or AlterationKind.Truncating or AlterationKind.AnyMutation:
                foreach (var v in profile.Variants)
                {
                    // A variant without a gene (an unannotated VCF) can still meet a change by its exact alleles.
                    if (!SameGene(v.Gene, leaf.Gene) && !(v.Gene.Length == 0 && leaf.Genomic.Count > 0))
                        continue;
                    var kinds = MatchVariant(leaf, v, options);
                    if (kinds.Count > 0)
                        result.Add(new LeafHit(leaf, kinds, Variant: v));
                }

                break;
        }

        return result;
    }

    /// <summary>Every match kind by which one variant meets one mutation leaf (empty when it does not).</summary>
    public static IReadOnlyList<MatchKind> MatchVariant(AlterationPattern leaf, SomaticVariant variant, MatchOptions options)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        ArgumentNullException.ThrowIfNull(variant);
        ArgumentNullException.ThrowIfNull(options);
        var kinds = new List<MatchKind>();
        var p = variant.Protein;
        if (variant.Gene.Length == 0)
        {
            if (leaf.Kind == AlterationKind.ProteinChange && GenomicKey(variant) is { } bare && leaf.Genomic.Contains(bare, StringComparer.OrdinalIgnoreCase))
                kinds.Add(MatchKind.ExactGenomic);
            return kinds;
        }

        if (!variant.IsNonSynonymous && p is not { IsNonSynonymous: true })
            return kinds;
        switch (leaf.Kind)
        {
            case AlterationKind.ProteinChange:
                if (GenomicKey(variant) is { } key && leaf.Genomic.Contains(key, StringComparer.OrdinalIgnoreCase))
                    kinds.Add(MatchKind.ExactGenomic);
                if (HgvscKey(variant) is { } hgvsc && leaf.Hgvsc.Any(h => string.Equals(StripVersion(h), hgvsc, StringComparison.Ordinal)))
                    kinds.Add(MatchKind.Hgvsc);
                if (p is not null && leaf.Change is not null && p.Text == leaf.Change.Text)
                    kinds.Add(MatchKind.ProteinChange);
                break;
            case AlterationKind.Codon when p is not null && p.Kind != ProteinChangeKind.Other:
                // A wildcard also meets an in-frame indel that starts at the codon (MatchMiner's rule).
                if (p.Start == leaf.Start && (leaf.CodonReference.Length == 0 || p.Reference.Length == 0 || p.Reference.StartsWith(leaf.CodonReference, StringComparison.Ordinal) || p.Reference == "X")
                    && ConsequenceHolds(leaf.Consequence, p))
                    kinds.Add(MatchKind.Codon);
                break;
            case AlterationKind.ProteinRange when p is not null && p.Kind != ProteinChangeKind.Other:
                if (p.Start <= leaf.End && p.End >= leaf.Start && ConsequenceHolds(leaf.Consequence, p))
                    kinds.Add(leaf.Consequence is null ? MatchKind.Range : MatchKind.RegionConsequence);
                break;
            case AlterationKind.Truncating:
                if (p is { IsTruncating: true } || variant.Classification is "Nonsense_Mutation" or "Frame_Shift_Del" or "Frame_Shift_Ins" or "Splice_Site")
                    kinds.Add(MatchKind.FunctionalClass);
                break;
            case AlterationKind.AnyMutation when options.GeneLevel:
                kinds.Add(MatchKind.GeneLevel);
                break;
        }

        return kinds;
    }

    private static bool ConsequenceHolds(string? consequence, ProteinChange p) => consequence switch
    {
        null => true,
        "inframe_variant" => p.Consequence is "inframe_deletion" or "inframe_insertion",
        "exon_skipping" => p.Kind is ProteinChangeKind.Splice or ProteinChangeKind.InframeDeletion || p.Consequence == "inframe_deletion",
        "splice_site_variant" or "splice_region_variant" => p.Kind == ProteinChangeKind.Splice,
        _ => p.Consequence == consequence,
    };

    private static MatchKind? MatchFusion(AlterationPattern leaf, Fusion f)
    {
        if (f.IsIntragenic)
            return null;
        var partner = leaf.Partner ?? ".";
        if (partner == ".")
            return SameGene(f.FivePrime, leaf.Gene) || SameGene(f.ThreePrime, leaf.Gene) ? MatchKind.FusionAnyPartner : null;
        if (leaf.Ordered)
            return SameGene(f.FivePrime, leaf.Gene) && SameGene(f.ThreePrime, partner) ? MatchKind.FusionPair : null;
        var pair = (SameGene(f.FivePrime, leaf.Gene) && SameGene(f.ThreePrime, partner)) || (SameGene(f.FivePrime, partner) && SameGene(f.ThreePrime, leaf.Gene));
        return pair ? MatchKind.FusionPair : null;
    }

    private static bool SameGene(string a, string b) => a.Length > 0 && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>"GRCh37:7:140453136:A:T" for a variant with a known build and alleles.</summary>
    public static string? GenomicKey(SomaticVariant v)
    {
        ArgumentNullException.ThrowIfNull(v);
        if (v.Chromosome is null || v.Start is null || v.Reference is null || v.Alternate is null || NormaliseBuild(v.Build) is not { } build)
            return null;
        return $"{build}:{v.Chromosome}:{v.Start}:{v.Reference}:{v.Alternate}";
    }

    /// <summary>"GRCh37" or "GRCh38" for the spellings MAFs use (37, hg19, GRCh37-lite...), else null.</summary>
    public static string? NormaliseBuild(string? build) => build?.Trim().ToUpperInvariant() switch
    {
        "37" or "GRCH37" or "HG19" or "GRCH37-LITE" or "B37" => "GRCh37",
        "38" or "GRCH38" or "HG38" => "GRCh38",
        _ => null,
    };

    private static string? HgvscKey(SomaticVariant v)
    {
        if (v.Hgvsc is null)
            return null;
        var h = v.Hgvsc;
        if (h.Contains(':', StringComparison.Ordinal))
            return StripVersion(h);
        return v.Transcript is null ? null : StripVersion($"{v.Transcript}:{h}");
    }

    private static string StripVersion(string hgvsc)
    {
        var colon = hgvsc.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
            return hgvsc;
        var tx = hgvsc[..colon];
        var dot = tx.LastIndexOf('.');
        return (dot > 0 ? tx[..dot] : tx) + hgvsc[colon..];
    }
}

using Precis.PolygenicRisk.ScoringFiles;

namespace Precis.PolygenicRisk.Matching;

/// <summary>How a scoring-file row lined up with a target variant, best first (pgsc_calc's priority order).</summary>
public enum AlleleMatchType
{
    /// <summary>effect = REF, other = ALT.</summary>
    RefAlt,

    /// <summary>effect = ALT, other = REF.</summary>
    AltRef,

    /// <summary>Complemented alleles: effect = REF, other = ALT.</summary>
    RefAltFlip,

    /// <summary>Complemented alleles: effect = ALT, other = REF.</summary>
    AltRefFlip,

    /// <summary>No other allele: effect = REF.</summary>
    NoOtherAlleleRef,

    /// <summary>No other allele: effect = ALT.</summary>
    NoOtherAlleleAlt,

    /// <summary>No other allele, complemented: effect = REF.</summary>
    NoOtherAlleleRefFlip,

    /// <summary>No other allele, complemented: effect = ALT.</summary>
    NoOtherAlleleAltFlip,
}

/// <summary>What became of a scoring-file row.</summary>
public enum MatchStatus
{
    /// <summary>Matched and used in the score.</summary>
    Matched,

    /// <summary>Matched but excluded by a rule (strand-ambiguous, multi-allelic, flipped, duplicated ID).</summary>
    Excluded,

    /// <summary>No target variant at its position with its alleles (or the row has no position).</summary>
    Unmatched,
}

/// <summary>Matching rules; the defaults are pgsc_calc's.</summary>
public sealed record MatchOptions
{
    /// <summary>Fraction of a score's rows that must match for the score to be computed (pgsc_calc: 0.75).</summary>
    public double MinOverlap { get; init; } = 0.75;

    /// <summary>Keep strand-ambiguous (A/T, C/G) matches; excluded by default because their strand cannot be told.</summary>
    public bool KeepAmbiguous { get; init; }

    /// <summary>Keep matches at multi-allelic target sites; excluded by default.</summary>
    public bool KeepMultiallelic { get; init; }

    /// <summary>Exclude matches found only after complementing the alleles (pgsc_calc --ignore_strand_flips).</summary>
    public bool IgnoreStrandFlips { get; init; }

    /// <summary>When several rows of a score match one target variant, keep the first row instead of excluding all.</summary>
    public bool KeepFirstMatch { get; init; }

    /// <summary>pgsc_calc's defaults.</summary>
    public static MatchOptions Default { get; } = new();
}

/// <summary>A target site as the matcher sees it: chromosome, position, an identifier, REF and ALT alleles.</summary>
/// <param name="Chromosome">Chromosome as written in the target.</param>
/// <param name="Position">1-based position.</param>
/// <param name="Id">Variant identifier (pgsc_calc relabels VCF sites to chrom:pos:ref:alt).</param>
/// <param name="Ref">REF allele.</param>
/// <param name="Alts">ALT alleles; gVCF placeholders (&lt;NON_REF&gt;, &lt;*&gt;) are not alleles to match.</param>
/// <param name="Tag">An opaque index the caller uses to find the record again (e.g. the record's order in a group).</param>
/// <param name="FromReferenceBlock">A gVCF reference block covers the site: the call is reference, and <paramref name="Alts"/>
/// are the candidate alleles the scoring rows name (not alleles seen in the sample).</param>
public sealed record TargetVariant(string Chromosome, long Position, string Id, string Ref, IReadOnlyList<string> Alts, int Tag = 0, bool FromReferenceBlock = false)
{
    /// <summary>True when the site has more than one real ALT allele (gVCF &lt;NON_REF&gt;/&lt;*&gt; placeholders do not count).</summary>
    public bool IsMultiallelic => _multiallelic ??= !FromReferenceBlock && Alts.Count(a => a is not ("<NON_REF>" or "<*>")) > 1;

    // Asked once per scoring-file row that lands on the site; worked out once.
    private bool? _multiallelic;
}

/// <summary>The outcome for one scoring-file row.</summary>
/// <param name="Variant">The row.</param>
/// <param name="Status">Matched, excluded or unmatched.</param>
/// <param name="Type">The best match type (null when unmatched).</param>
/// <param name="Target">The target variant of the best match.</param>
/// <param name="EffectAlleleIndex">Index of the effect allele in the target's alleles (0 = REF, k = ALT k); -1 when unmatched.</param>
/// <param name="Ambiguous">The target's REF and ALT are complementary (A/T, C/G).</param>
/// <param name="Multiallelic">The target site is multi-allelic.</param>
/// <param name="Flipped">Matched only after complementing the alleles.</param>
/// <param name="DuplicateId">Another row of the same score matched the same target variant.</param>
public sealed record VariantMatch(
    ScoreVariant Variant,
    MatchStatus Status,
    AlleleMatchType? Type,
    TargetVariant? Target,
    int EffectAlleleIndex,
    bool Ambiguous,
    bool Multiallelic,
    bool Flipped,
    bool DuplicateId)
{
    /// <summary>Why an excluded row was excluded, or why an unmatched row has no match.</summary>
    public string Reason => Status switch
    {
        MatchStatus.Matched => "matched",
        MatchStatus.Unmatched => Variant.Unpositioned ?? "no target variant with these alleles at this position",
        _ => string.Join(", ", new[]
        {
            Ambiguous ? "strand-ambiguous" : null,
            Multiallelic ? "multi-allelic site" : null,
            Flipped ? "strand flip (flips ignored)" : null,
            DuplicateId ? "several rows matched the same variant" : null,
        }.Where(x => x is not null)),
    };
}

/// <summary>A row of the upstream-shaped summary: one combination of status and flags, with its count.</summary>
/// <param name="Status">Matched, excluded or unmatched.</param>
/// <param name="Ambiguous">Strand-ambiguous flag (null for unmatched).</param>
/// <param name="Multiallelic">Multi-allelic flag (null for unmatched).</param>
/// <param name="Flipped">Strand-flip flag (null for unmatched).</param>
/// <param name="DuplicateId">Duplicated-ID flag (null for unmatched).</param>
/// <param name="Count">Rows with this combination.</param>
public sealed record MatchSummaryRow(MatchStatus Status, bool? Ambiguous, bool? Multiallelic, bool? Flipped, bool? DuplicateId, int Count);

/// <summary>The match report of one score: counts per category, the overlap and whether the score passes.</summary>
/// <param name="ScoreId">The score's accession.</param>
/// <param name="Variants">Rows of the score (including rows set aside as complex).</param>
/// <param name="Matched">Rows matched and used.</param>
/// <param name="Excluded">Rows matched but excluded.</param>
/// <param name="ExcludedAmbiguous">Excluded rows flagged strand-ambiguous.</param>
/// <param name="ExcludedMultiallelic">Excluded rows at multi-allelic sites.</param>
/// <param name="ExcludedFlipped">Excluded rows matched only by strand flip (when flips are ignored).</param>
/// <param name="ExcludedDuplicate">Excluded rows that matched a target variant another row also matched.</param>
/// <param name="Unmatched">Rows with no match (including rows without a position and complex rows).</param>
/// <param name="Unpositioned">Unmatched rows that had no position (failed harmonisation) or were set aside as complex.</param>
/// <param name="MatchedFlipped">Matched rows found by strand flip.</param>
/// <param name="MinOverlap">The threshold applied.</param>
/// <param name="Summary">Upstream-shaped rows (status × flags → count), as pgsc_calc's summary table.</param>
public sealed record MatchReport(
    string ScoreId,
    int Variants,
    int Matched,
    int Excluded,
    int ExcludedAmbiguous,
    int ExcludedMultiallelic,
    int ExcludedFlipped,
    int ExcludedDuplicate,
    int Unmatched,
    int Unpositioned,
    int MatchedFlipped,
    double MinOverlap,
    IReadOnlyList<MatchSummaryRow> Summary)
{
    /// <summary>Matched rows / all rows (pgsc_calc's match_rate).</summary>
    public double MatchRate => Variants == 0 ? 0 : (double)Matched / Variants;

    /// <summary>True when the overlap reaches <see cref="MinOverlap"/>; below it the score is refused.</summary>
    public bool Passes => Variants > 0 && MatchRate >= MinOverlap - 1e-12;
}

using Precis.Oncology.Notation;

namespace Precis.Oncology.Inputs;

/// <summary>One somatic small variant of one tumour sample, as read from a MAF (or a VCF through Genomics).</summary>
/// <param name="Sample">Tumour sample id (Tumor_Sample_Barcode).</param>
/// <param name="Gene">HUGO symbol.</param>
/// <param name="Chromosome">Chromosome without a "chr" prefix, when given.</param>
/// <param name="Start">1-based start, when given.</param>
/// <param name="End">1-based end, when given.</param>
/// <param name="Reference">Reference allele ("-" for insertions), when given.</param>
/// <param name="Alternate">Tumour allele differing from the reference, when given.</param>
/// <param name="Classification">MAF Variant_Classification ("" when the input has none).</param>
/// <param name="Protein">The protein change in canonical form, when given.</param>
/// <param name="ProteinAsWritten">The protein change exactly as the input wrote it.</param>
/// <param name="Hgvsc">Coding HGVS, e.g. "c.1799T>A".</param>
/// <param name="Hgvsg">Genomic HGVS, e.g. "7:g.140453136A>T".</param>
/// <param name="Transcript">Transcript of the protein change.</param>
/// <param name="Build">Genome build as written (GRCh37, 37, GRCh38, hg19...).</param>
/// <param name="TumourDepth">Tumour read depth, when given.</param>
/// <param name="TumourAltCount">Reads supporting the variant, when given.</param>
/// <param name="Line">1-based line in the input.</param>
public sealed record SomaticVariant(
    string Sample,
    string Gene,
    string? Chromosome,
    long? Start,
    long? End,
    string? Reference,
    string? Alternate,
    string Classification,
    ProteinChange? Protein,
    string? ProteinAsWritten,
    string? Hgvsc,
    string? Hgvsg,
    string? Transcript,
    string? Build,
    int? TumourDepth,
    int? TumourAltCount,
    long Line)
{
    /// <summary>Variant allele fraction in the tumour, when depth and alt count are known.</summary>
    public double? AlleleFraction => TumourDepth is > 0 && TumourAltCount is { } alt ? (double)alt / TumourDepth.Value : null;

    /// <summary>
    /// Non-synonymous by the MAF classification, as maftools counts it (missense, nonsense, nonstop, frameshift,
    /// in-frame indel, splice site, translation start site); without a classification, by the protein change.
    /// </summary>
    public bool IsNonSynonymous => Classification.Length > 0
        ? MafClassifications.NonSynonymous.Contains(Classification)
        : Protein is { IsNonSynonymous: true };

    /// <summary>"GENE p.CHANGE" or the genomic position, for rationale text.</summary>
    public string Label => Protein is not null
        ? $"{Gene} p.{Protein.Text}"
        : Gene.Length == 0
            ? $"{Chromosome}:{Start} {Reference}>{Alternate} (no gene annotation)"
            : $"{Gene} {Chromosome}:{Start} {Reference}>{Alternate} ({Classification})";
}

/// <summary>The MAF Variant_Classification vocabulary and the non-synonymous subset.</summary>
public static class MafClassifications
{
    /// <summary>Every value the MAF specification allows (GDC MAF v1.0, TCGA MAF 2.4).</summary>
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        "Frame_Shift_Del", "Frame_Shift_Ins", "In_Frame_Del", "In_Frame_Ins", "Missense_Mutation", "Nonsense_Mutation",
        "Silent", "Splice_Site", "Translation_Start_Site", "Nonstop_Mutation", "3'UTR", "3'Flank", "5'UTR", "5'Flank",
        "IGR", "Intron", "RNA", "Targeted_Region", "De_novo_Start_InFrame", "De_novo_Start_OutOfFrame", "Splice_Region",
        "Unknown",
    };

    /// <summary>maftools' default <c>vc_nonSyn</c>, the classes counted as non-synonymous (and in TMB).</summary>
    public static readonly IReadOnlySet<string> NonSynonymous = new HashSet<string>(StringComparer.Ordinal)
    {
        "Frame_Shift_Del", "Frame_Shift_Ins", "Splice_Site", "Translation_Start_Site", "Nonsense_Mutation",
        "Nonstop_Mutation", "In_Frame_Del", "In_Frame_Ins", "Missense_Mutation",
    };
}

using Precis.Genomics.Vcf;
using Precis.PolygenicRisk.Matching;

namespace Precis.PolygenicRisk.Scoring;

/// <summary>What to do with a sample whose genotype is missing at a matched variant.</summary>
public enum MissingGenotypePolicy
{
    /// <summary>Use the expected contribution at the cohort's effect-allele frequency (plink2's default, 2·p for additive).</summary>
    MeanImputation,

    /// <summary>As mean imputation, but with the scoring file's allelefrequency_effect (cohort frequency where the file has none).</summary>
    ReferenceFrequency,

    /// <summary>Contribute nothing and leave the variant out of DENOM (plink2's no-mean-imputation).</summary>
    Drop,
}

/// <summary>How many allele copies a call counts for.</summary>
public enum PloidyModel
{
    /// <summary>As the GT is written: a haploid call (a male's X outside the PARs) counts once.</summary>
    FromGenotype,

    /// <summary>Every call counts as diploid, doubling haploid calls: what plink2 (--xchr-model 2) and pgsc_calc do.</summary>
    AlwaysDiploid,
}

/// <summary>Options of a scoring run.</summary>
public sealed record ScoringOptions
{
    /// <summary>Matching rules (minimum overlap, ambiguous, multi-allelic, flips).</summary>
    public MatchOptions Match { get; init; } = MatchOptions.Default;

    /// <summary>Missing-genotype handling; stated in every output.</summary>
    public MissingGenotypePolicy Missing { get; init; } = MissingGenotypePolicy.MeanImputation;

    /// <summary>Ploidy model; the default counts a male's X allele once.</summary>
    public PloidyModel Ploidy { get; init; } = PloidyModel.FromGenotype;

    /// <summary>Use FORMAT/DS (imputed dosage) where a record has it; GT otherwise.</summary>
    public bool UseDosageField { get; init; }

    /// <summary>Options for the VCF reader (strict by default).</summary>
    public VcfReaderOptions Vcf { get; init; } = VcfReaderOptions.Strict;

    /// <summary>
    /// Score GT-only VCFs (no gVCF END declared, no DS) on the byte-level path (default): it decodes only CHROM/POS of
    /// records at no score position and only GT of the others. False forces the full Precis.Genomics reader, which
    /// validates every record.
    /// </summary>
    public bool FastGtPath { get; init; } = true;

    /// <summary>The defaults: pgsc_calc matching, mean imputation, ploidy from GT, dosage from GT.</summary>
    public static ScoringOptions Default { get; } = new();
}

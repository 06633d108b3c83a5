namespace Precis.PolygenicRisk.ScoringFiles;

/// <summary>How a variant's effect-allele dosage becomes its contribution (PGS Catalog effect types).</summary>
public enum EffectType
{
    /// <summary>weight × dosage (0, 1, 2).</summary>
    Additive,

    /// <summary>weight × (dosage ≥ 1 ? 1 : 0): one copy is enough (is_dominant).</summary>
    Dominant,

    /// <summary>weight × (dosage = 2 ? 1 : 0): both copies needed (is_recessive).</summary>
    Recessive,

    /// <summary>A separate weight per dosage (dosage_0/1/2_weight columns).</summary>
    DosageWeights,
}

/// <summary>The kind of file a score was read from; decides which columns are authoritative.</summary>
public enum ScoringFileFormat
{
    /// <summary>PGS Catalog author-reported file (chr_name/chr_position as submitted).</summary>
    PgsCatalog,

    /// <summary>PGS Catalog harmonised file (hm_chr/hm_pos are used; hm_source names how they were found).</summary>
    PgsCatalogHarmonised,

    /// <summary>A user's own file with the PGS Catalog column names (chr_name, chr_position, effect_allele, effect_weight).</summary>
    Custom,

    /// <summary>pgscatalog-format output ("normalised"): one file, many accessions, with accession and row_nr columns.</summary>
    Normalised,

    /// <summary>OmicsPred file (#omicspred_id header).</summary>
    OmicsPred,
}

/// <summary>Score-level metadata from the file header (PGS Catalog format version 2 keys).</summary>
/// <param name="Id">pgs_id (or omicspred_id, accession, or the file name when none is given).</param>
/// <param name="Name">pgs_name.</param>
/// <param name="TraitReported">trait_reported.</param>
/// <param name="TraitMapped">trait_mapped (EFO label).</param>
/// <param name="TraitEfo">trait_efo.</param>
/// <param name="WeightType">weight_type as published (beta, log(OR), OR, NR...).</param>
/// <param name="GenomeBuild">The build of the positions used: HmPOS_build for harmonised files, otherwise genome_build.</param>
/// <param name="AuthorGenomeBuild">genome_build as reported by the authors.</param>
/// <param name="DeclaredVariants">variants_number from the header (the full score; a file may hold a subset).</param>
/// <param name="Citation">citation.</param>
/// <param name="PublicationId">pgp_id.</param>
/// <param name="FormatVersion">format_version.</param>
/// <param name="Licence">license, when the header gives one.</param>
/// <param name="OddsRatioPerSd">Odds ratio per standard deviation of the score, when the header gives one (#or_per_sd).</param>
/// <param name="HazardRatioPerSd">Hazard ratio per standard deviation of the score, when the header gives one (#hr_per_sd).</param>
/// <remarks>
/// #or_per_sd and #hr_per_sd are not keys of the PGS Catalog format 2.0 header (the Catalog publishes per-SD effects in
/// its Performance Metrics, per evaluation sample set); they are read from custom or annotated files that add them.
/// </remarks>
public sealed record ScoreMetadata(
    string Id,
    string? Name = null,
    string? TraitReported = null,
    string? TraitMapped = null,
    string? TraitEfo = null,
    string? WeightType = null,
    string? GenomeBuild = null,
    string? AuthorGenomeBuild = null,
    long? DeclaredVariants = null,
    string? Citation = null,
    string? PublicationId = null,
    string? FormatVersion = null,
    string? Licence = null,
    double? OddsRatioPerSd = null,
    double? HazardRatioPerSd = null);

/// <summary>One scoring-file row: where the variant is, which allele carries the weight, and how it is applied.</summary>
/// <param name="RowNumber">0-based row of the variant within its score (row_nr), the key of match reports.</param>
/// <param name="Line">1-based line of the file, for messages.</param>
/// <param name="RsId">rsID (hm_rsID when harmonised and given).</param>
/// <param name="Chromosome">Chromosome used for matching; null when the row has no position (failed harmonisation).</param>
/// <param name="Position">1-based position used for matching; null with <paramref name="Chromosome"/>.</param>
/// <param name="EffectAllele">The allele whose dosage is weighted.</param>
/// <param name="OtherAllele">The other allele, when known (or inferred by harmonisation).</param>
/// <param name="Weight">effect_weight (0 for <see cref="EffectType.DosageWeights"/>).</param>
/// <param name="EffectType">Additive, dominant, recessive or dosage-specific weights.</param>
/// <param name="DosageWeights">dosage_0/1/2_weight, only for <see cref="EffectType.DosageWeights"/>.</param>
/// <param name="EffectAlleleFrequency">allelefrequency_effect, used for reference-frequency imputation.</param>
/// <param name="Unpositioned">Why the row has no position (e.g. "harmonisation failed (hm_source=Unknown)").</param>
public sealed record ScoreVariant(
    int RowNumber,
    long Line,
    string? RsId,
    string? Chromosome,
    long? Position,
    string EffectAllele,
    string? OtherAllele,
    double Weight,
    EffectType EffectType,
    IReadOnlyList<double>? DosageWeights = null,
    double? EffectAlleleFrequency = null,
    string? Unpositioned = null);

/// <summary>One polygenic score: its metadata and its variants, as read from a scoring file.</summary>
/// <param name="Metadata">Header metadata.</param>
/// <param name="Format">Which kind of file it came from.</param>
/// <param name="SourceFile">The file name used in messages.</param>
/// <param name="Variants">The rows in file order.</param>
/// <param name="RefusedRows">Rows that cannot be scored from genotypes (haplotypes, diplotypes, HLA/APOE alleles) and
/// were set aside on request; they count as unmatched, so they lower the overlap.</param>
public sealed record PolygenicScoreDefinition(
    ScoreMetadata Metadata,
    ScoringFileFormat Format,
    string SourceFile,
    IReadOnlyList<ScoreVariant> Variants,
    IReadOnlyList<RefusedRow> RefusedRows)
{
    /// <summary>Rows of the published score: the variants plus the refused rows.</summary>
    public int TotalRows => Variants.Count + RefusedRows.Count;

    /// <summary>The score's accession (pgs_id or equivalent).</summary>
    public string Id => Metadata.Id;
}

/// <summary>A scoring-file row that was not taken, with where and why.</summary>
/// <param name="Line">1-based line of the file.</param>
/// <param name="Allele">The effect allele as written (e.g. "HLA-DR3/HLA-DR4").</param>
/// <param name="Reason">Why it cannot be scored.</param>
public sealed record RefusedRow(long Line, string Allele, string Reason);

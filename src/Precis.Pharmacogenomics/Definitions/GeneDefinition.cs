namespace Precis.Pharmacogenomics.Definitions;

/// <summary>A genomic position that defines alleles of a gene (GRCh38, VCF coordinates, anchor base for indels).</summary>
/// <param name="Position">1-based VCF position.</param>
/// <param name="Rsid">dbSNP id, when the source gives one.</param>
/// <param name="Ref">Reference allele as written in VCF.</param>
/// <param name="Alts">Alternate alleles the definitions use, as written in VCF.</param>
/// <param name="Hgvs">Chromosomal HGVS name, e.g. g.94781859G&gt;A.</param>
public sealed record DefinitionPosition(long Position, string? Rsid, string Ref, IReadOnlyList<string> Alts, string? Hgvs)
{
    /// <summary>"rs4244285 (chr10:94781859)" or "chr10:94781859".</summary>
    public string Label(string chromosome) => Rsid is null ? $"{chromosome}:{Position}" : $"{Rsid} ({chromosome}:{Position})";
}

/// <summary>A named (star) allele: the allele it requires at each defining position.</summary>
/// <param name="Name">Allele name as the source writes it (*2, c.1905+1G&gt;A, rs9923231 variant (T)).</param>
/// <param name="Id">Source identifier (PharmVar/ClinPGx), when given.</param>
/// <param name="IsReference">True for the gene's reference allele (all positions defined as reference).</param>
/// <param name="Alleles">Position → required VCF allele; IUPAC codes allowed for SNVs. Positions not listed
/// are "same as the reference allele" when matching, but do not add to the allele's score.</param>
public sealed record NamedAlleleDefinition(string Name, string? Id, bool IsReference, IReadOnlyDictionary<long, string> Alleles);

/// <summary>A gene's allele definitions with the exemptions that change how it is called.</summary>
public sealed record GeneDefinition
{
    public required string Gene { get; init; }

    /// <summary>Chromosome name as in the definition (chr10, chrX).</summary>
    public required string Chromosome { get; init; }

    public required string GenomeBuild { get; init; }

    /// <summary>Version of the source definitions (PharmCAT data version).</summary>
    public required string Version { get; init; }

    public required IReadOnlyList<DefinitionPosition> Positions { get; init; }

    public required IReadOnlyList<NamedAlleleDefinition> Alleles { get; init; }

    /// <summary>Positions whose calls are reported but never used for matching (PharmCAT ignoredPositions).</summary>
    public IReadOnlyList<long> IgnoredPositions { get; init; } = [];

    /// <summary>Positions that must be observed for a call (NAT2).</summary>
    public IReadOnlyList<long> RequiredPositions { get; init; } = [];

    /// <summary>AMP tier-1 minimum-panel alleles of the gene (Pratt et al.); "missing AMP tier-1 position" warnings.</summary>
    public IReadOnlyList<string> Amp1Alleles { get; init; } = [];

    public IReadOnlyList<long> Amp1Positions { get; init; } = [];

    /// <summary>Positions of interest reported beside the gene but not part of any definition (CYP2C9 rs12777823).</summary>
    public IReadOnlyList<DefinitionPosition> ExtraPositions { get; init; } = [];

    /// <summary>Which diplotype to pick when unphased data cannot tell two candidates apart (NAT2 priority list).</summary>
    public IReadOnlyList<DiplotypePriority> UnphasedPriorities { get; init; } = [];

    /// <summary>Sub-allele → reported allele (SLCO1B1 *45.001 → *45): matched separately, reported as the parent.</summary>
    public IReadOnlyDictionary<string, string> Suballeles { get; init; } = new Dictionary<string, string>();

    /// <summary>The reference allele, if the gene has one.</summary>
    public NamedAlleleDefinition? Reference => Alleles.FirstOrDefault(a => a.IsReference);
}

/// <summary>When unphased data gives exactly the diplotypes in <see cref="Candidates"/>, report <see cref="Pick"/>.</summary>
public sealed record DiplotypePriority(IReadOnlyList<string> Candidates, string Pick);

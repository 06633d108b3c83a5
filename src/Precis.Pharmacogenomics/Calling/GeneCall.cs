namespace Precis.Pharmacogenomics.Calling;

/// <summary>How far a gene could be called.</summary>
public enum CallStatus
{
    /// <summary>One best diplotype.</summary>
    Called,
    /// <summary>Several diplotypes tie for the best score; all are listed.</summary>
    Ambiguous,
    /// <summary>The genotypes fit no combination of defined alleles, or show undocumented variation.</summary>
    NoCall,
    /// <summary>None of the gene's defining positions is in the input.</summary>
    NotTested,
    /// <summary>The call comes from an outside-call file, not from the genotypes.</summary>
    OutsideCall,
}

/// <summary>A candidate diplotype: two allele names (one for hemizygous calls) and the matcher's score.</summary>
/// <param name="Allele1">First allele (reference-like allele first, then natural order).</param>
/// <param name="Allele2">Second allele, or null for a haploid call.</param>
/// <param name="Score">Number of defining positions matched (PharmCAT's scoring: more specific alleles score higher).</param>
public sealed record DiplotypeCandidate(string Allele1, string? Allele2, int Score)
{
    /// <summary>"*1/*2", or "A" for a hemizygous call.</summary>
    public string Name => Allele2 is null ? Allele1 : $"{Allele1}/{Allele2}";

    public override string ToString() => Name;
}

/// <summary>The result of calling one gene for one sample.</summary>
public sealed record GeneCall
{
    public required string Gene { get; init; }

    public required CallStatus Status { get; init; }

    /// <summary>Best-scoring candidates (one when <see cref="Status"/> is Called).</summary>
    public required IReadOnlyList<DiplotypeCandidate> Candidates { get; init; }

    /// <summary>Every pair of alleles that explains the genotypes, best score first (PharmCAT's "all matches" view).</summary>
    public IReadOnlyList<DiplotypeCandidate> AllCandidates { get; init; } = [];

    /// <summary>Defining positions absent from the input (never assumed reference), as "rsid (chr:pos)".</summary>
    public IReadOnlyList<string> MissingPositions { get; init; } = [];

    /// <summary>Missing positions that belong to the AMP tier-1 minimum panel.</summary>
    public IReadOnlyList<string> MissingAmp1Positions { get; init; } = [];

    /// <summary>Positions where the input shows an allele no definition uses, as "rsid (chr:pos) ref&gt;observed".</summary>
    public IReadOnlyList<string> UndocumentedVariations { get; init; } = [];

    /// <summary>Alleles the available positions can detect; "*1" means "none of these", not "normal for sure".</summary>
    public IReadOnlyList<string> AllelesTested { get; init; } = [];

    /// <summary>Rules applied and caveats, in words (e.g. "DPYD lowest-function rule").</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The observed genotypes used, as "rs4244285 (chr10:94781859) A/A".</summary>
    public IReadOnlyList<string> Evidence { get; init; } = [];

    /// <summary>Genotypes used despite a genotype quality below <see cref="AlleleMatcher.LowGenotypeQuality"/>; flagged, not dropped.</summary>
    public IReadOnlyList<string> LowQuality { get; init; } = [];

    /// <summary>Lowest-function genes (DPYD, RYR1, CACNA1S): every variant allele found, one entry per copy.</summary>
    public IReadOnlyList<string> FoundAlleles { get; init; } = [];

    /// <summary>The subset of <see cref="Evidence"/> with a non-reference allele.</summary>
    public IReadOnlyList<string> VariantEvidence { get; init; } = [];

    /// <summary>True when every used genotype was phased.</summary>
    public bool Phased { get; init; }

    /// <summary>The single best diplotype, or null when ambiguous or not called.</summary>
    public DiplotypeCandidate? Diplotype => Status is CallStatus.Called or CallStatus.OutsideCall && Candidates.Count == 1 ? Candidates[0] : null;
}

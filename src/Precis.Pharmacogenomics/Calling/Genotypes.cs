namespace Precis.Pharmacogenomics.Calling;

/// <summary>
/// What the input says at one position of one sample: the alleles on each chromosome copy (one for haploid,
/// two for diploid), as VCF allele strings. A position the input does not cover is simply absent from
/// <see cref="SampleGenotypes"/>: it is "not tested", never reference.
/// </summary>
/// <param name="Alleles">Observed alleles per copy; "." for a missing allele (then the site is treated as not tested).</param>
/// <param name="Phased">True when the genotype is phased ("|").</param>
/// <param name="PhaseSet">The PS (phase set) id when given; phased sites without PS share one phase set.</param>
/// <param name="ReferenceBlock">True when the call comes from a gVCF reference block (an observed reference call).</param>
/// <param name="Quality">Genotype quality (GQ), when the input gives it.</param>
public sealed record SiteCall(IReadOnlyList<string> Alleles, bool Phased = false, long? PhaseSet = null, bool ReferenceBlock = false, int? Quality = null)
{
    /// <summary>True when every allele is observed (no ".").</summary>
    public bool IsComplete => Alleles.Count > 0 && Alleles.All(a => a.Length > 0 && a != ".");

    /// <summary>Unphased diploid call from two alleles.</summary>
    public static SiteCall Unphased(string a, string b) => new([a, b]);

    /// <summary>Phased diploid call (a on copy 1, b on copy 2).</summary>
    public static SiteCall PhasedCall(string a, string b, long? phaseSet = null) => new([a, b], true, phaseSet);

    /// <summary>Haploid (hemizygous) call.</summary>
    public static SiteCall Haploid(string a) => new([a], true);

    /// <summary>"A/G", "A|G" or "A".</summary>
    public override string ToString() => string.Join(Phased ? "|" : "/", Alleles);
}

/// <summary>One sample's calls at the positions of interest: chromosome → position → call.</summary>
/// <param name="SampleId">Sample name as in the input (pseudonymous).</param>
/// <param name="Sites">Observed calls keyed by (chromosome, position); chromosome names normalised to "chrN".</param>
/// <param name="Sex">"male", "female" or null when unknown; used for hemizygous chrX genes (G6PD).</param>
public sealed record SampleGenotypes(string SampleId, IReadOnlyDictionary<(string Chromosome, long Position), SiteCall> Sites, string? Sex = null)
{
    /// <summary>The call at a position, or null when the input does not cover it.</summary>
    public SiteCall? At(string chromosome, long position) => Sites.GetValueOrDefault((chromosome, position));
}

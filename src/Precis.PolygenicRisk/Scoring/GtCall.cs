using Precis.Genomics.Vcf;

namespace Precis.PolygenicRisk.Scoring;

/// <summary>
/// One sample's GT reduced to what scoring needs: ploidy, up to two allele indexes inline (a rarer call keeps its
/// <see cref="Genotype"/>), and whether every allele is called. A value type so a record's calls live in one reused array.
/// </summary>
internal readonly struct GtCall
{
    private readonly Genotype? _other;

    private GtCall(int ploidy, int a0, int a1, Genotype? other)
    {
        Ploidy = ploidy;
        A0 = a0;
        A1 = a1;
        _other = other;
    }

    /// <summary>Alleles written (0 = no GT).</summary>
    public int Ploidy { get; }

    /// <summary>First allele index (-1 missing).</summary>
    public int A0 { get; }

    /// <summary>Second allele index (-1 missing or haploid).</summary>
    public int A1 { get; }

    /// <summary>Every written allele is called (and at least one is written).</summary>
    public bool Complete => _other is not null ? !_other.IsMissing && !_other.IsPartiallyMissing : Ploidy > 0 && A0 >= 0 && (Ploidy == 1 || A1 >= 0);

    /// <summary>Some called allele is non-reference.</summary>
    public bool HasAlternate => _other?.HasAlternate ?? (A0 > 0 || A1 > 0);

    /// <summary>Copies of allele <paramref name="allele"/>.</summary>
    public int CountOf(int allele) => _other?.CountOf(allele) ?? ((A0 == allele ? 1 : 0) + (Ploidy == 2 && A1 == allele ? 1 : 0));

    /// <summary>A haploid call.</summary>
    public static GtCall Haploid(int a) => new(1, a, -1, null);

    /// <summary>A diploid call.</summary>
    public static GtCall Diploid(int a0, int a1) => new(2, a0, a1, null);

    /// <summary>From a decoded genotype (any ploidy).</summary>
    public static GtCall From(Genotype g) => g.Ploidy switch
    {
        0 => default,
        1 => Haploid(g.Alleles[0]),
        2 => Diploid(g.Alleles[0], g.Alleles[1]),
        _ => new GtCall(g.Ploidy, g.Alleles[0], g.Alleles[1], g),
    };
}

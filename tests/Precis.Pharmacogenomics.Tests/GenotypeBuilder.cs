using Precis.Knowledge;
using Precis.Pharmacogenomics.Calling;
using Precis.Pharmacogenomics.Definitions;
using Precis.Pharmacogenomics.Knowledge;

namespace Precis.Pharmacogenomics.Tests;

/// <summary>
/// Builds one sample's genotypes the way PharmCAT's TestVcfBuilder does: every position of the touched genes is
/// reference unless an allele is placed on a copy; positions can be removed (missing) or set explicitly.
/// </summary>
internal sealed class GenotypeBuilder
{
    internal static readonly PgxKnowledge Knowledge = PgxKnowledge.FromCatalog(KnowledgeCatalog.Embedded());

    private readonly Dictionary<(string, long), SiteCall> _sites = [];
    private string? _sex;

    public static GeneDefinition Definition(string gene) => Knowledge.Gene(gene)!.Definition!;

    /// <summary>All positions of the gene reference/reference (unphased, or phased when asked).</summary>
    public GenotypeBuilder Reference(string gene, bool phased = false)
    {
        var d = Definition(gene);
        foreach (var p in d.Positions)
            _sites[(d.Chromosome, p.Position)] = new SiteCall([p.Ref, p.Ref], phased);
        return this;
    }

    /// <summary>Places a named allele on copy 0 or 1 (or both with copy = 2) at its defining non-reference positions.</summary>
    public GenotypeBuilder Allele(string gene, string allele, int copy = 0)
    {
        var d = Definition(gene);
        var reference = d.Reference!;
        var named = d.Alleles.Single(a => a.Name == allele);
        foreach (var (pos, value) in named.Alleles)
        {
            if (reference.Alleles.TryGetValue(pos, out var r) && r == value)
                continue;
            var p = d.Positions.Single(x => x.Position == pos);
            var concrete = Iupac.IsWobble(value) ? p.Alts.First(a => Iupac.Matches(value, a)) : value;
            var site = _sites.GetValueOrDefault((d.Chromosome, pos)) ?? new SiteCall([p.Ref, p.Ref]);
            var alleles = site.Alleles.ToArray();
            if (copy == 2)
            {
                alleles[0] = concrete;
                alleles[1] = concrete;
            }
            else
            {
                alleles[copy] = concrete;
            }

            _sites[(d.Chromosome, pos)] = site with { Alleles = alleles };
        }

        return this;
    }

    public GenotypeBuilder Set(string chromosome, long position, SiteCall call)
    {
        _sites[(chromosome, position)] = call;
        return this;
    }

    public GenotypeBuilder Missing(string chromosome, long position)
    {
        _sites.Remove((chromosome, position));
        return this;
    }

    public GenotypeBuilder Male()
    {
        _sex = "male";
        return this;
    }

    public SampleGenotypes Build() => new("TEST-001", new Dictionary<(string, long), SiteCall>(_sites), _sex);
}

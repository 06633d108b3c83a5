using Precis.Core;
using Precis.Knowledge;
using Precis.Oncology.Inputs;
using Precis.Pharmacogenomics.Calling;
using Precis.Pharmacogenomics.Knowledge;
using Precis.Pharmacogenomics.Phenotypes;
using Precis.Plans;

namespace Precis.Clinical.Tests;

public class FindingVariantsTests
{
    private static readonly PgxKnowledge Knowledge = PgxKnowledge.FromCatalog(KnowledgeCatalog.Embedded());

    private static GeneResult Called(string gene, string diplotype) => new()
    {
        Gene = gene,
        Call = new GeneCall { Gene = gene, Status = CallStatus.Called, Candidates = [new DiplotypeCandidate(diplotype.Split('/')[0], diplotype.Split('/')[1], 1)] },
        Diplotype = diplotype,
        Phenotype = "Intermediate Metabolizer",
    };

    [Fact]
    public void A_heterozygous_defining_position_becomes_one_germline_variant_and_missing_positions_none()
    {
        var def = Knowledge.Gene("CYP2C19")!.Definition!;
        var star2 = def.Positions.Single(p => p.Rsid == "rs4244285");
        var sample = new SampleGenotypes("s1", new Dictionary<(string, long), SiteCall> { [(def.Chromosome, star2.Position)] = SiteCall.Unphased("G", "A") });

        var v = Assert.Single(FindingVariants.FromGeneCall(Called("CYP2C19", "*1/*2"), sample, Knowledge));   // the other 34 positions are absent: nothing assumed

        Assert.Equal(("chr10", 94781859L, "G", "A", "rs4244285"), (v.Chromosome, v.Position, v.Reference, v.Alternate, v.Rsid));
        Assert.Equal((VariantOrigin.Germline, (Zygosity?)Zygosity.Heterozygous), (v.Origin, v.Zygosity));
        Assert.StartsWith("GRCh38", v.Build, StringComparison.Ordinal);
    }

    [Fact]
    public void A_homozygous_chrX_call_is_hemizygous_in_a_male_and_homozygous_in_a_female()
    {
        var def = Knowledge.Gene("G6PD")!.Definition!;
        var p = def.Positions.First(x => x.Ref.Length == 1 && x.Alts.Count == 1 && x.Alts[0].Length == 1);
        var sites = new Dictionary<(string, long), SiteCall> { [(def.Chromosome, p.Position)] = SiteCall.Unphased(p.Alts[0], p.Alts[0]) };

        Assert.Equal(Zygosity.Hemizygous, Assert.Single(FindingVariants.FromGeneCall(Called("G6PD", "B/B"), new SampleGenotypes("m", sites, "male"), Knowledge)).Zygosity);
        Assert.Equal(Zygosity.Homozygous, Assert.Single(FindingVariants.FromGeneCall(Called("G6PD", "B/B"), new SampleGenotypes("f", sites, "female"), Knowledge)).Zygosity);
    }

    [Fact]
    public void An_uncalled_gene_and_an_outside_call_carry_no_variants()
    {
        var def = Knowledge.Gene("CYP2C19")!.Definition!;
        var sample = new SampleGenotypes("s1", new Dictionary<(string, long), SiteCall> { [(def.Chromosome, 94781859)] = SiteCall.Unphased("A", "A") });
        var notCalled = new GeneResult { Gene = "CYP2C19", Call = new GeneCall { Gene = "CYP2C19", Status = CallStatus.NoCall, Candidates = [] }, Phenotype = PhenotypeResolver.NotCalled };
        Assert.Empty(FindingVariants.FromGeneCall(notCalled, sample, Knowledge));
        var outside = Called("CYP2C19", "*2/*2") with { Call = new GeneCall { Gene = "CYP2C19", Status = CallStatus.OutsideCall, Candidates = [new DiplotypeCandidate("*2", "*2", 0)] } };
        Assert.Empty(FindingVariants.FromGeneCall(outside, sample, Knowledge));
    }

    [Fact]
    public void A_MAF_row_without_a_position_gives_no_variant_and_a_full_row_keeps_its_read_counts()
    {
        var full = new SomaticVariant("T1", "BRAF", "7", 140753336, 140753336, "A", "T", "Missense_Mutation", null, "p.V600E", "c.1799T>A", null, "ENST00000646891", "GRCh38", 200, 50, 4);
        var noPosition = full with { Start = null, Line = 5 };
        var v = Assert.Single(FindingVariants.FromSomatic([full, noPosition, null]));
        Assert.Equal((0.25m, 50, 200, "p.V600E", "c.1799T>A", "ENST00000646891"), (v.AlleleFraction, v.AltReads, v.Depth, v.Hgvsp, v.Hgvsc, v.Transcript));
        Assert.Equal((VariantOrigin.Somatic, (Zygosity?)null), (v.Origin, v.Zygosity));
    }
}

using Precis.Pharmacogenomics.Calling;
using Precis.Pharmacogenomics.Phenotypes;

namespace Precis.Pharmacogenomics.Tests;

/// <summary>The PharmCAT-style matcher on abstract genotypes: specificity, phase, missing positions, ties, special rules.</summary>
public sealed class AlleleMatcherTests
{
    private static readonly PgxEngine Engine = new(GenotypeBuilder.Knowledge);

    private static GeneResult CallGene(string gene, GenotypeBuilder b) =>
        Engine.CallGenes(b.Build()).Single(r => r.Gene == gene);

    [Fact]
    public void CYP2C19_star2_homozygous_is_called_star2_star2_poor_metabolizer_with_PharmCATs_score()
    {
        var r = CallGene("CYP2C19", new GenotypeBuilder().Reference("CYP2C19").Allele("CYP2C19", "*2", 2));
        Assert.Equal(CallStatus.Called, r.Call.Status);
        Assert.Equal("*2/*2", r.Diplotype);
        Assert.Equal("Poor Metabolizer", r.Phenotype);
        // PharmCAT example2 reports match score 6: three concrete positions per *2 (the IUPAC R position does not count).
        Assert.Equal(6, r.Call.Candidates[0].Score);
        Assert.Empty(r.Call.MissingPositions);
    }

    [Fact]
    public void All_reference_CYP2C19_is_the_reference_allele_star38_and_rs3758581_G_makes_it_star1()
    {
        var reference = CallGene("CYP2C19", new GenotypeBuilder().Reference("CYP2C19"));
        Assert.Equal("*38/*38", reference.Diplotype);
        var star1 = CallGene("CYP2C19", new GenotypeBuilder().Reference("CYP2C19").Allele("CYP2C19", "*1", 2));
        Assert.Equal("*1/*1", star1.Diplotype);
        Assert.Equal("Normal Metabolizer", star1.Phenotype);
        Assert.Equal(70, star1.Call.Candidates[0].Score);
    }

    [Fact]
    public void Unphased_heterozygous_star1_star2_is_intermediate_metabolizer()
    {
        var r = CallGene("CYP2C19", new GenotypeBuilder().Reference("CYP2C19").Allele("CYP2C19", "*1", 2).Allele("CYP2C19", "*2", 1));
        Assert.Equal("*1/*2", r.Diplotype);
        Assert.Equal("Intermediate Metabolizer", r.Phenotype);
        Assert.False(r.Call.Phased);
    }

    [Fact]
    public void Phased_data_in_trans_that_splits_star2s_variants_across_copies_is_not_called()
    {
        // *2 = rs12769205 G + rs4244285 A (+ rs3758581 G): put them on different copies.
        var b = new GenotypeBuilder().Reference("CYP2C19", phased: true).Allele("CYP2C19", "*1", 2)
            .Set("chr10", 94775367, SiteCall.PhasedCall("G", "A"))
            .Set("chr10", 94781859, SiteCall.PhasedCall("G", "A"));
        var trans = CallGene("CYP2C19", b);
        Assert.Equal(CallStatus.NoCall, trans.Call.Status);
        Assert.Equal(PhenotypeResolver.NotCalled, trans.Phenotype);

        b.Set("chr10", 94781859, SiteCall.PhasedCall("A", "G"));
        var cis = CallGene("CYP2C19", b);
        Assert.Equal("*1/*2", cis.Diplotype);
        Assert.True(cis.Call.Phased);
    }

    [Fact]
    public void Different_phase_sets_are_oriented_independently()
    {
        // Same trans layout as above, but the two sites are in different phase sets: their relative phase is unknown.
        var b = new GenotypeBuilder().Reference("CYP2C19", phased: true).Allele("CYP2C19", "*1", 2)
            .Set("chr10", 94775367, SiteCall.PhasedCall("G", "A", 100))
            .Set("chr10", 94781859, SiteCall.PhasedCall("G", "A", 200));
        Assert.Equal("*1/*2", CallGene("CYP2C19", b).Diplotype);
    }

    [Fact]
    public void CYP2C9_star2_and_star3_variants_on_one_phased_copy_are_not_called_but_in_separate_phase_sets_are_star2_star3()
    {
        var b = new GenotypeBuilder().Reference("CYP2C9", phased: true)
            .Set("chr10", 94942290, SiteCall.PhasedCall("C", "T"))
            .Set("chr10", 94981296, SiteCall.PhasedCall("A", "C"));
        Assert.Equal(CallStatus.NoCall, CallGene("CYP2C9", b).Call.Status);

        b.Set("chr10", 94942290, SiteCall.PhasedCall("C", "T", 1)).Set("chr10", 94981296, SiteCall.PhasedCall("A", "C", 2));
        Assert.Equal("*2/*3", CallGene("CYP2C9", b).Diplotype);
    }

    [Fact]
    public void A_missing_position_is_listed_and_never_assumed_reference()
    {
        var b = new GenotypeBuilder().Reference("CYP2C19").Allele("CYP2C19", "*2", 2).Missing("chr10", 94781859);
        var r = CallGene("CYP2C19", b);
        Assert.Contains("rs4244285 (chr10:94781859)", r.Call.MissingPositions);
        Assert.Contains("rs4244285 (chr10:94781859)", r.Call.MissingAmp1Positions);
        Assert.DoesNotContain(r.Call.Evidence, e => e.Contains("94781859", StringComparison.Ordinal));
        Assert.Equal("*2/*2", r.Diplotype); // still explained by the other *2 positions, at a lower score
        Assert.Equal(4, r.Call.Candidates[0].Score);
    }

    [Fact]
    public void Ties_with_different_phenotypes_are_Indeterminate_and_list_every_candidate()
    {
        // Only rs3758581 observed (G/G): *1 and every *N built on it fit equally well.
        var d = GenotypeBuilder.Definition("CYP2C19");
        var b = new GenotypeBuilder().Set(d.Chromosome, 94842866, SiteCall.Unphased("G", "G"));
        var r = CallGene("CYP2C19", b);
        Assert.Equal(CallStatus.Ambiguous, r.Call.Status);
        Assert.True(r.Call.Candidates.Count > 10);
        Assert.Contains(r.Call.Candidates, c => c.Name == "*1/*1");
        Assert.Contains(r.Call.Candidates, c => c.Name == "*2/*2");
        Assert.Equal(PhenotypeResolver.Indeterminate, r.Phenotype);
        Assert.Null(r.LookupKey);
        Assert.Equal(d.Positions.Count - 1, r.Call.MissingPositions.Count);
    }

    [Fact]
    public void Undocumented_variation_is_flagged_and_the_gene_is_not_called()
    {
        var b = new GenotypeBuilder().Reference("CYP2C19").Set("chr10", 94781859, SiteCall.Unphased("G", "T"));
        var r = CallGene("CYP2C19", b);
        Assert.Equal(CallStatus.NoCall, r.Call.Status);
        Assert.Equal(["rs4244285 (chr10:94781859) G>T"], r.Call.UndocumentedVariations);
    }

    [Fact]
    public void No_position_in_the_input_means_not_tested()
    {
        var r = CallGene("TPMT", new GenotypeBuilder().Reference("CYP2C19"));
        Assert.Equal(CallStatus.NotTested, r.Call.Status);
        Assert.Equal(PhenotypeResolver.NotCalled, r.Phenotype);
    }

    [Fact]
    public void DPYD_with_three_unphased_variants_uses_the_two_lowest_function_alleles()
    {
        var b = new GenotypeBuilder().Reference("DPYD")
            .Allele("DPYD", "c.1905+1G>A (*2A)", 0)
            .Allele("DPYD", "c.2846A>T", 1)
            .Allele("DPYD", "c.1129-5923C>G, c.1236G>A (HapB3)", 1);
        var r = CallGene("DPYD", b);
        // *2A has activity 0; c.2846A>T and HapB3 have 0.5: the two lowest are *2A and the first 0.5 allele.
        Assert.Equal(CallStatus.Called, r.Call.Status);
        Assert.StartsWith("c.1905+1G>A (*2A)/", r.Diplotype, StringComparison.Ordinal);
        Assert.Equal("0.5", r.ActivityScore);
        Assert.Equal("Poor Metabolizer", r.Phenotype);
        Assert.Contains(r.Call.Notes, n => n.Contains("lowest-function rule", StringComparison.Ordinal));
    }

    [Fact]
    public void DPYD_single_heterozygous_variant_is_reference_plus_that_allele()
    {
        var r = CallGene("DPYD", new GenotypeBuilder().Reference("DPYD").Allele("DPYD", "c.2846A>T", 0));
        Assert.Equal("Reference/c.2846A>T", r.Diplotype);
        Assert.Equal("1.5", r.ActivityScore);
        Assert.Equal("Intermediate Metabolizer", r.Phenotype);
    }

    [Fact]
    public void SLCO1B1_falls_back_to_rs4149056_when_the_diplotype_cannot_be_called()
    {
        var d = GenotypeBuilder.Definition("SLCO1B1");
        var other = d.Positions.First(p => p.Position != PgxEngine.Rs4149056Position && p.Ref.Length == 1 && p.Ref != "A");
        var b = new GenotypeBuilder().Reference("SLCO1B1")
            .Set(d.Chromosome, PgxEngine.Rs4149056Position, SiteCall.Unphased("T", "C"))
            .Set(d.Chromosome, other.Position, SiteCall.Unphased(other.Ref, "A")); // undocumented → no diplotype
        var r = CallGene("SLCO1B1", b);
        Assert.Equal(CallStatus.NoCall, r.Call.Status);
        Assert.Equal("rs4149056T/rs4149056C", r.Diplotype);
        Assert.Equal("Decreased Function", r.Phenotype);
        Assert.Contains(r.Notes, n => n.Contains("rs4149056 alone", StringComparison.Ordinal));
    }

    [Fact]
    public void G6PD_in_a_male_is_called_hemizygous()
    {
        var b = new GenotypeBuilder().Male().Reference("G6PD").Allele("G6PD", "A- 202A_376G", 2);
        var r = CallGene("G6PD", b);
        Assert.Equal("A- 202A_376G", r.Diplotype);
        Assert.Null(r.Call.Candidates[0].Allele2);
        Assert.Equal("Deficient", r.Phenotype);
    }

    [Fact]
    public void G6PD_heterozygous_female_is_variable()
    {
        var r = CallGene("G6PD", new GenotypeBuilder().Reference("G6PD").Allele("G6PD", "A- 202A_376G", 0));
        Assert.Equal("Variable", r.Phenotype);
    }
}

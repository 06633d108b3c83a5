using Precis.Core;
using Precis.Pharmacogenomics.Input;
using Precis.Pharmacogenomics.Recommendations;

namespace Precis.Pharmacogenomics.Tests;

/// <summary>Recommendation lookup for medications, and outside calls.</summary>
public sealed class RecommendationTests
{
    private static readonly PgxEngine Engine = new(GenotypeBuilder.Knowledge);

    private static IReadOnlyList<OutsideCall> Outside(string text) =>
        OutsideCallReader.Read(new StringReader(text), "calls.tsv", GenotypeBuilder.Knowledge);

    [Fact]
    public void Clopidogrel_for_a_CYP2C19_poor_metabolizer_gives_CPIC_and_DPWG_alternatives()
    {
        var genes = Engine.CallGenes(new GenotypeBuilder().Reference("CYP2C19").Allele("CYP2C19", "*2", 2).Build());
        var r = Engine.Recommend(genes, ["clopidogrel"]).Single();
        Assert.Equal(DrugOutcome.Recommendation, r.Outcome);
        Assert.Equal("32968", r.RxNorm);
        var cpic = r.Matches.Where(m => m.Recommendation.Source == "CPIC").ToList();
        Assert.Equal(["CVI ACS PCI", "CVI non-ACS non-PCI", "NVI"], cpic.Select(m => m.Recommendation.Population!).Order(StringComparer.Ordinal).ToArray());
        var acs = cpic.Single(m => m.Recommendation.Population == "CVI ACS PCI").Recommendation;
        Assert.Equal("Strong", acs.Strength);
        Assert.Equal("use-alternative", acs.Action);
        Assert.Equal(["prasugrel", "ticagrelor"], acs.Alternatives);
        Assert.StartsWith("Avoid clopidogrel if possible.", acs.SourceText, StringComparison.Ordinal);
        Assert.Contains(r.Matches, m => m.Recommendation.Source == "DPWG" && m.Source.Licence == "CC-BY-SA-4.0");
    }

    [Fact]
    public void Simvastatin_for_SLCO1B1_decreased_function_recommends_a_lower_dose_or_another_statin()
    {
        var genes = Engine.CallGenes(new GenotypeBuilder().Reference("SLCO1B1").Allele("SLCO1B1", "*5", 0).Build());
        var slco = genes.Single(g => g.Gene == "SLCO1B1");
        Assert.Equal("*1/*5", slco.Diplotype);
        Assert.Equal("Decreased Function", slco.Phenotype);
        var r = Engine.Recommend(genes, ["RxNorm:36567"]).Single();
        Assert.Equal("simvastatin", r.Drug);
        var cpic = r.Matches.Single(m => m.Recommendation.Source == "CPIC").Recommendation;
        Assert.Equal("Strong", cpic.Strength);
        Assert.Contains("20mg", cpic.SourceText.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void A_drug_without_a_guideline_is_reported_as_no_guideline()
    {
        var r = Engine.Recommend([], ["metformin"]).Single();
        Assert.Equal(DrugOutcome.NoGuideline, r.Outcome);
        Assert.Contains("no CPIC or DPWG guideline", r.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Clopidogrel_without_a_CYP2C19_call_is_insufficient_data_not_a_recommendation()
    {
        var genes = Engine.CallGenes(new GenotypeBuilder().Reference("TPMT").Build());
        var r = Engine.Recommend(genes, ["clopidogrel"]).Single();
        Assert.Equal(DrugOutcome.InsufficientData, r.Outcome);
        Assert.Empty(r.Matches);
        Assert.Contains("CYP2C19", r.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Outside_calls_give_CYP2D6_activity_score_and_HLA_B_allele_status()
    {
        var genes = Engine.CallGenes(new GenotypeBuilder().Build(), Outside("CYP2D6\t*1/*3\nHLA-B\t*15:02/*57:01\n"));
        var cyp2d6 = genes.Single(g => g.Gene == "CYP2D6");
        Assert.Equal("*1/*3", cyp2d6.Diplotype);
        Assert.Equal("1.0", cyp2d6.ActivityScore);
        Assert.Equal("Intermediate Metabolizer", cyp2d6.Phenotype);
        Assert.Equal("outside call", cyp2d6.Origin);
        var abacavir = Engine.Recommend(genes, ["abacavir"]).Single();
        var rec = abacavir.Matches.Single(m => m.Recommendation.Source == "CPIC").Recommendation;
        Assert.Equal("*57:01 positive", rec.Lookup["HLA-B"]);
        Assert.NotEqual("use-as-directed", rec.Action);
    }

    [Fact]
    public void An_outside_call_with_an_unknown_allele_is_an_error_naming_the_line()
    {
        var ex = Assert.Throws<InputException>(() => Outside("# comment\nCYP2D6\t*1/*999\n"));
        Assert.Equal(2, ex.Error.Line);
        Assert.Contains("'*999'", ex.Error.Reason, StringComparison.Ordinal);
        Assert.StartsWith("calls.tsv:2:2: diplotype:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_gene_or_a_gene_given_twice_in_outside_calls_is_an_error()
    {
        Assert.Contains("'FOO1'", Assert.Throws<InputException>(() => Outside("FOO1\t*1/*1\n")).Error.Reason, StringComparison.Ordinal);
        var twice = Assert.Throws<InputException>(() => Outside("CYP2D6\t*1/*1\nCYP2D6\t*1/*4\n"));
        Assert.Equal(2, twice.Error.Line);
        Assert.Contains("first on line 1", twice.Error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_outside_call_that_disagrees_with_the_genotypes_is_reported_as_a_conflict()
    {
        var sample = new GenotypeBuilder().Reference("CYP2C19").Allele("CYP2C19", "*2", 2).Build();
        var genes = Engine.CallGenes(sample, Outside("CYP2C19\t*1/*1\n"));
        var r = genes.Single(g => g.Gene == "CYP2C19");
        Assert.Equal("*1/*1", r.Diplotype);
        Assert.Contains(r.Notes, n => n.StartsWith("CONFLICT: the genotypes give *2/*2", StringComparison.Ordinal));
    }
}

/// <summary>GeT-RM consensus CYP2D6 outside calls (PharmCAT tutorial) give CPIC phenotypes and activity scores.</summary>
public sealed class GetRmOutsideCallTests
{
    private static readonly PgxEngine Engine = new(GenotypeBuilder.Knowledge);

    [SkippableTheory]
    [InlineData("NA18526", "*1/*36x2+*10", "1.25", "Normal Metabolizer")]
    [InlineData("NA18565", "*10/*36x2", "0.25", "Intermediate Metabolizer")]
    [InlineData("NA18861", "*5/*29", "0.5", "Intermediate Metabolizer")]
    public void GeT_RM_CYP2D6_outside_calls_give_CPIC_activity_scores(string sample, string diplotype, string score, string phenotype)
    {
        var path = Precis.Testing.TestPaths.Shared($"pgx/getrm_tutorial/outside_calls_from_get-rm.{sample}.txt");
        var calls = OutsideCallReader.Read(path, Engine.Knowledge);
        var r = Engine.CallGenes(new GenotypeBuilder().Build(), calls).Single(g => g.Gene == "CYP2D6");
        Assert.Equal(diplotype, r.Diplotype);
        Assert.Equal(score, r.ActivityScore);
        Assert.Equal(phenotype, r.Phenotype);
    }
}

using System.Text.Json;
using Precis.Core;
using Precis.Knowledge;
using Precis.Pharmacogenomics.Input;
using Precis.Pharmacogenomics.Output;
using Precis.Testing;

namespace Precis.Pharmacogenomics.Tests;

/// <summary>Phenoconversion: inhibitors among current medications convert CYP2D6 and CYP2C19 phenotypes for lookups.</summary>
public sealed class PhenoconversionTests
{
    private static readonly PgxEngine Engine = new(GenotypeBuilder.Knowledge);

    private static IReadOnlyList<Phenotypes.GeneResult> Cyp2d6(string diplotype, params string[] medications) =>
        Engine.Phenoconvert(Engine.CallGenes(new GenotypeBuilder().Build(),
            OutsideCallReader.Read(new StringReader($"CYP2D6\t{diplotype}\n"), "calls.tsv", GenotypeBuilder.Knowledge)), medications);

    [Fact]
    public void A_CYP2D6_normal_metabolizer_on_paroxetine_is_a_poor_metabolizer_for_codeine_and_tramadol_with_the_rule_cited()
    {
        var genes = Cyp2d6("*1/*1", "paroxetine", "codeine", "tramadol");
        var g = genes.Single(x => x.Gene == "CYP2D6");
        Assert.Equal("Normal Metabolizer", g.PredictedPhenotype);
        Assert.Equal("2.0", g.PredictedActivityScore);
        Assert.Equal("Poor Metabolizer", g.Phenotype);
        Assert.Equal("0.0", g.ActivityScore);
        Assert.Equal("0.0", g.LookupKey);
        var c = g.Conversion!;
        Assert.Equal(("paroxetine", "strong", "CYP2D6-inhibitor-strong"), (c.Drug, c.Strength, c.RuleId));
        Assert.Contains(c.Citations, x => x.Id == "pmid:34231197");
        Assert.Contains(c.Citations, x => x.Id == "fda-ddi-table");

        var drugs = Engine.Recommend(genes, ["codeine", "tramadol"]);
        foreach (var d in drugs)
        {
            var cpic = d.Matches.Single(m => m.Recommendation.Source == "CPIC").Recommendation;
            Assert.Equal("0.0", cpic.Lookup["CYP2D6"]);
            Assert.NotEqual("use-as-directed", cpic.Action);
        }

        // The guideline says "consider a non-tramadol opioid": tramadol must never be offered as the alternative.
        Assert.All(drugs.Single(d => d.Drug == "codeine").Matches, m => Assert.DoesNotContain("tramadol", m.Recommendation.Alternatives));

        var part = PgxPlanMapper.Map(genes, drugs, KnowledgeCatalog.Embedded());
        var codeine = part.Recommendations.First(r => r.Subject.Name == "codeine" && r.Evidence.Scheme == EvidenceScheme.Cpic);
        var chain = codeine.Rationale.Select(s => s.Statement).ToList();
        var predicted = chain.FindIndex(s => s.StartsWith("CYP2D6 Normal Metabolizer (activity score 2.0) predicted from the genotype", StringComparison.Ordinal));
        var inhibitor = chain.FindIndex(s => s == "current medication paroxetine: paroxetine, a strong CYP2D6 inhibitor");
        var rule = chain.FindIndex(s => s.StartsWith("phenoconversion rule CYP2D6-inhibitor-strong (precis-pgx-phenoconversion 2026.11.0; ", StringComparison.Ordinal));
        var functional = chain.FindIndex(s => s.StartsWith("CYP2D6 functional phenotype Poor Metabolizer, activity score 0.0, converted from Normal Metabolizer", StringComparison.Ordinal));
        var guideline = chain.FindIndex(s => s.Contains("when CYP2D6 = 0.0", StringComparison.Ordinal));
        Assert.True(predicted >= 0 && predicted < inhibitor && inhibitor < rule && rule < functional && functional < guideline, string.Join("\n", chain));
        var finding = part.Findings.Single(f => f.Id == "pgx:CYP2D6:phenotype");
        Assert.Equal("CYP2D6 Poor Metabolizer (activity score 0.0) on paroxetine; genotype-predicted Normal Metabolizer", finding.Summary);
        Assert.Contains(finding.Quality, q => q.Code == "phenoconversion");
    }

    [Fact]
    public void The_inhibitor_s_own_recommendation_uses_the_genotype_phenotype()
    {
        var genes = Cyp2d6("*1/*1", "paroxetine");
        var paroxetine = Engine.Recommend(genes, ["paroxetine"]).Single();
        var cpic = paroxetine.Matches.Single(m => m.Recommendation.Source == "CPIC");
        Assert.Equal("2.0", cpic.Recommendation.Lookup["CYP2D6"]);
        Assert.Null(cpic.Genes.Single().Conversion);
        Assert.Contains(cpic.Genes.Single().Notes, n => n.StartsWith("paroxetine is itself the strong CYP2D6 inhibitor", StringComparison.Ordinal));
    }

    [Fact]
    public void A_moderate_CYP2D6_inhibitor_halves_the_activity_score()
    {
        var nm = Cyp2d6("*1/*1", "duloxetine").Single(x => x.Gene == "CYP2D6");
        Assert.Equal(("Intermediate Metabolizer", "1.0"), (nm.Phenotype, nm.ActivityScore));
        Assert.Equal("CYP2D6-inhibitor-moderate", nm.Conversion!.RuleId);

        // 1.25 × 0.5 = 0.625: kept exactly, looked up at 0.5 (same class; guidelines are keyed on the 0.25 grid).
        var im = Cyp2d6("*1/*10", "RxNorm:72625").Single(x => x.Gene == "CYP2D6");
        Assert.Equal("1.25", im.PredictedActivityScore);
        Assert.Equal(("0.625", "0.5"), (im.Conversion!.FunctionalActivityScore, im.Conversion.LookupActivityScore));
        Assert.Equal(("Intermediate Metabolizer", "0.5", "0.5"), (im.Phenotype, im.ActivityScore, im.LookupKey));

        // 0.25 × 0.5 = 0.125 stays an intermediate metabolizer (above 0), never rounded into a poor metabolizer.
        var low = Cyp2d6("*10/*36x2", "duloxetine").Single(x => x.Gene == "CYP2D6");
        Assert.Equal(("0.125", "Intermediate Metabolizer", "0.25"), (low.Conversion!.FunctionalActivityScore, low.Phenotype, low.LookupKey));
    }

    [Fact]
    public void An_unknown_drug_or_a_weak_inhibitor_changes_nothing()
    {
        var before = Cyp2d6("*1/*1").Single(x => x.Gene == "CYP2D6");
        var unknown = Cyp2d6("*1/*1", "metformin", "not-a-drug").Single(x => x.Gene == "CYP2D6");
        Assert.Equal((before.Phenotype, before.ActivityScore, before.LookupKey), (unknown.Phenotype, unknown.ActivityScore, unknown.LookupKey));
        Assert.Equal(before.Notes, unknown.Notes);
        Assert.Null(unknown.Conversion);

        var weak = Cyp2d6("*1/*1", "Sertraline 50 MG Oral Tablet").Single(x => x.Gene == "CYP2D6");
        Assert.Null(weak.Conversion);
        Assert.Equal(("Normal Metabolizer", "2.0"), (weak.Phenotype, weak.ActivityScore));
        Assert.Contains(weak.Notes, n => n.StartsWith("sertraline is a weak CYP2D6 inhibitor", StringComparison.Ordinal));
    }

    [Fact]
    public void A_CYP2C19_normal_metabolizer_on_omeprazole_is_intermediate_and_on_fluvoxamine_poor()
    {
        var genes = Engine.CallGenes(new GenotypeBuilder().Reference("CYP2C19").Build());
        Assert.Equal("Normal Metabolizer", genes.Single(g => g.Gene == "CYP2C19").Phenotype);

        var omeprazole = Engine.Phenoconvert(genes, ["Omeprazole 20 MG Delayed Release Oral Capsule"]);
        var o = omeprazole.Single(g => g.Gene == "CYP2C19");
        Assert.Equal(("Intermediate Metabolizer", "CYP2C19-inhibitor-moderate"), (o.Phenotype, o.Conversion!.RuleId));
        var clopidogrel = Engine.Recommend(omeprazole, ["clopidogrel"]).Single();
        Assert.All(clopidogrel.Matches.Where(m => m.Recommendation.Source == "CPIC"),
            m => Assert.Equal("Intermediate Metabolizer", m.Recommendation.Lookup["CYP2C19"]));

        var rapid = Engine.CallGenes(new GenotypeBuilder().Reference("CYP2C19").Allele("CYP2C19", "*17", 0).Build());
        Assert.Equal("Rapid Metabolizer", rapid.Single(g => g.Gene == "CYP2C19").Phenotype);
        var f = Engine.Phenoconvert(rapid, ["fluvoxamine", "omeprazole"]).Single(g => g.Gene == "CYP2C19");
        Assert.Equal(("Poor Metabolizer", "fluvoxamine", "Rapid Metabolizer"), (f.Phenotype, f.Conversion!.Drug, f.Conversion.PredictedPhenotype));
        Assert.Equal(["omeprazole (moderate)"], f.Conversion.OtherModulators);
        Assert.Equal("Poor Metabolizer", f.LookupKey);
    }

    [Fact]
    public void A_CYP2C19_inducer_and_a_CYP2C9_inhibitor_are_reported_but_do_not_convert()
    {
        var genes = Engine.CallGenes(new GenotypeBuilder().Reference("CYP2C19").Reference("CYP2C9").Build());
        var converted = Engine.Phenoconvert(genes, ["rifampicin", "amiodarone"]);
        var c19 = converted.Single(g => g.Gene == "CYP2C19");
        Assert.Null(c19.Conversion);
        Assert.Equal("Normal Metabolizer", c19.Phenotype);
        Assert.Contains(c19.Notes, n => n.StartsWith("rifampin is a strong CYP2C19 inducer", StringComparison.Ordinal));
        var c9 = converted.Single(g => g.Gene == "CYP2C9");
        Assert.Null(c9.Conversion);
        Assert.Contains(c9.Notes, n => n.StartsWith("amiodarone is a moderate CYP2C9 inhibitor", StringComparison.Ordinal));
    }

    [Fact]
    public void A_strong_inhibitor_does_not_invent_a_phenotype_for_an_uncalled_gene()
    {
        var genes = Engine.Phenoconvert(Engine.CallGenes(new GenotypeBuilder().Build()), ["paroxetine"]);
        var g = genes.Single(x => x.Gene == "CYP2D6");
        Assert.Null(g.Conversion);
        Assert.False(g.IsActionable);
        Assert.Contains(g.Notes, n => n.Contains("has no genotype-predicted phenotype to convert", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void Every_modulator_RxNorm_code_and_name_agrees_with_the_CPIC_drug_table()
    {
        var seed = File.ReadAllLines(TestPaths.Shared("pgx/cpic/V2__initial_data.sql"));
        var start = Array.FindIndex(seed, l => l.StartsWith("COPY drug ", StringComparison.Ordinal));
        var cpic = seed.Skip(start + 1).TakeWhile(l => l != "\\.").Select(l => l.Split('\t'))
            .GroupBy(c => c[1], StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First()[3], StringComparer.Ordinal);
        var kb = GenotypeBuilder.Knowledge.Phenoconversion!;
        Assert.Equal(32, kb.Modulators.Count);
        var withCode = 0;
        foreach (var m in kb.Modulators)
        {
            if (cpic.TryGetValue(m.Drug, out var code) && code != "\\N")
            {
                Assert.Equal(code, m.RxNorm);
                withCode++;
            }
            else
            {
                Assert.Null(m.RxNorm);
            }
        }

        Assert.Equal(17, withCode);
        // Every rule and modulator cites the header; every gene with a rule is a gene of the CPIC base.
        Assert.All(kb.Rules, r => Assert.NotNull(GenotypeBuilder.Knowledge.Gene(r.Gene)?.Phenotypes));
        Assert.All(kb.Modulators, m => Assert.Contains("fda-ddi-table", m.Citations));
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "src/Precis.Knowledge/Data/precis-pgx-phenoconversion.kb.json")));
        Assert.Equal("CC0-1.0", doc.RootElement.GetProperty("licence").GetString());
    }
}

using Precis.Knowledge;
using Precis.Pharmacogenomics.Knowledge;
using Precis.Testing;

namespace Precis.Pharmacogenomics.Tests;

/// <summary>The embedded precis-pgx knowledge bases: loadable, cited, and identical to a fresh import of the sources.</summary>
public sealed class KnowledgeBaseTests
{
    private static readonly string DataDir = Path.Combine(TestPaths.RepoRoot, "src", "Precis.Knowledge", "Data");

    internal static PgxKnowledgeBuilder.Output FreshImport() =>
        PgxKnowledgeBuilder.Build(PgxSourcePaths.FromStagedData(TestPaths.Shared("pgx")), KbVersion, KbDate);

    internal const string KbVersion = "2026.11.0";
    internal const string KbDate = "2026-11-22";

    [SkippableFact]
    public void Embedded_knowledge_files_equal_a_fresh_import_of_the_PharmCAT_and_CPIC_sources()
    {
        var fresh = FreshImport();
        var cpicPath = Path.Combine(DataDir, "precis-pgx-cpic.kb.json");
        var dpwgPath = Path.Combine(DataDir, "precis-pgx-dpwg.kb.json");
        if (Environment.GetEnvironmentVariable("PRECIS_REGENERATE_PGX_KB") == "1")
        {
            File.WriteAllText(cpicPath, fresh.Cpic);
            File.WriteAllText(dpwgPath, fresh.Dpwg);
        }

        // Byte equality: every embedded entry (definition, function, rule, recommendation, drug) is what the sources say.
        Assert.Equal(fresh.Cpic, File.ReadAllText(cpicPath));
        Assert.Equal(fresh.Dpwg, File.ReadAllText(dpwgPath));
    }

    [Fact]
    public void Embedded_pgx_bases_load_with_a_citation_on_every_entry_and_the_right_licences()
    {
        var catalog = KnowledgeCatalog.Embedded();
        var cpic = catalog.Find("precis-pgx-cpic");
        var dpwg = catalog.Find("precis-pgx-dpwg");
        Assert.NotNull(cpic);
        Assert.NotNull(dpwg);
        Assert.Equal("CC0-1.0", cpic.Source.Licence);
        Assert.Equal("CC-BY-SA-4.0", dpwg.Source.Licence);
        Assert.Contains("CC BY-SA 4.0", dpwg.Source.Attribution, StringComparison.Ordinal);
        foreach (var kb in new[] { cpic, dpwg })
        {
            foreach (var kind in kb.Source.EntryCounts.Keys)
            {
                foreach (var e in kb.EntriesOf(kind))
                    Assert.NotEmpty(kb.CitationsOf(e));
            }
        }
    }

    [Fact]
    public void Every_gene_carries_at_least_its_AMP_tier_1_alleles()
    {
        var kb = PgxKnowledge.FromCatalog(KnowledgeCatalog.Embedded());
        var withAmp = kb.Genes.Where(g => g.Definition is { Amp1Alleles.Count: > 0 }).ToList();
        Assert.True(withAmp.Count >= 9, $"only {withAmp.Count} genes list AMP tier-1 alleles");
        foreach (var g in withAmp)
        {
            // Structural alleles (CYP2D6 *5, a gene deletion) have no VCF definition but must have a function for outside calls.
            var names = g.Definition!.Alleles.Select(a => a.Name).Concat(g.Phenotypes?.Functions.Select(f => f.Allele) ?? []).ToHashSet(StringComparer.Ordinal);
            var absent = g.Definition.Amp1Alleles.Where(a => !names.Contains(a)).ToList();
            Assert.True(absent.Count == 0, $"{g.Gene}: AMP tier-1 allele(s) {string.Join(", ", absent)} missing");
        }
    }

    [Fact]
    public void CYP2C19_star2_is_defined_by_its_three_core_variants_and_has_no_function()
    {
        var kb = PgxKnowledge.FromCatalog(KnowledgeCatalog.Embedded());
        var g = kb.Gene("CYP2C19")!;
        var star2 = g.Definition!.Alleles.Single(a => a.Name == "*2");
        Assert.Equal("A", star2.Alleles[94781859]);
        Assert.Equal("G", star2.Alleles[94775367]);
        Assert.Equal("G", star2.Alleles[94842866]);
        Assert.Equal("R", star2.Alleles[94775507]);
        Assert.Equal("No function", g.Phenotypes!.Functions.Single(f => f.Allele == "*2").Function);
        Assert.Equal("Poor Metabolizer", g.Phenotypes.Rules.Single(r => r.Keys.SequenceEqual(["No function", "No function"])).Phenotype);
    }

    [Fact]
    public void Every_CPIC_guideline_drug_has_recommendations_and_clopidogrel_has_its_RxNorm_ingredient()
    {
        var kb = PgxKnowledge.FromCatalog(KnowledgeCatalog.Embedded());
        Assert.Equal("32968", kb.Drug("clopidogrel")!.RxNorm);
        Assert.Equal("simvastatin", kb.Drug("RxNorm:36567")!.Name);
        var cpicGuidelines = kb.Recommendations.Where(r => r.Rec.Source == "CPIC").Select(r => r.Rec.GuidelineId).Distinct().Count();
        Assert.True(cpicGuidelines >= 50, $"only {cpicGuidelines} CPIC guidelines");
        Assert.All(kb.Recommendations, r => Assert.False(string.IsNullOrWhiteSpace(r.Rec.Summary)));
    }
}

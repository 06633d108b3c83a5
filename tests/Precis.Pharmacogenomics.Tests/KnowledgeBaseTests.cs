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
    /// <summary>
    /// Coverage of CPIC level A pairs without transcribing levels: every level-A gene–drug pair has a CPIC guideline,
    /// so every CPIC guideline in the sources must be in the embedded base. Two sources are checked: PharmCAT's 56
    /// CPIC guideline files, and the CPIC database seed's own guideline table (its PharmGKB annotation ids). The only
    /// guidelines without embedded recommendations are the ones whose source recommendations carry no lookup key
    /// (warfarin: dosed with the IWPC equations instead; peginterferon/IFNL3) — and the test checks that about them.
    /// </summary>
    [SkippableFact]
    public void Every_CPIC_guideline_in_the_sources_is_in_the_embedded_base()
    {
        var dir = Path.Combine(TestPaths.Shared("pgx"), "pharmcat", "guidelines_v2.12.0");
        var kb = PgxKnowledge.FromCatalog(KnowledgeCatalog.Embedded());
        var embedded = kb.Recommendations.Where(r => r.Rec.Source == "CPIC").Select(r => r.Rec.GuidelineId).ToHashSet(StringComparer.Ordinal);
        var files = Directory.GetFiles(dir, "CPIC_*.json");
        Assert.Equal(56, files.Length);
        var sourceIds = new HashSet<string>(StringComparer.Ordinal);
        var notTranscribed = new List<string>();
        foreach (var f in files)
        {
            using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(f));
            var id = doc.RootElement.GetProperty("guideline").GetProperty("id").GetString()!;
            sourceIds.Add(id);
            if (embedded.Contains(id))
                continue;
            // Not embedded: allowed only when no recommendation of the guideline has a lookup key.
            var keyed = doc.RootElement.GetProperty("recommendations").EnumerateArray()
                .Count(r => r.TryGetProperty("lookupKey", out var k) && k.ValueKind == System.Text.Json.JsonValueKind.Object);
            Assert.True(keyed == 0, $"{Path.GetFileName(f)} ({id}) has {keyed} keyed recommendations but none is embedded");
            notTranscribed.Add(Path.GetFileName(f));
        }

        Assert.Equal(["CPIC_peginterferon_alfa_2a_peginterferon_alfa_2b_ribavirin_and_IFNL3.json", "CPIC_warfarin_and_CYP2C9_CYP4F2_VKORC1.json"],
            notTranscribed.Order(StringComparer.Ordinal));

        // The CPIC database's own guideline table lists each guideline's PharmGKB annotation ids.
        var seed = File.ReadAllLines(Path.Combine(TestPaths.Shared("pgx"), "cpic", "V2__initial_data.sql"));
        var start = Array.FindIndex(seed, l => l.StartsWith("COPY guideline ", StringComparison.Ordinal));
        var rows = seed.Skip(start + 1).TakeWhile(l => l != "\\.").ToList();
        Assert.True(rows.Count >= 20, $"only {rows.Count} guideline rows in the CPIC seed");
        var byGenes = new List<string>();
        foreach (var row in rows)
        {
            var cols = row.Split('\t');
            var ids = cols[^1].Trim('{', '}').Split(',');
            if (ids.Any(sourceIds.Contains))
                continue;
            // The annotation was re-issued under a new id (RYR1/CACNA1S, 2023 update): match by the genes in the name.
            var genes = cols[2].Split([',', ' '], StringSplitOptions.RemoveEmptyEntries).Where(t => kb.Gene(t) is not null).ToList();
            Assert.True(genes.Count > 0 && kb.Recommendations.Any(r => r.Rec.Source == "CPIC" && genes.All(g => r.Rec.GuidelineName.Contains(g, StringComparison.Ordinal))),
                $"CPIC seed guideline '{cols[2]}' ({string.Join(",", ids)}) is not in the embedded base");
            byGenes.Add(cols[2]);
        }

        Assert.Equal(["RYR1, CACNA1S and Volatile anesthetic agents and Succinylcholine"], byGenes);
    }
}

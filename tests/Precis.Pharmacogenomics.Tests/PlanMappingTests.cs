using Precis.Core;
using Precis.Knowledge;
using Precis.Pharmacogenomics.Input;
using Precis.Pharmacogenomics.Output;
using Precis.Testing;

namespace Precis.Pharmacogenomics.Tests;

/// <summary>The demo patient's pharmacogenomics as plan findings and recommendations, and the report writers.</summary>
public sealed class PlanMappingTests
{
    private static readonly KnowledgeCatalog Catalog = KnowledgeCatalog.Embedded();
    private static readonly PgxEngine Engine = new(GenotypeBuilder.Knowledge);

    private static (PgxPlanPart Part, PgxSampleReport Report) Demo()
    {
        var sample = VcfGenotypeReader.Read(Path.Combine(TestPaths.RepoRoot, "samples", "demo", "demo.germline.vcf"), Engine.Knowledge).Single();
        var genes = Engine.CallGenes(sample);
        var drugs = Engine.Recommend(genes, ["clopidogrel", "simvastatin", "metformin"]);
        return (PgxPlanMapper.Map(genes, drugs, Catalog), new PgxSampleReport(sample.SampleId, genes, drugs));
    }

    [Fact]
    public void Demo_clopidogrel_recommendation_says_use_an_alternative_with_a_full_rationale_chain_and_sources()
    {
        var part = Demo().Part;
        var rec = part.Recommendations.Single(r => r.Subject.Name == "clopidogrel" && r.Evidence.Scheme == EvidenceScheme.Cpic && r.Population == "CVI ACS PCI");
        Assert.Equal(RecommendationAction.UseAlternative, rec.Action);
        Assert.Equal(RecommendationStrength.Strong, rec.Strength);
        Assert.Equal("RxNorm:32968", rec.Subject.Code);
        Assert.Equal("precis-pgx-cpic", rec.Source.KnowledgeBaseId);
        Assert.Contains("https://www.pharmgkb.org/guidelineAnnotation/", rec.Source.Guideline, StringComparison.Ordinal);
        Assert.Equal(["prasugrel", "ticagrelor"], rec.Alternatives);
        Assert.Contains(rec.Citations, c => c.Id == "pmid:23698643");
        var kinds = rec.Rationale.Select(s => s.Kind).Distinct().ToList();
        Assert.Equal([RationaleStepKind.InputData, RationaleStepKind.Call, RationaleStepKind.Phenotype, RationaleStepKind.Rule, RationaleStepKind.Action], kinds);
        Assert.Contains(rec.Rationale, s => s.Statement.StartsWith("rs4244285 (chr10:94781859) A/A", StringComparison.Ordinal));
        Assert.Contains(rec.Rationale, s => s.Statement == "CYP2C19 Poor Metabolizer");
        Assert.EndsWith("Talk to your doctor before changing any medicine.", rec.PatientText, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_simvastatin_has_a_CPIC_recommendation_and_metformin_is_explicitly_without_guideline()
    {
        var part = Demo().Part;
        var simva = part.Recommendations.Single(r => r.Subject.Name == "simvastatin" && r.Evidence.Scheme == EvidenceScheme.Cpic);
        Assert.Contains("SLCO1B1 Decreased Function", simva.Rationale.Single(s => s.Kind == RationaleStepKind.Phenotype).Statement, StringComparison.Ordinal);
        var metformin = part.NotAssessed.Single(n => n.Subject == "metformin");
        Assert.Contains("no CPIC or DPWG guideline", metformin.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Genes_with_untested_positions_carry_a_missing_positions_quality_flag()
    {
        var part = Demo().Part;
        var dpyd = part.Findings.Single(f => f.Id == "pgx:DPYD:diplotype");
        var flag = dpyd.Quality.Single(q => q.Code == "missing-positions");
        Assert.Contains("not assumed reference", flag.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(part.Findings.Single(f => f.Id == "pgx:CYP2C19:diplotype").Quality, q => q.Code == "missing-positions");
    }

    [Fact]
    public void Calls_TSV_has_PharmCATs_columns_and_one_row_per_gene()
    {
        var report = Demo().Report;
        var w = new StringWriter();
        PgxReportWriter.WriteTsv(w, [report], "Precis test");
        var lines = w.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join('\t', PgxReportWriter.TsvColumns), lines[1]);
        var cyp2c19 = lines.Single(l => l.StartsWith("CYP2C19\t", StringComparison.Ordinal)).Split('\t');
        Assert.Equal(["CYP2C19", "*2/*2", "Poor Metabolizer", "", "*2", "No function", "", "*2", "No function", "", "no", "6", "no", "*2/*2", "Poor Metabolizer", ""], cyp2c19);
        Assert.Equal(report.Genes.Count + 2, lines.Length);
    }

    [Fact]
    public void Cohort_matrix_has_one_row_per_sample_and_three_columns_per_gene()
    {
        var report = Demo().Report;
        var w = new StringWriter();
        PgxReportWriter.WriteMatrix(w, [report, report with { SampleId = "DEMO-002" }]);
        var lines = w.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        var header = lines[0].Split('\t');
        Assert.Equal(1 + (3 * report.Genes.Count), header.Length);
        var col = Array.IndexOf(header, "CYP2C9 activity score");
        Assert.Equal("1.0", lines[2].Split('\t')[col]);
        Assert.Equal("*2/*2", lines[1].Split('\t')[Array.IndexOf(header, "CYP2C19 diplotype")]);
        Assert.StartsWith("DEMO-002\t", lines[2], StringComparison.Ordinal);
    }
}

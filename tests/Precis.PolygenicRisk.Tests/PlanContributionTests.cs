using System.Globalization;
using Precis.Core;
using Precis.Knowledge;
using Precis.Plans;
using Precis.PolygenicRisk.Knowledge;
using Precis.PolygenicRisk.ScoringFiles;
using Precis.Testing;

namespace Precis.PolygenicRisk.Tests;

/// <summary>The shipped PGS knowledge base and the demo patient's polygenic-risk section.</summary>
public sealed class PlanContributionTests
{
    [SkippableFact]
    public void Shipped_PGS000001_equals_the_official_harmonised_GRCh38_file_row_by_row()
    {
        var kb = KnowledgeCatalog.Embedded().Find(PgsKnowledgeBase.Id);
        Assert.NotNull(kb);
        Assert.Equal("LicenseRef-EBI-Terms-of-Use", kb.Source.Licence);
        var shipped = Assert.Single(PgsKnowledgeBase.Scores(kb)).Definition;
        var official = Assert.Single(ScoringFileReader.Read(TestPaths.Shared("genomics/pygscatalog/pgscatalog.core/tests/data/PGS000001_hmPOS_GRCh38.txt")));
        Assert.Equal(official.Variants.Count, shipped.Variants.Count);
        Assert.Equal(
            official.Variants.Select(v => (v.Chromosome, v.Position, v.EffectAllele, v.OtherAllele, v.Weight, v.RsId)),
            shipped.Variants.Select(v => (v.Chromosome, v.Position, v.EffectAllele, v.OtherAllele, v.Weight, v.RsId)));
        Assert.Equal((official.Metadata.TraitReported, official.Metadata.GenomeBuild, official.Metadata.Citation),
            (shipped.Metadata.TraitReported, shipped.Metadata.GenomeBuild, shipped.Metadata.Citation));
    }

    [Fact]
    public void Demo_patient_gets_a_raw_PGS000001_score_with_its_match_report_and_no_percentile()
    {
        var vcf = Path.Combine(TestPaths.RepoRoot, "samples", "demo", "demo.germline.vcf");
        var plan = Contribute([new PlanInput("germline-vcf", vcf)]);
        var section = Assert.Single(plan.Sections, s => s.Id == "polygenic-risk");
        Assert.Equal(SectionStatus.Available, section.Status);
        var finding = Assert.Single(plan.Findings, f => f.Id == "prs:PGS000001");

        // Independent check: the demo VCF writes REF = other allele, ALT = effect allele at each PGS000001 site.
        var kb = KnowledgeCatalog.Embedded().Find(PgsKnowledgeBase.Id)!;
        var variants = Assert.Single(PgsKnowledgeBase.Scores(kb)).Definition.Variants;
        var records = File.ReadLines(vcf).Where(l => !l.StartsWith('#')).Select(l => l.Split('\t'))
            .ToDictionary(f => (f[0].Replace("chr", "", StringComparison.Ordinal), long.Parse(f[1], CultureInfo.InvariantCulture)), f => f);
        double sum = 0;
        int matched = 0, ambiguous = 0;
        foreach (var v in variants)
        {
            if (!records.TryGetValue((v.Chromosome!, v.Position!.Value), out var f))
                continue;
            var isAmbiguous = (f[3], f[4]) is ("A", "T") or ("T", "A") or ("C", "G") or ("G", "C");
            if (isAmbiguous)
            {
                ambiguous++;
                continue;
            }

            Assert.True(f[4] == v.EffectAllele || f[3] == v.EffectAllele, $"{v.RsId}: alleles {f[3]}/{f[4]}");
            var gt = f[9].Split(':')[0];
            var altCount = gt.Count(c => c == '1');
            sum += v.Weight * (f[4] == v.EffectAllele ? altCount : 2 - altCount);
            matched++;
        }

        Assert.Equal(matched.ToString(CultureInfo.InvariantCulture), finding.Details["matched"]);
        Assert.Equal(ambiguous.ToString(CultureInfo.InvariantCulture), finding.Details["excludedAmbiguous"]);
        Assert.Equal("77", finding.Details["variants"]);
        Assert.Equal(sum, double.Parse(finding.Details["sum"], CultureInfo.InvariantCulture), 12);
        Assert.Equal("not assessed: no reference distribution", finding.Details["percentile"]);
        Assert.Contains(plan.NotAssessed, n => n.Area == "polygenic-risk" && n.Reason.StartsWith("no reference distribution: percentile not assessed", StringComparison.Ordinal));
        Assert.Equal([RationaleStepKind.InputData, RationaleStepKind.Call, RationaleStepKind.Score, RationaleStepKind.Rule], finding.Rationale.Select(r => r.Kind));
        Assert.Contains(finding.Citations, c => c.Id == "pgs-catalog");
        Assert.Contains(finding.Citations, c => c.Id == "mavaddat-2015-jnci");

        var inform = Assert.Single(plan.Recommendations, r => r.Id == "prs:PGS000001:inform");
        Assert.Equal(RecommendationAction.Inform, inform.Action);
        Assert.Equal(RecommendationStrength.NotGraded, inform.Strength);
        Assert.Equal(("precis-pgs-catalog", "PGS000001"), (inform.Source.KnowledgeBaseId, inform.Source.EntryId));
        Assert.NotEmpty(inform.Rationale);
        Assert.Contains("No guideline", inform.ClinicianText, StringComparison.Ordinal);
        Assert.Contains("Talk to your doctor", inform.PatientText, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_germline_VCF_the_section_says_so()
    {
        var plan = Contribute([]);
        Assert.Equal(SectionStatus.NoInput, Assert.Single(plan.Sections, s => s.Id == "polygenic-risk").Status);
        Assert.Contains(plan.NotAssessed, n => n.Area == "polygenic-risk" && n.Reason == "No germline VCF was given.");
    }

    private static Plan Contribute(IReadOnlyList<PlanInput> files)
    {
        var patient = new PatientSummary { Id = "demo" };
        var builder = new PlanBuilder(patient);
        var inputs = new PlanInputs { Files = files, Knowledge = KnowledgeCatalog.Embedded(), Now = DateTimeOffset.UnixEpoch, Patient = patient };
        new PolygenicRiskContributor().Contribute(inputs, builder, new Progress<ProgressUpdate>());
        return builder.Build("precis-test", "0", DateTimeOffset.UnixEpoch);
    }
}

using System.Globalization;
using System.Text;
using Precis.Core;
using Precis.Knowledge;
using Precis.Plans;
using Precis.Testing;

namespace Precis.Clinical.Tests;

public class MonitoringContributorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);

    private static Plan Run(string csvPath, params string[] conditions)
    {
        var inputs = new PlanInputs
        {
            Files = [new PlanInput("wearable-csv", csvPath)],
            Knowledge = KnowledgeCatalog.Embedded(),
            Now = Now,
            Patient = new PatientSummary { Id = "p1", ActiveConditions = conditions },
        };
        var builder = new PlanBuilder(inputs.Patient);
        new MonitoringContributor().Contribute(inputs, builder, new Progress<ProgressUpdate>());
        return builder.Build("precis", "test", Now);
    }

    private static string WriteCgm(int days, Func<int, int> glucoseAt)
    {
        var sb = new StringBuilder("timestamp,metric,value,unit\n");
        var start = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < days * 96; i++)
            sb.Append(CultureInfo.InvariantCulture, $"{start.AddMinutes(15 * i):yyyy-MM-dd'T'HH:mm:ss'Z'},glucose,{glucoseAt(i)},mg/dL\n");
        var path = Path.Combine(TestPaths.TempDir(), "cgm.csv");
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    [Fact]
    public void The_demo_wearable_file_gives_cgm_trend_and_gap_findings_and_a_cited_review_for_each_missed_range_target()
    {
        var plan = Run(Path.Combine(TestPaths.RepoRoot, "samples/demo/demo.wearable.csv"), "Diabetes mellitus type 2");
        var section = Assert.Single(plan.Sections);
        Assert.Equal(("monitoring", SectionStatus.Available), (section.Id, section.Status));
        var cgm = plan.Findings.Single(f => f.Id == "monitoring:cgm");
        Assert.Equal("67.7", cgm.Details["tirPercent"]);
        Assert.Equal("0.4", cgm.Details["tbr70Percent"]);
        Assert.Equal("7.2", cgm.Details["gmiPercent"]);
        Assert.Equal("67.7 % vs > 70 % — missed", cgm.Details["target:tir"]);
        Assert.Equal("31.9 % vs < 25 % — missed", cgm.Details["target:tar180"]);
        Assert.Contains(cgm.Citations, c => c.Id == "battelino-2019");
        Assert.Equal("1", plan.Findings.Single(f => f.Id == "monitoring:hypoglycaemia-events").Details["level1"]);
        Assert.Contains(plan.Findings, f => f.Id == "monitoring:steps-trend");
        Assert.Contains("steps 2026-11-10 09:00–2026-11-10 18:00", plan.Findings.Single(f => f.Id == "monitoring:gaps").Details["gap1"], StringComparison.Ordinal);
        Assert.Equal(["monitoring:cgm:tar180", "monitoring:cgm:tir"], plan.Recommendations.Select(r => r.Id).Order(StringComparer.Ordinal));
        Assert.All(plan.Recommendations, r =>
        {
            Assert.Equal(RecommendationAction.Monitor, r.Action);
            Assert.Equal("precis-cgm-consensus", r.Source.KnowledgeBaseId);
            Assert.Contains(r.Citations, c => c.Id == "battelino-2019");
        });
        Assert.Contains(plan.Provenance.Knowledge, k => k.Id == "precis-cgm-consensus");
    }

    [Fact]
    public void Missed_consensus_targets_with_sufficient_data_give_cited_recommendations_with_the_rationale_chain()
    {
        // 14 days: every 10th reading at 60 mg/dL (10 % below 70), every 10th + 1 at 300 (10 % above 250), the rest 150:
        // of 1344 readings 135 are 60 and 135 are 300, so TIR 1074/1344 = 79.9 % (met), TAR>180 10 % (met), CV ≈ 35.3 % (met); TBR<70 10 % and TAR>250 10 % miss their targets.
        var path = WriteCgm(14, i => (i % 10) switch { 0 => 60, 1 => 300, _ => 150 });
        var plan = Run(path, "Diabetes mellitus type 2");

        var ids = plan.Recommendations.Select(r => r.Id).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["monitoring:cgm:tar250", "monitoring:cgm:tbr70"], ids);
        Assert.Equal("79.9 % vs > 70 % — met", plan.Findings.Single(f => f.Id == "monitoring:cgm").Details["target:tir"]);
        var tbr = plan.Recommendations.Single(r => r.Id == "monitoring:cgm:tbr70");
        Assert.Equal(RecommendationAction.Consider, tbr.Action);
        Assert.Equal(EvidenceScheme.ClinicalGuideline, tbr.Evidence.Scheme);
        Assert.Equal(("precis-cgm-consensus", "tbr70"), (tbr.Source.KnowledgeBaseId, tbr.Source.EntryId));
        Assert.Contains("Battelino", tbr.Source.Guideline, StringComparison.Ordinal);
        Assert.Contains(tbr.Citations, c => c.Id == "battelino-2019");
        Assert.Equal("type 1 and type 2 diabetes", tbr.Population);
        Assert.Equal([RationaleStepKind.InputData, RationaleStepKind.Score, RationaleStepKind.Phenotype, RationaleStepKind.Rule, RationaleStepKind.Action], tbr.Rationale.Select(s => s.Kind));
        Assert.Contains("precis-cgm-consensus:tbr70: Time below 70 mg/dL 10.0 % misses the consensus target < 4 %", tbr.Rationale[3].Statement, StringComparison.Ordinal);
        Assert.Contains("Talk to your doctor", tbr.PatientText, StringComparison.Ordinal);
        Assert.Equal(RecommendationAction.Monitor, plan.Recommendations.Single(r => r.Id == "monitoring:cgm:tar250").Action);
    }

    [Fact]
    public void Insufficient_cgm_data_gives_no_recommendation_and_says_why()
    {
        var path = WriteCgm(7, _ => 300);
        var plan = Run(path, "Diabetes mellitus type 1");
        Assert.Empty(plan.Recommendations);
        Assert.Contains(plan.NotAssessed, n => n.Subject == "CGM targets" && n.Reason.StartsWith("insufficient data: 7.0 days", StringComparison.Ordinal));
        Assert.Contains(plan.Findings.Single(f => f.Id == "monitoring:cgm").Quality, q => q.Code == "insufficient-data");
    }

    [Fact]
    public void Targets_for_diabetes_are_not_applied_to_a_record_without_diabetes()
    {
        var path = WriteCgm(14, _ => 300);
        var plan = Run(path, "Essential hypertension");
        Assert.Empty(plan.Recommendations);
        Assert.Contains(plan.NotAssessed, n => n.Reason.Contains("record lists no diabetes diagnosis", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_a_wearable_file_the_section_says_no_input()
    {
        var inputs = new PlanInputs { Files = [], Knowledge = KnowledgeCatalog.Embedded(), Now = Now };
        var builder = new PlanBuilder(inputs.Patient);
        new MonitoringContributor().Contribute(inputs, builder, new Progress<ProgressUpdate>());
        var plan = builder.Build("precis", "test", Now);
        Assert.Equal(SectionStatus.NoInput, plan.Sections.Single().Status);
    }
}

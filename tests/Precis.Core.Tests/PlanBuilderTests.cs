using Precis.Plans;

namespace Precis.Core.Tests;

public class PlanBuilderTests
{
    private static readonly Citation Cite = new("PMID:1", "A guideline");

    internal static Recommendation Rec(string id, RecommendationAction action, RecommendationStrength strength = RecommendationStrength.Strong, IReadOnlyList<string>? findings = null) => new()
    {
        Id = id,
        Engine = "test",
        Action = action,
        Subject = new RecommendationSubject(SubjectKind.Drug, "drug-" + id),
        Strength = strength,
        Evidence = new EvidenceLevel(EvidenceScheme.Cpic, "A"),
        Source = new SourceReference("kb", "1", id),
        ClinicianText = "text",
        PatientText = "plain",
        Rationale = [new RationaleStep(RationaleStepKind.Rule, "a rule")],
        Citations = [Cite],
        FindingIds = findings ?? [],
    };

    [Fact]
    public void Recommendations_are_ranked_avoid_then_adjust_then_consider_then_monitor_then_inform()
    {
        var b = new PlanBuilder(new PatientSummary { Id = "p" });
        b.AddRecommendation(Rec("inform", RecommendationAction.Inform));
        b.AddRecommendation(Rec("monitor", RecommendationAction.Monitor));
        b.AddRecommendation(Rec("consider", RecommendationAction.Consider));
        b.AddRecommendation(Rec("adjust", RecommendationAction.AdjustDose));
        b.AddRecommendation(Rec("avoid", RecommendationAction.Avoid));

        var plan = b.Build("precis", "0", DateTimeOffset.UnixEpoch);

        Assert.Equal(["avoid", "adjust", "consider", "monitor", "inform"], plan.Recommendations.Select(r => r.Id));
    }

    [Fact]
    public void Within_one_action_a_strong_recommendation_comes_before_an_optional_one()
    {
        var ranked = PlanBuilder.Rank([
            Rec("a-optional", RecommendationAction.AdjustDose, RecommendationStrength.Optional),
            Rec("b-strong", RecommendationAction.AdjustDose, RecommendationStrength.Strong),
            Rec("c-moderate", RecommendationAction.AdjustDose, RecommendationStrength.Moderate),
        ]);

        Assert.Equal(["b-strong", "c-moderate", "a-optional"], ranked.Select(r => r.Id));
    }

    [Fact]
    public void A_recommendation_without_rationale_is_refused()
    {
        var b = new PlanBuilder(new PatientSummary { Id = "p" });

        var ex = Assert.Throws<ArgumentException>(() => b.AddRecommendation(Rec("x", RecommendationAction.Avoid) with { Rationale = [] }));
        Assert.Contains("no rationale", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_recommendation_without_citation_is_refused()
    {
        var b = new PlanBuilder(new PatientSummary { Id = "p" });

        var ex = Assert.Throws<ArgumentException>(() => b.AddRecommendation(Rec("x", RecommendationAction.Avoid) with { Citations = [] }));
        Assert.Contains("no citation", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_recommendation_pointing_at_a_finding_not_in_the_plan_fails_the_build()
    {
        var b = new PlanBuilder(new PatientSummary { Id = "p" });
        b.AddRecommendation(Rec("x", RecommendationAction.Avoid, findings: ["pgx:CYP2C19"]));

        var ex = Assert.Throws<InvalidOperationException>(() => b.Build("precis", "0", DateTimeOffset.UnixEpoch));
        Assert.Contains("pgx:CYP2C19", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_section_cannot_be_added_twice()
    {
        var b = new PlanBuilder(new PatientSummary { Id = "p" });
        b.AddSection(new PlanSection("pharmacogenomics", "PGx", SectionStatus.Available, ""));

        Assert.Throws<InvalidOperationException>(() => b.AddSection(new PlanSection("pharmacogenomics", "PGx", SectionStatus.Available, "")));
    }

    [Fact]
    public void The_plan_stamps_knowledge_versions_once_and_time_in_utc()
    {
        var b = new PlanBuilder(new PatientSummary { Id = "p" });
        var v = new KnowledgeVersion("kb", "1", "2026-01-01", "CC0-1.0");
        b.AddKnowledge([v, v]);

        var plan = b.Build("precis", "1.2.3", new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.FromHours(2)));

        Assert.Single(plan.Provenance.Knowledge);
        Assert.Equal(TimeSpan.Zero, plan.Provenance.GeneratedAt.Offset);
        Assert.Equal(8, plan.Provenance.GeneratedAt.Hour);
        Assert.Equal(Disclaimers.ResearchUse, plan.Disclaimer);
    }
}

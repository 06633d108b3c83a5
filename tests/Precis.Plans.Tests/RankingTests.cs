using Precis.Core;
using static Precis.Plans.Tests.TestPlans;

namespace Precis.Plans.Tests;

public class RankingTests
{
    [Fact]
    public void Actions_rank_avoid_then_alternative_then_adjust_then_consider_then_monitor_then_inform()
    {
        var ranked = PlanBuilder.Rank(
        [
            Rec("i", RecommendationAction.Inform, RecommendationStrength.Strong),
            Rec("m", RecommendationAction.Monitor, RecommendationStrength.Strong),
            Rec("c", RecommendationAction.Consider, RecommendationStrength.Strong),
            Rec("d", RecommendationAction.AdjustDose, RecommendationStrength.Optional),
            Rec("u", RecommendationAction.UseAlternative, RecommendationStrength.Optional),
            Rec("a", RecommendationAction.Avoid, RecommendationStrength.NotGraded),
        ]);

        Assert.Equal(["a", "u", "d", "c", "m", "i"], ranked.Select(r => r.Id));
    }

    [Fact]
    public void At_equal_urgency_a_conflict_with_a_current_medicine_comes_first_then_the_stronger_recommendation()
    {
        var ranked = PlanBuilder.Rank(
        [
            Rec("pgx:b", RecommendationAction.UseAlternative, RecommendationStrength.Moderate),
            Rec("pgx:a", RecommendationAction.UseAlternative, RecommendationStrength.Strong),
            Rec("conflict:x", RecommendationAction.UseAlternative, RecommendationStrength.Optional),
            Rec("avoid", RecommendationAction.Avoid, RecommendationStrength.Optional),
        ]);

        Assert.Equal(["avoid", "conflict:x", "pgx:a", "pgx:b"], ranked.Select(r => r.Id));
    }

    [Fact]
    public void Conflicts_in_a_built_plan_are_ordered_by_the_urgency_of_their_action()
    {
        var b = new PlanBuilder(Patient());
        b.AddConflict(new Conflict("disagreement", ["x"], "CPIC and DPWG differ"));
        b.AddConflict(new Conflict("monitor pair", ["y"], "bleeding risk", "drug-drug", RecommendationAction.Monitor));
        b.AddConflict(new Conflict("gene", ["z"], "poor metabolizer", "drug-gene", RecommendationAction.UseAlternative));

        var plan = b.Build("precis", "t", Now);

        Assert.Equal(["gene", "monitor pair", "disagreement"], plan.Conflicts.Select(c => c.Subject));
    }

    [Fact]
    public void A_schedule_line_without_a_citation_and_a_figure_without_points_are_refused()
    {
        var b = new PlanBuilder(Patient());

        var s = Assert.Throws<ArgumentException>(() => b.AddScheduleItem(new ScheduleItem("HbA1c", "3-monthly", "diabetes", new SourceReference("kb", "1", "e"), [], [], [])));
        var f = Assert.Throws<ArgumentException>(() => b.AddFigure(new FigureData("figure:x", "activity-bars", "t", "x", "y", "c", [], [])));

        Assert.StartsWith("schedule item 'HbA1c' has no citation", s.Message, StringComparison.Ordinal);
        Assert.StartsWith("figure 'figure:x' has no points", f.Message, StringComparison.Ordinal);
    }
}

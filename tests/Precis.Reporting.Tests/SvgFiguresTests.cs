using System.Text.RegularExpressions;
using Precis.Core;

namespace Precis.Reporting.Tests;

public class SvgFiguresTests
{
    [Theory]
    [InlineData(0.975, 1.959964)]
    [InlineData(0.5, 0.0)]
    [InlineData(0.025, -1.959964)]
    [InlineData(0.999, 3.090232)]
    [InlineData(0.9, 1.281552)]
    public void The_inverse_normal_matches_published_quantiles(double p, double z)
    {
        Assert.Equal(z, SvgFigures.InverseNormal(p), 5);
    }

    [Fact]
    public void A_probability_of_zero_or_one_has_no_quantile()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SvgFigures.InverseNormal(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => SvgFigures.InverseNormal(1));
    }

    [Fact]
    public void Every_figure_kind_renders_an_svg_image_with_title_description_axis_labels_and_caption()
    {
        foreach (var f in SamplePlans.Figures())
        {
            var svg = SvgFigures.Render(f);

            Assert.Contains("role=\"img\"", svg, StringComparison.Ordinal);
            Assert.Contains($">{f.Title}</title>", svg, StringComparison.Ordinal);
            Assert.Contains($">{f.Caption}</desc>", svg, StringComparison.Ordinal);
            Assert.Contains($">{f.XLabel}</text>", svg, StringComparison.Ordinal);
            Assert.Contains($">{f.YLabel}</text>", svg, StringComparison.Ordinal);
            Assert.Contains("<figcaption><strong>" + f.Title + ".</strong> " + f.Caption, svg, StringComparison.Ordinal);
            Assert.DoesNotContain("NaN", svg, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_patient_marker_on_the_percentile_curve_sits_at_the_normal_quantile()
    {
        var svg = SvgFigures.Render(SamplePlans.Figures()[0]);

        // z(0.975) = 1.96 on an axis from -3.5 to 3.5 drawn between x = 64 and x = 620.
        Assert.Contains("<line x1=\"497.7\"", svg, StringComparison.Ordinal);
        Assert.Contains("this patient: 97.5th percentile", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void With_reference_quantiles_the_percentile_curve_is_the_empirical_distribution_with_the_patient_marked()
    {
        FigurePoint[] quantiles = [.. Enumerable.Range(0, 101).Select(i => new FigurePoint(i.ToString(System.Globalization.CultureInfo.InvariantCulture), i / 100.0))];
        var f = SamplePlans.Figures()[0] with { Points = [new FigurePoint("patient", 75, 0.75), .. quantiles] };

        var svg = SvgFigures.Render(f);

        // Score 0.75 on an axis from 0 to 1 drawn between x = 64 and x = 620; 75th percentile between y = 212 and y = 16.
        Assert.Contains("<circle cx=\"481\" cy=\"65\"", svg, StringComparison.Ordinal);
        Assert.Equal(101, Regex.Match(svg, "<polyline points=\"([^\"]+)\"").Groups[1].Value.Split(' ').Length);
        Assert.Contains("this patient: 75th percentile", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void The_daily_profile_draws_a_median_line_through_every_hour_and_an_interquartile_band()
    {
        var svg = SvgFigures.Render(SamplePlans.Figures()[3]);

        var line = Regex.Match(svg, "<polyline points=\"([^\"]+)\"").Groups[1].Value;
        var band = Regex.Match(svg, "<polygon points=\"([^\"]+)\" fill=\"#9fd8e6\"").Groups[1].Value;
        Assert.Equal(24, line.Split(' ').Length);
        Assert.Equal(48, band.Trim().Split(' ').Length);
        Assert.Contains("target 70–180 mg/dL", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void The_patient_caption_leaves_out_the_finding_ids_and_an_unknown_kind_is_refused()
    {
        var f = SamplePlans.Figures()[3];

        Assert.Contains("Data: monitoring:cgm", SvgFigures.Render(f), StringComparison.Ordinal);
        Assert.DoesNotContain("Data:", SvgFigures.Render(f, plainCaption: true), StringComparison.Ordinal);
        var e = Assert.Throws<ArgumentException>(() => SvgFigures.Render(f with { Kind = "pie" }));
        Assert.StartsWith("unknown figure kind 'pie'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_clinician_view_puts_conflicts_before_recommendations_and_lists_the_schedule_and_figures()
    {
        var html = PlanHtml.Render(SamplePlans.Full());

        var conflicts = html.IndexOf("<section id=\"conflicts\">", StringComparison.Ordinal);
        var recs = html.IndexOf("<section id=\"recommendations\">", StringComparison.Ordinal);
        Assert.True(conflicts > 0 && conflicts < recs, "conflicts with current medications come first");
        Assert.Contains("<code>MedicationRequest/mr-1</code>", html, StringComparison.Ordinal);
        Assert.Contains("<td>HbA1c</td><td>every 3 months when above goal</td><td>type 2 diabetes (Condition/c-1)</td>", html, StringComparison.Ordinal);
        Assert.Equal(4, Regex.Count(html, "<figure class=\"fig\""));
        Assert.Contains("<h3>Where sources disagree</h3>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_polygenic_score_without_a_percentile_and_a_plan_without_contributions_say_what_is_not_drawn()
    {
        var plan = SamplePlans.Full() with
        {
            Figures = [],
            Findings =
            [
                new Finding("prs:PGS000001", "polygenic-risk", "polygenic-score", "PGS000001 (Breast cancer)", "raw score",
                    new Dictionary<string, string> { ["percentile"] = "not assessed: no reference distribution" }, [], [], []),
            ],
        };

        Assert.Equal(
            ["Polygenic percentile curve for PGS000001 (Breast cancer): not assessed — no reference distribution.",
             "Explanation waterfall: not shown — no prediction in this plan carries per-feature contributions."],
            PlanHtml.FigureGaps(plan));
    }

    [Fact]
    public void The_patient_view_shows_the_simple_figures_and_the_checks_to_keep_up()
    {
        var html = PatientHtml.Render(SamplePlans.Full(), []);

        Assert.Equal(2, Regex.Count(html, "<figure class=\"fig\""));
        Assert.Contains("<li><strong>HbA1c:</strong> every 3 months when above goal.</li>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("activity score", html, StringComparison.Ordinal);
    }
}

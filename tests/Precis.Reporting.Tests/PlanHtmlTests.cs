using System.Text.RegularExpressions;
using Precis.Core;

namespace Precis.Reporting.Tests;

public class PlanHtmlTests
{
    [Theory]
    [InlineData(EvidenceScheme.Cpic, "CPIC guideline", "CPIC guideline")]
    [InlineData(EvidenceScheme.Dpwg, "DPWG guideline", "DPWG guideline")]
    [InlineData(EvidenceScheme.Cpic, "A", "CPIC A")]
    [InlineData(EvidenceScheme.AmpAscoCap, "Tier I", "AMP/ASCO/CAP Tier I")]
    public void The_evidence_label_names_the_scheme_once(EvidenceScheme scheme, string level, string expected) =>
        Assert.Equal(expected, PlanHtml.EvidenceLabel(new EvidenceLevel(scheme, level)));

    [Fact]
    public void The_html_is_self_contained_with_no_script_and_no_external_assets()
    {
        var html = PlanHtml.Render(SamplePlans.Full());

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(new Regex("""(src|href)\s*=\s*"(?!https?://(cpicpgx\.org|pubmed|www\.cancer\.gov|medlineplus))[a-z]+://""", RegexOptions.IgnoreCase), html);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<style>", html, StringComparison.Ordinal);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_html_shows_the_patient_the_disclaimer_the_recommendation_and_its_rationale()
    {
        var html = PlanHtml.Render(SamplePlans.Full());

        Assert.Contains("<h1>Test Patient</h1>", html, StringComparison.Ordinal);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(Disclaimers.ResearchUse), html, StringComparison.Ordinal);
        Assert.Contains("Use an alternative", html, StringComparison.Ordinal);
        Assert.Contains("CYP2C19 *2/*2", html, StringComparison.Ordinal);
        Assert.Contains("CPIC A", html, StringComparison.Ordinal);
        Assert.Contains("Not available in this build", html, StringComparison.Ordinal);
        Assert.Contains("No outside call given; CYP2D6 cannot be called from a VCF.", html, StringComparison.Ordinal);
        Assert.Contains("precis-pgx", html, StringComparison.Ordinal);
        Assert.Contains("@media print", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_most_urgent_recommendation_is_rendered_first()
    {
        var html = PlanHtml.Render(SamplePlans.Full());

        Assert.True(html.IndexOf("id=\"rec-pgx:clopidogrel-dpwg\"", StringComparison.Ordinal) < html.IndexOf("id=\"rec-pgx:clopidogrel\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Text_from_the_record_is_html_encoded()
    {
        var html = PlanHtml.Render(SamplePlans.Full("<script>alert(1)</script> & Co"));

        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co", html, StringComparison.Ordinal);
    }
}

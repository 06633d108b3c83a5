using System.Text.RegularExpressions;

namespace Precis.Reporting.Tests;

public class PatientHtmlTests
{
    private static readonly GlossaryTerm[] Glossary =
    [
        new("poor metabolizer", "Your body breaks down certain medicines much more slowly than most people."),
        new("tumour mutational burden", "How many DNA changes a tumour has."),
    ];

    [Fact]
    public void The_patient_view_puts_medicine_changes_first_in_plain_words_with_the_doctor_caveat()
    {
        var html = PatientHtml.Render(SamplePlans.Full(), Glossary);

        Assert.Contains("Talk to your doctor before changing any medicine.", html, StringComparison.Ordinal);
        var discuss = html.IndexOf("To discuss with your doctor", StringComparison.Ordinal);
        var text = html.IndexOf("<h3>Clopidogrel</h3><p>Avoid clopidogrel.</p>", StringComparison.Ordinal);
        Assert.True(discuss >= 0 && text > discuss);

        // One item per medicine: the most urgent of the two clopidogrel recommendations speaks for both.
        Assert.Single(Regex.Matches(html, "<h3>Clopidogrel</h3>"));
        Assert.DoesNotContain("Your body cannot activate clopidogrel well.", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_glossary_lists_only_the_terms_the_page_uses()
    {
        var html = PatientHtml.Render(SamplePlans.Full(), Glossary);

        Assert.Contains("<dt>poor metabolizer</dt>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("tumour mutational burden", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_patient_view_says_what_was_not_checked_and_that_it_is_not_normal_by_default()
    {
        var html = PatientHtml.Render(SamplePlans.Full(), Glossary);

        Assert.Contains("This does not mean they are normal", html, StringComparison.Ordinal);
        Assert.Contains("CYP2D6. No outside call given", html, StringComparison.Ordinal);
        Assert.Contains("Precision oncology:</strong> not part of this version of the report", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Questions_to_ask_name_the_drugs_whose_treatment_may_change()
    {
        var questions = PatientHtml.Questions(SamplePlans.Full());

        Assert.Contains("My results mention clopidogrel. Should my treatment change, and what are the options?", questions);
        Assert.Single(questions, q => q.Contains("clopidogrel", StringComparison.Ordinal));
        Assert.Contains("Some things could not be checked. Is another test needed?", questions);
    }

    [Fact]
    public void The_patient_view_shows_no_evidence_jargon()
    {
        var html = PatientHtml.Render(SamplePlans.Full(), Glossary);

        Assert.DoesNotContain("CPIC", html, StringComparison.Ordinal);
        Assert.DoesNotContain("DPWG", html, StringComparison.Ordinal);
        Assert.DoesNotContain("RxNorm", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
    }
}

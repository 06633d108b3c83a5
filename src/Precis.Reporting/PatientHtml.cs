using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Precis.Core;

namespace Precis.Reporting;

/// <summary>A term and its plain-language meaning, for the patient view's glossary.</summary>
/// <param name="Term">The word as it appears in text, e.g. "poor metabolizer".</param>
/// <param name="Plain">Its meaning in short, plain sentences.</param>
public sealed record GlossaryTerm(string Term, string Plain);

/// <summary>
/// Renders the patient's view of a plan: short sentences, what each result means for them, what was not
/// tested, questions to ask, and a glossary of the terms the page uses. Self-contained like <see cref="PlanHtml"/>.
/// </summary>
public static class PatientHtml
{
    public static string Render(Plan plan, IReadOnlyList<GlossaryTerm> glossary)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(glossary);
        var h = new StringBuilder(8 * 1024);
        var name = plan.Patient.DisplayName ?? "you";
        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
         .Append("<title>Your results, explained</title>\n<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n<main>\n")
         .Append("<h1>Your results, explained</h1>\n<p class=\"for\">For ").Append(E(name)).Append(" · prepared ")
         .Append(E(plan.Provenance.GeneratedAt.UtcDateTime.ToString("d MMMM yyyy", CultureInfo.InvariantCulture))).Append("</p>\n")
         .Append("<p class=\"important\"><strong>Talk to your doctor before changing any medicine.</strong> ")
         .Append("This report is for research use. It is not a diagnosis.</p>\n");

        // One item per medicine or topic: the plan ranks the conflict with a current medicine first, and the
        // guideline entries behind it (one per population or source) would repeat the same message.
        var urgent = plan.Recommendations.Where(r => IsUrgent(r.Action)).DistinctBy(r => r.Subject.Name).ToList();
        var other = plan.Recommendations.Where(r => !IsUrgent(r.Action)).DistinctBy(r => r.Subject.Name).ToList();
        h.Append("<section id=\"discuss\"><h2>To discuss with your doctor</h2>");
        if (urgent.Count == 0)
            h.Append("<p>Nothing in this report asks for a change to your medicines.</p>");
        foreach (var r in urgent)
            Item(h, r);
        h.Append("</section>\n");
        if (other.Count > 0)
        {
            h.Append("<section id=\"good-to-know\"><h2>Good to know</h2>");
            foreach (var r in other)
                Item(h, r);
            h.Append("</section>\n");
        }

        if (plan.Schedule.Count > 0)
        {
            h.Append("<section id=\"checks\"><h2>Checks to keep up</h2><ul>");
            foreach (var item in plan.Schedule)
                h.Append("<li><strong>").Append(E(item.What)).Append(":</strong> ").Append(E(item.Frequency)).Append(".</li>");
            h.Append("</ul></section>\n");
        }

        var pictures = plan.Figures.Where(f => f.Kind is "percentile-curve" or "daily-profile").ToList();
        if (pictures.Count > 0)
        {
            h.Append("<section id=\"pictures\"><h2>Your results in pictures</h2>");
            foreach (var f in pictures)
                h.Append(SvgFigures.Render(f, plainCaption: true));
            h.Append("</section>\n");
        }

        h.Append("<section id=\"covered\"><h2>What we looked at</h2><ul class=\"covered\">");
        foreach (var s in plan.Sections)
        {
            h.Append("<li><strong>").Append(E(s.Title)).Append(":</strong> ").Append(E(PlainStatus(s.Status))).Append("</li>");
        }

        h.Append("</ul>");
        if (plan.NotAssessed.Count > 0)
        {
            h.Append("<p>Some things could not be checked. This does not mean they are normal:</p><ul>");
            foreach (var n in plan.NotAssessed)
                h.Append("<li>").Append(E(n.Subject)).Append(". ").Append(E(n.Reason)).Append("</li>");
            h.Append("</ul>");
        }

        h.Append("</section>\n");

        var questions = Questions(plan);
        h.Append("<section><h2>Questions you could ask</h2><ul>");
        foreach (var q in questions)
            h.Append("<li>").Append(E(q)).Append("</li>");
        h.Append("</ul></section>\n");

        var pageText = string.Join(' ', plan.Recommendations.Select(r => r.PatientText).Concat(plan.NotAssessed.Select(n => n.Reason)).Concat(plan.Findings.Select(f => f.Summary)));
        var used = glossary.Where(g => Regex.IsMatch(pageText, $@"\b{Regex.Escape(g.Term)}", RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1))).ToList();
        if (used.Count > 0)
        {
            h.Append("<section><h2>Words used in this report</h2><dl class=\"glossary\">");
            foreach (var g in used.OrderBy(g => g.Term, StringComparer.OrdinalIgnoreCase))
                h.Append("<dt>").Append(E(g.Term)).Append("</dt><dd>").Append(E(g.Plain)).Append("</dd>");
            h.Append("</dl></section>\n");
        }

        h.Append("</main>\n<footer>").Append(E(plan.Disclaimer)).Append("</footer>\n</body>\n</html>\n");
        return h.ToString();
    }

    /// <summary>Questions a patient could bring to their doctor, derived from the plan's actions.</summary>
    public static IReadOnlyList<string> Questions(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var q = new List<string>();
        foreach (var r in plan.Recommendations.Where(r => IsUrgent(r.Action) && r.Subject.Kind == SubjectKind.Drug).DistinctBy(r => r.Subject.Name))
            q.Add($"My results mention {r.Subject.Name}. Should my treatment change, and what are the options?");
        if (plan.Recommendations.Any(r => r.Engine == "pharmacogenomics"))
            q.Add("Which other medicines could my gene results affect in the future?");
        if (plan.NotAssessed.Count > 0)
            q.Add("Some things could not be checked. Is another test needed?");
        q.Add("Should anyone in my family know about these results?");
        return q;
    }

    private static void Item(StringBuilder h, Recommendation r)
    {
        h.Append("<div class=\"item\"><h3>").Append(E(Capitalise(r.Subject.Name))).Append("</h3><p>").Append(E(r.PatientText)).Append("</p>");
        // A short gene result or score reads as a reason; a biomarker rule with codes and knowledge ids does not.
        var why = r.Rationale.FirstOrDefault(s => s.Kind is RationaleStepKind.Phenotype or RationaleStepKind.Score && s.Statement.Length <= 100);
        if (why is not null)
            h.Append("<p class=\"why\">Why: ").Append(E(why.Statement)).Append("</p>");
        h.Append("</div>");
    }

    private static bool IsUrgent(RecommendationAction a) =>
        a is RecommendationAction.Avoid or RecommendationAction.UseAlternative or RecommendationAction.AdjustDose or RecommendationAction.ConsiderTrial or RecommendationAction.Screen or RecommendationAction.Refer;

    private static string PlainStatus(SectionStatus s) => s switch
    {
        SectionStatus.Available => "checked",
        SectionStatus.InsufficientData => "not enough information to check",
        SectionStatus.NoInput => "no data was given for this",
        SectionStatus.NotAvailableInThisBuild => "not part of this version of the report",
        _ => s.ToString(),
    };

    private static string Capitalise(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    private const string Css = """
        body { font: 17px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #1d2733; margin: 0; }
        main { max-width: 720px; margin: 0 auto; padding: 16px 24px 32px; }
        h1 { font-size: 28px; margin-bottom: 0; color: #0b5c74; } h2 { font-size: 21px; margin-top: 32px; color: #0b5c74; }
        h3 { font-size: 18px; margin: 0 0 4px; } .for { color: #5b6775; margin-top: 4px; }
        .important { background: #fff4e5; border-left: 5px solid #b26a00; padding: 10px 14px; border-radius: 4px; }
        .item { border: 1px solid #d8dee5; border-radius: 8px; padding: 12px 16px; margin: 12px 0; break-inside: avoid; }
        .why { color: #5b6775; font-size: 15px; margin-bottom: 0; }
        .glossary dt { font-weight: 700; margin-top: 8px; } .glossary dd { margin: 0 0 0 0; }
        figure.fig { margin: 12px 0; } figure.fig svg { width: 100%; height: auto; } figcaption { font-size: 15px; }
        footer { border-top: 1px solid #d8dee5; padding: 12px 24px; color: #5b6775; font-size: 14px; max-width: 720px; margin: 0 auto; }
        @media print { body { font-size: 12pt; } main { max-width: none; } }

        """;
}

using System.Globalization;
using System.Net;
using System.Text;
using Precis.Core;

namespace Precis.Reporting;

/// <summary>
/// Renders a <see cref="Plan"/> to one self-contained HTML file: inline CSS and SVG, no scripts, no network
/// assets, so it can be mailed, archived and printed (PDF is this page printed by headless Chromium).
/// </summary>
public static class PlanHtml
{
    public static string Render(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var h = new StringBuilder(16 * 1024);
        var p = plan.Patient;
        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
         .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
         .Append("<title>Precis plan — ").Append(E(p.DisplayName ?? p.Id)).Append("</title>\n<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n");

        h.Append("<header class=\"top\"><div class=\"brand\">").Append(LogoSvg).Append("<span>Precis</span></div>")
         .Append("<div class=\"meta\">Generated ").Append(E(plan.Provenance.GeneratedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)))
         .Append(" · ").Append(E(plan.Provenance.Engine)).Append(' ').Append(E(plan.Provenance.EngineVersion)).Append("</div></header>\n");
        h.Append("<p class=\"disclaimer\" role=\"note\">").Append(E(plan.Disclaimer)).Append("</p>\n<main>\n");

        RenderPatient(h, p);
        RenderConflicts(h, plan);
        RenderRecommendations(h, plan);
        RenderSchedule(h, plan);
        RenderFigures(h, plan);
        RenderSections(h, plan);
        RenderFindings(h, plan);
        RenderNotAssessed(h, plan);
        RenderProvenance(h, plan.Provenance);

        h.Append("</main>\n<footer>").Append(E(plan.Disclaimer)).Append(" Plan schema ").Append(E(plan.SchemaVersion)).Append(".</footer>\n</body>\n</html>\n");
        return h.ToString();
    }

    private static void RenderPatient(StringBuilder h, PatientSummary p)
    {
        h.Append("<section id=\"patient\"><h1>").Append(E(p.DisplayName ?? "Patient " + p.Id)).Append("</h1>\n<dl class=\"facts\">");
        Fact(h, "Patient id", p.Id);
        Fact(h, "Sex", p.Sex);
        Fact(h, "Born", p.BirthDate);
        Fact(h, "Age", p.AgeYears?.ToString(CultureInfo.InvariantCulture) + (p.AgeYears is null ? null : " years"));
        h.Append("</dl>\n<div class=\"grid\">");

        h.Append("<div class=\"card\"><h3>Active conditions</h3>");
        List(h, p.ActiveConditions, "None recorded");
        h.Append("</div><div class=\"card\"><h3>Current medications</h3>");
        if (p.CurrentMedications.Count == 0)
        {
            h.Append("<p class=\"muted\">None recorded</p>");
        }
        else
        {
            h.Append("<ul>");
            foreach (var m in p.CurrentMedications)
            {
                h.Append("<li>").Append(E(m.Text));
                if (m.Ingredient is not null && !m.Text.Contains(m.Ingredient, StringComparison.OrdinalIgnoreCase))
                    h.Append(" <span class=\"muted\">(").Append(E(m.Ingredient)).Append(")</span>");
                if (m.Code is not null)
                    h.Append(" <code>").Append(E(m.Code)).Append("</code>");
                h.Append("</li>");
            }

            h.Append("</ul>");
        }

        h.Append("</div><div class=\"card wide\"><h3>Latest measurements</h3>");
        if (p.LatestMeasurements.Count == 0)
        {
            h.Append("<p class=\"muted\">None recorded</p>");
        }
        else
        {
            h.Append("<table><tbody>");
            foreach (var m in p.LatestMeasurements)
            {
                h.Append("<tr><th scope=\"row\">").Append(E(m.Name)).Append("</th><td>").Append(E(m.Value))
                 .Append(m.Unit is null ? "" : " " + E(m.Unit)).Append("</td><td class=\"muted\">").Append(E(m.Date)).Append("</td></tr>");
            }

            h.Append("</tbody></table>");
        }

        h.Append("</div><div class=\"card\"><h3>Allergies and lifestyle</h3>");
        List(h, [.. p.Allergies.Select(a => "Allergy: " + a), .. p.Lifestyle], "None recorded");
        h.Append("</div></div></section>\n");
    }

    private static void RenderRecommendations(StringBuilder h, Plan plan)
    {
        h.Append("<section id=\"recommendations\"><h2>Recommendations</h2>\n");
        if (plan.Recommendations.Count == 0)
        {
            h.Append("<p class=\"muted\">No recommendations: no engine in this build produced an actionable result for this patient. ")
             .Append("See the sections below for what was and was not assessed.</p></section>\n");
            return;
        }

        foreach (var r in plan.Recommendations)
        {
            var action = ActionLabel(r.Action);
            h.Append("<article class=\"rec ").Append(ActionClass(r.Action)).Append("\" id=\"rec-").Append(E(r.Id)).Append("\">")
             .Append("<div class=\"rec-head\"><span class=\"badge\">").Append(E(action)).Append("</span> <strong>").Append(E(r.Subject.Name)).Append("</strong>")
             .Append(r.Subject.Code is null ? "" : " <code>" + E(r.Subject.Code) + "</code>")
             .Append("<span class=\"evidence\">").Append(E(EvidenceLabel(r.Evidence)))
             .Append(" · strength ").Append(E(r.Strength.ToString().ToLowerInvariant())).Append("</span></div>")
             .Append("<p>").Append(E(r.ClinicianText)).Append("</p>")
             .Append("<p class=\"patient-text\"><em>In plain words:</em> ").Append(E(r.PatientText)).Append("</p>");
            if (r.Population is not null)
                h.Append("<p class=\"muted\">Applies to: ").Append(E(r.Population)).Append("</p>");
            if (r.Alternatives.Count > 0)
                h.Append("<p>Alternatives: ").Append(E(string.Join("; ", r.Alternatives))).Append("</p>");
            h.Append("<details open><summary>Why: from your data to this action</summary><ol class=\"chain\">");
            foreach (var s in r.Rationale)
                h.Append("<li><span class=\"step\">").Append(E(StepLabel(s.Kind))).Append("</span> ").Append(E(s.Statement)).Append("</li>");
            h.Append("</ol></details><p class=\"source\">Source: ").Append(E(r.Source.Guideline ?? r.Source.EntryId))
             .Append(" — knowledge base <code>").Append(E(r.Source.KnowledgeBaseId)).Append(' ').Append(E(r.Source.KnowledgeBaseVersion))
             .Append("</code>, entry <code>").Append(E(r.Source.EntryId)).Append("</code></p>");
            Citations(h, r.Citations);
            h.Append("</article>\n");
        }

        var disagreements = plan.Conflicts.Where(c => c.Kind is null).ToList();
        if (disagreements.Count > 0)
        {
            h.Append("<h3>Where sources disagree</h3><ul>");
            foreach (var c in disagreements)
                h.Append("<li><strong>").Append(E(c.Subject)).Append(":</strong> ").Append(E(c.Explanation)).Append("</li>");
            h.Append("</ul>");
        }

        h.Append("</section>\n");
    }

    /// <summary>Conflicts with what the patient takes today come first: they ask for a decision now.</summary>
    private static void RenderConflicts(StringBuilder h, Plan plan)
    {
        var conflicts = plan.Conflicts.Where(c => c.Kind is not null).ToList();
        if (conflicts.Count == 0)
            return;
        h.Append("<section id=\"conflicts\"><h2>Conflicts with current medications</h2><table class=\"conflicts\"><thead><tr><th>Action</th><th>Conflict</th><th>Kind</th><th>Record entries</th></tr></thead><tbody>");
        foreach (var c in conflicts)
        {
            h.Append("<tr><td>");
            if (c.Action is { } a)
                h.Append("<span class=\"badge ").Append(ActionClass(a)).Append("\">").Append(E(ActionLabel(a))).Append("</span>");
            h.Append("</td><td><strong>").Append(E(c.Subject)).Append("</strong><br>").Append(E(c.Explanation));
            var first = c.RecommendationIds.FirstOrDefault(id => plan.Recommendations.Any(r => r.Id == id));
            if (first is not null)
                h.Append(" <a href=\"#rec-").Append(E(first)).Append("\">details</a>");
            h.Append("</td><td>").Append(E(c.Kind)).Append("</td><td>");
            foreach (var e in c.RecordEntries ?? [])
                h.Append("<code>").Append(E(e)).Append("</code> ");
            h.Append("</td></tr>");
        }

        h.Append("</tbody></table></section>\n");
    }

    private static void RenderSchedule(StringBuilder h, Plan plan)
    {
        if (plan.Schedule.Count == 0)
            return;
        h.Append("<section id=\"schedule\"><h2>Monitoring schedule</h2><table><thead><tr><th>What</th><th>How often</th><th>Why</th><th>Source</th></tr></thead><tbody>");
        foreach (var s in plan.Schedule)
        {
            h.Append("<tr><td>").Append(E(s.What)).Append("</td><td>").Append(E(s.Frequency)).Append("</td><td>").Append(E(s.Why)).Append("</td><td class=\"source\">");
            foreach (var c in s.Citations)
            {
                if (c.Url is not null)
                    h.Append("<a href=\"").Append(E(c.Url.ToString())).Append("\">").Append(E(c.Title)).Append("</a>");
                else
                    h.Append(E(c.Title));
                h.Append(c.Year is null ? "" : ", " + c.Year.Value.ToString(CultureInfo.InvariantCulture)).Append("<br>");
            }

            h.Append("<code>").Append(E(s.Source.KnowledgeBaseId)).Append(' ').Append(E(s.Source.KnowledgeBaseVersion)).Append(' ').Append(E(s.Source.EntryId)).Append("</code></td></tr>");
        }

        h.Append("</tbody></table></section>\n");
    }

    private static void RenderFigures(StringBuilder h, Plan plan)
    {
        var notes = FigureGaps(plan);
        if (plan.Figures.Count == 0 && notes.Count == 0)
            return;
        h.Append("<section id=\"figures\"><h2>Figures</h2><div class=\"figs\">");
        foreach (var f in plan.Figures)
            h.Append(SvgFigures.Render(f));
        h.Append("</div>");
        foreach (var n in notes)
            h.Append("<p class=\"muted\">").Append(E(n)).Append("</p>");
        h.Append("</section>\n");
    }

    /// <summary>Figures a reader might expect but that this plan cannot draw, and why.</summary>
    public static IReadOnlyList<string> FigureGaps(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var notes = new List<string>();
        foreach (var f in plan.Findings.Where(f => f.Kind == "polygenic-score" && !plan.Figures.Any(x => x.Kind == "percentile-curve" && x.FindingIds.Contains(f.Id))))
            notes.Add($"Polygenic percentile curve for {f.Subject}: not assessed — {(f.Details.GetValueOrDefault("percentile") ?? "no percentile").Replace("not assessed: ", "", StringComparison.Ordinal)}.");
        if (!plan.Figures.Any(x => x.Kind == "waterfall"))
            notes.Add("Explanation waterfall: not shown — no prediction in this plan carries per-feature contributions.");
        return notes;
    }

    private static void RenderSections(StringBuilder h, Plan plan)
    {
        h.Append("<section id=\"sections\"><h2>What this report covers</h2><table class=\"status\"><thead><tr><th>Area</th><th>Status</th><th>Notes</th></tr></thead><tbody>");
        foreach (var s in plan.Sections)
        {
            h.Append("<tr><td>").Append(E(s.Title)).Append("</td><td><span class=\"pill ").Append(StatusClass(s.Status)).Append("\">")
             .Append(E(StatusLabel(s.Status))).Append("</span></td><td>").Append(E(s.Message)).Append("</td></tr>");
        }

        h.Append("</tbody></table></section>\n");
    }

    private static void RenderFindings(StringBuilder h, Plan plan)
    {
        if (plan.Findings.Count == 0)
            return;
        h.Append("<section id=\"findings\"><h2>Findings</h2>");
        foreach (var group in plan.Findings.GroupBy(f => f.Engine))
        {
            h.Append("<h3>").Append(E(group.Key)).Append("</h3><table><thead><tr><th>Subject</th><th>Finding</th><th>Quality</th></tr></thead><tbody>");
            foreach (var f in group)
            {
                h.Append("<tr id=\"finding-").Append(E(f.Id)).Append("\"><td>").Append(E(f.Subject)).Append("</td><td>").Append(E(f.Summary));
                if (f.Rationale.Count > 0)
                {
                    h.Append("<details><summary>How</summary><ol class=\"chain\">");
                    foreach (var s in f.Rationale)
                        h.Append("<li><span class=\"step\">").Append(E(StepLabel(s.Kind))).Append("</span> ").Append(E(s.Statement)).Append("</li>");
                    h.Append("</ol></details>");
                }

                h.Append("</td><td>");
                if (f.Quality.Count == 0)
                    h.Append("<span class=\"muted\">—</span>");
                foreach (var q in f.Quality)
                    h.Append("<div class=\"flag\">").Append(E(q.Message)).Append("</div>");
                h.Append("</td></tr>");
            }

            h.Append("</tbody></table>");
        }

        h.Append("</section>\n");
    }

    private static void RenderNotAssessed(StringBuilder h, Plan plan)
    {
        h.Append("<section id=\"not-assessed\"><h2>What could not be assessed</h2>");
        if (plan.NotAssessed.Count == 0)
        {
            h.Append("<p class=\"muted\">Nothing beyond the sections marked above.</p></section>\n");
            return;
        }

        h.Append("<table><thead><tr><th>Area</th><th>What</th><th>Why</th></tr></thead><tbody>");
        foreach (var n in plan.NotAssessed)
            h.Append("<tr><td>").Append(E(n.Area)).Append("</td><td>").Append(E(n.Subject)).Append("</td><td>").Append(E(n.Reason)).Append("</td></tr>");
        h.Append("</tbody></table></section>\n");
    }

    private static void RenderProvenance(StringBuilder h, Provenance prov)
    {
        h.Append("<section id=\"provenance\"><h2>Sources and versions</h2><h3>Knowledge</h3><table><thead><tr><th>Knowledge base</th><th>Version</th><th>Date</th><th>Licence</th></tr></thead><tbody>");
        foreach (var k in prov.Knowledge)
            h.Append("<tr><td><code>").Append(E(k.Id)).Append("</code></td><td>").Append(E(k.Version)).Append("</td><td>").Append(E(k.Date)).Append("</td><td>").Append(E(k.Licence)).Append("</td></tr>");
        h.Append("</tbody></table><h3>Inputs</h3><table><thead><tr><th>Role</th><th>File</th><th>Bytes</th><th>SHA-256</th></tr></thead><tbody>");
        foreach (var i in prov.Inputs)
        {
            h.Append("<tr><td>").Append(E(i.Role)).Append("</td><td>").Append(E(i.FileName)).Append("</td><td>")
             .Append(i.Bytes.ToString("N0", CultureInfo.InvariantCulture)).Append("</td><td><code class=\"hash\">").Append(E(i.Sha256)).Append("</code></td></tr>");
        }

        h.Append("</tbody></table></section>\n");
    }

    private static void Citations(StringBuilder h, IReadOnlyList<Citation> citations)
    {
        if (citations.Count == 0)
            return;
        h.Append("<ul class=\"citations\">");
        foreach (var c in citations)
        {
            h.Append("<li>");
            if (c.Url is not null)
                h.Append("<a href=\"").Append(E(c.Url.ToString())).Append("\">").Append(E(c.Title)).Append("</a>");
            else
                h.Append(E(c.Title));
            if (c.Publisher is not null)
                h.Append(" — ").Append(E(c.Publisher));
            if (c.Year is not null)
                h.Append(", ").Append(c.Year.Value.ToString(CultureInfo.InvariantCulture));
            h.Append("</li>");
        }

        h.Append("</ul>");
    }

    private static void Fact(StringBuilder h, string label, string? value)
    {
        if (string.IsNullOrEmpty(value))
            return;
        h.Append("<div><dt>").Append(E(label)).Append("</dt><dd>").Append(E(value)).Append("</dd></div>");
    }

    private static void List(StringBuilder h, IReadOnlyList<string> items, string empty)
    {
        if (items.Count == 0)
        {
            h.Append("<p class=\"muted\">").Append(E(empty)).Append("</p>");
            return;
        }

        h.Append("<ul>");
        foreach (var i in items)
            h.Append("<li>").Append(E(i)).Append("</li>");
        h.Append("</ul>");
    }

    /// <summary>Plain-language label for an action.</summary>
    public static string ActionLabel(RecommendationAction action) => action switch
    {
        RecommendationAction.Avoid => "Avoid",
        RecommendationAction.UseAlternative => "Use an alternative",
        RecommendationAction.AdjustDose => "Adjust dose",
        RecommendationAction.ConsiderTrial => "Consider a clinical trial",
        RecommendationAction.Screen => "Screen",
        RecommendationAction.Refer => "Refer",
        RecommendationAction.Consider => "Consider",
        RecommendationAction.Monitor => "Monitor",
        RecommendationAction.UseAsDirected => "Use as directed",
        RecommendationAction.Inform => "For information",
        _ => action.ToString(),
    };

    internal static string ActionClass(RecommendationAction action) => action switch
    {
        RecommendationAction.Avoid or RecommendationAction.UseAlternative => "urgent",
        RecommendationAction.AdjustDose => "adjust",
        RecommendationAction.UseAsDirected or RecommendationAction.Inform => "info",
        _ => "consider",
    };

    /// <summary>Scheme and level as one label ("CPIC guideline", "AMP/ASCO/CAP Tier I"), without repeating a scheme name
    /// the level already starts with (the PGx engine's levels read "CPIC guideline").</summary>
    public static string EvidenceLabel(EvidenceLevel evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var scheme = SchemeLabel(evidence.Scheme);
        return evidence.Level.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? evidence.Level : scheme + " " + evidence.Level;
    }

    /// <summary>The reader's name of an evidence scheme ("CPIC", "AMP/ASCO/CAP", "Guideline"…), for every view that shows one.</summary>
    public static string SchemeLabel(EvidenceScheme scheme) => scheme switch
    {
        EvidenceScheme.Cpic => "CPIC",
        EvidenceScheme.Dpwg => "DPWG",
        EvidenceScheme.AmpAscoCap => "AMP/ASCO/CAP",
        EvidenceScheme.OncoKbStyle => "Therapeutic level",
        EvidenceScheme.Escat => "ESCAT",
        EvidenceScheme.Civic => "CIViC",
        EvidenceScheme.ValidatedModel => "Validated model",
        EvidenceScheme.ClinicalGuideline => "Guideline",
        EvidenceScheme.PatientData => "Patient data",
        _ => scheme.ToString(),
    };

    private static string StepLabel(RationaleStepKind kind) => kind switch
    {
        RationaleStepKind.InputData => "Data",
        RationaleStepKind.Call => "Call",
        RationaleStepKind.Phenotype => "Phenotype",
        RationaleStepKind.Biomarker => "Biomarker",
        RationaleStepKind.Score => "Score",
        RationaleStepKind.Rule => "Rule",
        RationaleStepKind.Action => "Action",
        _ => kind.ToString(),
    };

    private static string StatusLabel(SectionStatus s) => s switch
    {
        SectionStatus.Available => "Assessed",
        SectionStatus.InsufficientData => "Insufficient data",
        SectionStatus.NotAvailableInThisBuild => "Not available in this build",
        SectionStatus.NoInput => "No input provided",
        _ => s.ToString(),
    };

    private static string StatusClass(SectionStatus s) => s switch
    {
        SectionStatus.Available => "ok",
        SectionStatus.InsufficientData => "warn",
        _ => "off",
    };

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    private const string LogoSvg =
        "<svg width=\"28\" height=\"28\" viewBox=\"0 0 28 28\" aria-hidden=\"true\"><circle cx=\"14\" cy=\"14\" r=\"13\" fill=\"#0b5c74\"/>" +
        "<path d=\"M9 6c6 4 4 12 10 16M19 6c-6 4-4 12-10 16\" stroke=\"#fff\" stroke-width=\"2\" fill=\"none\"/>" +
        "<path d=\"M10 10h8M10 18h8\" stroke=\"#9fd8e6\" stroke-width=\"1.5\"/></svg>";

    private const string Css = """
        :root { --ink:#1d2733; --muted:#5b6775; --line:#d8dee5; --accent:#0b5c74; --urgent:#b3261e; --adjust:#b26a00; --ok:#1e7d3a; --bg:#f6f8fa; }
        * { box-sizing: border-box; }
        body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); margin: 0; background: #fff; }
        header.top { display: flex; justify-content: space-between; align-items: center; padding: 12px 32px; border-bottom: 3px solid var(--accent); }
        .brand { display: flex; align-items: center; gap: 8px; font-weight: 700; font-size: 20px; color: var(--accent); }
        .meta { color: var(--muted); font-size: 13px; }
        .disclaimer { margin: 0; padding: 8px 32px; background: #fff4e5; border-bottom: 1px solid #f0d2a8; font-size: 13px; }
        main { max-width: 1100px; margin: 0 auto; padding: 8px 32px 32px; }
        h1 { font-size: 26px; margin: 16px 0 4px; } h2 { font-size: 20px; border-bottom: 1px solid var(--line); padding-bottom: 4px; margin-top: 32px; color: var(--accent); }
        h3 { font-size: 15px; margin: 12px 0 6px; }
        .facts { display: flex; flex-wrap: wrap; gap: 4px 28px; margin: 4px 0 12px; }
        .facts div { display: flex; gap: 6px; } dt { color: var(--muted); } dd { margin: 0; font-weight: 600; }
        .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(240px, 1fr)); gap: 12px; }
        .card { border: 1px solid var(--line); border-radius: 8px; padding: 8px 14px; background: var(--bg); break-inside: avoid; }
        .card ul { padding-left: 18px; margin: 4px 0; }
        .card.wide { grid-column: span 2; }
        .card td { white-space: nowrap; }
        @media (max-width: 700px) { .card.wide { grid-column: auto; } }
        table { border-collapse: collapse; width: 100%; font-size: 14px; }
        th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
        thead th { background: var(--bg); }
        .card table th, .card table td { padding: 2px 6px 2px 0; border: 0; background: none; }
        .muted { color: var(--muted); }
        code { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; background: #eef1f4; padding: 1px 4px; border-radius: 3px; }
        code.hash { word-break: break-all; }
        .rec { border: 1px solid var(--line); border-left: 6px solid var(--accent); border-radius: 6px; padding: 10px 16px; margin: 12px 0; break-inside: avoid; }
        .rec.urgent { border-left-color: var(--urgent); } .rec.adjust { border-left-color: var(--adjust); } .rec.info { border-left-color: var(--ok); }
        .figs { display: grid; grid-template-columns: minmax(0, 820px); gap: 16px; }
        figure.fig { margin: 8px 0; border: 1px solid var(--line); border-radius: 8px; padding: 8px; break-inside: avoid; }
        figure.fig svg { width: 100%; height: auto; display: block; } figcaption { font-size: 13px; color: var(--ink); margin-top: 4px; }
        #schedule td:nth-child(1) { width: 16%; } #schedule td:nth-child(2) { width: 26%; } #schedule td:nth-child(3) { width: 30%; }
        table.conflicts td:first-child { white-space: nowrap; } .badge.urgent { background: var(--urgent); } .badge.adjust { background: var(--adjust); } .badge.info { background: var(--ok); }
        .rec-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: 8px; }
        .badge { display: inline-block; padding: 1px 8px; border-radius: 10px; background: var(--accent); color: #fff; font-size: 12px; font-weight: 600; }
        .rec.urgent .badge { background: var(--urgent); } .rec.adjust .badge { background: var(--adjust); } .rec.info .badge { background: var(--ok); }
        .evidence { margin-left: auto; color: var(--muted); font-size: 13px; }
        .patient-text { background: #eef7f1; padding: 6px 10px; border-radius: 4px; }
        .chain { margin: 4px 0; padding-left: 22px; } .step { display: inline-block; min-width: 72px; font-size: 12px; color: var(--muted); text-transform: uppercase; }
        .source { font-size: 13px; color: var(--muted); } .citations { font-size: 13px; }
        .pill { display: inline-block; padding: 0 8px; border-radius: 10px; font-size: 12px; font-weight: 600; }
        .pill.ok { background: #dcf1e2; color: var(--ok); } .pill.warn { background: #fff0d6; color: var(--adjust); } .pill.off { background: #eceff2; color: var(--muted); }
        .flag { color: var(--adjust); font-size: 13px; }
        footer { border-top: 1px solid var(--line); padding: 12px 32px; color: var(--muted); font-size: 12px; }
        a { color: var(--accent); }
        @media print {
          @page { margin: 12mm; }
          body { font-size: 10pt; } header.top, .disclaimer { padding-left: 0; padding-right: 0; } main { max-width: none; padding: 0; }
          details { display: block; } details > summary { list-style: none; } a { color: inherit; text-decoration: none; }
          /* A long recommendation may continue on the next page (keeping each whole left half pages empty); its head,
             paragraphs and rationale steps stay whole. */
          .rec { break-inside: auto; margin: 8px 0; } .rec p, .rec li { break-inside: avoid; } p { orphans: 3; widows: 3; }
          .card, tr, figure.fig { break-inside: avoid; } h2, h3 { break-after: avoid; }
        }

        """;
}

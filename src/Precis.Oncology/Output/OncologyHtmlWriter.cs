using System.Globalization;
using System.Net;
using Precis.Core;
using Precis.Oncology.Annotation;

namespace Precis.Oncology.Output;

/// <summary>
/// A self-contained HTML page of an oncology report: the cohort summary for several samples, then per sample the TMB
/// and the Tier I/II matches with their source, levels and citations. No scripts, no external resources.
/// </summary>
public static class OncologyHtmlWriter
{
    /// <summary>Most samples given a section of their own; the cohort table still counts all of them.</summary>
    public const int MaxSampleSections = 2_000;

    /// <summary>Writes the page.</summary>
    public static void Write(OncologyReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        var w = output;
        w.WriteLine("<!DOCTYPE html>");
        w.WriteLine("<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Precis oncology report</title>");
        w.WriteLine("<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #bbb;padding:.25em .5em;text-align:left;vertical-align:top}th{background:#eee}.tier1{background:#fde2e2}.note{color:#555}</style></head><body>");
        w.WriteLine("<h1>Oncology: actionable alterations</h1>");
        w.WriteLine($"<p class=\"note\">{E(Disclaimers.ResearchUse)}</p>");
        w.WriteLine("<ul>" + string.Concat(report.InputNotes.Select(n => $"<li>{E(n)}</li>")) + "</ul>");

        if (report.Samples.Count > 1)
        {
            var c = CohortSummary.From(report);
            w.WriteLine("<section id=\"cohort\"><h2>Cohort summary</h2><table>");
            Row(w, "Samples", I(c.Samples));
            Row(w, "Variant rows", I(c.Variants));
            Row(w, "Non-synonymous rows", I(c.NonSynonymous));
            Row(w, "Genes mutated (non-synonymous)", I(c.GenesMutated));
            Row(w, "Median TMB (mut/Mb)", c.MedianTmbPerMegabase is { } m ? m.ToString("0.####", CultureInfo.InvariantCulture) : "not computed");
            Row(w, "Samples with a Tier I match", I(c.SamplesWithTierI));
            w.WriteLine("</table><h3>Most frequently mutated genes</h3><table><tr><th>gene</th><th>samples</th></tr>");
            foreach (var (gene, samples) in c.TopGenes)
                w.WriteLine($"<tr><td>{E(gene)}</td><td>{I(samples)}</td></tr>");
            w.WriteLine("</table><h3>Tier I biomarkers</h3>");
            if (c.Actionable.Count == 0)
                w.WriteLine("<p>No sample met a Tier I biomarker of the knowledge base.</p>");
            else
            {
                w.WriteLine("<table><tr><th>biomarker</th><th>samples</th></tr>");
                foreach (var (biomarker, samples) in c.Actionable)
                    w.WriteLine($"<tr><td>{E(biomarker)}</td><td>{I(samples)}</td></tr>");
                w.WriteLine("</table>");
            }

            w.WriteLine("</section>");
        }

        foreach (var s in report.Samples.Take(MaxSampleSections))
        {
            w.WriteLine($"<section class=\"sample\"><h2>{E(s.Sample)} <small>(tumour type {E(s.TumourType ?? "unknown")})</small></h2>");
            if (s.Tmb is { } t)
                w.WriteLine($"<p>TMB {t.PerMegabase.ToString("0.##", CultureInfo.InvariantCulture)} mut/Mb{(t.IsHigh ? " — TMB-high" : "")}{(t.IsHypermutated ? ", hypermutated" : "")}. <span class=\"note\">{E(t.Explanation)}</span></p>");
            if (report.TmbComparisons.GetValueOrDefault(s.Sample) is { } cmp)
                w.WriteLine($"<p>TMB vs TCGA: {E(cmp.Explanation)}</p>");
            var shown = s.Matches.Where(m => m.Tier.AmpTier is "Tier I" or "Tier II").ToList();
            if (shown.Count == 0)
                w.WriteLine("<p>No Tier I or II match (this is not a statement that the tumour has no actionable alteration: see 'not assessed').</p>");
            else
            {
                w.WriteLine("<table><tr><th>tier</th><th>alteration</th><th>biomarker</th><th>therapy / significance</th><th>disease (match)</th><th>OncoKB-style · ESCAT</th><th>source</th></tr>");
                foreach (var m in shown)
                {
                    var what = m.Evidence.Therapies.Count > 0 ? $"{m.Evidence.TherapyLabel} ({m.Evidence.Significance})" : m.Evidence.Type + " " + m.Evidence.Significance;
                    var cites = string.Join(", ", m.Evidence.Citations.Select(ci => ci.Url is { } u ? $"<a href=\"{E(u.ToString())}\">{E(ci.Id)}</a>" : E(ci.Id)));
                    w.WriteLine($"<tr class=\"{(m.Tier.AmpTier == "Tier I" ? "tier1" : "")}\"><td>{E(m.Tier.AmpLabel)}</td><td>{E(string.Join("; ", m.Hits.Select(h => h.InputLabel).Distinct()))}</td>" +
                        $"<td>{E(m.Evidence.BiomarkerText)}</td><td>{E(what)}{(m.ArguesAgainst.Count > 0 ? "; argues against " + E(string.Join(", ", m.ArguesAgainst)) : "")}</td>" +
                        $"<td>{E(m.Evidence.Disease.Name)} ({E(m.Disease.ToString())})</td><td>{E(m.Tier.OncoKbStyle)} · {E(m.Tier.Escat)}</td>" +
                        $"<td>{E(m.Evidence.KnowledgeBaseId)} {E(m.Evidence.KnowledgeBaseVersion)} {E(m.Evidence.Id)}; {cites}</td></tr>");
                }

                w.WriteLine("</table>");
            }

            if (s.NotAssessed.Count > 0)
                w.WriteLine("<p class=\"note\">Not assessed: " + E(string.Join("; ", s.NotAssessed)) + "</p>");
            w.WriteLine("</section>");
        }

        if (report.Samples.Count > MaxSampleSections)
            w.WriteLine($"<p>{I(report.Samples.Count - MaxSampleSections)} more samples are in the JSON and TSV outputs.</p>");
        w.WriteLine("<p class=\"note\">Knowledge: " + E(string.Join(", ", report.Knowledge.Select(k => $"{k.Id} {k.Version} ({k.Licence})"))) + ". OncoKB level names only; no OncoKB content.</p>");
        w.WriteLine("</body></html>");
    }

    private static void Row(TextWriter w, string name, string value) => w.WriteLine($"<tr><th>{E(name)}</th><td>{E(value)}</td></tr>");

    private static string E(string s) => WebUtility.HtmlEncode(s);

    private static string I(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
}

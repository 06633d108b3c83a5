using System.Globalization;
using System.Net;
using Precis.Core;
using Precis.Knowledge;
using Precis.Pharmacogenomics.Phenotypes;
using Precis.Pharmacogenomics.Recommendations;

namespace Precis.Pharmacogenomics.Output;

/// <summary>
/// The pharmacogenomics result as a self-contained HTML document (no script, no external style or image; links only
/// to guideline pages and PubMed): per sample a gene table (diplotype, phenotype, activity score, missing positions,
/// phenoconversion before → after) and per drug the matched CPIC/DPWG recommendations with strength, population,
/// alternatives, guideline text, the guideline link and the citations, and the attribution every CC BY-SA source
/// requires. The full plan (<c>Precis.Reporting.PlanHtml</c>) renders the plan's pharmacogenomics section; this is
/// the engine's own report for <c>precis pgx call --format html</c>.
/// </summary>
public static class PgxHtmlWriter
{
    public static void Write(TextWriter w, IReadOnlyList<PgxSampleReport> reports, IReadOnlyList<KnowledgeSource> sources, string engineVersion)
    {
        WriteHeader(w, sources, engineVersion);
        foreach (var r in reports)
            WriteSample(w, r, sources);
        WriteFooter(w);
    }

    /// <summary>Document start: title, style, notice, knowledge versions and attributions.</summary>
    public static void WriteHeader(TextWriter w, IReadOnlyList<KnowledgeSource> sources, string engineVersion)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(sources);
        w.Write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Pharmacogenomics report</title>\n<style>\n");
        w.Write(Css);
        w.Write("</style>\n</head>\n<body>\n<h1>Pharmacogenomics report</h1>\n");
        w.Write("<p class=\"notice\">Research use only; not a medical device. Talk to a doctor before changing any medicine.</p>\n");
        w.Write(string.Create(CultureInfo.InvariantCulture, $"<p class=\"meta\">precis pgx {E(engineVersion)}</p>\n"));
        w.Write("<section class=\"sources\"><h2>Knowledge</h2><ul>\n");
        foreach (var s in sources)
            w.Write($"<li><span class=\"kb\">{E(s.Id)}</span> {E(s.Version)} ({E(s.Date)}, {E(s.Licence)}): {E(s.Title)}</li>\n");
        w.Write("</ul>\n");
        foreach (var s in sources.Where(IsAttributed))
            w.Write($"<p class=\"attribution\">{E(s.Attribution!)}</p>\n");
        w.Write("</section>\n");
    }

    /// <summary>One sample: genes, then drugs.</summary>
    public static void WriteSample(TextWriter w, PgxSampleReport r, IReadOnlyList<KnowledgeSource> sources)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(sources);
        w.Write($"<section class=\"sample\" data-sample=\"{E(r.SampleId)}\">\n<h2>Sample {E(r.SampleId)}</h2>\n");
        w.Write("<table class=\"genes\">\n<thead><tr><th>Gene</th><th>Diplotype</th><th>Phenotype</th><th>Activity score</th><th>Source</th><th>Missing positions</th><th>Phenoconversion</th><th>Notes</th></tr></thead>\n<tbody>\n");
        foreach (var g in r.Genes)
            WriteGene(w, g);
        w.Write("</tbody>\n</table>\n");

        if (r.Drugs.Count > 0)
        {
            w.Write("<h3>Medications</h3>\n");
            foreach (var d in r.Drugs)
                WriteDrug(w, d);
        }
        else
        {
            w.Write("<p class=\"no-drugs\">No medications given: no drug was looked up.</p>\n");
        }

        w.Write("</section>\n");
    }

    public static void WriteFooter(TextWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.Write("</body>\n</html>\n");
    }

    private static void WriteGene(TextWriter w, GeneResult g)
    {
        var conversion = g.Conversion;
        w.Write($"<tr data-gene=\"{E(g.Gene)}\"><td class=\"gene\">{E(g.Gene)}</td>");
        w.Write($"<td class=\"diplotype\">{E(g.Diplotype ?? "—")}</td>");
        w.Write($"<td class=\"phenotype\">{E(g.Phenotype)}</td>");
        w.Write($"<td class=\"activity\">{E(g.ActivityScore ?? "")}</td>");
        w.Write($"<td class=\"origin\">{E(g.Origin)}</td>");
        var missing = g.Call.MissingPositions;
        w.Write("<td class=\"missing\">");
        if (missing.Count > 0)
        {
            w.Write(string.Create(CultureInfo.InvariantCulture, $"<details><summary>{missing.Count} not tested (not assumed reference)</summary>{E(string.Join(", ", missing))}</details>"));
            if (g.Call.MissingAmp1Positions.Count > 0)
                w.Write($"<p class=\"amp1\">AMP tier-1 positions missing: {E(string.Join(", ", g.Call.MissingAmp1Positions))}</p>");
        }

        w.Write("</td><td class=\"phenoconversion\">");
        if (conversion is not null)
        {
            var before = conversion.PredictedActivityScore is null ? conversion.PredictedPhenotype : $"{conversion.PredictedPhenotype} (activity score {conversion.PredictedActivityScore})";
            var after = conversion.FunctionalActivityScore is null ? conversion.FunctionalPhenotype : $"{conversion.FunctionalPhenotype} (activity score {conversion.FunctionalActivityScore})";
            w.Write($"<span class=\"before\">{E(before)}</span> → <span class=\"after\">{E(after)}</span>");
            w.Write($"<p class=\"rule\">{E(conversion.Drug)} ({E(conversion.Strength)} {E(conversion.Effect)}): {E(conversion.RuleStatement)} — {E(conversion.KnowledgeBaseId)} {E(conversion.KnowledgeBaseVersion)}, rule {E(conversion.RuleId)}; {Citations(conversion.Citations)}</p>");
        }

        w.Write("</td><td class=\"notes\">");
        var notes = g.Call.Notes.Concat(g.Notes).ToList();
        if (g.Call.UndocumentedVariations.Count > 0)
            notes.Add("undocumented variation: " + string.Join("; ", g.Call.UndocumentedVariations));
        if (notes.Count > 0)
            w.Write("<ul>" + string.Concat(notes.Select(n => $"<li>{E(n)}</li>")) + "</ul>");
        w.Write("</td></tr>\n");
    }

    private static void WriteDrug(TextWriter w, DrugResult d)
    {
        w.Write($"<article class=\"drug\" data-drug=\"{E(d.Drug)}\" data-outcome=\"{E(d.Outcome.ToString())}\">\n");
        w.Write($"<h4>{E(d.Drug)}{(d.RxNorm is null ? "" : $" <span class=\"rxnorm\">RxNorm {E(d.RxNorm)}</span>")}</h4>\n");
        w.Write($"<p class=\"message\">{E(d.Message)}</p>\n");
        foreach (var m in d.Matches)
        {
            var rec = m.Recommendation;
            w.Write($"<div class=\"recommendation\" data-source=\"{E(rec.Source)}\" data-id=\"{E(rec.Id)}\">\n");
            w.Write($"<p class=\"summary\"><span class=\"badge {E(rec.Source.ToLowerInvariant())}\">{E(rec.Source)}</span> {E(rec.Summary)}</p>\n<dl>\n");
            w.Write($"<dt>Strength</dt><dd class=\"strength\">{E(rec.Strength)}</dd>\n");
            if (!string.IsNullOrEmpty(rec.Population))
                w.Write($"<dt>Population</dt><dd class=\"population\">{E(rec.Population)}</dd>\n");
            w.Write($"<dt>Matched on</dt><dd class=\"lookup\">{E(string.Join(", ", rec.Lookup.Select(kv => $"{kv.Key} {kv.Value}")))}</dd>\n");
            if (rec.Alternatives.Count > 0)
                w.Write($"<dt>Alternatives named</dt><dd class=\"alternatives\">{E(string.Join(", ", rec.Alternatives))}</dd>\n");
            w.Write($"<dt>Guideline text</dt><dd class=\"source-text\">{E(rec.SourceText)}</dd>\n");
            w.Write($"<dt>Guideline</dt><dd class=\"guideline\"><a href=\"{E(rec.GuidelineUrl)}\">{E(rec.GuidelineName)}</a></dd>\n");
            var citations = rec.Citations.Select(id => m.Source.Citations.FirstOrDefault(c => c.Id == id)).OfType<Citation>().ToList();
            if (citations.Count > 0)
                w.Write($"<dt>Citations</dt><dd class=\"citations\">{Citations(citations)}</dd>\n");
            w.Write($"<dt>Knowledge</dt><dd class=\"knowledge\">{E(m.Source.Id)} {E(m.Source.Version)} ({E(m.Source.Licence)}), entry {E(rec.Id)}</dd>\n");
            if (IsAttributed(m.Source))
                w.Write($"<dt>Attribution</dt><dd class=\"attribution\">{E(m.Source.Attribution!)}</dd>\n");
            w.Write("</dl>\n</div>\n");
        }

        w.Write("</article>\n");
    }

    private static bool IsAttributed(KnowledgeSource s) => s.Attribution is not null && s.Licence.StartsWith("CC-BY", StringComparison.Ordinal);

    private static string Citations(IEnumerable<Citation> citations) =>
        string.Join("; ", citations.Select(c => c.Url is { } url && url.Scheme == Uri.UriSchemeHttps
            ? $"<a href=\"{E(url.AbsoluteUri)}\" title=\"{E(c.Title)}\">{E(c.Id)}</a>"
            : E(c.Id)));

    private static string E(string s) => WebUtility.HtmlEncode(s);

    private const string Css = """
        body { font-family: system-ui, sans-serif; margin: 2em; color: #1a1a1a; max-width: 72em; }
        .notice { background: #fff4e5; border-left: 4px solid #e08a00; padding: .5em 1em; }
        .meta, .attribution { color: #555; font-size: .9em; }
        table.genes { border-collapse: collapse; width: 100%; font-size: .92em; }
        table.genes th, table.genes td { border: 1px solid #ccc; padding: .3em .5em; vertical-align: top; text-align: left; }
        table.genes th { background: #f0f3f7; }
        .before { text-decoration: line-through; color: #777; }
        .after { font-weight: 600; }
        .rule, .amp1 { font-size: .85em; color: #444; margin: .2em 0; }
        article.drug { border-top: 1px solid #ddd; margin-top: 1em; }
        .recommendation { margin: .5em 0 1em 1em; }
        .badge { display: inline-block; padding: 0 .4em; border-radius: 3px; color: #fff; background: #3a6ea5; font-size: .8em; }
        .badge.dpwg { background: #6a4c93; }
        dl { display: grid; grid-template-columns: 10em 1fr; gap: .2em .8em; margin: .3em 0; }
        dt { color: #555; }
        dd { margin: 0; }
        @media print { body { margin: 0; } details { display: block; } }

        """;
}

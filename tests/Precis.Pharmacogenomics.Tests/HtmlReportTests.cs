using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Precis.Pharmacogenomics.Input;
using Precis.Pharmacogenomics.Output;

namespace Precis.Pharmacogenomics.Tests;

/// <summary>The engine's own HTML report (precis pgx call --format html), parsed with an HTML5 parser.</summary>
public sealed class HtmlReportTests
{
    private static readonly PgxEngine Engine = new(GenotypeBuilder.Knowledge);

    private static (string Html, IDocument Doc) Render(string sampleId = "TEST-001")
    {
        // CYP2C19 *2/*2 from genotypes (other genes not in the input), CYP2D6 *1/*1 from an outside call, and
        // paroxetine (a strong CYP2D6 inhibitor) among the medications.
        var sample = new GenotypeBuilder().Reference("CYP2C19").Allele("CYP2C19", "*2", 2).Build() with { SampleId = sampleId };
        var outside = OutsideCallReader.Read(new StringReader("CYP2D6\t*1/*1\n"), "calls.tsv", GenotypeBuilder.Knowledge);
        string[] meds = ["paroxetine", "codeine", "clopidogrel"];
        var genes = Engine.Phenoconvert(Engine.CallGenes(sample, outside), meds);
        var report = new PgxSampleReport(sample.SampleId, genes, Engine.Recommend(genes, meds));
        var w = new StringWriter();
        PgxHtmlWriter.Write(w, [report], GenotypeBuilder.Knowledge.Sources, "test");
        var html = w.ToString();
        return (html, new HtmlParser().ParseDocument(html));
    }

    [Fact]
    public void The_report_is_self_contained_and_well_formed()
    {
        var (html, doc) = Render();
        Assert.Empty(doc.QuerySelectorAll("script, link, img, iframe"));
        Assert.DoesNotContain("@import", html, StringComparison.Ordinal);
        Assert.NotNull(doc.QuerySelector("head > style"));
        Assert.Equal("Pharmacogenomics report", doc.Title);
        // Every link goes to a guideline page or PubMed over https.
        var hrefs = doc.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")!).ToList();
        Assert.NotEmpty(hrefs);
        Assert.All(hrefs, h => Assert.Matches("^https://(www\\.pharmgkb\\.org|www\\.clinpgx\\.org|pubmed\\.ncbi\\.nlm\\.nih\\.gov|cpicpgx\\.org|www\\.fda\\.gov)/", h));
        Assert.Contains("Research use only", doc.QuerySelector(".notice")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Genes_show_diplotype_phenotype_activity_score_missing_positions_and_phenoconversion_before_and_after()
    {
        var (_, doc) = Render();
        IElement Row(string gene) => doc.QuerySelector($"tr[data-gene='{gene}']")!;

        var c19 = Row("CYP2C19");
        Assert.Equal("*2/*2", c19.QuerySelector(".diplotype")!.TextContent);
        Assert.Equal("Poor Metabolizer", c19.QuerySelector(".phenotype")!.TextContent);
        Assert.Empty(c19.QuerySelector(".missing")!.TextContent);

        var c9 = Row("CYP2C9");
        Assert.Equal("CYP2C9", c9.QuerySelector(".gene")!.TextContent);
        Assert.Matches("^[0-9]+ not tested \\(not assumed reference\\)$", c9.QuerySelector(".missing summary")!.TextContent);

        var d6 = Row("CYP2D6");
        Assert.Equal("*1/*1", d6.QuerySelector(".diplotype")!.TextContent);
        Assert.Equal("outside call", d6.QuerySelector(".origin")!.TextContent);
        Assert.Equal("Poor Metabolizer", d6.QuerySelector(".phenotype")!.TextContent);
        Assert.Equal("0.0", d6.QuerySelector(".activity")!.TextContent);
        Assert.Equal("Normal Metabolizer (activity score 2.0)", d6.QuerySelector(".phenoconversion .before")!.TextContent);
        Assert.Equal("Poor Metabolizer (activity score 0.0)", d6.QuerySelector(".phenoconversion .after")!.TextContent);
        var rule = d6.QuerySelector(".phenoconversion .rule")!;
        Assert.Contains("paroxetine (strong inhibitor)", rule.TextContent, StringComparison.Ordinal);
        Assert.Contains(rule.QuerySelectorAll("a"), a => a.GetAttribute("href") == "https://pubmed.ncbi.nlm.nih.gov/34231197/");
    }

    [Fact]
    public void Drugs_show_CPIC_and_DPWG_recommendations_with_strength_guideline_link_citations_and_DPWG_attribution()
    {
        var (_, doc) = Render();
        var clopidogrel = doc.QuerySelector("article[data-drug='clopidogrel']")!;
        Assert.Equal("Recommendation", clopidogrel.GetAttribute("data-outcome"));
        var cpic = clopidogrel.QuerySelector(".recommendation[data-source='CPIC']")!;
        Assert.False(string.IsNullOrWhiteSpace(cpic.QuerySelector(".strength")!.TextContent));
        Assert.Contains("CYP2C19 Poor Metabolizer", cpic.QuerySelector(".lookup")!.TextContent, StringComparison.Ordinal);
        Assert.StartsWith("https://www.pharmgkb.org/guidelineAnnotation/", cpic.QuerySelector(".guideline a")!.GetAttribute("href"), StringComparison.Ordinal);
        Assert.Contains(cpic.QuerySelectorAll(".citations a"), a => a.GetAttribute("href")!.StartsWith("https://pubmed.ncbi.nlm.nih.gov/", StringComparison.Ordinal));
        Assert.Contains("prasugrel", cpic.QuerySelector(".alternatives")!.TextContent, StringComparison.Ordinal);
        Assert.Null(cpic.QuerySelector(".attribution"));

        var dpwg = clopidogrel.QuerySelector(".recommendation[data-source='DPWG']")!;
        var attribution = GenotypeBuilder.Knowledge.Sources.Single(s => s.Id == "precis-pgx-dpwg").Attribution!;
        Assert.Equal(attribution, dpwg.QuerySelector(".attribution")!.TextContent);
        Assert.Contains(doc.QuerySelectorAll("section.sources .attribution"), p => p.TextContent == attribution);

        // Codeine is looked up with the functional (phenoconverted) CYP2D6 result.
        var codeine = doc.QuerySelector("article[data-drug='codeine'] .recommendation[data-source='CPIC'] .lookup")!;
        Assert.Equal("CYP2D6 0.0", codeine.TextContent);
    }

    [Fact]
    public void Text_from_the_input_is_escaped()
    {
        var (html, doc) = Render("A<b>&\"C");
        Assert.Equal("Sample A<b>&\"C", doc.QuerySelector("section.sample h2")!.TextContent);
        Assert.Equal("A<b>&\"C", doc.QuerySelector("section.sample")!.GetAttribute("data-sample"));
        Assert.Empty(doc.QuerySelectorAll("section.sample h2 b"));
        Assert.DoesNotContain("A<b>", html, StringComparison.Ordinal);
    }
}

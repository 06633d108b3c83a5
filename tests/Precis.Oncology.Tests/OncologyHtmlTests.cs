using System.IO.Compression;
using Precis.Oncology.Annotation;
using Precis.Oncology.Knowledge;
using Precis.Oncology.Output;
using Precis.Testing;

namespace Precis.Oncology.Tests;

/// <summary>The HTML page: the cohort summary of a multi-sample MAF and escaped sample content.</summary>
public sealed class OncologyHtmlTests
{
    private static readonly OncologyAnnotator Annotator = new(OncologyKnowledge.Embedded());

    [SkippableFact]
    public void TCGA_LAML_cohort_page_has_the_maftools_counts_and_the_most_mutated_gene_counted_from_the_MAF_text()
    {
        var maf = TestPaths.Shared("oncology/maftools/tcga_laml.maf.gz");
        var report = OncologyPipeline.Run(new OncologyRequest { TumourPath = maf, TumourType = "AML" }, Annotator);
        var w = new StringWriter();
        OncologyHtmlWriter.Write(report, w);
        var html = w.ToString();

        Assert.Contains("<tr><th>Samples</th><td>193</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><th>Non-synonymous rows</th><td>1,732</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><th>Genes mutated (non-synonymous)</th><td>1,241</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><th>Median TMB (mut/Mb)</th><td>0.18</td></tr>", html, StringComparison.Ordinal);

        // The most mutated gene, counted independently: distinct samples per gene over the non-synonymous rows.
        var nonSyn = new HashSet<string>(StringComparer.Ordinal) { "Frame_Shift_Del", "Frame_Shift_Ins", "Splice_Site", "Translation_Start_Site", "Nonsense_Mutation", "Nonstop_Mutation", "In_Frame_Del", "In_Frame_Ins", "Missense_Mutation" };
        using var reader = new StreamReader(new GZipStream(File.OpenRead(maf), CompressionMode.Decompress));
        var header = reader.ReadLine()!.Split('\t');
        var (gene, cls, sample) = (Array.IndexOf(header, "Hugo_Symbol"), Array.IndexOf(header, "Variant_Classification"), Array.IndexOf(header, "Tumor_Sample_Barcode"));
        var perGene = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            var f = line.Split('\t');
            if (!nonSyn.Contains(f[cls]))
                continue;
            if (!perGene.TryGetValue(f[gene], out var set))
                perGene[f[gene]] = set = [];
            set.Add(f[sample]);
        }

        var top = perGene.OrderByDescending(p => p.Value.Count).ThenBy(p => p.Key, StringComparer.Ordinal).First();
        var topRow = html.IndexOf("<h3>Most frequently mutated genes</h3>", StringComparison.Ordinal);
        Assert.True(topRow > 0);
        Assert.StartsWith($"<h3>Most frequently mutated genes</h3><table><tr><th>gene</th><th>samples</th></tr>{Environment.NewLine}<tr><td>{top.Key}</td><td>{top.Value.Count}</td></tr>", html[topRow..], StringComparison.Ordinal);
        Assert.Equal(193, html.Split("<section class=\"sample\">").Length - 1);
    }

    [Fact]
    public void Sample_names_and_values_from_the_input_are_escaped()
    {
        var dir = TestPaths.TempDir();
        var maf = Path.Combine(dir, "x.maf");
        File.WriteAllLines(maf, ["Hugo_Symbol\tVariant_Classification\tTumor_Sample_Barcode\tHGVSp_Short", "BRAF\tMissense_Mutation\tS<script>1\tp.V600E"]);
        var w = new StringWriter();
        OncologyHtmlWriter.Write(OncologyPipeline.Run(new OncologyRequest { TumourPath = maf, TumourType = "MEL" }, Annotator), w);
        var html = w.ToString();
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("S&lt;script&gt;1", html, StringComparison.Ordinal);
        Assert.Contains("<td>Tier IA</td>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"cohort\"", html, StringComparison.Ordinal); // one sample: no cohort summary
    }
}

using Precis.Oncology.Annotation;
using Precis.Oncology.Inputs;
using Precis.Oncology.Knowledge;
using Precis.Oncology.Output;
using Precis.Testing;

namespace Precis.Oncology.Tests;

/// <summary>The annotated MAF: input columns kept, the annotator's 27 columns filled from our knowledge, read back.</summary>
public sealed class AnnotatedMafTests
{
    private static readonly OncologyKnowledge Kb = OncologyKnowledge.Embedded();
    private static readonly OncologyAnnotator Annotator = new(Kb);

    private static (string[] Header, List<string[]> Rows, string[] Comments) Annotate(OncologyRequest request)
    {
        var report = OncologyPipeline.Run(request, Annotator);
        var w = new StringWriter();
        AnnotatedMafWriter.Write(report, request.TumourPath, Kb, w);
        var lines = w.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        var comments = lines.Where(l => l.StartsWith('#')).ToArray();
        var data = lines.Where(l => !l.StartsWith('#')).ToList();
        return (data[0].Split('\t'), data.Skip(1).Select(l => l.Split('\t')).ToList(), comments);
    }

    [SkippableFact]
    public void PCGR_colorectal_T001_annotated_MAF_has_BRAF_V600E_at_LEVEL_1_with_encorafenib_and_cetuximab()
    {
        var (header, rows, comments) = Annotate(new OncologyRequest { TumourPath = TestPaths.Shared("oncology/pcgr/T001-COAD.grch37.vcf.gz"), TumourType = "COADREAD" });
        Assert.Equal([.. AnnotatedMafWriter.VcfMafColumns, .. AnnotatedMafWriter.AnnotatorColumns, .. AnnotatedMafWriter.PrecisColumns], header);
        Assert.Equal(27, AnnotatedMafWriter.AnnotatorColumns.Count);
        Assert.Equal(3317, rows.Count);
        Assert.All(rows, r => Assert.Equal(header.Length, r.Length));
        string Cell(string[] row, string column) => row[Array.IndexOf(header, column)];
        var braf = Assert.Single(rows, r => Cell(r, "Chromosome") == "7" && Cell(r, "Start_Position") == "140453136");
        Assert.Equal(("A", "T"), (Cell(braf, "Reference_Allele"), Cell(braf, "Tumor_Seq_Allele2")));
        Assert.Equal("True", Cell(braf, "VARIANT_IN_ONCOKB"));
        Assert.Contains("encorafenib + cetuximab", Cell(braf, "LEVEL_1").Split(','));
        Assert.Equal(("LEVEL_1", "LEVEL_1", ""), (Cell(braf, "HIGHEST_LEVEL"), Cell(braf, "HIGHEST_SENSITIVE_LEVEL"), Cell(braf, "HIGHEST_RESISTANCE_LEVEL")));
        Assert.Contains("dabrafenib + trametinib", Cell(braf, "LEVEL_3B").Split(',')); // the tissue-agnostic label excludes colorectal
        Assert.Equal("Tier IA", Cell(braf, "PRECIS_AMP_TIER"));
        Assert.StartsWith("precis-oncology-biomarkers ", Cell(braf, "PRECIS_KNOWLEDGE"), StringComparison.Ordinal);
        Assert.NotEmpty(Cell(braf, "TX_CITATIONS"));
        Assert.Equal("Unknown", Cell(braf, "ONCOGENIC")); // our knowledge does not curate oncogenicity: never guessed
        Assert.Equal(3316, rows.Count(r => Cell(r, "VARIANT_IN_ONCOKB") == "False"));
        Assert.Contains("no OncoKB content", Assert.Single(comments), StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Annotator_example_MAF_keeps_its_13_columns_and_17_rows_in_order_and_reads_back_as_a_MAF()
    {
        var input = TestPaths.Shared("oncology/oncokb-annotator/example_maf.txt");
        var clinical = File.ReadAllLines(TestPaths.Shared("oncology/oncokb-annotator/example_clinical.txt")).Skip(1).Select(l => l.Split('\t')).ToDictionary(f => f[0], f => f[1]);
        var (header, rows, _) = Annotate(new OncologyRequest { TumourPath = input, SampleTumourTypes = clinical });
        var original = File.ReadAllLines(input).Where(l => l.Length > 0).ToList();
        var originalHeader = original[0].Split('\t');
        Assert.Equal(13, originalHeader.Length);
        Assert.Equal([.. originalHeader, .. AnnotatedMafWriter.AnnotatorColumns, .. AnnotatedMafWriter.PrecisColumns], header);
        Assert.Equal(17, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var source = original[i + 1].Split('\t');
            Assert.Equal(source, rows[i].Take(source.Length)); // every original cell unchanged, rows in input order
            Assert.Equal(header.Length, rows[i].Length);
        }

        string Cell(string[] row, string column) => row[Array.IndexOf(header, column)];
        // Both KRAS G12C rows (the SNV and the delins representation) of the LUAD sample: sotorasib at level 1.
        var kras = rows.Where(r => Cell(r, "Hugo_Symbol") == "KRAS").ToList();
        Assert.Equal(2, kras.Count);
        Assert.All(kras, r => Assert.Equal("LEVEL_1", Cell(r, "HIGHEST_LEVEL")));
        Assert.All(kras, r => Assert.Contains("sotorasib", Cell(r, "LEVEL_1").Split(',')));
        Assert.Equal("False", Cell(rows.Single(r => Cell(r, "Hugo_Symbol") == "CUL1"), "VARIANT_IN_ONCOKB"));

        // The written file reads back through our own MAF reader with the same variants.
        var path = Path.Combine(TestPaths.TempDir(), "annotated.maf");
        using (var w = new StreamWriter(path))
            AnnotatedMafWriter.Write(OncologyPipeline.Run(new OncologyRequest { TumourPath = input, SampleTumourTypes = clinical }, Annotator), input, Kb, w);
        var back = MafReader.Read(path);
        Assert.Equal(MafReader.Read(input).Variants.Select(v => (v.Sample, v.Gene, v.Protein?.Text)), back.Variants.Select(v => (v.Sample, v.Gene, v.Protein?.Text)));
    }
}

using Precis.Core;
using Precis.Oncology.Inputs;
using Precis.Testing;

namespace Precis.Oncology.Tests;

/// <summary>MAF dialects, copy number and fusion inputs, on the staged public files and on bad input.</summary>
public sealed class InputReaderTests
{
    private static MafFile ReadText(string text, string name = "t.maf") => MafReader.Read(new StringReader(text), name);

    [SkippableFact]
    public void TCGA_LAML_MAF_has_193_samples_and_1732_non_synonymous_rows_in_1241_genes()
    {
        var maf = MafReader.Read(TestPaths.Shared("oncology/maftools/tcga_laml.maf.gz"));
        Assert.Equal(MafDialect.TcgaProteinChange, maf.Dialect);
        Assert.Equal("Protein_Change", maf.ProteinColumn);
        Assert.Equal(2207, maf.Variants.Count);
        Assert.Equal(193, maf.Samples.Count);
        var nonSyn = maf.Variants.Where(v => v.IsNonSynonymous).ToList();
        Assert.Equal(1732, nonSyn.Count);
        Assert.Equal(1241, nonSyn.Select(v => v.Gene).Distinct().Count());
        Assert.Equal(192, nonSyn.Select(v => v.Sample).Distinct().Count());
        Assert.Equal(26, maf.Variants.Count(v => v.Gene == "NPM1" && v.Protein?.Text == "WQ288fs"));
        Assert.Equal(19, maf.Variants.Count(v => v.Gene == "DNMT3A" && v.Protein?.Text == "R882H"));
        Assert.Contains(maf.Variants, v => v.Gene == "FLT3" && v.Protein?.Text == "599_600insDFREYEY");
    }

    [SkippableFact]
    public void OncoKB_annotator_example_MAF_prefers_HGVSp_Short_and_keeps_protein_only_rows()
    {
        var maf = MafReader.Read(TestPaths.Shared("oncology/oncokb-annotator/example_maf.txt"));
        Assert.Equal("HGVSp_Short", maf.ProteinColumn);
        Assert.Equal(MafDialect.CBioPortal, maf.Dialect);
        Assert.Equal(17, maf.Variants.Count);
        var fgfr2 = maf.Variants.Single(v => v.Gene == "FGFR2");
        Assert.Equal("Q212K", fgfr2.Protein!.Text); // HGVSp_Short wins over HGVSp "Gln121Lys"
        var cul1 = maf.Variants.Single(v => v.Gene == "CUL1");
        Assert.Null(cul1.Start);
        Assert.Equal("M232T", maf.Variants.Single(v => v.Gene == "MYD88").Protein!.Text);
        Assert.Equal("X1445_splice", maf.Variants.Single(v => v.Gene == "NF1").Protein!.Text);
        var tert = maf.Variants.Single(v => v.Gene == "TERT");
        Assert.Null(tert.Protein);
        Assert.False(tert.IsNonSynonymous);
        var kras = maf.Variants.Where(v => v.Gene == "KRAS").ToList();
        Assert.Equal(["12:g.25398285C>A", "12:g.25398285_25398286delinsAG"], kras.Select(k => k.Hgvsg!));
        Assert.All(kras, k => Assert.Equal("G12C", k.Protein!.Text));
    }

    [Fact]
    public void Query_type_resolution_prefers_HGVSp_Short_and_reads_an_ALTERATION_only_file_like_it()
    {
        Assert.Equal("HGVSp_Short", MafReader.ResolveProteinColumn(["Hugo_Symbol", "HGVSp", "HGVSp_Short", "Protein_Change"]));
        Assert.Equal("ALTERATION", MafReader.ResolveProteinColumn(["HUGO_SYMBOL", "SAMPLE_ID", "ALTERATION"]));
        var maf = ReadText("HUGO_SYMBOL\tSAMPLE_ID\tALTERATION\nBRAF\tS1\tV600E\n");
        Assert.Equal(MafDialect.AlterationList, maf.Dialect);
        Assert.Equal("V600E", maf.Variants[0].Protein!.Text);
    }

    [Fact]
    public void The_demo_tumour_MAF_is_GDC_shaped_with_the_breast_drivers()
    {
        var maf = MafReader.Read(Path.Combine(TestPaths.RepoRoot, "samples/demo/demo.tumour.maf"));
        Assert.Equal(MafDialect.CBioPortal, maf.Dialect);
        Assert.Equal(["DEMO-001-T"], maf.Samples);
        var pik3ca = maf.Variants.Single(v => v.Gene == "PIK3CA");
        Assert.Equal("H1047R", pik3ca.Protein!.Text);
        Assert.Equal("3", pik3ca.Chromosome);
        Assert.Equal(54.0 / 143, pik3ca.AlleleFraction!.Value, 9);
        Assert.Equal("S355fs", maf.Variants.Single(v => v.Gene == "GATA3").Protein!.Text);
    }

    [Fact]
    public void A_bad_position_names_file_line_column_and_field()
    {
        var ex = Assert.Throws<InputException>(() => ReadText(
            "#version 2.4\nHugo_Symbol\tTumor_Sample_Barcode\tStart_Position\tVariant_Classification\nBRAF\tS1\t14045x\tMissense_Mutation\n"));
        Assert.Equal("t.maf:3:3: Start_Position: '14045x' is not a 1-based position (a whole number ≥ 1)", ex.Error.ToString());
    }

    [Fact]
    public void An_unknown_variant_classification_is_refused_with_its_column()
    {
        var ex = Assert.Throws<InputException>(() => ReadText("Hugo_Symbol\tTumor_Sample_Barcode\tVariant_Classification\nBRAF\tS1\tMisense\n"));
        Assert.Equal((2L, 3), (ex.Error.Line!.Value, ex.Error.Column!.Value));
        Assert.StartsWith("'Misense' is not a MAF Variant_Classification", ex.Error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_MAF_without_Hugo_Symbol_is_refused()
    {
        var ex = Assert.Throws<InputException>(() => ReadText("Gene_Name\tSample\nBRAF\tS1\n"));
        Assert.Equal("header has no Hugo_Symbol column", ex.Error.Reason);
        Assert.Equal(1L, ex.Error.Line);
    }

    [Fact]
    public void A_row_longer_than_the_header_is_refused()
    {
        var ex = Assert.Throws<InputException>(() => ReadText("Hugo_Symbol\tTumor_Sample_Barcode\nBRAF\tS1\textra\n"));
        Assert.Equal("row has 3 fields but the header (line 1) has 2", ex.Error.Reason);
    }

    [Theory]
    [InlineData("2", "Amplification")]
    [InlineData("-2", "Deletion")]
    [InlineData("-1.5", "Deletion")]
    [InlineData("1", null)]
    [InlineData("-1", null)]
    [InlineData("Gain", null)]
    [InlineData("Loss", null)]
    [InlineData("Amplification", "Amplification")]
    public void CNA_values_map_as_the_annotator_maps_them(string value, string? expected) =>
        Assert.Equal(expected, CopyNumberValues.AlterationName(value));

    [Theory]
    [InlineData("1", "Gain")]
    [InlineData("-1", "Loss")]
    [InlineData("Gain", "Gain")]
    [InlineData("Loss", "Loss")]
    public void Gain_and_loss_are_reported_only_when_asked_for(string value, string expected) =>
        Assert.Equal(expected, CopyNumberValues.AlterationName(value, includeGainLoss: true));

    [SkippableFact]
    public void GISTIC_matrix_and_per_row_CNA_files_give_the_same_calls()
    {
        var matrix = CopyNumberReader.Read(TestPaths.Shared("oncology/oncokb-annotator/example_cna.txt"));
        Assert.Equal(8, matrix.Count);
        Assert.Contains(matrix, c => c is { Sample: "TCGA-05-4417-01", Gene: "MET", State: CopyNumberState.Amplification });
        Assert.Contains(matrix, c => c is { Sample: "TCGA-05-4417-01", Gene: "CDK4", State: CopyNumberState.DeepDeletion });
        Assert.Contains(matrix, c => c is { Sample: "TCGA-02-0033-01", Gene: "ERBB2", State: CopyNumberState.Gain });

        var rows = CopyNumberReader.Read(TestPaths.Shared("oncology/oncokb-annotator/example_individual_cna.txt"));
        Assert.Equal(12, rows.Count);
        Assert.Equal(CopyNumberState.Amplification, rows.Single(r => r.Line == 10).State);
        Assert.Equal(CopyNumberState.Loss, rows.Single(r => r.Line == 12).State);
    }

    [Fact]
    public void A_copy_number_value_outside_the_GISTIC_set_is_refused_with_its_sample_column()
    {
        var ex = Assert.Throws<InputException>(() => CopyNumberReader.Read(new StringReader("Gene Symbol\tS1\tS2\nERBB2\t2\t3.7\n"), "c.tsv"));
        Assert.Equal("c.tsv:2:3: S2: '3.7' is not a copy-number call (hint: use GISTIC values -2, -1.5, -1, 0, 1, 2 or the words Amplification, Gain, Loss, Deletion)", ex.Error.ToString());
    }

    [Theory]
    [InlineData("A-B fusion - archer ", "A", "B")]
    [InlineData("MLL2-intragenic", "MLL2", "MLL2")]
    [InlineData("A", "A", "A")]
    [InlineData("EML4--ALK", "EML4", "ALK")]
    [InlineData("EML4::ALK", "EML4", "ALK")]
    [InlineData("ABL1__BCR", "ABL1", "BCR")]
    [InlineData("ETV6-RUNX1 fusion", "ETV6", "RUNX1")]
    [InlineData("--NTRK3", "", "NTRK3")]
    public void Fusion_text_gives_its_five_and_three_prime_genes(string text, string five, string three) =>
        Assert.Equal((five, three), FusionNotation.Parse(text));

    [SkippableFact]
    public void Fusion_files_in_annotator_SV_and_PCGR_layouts_are_read()
    {
        var annotator = FusionReader.Read(TestPaths.Shared("oncology/oncokb-annotator/example_fusions.txt"));
        Assert.Equal(7, annotator.Count);
        Assert.True(annotator[0].IsIntragenic);
        Assert.Equal("ALK-EML4", annotator[1].AsWritten);
        Assert.Equal(("ALK", "EML4"), (annotator[1].FivePrime, annotator[1].ThreePrime));

        var sv = FusionReader.Read(TestPaths.Shared("oncology/oncokb-annotator/example_sv.txt"));
        Assert.Equal(annotator.Select(a => (a.Sample, a.FivePrime, a.ThreePrime)), sv.Select(a => (a.Sample, a.FivePrime, a.ThreePrime)));

        var pcgr = FusionReader.Read(TestPaths.Shared("oncology/pcgr/T001-BRCA.grch37.fusions.tsv"));
        Assert.Equal(13, pcgr.Count);
        Assert.Contains(pcgr, f => f is { FivePrime: "", ThreePrime: "ALK", Label: "?::ALK" });
        Assert.Contains(pcgr, f => f is { FivePrime: "FGFR2", ThreePrime: "" });
        Assert.All(pcgr, f => Assert.Equal("T001-BRCA", f.Sample));
        Assert.Contains(pcgr, f => f is { FivePrime: "NTRK1", ThreePrime: "TPM3" });
        Assert.Contains(pcgr, f => f is { FivePrime: "BCR", ThreePrime: "ABL1" });
    }
}

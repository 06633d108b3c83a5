using System.Text;
using Precis.Core;
using Precis.PolygenicRisk.ScoringFiles;
using Precis.Testing;

namespace Precis.PolygenicRisk.Tests;

/// <summary>Every scoring file of the manifest's section 2, read or refused with the reason.</summary>
public sealed class ScoringFileReaderTests
{
    private const string Examples = "genomics/pgsc_calc/assets/examples/scorefiles/";
    private const string Core = "genomics/pygscatalog/pgscatalog.core/tests/data/";

    [SkippableFact]
    public void PGS001229_chr22_is_a_format_2_file_with_835_additive_variants_and_its_header_metadata()
    {
        var score = Assert.Single(ScoringFileReader.Read(TestPaths.Shared(Examples + "PGS001229_22.txt")));
        Assert.Equal(ScoringFileFormat.PgsCatalog, score.Format);
        Assert.Equal("PGS001229", score.Id);
        Assert.Equal("GBE_INI50", score.Metadata.Name);
        Assert.Equal("Standing height", score.Metadata.TraitReported);
        Assert.Equal("EFO_0004339", score.Metadata.TraitEfo);
        Assert.Equal("GRCh37", score.Metadata.GenomeBuild);
        Assert.Equal("NR", score.Metadata.WeightType);
        Assert.Equal(51209, score.Metadata.DeclaredVariants);
        Assert.Equal("2.0", score.Metadata.FormatVersion);
        Assert.StartsWith("Tanigawa Y et al.", score.Metadata.Citation, StringComparison.Ordinal);
        Assert.Equal(835, score.Variants.Count);
        Assert.All(score.Variants, v => Assert.Equal(EffectType.Additive, v.EffectType));
        var first = score.Variants[0];
        Assert.Equal(("rs5746679", "22", 17080378L, "G", "A", 1.045457e-02), (first.RsId, first.Chromosome, first.Position!.Value, first.EffectAllele, first.OtherAllele, first.Weight));
        Assert.Equal(0, first.RowNumber);
        Assert.Equal(16, first.Line); // 14 metadata lines, the column header, then the first row
    }

    [SkippableFact]
    public void Harmonised_PGS000001_uses_hm_chr_and_hm_pos_and_the_harmonised_build()
    {
        var grch38 = Assert.Single(ScoringFileReader.Read(TestPaths.Shared(Core + "PGS000001_hmPOS_GRCh38.txt")));
        var grch37 = Assert.Single(ScoringFileReader.Read(TestPaths.Shared(Core + "PGS000001_hmPOS_GRCh37.txt")));
        Assert.Equal(ScoringFileFormat.PgsCatalogHarmonised, grch38.Format);
        Assert.Equal("GRCh38", grch38.Metadata.GenomeBuild);
        Assert.Equal("NR", grch38.Metadata.AuthorGenomeBuild);
        Assert.Equal("GRCh37", grch37.Metadata.GenomeBuild);
        Assert.Equal(77, grch38.Variants.Count);
        Assert.Equal("Breast cancer", grch38.Metadata.TraitReported);
        var v = grch38.Variants[0];
        Assert.Equal(("11", 69516650L, "T", "C", 0.16220388), (v.Chromosome, v.Position!.Value, v.EffectAllele, v.OtherAllele, v.Weight));
        Assert.NotEqual(grch37.Variants[0].Position, v.Position);
    }

    [SkippableFact]
    public void Gzipped_author_file_without_positions_is_refused_because_rsIDs_alone_cannot_be_matched()
    {
        var ex = Assert.Throws<InputException>(() => ScoringFileReader.Read(TestPaths.Shared(Core + "PGS000001.txt.gz")));
        Assert.Contains("no positions", ex.Error.Reason, StringComparison.Ordinal);
        Assert.Contains("hmPOS", ex.Error.Reason, StringComparison.Ordinal);
        Assert.NotNull(ex.Error.Line);
    }

    [SkippableFact]
    public void Gzipped_harmonised_file_reads_like_the_plain_one()
    {
        var plain = Assert.Single(ScoringFileReader.Read(TestPaths.Shared(Core + "PGS000001_hmPOS_GRCh38.txt")));
        var gz = Assert.Single(ScoringFileReader.Read(TestPaths.Shared("genomics/pygscatalog/pgscatalog.calc/tests/data/harmonised/PGS000001_hmPOS_GRCh38.txt.gz")));
        Assert.Equal(plain.Variants.Select(v => (v.Position, v.EffectAllele, v.OtherAllele)), gz.Variants.Select(v => (v.Position, v.EffectAllele, v.OtherAllele)));
        // The calc fixture carries the weights at full precision; the published file rounds them to 8 digits.
        Assert.All(plain.Variants.Zip(gz.Variants), p => Tsv.Close(p.First.Weight, p.Second.Weight, 1e-7, p.First.RsId!));
    }

    [SkippableFact]
    public void Invalid_scorefile_without_any_position_column_is_refused_naming_the_header_line()
    {
        var path = TestPaths.Shared(Core + "invalid_scorefile.txt");
        var ex = Assert.Throws<InputException>(() => ScoringFileReader.Read(path));
        Assert.Equal(path, ex.Error.File);
        var headerLine = File.ReadLines(path).TakeWhile(l => l.StartsWith('#')).Count() + 1;
        Assert.Equal(headerLine, ex.Error.Line);
        Assert.Equal("chr_position", ex.Error.Field);
        Assert.Contains("neither chr_name + chr_position nor hm_chr + hm_pos", ex.Error.Reason, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Bad_harmonised_file_is_read_with_its_three_failed_rows_kept_unpositioned()
    {
        var score = Assert.Single(ScoringFileReader.Read(TestPaths.Shared(Core + "bad_harmonised.txt")));
        Assert.Equal(3, score.Variants.Count);
        Assert.All(score.Variants, v =>
        {
            Assert.Null(v.Position);
            Assert.Equal("harmonisation found no position (hm_source=Unknown)", v.Unpositioned);
        });
        Assert.Equal(0.329683, score.Variants[0].EffectAlleleFrequency);
    }

    [SkippableFact]
    public void Custom_files_with_and_without_other_allele_are_read()
    {
        var custom = Assert.Single(ScoringFileReader.Read(TestPaths.Shared(Core + "custom.txt")));
        var noOa = Assert.Single(ScoringFileReader.Read(TestPaths.Shared(Core + "custom_no_oa.txt")));
        Assert.Equal(ScoringFileFormat.Custom, custom.Format);
        Assert.Equal("test", custom.Id);
        Assert.Equal("test2", noOa.Id);
        var v = Assert.Single(custom.Variants);
        Assert.Equal(("1", 10397L, "C", "A", -2.76E-02), (v.Chromosome, v.Position!.Value, v.EffectAllele, v.OtherAllele, v.Weight));
        Assert.Null(Assert.Single(noOa.Variants).OtherAllele);
    }

    [SkippableFact]
    public void OmicsPred_header_is_recognised_with_its_licence()
    {
        var score = Assert.Single(ScoringFileReader.Read(TestPaths.Shared(Core + "OPGS017309.txt")));
        Assert.Equal(ScoringFileFormat.OmicsPred, score.Format);
        Assert.Equal("OPGS017309", score.Id);
        Assert.Equal("CC BY", score.Metadata.Licence);
        Assert.Equal(697, score.Variants.Count);
        Assert.Equal("rs117410719", score.Variants[0].RsId);
    }

    [SkippableFact]
    public void Dominant_and_recessive_columns_set_the_effect_type()
    {
        var score = Assert.Single(ScoringFileReader.Read(TestPaths.Shared(Examples + "scorefile_dominant_and_recessive.txt")));
        Assert.Equal(EffectType.Dominant, score.Variants[0].EffectType);
        Assert.Equal(EffectType.Recessive, score.Variants[1].EffectType);
        var hm = Assert.Single(ScoringFileReader.Read(TestPaths.Shared(Core + "PGS000802_hmPOS_GRCh37.txt")));
        Assert.Equal(EffectType.Dominant, hm.Variants[0].EffectType);
        Assert.Equal(EffectType.Recessive, hm.Variants[1].EffectType);
        Assert.Equal(0.377, hm.Variants[0].EffectAlleleFrequency);
        Assert.Equal(169492101L, hm.Variants[0].Position);
    }

    [SkippableFact]
    public void Dosage_specific_weights_are_read_as_three_weights()
    {
        var score = Assert.Single(ScoringFileReader.Read(TestPaths.Shared(Core + "PGS004255_hmPOS_GRCh38.txt.gz")));
        var v = score.Variants[0];
        Assert.Equal(EffectType.DosageWeights, v.EffectType);
        Assert.Equal([-0.09833810000000001, 0.08934160000000001, 0.4437184], v.DosageWeights);
        Assert.Equal(("6", 32609603L), (v.Chromosome, v.Position!.Value));
    }

    [SkippableFact]
    public void HLA_diplotype_file_is_refused_at_its_first_complex_row()
    {
        var ex = Assert.Throws<InputException>(() => ScoringFileReader.Read(TestPaths.Shared(Core + "complex_variants_PGS000021.txt")));
        Assert.Equal("effect_allele", ex.Error.Field);
        Assert.Contains("complex allele 'HLA-DR3/HLA-DR4; HLA-DQ8'", ex.Error.Reason, StringComparison.Ordinal);
        Assert.Contains("is_diplotype=TRUE", ex.Error.Reason, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void HLA_amino_acid_rows_are_refused_or_set_aside_on_request()
    {
        var path = TestPaths.Shared(Core + "complex_variants_PGS004239.txt");
        var ex = Assert.Throws<InputException>(() => ScoringFileReader.Read(path));
        Assert.Contains("complex allele 'HLA-", ex.Error.Reason, StringComparison.Ordinal);
        var lines = File.ReadAllLines(path);
        Assert.Contains("HLA", lines[ex.Error.Line!.Value - 1], StringComparison.Ordinal);

        var score = Assert.Single(ScoringFileReader.Read(path, new ScoringFileReadOptions { SetAsideComplexRows = true }));
        var complexRows = lines.Count(l => !l.StartsWith('#') && (l.Contains("\tHLA_", StringComparison.Ordinal) || l.Contains("\tTRUE\t", StringComparison.Ordinal)));
        Assert.Equal(complexRows, score.RefusedRows.Count);
        Assert.True(score.Variants.Count > 0);
        Assert.Equal(lines.Count(l => !l.StartsWith('#')) - 1, score.TotalRows);
    }

    [SkippableFact]
    public void Normalised_file_splits_into_one_score_per_accession_with_row_numbers()
    {
        var scores = ScoringFileReader.Read(TestPaths.Shared("genomics/pygscatalog/pgscatalog.match/tests/data/duplicated_scorefile.txt"));
        Assert.Equal(["test", "test2", "test3"], scores.Select(s => s.Id));
        Assert.All(scores, s => Assert.Equal(ScoringFileFormat.Normalised, s.Format));
        Assert.Equal([0, 1], scores[1].Variants.Select(v => v.RowNumber));
        var full = ScoringFileReader.Read(TestPaths.Shared("genomics/pygscatalog/pgscatalog.calc/tests/data/structured/PGS001229_hmPOS_GRCh38.txt.gz"));
        Assert.Equal(51209, Assert.Single(full).Variants.Count);
    }

    [SkippableFact]
    public void The_other_example_files_read_with_their_variant_counts()
    {
        Assert.Equal(8, Assert.Single(ScoringFileReader.Read(TestPaths.Shared(Examples + "PGS001229_22_duplicate.txt"))).Variants.Count);
        Assert.Equal("duplicatetest", Assert.Single(ScoringFileReader.Read(TestPaths.Shared(Examples + "PGS001229_22_duplicate.txt"))).Id);
        Assert.Equal("GRCh37", Assert.Single(ScoringFileReader.Read(TestPaths.Shared(Examples + "customgrch37.txt"))).Metadata.GenomeBuild);
        Assert.Equal("GRCh38", Assert.Single(ScoringFileReader.Read(TestPaths.Shared(Examples + "customgrch38.txt"))).Metadata.GenomeBuild);
        Assert.Single(Assert.Single(ScoringFileReader.Read(TestPaths.Shared("genomics/pgsc_calc/tests/subworkflows/perfect.txt"))).Variants);
        var custom = Assert.Single(ScoringFileReader.Read(TestPaths.Shared(Examples + "scorefile.txt")));
        Assert.Equal("PGS001229_22", custom.Id);
    }

    [Theory]
    [InlineData("chr_name\tchr_position\teffect_allele\teffect_weight\n1\t100\tA\tx\n", 2, 4, "effect_weight", "'x' is not a finite number")]
    [InlineData("chr_name\tchr_position\teffect_allele\teffect_weight\n1\t-5\tA\t0.1\n", 2, 2, "chr_position", "'-5' is not a positive integer position")]
    [InlineData("chr_name\tchr_position\teffect_allele\teffect_weight\n1\t5\tQ\t0.1\n", 2, 3, "effect_allele", "'Q' is not a nucleotide allele (A, C, G, T, N; or '-' for a deletion)")]
    [InlineData("chr_name\tchr_position\teffect_allele\n1\t5\tA\n", 1, null, "effect_weight", "missing required column effect_weight (or dosage_0/1/2_weight)")]
    [InlineData("chr_name\tchr_position\tother_allele\teffect_weight\n1\t5\tA\t1\n", 1, null, "effect_allele", "missing required column effect_allele")]
    [InlineData("chr_name\tchr_position\teffect_allele\teffect_weight\tis_dominant\tis_recessive\n1\t5\tA\t1\tTRUE\tTRUE\n", 2, 6, "is_recessive", "a variant cannot be both dominant and recessive")]
    [InlineData("chr_name\tchr_position\teffect_allele\teffect_weight\n1\t5\tA\t1\t7\n", 2, 5, null, "5 fields but the header has 4 columns")]
    [InlineData("chr_name\tchr_name\teffect_allele\teffect_weight\n", 1, 2, "chr_name", "duplicate column name")]
    [InlineData("#pgs_id=X\nchr_name\tchr_position\teffect_allele\teffect_weight\n", 3, null, null, "the file has a header but no variant rows")]
    [InlineData("chr_name\tchr_position\teffect_allele\teffect_weight\tdosage_0_weight\n1\t5\tA\t1\t2\n", 1, null, "dosage_1_weight", "dosage-specific weights need all three columns dosage_0_weight, dosage_1_weight and dosage_2_weight")]
    public void Invalid_rows_are_refused_with_line_column_field_and_rule(string text, long line, int? column, string? field, string reason)
    {
        var ex = Assert.Throws<InputException>(() => ScoringFileReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), "bad.txt"));
        Assert.Equal(new InputError("bad.txt", line, column, field, reason), ex.Error);
    }

    [Fact]
    public void A_file_over_the_variant_limit_is_refused()
    {
        var text = "chr_name\tchr_position\teffect_allele\teffect_weight\n1\t5\tA\t1\n1\t6\tA\t1\n1\t7\tA\t1\n";
        var ex = Assert.Throws<InputException>(() => ScoringFileReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), "big.txt", new ScoringFileReadOptions { MaxVariants = 2 }));
        Assert.Equal(4, ex.Error.Line);
        Assert.StartsWith("more than 2 variant rows", ex.Error.Reason, StringComparison.Ordinal);
    }
}

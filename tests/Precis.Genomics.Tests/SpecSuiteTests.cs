using Precis.Core;
using Precis.Genomics.Vcf;
using Precis.Testing;

namespace Precis.Genomics.Tests;

/// <summary>The hts-specs VCF 4.3 conformance suite: every "passed" file reads, every "failed" file is rejected in strict mode.</summary>
public sealed class SpecSuiteTests
{
    private const string Suite = "genomics/hts-specs/test/vcf/4.3";

    public static TheoryData<string> PassedFiles() => Files("passed");

    public static TheoryData<string> FailedFiles() => Files("failed");

    [SkippableTheory]
    [MemberData(nameof(PassedFiles))]
    public void Every_passed_file_of_the_VCF_4_3_suite_reads_in_strict_mode(string name)
    {
        var path = TestPaths.Shared($"{Suite}/passed/{name}");
        using var reader = VcfReader.Open(path);
        var records = reader.Records().ToList();
        var dataLines = File.ReadLines(path).Count(l => l.Length > 0 && !l.StartsWith('#'));
        Assert.Equal(dataLines, records.Count);
        Assert.StartsWith("VCFv4", reader.Header.FileFormat, StringComparison.Ordinal);
        foreach (var r in records)
            for (var s = 0; s < r.SampleCount; s++)
                _ = r.Sample(s).Genotype;
    }

    [SkippableTheory]
    [MemberData(nameof(FailedFiles))]
    public void Every_failed_file_of_the_VCF_4_3_suite_is_rejected_in_strict_mode_naming_file_and_line(string name)
    {
        var path = TestPaths.Shared($"{Suite}/failed/{name}");
        var ex = Assert.Throws<InputException>(() =>
        {
            using var reader = VcfReader.Open(path);
            foreach (var _ in reader.Records())
            {
            }
        });
        Assert.Equal(path, ex.Error.File);
        Assert.NotNull(ex.Error.Line);
        Assert.False(string.IsNullOrWhiteSpace(ex.Error.Reason));
    }

    [SkippableTheory]
    [InlineData("failed_meta_info_", "INFO")]
    [InlineData("failed_meta_format_", "FORMAT")]
    [InlineData("failed_meta_alt_", "ALT")]
    [InlineData("failed_meta_contig_", "contig")]
    [InlineData("failed_meta_meta_", "META")]
    [InlineData("failed_meta_sample_", "SAMPLE")]
    [InlineData("failed_meta_pedigree_", "PEDIGREE")]
    [InlineData("failed_body_chrom_", "CHROM")]
    [InlineData("failed_body_pos_", "POS")]
    [InlineData("failed_body_id_", "ID")]
    [InlineData("failed_body_ref_", "REF")]
    [InlineData("failed_body_alt_", "ALT")]
    [InlineData("failed_body_qual_", "QUAL")]
    [InlineData("failed_body_filter_", "FILTER")]
    [InlineData("failed_body_format_", "FORMAT|/GT")]
    [InlineData("failed_body_info_0", "INFO")]
    [InlineData("failed_body_sample_0", "HG00096|#CHROM")]
    [InlineData("failed_body_samples_ploidy_", "/PL")]
    public void Each_failed_family_is_rejected_for_a_rule_of_the_field_it_breaks(string prefix, string fields)
    {
        var dir = TestPaths.Shared($"{Suite}/failed");
        var files = Directory.GetFiles(dir, prefix + "*.vcf");
        Assert.NotEmpty(files);
        foreach (var f in files)
        {
            var ex = Assert.Throws<InputException>(() =>
            {
                using var reader = VcfReader.Open(f);
                _ = reader.Records().Count();
            });
            Assert.True(fields.Split('|').Any(x => ex.Error.Field?.Contains(x, StringComparison.Ordinal) == true), $"{Path.GetFileName(f)}: {ex.Error}");
        }
    }

    [SkippableFact]
    public void Failed_files_read_in_lenient_mode_report_what_they_skipped_or_repaired()
    {
        var dir = TestPaths.Shared($"{Suite}/failed");
        var reported = 0;
        var files = Directory.GetFiles(dir, "*.vcf");
        foreach (var f in files)
        {
            try
            {
                using var reader = VcfReader.Open(f, VcfReaderOptions.Lenient);
                _ = reader.Records().Count();
                if (reader.Report.SkippedCount + reader.Report.RepairedCount > 0)
                    reported++;
            }
            catch (InputException)
            {
                // Unusable headers (no #CHROM line, wrong column names) stay errors even in lenient mode.
                reported++;
            }
        }

        Assert.Equal(files.Length, reported);
    }

    [SkippableFact]
    public void A_negative_AC_is_rejected_with_the_line_column_and_rule()
    {
        var path = TestPaths.Shared($"{Suite}/failed/failed_body_info_001.vcf");
        var ex = Assert.Throws<InputException>(() =>
        {
            using var reader = VcfReader.Open(path);
            _ = reader.Records().ToList();
        });
        var expectedLine = File.ReadAllLines(path).TakeWhile(l => l.StartsWith('#')).Count() + 1;
        Assert.Equal(expectedLine, ex.Error.Line);
        Assert.Equal("INFO/AC", ex.Error.Field);
        Assert.Contains("must not be negative", ex.Error.Reason, StringComparison.Ordinal);
        Assert.NotNull(ex.Error.Column);
    }

    private static TheoryData<string> Files(string kind)
    {
        var data = new TheoryData<string>();
        var root = TestPaths.SharedData;
        var dir = root is null ? null : Path.Combine(root, Suite, kind);
        if (dir is null || !Directory.Exists(dir))
        {
            data.Add("(suite not found)");
            return data;
        }

        foreach (var f in Directory.GetFiles(dir, "*.vcf").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(f));
        return data;
    }
}

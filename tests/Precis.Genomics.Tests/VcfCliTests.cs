using Precis.Cli;
using Precis.Testing;

namespace Precis.Genomics.Tests;

/// <summary>`precis vcf stats|query|index`, run in process.</summary>
public sealed class VcfCliTests
{
    private const string Cohort = "genomics/synthetic/cohort_2k_x8_chrX.vcf.gz";

    [SkippableFact]
    public async Task Vcf_query_prints_the_GT_matrix_exactly_as_bcftools_query()
    {
        var vcf = TestPaths.Shared(Cohort);
        var (code, stdout, stderr) = await Run("vcf", "query", "-f", @"%CHROM\t%POS\t%REF\t%ALT\t%AC\t%AN[\t%GT]\n", vcf);
        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        Assert.Equal(File.ReadAllText(TestPaths.Shared("genomics/synthetic/cohort_2k_x8_chrX.query_gt.bcftools-1.16.tsv")), stdout);
    }

    [SkippableFact]
    public async Task Vcf_query_with_regions_prints_the_records_bcftools_selects()
    {
        var vcf = TestPaths.Shared(Cohort);
        var (code, stdout, _) = await Run("vcf", "query", "-r", "chr1:10,000,000-50,000,000,chrX", "-f", @"%LINE\n", vcf);
        Assert.Equal(0, code);
        var expected = IndexTests.DataLines(TestPaths.Shared("genomics/synthetic/cohort_2k_x8_chrX.region_chr1_10M-50M_chrX.bcftools-1.16.vcf"));
        Assert.Equal(expected, stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [SkippableFact]
    public async Task Vcf_query_with_samples_prints_only_those_columns_in_the_order_given()
    {
        var vcf = TestPaths.Shared(Cohort);
        var (code, stdout, _) = await Run("vcf", "query", "-s", "SAMPLE00003,SAMPLE00001", "-f", @"%POS[ %SAMPLE=%GT]\n", vcf);
        Assert.Equal(0, code);
        Assert.StartsWith("360359 SAMPLE00003=0/1 SAMPLE00001=0/1\n1767562 SAMPLE00003=0/0 SAMPLE00001=0/0\n", stdout, StringComparison.Ordinal);
        var (bad, _, err) = await Run("vcf", "query", "-s", "NOPE", "-f", @"%POS\n", vcf);
        Assert.Equal(ExitCodes.BadInput, bad);
        Assert.Contains("sample 'NOPE' is not in the file", err, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Vcf_index_writes_a_CSI_and_a_TBI_that_region_queries_use()
    {
        var vcf = IndexTests.CompressToTemp(TestPaths.Shared("genomics/synthetic/sample_small.g.vcf.gz"));
        var (code, _, _) = await Run("vcf", "index", "--tbi", "--csi", vcf);
        Assert.Equal(0, code);
        Assert.True(File.Exists(vcf + ".tbi"));
        Assert.True(File.Exists(vcf + ".csi"));
        var (q, stdout, _) = await Run("vcf", "query", "-r", "chr1:10100,chr2:20000", "-f", @"%LINE\n", vcf);
        Assert.Equal(0, q);
        Assert.Equal(IndexTests.DataLines(TestPaths.Shared("genomics/synthetic/sample_small.g.region_points.bcftools-1.16.vcf")), stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [SkippableFact]
    public async Task Vcf_stats_counts_records_kinds_and_genotypes()
    {
        var (code, stdout, _) = await Run("vcf", "stats", TestPaths.Shared(Cohort));
        Assert.Equal(0, code);
        var kv = stdout.Split('\n').Where(l => l.Contains('\t', StringComparison.Ordinal) && !l.StartsWith('#')).Select(l => l.Split('\t')).GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.First()[1]);
        Assert.Equal("2000", kv["records"]);
        Assert.Equal("8", kv["samples"]);
        Assert.Equal("92", kv["multiallelic_records"]);
        Assert.Equal("9", kv["symbolic_records"]);
        Assert.Equal("23", kv["contigs_with_records"]);
    }

    [Fact]
    public async Task A_malformed_file_exits_1_naming_file_line_and_rule()
    {
        var path = Path.Combine(TestPaths.TempDir(), "bad.vcf");
        await File.WriteAllTextAsync(path, "##fileformat=VCFv4.3\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\nchr1\t12x\t.\tA\tG\t.\t.\t.\n");
        var (code, _, stderr) = await Run("vcf", "stats", path);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains($"{path}:3:6: POS: POS '12x' is not a non-negative integer", stderr, StringComparison.Ordinal);
        var (lenient, stdout, err) = await Run("vcf", "stats", "--lenient", path);
        Assert.Equal(0, lenient);
        Assert.Contains("records\t0\n", stdout, StringComparison.Ordinal);
        Assert.Contains("skipped 1: POS is not a non-negative integer", err, StringComparison.Ordinal);
    }

    internal static async Task<(int Code, string Stdout, string Stderr)> Run(params string[] args)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var code = await PrecisCli.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}

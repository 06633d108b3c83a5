using System.Text;
using Precis.Core;
using Precis.Genomics.Query;
using Precis.Genomics.Vcf;
using Precis.Testing;

namespace Precis.Genomics.Tests;

/// <summary>bcftools-query formats reproduce the bcftools 1.16 outputs byte for byte.</summary>
public sealed class QueryFormatTests
{
    [SkippableTheory]
    [InlineData("genomics/bcftools/test/query.vcf", @"%CHROM\t%POS\t%REF\t%ALT\t%DP4\t%AN[\t%GT\t%TGT]\n", "genomics/bcftools/test/query.out")]
    [InlineData("genomics/synthetic/cohort_2k_x8_chrX.vcf.gz", @"%CHROM\t%POS\t%REF\t%ALT\t%AC\t%AN[\t%GT]\n", "genomics/synthetic/cohort_2k_x8_chrX.query_gt.bcftools-1.16.tsv")]
    [InlineData("genomics/synthetic/cohort_2k_x8_chrX.vcf.gz", @"%CHROM\t%POS[\t%AD:%DP:%GQ:%PL]\n", "genomics/synthetic/cohort_2k_x8_chrX.query_fmt.bcftools-1.16.tsv")]
    [InlineData("genomics/synthetic/sample_small.g.vcf.gz", @"%CHROM\t%POS\t%REF\t%ALT\t%INFO/END[\t%GT\t%DP\t%GQ]\n", "genomics/synthetic/sample_small.g.query.bcftools-1.16.tsv")]
    [InlineData("genomics/bcftools/test/query.filter.14.vcf", @"%CHROM:%POS [ %SAMPLE %GT]\n", "genomics/bcftools/test/query.filter.14.1.out")]
    public void Query_output_equals_bcftools_byte_for_byte(string input, string format, string expected)
    {
        var path = TestPaths.Shared(input);
        Assert.Equal(File.ReadAllText(TestPaths.Shared(expected)), Run(path, format));
    }

    [Fact]
    public void END_prints_the_last_reference_position_and_floats_print_like_C_percent_g()
    {
        const string text = """
            ##fileformat=VCFv4.3
            ##INFO=<ID=AF,Number=A,Type=Float,Description="x">
            #CHROM	POS	ID	REF	ALT	QUAL	FILTER	INFO
            1	10	.	ACGT	A	30.50	PASS	AF=0.500000
            1	20	.	A	<DEL>	.	.	END=120;AF=1e6

            """;
        using var reader = VcfReaderTests.Open(text);
        var f = QueryFormat.Parse(@"%POS %END %QUAL %AF\n");
        var sb = new StringBuilder();
        foreach (var r in reader.Records())
            f.Format(r, null, sb);
        Assert.Equal("10 13 30.5 0.5\n20 120 . 1e+06\n", sb.ToString());
        Assert.Equal("1.23457e-05", QueryFormat.FormatG(0.0000123456789));
        Assert.Equal("123457", QueryFormat.FormatG(123456.7));
    }

    [Fact]
    public void A_per_sample_field_outside_brackets_is_a_format_error_naming_the_column()
    {
        var ex = Assert.Throws<InputException>(() => QueryFormat.Parse(@"%CHROM %GT\n"));
        Assert.Equal(9, ex.Error.Column);
        Assert.Contains("inside [ ]", ex.Error.Reason, StringComparison.Ordinal);
    }

    internal static string Run(string path, string format, VcfReaderOptions? options = null)
    {
        var f = QueryFormat.Parse(format);
        using var reader = VcfReader.Open(path, options ?? VcfReaderOptions.Strict);
        var sb = new StringBuilder();
        foreach (var r in reader.Records())
            f.Format(r, null, sb);
        return sb.ToString();
    }
}

using System.Text;
using Precis.Core;
using Precis.Genomics.Query;
using Precis.Genomics.Vcf;
using Precis.Testing;

namespace Precis.Genomics.Tests;

/// <summary>The byte-level GT-matrix writer prints exactly what the full reader and QueryFormat print.</summary>
public sealed class GenotypeMatrixWriterTests
{
    private const string Matrix = @"[%GT\t]\n";

    [SkippableTheory]
    [InlineData("genomics/synthetic/cohort_2k_x8_chrX.vcf.gz", true)]
    [InlineData("genomics/synthetic/phased_2k_x8_nochr.vcf.gz", true)]
    [InlineData("genomics/pygscatalog/pgscatalog.calc/tests/data/vcf/tiny1000G.vcf.gz", true)]
    [InlineData("genomics/synthetic/sample_small.g.vcf.gz", false)]
    [InlineData("genomics/bcftools/test/query.vcf", false)]
    [InlineData("genomics/htslib/test/vcf44_1.vcf", false)]
    [InlineData("genomics/htslib/test/formatmissing.vcf", false)]
    public void Real_files_give_the_full_readers_matrix_byte_for_byte(string input, bool mostlyFast)
    {
        var path = TestPaths.Shared(input);
        var expected = QueryFormatTests.Run(path, Matrix, VcfReaderOptions.Lenient);
        var (actual, writer) = Fast(() => VcfReader.Open(path, VcfReaderOptions.Lenient), Matrix);
        Assert.Equal(expected, actual);
        if (mostlyFast)
            Assert.True(writer.FastLines > 10 * writer.FullLines, $"fast {writer.FastLines}, full {writer.FullLines}");
    }

    [Fact]
    public void Malformed_and_unusual_lines_are_skipped_or_printed_exactly_as_the_full_reader_does()
    {
        const string text = """
            ##fileformat=VCFv4.3
            ##contig=<ID=1,length=1000>
            ##INFO=<ID=END,Number=1,Type=Integer,Description="end">
            ##FORMAT=<ID=GT,Number=1,Type=String,Description="GT">
            ##FORMAT=<ID=DP,Number=1,Type=Integer,Description="DP">
            #CHROM	POS	ID	REF	ALT	QUAL	FILTER	INFO	FORMAT	a	b	c
            1	10	.	A	G	.	.	.	GT:DP	0/1:3	1|1:4	./.:.
            1	11	.	A	G	.	.	.	GT:DP	0/1:3	1|1:4	./.:.
            1	12	.	A	G	.	.	.	GT:DP	0/2:3	1|1:4	0/0:1
            1	13	.	A	G	.	.	.	GT:DP	0/1:3:9	1|1:4	0/0:1
            1	1x	.	A	G	.	.	.	GT:DP	0/1:3	1|1:4	0/0:1
            1	15	.	A	G	.	.	.	GT:DP	0/1:3	1|1:4
            1	16	.	A	<DEL>	.	.	END=20	GT:DP	0/1:3	1|1:4	0/0:1
            1	17	.	A	G,T	.	.	.	GT:DP	1/2	2	0/.
            1	18	.	A	.	.	.	.	GT:DP	0/1:3	1|1:4	0/0:1
            1	19	.	A	G	.	.	.	GT:DP	0/x:3	1|1:4	0/0:1
            1	20	.	A	G	.	.	.	GT	0/1	1|1	0
            1	21	.	A	G	.	.	.	GT	0/1:5	1|1	0
            1	22	.	AC	A	.	.	.	GT:DP	0/1/1:3	1:4	.|1:1
            1	23	.	A	G	.	.	.	GT:GT	0/1:1/1	1|1:0|0	0:1
            1	24	.	A	GG	.	.	.	GT:DP	00/1:3	1|01:4	./.:1
            1	25	.	N	*	.	.	.	GT:DP		1|1:4	0/0:1
            2	5	.	A	G	.	.	.	GT:DP	0/1:3	1|1:4	0/0:1

            """;
        var expected = Full(text, VcfErrorMode.Lenient, out var fullReport);
        var (actual, writer) = Fast(() => VcfReaderTests.Open(text, VcfReaderOptions.Lenient), Matrix);
        Assert.Equal(expected, actual);
        Assert.True(writer.FastLines >= 3, $"fast {writer.FastLines}");
        Assert.True(fullReport.SkippedCount >= 5, "the fixture has lines the full reader skips");

        // Strict mode reads every line in full, so the first bad line is an error naming its line.
        var ex = Assert.Throws<InputException>(() => Fast(() => VcfReaderTests.Open(text), Matrix));
        Assert.Equal(9, ex.Error.Line);
    }

    [Fact]
    public void Separators_after_each_genotype_and_line_are_kept_and_other_formats_are_not_taken()
    {
        const string text = """
            ##fileformat=VCFv4.3
            ##FORMAT=<ID=GT,Number=1,Type=String,Description="GT">
            #CHROM	POS	ID	REF	ALT	QUAL	FILTER	INFO	FORMAT	a	b
            1	10	.	A	G	.	.	.	GT	0/1	1|1
            1	11	.	A	G	.	.	.	GT	0/0	./.

            """;
        var (actual, _) = Fast(() => VcfReaderTests.Open(text, VcfReaderOptions.Lenient), "[%GT,]|\\n");
        Assert.Equal("0/1,1|1,|\n0/0,./.,|\n", actual);
        Assert.Null(GenotypeMatrixWriter.TryCreate(QueryFormat.Parse(@"%POS[\t%GT]\n")));
        Assert.Null(GenotypeMatrixWriter.TryCreate(QueryFormat.Parse(@"[%TGT\t]\n")));
        Assert.Null(GenotypeMatrixWriter.TryCreate(QueryFormat.Parse(@"[%GT\t%DP]\n")));
    }

    private static (string Text, GenotypeMatrixWriter Writer) Fast(Func<VcfReader> open, string format)
    {
        var writer = GenotypeMatrixWriter.TryCreate(QueryFormat.Parse(format));
        Assert.NotNull(writer);
        using var reader = open();
        using var output = new MemoryStream();
        writer.Write(reader, output);
        return (Encoding.UTF8.GetString(output.ToArray()), writer);
    }

    private static string Full(string text, VcfErrorMode mode, out VcfLeniencyReport report)
    {
        var f = QueryFormat.Parse(Matrix);
        using var reader = VcfReaderTests.Open(text, mode == VcfErrorMode.Lenient ? VcfReaderOptions.Lenient : VcfReaderOptions.Strict);
        var sb = new StringBuilder();
        foreach (var r in reader.Records())
            f.Format(r, null, sb);
        report = reader.Report;
        return sb.ToString();
    }
}

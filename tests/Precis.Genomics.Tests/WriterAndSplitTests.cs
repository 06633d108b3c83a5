using System.Text;
using Precis.Genomics.Variants;
using Precis.Genomics.Vcf;
using Precis.Testing;

namespace Precis.Genomics.Tests;

/// <summary>The writer reproduces htslib's formatting; multi-allelic splitting reproduces bcftools norm -m-.</summary>
public sealed class WriterAndSplitTests
{
    [SkippableTheory]
    [InlineData("genomics/bcftools/test/norm.split.vcf", "genomics/bcftools/test/norm.split.out")]
    [InlineData("genomics/bcftools/test/norm.split.2.vcf", "genomics/bcftools/test/norm.split.2.out")]
    [InlineData("genomics/synthetic/cohort_2k_x8_chrX.vcf.gz", "genomics/synthetic/cohort_2k_x8_chrX.norm-m-.bcftools-1.16.vcf")]
    public void Splitting_multiallelic_records_equals_bcftools_norm_m_minus(string input, string expected)
    {
        using var reader = VcfReader.Open(TestPaths.Shared(input), VcfReaderOptions.Lenient);
        var text = new StringWriter { NewLine = "\n" };
        var writer = new VcfWriter(text, reader.Header);
        writer.WriteHeader();
        foreach (var r in reader.Records())
            foreach (var part in MultiAllelicSplitter.Split(r))
                writer.Write(part);
        Assert.Equal(WithoutToolLines(File.ReadAllText(TestPaths.Shared(expected))), WithoutToolLines(text.ToString()));
    }

    [SkippableTheory]
    [InlineData("genomics/htslib/test/formatmissing.vcf", "genomics/htslib/test/formatmissing-out.vcf")]
    [InlineData("genomics/htslib/test/vcf44_1.vcf", "genomics/htslib/test/vcf44_1.expected")]
    [InlineData("genomics/htslib/test/noroundtrip.vcf", "genomics/htslib/test/noroundtrip-out.vcf")]
    public void Round_trip_through_the_writer_equals_the_htslib_expected_output(string input, string expected)
    {
        using var reader = VcfReader.Open(TestPaths.Shared(input), VcfReaderOptions.Lenient);
        var text = new StringWriter { NewLine = "\n" };
        var writer = new VcfWriter(text, reader.Header);
        writer.WriteHeader();
        foreach (var r in reader.Records())
            writer.Write(r);
        Assert.Equal(File.ReadAllText(TestPaths.Shared(expected)).TrimEnd('\n'), text.ToString().TrimEnd('\n'));
    }

    [SkippableFact]
    public void Our_VCF_output_is_read_back_by_bcftools_to_the_same_values()
    {
        Skip.IfNot(File.Exists("/usr/bin/bcftools"), "bcftools not installed");
        var input = TestPaths.Shared("genomics/synthetic/cohort_2k_x8_chrX.vcf.gz");
        var path = Path.Combine(TestPaths.TempDir(), "written.vcf");
        using (var reader = VcfReader.Open(input))
        using (var file = new StreamWriter(path, false, new UTF8Encoding(false)))
        {
            var writer = new VcfWriter(file, reader.Header);
            writer.WriteHeader();
            foreach (var r in reader.Records())
                writer.Write(r);
        }

        const string format = "%CHROM\t%POS\t%ID\t%REF\t%ALT\t%QUAL\t%FILTER\t%INFO[\t%GT:%AD:%DP:%GQ:%PL]\n";
        Assert.Equal(Bcftools("query", "-f", format, input), Bcftools("query", "-f", format, path));
    }

    private static string Bcftools(params string[] args)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("/usr/bin/bcftools", args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = System.Diagnostics.Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        return output;
    }

    private static string WithoutToolLines(string text) =>
        string.Join('\n', text.Split('\n').Where(l => !l.StartsWith("##bcftools", StringComparison.Ordinal)));
}

using System.Text;
using Precis.Core;
using Precis.Genomics.Bcf;
using Precis.Genomics.Query;
using Precis.Genomics.Vcf;
using Precis.Testing;

namespace Precis.Genomics.Tests;

/// <summary>BCF 2.2: typed values, sentinels and dictionaries decode to the same records as the VCF they came from.</summary>
public sealed class BcfReaderTests
{
    [SkippableFact]
    public void The_htslib_tabix_BCF_decodes_to_the_lines_of_its_VCF()
    {
        var bcf = TestPaths.Shared("genomics/htslib/test/tabix/vcf_file.bcf");
        Assert.True(BcfReader.IsBcf(bcf));
        var expected = IndexTests.DataLines(TestPaths.Shared("genomics/htslib/test/tabix/vcf_file.vcf"));
        using var reader = BcfReader.Open(bcf, VcfReaderOptions.Lenient);
        Assert.Equal(expected, reader.Records().Select(r => r.Line));
    }

    [SkippableFact]
    public void The_synthetic_cohort_BCF_gives_the_bcftools_GT_matrix_and_the_same_records_as_the_VCF()
    {
        using var bcf = BcfReader.Open(TestPaths.Shared("genomics/synthetic/cohort_2k_x8_chrX.bcf"));
        using var vcf = VcfReader.Open(TestPaths.Shared("genomics/synthetic/cohort_2k_x8_chrX.vcf.gz"));
        Assert.Equal(vcf.Header.Samples, bcf.Header.Samples);
        var fromBcf = bcf.Records().ToList();
        var fromVcf = vcf.Records().ToList();
        Assert.Equal(2000, fromBcf.Count);

        var written = new StringWriter { NewLine = "\n" };
        var writer = new VcfWriter(written, vcf.Header);
        foreach (var r in fromVcf)
            writer.Write(r);
        Assert.Equal(written.ToString(), string.Concat(fromBcf.Select(r => r.Line + "\n")));

        var format = QueryFormat.Parse(@"%CHROM\t%POS\t%REF\t%ALT\t%AC\t%AN[\t%GT]\n");
        var sb = new StringBuilder();
        foreach (var r in fromBcf)
            format.Format(r, null, sb);
        Assert.Equal(File.ReadAllText(TestPaths.Shared("genomics/synthetic/cohort_2k_x8_chrX.query_gt.bcftools-1.16.tsv")), sb.ToString());
    }

    [SkippableFact]
    public void A_truncated_BCF_is_a_clean_error_naming_the_record()
    {
        var src = File.ReadAllBytes(TestPaths.Shared("genomics/synthetic/cohort_2k_x8_chrX.bcf"));
        var path = Path.Combine(TestPaths.TempDir(), "cut.bcf");
        File.WriteAllBytes(path, src[..(src.Length / 2)]);
        var ex = Assert.Throws<InputException>(() =>
        {
            using var reader = BcfReader.Open(path);
            _ = reader.Records().Count();
        });
        Assert.Equal(path, ex.Error.File);
    }
}

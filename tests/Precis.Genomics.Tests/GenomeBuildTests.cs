using Precis.Core;
using Precis.Genomics.Sites;
using Precis.Genomics.Vcf;
using Precis.Testing;

namespace Precis.Genomics.Tests;

/// <summary>GRCh37/GRCh38 detection from ##contig lengths, and the error when a file's build is not the one required.</summary>
public sealed class GenomeBuildTests
{
    [SkippableFact]
    public void The_synthetic_cohort_is_detected_as_GRCh38_from_its_contig_lengths()
    {
        using var reader = VcfReader.Open(TestPaths.Shared("genomics/synthetic/cohort_2k_x8_chrX.vcf.gz"));
        var d = GenomeBuilds.Detect(reader.Header);
        Assert.Equal(GenomeBuild.GRCh38, d.Build);
        Assert.Equal(23, d.ContigsMatched);
        Assert.Contains("chr1 length 248956422 = GRCh38", d.Evidence);
    }

    [SkippableFact]
    public void Requiring_GRCh37_of_a_GRCh38_file_names_the_evidence()
    {
        var path = TestPaths.Shared("genomics/synthetic/sample_small.g.vcf.gz");
        using var reader = VcfReader.Open(path);
        var ex = Assert.Throws<InputException>(() => GenomeBuilds.Require(reader.Header, GenomeBuild.GRCh37, path));
        Assert.Equal("the file is GRCh38 (chr1 length 248956422 = GRCh38) but GRCh37 is required", ex.Error.Reason);
        Assert.Equal(path, ex.Error.File);
    }

    [SkippableFact]
    public void A_file_without_contig_lines_is_unknown_not_guessed()
    {
        using var reader = VcfReader.Open(TestPaths.Shared("genomics/pygscatalog/pgscatalog.calc/tests/data/vcf/tiny1000G.vcf.gz"));
        var d = GenomeBuilds.Require(reader.Header, GenomeBuild.GRCh38, "tiny1000G");
        Assert.Equal(GenomeBuild.Unknown, d.Build);
    }

    [Fact]
    public void Mixed_lengths_are_inconsistent_and_assembly_names_are_a_fallback()
    {
        const string mixed = """
            ##fileformat=VCFv4.2
            ##contig=<ID=1,length=249250621>
            ##contig=<ID=2,length=242193529>
            #CHROM	POS	ID	REF	ALT	QUAL	FILTER	INFO

            """;
        using (var reader = VcfReaderTests.Open(mixed))
        {
            Assert.Equal(GenomeBuild.Inconsistent, GenomeBuilds.Detect(reader.Header).Build);
            Assert.Throws<InputException>(() => GenomeBuilds.Require(reader.Header, GenomeBuild.GRCh37, "mixed.vcf"));
        }

        using var hinted = VcfReaderTests.Open("##fileformat=VCFv4.2\n##reference=file:///refs/hs37d5.fa\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n");
        Assert.Equal(GenomeBuild.GRCh37, GenomeBuilds.Detect(hinted.Header).Build);
        Assert.Equal(248956422, GenomeBuilds.ContigLength("NC_000001.11", GenomeBuild.GRCh38));
    }
}

using Precis.Genomics.Sites;
using Precis.Testing;

namespace Precis.Genomics.Tests;

/// <summary>Position lookups: variant, reference (record or gVCF block), no call, and not observed are kept apart.</summary>
public sealed class SiteLookupTests
{
    [SkippableFact]
    public void A_position_inside_a_gVCF_block_is_an_observed_reference_call_with_the_blocks_GQ_and_MIN_DP()
    {
        var path = TestPaths.Shared("genomics/synthetic/sample_small.g.vcf.gz");
        var sites = new[]
        {
            new GenomicSite("chr1", 10100),
            new GenomicSite("2", 20000),
            new GenomicSite("NC_000001.11", 10001),
            new GenomicSite("chr1", 5),
            new GenomicSite("chrY", 10100),
        };
        var calls = SiteLookup.Lookup(path, sites)[0];

        Assert.Equal(SiteCallStatus.ReferenceCall, calls[0].Status);
        Assert.True(calls[0].FromReferenceBlock);
        Assert.Equal(10, calls[0].GenotypeQuality);
        Assert.Equal(60, calls[0].MinDepth);
        Assert.Equal(10002, calls[0].Record!.Pos);
        Assert.Equal(10694, calls[0].Record!.End);

        Assert.Equal(SiteCallStatus.ReferenceCall, calls[1].Status);
        Assert.Equal((50, 8), (calls[1].GenotypeQuality!.Value, calls[1].MinDepth!.Value));

        Assert.Equal(SiteCallStatus.VariantCall, calls[2].Status);
        Assert.False(calls[2].FromReferenceBlock);
        Assert.Equal("0/1", calls[2].Genotype!.ToString());
        Assert.Equal("T", calls[2].Record!.Alts[0]);

        Assert.Equal(SiteCallStatus.NotObserved, calls[3].Status);
        Assert.Null(calls[3].Record);
        Assert.Equal(SiteCallStatus.NotObserved, calls[4].Status);
    }

    [Fact]
    public void Missing_genotypes_are_no_calls_and_deletion_spans_cover_the_deleted_bases()
    {
        const string text = """
            ##fileformat=VCFv4.2
            #CHROM	POS	ID	REF	ALT	QUAL	FILTER	INFO	FORMAT	A	B	C
            chrX	100	.	ACGT	A	.	PASS	.	GT:GQ	0/1:30	0/0:40	./.:.
            chrX	200	.	C	T	.	PASS	.	GT	1	0	.

            """;
        using var reader = VcfReaderTests.Open(text);
        var calls = SiteLookup.Lookup(reader, [new GenomicSite("X", 102), new GenomicSite("23", 200), new GenomicSite("chrX", 150)]);
        Assert.Equal([SiteCallStatus.VariantCall, SiteCallStatus.VariantCall, SiteCallStatus.NotObserved], calls[0].Select(c => c.Status));
        Assert.Equal([SiteCallStatus.ReferenceCall, SiteCallStatus.ReferenceCall, SiteCallStatus.NotObserved], calls[1].Select(c => c.Status));
        Assert.Equal([SiteCallStatus.NoCall, SiteCallStatus.NoCall, SiteCallStatus.NotObserved], calls[2].Select(c => c.Status));
        Assert.Equal(40, calls[1][0].GenotypeQuality);
        Assert.Equal(1, calls[0][1].Genotype!.Ploidy);
    }

    [Theory]
    [InlineData("chr1", "1")]
    [InlineData("NC_000001.11", "1")]
    [InlineData("NC_000001.10", "1")]
    [InlineData("chrX", "X")]
    [InlineData("23", "X")]
    [InlineData("NC_000023.11", "X")]
    [InlineData("chrM", "MT")]
    [InlineData("MT", "MT")]
    [InlineData("NC_012920.1", "MT")]
    [InlineData("chr22_KI270731v1_random", "chr22_KI270731v1_random")]
    public void Contig_aliases_resolve_to_one_canonical_name(string name, string canonical) =>
        Assert.Equal(canonical, ContigNames.Canonical(name));
}

using Precis.Core;
using Precis.Genomics.Indexing;
using Precis.Genomics.Io;
using Precis.Genomics.Sites;
using Precis.Genomics.Vcf;
using Precis.Testing;

namespace Precis.Genomics.Tests;

/// <summary>Region queries through .tbi/.csi indexes (bcftools-made and our own) against the upstream expected outputs.</summary>
public sealed class IndexTests
{
    private static readonly VcfReaderOptions Lenient = VcfReaderOptions.Lenient;

    [SkippableTheory]
    [InlineData(".tbi")]
    [InlineData(".csi")]
    public void Region_query_through_a_bcftools_index_reproduces_the_bcftools_region_output(string ext)
    {
        var vcf = TestPaths.Shared("genomics/synthetic/cohort_2k_x8_chrX.vcf.gz");
        var expected = DataLines(TestPaths.Shared("genomics/synthetic/cohort_2k_x8_chrX.region_chr1_10M-50M_chrX.bcftools-1.16.vcf"));
        using var reader = IndexedVcfReader.Open(vcf, indexPath: vcf + ext);
        var got = reader.Query("chr1:10000000-50000000").Concat(reader.Query("chrX")).Select(r => r.Line).ToList();
        Assert.Equal(expected, got);
    }

    [SkippableTheory]
    [InlineData(".tbi")]
    [InlineData(".csi")]
    public void A_point_inside_a_gVCF_block_returns_the_block_through_its_END(string ext)
    {
        var vcf = TestPaths.Shared("genomics/synthetic/sample_small.g.vcf.gz");
        var expected = DataLines(TestPaths.Shared("genomics/synthetic/sample_small.g.region_points.bcftools-1.16.vcf"));
        using var reader = IndexedVcfReader.Open(vcf, indexPath: vcf + ext);
        var got = reader.Query("chr1:10100-10100").Concat(reader.Query("chr2:20000-20000")).Select(r => r.Line).ToList();
        Assert.Equal(expected, got);
        Assert.Equal(10694, reader.Query("1:10100").Single().End);
    }

    [SkippableTheory]
    [InlineData(IndexKind.Tabix, "1:3000151-3000151", "vcf_file.1.3000151.out")]
    [InlineData(IndexKind.Tabix, "2:3199812-3199812", "vcf_file.2.3199812.out")]
    [InlineData(IndexKind.Csi, "1:3000151-3000151", "vcf_file.1.3000151.out")]
    [InlineData(IndexKind.Csi, "2:3199812-3199812", "vcf_file.2.3199812.out")]
    public void Our_bgzip_and_index_reproduce_the_htslib_tabix_test_outputs(IndexKind kind, string region, string expectedFile)
    {
        var vcf = CompressToTemp(TestPaths.Shared("genomics/htslib/test/tabix/vcf_file.vcf"));
        var index = IndexBuilder.BuildAndWrite(vcf, kind, options: Lenient);
        var expected = File.ReadAllLines(TestPaths.Shared("genomics/htslib/test/tabix/" + expectedFile));
        using var reader = IndexedVcfReader.Open(vcf, Lenient, index);
        Assert.Equal(expected, reader.Query(region).Select(r => r.Line));
    }

    [SkippableTheory]
    [InlineData("genomics/synthetic/cohort_2k_x8_chrX.vcf.gz", IndexKind.Tabix, ".tbi")]
    [InlineData("genomics/synthetic/cohort_2k_x8_chrX.vcf.gz", IndexKind.Csi, ".csi")]
    [InlineData("genomics/synthetic/phased_2k_x8_nochr.vcf.gz", IndexKind.Tabix, ".tbi")]
    [InlineData("genomics/synthetic/phased_2k_x8_nochr.vcf.gz", IndexKind.Csi, ".csi")]
    [InlineData("genomics/pygscatalog/pgscatalog.calc/tests/data/vcf/tiny1000G.vcf.gz", IndexKind.Tabix, ".tbi")]
    public void Our_index_holds_the_same_bins_chunks_and_offsets_as_the_htslib_one_and_round_trips(string file, IndexKind kind, string ext)
    {
        // Same depth, bins (after htslib's merging of small bins into their parents), chunks, linear index and loffsets.
        var shared = TestPaths.Shared(file);
        var htslib = GenomicIndex.Read(shared + ext);
        var ours = IndexBuilder.Build(shared, kind, options: Lenient);
        Assert.Equal(htslib.Names, ours.Names);
        Assert.Equal((htslib.MinShift, htslib.Depth), (ours.MinShift, ours.Depth));
        for (var r = 0; r < ours.References.Count; r++)
        {
            // htslib writes bins in hash order, we write them ascending: compare in one order.
            var a = htslib.References[r].Sorted();
            var b = ours.References[r].Sorted();
            Assert.Equal(a.BinIds, b.BinIds);
            Assert.Equal(a.BinFirst, b.BinFirst);
            Assert.Equal(a.Chunks.AsSpan(0, a.BinFirst[^1]).ToArray(), b.Chunks.AsSpan(0, b.BinFirst[^1]).ToArray());
            Assert.Equal(a.Linear, b.Linear);
            if (kind == IndexKind.Csi)
                Assert.Equal(a.Loffsets, b.Loffsets);
            // The dictionary view of a packed index equals its packed form.
            Assert.Equal(b.BinIds.Length, ours.References[r].Bins.Count);
            Assert.Equal(b.Chunks.AsSpan(b.BinFirst[0], b.BinFirst[1] - b.BinFirst[0]).ToArray(), ours.References[r].Bins[b.BinIds[0]]);
        }

        // Written, read back and written again: the same bytes.
        var first = new MemoryStream();
        IndexBuilder.Write(ours, first);
        var path = Path.Combine(Path.GetTempPath(), $"precis-index-{Guid.NewGuid():N}{ext}");
        File.WriteAllBytes(path, first.ToArray());
        try
        {
            var second = new MemoryStream();
            IndexBuilder.Write(GenomicIndex.Read(path), second);
            Assert.Equal(first.ToArray(), second.ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [SkippableFact]
    public void Many_regions_in_any_order_give_each_overlapping_record_once_in_file_order()
    {
        // 300 random regions, unsorted, overlapping, nested, some under the other naming (1 for chr1): the records
        // returned must be exactly those a full scan finds overlapping any region, once each, in file order.
        var vcf = TestPaths.Shared("genomics/synthetic/cohort_2k_x8_chrX.vcf.gz");
        List<VcfRecord> all;
        using (var plain = VcfReader.Open(vcf, Lenient))
            all = [.. plain.Records()];
        var random = new Random(11);
        var contigs = all.Select(r => r.Chrom).Distinct().ToList();
        var regions = Enumerable.Range(0, 300).Select(_ =>
        {
            var contig = contigs[random.Next(contigs.Count)];
            var start = random.NextInt64(1, 250_000_000);
            var name = random.Next(4) == 0 ? contig.Replace("chr", "", StringComparison.Ordinal) : contig;
            return new GenomicRegion(name, start, start + random.NextInt64(0, random.Next(3) == 0 ? 20_000_000 : 200_000));
        }).ToList();
        var expected = all.Where(r => regions.Any(g => ContigNames.Resolve(g.Contig, contigs) == r.Chrom && r.Pos <= g.End && r.End >= g.Start)).Select(r => r.Line).ToList();
        using var indexed = IndexedVcfReader.Open(vcf, Lenient);
        var got = indexed.Query(regions).Select(r => r.Line).ToList();
        Assert.True(expected.Count > 100, $"only {expected.Count} records overlap: the test would say little");
        Assert.Equal(expected, got);
    }

    [SkippableFact]
    public void Positions_beyond_2_29_fail_a_TBI_build_and_work_with_CSI()
    {
        var vcf = CompressToTemp(TestPaths.Shared("genomics/htslib/test/tabix/large_chr.vcf"));
        var ex = Assert.Throws<InputException>(() => IndexBuilder.Build(vcf, IndexKind.Tabix, options: Lenient));
        Assert.Contains("2^29", ex.Error.Reason, StringComparison.Ordinal);

        var index = IndexBuilder.Build(vcf, IndexKind.Csi, options: Lenient);
        Assert.True(index.Depth > 5);
        var path = vcf + ".csi";
        using (var f = File.Create(path))
            IndexBuilder.Write(index, f);
        var expected = File.ReadAllLines(TestPaths.Shared("genomics/htslib/test/tabix/large_chr.20.1.2147483647.out"));
        using var reader = IndexedVcfReader.Open(vcf, Lenient, path);
        Assert.Equal(expected, reader.Query("chr20:1-2147483647").Select(r => r.Line));
    }

    [SkippableFact]
    public void A_gVCF_star_record_is_found_by_a_point_query_as_in_htslib_tabix_out()
    {
        var vcf = CompressToTemp(TestPaths.Shared("genomics/htslib/test/index.vcf"));
        var expected = File.ReadAllLines(TestPaths.Shared("genomics/htslib/test/tabix.out"));
        foreach (var kind in new[] { IndexKind.Tabix, IndexKind.Csi })
        {
            var index = IndexBuilder.BuildAndWrite(vcf, kind, options: Lenient);
            using var reader = IndexedVcfReader.Open(vcf, Lenient, index);
            Assert.Equal(expected, reader.Query("1:10000060-10000060").Select(r => r.Line));
        }
    }

    [SkippableTheory]
    [InlineData("1:10010000100-10010000105", "index.expected1.vcf")]
    [InlineData("1:10010000120-10010000130", "index.expected2.vcf")]
    public void Positions_near_10_to_the_10_are_queried_through_a_64_bit_CSI(string region, string expectedFile)
    {
        var vcf = CompressToTemp(TestPaths.Shared("genomics/htslib/test/longrefs/index.vcf"));
        var index = IndexBuilder.BuildAndWrite(vcf, IndexKind.Csi, options: Lenient);
        var expected = DataLines(TestPaths.Shared("genomics/htslib/test/longrefs/" + expectedFile));
        using var reader = IndexedVcfReader.Open(vcf, Lenient, index);
        Assert.Equal(expected, reader.Query(region).Select(r => r.Line));
    }

    [SkippableTheory]
    [InlineData("1", 1)]
    [InlineData("{1}:1", 2)]
    [InlineData("{1:1}", 3)]
    [InlineData("{1:1}:1", 4)]
    [InlineData("{1:1-1}", 5)]
    [InlineData("{1:1-1}:1", 6)]
    public void Contig_names_with_colons_are_addressed_with_braces(string region, int expectedNumber)
    {
        var vcf = CompressToTemp(TestPaths.Shared("genomics/htslib/test/bcf-sr/weird-chr-names.vcf"));
        var index = IndexBuilder.BuildAndWrite(vcf, IndexKind.Csi, options: Lenient);
        var expected = DataLines(TestPaths.Shared($"genomics/htslib/test/bcf-sr/weird-chr-names.{expectedNumber}.out"));
        using var reader = IndexedVcfReader.Open(vcf, Lenient, index);
        Assert.Equal(expected, reader.Query(region).Select(r => r.Line));
    }

    [Fact]
    public void A_region_that_is_both_a_contig_and_a_range_is_rejected_as_ambiguous()
    {
        var ex = Assert.Throws<InputException>(() => GenomicRegion.Parse("1:1", ["1", "1:1"]));
        Assert.Contains("ambiguous", ex.Error.Reason, StringComparison.Ordinal);
        Assert.Equal(new GenomicRegion("chr1", 10_000_000, 50_000_000), GenomicRegion.Parse("chr1:10,000,000-50,000,000"));
    }

    [SkippableFact]
    public void Our_TBI_and_CSI_are_read_by_htslib_tabix()
    {
        Skip.IfNot(File.Exists("/usr/bin/tabix"), "htslib tabix not installed");
        var src = TestPaths.Shared("genomics/synthetic/cohort_2k_x8_chrX.vcf.gz");
        var vcf = CompressToTemp(src);
        var expected = DataLines(TestPaths.Shared("genomics/synthetic/cohort_2k_x8_chrX.region_chr1_10M-50M_chrX.bcftools-1.16.vcf"));
        foreach (var kind in new[] { IndexKind.Tabix, IndexKind.Csi })
        {
            foreach (var stale in new[] { vcf + ".tbi", vcf + ".csi" })
                File.Delete(stale);
            IndexBuilder.BuildAndWrite(vcf, kind);
            var psi = new System.Diagnostics.ProcessStartInfo("/usr/bin/tabix", [vcf, "chr1:10000000-50000000", "chrX"]) { RedirectStandardOutput = true };
            using var p = System.Diagnostics.Process.Start(psi)!;
            var output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            Assert.Equal(0, p.ExitCode);
            Assert.Equal(expected, output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
    }

    [Theory]
    [InlineData(IndexKind.Tabix)]
    [InlineData(IndexKind.Csi)]
    public void A_bin_taking_chunk_after_chunk_past_the_builders_first_arrays_keeps_every_chunk(IndexKind kind)
    {
        // Records alternate between a 16 kb leaf bin (SNVs) and its parent (deletions to END past the window), so
        // each record opens a chunk in a bin that already has one: 3,000 chunks, well past the builder's first arrays
        // (256), where a lost link once dropped chunks. Every point and range query must find what a scan finds.
        var text = new System.Text.StringBuilder("##fileformat=VCFv4.3\n##contig=<ID=chr1,length=1000000>\n##INFO=<ID=END,Number=1,Type=Integer,Description=\"End\">\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n");
        for (var i = 0; i < 3_000; i++)
            text.Append("chr1\t").Append((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(i % 2 == 0 ? "\t.\tA\tG\t.\tPASS\t.\n" : "\t.\tA\t<DEL>\t.\tPASS\tEND=20000\n");
        var plain = Path.Combine(TestPaths.TempDir(), "alternating.vcf");
        File.WriteAllText(plain, text.ToString());
        var vcf = CompressToTemp(plain);
        var index = IndexBuilder.BuildAndWrite(vcf, kind, options: Lenient);
        List<VcfRecord> all;
        using (var scan = VcfReader.Open(vcf, Lenient))
            all = [.. scan.Records()];
        using var reader = IndexedVcfReader.Open(vcf, Lenient, index);
        foreach (var (start, end) in new[] { (1L, 1L), (1500L, 1500L), (2999L, 3000L), (17000L, 18000L), (1L, 1_000_000L) })
        {
            var expected = all.Where(r => r.Pos <= end && r.End >= start).Select(r => r.Line);
            Assert.Equal(expected, reader.Query(new GenomicRegion("chr1", start, end)).Select(r => r.Line));
        }
    }

    internal static string CompressToTemp(string source)
    {
        var path = Path.Combine(TestPaths.TempDir(), Path.GetFileNameWithoutExtension(source).Replace(".vcf", "", StringComparison.Ordinal) + ".vcf.gz");
        Bgzip.Compress(source, path);
        return path;
    }

    internal static List<string> DataLines(string path) => File.ReadAllLines(path).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
}

using System.IO.Compression;
using System.Text;
using Precis.Core;
using Precis.Genomics.Io;
using Precis.Genomics.Vcf;
using Precis.Testing;

namespace Precis.Genomics.Tests;

/// <summary>Reading records, genotypes and per-sample fields from plain, gzip and BGZF VCF.</summary>
public sealed class VcfReaderTests
{
    private const string Small = """
        ##fileformat=VCFv4.3
        ##contig=<ID=chr1,length=248956422>
        ##INFO=<ID=DP,Number=1,Type=Integer,Description="Depth">
        ##INFO=<ID=AF,Number=A,Type=Float,Description="Allele frequency">
        ##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">
        ##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">
        ##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Depth">
        ##FORMAT=<ID=GQ,Number=1,Type=Integer,Description="Genotype quality">
        ##FORMAT=<ID=PL,Number=G,Type=Integer,Description="Phred likelihoods">
        ##FORMAT=<ID=PS,Number=1,Type=Integer,Description="Phase set">
        ##FORMAT=<ID=DS,Number=1,Type=Float,Description="Dosage">
        #CHROM	POS	ID	REF	ALT	QUAL	FILTER	INFO	FORMAT	S1	S2	S3
        chr1	100	rs1;rs2	A	G,*	50.5	PASS	DP=30;AF=0.25,0.5	GT:AD:DP:GQ:PL:PS:DS	0|1:10,9,1:20:99:200,0,180,300,310,400:100:1.02	1/2:.:.:.	./.
        chr1	200	.	C	<DEL>	.	q10;LowDP	.	GT	1	0/0/1	.
        chr1	300	bnd1	G	G]chr2:500]	.	.	.	GT	0/1	0	./1

        """;

    [Fact]
    public void Site_columns_INFO_and_lazily_decoded_sample_fields_are_read()
    {
        using var reader = Open(Small);
        var r = reader.Read()!;
        Assert.Equal(["S1", "S2", "S3"], reader.Header.Samples);
        Assert.Equal(("chr1", 100L, "A"), (r.Chrom, r.Pos, r.Ref));
        Assert.Equal(["rs1", "rs2"], r.Ids);
        Assert.Equal(["G", "*"], r.Alts);
        Assert.Equal(50.5, r.Qual);
        Assert.True(r.IsPass);
        Assert.Equal(30, r.GetInfoIntegers("DP")![0]);
        Assert.Equal([0.25, 0.5], r.GetInfoFloats("AF")!.Select(v => v!.Value));

        var s1 = r.Sample("S1");
        Assert.Equal([0, 1], s1.Genotype.Alleles);
        Assert.True(s1.Genotype.IsPhased);
        Assert.Equal([10, 9, 1], s1.AlleleDepths!.Select(v => v!.Value));
        Assert.Equal(20, s1.Depth);
        Assert.Equal(99, s1.GenotypeQuality);
        Assert.Equal(6, s1.PhredLikelihoods!.Count);
        Assert.Equal(100, s1.PhaseSet);
        Assert.Equal(1.02, s1.Dosage);

        var s2 = r.Sample(1);
        Assert.Equal("1/2", s2.Genotype.ToString());
        Assert.False(s2.Genotype.IsPhased);
        Assert.Null(s2.AlleleDepths);
        Assert.Null(s2.Depth);
        Assert.Null(s2.PhaseSet);
        Assert.True(r.Sample(2).Genotype.IsMissing);
    }

    [Fact]
    public void Haploid_polyploid_symbolic_and_breakend_records_are_read()
    {
        using var reader = Open(Small);
        _ = reader.Read();
        var del = reader.Read()!;
        Assert.Equal(["q10", "LowDP"], del.Filters);
        Assert.Null(del.Qual);
        Assert.True(VcfRecord.IsSymbolic(del.Alts[0]));
        Assert.Equal(1, del.Sample(0).Genotype.Ploidy);
        Assert.True(del.Sample(0).Genotype.IsPhased);
        Assert.Equal([0, 0, 1], del.Sample(1).Genotype.Alleles);
        var bnd = reader.Read()!;
        Assert.True(VcfRecord.IsBreakend(bnd.Alts[0]));
        Assert.True(bnd.Sample(2).Genotype.IsPartiallyMissing);
        Assert.Null(reader.Read());
    }

    [Fact]
    public void Gzip_and_BGZF_input_are_detected_by_magic_bytes_and_give_the_same_records()
    {
        var plain = Records(Open(Small));
        var gz = new MemoryStream();
        using (var z = new GZipStream(gz, CompressionLevel.Fastest, leaveOpen: true))
            z.Write(Encoding.UTF8.GetBytes(Small.ReplaceLineEndings("\n")));
        gz.Position = 0;
        using var gzReader = VcfReader.Open(gz, "small.vcf.gz");
        Assert.Equal(InputCompression.Gzip, gzReader.Compression);
        Assert.Equal(plain, Records(gzReader));
    }

    [SkippableFact]
    public void A_BGZF_file_is_read_through_the_block_reader_with_virtual_offsets()
    {
        var path = TestPaths.Shared("genomics/synthetic/cohort_2k_x8_chrX.vcf.gz");
        using var reader = VcfReader.Open(path, VcfReaderOptions.Strict with { Threads = 2 });
        Assert.Equal(InputCompression.Bgzf, reader.Compression);
        var records = reader.Records().ToList();
        Assert.Equal(2000, records.Count);
        Assert.Equal(8, reader.Header.Samples.Count);
        Assert.All(records.Zip(records.Skip(1)), p => Assert.True(p.First.EndOffset == p.Second.StartOffset));
    }

    [Fact]
    public void A_malformed_GT_in_strict_mode_names_file_line_column_and_sample()
    {
        var text = Small.Replace("0/0/1", "0/x", StringComparison.Ordinal);
        var ex = Assert.Throws<InputException>(() => Records(Open(text)));
        Assert.Equal("test.vcf", ex.Error.File);
        Assert.Equal(14, ex.Error.Line);
        Assert.Equal("S2/GT", ex.Error.Field);
        Assert.Contains("'x' where an allele index", ex.Error.Reason, StringComparison.Ordinal);
        var line = text.ReplaceLineEndings("\n").Split('\n')[13];
        Assert.Equal(line.IndexOf("0/x", StringComparison.Ordinal) + 1, ex.Error.Column);
    }

    [Theory]
    [InlineData("rs1;;rs2", "ID malformed")]
    [InlineData(";rs1", "ID malformed")]
    [InlineData("rs1;", "ID malformed")]
    [InlineData("rs 1", "ID malformed")]
    [InlineData("rs1;rs2;rs1", "ID duplicated")]
    public void A_malformed_ID_is_an_error_in_strict_mode_and_counted_in_lenient_mode(string id, string rule)
    {
        var text = Small.Replace("rs1;rs2", id, StringComparison.Ordinal);
        var ex = Assert.Throws<InputException>(() => Records(Open(text)));
        Assert.Equal(("ID", 13), (ex.Error.Field, ex.Error.Line));
        Assert.Contains(id, ex.Error.Reason, StringComparison.Ordinal);
        using var lenient = Open(text, VcfReaderOptions.Lenient);
        var first = lenient.Read()!;
        Assert.Equal(1, lenient.Report.Repaired[rule]);
        Assert.Equal(id.Split(';'), first.Ids);
    }

    [Theory]
    [InlineData("rs7", new[] { "rs7" })]
    [InlineData(".", new string[0])]
    [InlineData("a;b;c", new[] { "a", "b", "c" })]
    public void IDs_are_split_on_first_use(string id, string[] expected)
    {
        using var reader = Open(Small.Replace("rs1;rs2", id, StringComparison.Ordinal));
        var r = reader.Read()!;
        Assert.Equal(expected, r.Ids);
        Assert.Equal(id, r.Id);
    }

    [Theory]
    [InlineData("0100", 100L)]
    [InlineData("999999999999999999", 999999999999999999L)]
    public void POS_is_read_as_a_64_bit_integer(string text, long expected)
    {
        using var reader = Open(Small.Replace("chr1\t100", "chr1\t" + text, StringComparison.Ordinal).Replace("chr1\t200", "chr1\t" + text, StringComparison.Ordinal).Replace("chr1\t300", "chr1\t" + text, StringComparison.Ordinal), VcfReaderOptions.Lenient);
        Assert.Equal(expected, reader.Read()!.Pos);
    }

    [Theory]
    [InlineData("1000000000000000000")]
    [InlineData("-5")]
    [InlineData("1e5")]
    [InlineData("")]
    public void A_POS_that_is_not_a_non_negative_integer_of_at_most_18_digits_is_refused(string text)
    {
        var bad = Small.Replace("chr1\t100", "chr1\t" + text, StringComparison.Ordinal);
        var ex = Assert.Throws<InputException>(() => Records(Open(bad)));
        Assert.Equal(("POS", 13), (ex.Error.Field, ex.Error.Line));
    }

    [Fact]
    public void Lenient_mode_skips_the_bad_record_and_counts_it()
    {
        var text = Small.Replace("chr1\t200", "chr1\t2x0", StringComparison.Ordinal);
        using var reader = Open(text, VcfReaderOptions.Lenient);
        var records = reader.Records().ToList();
        Assert.Equal([100L, 300L], records.Select(r => r.Pos));
        Assert.Equal(1, reader.Report.Skipped["POS is not a non-negative integer"]);
        Assert.Equal(14, reader.Report.FirstExample["POS is not a non-negative integer"].Line);
    }

    [Fact]
    public void A_truncated_last_line_is_an_error_in_strict_mode_and_a_repair_in_lenient_mode()
    {
        var text = Small.ReplaceLineEndings("\n").TrimEnd('\n');
        var ex = Assert.Throws<InputException>(() => Records(Open(text)));
        Assert.Contains("no terminating newline", ex.Error.Reason, StringComparison.Ordinal);
        using var lenient = Open(text, VcfReaderOptions.Lenient);
        Assert.Equal(3, lenient.Records().Count());
        Assert.Equal(1, lenient.Report.Repaired["no newline at end of file"]);
    }

    [SkippableFact]
    public void VCF_4_4_prefix_phasing_round_trips_as_htslib_writes_it()
    {
        var input = TestPaths.Shared("genomics/htslib/test/vcf44_1.vcf");
        var expected = File.ReadAllLines(TestPaths.Shared("genomics/htslib/test/vcf44_1.expected")).Where(l => !l.StartsWith('#')).ToList();
        // The upstream fixture lacks its final newline: lenient mode reads it and records the repair.
        using var reader = VcfReader.Open(input, VcfReaderOptions.Lenient);
        var records = reader.Records().ToList();
        Assert.Equal(1, reader.Report.Repaired["no newline at end of file"]);
        Assert.Equal(expected.Count, records.Count);
        for (var i = 0; i < records.Count; i++)
        {
            var want = expected[i].Split('\t')[9..];
            var got = Enumerable.Range(0, records[i].SampleCount).Select(s => records[i].Sample(s).Genotype.Format(vcf44: true));
            Assert.Equal(want, got);
        }
    }

    [SkippableFact]
    public void The_1000_Genomes_subset_reads_with_3202_samples_and_haploid_male_chrX()
    {
        var path = TestPaths.Shared("genomics/pygscatalog/pgscatalog.calc/tests/data/vcf/tiny1000G.vcf.gz");
        using var reader = VcfReader.Open(path);
        Assert.Equal(3202, reader.Header.Samples.Count);
        Assert.DoesNotContain(reader.Header.MetaLines, m => m.Key == "contig");
        var records = reader.Records().ToList();
        Assert.Equal(1004, records.Count);
        var byPos = records.GroupBy(r => (r.Chrom, r.Pos)).ToDictionary(g => g.Key, g => g.First());
        Assert.Equal(("G", "A"), (byPos[("1", 44465567)].Ref, byPos[("1", 44465567)].Alts[0]));
        Assert.Equal(("G", "C"), (byPos[("8", 116938529)].Ref, byPos[("8", 116938529)].Alts[0]));
        Assert.Equal(("A", "G"), (byPos[("10", 97611390)].Ref, byPos[("10", 97611390)].Alts[0]));
        Assert.False(byPos.ContainsKey(("1", 9067156)));

        var x = records.Where(r => r.Chrom == "X").ToList();
        Assert.NotEmpty(x);
        var ploidies = x[0].SampleCount > 0 ? Enumerable.Range(0, x[0].SampleCount).Select(s => x[0].Sample(s).Genotype.Ploidy).ToHashSet() : [];
        Assert.Equal([1, 2], ploidies.Order());
        Assert.Equal(reader.Header.Samples.Count, records[0].SampleColumnsPresent);
    }

    internal static VcfReader Open(string text, VcfReaderOptions? options = null) =>
        VcfReader.Open(new MemoryStream(Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\n"))), "test.vcf", options);

    private static List<string> Records(VcfReader reader)
    {
        using (reader)
            return reader.Records().Select(r => r.Line).ToList();
    }
}

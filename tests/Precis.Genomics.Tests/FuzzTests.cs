using System.IO.Compression;
using System.Text;
using Precis.Core;
using Precis.Genomics.Query;
using Precis.Genomics.Vcf;
using Precis.Testing;

namespace Precis.Genomics.Tests;

/// <summary>Mutated and truncated copies of real files: every read ends in records or a clean InputException.</summary>
public sealed class FuzzTests
{
    private static readonly string[] Sources =
    [
        "genomics/bcftools/test/query.vcf",
        "genomics/bcftools/test/norm.split.vcf",
        "genomics/htslib/test/vcf44_1.vcf",
        "genomics/htslib/test/tabix/vcf_file.vcf",
        "genomics/hts-specs/test/vcf/4.3/passed/complexfile_passed_000.vcf",
        "genomics/hts-specs/test/vcf/4.3/passed/passed_body_alt.vcf",
        "genomics/synthetic/sample_small.g.vcf.gz",
    ];

    [SkippableFact]
    public void Thousands_of_mutated_text_files_end_in_records_or_a_clean_error()
    {
        var rng = new Random(20261122);
        var outcomes = new int[3];
        foreach (var source in Sources.Where(s => s.EndsWith(".vcf", StringComparison.Ordinal)))
        {
            var original = File.ReadAllBytes(TestPaths.Shared(source));
            for (var i = 0; i < 400; i++)
                outcomes[Exercise(Mutate(original, rng), $"{source}#{i}")]++;
        }

        // Both outcomes must occur: the mutations are neither all harmless nor all fatal.
        Assert.True(outcomes[0] > 100, $"records: {outcomes[0]}");
        Assert.True(outcomes[1] > 100, $"errors: {outcomes[1]}");
        Assert.Equal(6 * 400, outcomes.Sum());
    }

    [SkippableFact]
    public void Mutated_and_truncated_BGZF_and_gzip_files_end_in_records_or_a_clean_error()
    {
        var rng = new Random(7);
        var bgzf = File.ReadAllBytes(TestPaths.Shared("genomics/synthetic/sample_small.g.vcf.gz"));
        var plain = File.ReadAllBytes(TestPaths.Shared("genomics/bcftools/test/query.vcf"));
        using var gz = new MemoryStream();
        using (var z = new GZipStream(gz, CompressionLevel.Optimal, leaveOpen: true))
            z.Write(plain);
        var gzip = gz.ToArray();
        var errors = 0;
        for (var i = 0; i < 400; i++)
        {
            var data = i % 2 == 0 ? bgzf : gzip;
            var mutated = i % 3 == 0 ? data[..rng.Next(data.Length)] : FlipBytes(data, rng, 1 + rng.Next(4));
            errors += Exercise(mutated, $"compressed#{i}");
        }

        Assert.True(errors > 50, $"errors: {errors}");
    }

    /// <summary>0 = records read, 1 = InputException; anything else fails the test with the input named.</summary>
    private static int Exercise(byte[] data, string name)
    {
        foreach (var options in new[] { VcfReaderOptions.Strict, VcfReaderOptions.Lenient })
        {
            try
            {
                using var reader = VcfReader.Open(new MemoryStream(data), name, options);
                var format = QueryFormat.Parse(@"%CHROM %POS %REF %ALT %QUAL %INFO/DP %END[ %GT %TGT %DP %AD %PL]\n");
                var text = new StringWriter();
                var writer = new VcfWriter(text, reader.Header);
                var sb = new StringBuilder();
                var n = 0;
                foreach (var r in reader.Records())
                {
                    format.Format(r, null, sb);
                    writer.Write(r);
                    foreach (var _ in Variants.MultiAllelicSplitter.Split(r))
                        n++;
                    for (var s = 0; s < r.SampleCount; s++)
                        _ = (r.Sample(s).Genotype.IsPhased, r.Sample(s).GenotypeQuality, r.Sample(s).Likelihoods);
                }

                if (options.Mode == VcfErrorMode.Strict)
                    return 0;
            }
            catch (InputException ex)
            {
                Assert.Equal(name, ex.Error.File);
                Assert.False(string.IsNullOrEmpty(ex.Error.Reason));
                if (options.Mode == VcfErrorMode.Strict)
                    return 1;
            }
        }

        return 1;
    }

    private static readonly byte[] Specials = "\t:;,=/|.<>[]*\n0123456789-"u8.ToArray();

    private static byte[] Mutate(byte[] data, Random rng)
    {
        var list = new List<byte>(data);
        var edits = 1 + rng.Next(3);
        for (var e = 0; e < edits && list.Count > 0; e++)
        {
            var at = rng.Next(list.Count);
            switch (rng.Next(7))
            {
                case 0: list[at] = (byte)rng.Next(256); break;
                case 1: list.RemoveAt(at); break;
                case 2: list.Insert(at, Specials[rng.Next(Specials.Length)]); break;
                case 3: list.RemoveRange(at, list.Count - at); break;
                case 4: list.InsertRange(at, list.GetRange(at, Math.Min(40, list.Count - at))); break;
                case 5: list[at] = (byte)'\t'; break;
                default: list.Insert(at, (byte)'\n'); break;
            }
        }

        return [.. list];
    }

    private static byte[] FlipBytes(byte[] data, Random rng, int count)
    {
        var copy = (byte[])data.Clone();
        for (var k = 0; k < count; k++)
            copy[rng.Next(copy.Length)] ^= (byte)(1 << rng.Next(8));
        return copy;
    }
}

using System.Globalization;
using System.IO.Compression;
using Precis.Core;
using Precis.PolygenicRisk.Scoring;
using Precis.PolygenicRisk.ScoringFiles;
using Precis.Testing;

namespace Precis.PolygenicRisk.Tests;

/// <summary>The byte-level GT path gives exactly what the full Precis.Genomics reader gives, and refuses bad GTs with line and sample.</summary>
public sealed class FastPathTests
{
    [SkippableFact]
    public void Fast_path_equals_the_full_reader_on_a_cohort_with_multiallelic_symbolic_missing_and_haploid_X_calls()
    {
        var vcf = TestPaths.Shared("genomics/synthetic/cohort_2k_x8_chrX.vcf.gz");
        // A score over every site and every ALT (deterministic weights), so multi-allelic and X sites are all exercised.
        var path = Path.Combine(TestPaths.TempDir(), "all-sites.txt");
        using (var w = new StreamWriter(path))
        {
            w.WriteLine("#pgs_id=ALLSITES");
            w.WriteLine("chr_name\tchr_position\teffect_allele\tother_allele\teffect_weight");
            using var r = new StreamReader(new GZipStream(File.OpenRead(vcf), CompressionMode.Decompress));
            string? line;
            var k = 0;
            while ((line = r.ReadLine()) is not null)
            {
                if (line.StartsWith('#'))
                    continue;
                var c = line.Split('\t', 6);
                foreach (var alt in c[4].Split(',').Where(a => !a.StartsWith('<'))) // symbolic records stay in the VCF, unscored
                    w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{c[0]}\t{c[1]}\t{alt}\t{c[3]}\t{((k++ % 17) - 8) * 0.01}"));
            }
        }

        var scores = ScoringFileReader.Read(path);
        foreach (var keepMulti in new[] { false, true })
        {
            var options = ScoringOptions.Default with { Match = ScoringOptions.Default.Match with { MinOverlap = 0, KeepMultiallelic = keepMulti } };
            var fast = PolygenicScorer.Score(vcf, scores, options);
            var full = PolygenicScorer.Score(vcf, scores, options with { FastGtPath = false });
            var f = Assert.Single(fast.Scores);
            var g = Assert.Single(full.Scores);
            Assert.True(f.Report.Matched > 1000, $"{f.Report.Matched} matched");
            Assert.Equal(g.Report.Matched, f.Report.Matched);
            Assert.Equal(g.Samples, f.Samples); // every field, exact doubles
            Assert.Contains(f.Samples, s => s.MissingVariants > 0);
        }
    }

    [SkippableFact]
    public void Fast_path_with_several_scores_sharing_variants_equals_the_full_reader_for_every_missing_and_ploidy_policy()
    {
        // Three scores: every site; every other site with other weights and the effect allele on the other strand half
        // the time; the same rows as the first with a dominant row every 5th (the general path mixed in). The byte-level
        // path decodes a record once per effect allele and keeps per-sample counts once per set of scores sharing it.
        var vcf = TestPaths.Shared("genomics/synthetic/cohort_2k_x8_chrX.vcf.gz");
        var dir = TestPaths.TempDir();
        var paths = new[] { "a.txt", "b.txt", "c.txt" }.Select(n => Path.Combine(dir, n)).ToArray();
        var writers = paths.Select(p => new StreamWriter(p)).ToArray();
        writers[0].WriteLine("chr_name\tchr_position\teffect_allele\tother_allele\teffect_weight");
        writers[1].WriteLine("chr_name\tchr_position\teffect_allele\tother_allele\teffect_weight");
        writers[2].WriteLine("chr_name\tchr_position\teffect_allele\tother_allele\teffect_weight\tis_dominant");
        using (var r = new StreamReader(new GZipStream(File.OpenRead(vcf), CompressionMode.Decompress)))
        {
            string? line;
            var k = 0;
            while ((line = r.ReadLine()) is not null)
            {
                if (line.StartsWith('#'))
                    continue;
                var c = line.Split('\t', 6);
                foreach (var alt in c[4].Split(',').Where(a => !a.StartsWith('<')))
                {
                    var w = ((k % 17) - 8) * 0.01;
                    writers[0].WriteLine(string.Create(CultureInfo.InvariantCulture, $"{c[0]}\t{c[1]}\t{alt}\t{c[3]}\t{w}"));
                    if (k % 2 == 0)
                    {
                        var (ea, oa) = k % 4 == 0 ? (c[3], alt) : (alt, c[3]);
                        writers[1].WriteLine(string.Create(CultureInfo.InvariantCulture, $"{c[0]}\t{c[1]}\t{ea}\t{oa}\t{w * -1.37}"));
                    }

                    writers[2].WriteLine(string.Create(CultureInfo.InvariantCulture, $"{c[0]}\t{c[1]}\t{alt}\t{c[3]}\t{w / 3}\t{(k % 5 == 0 ? "True" : "False")}"));
                    k++;
                }
            }
        }

        foreach (var w in writers)
            w.Dispose();
        var scores = paths.SelectMany(p => ScoringFileReader.Read(p)).ToList();
        foreach (var missing in new[] { MissingGenotypePolicy.MeanImputation, MissingGenotypePolicy.Drop })
        {
            foreach (var ploidy in new[] { PloidyModel.FromGenotype, PloidyModel.AlwaysDiploid })
            {
                var options = ScoringOptions.Default with
                {
                    Missing = missing,
                    Ploidy = ploidy,
                    Match = ScoringOptions.Default.Match with { MinOverlap = 0, KeepMultiallelic = true },
                };
                var fast = PolygenicScorer.Score(vcf, scores, options);
                var full = PolygenicScorer.Score(vcf, scores, options with { FastGtPath = false });
                Assert.Equal(3, fast.Scores.Count);
                for (var s = 0; s < 3; s++)
                {
                    Assert.True(fast.Scores[s].Report.Matched > 500, $"{fast.Scores[s].Report.Matched} matched");
                    Assert.Equal(full.Scores[s].Report.Matched, fast.Scores[s].Report.Matched);
                    Assert.Equal(full.Scores[s].Samples, fast.Scores[s].Samples); // every field, exact doubles
                }

                Assert.Contains(fast.Scores[0].Samples, x => x.MissingVariants > 0);
            }
        }
    }

    [Fact]
    public void A_malformed_GT_in_a_scored_record_is_refused_with_line_column_and_sample()
    {
        var dir = TestPaths.TempDir();
        var vcf = Path.Combine(dir, "bad.vcf");
        File.WriteAllText(vcf, "##fileformat=VCFv4.2\n##FORMAT=<ID=GT,Number=1,Type=String,Description=\"GT\">\n" +
            "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tA\tB\n" +
            "1\t100\t.\tA\tG\t.\t.\t.\tGT\t0/1\t1/1\n" +
            "1\t200\t.\tC\tT\t.\t.\t.\tGT\t0/1\t0/2\n");
        var score = Path.Combine(dir, "s.txt");
        File.WriteAllText(score, "chr_name\tchr_position\teffect_allele\tother_allele\teffect_weight\n1\t100\tG\tA\t0.5\n1\t200\tT\tC\t0.25\n");
        var e = Assert.Throws<InputException>(() => PolygenicScorer.Score(vcf, ScoringFileReader.Read(score)));
        Assert.Equal((5L, 11, "GT"), (e.Error.Line!.Value, e.Error.Column!.Value, e.Error.Field!));
        Assert.Contains("sample B", e.Error.Reason, StringComparison.Ordinal);
        Assert.Contains("exceeds the 1 ALT allele(s)", e.Error.Reason, StringComparison.Ordinal);

        File.WriteAllText(vcf, File.ReadAllText(vcf).Replace("0/2\n", "0/1\t1/1\n", StringComparison.Ordinal));
        e = Assert.Throws<InputException>(() => PolygenicScorer.Score(vcf, ScoringFileReader.Read(score)));
        Assert.Equal(5L, e.Error.Line);
        Assert.Contains("more than 11 columns", e.Error.Reason, StringComparison.Ordinal);
    }
}

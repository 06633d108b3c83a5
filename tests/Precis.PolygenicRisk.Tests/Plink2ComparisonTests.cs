using System.Diagnostics;
using System.Globalization;
using Precis.PolygenicRisk.Matching;
using Precis.PolygenicRisk.Scoring;
using Precis.PolygenicRisk.ScoringFiles;
using Precis.Testing;

namespace Precis.PolygenicRisk.Tests;

/// <summary>
/// Runs /usr/bin/plink2 (2.00a3.5 here) in the test where the manifest has no expected file: the same matched
/// variants, the same VCF, plink2's --score with its dominant/recessive modifiers. Skipped when plink2 is absent.
/// </summary>
public sealed class Plink2ComparisonTests
{
    private const string Plink2 = "/usr/bin/plink2";

    [SkippableFact]
    public void Dominant_and_recessive_effect_types_equal_plink2_modifiers_on_CINECA()
    {
        Skip.IfNot(File.Exists(Plink2), "plink2 not installed at /usr/bin/plink2");
        var vcf = TestPaths.Shared(MatchingTests.Cineca);
        var scores = ScoringFileReader.Read(TestPaths.Shared("genomics/pgsc_calc/assets/examples/scorefiles/scorefile_dominant_and_recessive.txt"));
        var ours = Assert.Single(PolygenicScorer.Score(vcf, scores, new ScoringOptions { Missing = MissingGenotypePolicy.Drop }).Scores);
        Assert.True(ours.IsScored);
        var matched = ours.Variants.Where(v => v.Status == MatchStatus.Matched).ToList();
        Assert.Contains(matched, v => v.Variant.EffectType == EffectType.Dominant);
        Assert.Contains(matched, v => v.Variant.EffectType == EffectType.Recessive);

        var dir = TestPaths.TempDir();
        var expected = new double[ours.Samples.Count];
        foreach (var type in new[] { EffectType.Additive, EffectType.Dominant, EffectType.Recessive })
        {
            var rows = matched.Where(v => v.Variant.EffectType == type).ToList();
            var file = Path.Combine(dir, type + ".score");
            File.WriteAllLines(file, ["ID\teffect_allele\tw", .. rows.Select(v => $"{v.Target!.Id}\t{v.Variant.EffectAllele}\t{v.Variant.Weight.ToString("R", CultureInfo.InvariantCulture)}")]);
            var modifier = type switch { EffectType.Dominant => " dominant", EffectType.Recessive => " recessive", _ => "" };
            var output = Path.Combine(dir, type.ToString());
            Run($"--vcf {vcf} --set-all-var-ids @:#:$r:$a --new-id-max-allele-len 1000 --score {file} 1 2 3 header-read no-mean-imputation cols=+scoresums{modifier} --out {output} --threads 1 --memory 1000");
            var sscore = Tsv.Read(output + ".sscore");
            Assert.Equal(ours.Samples.Count, sscore.Count);
            for (var i = 0; i < sscore.Count; i++)
                expected[i] += sscore[i].D("w_SUM");
        }

        // plink2 prints 6 significant digits per file; three files are summed.
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - ours.Samples[i].Sum) <= 1.5e-5 * Math.Max(Math.Abs(expected[i]), 1e-2), $"{ours.Samples[i].Sample}: plink2 {expected[i]} vs {ours.Samples[i].Sum}");
    }

    [SkippableFact]
    public void Synthetic_cohort_sums_equal_plink2_exactly_with_integer_weights()
    {
        // plink2 prints 6 significant digits, so a relative check at 1e-9 needs sums it prints exactly: integer
        // weights keep every sum an integer below 10^6. Every autosomal biallelic strand-unambiguous SNV of the
        // synthetic cohort is scored (effect allele alternating REF/ALT, weight 1..9), missing calls dropped.
        Skip.IfNot(File.Exists(Plink2), "plink2 not installed at /usr/bin/plink2");
        var vcf = TestPaths.Shared("genomics/synthetic/cohort_2k_x8_chrX.vcf.gz");
        var dir = TestPaths.TempDir();
        var ours = Path.Combine(dir, "synthetic.pgs.txt");
        var theirs = Path.Combine(dir, "synthetic.plink.score");
        var complement = new Dictionary<string, string> { ["A"] = "T", ["T"] = "A", ["C"] = "G", ["G"] = "C" };
        var rows = 0;
        using (var reader = new StreamReader(new System.IO.Compression.GZipStream(File.OpenRead(vcf), System.IO.Compression.CompressionMode.Decompress)))
        using (var pgs = new StreamWriter(ours))
        using (var plink = new StreamWriter(theirs))
        {
            pgs.WriteLine("#pgs_id=SYNTH\nchr_name\tchr_position\teffect_allele\tother_allele\teffect_weight");
            plink.WriteLine("ID\teffect_allele\tw");
            while (reader.ReadLine() is { } line)
            {
                if (line.StartsWith('#'))
                    continue;
                var c = line.Split('\t', 6);
                if (c[0] is "chrX" or "chrY" or "chrM" || !complement.TryGetValue(c[3], out var refComplement) || !complement.ContainsKey(c[4]) || refComplement == c[4])
                    continue;
                var (effect, other) = rows % 2 == 0 ? (c[4], c[3]) : (c[3], c[4]);
                var weight = 1 + (rows % 9);
                pgs.WriteLine($"{c[0]}\t{c[1]}\t{effect}\t{other}\t{weight}");
                plink.WriteLine($"{c[0].Replace("chr", "", StringComparison.Ordinal)}:{c[1]}:{c[3]}:{c[4]}\t{effect}\t{weight}");
                rows++;
            }
        }

        Assert.True(rows > 1000, $"only {rows} SNVs to score");
        var result = Assert.Single(PolygenicScorer.Score(vcf, ScoringFileReader.Read(ours), new ScoringOptions { Missing = MissingGenotypePolicy.Drop }).Scores);
        Assert.Equal(rows, result.Report.Matched);
        var output = Path.Combine(dir, "synthetic");
        Run($"--vcf {vcf} --set-all-var-ids @:#:$r:$a --new-id-max-allele-len 1000 --score {theirs} 1 2 3 header-read no-mean-imputation cols=+scoresums --out {output} --threads 1 --memory 1000");
        var sscore = Tsv.Read(output + ".sscore");
        Assert.Equal(result.Samples.Count, sscore.Count);
        for (var i = 0; i < sscore.Count; i++)
        {
            var expected = sscore[i].D("w_SUM");
            Assert.True(expected == Math.Round(expected) && expected < 1e6, $"plink2 printed a non-integer or rounded sum {expected}");
            var sample = result.Samples[i];
            Assert.True(Math.Abs(sample.Sum - expected) <= 1e-9 * Math.Max(Math.Abs(expected), 1), $"{sample.Sample}: plink2 {expected} vs {sample.Sum:R}");
            Assert.Equal((int)sscore[i].D("ALLELE_CT"), sample.AlleleCount);
        }
    }

    private static void Run(string arguments)
    {
        using var p = Process.Start(new ProcessStartInfo(Plink2, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stdout = p.StandardOutput.ReadToEnd();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"plink2 {arguments} failed: {stdout}{stderr}");
    }
}

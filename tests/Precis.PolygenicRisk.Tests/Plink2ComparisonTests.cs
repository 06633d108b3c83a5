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

    private static void Run(string arguments)
    {
        using var p = Process.Start(new ProcessStartInfo(Plink2, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stdout = p.StandardOutput.ReadToEnd();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"plink2 {arguments} failed: {stdout}{stderr}");
    }
}

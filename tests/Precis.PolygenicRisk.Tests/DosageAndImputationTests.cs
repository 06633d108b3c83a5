using System.Globalization;
using Precis.PolygenicRisk.Scoring;
using Precis.PolygenicRisk.ScoringFiles;
using Precis.Testing;

namespace Precis.PolygenicRisk.Tests;

/// <summary>
/// DS versus GT dosages, imputation of a missing call from the cohort or from the scoring file's allele frequency, and
/// the per-sample TSV's full double precision, on a three-sample VCF whose expected values are worked out by hand
/// (plink2 --score's arithmetic: SUM = Σ weight × effect-allele dosage, a missing call adds ploidy × frequency × weight).
/// </summary>
public sealed class DosageAndImputationTests
{
    // 1:100 A>G: S1 0/1 (DS 0.9), S2 1/1 (DS 1.75), S3 0/0 (DS 0.1).
    // 1:200 C>T: S1 0/0 (DS 0.2), S2 missing,     S3 0/1 (DS 1.2).
    private const string Vcf = """
        ##fileformat=VCFv4.2
        ##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">
        ##FORMAT=<ID=DS,Number=A,Type=Float,Description="Expected ALT dosage">
        ##contig=<ID=1,length=1000>
        #CHROM	POS	ID	REF	ALT	QUAL	FILTER	INFO	FORMAT	S1	S2	S3
        1	100	.	A	G	.	PASS	.	GT:DS	0/1:0.9	1/1:1.75	0/0:0.1
        1	200	.	C	T	.	PASS	.	GT:DS	0/0:0.2	./.:.	0/1:1.2

        """;

    // Effect G (ALT) weight 0.5; effect C (REF) weight −0.25; reference frequencies 0.1 and 0.3.
    private const string Score = """
        #pgs_id=HAND
        chr_name	chr_position	effect_allele	other_allele	effect_weight	allelefrequency_effect
        1	100	G	A	0.5	0.1
        1	200	C	T	-0.25	0.3

        """;

    [Fact]
    public void GT_dosages_with_the_missing_call_mean_imputed_from_the_cohort()
    {
        var r = Run(ScoringOptions.Default);
        // C frequency among the observed calls at 1:200: S1 two copies, S3 one, of 4 → 0.75; imputed 2 × 0.75 × −0.25.
        AssertSample(r, "S1", 0.5 * 1 + (-0.25 * 2), denom: 4, alleleCt: 4, named: 3, missing: 0);
        AssertSample(r, "S2", 0.5 * 2 + (2 * 0.75 * -0.25), denom: 4, alleleCt: 2, named: 2, missing: 1);
        AssertSample(r, "S3", 0 + (-0.25 * 1), denom: 4, alleleCt: 4, named: 1, missing: 0);
        Assert.Contains("mean-imputed from the cohort's effect-allele frequency", r.SettingsStatement, StringComparison.Ordinal);
        Assert.Contains("dosage: GT", r.SettingsStatement, StringComparison.Ordinal);
    }

    [Fact]
    public void DS_dosages_are_used_when_asked_and_a_REF_effect_allele_takes_ploidy_minus_the_ALT_dosage()
    {
        var r = Run(ScoringOptions.Default with { UseDosageField = true });
        // REF dosage = 2 − DS: S1 1.8, S3 0.8 → frequency 2.6 / 4 = 0.65 for S2's missing call (no DS, no GT).
        AssertSample(r, "S1", (0.5 * 0.9) + (-0.25 * (2 - 0.2)), denom: 4, alleleCt: 4, named: 0.9 + 1.8, missing: 0);
        AssertSample(r, "S2", (0.5 * 1.75) + (2 * 0.65 * -0.25), denom: 4, alleleCt: 2, named: 1.75, missing: 1);
        AssertSample(r, "S3", (0.5 * 0.1) + (-0.25 * (2 - 1.2)), denom: 4, alleleCt: 4, named: 0.1 + 0.8, missing: 0);
        Assert.Contains("dosage: FORMAT/DS where present, else GT", r.SettingsStatement, StringComparison.Ordinal);
        // Not the GT values (S3: −0.25 from GT, −0.15 from DS).
        Assert.NotEqual(Run(ScoringOptions.Default).Scores[0].Samples[2].Sum, r.Scores[0].Samples[2].Sum, 6);
    }

    [Fact]
    public void Reference_frequency_imputation_uses_allelefrequency_effect_and_drop_leaves_the_call_out()
    {
        var reference = Run(ScoringOptions.Default with { Missing = MissingGenotypePolicy.ReferenceFrequency });
        AssertSample(reference, "S2", 0.5 * 2 + (2 * 0.3 * -0.25), denom: 4, alleleCt: 2, named: 2, missing: 1);
        Assert.Contains("allelefrequency_effect", reference.SettingsStatement, StringComparison.Ordinal);
        Assert.Empty(reference.Notes); // every variant gives its frequency: no fallback to the cohort

        var dropped = Run(ScoringOptions.Default with { Missing = MissingGenotypePolicy.Drop });
        AssertSample(dropped, "S2", 0.5 * 2, denom: 2, alleleCt: 2, named: 2, missing: 1);
        Assert.Contains("dropped", dropped.SettingsStatement, StringComparison.Ordinal);
    }

    [Fact]
    public void Reference_frequency_imputation_falls_back_to_the_cohort_and_says_so_when_a_row_has_no_frequency()
    {
        var dir = TestPaths.TempDir();
        var score = Path.Combine(dir, "nofreq.txt");
        File.WriteAllText(score, Score.Replace("-0.25\t0.3", "-0.25\t", StringComparison.Ordinal));
        var r = Run(ScoringOptions.Default with { Missing = MissingGenotypePolicy.ReferenceFrequency }, score);
        AssertSample(r, "S2", 0.5 * 2 + (2 * 0.75 * -0.25), denom: 4, alleleCt: 2, named: 2, missing: 1);
        Assert.Contains(r.Notes, n => n.StartsWith("1 missing call(s) were imputed from the cohort frequency", StringComparison.Ordinal));
    }

    [Fact]
    public void The_per_sample_TSV_writes_every_double_so_it_reads_back_exactly()
    {
        // Weights 0.1 and 0.2 on the ALT alleles. S2: 1/1 at 1:100 gives 0.2; its missing call at 1:200 is imputed as
        // 2 × 0.2 × 0.25 (T frequency 1/4) = 0.1; 0.2 + 0.1 is the double 0.30000000000000004, which a 6-digit (plink2)
        // or 15-digit format would round to 0.3.
        var dir = TestPaths.TempDir();
        var score = Path.Combine(dir, "tenths.txt");
        File.WriteAllText(score, "chr_name\tchr_position\teffect_allele\tother_allele\teffect_weight\n1\t100\tG\tA\t0.1\n1\t200\tT\tC\t0.2\n");
        var r = Run(ScoringOptions.Default, score);
        Assert.Equal(0.2 + 0.1, r.Scores[0].Samples.Single(s => s.Sample == "S2").Sum);
        Assert.NotEqual(0.3, r.Scores[0].Samples.Single(s => s.Sample == "S2").Sum);
        using var text = new StringWriter();
        ScoreOutputs.WriteTsv(r, text);
        var lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(ScoreOutputs.TsvHeader, lines[0]);
        Assert.Equal(4, lines.Length);
        foreach (var (line, s) in lines.Skip(1).Zip(r.Scores[0].Samples))
        {
            var c = line.Split('\t');
            Assert.Equal(s.Sample, c[0]);
            Assert.Equal(s.Sum, double.Parse(c[2], CultureInfo.InvariantCulture)); // exact round trip
            Assert.Equal(s.Average, double.Parse(c[4], CultureInfo.InvariantCulture));
        }

        Assert.Equal("0.30000000000000004", lines.Single(l => l.StartsWith("S2\t", StringComparison.Ordinal)).Split('\t')[2]);
    }

    private static ScoringResult Run(ScoringOptions options, string? scorePath = null)
    {
        var dir = TestPaths.TempDir();
        var vcf = Path.Combine(dir, "hand.vcf");
        File.WriteAllText(vcf, Vcf.ReplaceLineEndings("\n"));
        if (scorePath is null)
        {
            scorePath = Path.Combine(dir, "hand.txt");
            File.WriteAllText(scorePath, Score.ReplaceLineEndings("\n"));
        }

        var result = PolygenicScorer.Score(vcf, ScoringFileReader.Read(scorePath), options);
        var score = Assert.Single(result.Scores);
        Assert.Equal(2, score.Report.Matched);
        return result;
    }

    private static void AssertSample(ScoringResult r, string sample, double sum, int denom, int alleleCt, double named, int missing)
    {
        var s = r.Scores[0].Samples.Single(x => x.Sample == sample);
        Assert.Equal(sum, s.Sum, 12);
        Assert.Equal(denom, s.Denominator);
        Assert.Equal(alleleCt, s.AlleleCount);
        Assert.Equal(named, s.NamedAlleleDosageSum, 12);
        Assert.Equal(missing, s.MissingVariants);
    }
}

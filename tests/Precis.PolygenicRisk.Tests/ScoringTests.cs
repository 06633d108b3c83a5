using Precis.PolygenicRisk.Matching;
using Precis.PolygenicRisk.Scoring;
using Precis.PolygenicRisk.ScoringFiles;
using Precis.Testing;

namespace Precis.PolygenicRisk.Tests;

/// <summary>Scores against plink2 2.00a3.5 outputs and full-precision reference scores of the manifest.</summary>
public sealed class ScoringTests
{
    internal const string Tiny1000G = "genomics/pygscatalog/pgscatalog.calc/tests/data/vcf/tiny1000G.vcf.gz";
    private const string Derived = "genomics/derived/";
    private const string TinyDerived = Derived + "tiny1000G_PGS001229_GRCh38/tiny1000G_PGS001229.";
    private const string Structured = "genomics/pygscatalog/pgscatalog.calc/tests/data/structured/PGS001229_hmPOS_GRCh38.txt.gz";

    // plink2 prints 6 significant digits; our values are compared to them at that precision and to the
    // full-precision reference scores at 1e-9 relative.
    private const double PlinkPrinted = 5e-6;
    private const double Exact = 1e-9;

    [SkippableFact]
    public void CINECA_PGS001229_equals_the_full_precision_reference_to_1e9_for_all_2504_samples()
    {
        var score = ScoreCineca();
        var expected = Tsv.Read(TestPaths.Shared(Derived + "cineca_PGS001229_22/cineca_PGS001229_22.refscore.tsv"));
        Assert.Equal(2504, score.Samples.Count);
        Assert.Equal(expected.Select(r => r["IID"]), score.Samples.Select(s => s.Sample));
        for (var i = 0; i < expected.Count; i++)
            AssertSample(expected[i], score.Samples[i], "PGS001229", Exact);
    }

    [SkippableFact]
    public void CINECA_PGS001229_equals_upstream_plink2_sscore_HG00096_DENOM_1564_SUM_054502()
    {
        var score = ScoreCineca();
        var hg00096 = score.Samples[0];
        Assert.Equal(("HG00096_HG00096", 1564, 1564), (hg00096.Sample, hg00096.Denominator, hg00096.AlleleCount));
        Assert.Equal(0.54502, Math.Round(hg00096.Sum, 5));
        var upstream = Tsv.Read(TestPaths.Shared("genomics/pygscatalog/pgscatalog.calc/tests/legacy/data/cineca_22_additive_0.sscore"));
        Assert.Equal(2504, upstream.Count);
        for (var i = 0; i < upstream.Count; i++)
            AssertSample(upstream[i], score.Samples[i], "PGS001229_22", PlinkPrinted);
    }

    [SkippableFact]
    public void A_missing_call_is_mean_imputed_so_HG00099_has_ALLELE_CT_1562_and_DENOM_1564()
    {
        var hg00099 = ScoreCineca().Samples[2];
        Assert.Equal((1562, 1564, 1), (hg00099.AlleleCount, hg00099.Denominator, hg00099.MissingVariants));
    }

    [SkippableFact]
    public void Dropping_missing_calls_removes_them_from_SUM_and_DENOM()
    {
        var imputed = ScoreCineca();
        var dropped = ScoreCineca(new ScoringOptions { Missing = MissingGenotypePolicy.Drop });
        var a = imputed.Samples[2];
        var b = dropped.Samples[2];
        Assert.Equal((1562, 1562), (b.AlleleCount, b.Denominator));
        Assert.NotEqual(a.Sum, b.Sum);
        Assert.Equal(imputed.Samples[0].Sum, dropped.Samples[0].Sum);
    }

    [SkippableFact]
    public void Keeping_ambiguous_variants_equals_plink2_on_the_829_variant_upstream_scorefile()
    {
        var score = ScoreCineca(new ScoringOptions { Match = new MatchOptions { KeepAmbiguous = true } });
        var plink = Tsv.Read(TestPaths.Shared(Derived + "cineca_PGS001229_22/cineca_test.scorefile.plink2.sscore"));
        for (var i = 0; i < plink.Count; i++)
            AssertSample(plink[i], score.Samples[i], "PGS001229_22", PlinkPrinted);
    }

    [SkippableFact]
    public void Two_scores_in_one_pass_equal_the_aggregated_upstream_split_scoring()
    {
        var scores = ScoringFileReader.Read(TestPaths.Shared(MatchingTests.Pgs001229Chr22))
            .Concat(ScoringFileReader.Read(TestPaths.Shared("genomics/pgsc_calc/assets/examples/scorefiles/PGS001229_22_duplicate.txt"))).ToList();
        var result = PolygenicScorer.Score(TestPaths.Shared(MatchingTests.Cineca), scores);
        var file0 = Tsv.Read(TestPaths.Shared("genomics/pygscatalog/pgscatalog.calc/tests/legacy/data/aggregate/cineca_22_additive_0.sscore"));
        var file1 = Tsv.Read(TestPaths.Shared("genomics/pygscatalog/pgscatalog.calc/tests/legacy/data/aggregate/cineca_22_additive_1.sscore"));
        var dup = result.Scores[1];
        for (var i = 0; i < file0.Count; i++)
        {
            // duplicatetest was split by plink across two files (one ID carries opposite effect alleles); its
            // aggregate is the sum of both files' SUM.
            var (a, b) = (file0[i].D("duplicatetest_SUM"), file1[i].D("duplicatetest_SUM"));
            Assert.True(Math.Abs(a + b - dup.Samples[i].Sum) <= PlinkPrinted * (Math.Abs(a) + Math.Abs(b) + 1e-9), $"sample {i}: {a + b} vs {dup.Samples[i].Sum}");
            Assert.Equal(16, dup.Samples[i].Denominator); // 8 diploid variants; plink's per-file DENOM mixes both scores' variants
            Tsv.Close(file0[i].D("PGS001229_SUM"), result.Scores[0].Samples[i].Sum, PlinkPrinted, "PGS001229_SUM");
        }
    }

    [SkippableFact]
    public void tiny1000G_with_ploidy_from_GT_equals_the_reference_and_plink2_with_sex_and_xchr_model_1()
    {
        var score = ScoreTiny(new ScoringOptions());
        var reference = Tsv.Read(TestPaths.Shared(TinyDerived + "refscore.tsv"));
        var plink = Tsv.Read(TestPaths.Shared(TinyDerived + "plink2_sex_xchr1.sscore"));
        Assert.Equal(3202, score.Samples.Count);
        for (var i = 0; i < reference.Count; i++)
        {
            AssertSample(reference[i], score.Samples[i], "PGS001229_hmPOS_GRCh38", Exact);
            AssertSample(plink[i], score.Samples[i], "PGS001229_hmPOS_GRCh38", PlinkPrinted);
        }

        Assert.Equal(1805, score.Samples[0].Denominator); // HG00096, male: 35 chrX variants count once
    }

    [SkippableFact]
    public void tiny1000G_always_diploid_reproduces_plink2_default_which_doubles_male_X_for_all_1599_males()
    {
        var diploid = ScoreTiny(new ScoringOptions { Ploidy = PloidyModel.AlwaysDiploid });
        var corrected = ScoreTiny(new ScoringOptions());
        var plink = Tsv.Read(TestPaths.Shared(TinyDerived + "plink2_sex_xchr2default.sscore"));
        for (var i = 0; i < plink.Count; i++)
            AssertSample(plink[i], diploid.Samples[i], "PGS001229_hmPOS_GRCh38", PlinkPrinted);
        Assert.Equal(1840, diploid.Samples[0].Denominator);
        var differ = Enumerable.Range(0, diploid.Samples.Count).Where(i => diploid.Samples[i].Denominator != corrected.Samples[i].Denominator)
            .Select(i => diploid.Samples[i].Sample).ToHashSet();
        var males = Tsv.Read(TestPaths.Shared(TinyDerived[..TinyDerived.LastIndexOf('/')] + "/tiny1000G.sex.tsv")).Where(r => r["SEX"] == "1").Select(r => r["IID"]).ToHashSet();
        Assert.Equal(1599, differ.Count);
        Assert.True(differ.SetEquals(males), "exactly the males differ");
    }

    [SkippableFact]
    public void tiny1000G_without_mean_imputation_equals_its_reference()
    {
        var score = ScoreTiny(new ScoringOptions { Missing = MissingGenotypePolicy.Drop });
        var reference = Tsv.Read(TestPaths.Shared(TinyDerived + "no-mean-imputation.refscore.tsv"));
        for (var i = 0; i < reference.Count; i++)
            AssertSample(reference[i], score.Samples[i], "PGS001229_hmPOS_GRCh38", Exact);
    }

    [Fact]
    public void Dominant_recessive_and_dosage_weights_follow_plink2_modifiers()
    {
        var additive = new ScoreVariant(0, 1, null, "1", 1, "A", "G", 0.5, EffectType.Additive);
        var dominant = additive with { EffectType = EffectType.Dominant };
        var recessive = additive with { EffectType = EffectType.Recessive };
        var dosage = additive with { EffectType = EffectType.DosageWeights, DosageWeights = [-1.0, 0.25, 2.0] };
        Assert.Equal([0, 0.5, 1], new[] { 0, 1, 2 }.Select(d => ScorerMath.Contribution(additive, d, 2)));
        Assert.Equal([0, 0.5, 0.5], new[] { 0, 1, 2 }.Select(d => ScorerMath.Contribution(dominant, d, 2)));
        Assert.Equal([0, 0, 0.5], new[] { 0, 1, 2 }.Select(d => ScorerMath.Contribution(recessive, d, 2)));
        Assert.Equal([-1.0, 0.25, 2.0], new[] { 0, 1, 2 }.Select(d => ScorerMath.Contribution(dosage, d, 2)));
        Assert.Equal(0.5, ScorerMath.Contribution(recessive, 1, 1)); // a hemizygous carrier expresses it
    }

    private static ScoreResult ScoreCineca(ScoringOptions? options = null) =>
        Assert.Single(PolygenicScorer.Score(TestPaths.Shared(MatchingTests.Cineca), ScoringFileReader.Read(TestPaths.Shared(MatchingTests.Pgs001229Chr22)), options).Scores);

    private static ScoreResult ScoreTiny(ScoringOptions options)
    {
        // The full score overlaps tiny1000G by 1.8 %: the manifest's references use min_overlap 0.
        var scores = ScoringFileReader.Read(TestPaths.Shared(Structured));
        var result = Assert.Single(PolygenicScorer.Score(TestPaths.Shared(Tiny1000G), scores, options with { Match = options.Match with { MinOverlap = 0 } }).Scores);
        Assert.Equal(920, result.Report.Matched);
        return result;
    }

    private static void AssertSample(Dictionary<string, string> expected, SampleScore actual, string score, double relative)
    {
        var id = expected["IID"];
        Assert.True(actual.Sample == id || actual.Sample == id + "_" + id, $"sample {actual.Sample} vs {id}");
        Assert.Equal(int.Parse(expected["ALLELE_CT"], System.Globalization.CultureInfo.InvariantCulture), actual.AlleleCount);
        Assert.Equal(int.Parse(expected["DENOM"], System.Globalization.CultureInfo.InvariantCulture), actual.Denominator);
        Assert.Equal(expected.D("NAMED_ALLELE_DOSAGE_SUM"), actual.NamedAlleleDosageSum);
        Tsv.Close(expected.D(score + "_SUM"), actual.Sum, relative, $"{id} SUM");
        Tsv.Close(expected.D(score + "_AVG"), actual.Average, relative, $"{id} AVG");
    }
}

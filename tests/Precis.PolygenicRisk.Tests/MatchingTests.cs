using Precis.PolygenicRisk.Matching;
using Precis.PolygenicRisk.Scoring;
using Precis.PolygenicRisk.ScoringFiles;
using Precis.Testing;

namespace Precis.PolygenicRisk.Tests;

/// <summary>Matching against pgsc_calc's published results and pygscatalog.match's fixtures.</summary>
public sealed class MatchingTests
{
    private const string MatchData = "genomics/pygscatalog/pgscatalog.match/tests/data/";
    internal const string Cineca = "genomics/pgsc_calc/assets/examples/target_genomes/cineca_synthetic_subset.vcf.gz";
    internal const string Pgs001229Chr22 = "genomics/pgsc_calc/assets/examples/scorefiles/PGS001229_22.txt";

    [SkippableFact]
    public void PGS001229_on_CINECA_chr22_matches_782_excludes_47_ambiguous_and_leaves_6_unmatched_as_pgsc_calc()
    {
        var result = PolygenicScorer.Score(TestPaths.Shared(Cineca), ScoringFileReader.Read(TestPaths.Shared(Pgs001229Chr22)));
        var report = Assert.Single(result.Scores).Report;
        Assert.Equal((835, 782, 47, 47, 6), (report.Variants, report.Matched, report.Excluded, report.ExcludedAmbiguous, report.Unmatched));
        Assert.Equal(0.9365, Math.Round(report.MatchRate, 4));
        Assert.True(report.Passes);
        Assert.Equal(
            [
                new MatchSummaryRow(MatchStatus.Matched, false, false, false, false, 782),
                new MatchSummaryRow(MatchStatus.Excluded, true, false, false, false, 47),
                new MatchSummaryRow(MatchStatus.Unmatched, null, null, null, null, 6),
            ],
            report.Summary);
    }

    [SkippableFact]
    public void Every_row_has_the_match_type_target_ID_and_status_of_the_upstream_log()
    {
        var result = PolygenicScorer.Score(TestPaths.Shared(Cineca), ScoringFileReader.Read(TestPaths.Shared(Pgs001229Chr22)));
        var ours = Assert.Single(result.Scores).Variants;
        var log = Tsv.Read(TestPaths.Shared("genomics/derived/cineca_PGS001229_22/cineca_PGS001229_22.log.tsv"));
        Assert.Equal(log.Count, ours.Count);
        for (var i = 0; i < log.Count; i++)
        {
            var o = ours[i];
            var type = o.Type switch
            {
                AlleleMatchType.RefAlt => "refalt",
                AlleleMatchType.AltRef => "altref",
                AlleleMatchType.RefAltFlip => "refalt_flip",
                AlleleMatchType.AltRefFlip => "altref_flip",
                null => "",
                _ => o.Type.ToString()!,
            };
            Assert.Equal((log[i]["match_type"], log[i]["match_status"], log[i]["ID"]), (type, o.Status.ToString().ToLowerInvariant(), o.Target?.Id ?? ""));
        }
    }

    [SkippableFact]
    public void Keeping_ambiguous_variants_matches_829_with_the_upstream_IDs_alleles_and_weights()
    {
        var options = new ScoringOptions { Match = new MatchOptions { KeepAmbiguous = true } };
        var result = PolygenicScorer.Score(TestPaths.Shared(Cineca), ScoringFileReader.Read(TestPaths.Shared(Pgs001229Chr22)), options);
        var score = Assert.Single(result.Scores);
        Assert.Equal(829, score.Report.Matched);
        var expected = Tsv.Read(TestPaths.Shared("genomics/pgsc_calc/assets/examples/scorefiles/test.scorefile"))
            .Select(r => (r["ID"], r["effect_allele"], double.Parse(r["PGS001229_22"], System.Globalization.CultureInfo.InvariantCulture)))
            .Order().ToList();
        var ours = score.Variants.Where(v => v.Status == MatchStatus.Matched)
            .Select(v => (v.Target!.Id, v.Variant.EffectAllele, v.Variant.Weight)).Order().ToList();
        Assert.Equal(expected.Select(e => (e.Item1, e.Item2)), ours.Select(o => (o.Id, o.EffectAllele)));
        // test.scorefile writes weights in another decimal notation; they agree to the last printed digit.
        Assert.All(expected.Zip(ours), p => Tsv.Close(p.First.Item3, p.Second.Weight, 1e-12, p.First.Item1));
    }

    [SkippableFact]
    public void Duplicate_test_score_matches_all_8_variants_in_the_same_pass()
    {
        var scores = ScoringFileReader.Read(TestPaths.Shared(Pgs001229Chr22))
            .Concat(ScoringFileReader.Read(TestPaths.Shared("genomics/pgsc_calc/assets/examples/scorefiles/PGS001229_22_duplicate.txt"))).ToList();
        var result = PolygenicScorer.Score(TestPaths.Shared(Cineca), scores);
        Assert.Equal((8, 8), (result.Scores[1].Report.Variants, result.Scores[1].Report.Matched));
        Assert.Equal(782, result.Scores[0].Report.Matched);
    }

    [SkippableFact]
    public void Duplicated_scorefile_drops_the_ambiguous_18_24337424_C_G_and_keeps_conflicting_effect_alleles_in_separate_scores()
    {
        var scores = ScoringFileReader.Read(TestPaths.Shared(MatchData + "duplicated_scorefile.txt"));
        var reports = VariantMatcher.MatchAll(scores, PvarReader.Read(TestPaths.Shared(MatchData + "good_match.pvar")), new MatchOptions { MinOverlap = 0.5 }, out var matcher);
        Assert.Equal([(1, 1), (2, 2), (1, 2)], reports.Select(r => (r.Matched, r.Variants)));
        Assert.Equal(1, reports.Sum(r => r.Summary.Count(s => s.Ambiguous == true)));
        var test3 = matcher.Outcomes(2);
        Assert.Equal(MatchStatus.Excluded, test3[1].Status);
        Assert.True(test3[1].Ambiguous);
        Assert.Equal("18:24337424:C:G", test3[1].Target!.Id);
        // "test" and "test2" weight opposite alleles of 11:69331418: both are matched, each on its own effect allele.
        var t1 = matcher.Outcomes(0)[0];
        var t2 = matcher.Outcomes(1)[0];
        Assert.Equal((AlleleMatchType.AltRef, 1), (t1.Type!.Value, t1.EffectAlleleIndex));
        Assert.Equal((AlleleMatchType.RefAlt, 0), (t2.Type!.Value, t2.EffectAlleleIndex));
        Assert.All(reports, r => Assert.True(r.Passes));
    }

    [SkippableFact]
    public void Multiallelic_sites_are_excluded_by_default_and_kept_on_request()
    {
        var scores = ScoringFileReader.Read(TestPaths.Shared(MatchData + "good_match_scorefile.txt"));
        var targets = PvarReader.Read(TestPaths.Shared(MatchData + "multiallelic.pvar"));
        var excluded = VariantMatcher.MatchAll(scores, targets, MatchOptions.Default, out _);
        var kept = VariantMatcher.MatchAll(scores, targets, new MatchOptions { KeepMultiallelic = true }, out var keptMatcher);
        Assert.True(excluded.Sum(r => r.ExcludedMultiallelic) > 0);
        Assert.Equal(0, kept.Sum(r => r.ExcludedMultiallelic));
        Assert.Contains(kept.SelectMany(r => r.Summary), s => s.Multiallelic == true && s.Status == MatchStatus.Matched);
        Assert.True(kept.Sum(r => r.Matched) > excluded.Sum(r => r.Matched));
        // The recessive and dominant rows match like additive ones; the effect type rides along for scoring.
        Assert.Contains(Enumerable.Range(0, scores.Count).SelectMany(keptMatcher.Outcomes), o => o.Variant.EffectType == EffectType.Recessive && o.Status == MatchStatus.Matched);
    }

    [SkippableFact]
    public void A_stringent_overlap_fails_some_scores_and_passes_others_as_upstream()
    {
        var scores = ScoringFileReader.Read(TestPaths.Shared(MatchData + "good_match_scorefile.txt"));
        var reports = VariantMatcher.MatchAll(scores, PvarReader.Read(TestPaths.Shared(MatchData + "good_match.pvar")), new MatchOptions { MinOverlap = 0.9 }, out _);
        Assert.Contains(reports, r => !r.Passes);
        Assert.Contains(reports, r => r.Passes);
    }

    [SkippableFact]
    public void Full_PGS001229_on_tiny1000G_matches_917_plus_3_flipped_excludes_66_and_fails_the_overlap()
    {
        var scores = ScoringFileReader.Read(TestPaths.Shared("genomics/pygscatalog/pgscatalog.calc/tests/data/structured/PGS001229_hmPOS_GRCh38.txt.gz"));
        var result = PolygenicScorer.Score(TestPaths.Shared(ScoringTests.Tiny1000G), scores);
        var score = Assert.Single(result.Scores);
        Assert.Equal((51209, 920, 3, 66, 50223), (score.Report.Variants, score.Report.Matched, score.Report.MatchedFlipped, score.Report.ExcludedAmbiguous, score.Report.Unmatched));
        Assert.Equal(0.0180, Math.Round(score.Report.MatchRate, 4));
        Assert.False(score.IsScored);
        Assert.Empty(score.Samples);
        Assert.Contains("(1.80%), below the minimum overlap 75%", score.RefusedReason, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Ignoring_strand_flips_excludes_the_3_flipped_matches()
    {
        var scores = ScoringFileReader.Read(TestPaths.Shared("genomics/pygscatalog/pgscatalog.calc/tests/data/structured/PGS001229_hmPOS_GRCh38.txt.gz"));
        var options = new ScoringOptions { Match = new MatchOptions { MinOverlap = 0, IgnoreStrandFlips = true } };
        var report = Assert.Single(PolygenicScorer.Score(TestPaths.Shared(ScoringTests.Tiny1000G), scores, options).Scores).Report;
        Assert.Equal((917, 3), (report.Matched, report.ExcludedFlipped));
    }

    [Fact]
    public void Complement_leaves_non_DNA_alleles_unchanged()
    {
        Assert.Equal("TGCA", VariantMatcher.Complement("ACGT"));
        Assert.Equal("AN", VariantMatcher.Complement("AN"));
    }
}

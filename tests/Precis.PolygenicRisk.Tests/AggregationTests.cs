using Precis.PolygenicRisk.Scoring;
using Precis.PolygenicRisk.ScoringFiles;
using Precis.Testing;

namespace Precis.PolygenicRisk.Tests;

/// <summary>Per-chromosome and split-file scores summed per sample, as pgsc_calc aggregates them.</summary>
public sealed class AggregationTests
{
    [SkippableFact]
    public void HGDP_per_chromosome_sscores_sum_to_the_929_aggregated_rows()
    {
        var dir = TestPaths.Shared("genomics/pygscatalog/pgscatalog.calc/tests/legacy/data/hgdp_per_chrom");
        var chromosomes = Enumerable.Range(1, 22).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append("X");
        var shards = chromosomes.SelectMany(c => ScoreAggregation.ReadSscore(Path.Combine(dir, $"hgdp_{c}_additive_0.sscore")));
        var aggregated = ScoreAggregation.Aggregate(shards);
        var expected = Tsv.Read(TestPaths.Shared("genomics/derived/hgdp_aggregate/hgdp_aggregated_expected.tsv"));
        Assert.Equal(929, aggregated.Count);
        Assert.Equal(expected.Select(r => (r["IID"], r["PGS"], (int)r.D("DENOM"))), aggregated.Select(a => (a.Sample, a.Score, a.Denominator)));
        for (var i = 0; i < expected.Count; i++)
        {
            Tsv.Close(expected[i].D("SUM"), aggregated[i].Sum, 1e-9, expected[i]["IID"]);
            Tsv.Close(expected[i].D("AVG"), aggregated[i].Sum / aggregated[i].Denominator, 1e-9, expected[i]["IID"] + " AVG");
        }
    }

    [SkippableFact]
    public void Two_halves_of_PGS001229_scored_separately_aggregate_to_the_whole_score()
    {
        var vcf = TestPaths.Shared(MatchingTests.Cineca);
        var whole = Assert.Single(ScoringFileReader.Read(TestPaths.Shared(MatchingTests.Pgs001229Chr22)));
        var half = whole.Variants.Count / 2;
        var first = whole with { Variants = [.. whole.Variants.Take(half)] };
        var second = whole with { Variants = [.. whole.Variants.Skip(half)] };
        var options = new ScoringOptions { Match = new Matching.MatchOptions { MinOverlap = 0 } };
        var parts = ScoreAggregation.Aggregate(ScoreAggregation.FromResult(PolygenicScorer.Score(vcf, [first], options))
            .Concat(ScoreAggregation.FromResult(PolygenicScorer.Score(vcf, [second], options))));
        var full = Assert.Single(PolygenicScorer.Score(vcf, [whole], options).Scores).Samples;
        Assert.Equal(full.Count, parts.Count);
        for (var i = 0; i < full.Count; i++)
        {
            Assert.Equal(full[i].Denominator, parts[i].Denominator);
            Tsv.Close(full[i].Sum, parts[i].Sum, 1e-12, full[i].Sample);
        }
    }
}

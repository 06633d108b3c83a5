using System.Globalization;
using Precis.PolygenicRisk.Context;
using Precis.Testing;

namespace Precis.PolygenicRisk.Tests;

/// <summary>Percentiles, Z-scores and pgsc_calc's ancestry normalisations on the upstream ancestry fixture.</summary>
public sealed class PopulationContextTests
{
    private const string Data = "genomics/pygscatalog/pgscatalog.calc/tests/legacy/data/";

    [Fact]
    public void Percentile_averages_ties_like_scipy_percentileofscore_rank()
    {
        var d = new ReferenceDistribution([1.0, 2, 3, 4]);
        Assert.Equal(50, d.Percentile(2.5));   // 2 of 4 below
        Assert.Equal(75, d.Percentile(3));     // (2 + 3 + 1) × 50 / 4, as scipy's documented example
        Assert.Equal(0, d.Percentile(0));
        Assert.Equal(100, d.Percentile(9));
        Assert.Equal((4 - 2.5) / Math.Sqrt(1.25), d.ZScore(4), 12);
        var ties = new ReferenceDistribution([1.0, 2, 2, 3]);
        Assert.Equal(62.5, ties.Percentile(2)); // (1 + 3 + 1) × 50 / 4
    }

    [SkippableFact]
    public void Ancestry_fixture_mean_normalisation_is_the_least_squares_fit_on_unrelated_reference_samples()
    {
        var (reference, targets) = Load();
        var model = AncestryAdjustment.Fit(reference);
        var train = reference.Where(r => r.Train).ToList();
        // ref.pcs holds the unrelated reference samples (2,575); none is on the KING related list.
        Assert.Equal(2575, train.Count);

        // Normal equations: the residuals are orthogonal to the intercept and each standardised PC.
        var x = train.Select(r => model.DesignRow(r.Pcs)).ToList();
        var resid = train.Select((r, i) => model.Centre(r.Score) - AncestryAdjustment.Dot([.. model.OlsCoefficients], x[i])).ToList();
        var scale = Math.Sqrt(resid.Average(e => e * e));
        for (var j = 0; j < 5; j++)
            Assert.True(Math.Abs(resid.Select((e, i) => e * x[i][j]).Sum()) < 1e-9 * scale * train.Count, $"column {j}");

        // Z_norm1 of the training reference has mean 0 and (population) sd 1.
        var z1 = train.Select(r => model.Adjust(r.Score, r.Pcs, null).ZNorm1).ToList();
        Assert.Equal(0, z1.Average(), 10);
        Assert.Equal(1, z1.Average(z => z * z), 10);

        var adjusted = targets.Select(t => model.Adjust(t.Score, t.Pcs, null)).ToList();
        Assert.Equal(929, adjusted.Count); // every HGDP target of the upstream fixture
        Assert.All(adjusted, a => Assert.True(double.IsFinite(a.ZNorm1) && double.IsFinite(a.ZNorm2)));
    }

    [SkippableFact]
    public void Ancestry_fixture_mean_plus_variance_normalisation_is_the_joint_maximum_likelihood()
    {
        var (reference, _) = Load();
        var model = AncestryAdjustment.Fit(reference);
        var train = reference.Where(r => r.Train).ToList();
        var x = train.Select(r => model.DesignRow(r.Pcs)).ToList();
        var mu = model.MeanCoefficients.ToArray();
        var gamma = model.LogVarianceCoefficients.ToArray();
        // Score equations of y ~ Normal(x·β, exp(x·γ)): Σ x (y − μ)/σ² = 0 and Σ x (1 − (y − μ)²/σ²) = 0.
        for (var j = 0; j < 5; j++)
        {
            double gMu = 0, gVar = 0, norm = 0;
            for (var i = 0; i < train.Count; i++)
            {
                var variance = Math.Exp(AncestryAdjustment.Dot(gamma, x[i]));
                var r = model.Centre(train[i].Score) - AncestryAdjustment.Dot(mu, x[i]);
                gMu += x[i][j] * r / variance;
                gVar += x[i][j] * (1 - (r * r / variance));
                norm += Math.Abs(x[i][j]);
            }

            Assert.True(Math.Abs(gMu) < 1e-6 * norm, $"mean gradient {j}: {gMu}");
            Assert.True(Math.Abs(gVar) < 1e-6 * norm, $"variance gradient {j}: {gVar}");
        }

        var z2 = train.Select(r => model.Adjust(r.Score, r.Pcs, null).ZNorm2).ToList();
        Assert.Equal(1, z2.Average(z => z * z), 6); // the intercept's score equation
    }

    [SkippableFact]
    public void Empirical_method_places_a_sample_in_its_population_distribution()
    {
        var (reference, _) = Load();
        var model = AncestryAdjustment.Fit(reference);
        Assert.Equal(["AFR", "AMR", "EAS", "EUR", "SAS"], model.Populations.Order());
        var hg00096 = reference.Single(r => r.Id == "HG00096");
        var eur = reference.Where(r => r.Train && r.Population == "EUR").Select(r => r.Score).ToList();
        var a = model.Adjust(hg00096.Score, hg00096.Pcs, "EUR");
        var below = eur.Count(v => v < hg00096.Score);
        var equal = eur.Count(v => v == hg00096.Score);
        Assert.Equal((below + below + equal + (equal > 0 ? 1 : 0)) * 50.0 / eur.Count, a.PercentileMostSimilarPop!.Value, 12);
        var mean = eur.Average();
        Assert.Equal((hg00096.Score - mean) / Math.Sqrt(eur.Average(v => (v - mean) * (v - mean))), a.ZMostSimilarPop!.Value, 10);
        Assert.Null(model.Adjust(hg00096.Score, hg00096.Pcs, "OTH").PercentileMostSimilarPop);
    }

    private static (List<ReferenceSample> Reference, List<ReferenceSample> Targets) Load()
    {
        var scores = Tsv.Read(TestPaths.Shared(Data + "aggregated_scores.txt"));
        var related = File.ReadLines(TestPaths.Shared(Data + "ref.king.cutoff.id")).Skip(1).ToHashSet(StringComparer.Ordinal);
        var pops = Tsv.Read(TestPaths.Shared(Data + "ref.psam")).ToDictionary(r => r["IID"], r => r["SuperPop"], StringComparer.Ordinal);
        List<ReferenceSample> Join(string set, string pcsFile) =>
            [.. Tsv.Read(TestPaths.Shared(Data + pcsFile)).Join(scores.Where(s => s["sampleset"] == set), p => p["IID"], s => s["IID"], (p, s) =>
                new ReferenceSample(p["IID"], s.D("SUM"), [.. Enumerable.Range(1, 10).Select(i => p.D("PC" + i.ToString(CultureInfo.InvariantCulture)))],
                    pops.GetValueOrDefault(p["IID"]), !related.Contains(p["IID"])))];
        return (Join("reference", "ref.pcs"), Join("hgdp", "target.pcs"));
    }
}

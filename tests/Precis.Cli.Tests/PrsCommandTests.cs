using System.Globalization;
using Precis.Testing;

namespace Precis.Cli.Tests;

/// <summary>
/// `precis prs project` and `precis prs ancestry` run as a user runs them, on the fixtures of
/// tests/Precis.PolygenicRisk.Tests (plink2 PCA of tiny1000G) and pgsc_calc's ancestry fixture, checking the files
/// they write against plink2's projection and against ranks and counts recomputed from the written table.
/// </summary>
public sealed class PrsCommandTests
{
    private const string Ancestry = "genomics/pygscatalog/pgscatalog.calc/tests/legacy/data/";
    private static readonly string Pca = Path.Combine(TestPaths.RepoRoot, "tests", "Precis.PolygenicRisk.Tests", "Data", "pca");

    [Fact]
    public void Prs_score_into_a_directory_writes_the_reference_context_into_scores_json_as_into_context_tsv()
    {
        var dir = TestPaths.TempDir() + "/";
        var vcf = Path.Combine(TestPaths.RepoRoot, "samples", "demo", "demo.germline.vcf");
        var (exit, _, err) = CliRunner.Run("prs", "score", "--reference", "precis-pgs-reference", vcf, "-o", dir);
        Assert.True(exit == 0, err);
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "scores.json")));
        var context = json.RootElement.GetProperty("context").EnumerateArray().ToList();
        var tsv = File.ReadAllLines(Path.Combine(dir, "context.tsv"));
        Assert.NotEmpty(context);
        Assert.Equal(tsv.Length - 1, context.Count);
        var pooled = context.Single(c => c.GetProperty("population").GetString() == "ALL");
        Assert.Equal("DEMO-001", pooled.GetProperty("sample").GetString());
        Assert.InRange(pooled.GetProperty("percentile").GetDouble(), 0, 100);
        // The shipped scores publish no per-SD effect: said, never a default ratio.
        Assert.Equal("no published effect size per SD", pooled.GetProperty("relativeToReferenceMean").GetProperty("notAssessed").GetString());
    }

    [SkippableFact]
    public void Prs_match_json_gives_pgsc_calc_counts_on_cineca_chr22()
    {
        // Upstream (pgsc_calc's summary for PGS001229 on the CINECA chr22 subset): 835 rows, 782 matched,
        // 47 excluded as strand-ambiguous, 6 unmatched.
        var vcf = TestPaths.Shared("genomics/pgsc_calc/assets/examples/target_genomes/cineca_synthetic_subset.vcf.gz");
        var score = TestPaths.Shared("genomics/pgsc_calc/assets/examples/scorefiles/PGS001229_22.txt");
        var (exit, output, err) = CliRunner.Run("prs", "match", vcf, "--score", score, "--format", "json", "--quiet");
        Assert.True(exit == 0, err);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        var report = Assert.Single(json.RootElement.EnumerateArray().ToList());
        Assert.Equal("PGS001229", report.GetProperty("scoreId").GetString());
        Assert.Equal(835, report.GetProperty("variants").GetInt32());
        Assert.Equal(782, report.GetProperty("matched").GetInt32());
        Assert.Equal(47, report.GetProperty("excludedAmbiguous").GetInt32());
        Assert.Equal(6, report.GetProperty("unmatched").GetInt32());
        Assert.Equal(782.0 / 835, report.GetProperty("matchRate").GetDouble(), 12);
        Assert.True(report.GetProperty("passes").GetBoolean());
    }

    [SkippableFact]
    public void Prs_project_writes_pcs_equal_to_plink2_score_projection_in_pgsc_calc_layout()
    {
        var dir = TestPaths.TempDir();
        var vcf = AncestryFixture.MaskedTarget(dir);
        var pcs = Path.Combine(dir, "target.pcs");

        var (exit, _, err) = CliRunner.Run("prs", "project", vcf, "--loadings", Path.Combine(Pca, "tiny1000G.autosomes.eigenvec.allele.gz"),
            "--freq", Path.Combine(Pca, "tiny1000G.autosomes.acount"), "-o", pcs);

        Assert.True(exit == ExitCodes.Ok, err);
        Assert.Contains("968 of 968 loading variants projected (100.0%); 0 found with other alleles and skipped", err, StringComparison.Ordinal);
        var lines = File.ReadAllLines(pcs);
        Assert.Equal("FID\tIID\tPC1\tPC2\tPC3\tPC4\tPC5\tPC6\tPC7\tPC8\tPC9\tPC10\tALLELE_CT", lines[0]);
        var rows = Table(lines);
        // plink2 2.00a3.5 --score … variance-standardize on the same masked target (Data/pca/make_fixture.sh), 6 digits.
        var expected = Table(File.ReadAllLines(Path.Combine(Pca, "target40-masked.plink2.sscore")));
        Assert.Equal(40, rows.Count);
        Assert.Equal(expected.Count, rows.Count);
        Assert.Contains(rows, r => int.Parse(r["ALLELE_CT"], CultureInfo.InvariantCulture) < 2 * 968); // masked calls stay missing
        foreach (var (e, got) in expected.Zip(rows))
        {
            Assert.Equal(e["#IID"], got["IID"]);
            Assert.Equal(got["IID"], got["FID"]);
            Assert.Equal(e["ALLELE_CT"], got["ALLELE_CT"]);
            for (var j = 1; j <= 10; j++)
            {
                var want = D(e, $"PC{j}_SUM");
                var have = D(got, $"PC{j}");
                Assert.True(Math.Abs(want - have) <= 5e-6 * Math.Max(Math.Abs(want), 1e-3), $"{got["IID"]} PC{j}: {have} vs plink2 {want}");
            }
        }
    }

    [SkippableFact]
    public void Prs_ancestry_writes_a_row_per_sample_with_most_similar_population_ranks_and_normalised_z()
    {
        var dir = TestPaths.TempDir();
        var output = Path.Combine(dir, "ancestry.tsv");

        var (exit, _, err) = CliRunner.Run("prs", "ancestry",
            "--scores", TestPaths.Shared(Ancestry + "aggregated_scores.txt"), "--ref-pcs", TestPaths.Shared(Ancestry + "ref.pcs"),
            "--target-pcs", TestPaths.Shared(Ancestry + "target.pcs"), "--ref-psam", TestPaths.Shared(Ancestry + "ref.psam"),
            "--related", TestPaths.Shared(Ancestry + "ref.king.cutoff.id"), "-o", output);

        Assert.True(exit == ExitCodes.Ok, err);
        var lines = File.ReadAllLines(output);
        var header = lines[0].Split('\t');
        Assert.Equal(["sampleset", "IID", "PGS", "SUM", "percentile_MostSimilarPop", "Z_MostSimilarPop", "Z_norm1", "Z_norm2", "MostSimilarPop",
            "MostSimilarPop_LowConfidence", "KNN_P_AFR", "KNN_P_AMR", "KNN_P_EAS", "KNN_P_EUR", "KNN_P_SAS", "PC1", "PC2", "PC3", "PC4", "PC5",
            "PC6", "PC7", "PC8", "PC9", "PC10"], header);
        var rows = Table(lines);
        var targets = rows.Where(r => r["sampleset"] == "hgdp").ToList();
        var references = rows.Where(r => r["sampleset"] == "reference").ToList();
        Assert.Equal(929, targets.Count); // every HGDP target
        Assert.Equal(2575, references.Count); // the unrelated references (KING list left out)

        // Most similar population of the targets (k-NN, k = 15, on PC1–5).
        var byPop = targets.GroupBy(r => r["MostSimilarPop"]).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<string, int> { ["AFR"] = 109, ["AMR"] = 117, ["EAS"] = 226, ["EUR"] = 259, ["SAS"] = 218 }, byPop);
        Assert.Single(targets, r => r["MostSimilarPop_LowConfidence"] == "True");
        foreach (var t in targets)
        {
            var p = new[] { "AFR", "AMR", "EAS", "EUR", "SAS" }.ToDictionary(x => x, x => D(t, "KNN_P_" + x));
            Assert.Equal(1.0, p.Values.Sum(), 12);
            Assert.Equal(p.Values.Max(), p[t["MostSimilarPop"]]);
            Assert.Equal(p.Values.Max() < 0.5, t["MostSimilarPop_LowConfidence"] == "True");
            Assert.InRange(D(t, "percentile_MostSimilarPop"), 0, 100);
        }

        // A target's empirical percentile and Z are its place among the references of its most similar population,
        // recomputed here from the written SUM column: rank with ties averaged, Z with the population sd.
        var refSums = references.GroupBy(r => r["MostSimilarPop"]).ToDictionary(g => g.Key, g => g.Select(r => D(r, "SUM")).ToList());
        foreach (var t in targets.Take(50))
        {
            var sums = refSums[t["MostSimilarPop"]];
            var x = D(t, "SUM");
            var below = sums.Count(v => v < x);
            var equal = sums.Count(v => v == x);
            Assert.Equal((2 * below + equal + (equal > 0 ? 1 : 0)) * 50.0 / sums.Count, D(t, "percentile_MostSimilarPop"), 9);
            var mean = sums.Average();
            var sd = Math.Sqrt(sums.Sum(v => (v - mean) * (v - mean)) / sums.Count);
            Assert.Equal((x - mean) / sd, D(t, "Z_MostSimilarPop"), 9);
        }

        // Properties of the fits on the (all-training) references: "mean" is an OLS residual over its sd, so its mean is 0
        // and its mean square 1; "mean+var" is maximum likelihood with a log-variance intercept, so Σ z²/n = 1.
        Assert.Equal(0, references.Average(r => D(r, "Z_norm1")), 6);
        Assert.Equal(1, references.Average(r => D(r, "Z_norm1") * D(r, "Z_norm1")), 6);
        Assert.Equal(1, references.Average(r => D(r, "Z_norm2") * D(r, "Z_norm2")), 4);
    }

    [SkippableFact]
    public void Prs_ancestry_refuses_out_of_range_pc_counts_and_a_missing_file_with_its_name()
    {
        var scores = TestPaths.Shared(Ancestry + "aggregated_scores.txt");
        var pcs = TestPaths.Shared(Ancestry + "ref.pcs");
        var psam = TestPaths.Shared(Ancestry + "ref.psam");

        var (exit, _, err) = CliRunner.Run("prs", "ancestry", "--scores", scores, "--ref-pcs", pcs, "--target-pcs", pcs, "--ref-psam", psam, "--n-popcomp", "0");
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("--n-popcomp and --n-normalization must be between 1 and 50", err, StringComparison.Ordinal);

        var missing = Path.Combine(TestPaths.TempDir(), "no-such.pcs");
        (exit, _, err) = CliRunner.Run("prs", "ancestry", "--scores", scores, "--ref-pcs", pcs, "--target-pcs", missing, "--ref-psam", psam);
        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("no-such.pcs", err, StringComparison.Ordinal);
    }

    private static double D(Dictionary<string, string> row, string column) => double.Parse(row[column], CultureInfo.InvariantCulture);

    private static List<Dictionary<string, string>> Table(string[] lines)
    {
        var header = lines[0].Split('\t');
        return [.. lines.Skip(1).Where(l => l.Length > 0).Select(l => header.Zip(l.Split('\t')).ToDictionary(p => p.First, p => p.Second))];
    }
}

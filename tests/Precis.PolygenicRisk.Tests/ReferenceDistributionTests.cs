using System.Globalization;
using System.Text;
using System.Text.Json;
using Precis.Core;
using Precis.Knowledge;
using Precis.Plans;
using Precis.PolygenicRisk.Context;
using Precis.PolygenicRisk.Knowledge;
using Precis.PolygenicRisk.Scoring;
using Precis.PolygenicRisk.ScoringFiles;
using Precis.Testing;

namespace Precis.PolygenicRisk.Tests;

/// <summary>
/// The shipped 1000 Genomes reference distribution of the PGS001229 subset (precis-pgs-reference), checked against the
/// official score file, the pgsc_calc-equivalent match of tiny1000G and our own scoring of tiny1000G; and the demo
/// patient's percentile in the plan.
/// </summary>
public sealed class ReferenceDistributionTests
{
    private const string Legacy = "genomics/pygscatalog/pgscatalog.calc/tests/legacy/data/";
    private const string Tiny = "genomics/pygscatalog/pgscatalog.calc/tests/data/vcf/tiny1000G.vcf.gz";

    private static ShippedReference Shipped() =>
        Assert.Single(PgsReferenceKnowledgeBase.References(KnowledgeCatalog.Embedded().Find(PgsReferenceKnowledgeBase.Id)!));

    [SkippableFact]
    public void Shipped_variant_set_is_the_autosomal_pgsc_calc_match_of_tiny1000G_with_the_official_weights()
    {
        var reference = Shipped();
        var variants = reference.Score.Definition.Variants;
        Assert.Equal(885, variants.Count);
        Assert.Equal("PGS001229", reference.Score.Definition.Id);
        // derived/…/autosomes.scorefile: the autosomal variants matched by the independent pgsc_calc re-implementation.
        var matched = File.ReadLines(TestPaths.Shared("genomics/derived/tiny1000G_PGS001229_GRCh38/tiny1000G_PGS001229.autosomes.scorefile")).Skip(1)
            .Select(l => l.Split('\t')[0].Split(':')).Select(f => (f[0], long.Parse(f[1], CultureInfo.InvariantCulture))).ToHashSet();
        Assert.Equal(matched, variants.Select(v => (v.Chromosome!, v.Position!.Value)).ToHashSet());
        var official = Assert.Single(ScoringFileReader.Read(TestPaths.Shared("genomics/pygscatalog/pgscatalog.calc/tests/data/structured/PGS001229_hmPOS_GRCh38.txt.gz")))
            .Variants.Where(v => v.Position is not null).ToLookup(v => (v.Chromosome, v.Position));
        Assert.All(variants, v => Assert.Contains(official[(v.Chromosome, v.Position)], o => (o.EffectAllele, o.OtherAllele, o.Weight) == (v.EffectAllele, v.OtherAllele, v.Weight)));
        Assert.Contains("not the published score's distribution", reference.Restriction, StringComparison.Ordinal);
        Assert.Contains(reference.Citations, c => c.Id == "byrska-bishop-2022-cell");
    }

    [SkippableFact]
    public void Shipped_distributions_are_our_scores_of_the_unrelated_tiny1000G_samples_per_super_population()
    {
        var reference = Shipped();
        var result = PolygenicScorer.Score(TestPaths.Shared(Tiny), [reference.Score.Definition]);
        var score = Assert.Single(result.Scores);
        Assert.Equal(885, score.Report.Matched);
        var related = File.ReadLines(TestPaths.Shared(Legacy + "ref.king.cutoff.id")).Skip(1).ToHashSet();
        var pops = Tsv.Read(TestPaths.Shared(Legacy + "ref.psam")).ToDictionary(r => r["IID"], r => r["SuperPop"]);
        var unrelated = score.Samples.Where(s => !related.Contains(s.Sample)).ToList();
        Assert.Equal(2575, unrelated.Count);
        Assert.Equal(["ALL", "AFR", "AMR", "EAS", "EUR", "SAS"], reference.Populations.Select(p => p.Population));
        foreach (var p in reference.Populations)
        {
            var ours = unrelated.Where(s => p.Population == "ALL" || pops[s.Sample] == p.Population).Select(s => s.Sum).Order().ToList();
            Assert.Equal(ours.Count, p.Distribution.Count);
            // Every sorted sum, shipped at 12 significant digits (sums are below 3 in magnitude).
            for (var i = 0; i < ours.Count; i++)
                Assert.True(Math.Abs(ours[i] - p.Distribution.Quantile(i / (double)(ours.Count - 1))) < 1e-11, $"{p.Population} sum {i}");
            Assert.True(Math.Abs(ours.Average() - p.Distribution.Mean) < 1e-11, p.Population);
        }

        // A reference sample's pooled percentile is its rank among the 2,575 (ties averaged).
        var hg00096 = unrelated.Single(s => s.Sample == "HG00096");
        var all = unrelated.Select(s => s.Sum).ToList();
        var below = all.Count(v => v < hg00096.Sum - 1e-9);
        var equal = all.Count(v => Math.Abs(v - hg00096.Sum) <= 1e-9);
        Assert.Equal((2 * below + equal + 1) * 50.0 / all.Count, reference.Population("ALL")!.Distribution.Percentile(Math.Round(hg00096.Sum, 11)), 9);
    }

    [Fact]
    public void A_distribution_whose_stated_mean_is_not_the_mean_of_its_sums_is_refused_with_its_json_path()
    {
        var json = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "src", "Precis.Knowledge", "Data", "precis-pgs-reference.kb.json"));
        var bad = json.Replace("\"mean\": ", "\"mean\": 1", StringComparison.Ordinal); // every mean gains a leading 1
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(bad));
        var kb = KnowledgeFile.Load(stream, "bad.kb.json", "test").GetValueOrThrow();
        var e = Assert.Throws<InputException>(() => PgsReferenceKnowledgeBase.References(kb));
        Assert.Equal("$.entries.references[0].distributions[0].mean", e.Error.Field);
        Assert.Contains("is not the mean of the sums", e.Error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_score_given_with_other_variants_than_the_reference_gets_no_percentile_and_says_why()
    {
        var reference = Shipped();
        var vcf = Path.Combine(TestPaths.RepoRoot, "samples", "demo", "demo.germline.vcf");
        var partial = reference.Score.Definition with { Variants = [.. reference.Score.Definition.Variants.Take(800)] };
        var result = PolygenicScorer.Score(vcf, [partial], ScoringOptions.Default with { Match = ScoringOptions.Default.Match with { MinOverlap = 0 } });
        var rows = ReferenceComparison.Compare(result, [reference]);
        Assert.Equal(6, rows.Count); // one per population
        Assert.All(rows, r =>
        {
            Assert.Null(r.Percentile);
            Assert.StartsWith("the reference PGS001229.tiny1000G-autosomes was computed on 885 variants and the score given has 800", r.NotAssessed, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Demo_patient_gets_the_PGS001229_subset_percentile_in_the_pooled_1000_Genomes_reference_with_curve_data()
    {
        var vcf = Path.Combine(TestPaths.RepoRoot, "samples", "demo", "demo.germline.vcf");
        var patient = new PatientSummary { Id = "demo" };
        var builder = new PlanBuilder(patient);
        new PolygenicRiskContributor().Contribute(new PlanInputs { Files = [new PlanInput("germline-vcf", vcf)], Knowledge = KnowledgeCatalog.Embedded(), Now = DateTimeOffset.UnixEpoch, Patient = patient },
            builder, new Progress<ProgressUpdate>());
        var plan = builder.Build("precis-test", "0", DateTimeOffset.UnixEpoch);
        var f = Assert.Single(plan.Findings, x => x.Id == "prs:PGS001229");

        // Independently: the sum from the VCF text and the rank among the shipped pooled sums read from the JSON.
        var kbJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "src", "Precis.Knowledge", "Data", "precis-pgs-reference.kb.json")));
        var entry = kbJson.RootElement.GetProperty("entries").GetProperty("references")[0];
        var comp = new Dictionary<string, string> { ["A"] = "T", ["T"] = "A", ["C"] = "G", ["G"] = "C" };
        var records = File.ReadLines(vcf).Where(l => !l.StartsWith('#')).Select(l => l.Split('\t'))
            .ToDictionary(c => (c[0][3..], long.Parse(c[1], CultureInfo.InvariantCulture)));
        double sum = 0;
        foreach (var v in entry.GetProperty("variants").EnumerateArray())
        {
            var c = records[(v.GetProperty("chr").GetString()!, v.GetProperty("pos").GetInt64())];
            var ea = v.GetProperty("effectAllele").GetString()!;
            var eaOnVcf = ea == c[3] || ea == c[4] ? ea : comp[ea];
            var gt = c[9].Split(':')[0].Split('/', '|');
            sum += double.Parse(v.GetProperty("weight").GetString()!, CultureInfo.InvariantCulture) * gt.Count(a => (a == "0" ? c[3] : c[4]) == eaOnVcf);
        }

        var pooled = entry.GetProperty("distributions")[0];
        Assert.Equal("ALL", pooled.GetProperty("population").GetString());
        var sums = pooled.GetProperty("sortedSums").EnumerateArray().Select(x => x.GetDouble()).ToList();
        var percentile = (2 * sums.Count(x => x < sum) + sums.Count(x => x == sum) + (sums.Contains(sum) ? 1 : 0)) * 50.0 / sums.Count;
        Assert.Equal(sum, double.Parse(f.Details["sum"], CultureInfo.InvariantCulture), 12);
        Assert.Equal(percentile, double.Parse(f.Details["percentile"], CultureInfo.InvariantCulture), 9);
        Assert.Equal("885", f.Details["matched"]);
        Assert.StartsWith("ALL: all five 1000 Genomes super-populations pooled", f.Details["referencePopulation"], StringComparison.Ordinal);

        // What the plan helper needs for the curve: 101 quantiles from the minimum to the maximum, mean, sd.
        var q = f.Details["referenceQuantiles"].Split(',').Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(101, q.Count);
        Assert.Equal((sums[0], sums[^1]), (q[0], q[^1]));
        Assert.Equal(sums.Average(), double.Parse(f.Details["referenceMean"], CultureInfo.InvariantCulture), 9);
        Assert.All(new[] { "AFR", "AMR", "EAS", "EUR", "SAS" }, p => Assert.True(f.Details.ContainsKey("percentile." + p)));

        // What the percentile means and relative to whom, in the rationale and the recommendation.
        Assert.Contains(f.Rationale, r => r.Statement.Contains("it is not a risk", StringComparison.Ordinal) && r.Statement.Contains("ancestry was not assessed", StringComparison.Ordinal));
        Assert.Contains(f.Quality, x => x.Code == "restricted-variant-set");
        var inform = Assert.Single(plan.Recommendations, r => r.Id == "prs:PGS001229:inform");
        Assert.Equal(("precis-pgs-reference", "PGS001229.tiny1000G-autosomes"), (inform.Source.KnowledgeBaseId, inform.Source.EntryId));
        Assert.Contains("not a risk", inform.ClinicianText, StringComparison.Ordinal);
        Assert.Contains("does not describe you", inform.PatientText, StringComparison.Ordinal);
        Assert.Equal(SectionStatus.Available, Assert.Single(plan.Sections, s => s.Id == "polygenic-risk").Status);
    }
}

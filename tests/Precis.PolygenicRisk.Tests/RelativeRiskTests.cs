using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
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
/// Relative risk per SD where the score publishes it: (#or_per_sd or #hr_per_sd) ^ Z against a reference distribution,
/// with its source and caveats, and "no published effect size per SD" otherwise — in the TSV, JSON and the plan.
/// </summary>
public sealed class RelativeRiskTests
{
    // 1:100 A>G, 1:200 C>T; no missing call. With weights G 0.5 and T 0.3: S1 0.5, S2 1.3, S3 0.3.
    private const string Vcf = """
        ##fileformat=VCFv4.2
        ##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">
        ##contig=<ID=1,length=1000>
        #CHROM	POS	ID	REF	ALT	QUAL	FILTER	INFO	FORMAT	S1	S2	S3
        1	100	.	A	G	.	PASS	.	GT	0/1	1/1	0/0
        1	200	.	C	T	.	PASS	.	GT	0/0	0/1	0/1

        """;

    private const string Rows = """
        chr_name	chr_position	effect_allele	other_allele	effect_weight
        1	100	G	A	0.5
        1	200	T	C	0.3

        """;

    private const string Header = """
        #pgs_id=PGS900001
        #pgp_id=PGP900001
        #citation=Synthetic A et al. Test J (2026). doi:10.0000/test

        """;

    // Reference sums 0, 0.2, …, 1.0: mean 0.5, population sd √(0.7/6).
    private static readonly double[] ReferenceSums = [0, 0.2, 0.4, 0.6, 0.8, 1.0];

    private static PolygenicScoreDefinition Read(string text) =>
        Assert.Single(ScoringFileReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), "test.txt"));

    [Fact]
    public void An_or_per_sd_of_15_at_Z_12_gives_the_odds_ratio_15_to_the_power_12_with_its_source()
    {
        var score = Read("#or_per_sd=1.5\n" + Header + Rows);
        Assert.Equal(1.5, score.Metadata.OddsRatioPerSd);
        var rr = RelativeRisk.Compute(score.Metadata, 1.2);
        // 1.5^1.2 = exp(1.2 × ln 1.5) = 1.626707656796548 (computed apart: Python 1.5**1.2).
        Assert.Equal(1.626707656796548, rr.Ratio!.Value, 12);
        Assert.Equal(Math.Exp(1.2 * Math.Log(1.5)), rr.Ratio!.Value, 12);
        Assert.Null(rr.NotAssessed);
        Assert.Equal(PerSdMeasure.OddsRatio, rr.Effect!.Measure);
        Assert.Equal("#or_per_sd=1.5 in the scoring-file header of PGS900001 (PGP900001); Synthetic A et al. Test J (2026). doi:10.0000/test", rr.Effect.Source);
        Assert.StartsWith("odds ratio 1.63 versus the reference population's average (= OR per SD 1.5 ^ Z 1.20; an odds ratio, approximating relative risk", rr.Statement, StringComparison.Ordinal);
        Assert.Contains(RelativeRisk.Caveats, c => c.Contains("not an absolute risk", StringComparison.Ordinal));
        Assert.Contains(RelativeRisk.Caveats, c => c.Contains("applies to this patient's ancestry", StringComparison.Ordinal));
        Assert.Contains(RelativeRisk.Caveats, c => c.Contains("average person of the reference population", StringComparison.Ordinal));

        // Below the mean the ratio is below 1, at the mean it is 1.
        Assert.Equal(1 / 1.5, RelativeRisk.Compute(score.Metadata, -1).Ratio!.Value, 12);
        Assert.Equal(1, RelativeRisk.Compute(score.Metadata, 0).Ratio!.Value, 12);
    }

    [Fact]
    public void An_hr_per_sd_is_a_hazard_ratio_08_to_the_power_minus_05()
    {
        var rr = RelativeRisk.Compute(Read("#hr_per_sd=0.8\n" + Header + Rows).Metadata, -0.5);
        Assert.Equal(1.118033988749895, rr.Ratio!.Value, 12); // 0.8^-0.5 = 1/√0.8
        Assert.Equal((PerSdMeasure.HazardRatio, "HR", "hr_per_sd"), (rr.Effect!.Measure, rr.Effect.Abbreviation, rr.Effect.HeaderField));
        Assert.StartsWith("hazard ratio 1.12 versus the reference population's average (= HR per SD 0.8 ^ Z -0.50", rr.Statement, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_per_sd_field_the_result_is_no_published_effect_size_per_SD_never_a_default()
    {
        var score = Read(Header + Rows);
        Assert.Null(score.Metadata.OddsRatioPerSd);
        Assert.Null(score.Metadata.HazardRatioPerSd);
        Assert.Null(RelativeRisk.PublishedEffect(score.Metadata));
        var rr = RelativeRisk.Compute(score.Metadata, 1.2);
        Assert.Null(rr.Ratio);
        Assert.Null(rr.Effect);
        Assert.Equal("no published effect size per SD", rr.NotAssessed);
        Assert.Equal("relative risk versus the population average not assessed: no published effect size per SD", rr.Statement);
    }

    [Fact]
    public void Without_a_Z_score_the_published_ratio_is_shown_but_not_applied()
    {
        var rr = RelativeRisk.Compute(Read("#or_per_sd=1.5\n" + Header + Rows).Metadata, null, "no reference distribution");
        Assert.Null(rr.Ratio);
        Assert.Equal(1.5, rr.Effect!.Value);
        Assert.Equal("no Z-score against a reference distribution: no reference distribution", rr.NotAssessed);
    }

    [Fact]
    public void Both_an_OR_and_an_HR_per_SD_give_no_ratio_rather_than_a_silent_choice()
    {
        var rr = RelativeRisk.Compute(Read("#or_per_sd=1.5\n#hr_per_sd=1.4\n" + Header + Rows).Metadata, 1);
        Assert.Null(rr.Ratio);
        Assert.StartsWith("the header gives both an odds ratio and a hazard ratio per SD", rr.NotAssessed, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("-1.2")]
    [InlineData("NaN")]
    public void A_per_sd_value_that_is_not_a_positive_number_is_refused_naming_its_line(string value)
    {
        var ex = Assert.Throws<InputException>(() => Read(Header.TrimEnd('\n') + "\n#or_per_sd=" + value + "\n" + Rows));
        Assert.Equal((4L, "or_per_sd"), (ex.Error.Line, ex.Error.Field));
        Assert.Contains("is not a positive number", ex.Error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Reference_comparison_TSV_and_JSON_carry_OR_to_the_power_Z_per_sample_with_source_and_caveats()
    {
        var result = Score("#or_per_sd=1.5\n" + Header + Rows, out var reference);
        var rows = ReferenceComparison.Compare(result, [reference]);
        Assert.Equal(3, rows.Count);
        var sd = Math.Sqrt(0.7 / 6);
        foreach (var (sample, sum) in new[] { ("S1", 0.5), ("S2", 1.3), ("S3", 0.3) })
        {
            var row = Assert.Single(rows, r => r.Sample == sample);
            var z = (sum - 0.5) / sd;
            Assert.Equal(z, row.ZScore!.Value, 12);
            Assert.Equal(Math.Exp(z * Math.Log(1.5)), row.RelativeToMean!.Ratio!.Value, 12);
        }

        using var text = new StringWriter();
        ReferenceComparison.WriteTsv(rows, text);
        var lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(ReferenceComparison.TsvHeader, lines[0]);
        var header = lines[0].Split('\t');
        // The earlier columns keep their places; the ratio columns are appended.
        Assert.Equal(["IID", "PGS", "SUM", "REFERENCE", "POPULATION", "REFERENCE_N", "PERCENTILE", "Z", "NOT_ASSESSED"], header[..9]);
        var s2 = lines.Skip(1).Select(l => l.Split('\t')).Single(c => c[0] == "S2");
        Assert.Equal(header.Length, s2.Length);
        var col = (string name) => s2[Array.IndexOf(header, name)];
        Assert.Equal("OR", col("PER_SD_MEASURE"));
        Assert.Equal("1.5", col("PER_SD_RATIO"));
        Assert.Equal(Math.Pow(1.5, 0.8 / sd), double.Parse(col("RATIO_VS_REFERENCE_MEAN"), CultureInfo.InvariantCulture), 12);
        Assert.StartsWith("#or_per_sd=1.5 in the scoring-file header of PGS900001", col("PER_SD_SOURCE"), StringComparison.Ordinal);
        Assert.Equal("", col("RATIO_NOT_ASSESSED"));

        using var json = new MemoryStream();
        ScoreOutputs.WriteJson(result, json, rows);
        var root = JsonNode.Parse(json.ToArray())!;
        var effect = root["scores"]![0]!["effectPerSd"]!;
        Assert.Equal(("OR", 1.5, "or_per_sd"), (effect["measure"]!.GetValue<string>(), effect["value"]!.GetValue<double>(), effect["headerField"]!.GetValue<string>()));
        var rr = root["context"]!.AsArray().Single(c => c!["sample"]!.GetValue<string>() == "S2")!["relativeToReferenceMean"]!;
        Assert.Equal(Math.Pow(1.5, 0.8 / sd), rr["ratio"]!.GetValue<double>(), 12);
        Assert.Equal(RelativeRisk.Formula, rr["formula"]!.GetValue<string>());
        Assert.Equal(RelativeRisk.Caveats, rr["caveats"]!.AsArray().Select(c => c!.GetValue<string>()));
    }

    [Fact]
    public void Outputs_say_no_published_effect_size_per_SD_when_the_header_has_none()
    {
        var result = Score(Header + Rows, out var reference);
        var rows = ReferenceComparison.Compare(result, [reference]);
        Assert.All(rows, r => Assert.Equal((null, "no published effect size per SD"), (r.RelativeToMean!.Ratio, r.RelativeToMean.NotAssessed)));
        using var text = new StringWriter();
        ReferenceComparison.WriteTsv(rows, text);
        var lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines.Skip(1), l => Assert.EndsWith("\t\t\t\t\tno published effect size per SD", l, StringComparison.Ordinal));
        using var json = new MemoryStream();
        ScoreOutputs.WriteJson(result, json, rows);
        var root = JsonNode.Parse(json.ToArray())!;
        Assert.Equal("no published effect size per SD", root["scores"]![0]!["effectPerSd"]!.GetValue<string>());
        Assert.Equal("no published effect size per SD", root["context"]![0]!["relativeToReferenceMean"]!["notAssessed"]!.GetValue<string>());
    }

    [Fact]
    public void A_reference_on_a_subset_of_the_published_variants_gets_no_ratio_because_the_per_SD_effect_is_the_full_scores()
    {
        var result = Score("#or_per_sd=1.5\n#variants_number=10\n" + Header + Rows, out var reference);
        var row = ReferenceComparison.Compare(result, [reference])[0];
        Assert.NotNull(row.ZScore);
        Assert.Null(row.RelativeToMean!.Ratio);
        Assert.StartsWith("the published effect per SD is for the full 10-variant score; the reference TEST uses 2 variants", row.RelativeToMean.NotAssessed, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Real_PGS_Catalog_scoring_files_carry_no_per_SD_field_so_they_get_no_published_effect_size_per_SD()
    {
        // PGS Catalog format 2.0 headers have no per-SD key (the Catalog publishes per-SD effects in its Performance
        // Metrics); none of the real files in the shared data has one. Checked on the raw header text too.
        foreach (var file in new[]
        {
            "genomics/pgsc_calc/assets/examples/scorefiles/PGS001229_22.txt",
            "genomics/pygscatalog/pgscatalog.core/tests/data/PGS000001_hmPOS_GRCh38.txt",
            "genomics/pygscatalog/pgscatalog.core/tests/data/PGS000802_hmPOS_GRCh37.txt",
        })
        {
            var path = TestPaths.Shared(file);
            Assert.DoesNotContain(File.ReadLines(path).TakeWhile(l => l.StartsWith('#')), l => l.Contains("per_sd", StringComparison.OrdinalIgnoreCase));
            var score = Assert.Single(ScoringFileReader.Read(path));
            Assert.StartsWith("PGS00", score.Id, StringComparison.Ordinal);
            Assert.NotNull(score.Metadata.Citation);
            var rr = RelativeRisk.Compute(score.Metadata, 1.0);
            Assert.Equal((null, null, "no published effect size per SD"), (rr.Ratio, rr.Effect, rr.NotAssessed));
        }
    }

    [Fact]
    public void Demo_plan_says_no_published_effect_size_per_SD_for_both_shipped_scores_in_details_and_texts()
    {
        var plan = Contribute(KnowledgeCatalog.Embedded());
        var raw = Assert.Single(plan.Findings, f => f.Id == "prs:PGS000001");
        Assert.Equal("no published effect size per SD", raw.Details["effectPerSd"]);
        Assert.Equal("not assessed: no published effect size per SD", raw.Details["relativeToMean"]);
        Assert.Contains("Effect per SD: no published effect size per SD", Assert.Single(plan.Recommendations, r => r.Id == "prs:PGS000001:inform").ClinicianText, StringComparison.Ordinal);

        var subset = Assert.Single(plan.Findings, f => f.Id == "prs:PGS001229");
        Assert.Equal("not assessed: no published effect size per SD", subset.Details["relativeToMean"]);
        Assert.Contains(subset.Rationale, r => r.Statement == "No relative risk versus the population average: no published effect size per SD");
        var inform = Assert.Single(plan.Recommendations, r => r.Id == "prs:PGS001229:inform");
        Assert.Contains("Relative risk versus the population average not assessed: no published effect size per SD.", inform.ClinicianText, StringComparison.Ordinal);
        Assert.Contains("does not say how much the risk changes as the score goes up", inform.PatientText, StringComparison.Ordinal);
        Assert.Contains("Talk to your doctor", inform.PatientText, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_gives_OR_to_the_power_Z_when_the_reference_entry_publishes_an_OR_per_SD_for_exactly_its_variants()
    {
        // A synthetic knowledge base: the shipped reference entry with an OR per SD of 1.5 declared for its own 885
        // variants (not a published value: it exercises the path a knowledge base carrying one would take).
        var plan = Contribute(CatalogWithReference(orPerSd: 1.5, variantsNumber: 885));
        var f = Assert.Single(plan.Findings, x => x.Id == "prs:PGS001229");
        var z = double.Parse(f.Details["z"], CultureInfo.InvariantCulture);
        Assert.Equal(Math.Exp(z * Math.Log(1.5)), double.Parse(f.Details["relativeToMean"], CultureInfo.InvariantCulture), 12);
        Assert.StartsWith("OR 1.5 per SD (#or_per_sd=1.5 in the scoring-file header of PGS001229 (PGP000244)", f.Details["effectPerSd"], StringComparison.Ordinal);
        Assert.Equal(RelativeRisk.Formula, f.Details["relativeToMeanFormula"]);
        Assert.Contains("not an absolute risk", f.Details["relativeToMeanCaveats"], StringComparison.Ordinal);
        Assert.Contains(f.Rationale, r => r.Kind == RationaleStepKind.Score && r.Statement.StartsWith("Relative to the reference mean: odds ratio", StringComparison.Ordinal));
        Assert.Contains("versus the reference population's average", f.Summary, StringComparison.Ordinal);
        var inform = Assert.Single(plan.Recommendations, r => r.Id == "prs:PGS001229:inform");
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"about {Math.Pow(1.5, z):0.0} times the odds of standing height"), inform.PatientText, StringComparison.Ordinal);
        Assert.Contains("This is not your chance of getting it", inform.PatientText, StringComparison.Ordinal);

        // The same OR declared for the published 51,209-variant score does not apply to the 885-variant subset.
        var withheld = Assert.Single(Contribute(CatalogWithReference(orPerSd: 1.5, variantsNumber: 51209)).Findings, x => x.Id == "prs:PGS001229");
        Assert.StartsWith("not assessed: the published effect per SD is for the full 51209-variant score", withheld.Details["relativeToMean"], StringComparison.Ordinal);
    }

    private static ScoringResult Score(string scoringFile, out ShippedReference reference)
    {
        var dir = TestPaths.TempDir();
        var vcf = Path.Combine(dir, "relative.vcf");
        File.WriteAllText(vcf, Vcf);
        var definition = Read(scoringFile);
        reference = new ShippedReference("TEST", new ShippedScore(definition, null, null, []), "all rows", "synthetic",
            [new PopulationReference("ALL", "synthetic", new ReferenceDistribution(ReferenceSums))], []);
        return PolygenicScorer.Score(vcf, [definition]);
    }

    private static KnowledgeCatalog CatalogWithReference(double orPerSd, long variantsNumber)
    {
        var kb = JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "src", "Precis.Knowledge", "Data", "precis-pgs-reference.kb.json")))!;
        var entry = kb["entries"]!["references"]![0]!;
        entry["orPerSd"] = orPerSd;
        entry["variantsNumber"] = variantsNumber;
        var dir = TestPaths.TempDir();
        File.WriteAllText(Path.Combine(dir, "precis-pgs-reference.kb.json"), kb.ToJsonString());
        return KnowledgeCatalog.Create(dir);
    }

    private static Plan Contribute(KnowledgeCatalog knowledge)
    {
        var vcf = Path.Combine(TestPaths.RepoRoot, "samples", "demo", "demo.germline.vcf");
        var patient = new PatientSummary { Id = "demo" };
        var builder = new PlanBuilder(patient);
        new PolygenicRiskContributor().Contribute(new PlanInputs { Files = [new PlanInput("germline-vcf", vcf)], Knowledge = knowledge, Now = DateTimeOffset.UnixEpoch, Patient = patient },
            builder, new Progress<ProgressUpdate>());
        return builder.Build("precis-test", "0", DateTimeOffset.UnixEpoch);
    }
}

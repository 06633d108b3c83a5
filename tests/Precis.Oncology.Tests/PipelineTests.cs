using System.Text.Json;
using Precis.Core;
using Precis.Oncology.Annotation;
using Precis.Oncology.Knowledge;
using Precis.Oncology.Matching;
using Precis.Oncology.Output;
using Precis.Testing;

namespace Precis.Oncology.Tests;

/// <summary>End to end on the PCGR examples, the LAML cohort and the annotator example, through every output.</summary>
public sealed class PipelineTests
{
    private static readonly OncologyAnnotator Annotator = new(OncologyKnowledge.Embedded());

    [SkippableFact]
    public void PCGR_colorectal_T001_has_BRAF_V600E_at_Tier_I_by_exact_alleles_with_encorafenib_and_cetuximab()
    {
        var vcf = TestPaths.Shared("oncology/pcgr/T001-COAD.grch37.vcf.gz");
        var report = OncologyPipeline.Run(new OncologyRequest { TumourPath = vcf, TumourType = "COADREAD" }, Annotator);
        var sample = Assert.Single(report.Samples);
        Assert.Equal(3317, sample.Variants.Count);
        Assert.Contains("build GRCh37; consequence annotation none", report.InputNotes[0], StringComparison.Ordinal);
        var beacon = sample.Matches.Single(m => m.Evidence.TherapyLabel == "encorafenib + cetuximab");
        Assert.Equal(("Tier IA", Tumours.DiseaseMatch.Exact), (beacon.Tier.AmpLabel, beacon.Disease));
        Assert.Equal([MatchKind.ExactGenomic], beacon.MatchKinds);
        Assert.Equal(140453136, beacon.Hits[0].Variant!.Start);
        var agnostic = sample.Matches.Single(m => m.Evidence.Disease.OncoTree == "_SOLID_" && m.Evidence.BiomarkerText == "BRAF:V600E");
        Assert.Equal(("Tier IIC", Tumours.DiseaseMatch.Other), (agnostic.Tier.AmpLabel, agnostic.Disease)); // the tissue-agnostic label excludes colorectal
        Assert.Equal("7:140453136 A>T (no gene annotation)", beacon.Hits[0].InputLabel);
        Assert.Null(sample.Tmb); // an unannotated VCF cannot say which variants are coding
        Assert.Contains(sample.NotAssessed, n => n.StartsWith("TMB:", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void PCGR_breast_T001_has_PIK3CA_H1047R_and_ERBB2_amplification_at_Tier_I()
    {
        var report = OncologyPipeline.Run(new OncologyRequest
        {
            TumourPath = TestPaths.Shared("oncology/pcgr/T001-BRCA.grch37.vcf.gz"),
            CopyNumberPath = TestPaths.Shared("oncology/pcgr/T001-BRCA.grch37.cna.tsv"),
            FusionsPath = TestPaths.Shared("oncology/pcgr/T001-BRCA.grch37.fusions.tsv"),
            TumourType = "BREAST",
        }, Annotator);
        var s = Assert.Single(report.Samples);
        Assert.Equal(196, s.Variants.Count);
        Assert.Contains(s.Matches, m => m.Evidence.TherapyLabel == "alpelisib + fulvestrant" && m.Tier.AmpLabel == "Tier IA" && m.Hits[0].Variant!.Start == 178952085);
        var erbb2 = s.Matches.Single(m => m.Evidence.TherapyLabel == "trastuzumab" && m.Evidence.Disease.OncoTree == "BREAST");
        Assert.Equal(("Tier IA", "ERBB2 Amplification (CN 9)"), (erbb2.Tier.AmpLabel, erbb2.Hits[0].InputLabel));
        Assert.DoesNotContain(s.NotAssessed, n => n.StartsWith("copy number", StringComparison.Ordinal));

        // The same tumour on GRCh38 gives the same Tier I biomarkers.
        var grch38 = OncologyPipeline.Run(new OncologyRequest
        {
            TumourPath = TestPaths.Shared("oncology/pcgr/T001-BRCA.grch38.vcf.gz"),
            CopyNumberPath = TestPaths.Shared("oncology/pcgr/T001-BRCA.grch38.cna.tsv"),
            TumourType = "BREAST",
        }, Annotator).Samples[0];
        Assert.Equal(
            s.Matches.Where(m => m.Tier.AmpTier == "Tier I" && m.Evidence.BiomarkerText != "BCR::ABL1").Select(m => m.Evidence.Id).Where(id => grch38.Matches.Any(g => g.Evidence.Id == id) || !s.Matches.Single(x => x.Evidence.Id == id).Hits.Any(h => h.Fusion is not null)).Order(StringComparer.Ordinal),
            grch38.Matches.Where(m => m.Tier.AmpTier == "Tier I").Select(m => m.Evidence.Id).Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public void The_TCGA_LAML_cohort_summary_gives_193_samples_and_median_TMB_0_18()
    {
        var report = OncologyPipeline.Run(new OncologyRequest { TumourPath = TestPaths.Shared("oncology/maftools/tcga_laml.maf.gz"), TumourType = "AML" }, Annotator);
        Assert.Equal(193, report.Samples.Count);
        var json = JsonSerializer.Serialize(OncologyWriters.ToDocument(report));
        using var doc = JsonDocument.Parse(json);
        var cohort = doc.RootElement.GetProperty("cohort");
        Assert.Equal(193, cohort.GetProperty("samples").GetInt32());
        Assert.Equal(1732, cohort.GetProperty("nonSynonymous").GetInt32());
        Assert.Equal(1241, cohort.GetProperty("genesMutated").GetInt32());
        Assert.Equal(0.18, cohort.GetProperty("medianTmbPerMegabase").GetDouble(), 9);

        // Non-standard notations meet their biomarkers: IDH2 R140Q (enasidenib), IDH1 R132C/H (ivosidenib), the FLT3 ITD insertion.
        var all = report.Samples.SelectMany(s => s.Matches).ToList();
        var enasidenib = all.Where(m => m.Evidence.Therapies.Contains("enasidenib")).SelectMany(m => m.Hits).Select(h => h.Variant!).ToList();
        Assert.Equal(16, enasidenib.Count(v => v.Protein!.Text == "R140Q"));
        Assert.Equal(3, enasidenib.Count(v => v.Protein!.Text == "R172K"));
        Assert.Equal(20, enasidenib.Count); // every IDH2 row of the MAF: R140Q x16, R140L, R172K x3
        Assert.Contains(all, m => m.Evidence.Therapies.Contains("ivosidenib") && m.Hits[0].Variant!.Protein!.Text is "R132C" or "R132H");
        Assert.Contains(all, m => m.Evidence.Therapies.Contains("quizartinib") && m.Hits[0].Variant!.Protein!.Text == "599_600insDFREYEY");
        Assert.Contains(all, m => m.Evidence.Type == EvidenceType.Prognostic && m.Hits[0].Variant!.Protein!.Text == "WQ288fs" && m.Tier.OncoKbStyle == "Px2");
    }

    [SkippableFact]
    public void The_annotator_example_MAF_with_its_clinical_file_annotates_each_sample_in_its_own_tumour_type()
    {
        var clinical = File.ReadAllLines(TestPaths.Shared("oncology/oncokb-annotator/example_clinical.txt")).Skip(1)
            .Select(l => l.Split('\t')).ToDictionary(f => f[0], f => f[1], StringComparer.Ordinal);
        var report = OncologyPipeline.Run(new OncologyRequest
        {
            TumourPath = TestPaths.Shared("oncology/oncokb-annotator/example_maf.txt"),
            SampleTumourTypes = clinical,
            CopyNumberPath = TestPaths.Shared("oncology/oncokb-annotator/example_cna.txt"),
            FusionsPath = TestPaths.Shared("oncology/oncokb-annotator/example_fusions.txt"),
        }, Annotator);
        var luad = report.Samples.Single(s => s.Sample == "TCGA-05-4417-01");
        Assert.Equal("LUAD", luad.TumourType);
        var kras = luad.Matches.Where(m => m.Evidence.Therapies.SequenceEqual(["sotorasib"])).ToList();
        Assert.Single(kras);
        Assert.Equal(2, kras[0].Hits.Count); // both KRAS G12C rows: the SNV and the delins, same protein change
        Assert.Contains(luad.Matches, m => m.Evidence.Therapies.Contains("osimertinib") && m.Hits[0].Variant!.Protein!.Text == "T790M");
        Assert.Contains(luad.Matches, m => m.Evidence.Therapies.Contains("alectinib") && m.Hits[0].Fusion!.AsWritten == "ALK-EML4");
        Assert.Contains(luad.Matches, m => m.Evidence.Therapies.Contains("trastuzumab") && m.Tier.AmpLabel == "Tier IIC"); // ERBB2 amp off-label in lung
    }

    [Fact]
    public void Writers_give_a_TSV_row_per_match_and_a_text_report_with_the_disclaimer()
    {
        var report = OncologyPipeline.Run(new OncologyRequest { TumourPath = Path.Combine(TestPaths.RepoRoot, "samples/demo/demo.tumour.maf"), TumourType = "BREAST" }, Annotator);
        var tsv = new StringWriter();
        OncologyWriters.WriteTsv(report, tsv);
        var lines = tsv.ToString().TrimEnd().Split('\n');
        Assert.Equal(string.Join('\t', OncologyWriters.TsvColumns), lines[0]);
        Assert.Equal(report.Samples[0].Matches.Count + 1, lines.Length);
        Assert.All(lines, l => Assert.Equal(OncologyWriters.TsvColumns.Count, l.Split('\t').Length));
        Assert.Contains("\tPIK3CA p.H1047R\t", lines[1], StringComparison.Ordinal);
        var text = new StringWriter();
        OncologyWriters.WriteText(report, text);
        Assert.Contains("TMB: 0.28 mut/Mb", text.ToString(), StringComparison.Ordinal);
        Assert.Contains(Disclaimers.ResearchUse, text.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_tumour_type_that_is_not_an_OncoTree_code_is_refused()
    {
        var ex = Assert.Throws<InputException>(() => OncologyPipeline.Run(new OncologyRequest { TumourPath = Path.Combine(TestPaths.RepoRoot, "samples/demo/demo.tumour.maf"), TumourType = "breast cancer" }, Annotator));
        Assert.Equal("--tumour-type: 'breast cancer' is not an OncoTree code (letters, digits and '_') (hint: e.g. LUAD, BRCA, COADREAD, AML)", ex.Message);
    }
}

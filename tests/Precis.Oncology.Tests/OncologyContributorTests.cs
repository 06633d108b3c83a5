using Precis.Core;
using Precis.Knowledge;
using Precis.Oncology.Knowledge;
using Precis.Plans;
using Precis.Testing;

namespace Precis.Oncology.Tests;

/// <summary>The oncology section of the plan for the demo patient (breast tumour MAF + FHIR record).</summary>
public sealed class OncologyContributorTests
{
    private static readonly string Demo = Path.Combine(TestPaths.RepoRoot, "samples", "demo");

    private static Plan Compose(params PlanInput[] files) =>
        PlanComposer.Compose(files, KnowledgeCatalog.Embedded(), new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero), "precis", "test",
            new Progress<ProgressUpdate>(), [new OncologyContributor()]);

    [Fact]
    public void The_demo_breast_tumour_gives_PIK3CA_H1047R_at_Tier_IA_with_cited_therapy_recommendations()
    {
        var plan = Compose(new PlanInput("fhir-bundle", Path.Combine(Demo, "demo.fhir.json")), new PlanInput("tumour-maf", Path.Combine(Demo, "demo.tumour.maf")));
        var section = plan.Sections.Single(s => s.Id == "oncology");
        Assert.Equal(SectionStatus.Available, section.Status);
        Assert.Contains("tumour type BREAST (record condition 'Malignant neoplasm of breast' mapped to OncoTree BREAST by SNOMED CT 254837009 / name", section.Message, StringComparison.Ordinal);

        var pik3ca = plan.Findings.Single(f => f.Subject == "PIK3CA p.H1047R");
        Assert.Equal("Tier IA", pik3ca.Details["ampTier"]);
        Assert.Equal("ExactGenomic,Hgvsc,ProteinChange", pik3ca.Details["matchKinds"]);

        var alpelisib = plan.Recommendations.Single(r => r.Subject.Name == "alpelisib + fulvestrant");
        Assert.Equal(RecommendationAction.Consider, alpelisib.Action);
        Assert.Equal(RecommendationStrength.Strong, alpelisib.Strength);
        Assert.Equal(new EvidenceLevel(EvidenceScheme.AmpAscoCap, "Tier I (level A)", Tiering.Tiering.LevelMeaning('A')), alpelisib.Evidence);
        Assert.Equal(OncologyKnowledge.BiomarkersId, alpelisib.Source.KnowledgeBaseId);
        Assert.Contains(alpelisib.Citations, c => c.Id == "fda:alpelisib");
        Assert.Equal([pik3ca.Id], alpelisib.FindingIds);
        Assert.Equal(
            [RationaleStepKind.InputData, RationaleStepKind.Call, RationaleStepKind.Biomarker, RationaleStepKind.Rule, RationaleStepKind.Action],
            alpelisib.Rationale.Select(r => r.Kind));
        Assert.StartsWith("demo.tumour.maf line 3: PIK3CA p.H1047R c.3140A>G (ENST00000263967) 3:179234297 A>G, Missense_Mutation, VAF 0.38 (54/143 reads)", alpelisib.Rationale[0].Statement, StringComparison.Ordinal);

        var tmb = plan.Findings.Single(f => f.Id.EndsWith(":tmb", StringComparison.Ordinal));
        Assert.Equal("14", tmb.Details["mutations"]);
        Assert.Equal("50", tmb.Details["callableMegabases"]);
        Assert.Contains(tmb.Quality, q => q.Code == "tmb-denominator-default");

        Assert.Contains(plan.NotAssessed, n => n.Area == "oncology" && n.Subject == "copy number");
        Assert.Contains(plan.NotAssessed, n => n.Area == "oncology" && n.Subject == "fusions");
        Assert.DoesNotContain(plan.Recommendations, r => r.Subject.Name.Contains("TP53", StringComparison.Ordinal));
        Assert.Contains(plan.Findings, f => f.Summary.Contains("13 Tier III", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_a_record_the_tumour_type_is_uncertain_and_matches_are_off_label_trials()
    {
        var plan = Compose(new PlanInput("tumour-maf", Path.Combine(Demo, "demo.tumour.maf")));
        Assert.Contains(plan.NotAssessed, n => n.Subject == "Tumour type" && n.Reason.StartsWith("tumour type uncertain: the record has no active condition", StringComparison.Ordinal));
        var alpelisib = plan.Recommendations.Single(r => r.Subject.Name == "alpelisib + fulvestrant");
        Assert.Equal((RecommendationAction.ConsiderTrial, "Tier II (level C)"), (alpelisib.Action, alpelisib.Evidence.Level));
    }

    [Fact]
    public void Without_a_tumour_file_the_section_says_no_input()
    {
        var plan = Compose(new PlanInput("fhir-bundle", Path.Combine(Demo, "demo.fhir.json")));
        Assert.Equal(SectionStatus.NoInput, plan.Sections.Single(s => s.Id == "oncology").Status);
        Assert.Contains(plan.NotAssessed, n => n.Area == "oncology" && n.Reason == "No tumour MAF or VCF was given.");
    }

    [Fact]
    public void The_tumour_type_mapping_refuses_to_guess_between_two_cancers()
    {
        var kb = OncologyKnowledge.Embedded();
        var (code, mapping) = OncologyContributor.TumourType(new PatientSummary { Id = "p", ActiveConditions = ["Malignant neoplasm of breast", "Non-small cell lung cancer (disorder)"] }, kb);
        Assert.Null(code);
        Assert.StartsWith("tumour type uncertain: conditions map to several OncoTree codes", mapping, StringComparison.Ordinal);
    }
}

using System.Globalization;
using Precis.Core;
using Precis.Plans.Reasoning;
using Precis.Reporting;

namespace Precis.Plans.Tests;

public class DemoPlanTests(DemoPlanFixture demo) : IClassFixture<DemoPlanFixture>
{
    private Plan Plan => demo.Plan;

    [Fact]
    public void The_first_two_actions_are_the_clopidogrel_and_simvastatin_conflicts_naming_their_medication_requests()
    {
        var first = Plan.Recommendations[0];
        var second = Plan.Recommendations[1];

        Assert.Equal("conflict:clopidogrel:CYP2C19", first.Id);
        Assert.Equal(RecommendationAction.UseAlternative, first.Action);
        Assert.Equal(RecommendationStrength.Strong, first.Strength);
        Assert.StartsWith("Conflict with a current medication: currently prescribed clopidogrel (MedicationRequest/medicationrequest-008); CYP2C19 Poor Metabolizer → use an alternative (CPIC strong)", first.ClinicianText, StringComparison.Ordinal);
        Assert.Contains(first.Rationale, s => s.Kind == RationaleStepKind.InputData && s.Statement.StartsWith("currently prescribed: MedicationRequest/medicationrequest-008 'Clopidogrel 75 MG Oral Tablet' (RxNorm:309362", StringComparison.Ordinal));
        Assert.Equal(["prasugrel", "ticagrelor", "ticlopidine"], first.Alternatives);
        Assert.Equal("conflict:simvastatin:SLCO1B1", second.Id);
        Assert.Contains("MedicationRequest/medicationrequest-009", second.ClinicianText, StringComparison.Ordinal);
        Assert.Equal(["pgx:SLCO1B1:phenotype"], second.FindingIds);
    }

    [Fact]
    public void Each_drug_gene_conflict_lists_its_guideline_recommendations_and_record_entries_present_in_the_bundle()
    {
        var ids = BundleIds.Of(demo.BundlePath);
        var conflicts = Plan.Conflicts.Where(c => c.Kind == "drug-gene").ToList();

        Assert.Equal(["clopidogrel — CYP2C19", "simvastatin — SLCO1B1"], conflicts.Select(c => c.Subject));
        Assert.Equal(["conflict:clopidogrel:CYP2C19", "pgx:clopidogrel:cpic:PA166297572", "pgx:clopidogrel:cpic:PA166297582", "pgx:clopidogrel:cpic:PA166297590", "pgx:clopidogrel:dpwg:PA166299211"], conflicts[0].RecommendationIds);
        Assert.All(conflicts, c => Assert.Equal(RecommendationAction.UseAlternative, c.Action));
        Assert.All(conflicts.SelectMany(c => c.RecordEntries!), r => Assert.Contains(r, ids));
        Assert.All(conflicts.SelectMany(c => c.RecommendationIds), id => Assert.Contains(Plan.Recommendations, r => r.Id == id));
    }

    [Fact]
    public void No_action_lacks_a_citation_a_source_or_a_rationale()
    {
        Assert.All(Plan.Recommendations, r =>
        {
            Assert.NotEmpty(r.Citations);
            Assert.NotEmpty(r.Rationale);
            Assert.False(string.IsNullOrEmpty(r.Source.KnowledgeBaseId));
            Assert.Contains(Plan.Provenance.Knowledge, k => k.Id == r.Source.KnowledgeBaseId && k.Version == r.Source.KnowledgeBaseVersion);
        });
        Assert.All(Plan.Schedule, s => Assert.NotEmpty(s.Citations));
    }

    [Fact]
    public void Every_cross_engine_action_names_the_record_entries_or_findings_it_used_and_they_exist()
    {
        var ids = BundleIds.Of(demo.BundlePath);
        var findings = Plan.Findings.Select(f => f.Id).ToHashSet();
        var reasoning = Plan.Recommendations.Where(r => r.Engine == ReasoningContext.Engine).ToList();

        Assert.True(reasoning.Count >= 7, $"expected the reasoning stage's actions, got {reasoning.Count}");
        foreach (var r in reasoning)
        {
            var refs = r.Rationale.SelectMany(s => BundleIds.ReferencesIn(s.Statement)).ToList();
            Assert.True(refs.Count > 0 || r.FindingIds.Count > 0, $"{r.Id} names neither a record entry nor a finding");
            Assert.All(refs, x => Assert.Contains(x, ids));
            Assert.All(r.FindingIds, f => Assert.Contains(f, findings));
        }
    }

    [Fact]
    public void The_demo_shows_a_tumour_therapy_a_polygenic_score_and_cgm_monitoring_each_traceable_to_a_source()
    {
        var tumour = Plan.Recommendations.First(r => r.Engine == "oncology" && r.Action == RecommendationAction.Consider);
        var prs = Plan.Findings.Single(f => f.Id == "prs:PGS000001");
        var cgm = Plan.Findings.Single(f => f.Id == "monitoring:cgm");

        Assert.Equal("alpelisib + fulvestrant", tumour.Subject.Name);
        Assert.NotEmpty(tumour.Citations);
        Assert.NotEmpty(prs.Citations);
        Assert.NotEmpty(cgm.Citations);
        Assert.Contains(Plan.Recommendations, r => r.Id == "interaction:alpelisib-diabetes" && r.Rationale.Any(s => s.Statement.Contains("Condition/condition-005", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_demo_shows_a_clinical_risk_and_a_monitoring_alert_ranked_and_traceable_to_their_sources()
    {
        var ids = BundleIds.Of(demo.BundlePath);
        var ranked = Plan.Recommendations.Select(r => r.Id).ToList();
        var risk = Plan.Findings.Single(f => f.Id == "prediction:cha2ds2vasc");
        var anticoagulation = Plan.Recommendations.Single(r => r.Id == "prevention:anticoagulation");
        var tir = Plan.Recommendations.Single(r => r.Id == "monitoring:cgm:tir");

        Assert.Equal("CHA2DS2-VASc: 4 points — Stroke-risk score in atrial fibrillation (0–9 points)", risk.Summary);
        Assert.Equal(RecommendationAction.Consider, anticoagulation.Action);
        Assert.Equal(("ACC/AHA Class 1, LOE A", "af-stroke-prevention"), (anticoagulation.Evidence.Level, anticoagulation.Source.EntryId));
        Assert.Equal(["acc-aha-2023-af", "lip-2010"], anticoagulation.Citations.Select(c => c.Id));
        Assert.Equal(["prediction:cha2ds2vasc"], anticoagulation.FindingIds);
        var refs = anticoagulation.Rationale.SelectMany(s => BundleIds.ReferencesIn(s.Statement)).ToList();
        Assert.Contains("Condition/condition-036", refs);               // atrial fibrillation
        Assert.Contains("MedicationRequest/medicationrequest-008", refs); // clopidogrel: the combination caveat
        Assert.All(refs, r => Assert.Contains(r, ids));
        Assert.Contains("anticoagulant monotherapy over the combination", anticoagulation.ClinicianText, StringComparison.Ordinal);

        Assert.Equal(RecommendationAction.Monitor, tir.Action);
        Assert.StartsWith("Time in range 70–180 mg/dL is 67.7 % (consensus target > 70 %)", tir.ClinicianText, StringComparison.Ordinal);
        Assert.Contains(tir.Citations, c => c.Id == "battelino-2019");
        Assert.Contains(Plan.Recommendations, r => r.Id == "monitoring:cgm:tar180");

        // Ranked: the conflicts first, the consider actions before the monitor ones.
        Assert.True(ranked.IndexOf("conflict:simvastatin:SLCO1B1") < ranked.IndexOf("prevention:anticoagulation"));
        Assert.True(ranked.IndexOf("prevention:anticoagulation") < ranked.IndexOf("monitoring:cgm:tir"));
        Assert.Equal(PlanBuilder.Rank(Plan.Recommendations).Select(r => r.Id), ranked);
    }

    [Fact]
    public void The_waterfall_draws_the_points_of_the_demo_patients_cha2ds2_vasc()
    {
        var figure = Plan.Figures.Single(f => f.Kind == "waterfall");
        var html = PlanHtml.Render(Plan);

        Assert.Equal("figure:waterfall:prediction:cha2ds2vasc", figure.Id);
        Assert.Equal(4, figure.Points[^1].Value);
        Assert.DoesNotContain("Explanation waterfall: not shown", html, StringComparison.Ordinal);
        Assert.Contains("CHA2DS2-VASc: what makes up the score", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_statin_action_asks_for_high_intensity_for_clinical_ascvd_and_gives_the_cpic_limits_for_slco1b1()
    {
        var statin = Plan.Recommendations.Single(r => r.Id == "prevention:statin");

        Assert.Equal(RecommendationAction.Consider, statin.Action);
        Assert.Equal("high-intensity statin", statin.Subject.Name);
        Assert.Equal("ACC/AHA Class I, LOE A", statin.Evidence.Level);
        Assert.Equal(new SourceReference("precis-plan-rules", "2026.12.0", "secondary-prevention", "2018 AHA/ACC/AACVPR/AAPA/ABC/ACPM/ADA/AGS/APhA/ASPC/NLA/PCNA Guideline on the Management of Blood Cholesterol (Grundy SM et al.)"), statin.Source);
        Assert.StartsWith("atorvastatin 40–80 mg (high intensity): CPIC moderate, prescribe ≤40mg as a starting dose", statin.Alternatives[0], StringComparison.Ordinal);
        Assert.StartsWith("rosuvastatin 20–40 mg (high intensity): CPIC strong", statin.Alternatives[1], StringComparison.Ordinal);
        Assert.Contains("ABCG2 not tested", statin.Alternatives[1], StringComparison.Ordinal);
        Assert.Contains(statin.Rationale, s => s.Statement.StartsWith("clinical ASCVD: active condition Condition/", StringComparison.Ordinal));
        Assert.Contains(statin.Rationale, s => s.Statement == "statin intensity (ACC/AHA 2018 table): current Simvastatin 20 MG Oral Tablet is moderate intensity");
    }

    [Fact]
    public void Simvastatin_with_amlodipine_is_a_monitor_action_at_the_20_mg_label_limit()
    {
        var r = Plan.Recommendations.Single(r => r.Id == "interaction:simvastatin-amlodipine-ranolazine:simvastatin+amlodipine");

        Assert.Equal(RecommendationAction.Monitor, r.Action);
        Assert.EndsWith("current simvastatin 20 mg is within the 20 mg limit — do not increase above it.", r.ClinicianText, StringComparison.Ordinal);
        Assert.Equal("fda-dsc-simvastatin-2011", r.Citations.Single().Id);
        Assert.DoesNotContain(Plan.Conflicts, c => c.Kind == "drug-drug");
    }

    [Fact]
    public void The_monitoring_schedule_names_what_how_often_why_and_the_record_entries()
    {
        var hba1c = Plan.Schedule.Single(s => s.What == "HbA1c");
        var lipids = Plan.Schedule.Single(s => s.What == "Lipid panel (LDL cholesterol)");

        Assert.Equal("Diabetes mellitus type 2 (Condition/condition-005); latest HbA1c 7.1 % on 2026-10-08 (Observation/observation-022)", hba1c.Why);
        Assert.Equal("every 3 months when above goal or after a therapy change; at least twice a year when at goal", hba1c.Frequency);
        Assert.Equal("hba1c-diabetes", hba1c.Source.EntryId);
        Assert.Equal(["prevention:statin", "conflict:simvastatin:SLCO1B1"], lipids.RecommendationIds);
        Assert.Contains(Plan.Schedule, s => s.What == "Muscle symptoms (and CK if symptomatic)" && s.FindingIds.SequenceEqual(["pgx:SLCO1B1:phenotype"]));
        Assert.Contains(Plan.Schedule, s => s.What == "eGFR (kidney function)" && s.Why.Contains("MedicationRequest/medicationrequest-010", StringComparison.Ordinal));
    }

    [Fact]
    public void The_not_assessed_list_names_missing_positions_no_guideline_and_a_model_outside_its_population()
    {
        Assert.Contains(Plan.NotAssessed, n => n.Area == "pharmacogenomics" && n.Subject == "CYP3A5" && n.Reason == "none of the gene's defining positions is in the input");
        Assert.Contains(Plan.NotAssessed, n => n.Subject == "metformin" && n.Reason.StartsWith("no CPIC or DPWG guideline", StringComparison.Ordinal));
        Assert.Contains(Plan.NotAssessed, n => n.Area == "prediction" && n.Reason.Contains("primary prevention", StringComparison.Ordinal));
        Assert.Contains(Plan.NotAssessed, n => n.Area == "plan" && n.Subject == "Drug interactions beyond the Precis table");
        Assert.DoesNotContain(Plan.NotAssessed, n => n.Area == "knowledge");
    }

    [Fact]
    public void The_activity_score_figure_has_one_bar_per_gene_with_an_activity_score()
    {
        var f = Plan.Figures.Single(x => x.Kind == "activity-bars");

        Assert.Equal(["CYP2C9 (Intermediate Metabolizer)", "DPYD (Normal Metabolizer)"], f.Points.Select(p => p.Label));
        Assert.Equal([1.0, 2.0], f.Points.Select(p => p.Value));
        Assert.Equal(["pgx:CYP2C9:phenotype", "pgx:DPYD:phenotype"], f.FindingIds);
    }

    [Fact]
    public void The_cgm_daily_profile_equals_medians_and_quartiles_computed_from_the_csv_by_hour()
    {
        var byHour = File.ReadLines(demo.Files.Single(f => f.Role == "wearable-csv").Path).Skip(1)
            .Select(l => l.Split(','))
            .Where(c => c[1] == "glucose")
            .GroupBy(c => DateTimeOffset.Parse(c[0], CultureInfo.InvariantCulture).Hour)
            .ToDictionary(g => g.Key, g => g.Select(c => double.Parse(c[2], CultureInfo.InvariantCulture)).Order().ToArray());
        var profile = Plan.Figures.Single(x => x.Kind == "daily-profile");

        Assert.Equal(24, profile.Points.Count);
        foreach (var p in profile.Points)
        {
            var v = byHour[int.Parse(p.Label[..2], CultureInfo.InvariantCulture)];
            var mid = v.Length % 2 == 1 ? v[v.Length / 2] : (v[(v.Length / 2) - 1] + v[v.Length / 2]) / 2;
            Assert.Equal(mid, p.Value, 6);
            Assert.True(p.Low <= p.Value && p.Value <= p.High, $"{p.Label}: quartiles {p.Low}–{p.High} do not bracket the median {p.Value}");
        }
    }

    [Fact]
    public void The_plan_validates_against_the_published_schema_and_reads_back_unchanged()
    {
        var json = PlanJson.Serialize(Plan);

        Assert.Empty(new JsonSchemaValidator(PlanJson.Schema()).Validate(json));
        Assert.Equal(json, PlanJson.Serialize(PlanJson.Deserialize(json)));
    }
}

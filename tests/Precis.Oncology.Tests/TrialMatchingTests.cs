using System.Text.Json.Nodes;
using Precis.Core;
using Precis.Oncology.Trials;
using Precis.Oncology.Tumours;
using Precis.Testing;

namespace Precis.Oncology.Tests;

/// <summary>CTML trial matching: MatchMiner's match trees and DNF paths reproduced, trial documents read, patients evaluated.</summary>
public sealed class TrialMatchingTests
{
    private static readonly string[] BooleanCases =
        ["and_and_and.json", "and_and_or.json", "and_or_and.json", "and_or_or.json", "or_and_and.json", "or_and_or.json", "or_or_and.json", "or_or_or.json", "all_cases.json"];

    private static readonly DateOnly AsOf = new(2026, 11, 22);

    private static JsonNode Load(string relative) => JsonNode.Parse(File.ReadAllText(TestPaths.Shared("oncology/matchengine-v2/" + relative)))!;

    [SkippableFact]
    public void Every_MatchMiner_boolean_case_builds_exactly_the_expected_match_tree()
    {
        var expected = Load("create_match_tree_expected.json").AsObject();
        Assert.Equal(BooleanCases.Order(), expected.Select(p => p.Key).Order());
        foreach (var name in BooleanCases)
        {
            var tree = MatchTree.Build(new JsonArray(Load("ctml_boolean_cases/" + name)));
            var mine = tree.ToJson();
            var want = expected[name]!.AsObject();
            // Nodes one by one first, so a failure names the node; then the whole document (edges, degrees).
            foreach (var (id, node) in want["nodes"]!.AsObject())
                Assert.True(JsonNode.DeepEquals(node, mine["nodes"]![id]), $"{name} node {id}: expected {node!.ToJsonString()}, got {mine["nodes"]![id]?.ToJsonString()}");
            Assert.Equal(want["nodes"]!.AsObject().Count, mine["nodes"]!.AsObject().Count);
            Assert.Equal(want["edges"]!.ToJsonString(), mine["edges"]!.ToJsonString());
            Assert.Equal(want["in_degree"]!.ToJsonString(), mine["in_degree"]!.ToJsonString());
            Assert.Equal(want["out_degree"]!.ToJsonString(), mine["out_degree"]!.ToJsonString());
        }
    }

    [SkippableFact]
    public void Every_MatchMiner_boolean_case_yields_exactly_the_expected_paths_in_the_expected_order()
    {
        var expected = Load("get_match_paths_expected.json").AsObject();
        var total = 0;
        foreach (var name in BooleanCases)
        {
            var paths = MatchTree.Build(new JsonArray(Load("ctml_boolean_cases/" + name))).Paths();
            var want = expected[name]!.AsArray();
            Assert.Equal(want.Count, paths.Count);
            Assert.True(JsonNode.DeepEquals(want, MatchTree.PathsToJson(paths)), $"{name}: paths differ");
            total += paths.Count;
        }

        Assert.Equal(194 + 2 + 6 + 4 + 4 + 1 + 3 + 3 + 5, total);
    }

    [Fact]
    public void A_conjunction_with_two_ors_takes_one_branch_of_each()
    {
        var clause = JsonNode.Parse("""[{"and":[{"clinical":{"gender":"Female"}},{"or":[{"genomic":{"hugo_symbol":"A"}},{"genomic":{"hugo_symbol":"B"}}]},{"or":[{"genomic":{"hugo_symbol":"C"}},{"genomic":{"hugo_symbol":"D"}}]}]}]""")!.AsArray();
        var paths = MatchTree.Build(clause).Paths();
        var genes = paths.Select(p => string.Join("+", p.Leaves.Select(l => l["genomic"]?["hugo_symbol"]?.GetValue<string>()).Where(g => g is not null))).ToList();
        Assert.Equal(4, paths.Count);
        Assert.Equal(["B+D", "A+D", "B+C", "A+C"], genes);
        Assert.All(paths, p => Assert.Equal("Female", p.Leaves.First()["clinical"]!["gender"]!.GetValue<string>()));
    }

    [SkippableFact]
    public void The_JSON_and_YAML_copies_of_trial_11_112_read_to_the_same_match_clauses()
    {
        var json = Assert.Single(CtmlReader.Read(TestPaths.Shared("oncology/matchengine-v2/trials/11-112.json")));
        var yaml = Assert.Single(CtmlReader.Read(TestPaths.Shared("oncology/matchengine-v2/yaml/11-112.yaml")));
        Assert.Equal("11-112", yaml.ProtocolNo);
        Assert.Equal(json.Sites.Count, yaml.Sites.Count);
        Assert.Equal(["ARM1", "ARM2"], yaml.Sites.Select(s => s.ArmCode));
        for (var i = 0; i < json.Sites.Count; i++)
            Assert.True(JsonNode.DeepEquals(json.Sites[i].Match, yaml.Sites[i].Match), $"site {i} differs between JSON and YAML");
        Assert.Equal("!Mutation", yaml.Sites[1].Match[0]!["and"]![0]!["genomic"]!["variant_category"]!.GetValue<string>());
    }

    [SkippableFact]
    public void Trial_files_holding_several_documents_and_a_directory_of_trials_are_all_read()
    {
        Assert.Equal(2, CtmlReader.Read(TestPaths.Shared("oncology/matchengine-v2/trials/two_trials_one_doc.json")).Count);
        Assert.True(CtmlReader.Read(TestPaths.Shared("oncology/matchengine-v2/trials/trials_json_array.json")).Count > 1);
        var all = CtmlReader.Read(TestPaths.Shared("oncology/matchengine-v2/integration_trials"));
        Assert.Equal(18, all.Select(t => t.Source).Distinct().Count());
        var closed = all.Single(t => Path.GetFileName(t.Source) == "all_closed_trial_closed.json");
        Assert.All(closed.Sites, s => Assert.False(s.Open));
        var dose = all.Single(t => Path.GetFileName(t.Source) == "closed_dose.json");
        Assert.Contains(dose.Sites, s => s.Level == "dose level" && !s.Open && s.Status == "dose level suspended");
    }

    [SkippableFact]
    public void A_malformed_YAML_trial_is_refused_naming_the_file_and_line()
    {
        var path = TestPaths.Shared("oncology/matchminer-engine-v1/00-000.yml");
        var e = Assert.Throws<InputException>(() => CtmlReader.Read(path));
        Assert.Equal(path, e.Error.File);
        Assert.Equal(2, e.Error.Line);
        Assert.StartsWith("not valid CTML YAML", e.Error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_YAML_trial_with_a_complex_mapping_key_is_refused_naming_its_line_and_leading_zero_ids_stay_text()
    {
        var dir = TestPaths.TempDir();
        var bad = Path.Combine(dir, "bad.yml");
        File.WriteAllText(bad, "protocol_no: '1'\n? [a, b]\n: value\n");
        var e = Assert.Throws<InputException>(() => CtmlReader.Read(bad));
        Assert.Equal("line 2: a mapping key must be a plain scalar", e.Error.Reason);
        var good = Path.Combine(dir, "good.yml");
        File.WriteAllText(good, "protocol_no: 00042\ntreatment_list:\n  step:\n  - step_code: 1\n    arm:\n    - arm_code: A\n      match:\n      - genomic:\n          exon: 19\n");
        var trial = Assert.Single(CtmlReader.Read(good));
        Assert.Equal("00042", trial.ProtocolNo);
        Assert.Equal(19, Assert.Single(trial.Sites).Match[0]!["genomic"]!["exon"]!.GetValue<long>());
    }

    [Fact]
    public void A_trial_without_protocol_number_or_with_a_scalar_or_clause_is_refused_with_its_place()
    {
        var noProtocol = JsonNode.Parse("""{"treatment_list":{"step":[]}}""")!.AsObject();
        Assert.Equal("protocol_no", Assert.Throws<InputException>(() => CtmlReader.ToTrial("t.json", noProtocol, "trial 2")).Error.Field);
        Assert.Equal("t", CtmlReader.ToTrial("t.json", noProtocol).ProtocolNo); // a single-trial file: the file name stands in
        var badOr = JsonNode.Parse("""{"protocol_no":"X-1","treatment_list":{"step":[{"step_code":"1","arm":[{"arm_code":"A","match":[{"or":"BRAF"}]}]}]}}""")!.AsObject();
        var e = Assert.Throws<InputException>(() => CtmlReader.ToTrial("t.json", badOr));
        Assert.Equal("treatment_list.step[0].arm[0].match", e.Error.Field);
        Assert.Contains("'or' must hold a list", e.Error.Reason, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void MatchMiner_v1_example_trial_matches_only_the_breast_patient_with_PIK3CA_H1047R_and_says_which_row()
    {
        var v1 = "oncology/matchminer-engine-v1/";
        var trials = CtmlReader.Read(TestPaths.Shared(v1 + "trial.example.yml"));
        var patients = PatientRecords.Read(TestPaths.Shared(v1 + "clinical.example.csv"), TestPaths.Shared(v1 + "genomic.example.csv"));
        Assert.Equal(19, patients.Count);
        var evaluator = new CtmlEvaluator(new CtmlOptions(AsOf, OncoTree.ReadTumourTree(TestPaths.Shared(v1 + "tumor_tree.txt"))));
        var results = patients.Select(p => evaluator.Evaluate(p, trials)).ToList();
        // Only MB-0506 has genomic rows among the clinical samples (checked independently over the two CSVs).
        var matched = Assert.Single(results, r => r.Matches.Count > 0);
        Assert.Equal("BRCA-METABRIC-S1-MB-0506", matched.SampleId);
        var arm = Assert.Single(matched.Matches);
        // Both alternatives hold: TP53 (any mutation, row 37) and PIK3CA p.H1047R (rows 2 and 12, a duplicated row).
        Assert.Equal(("00-000", "A", true, 1, 2, 2), (arm.ProtocolNo, arm.Site.ArmCode, arm.Site.Open, arm.PathNumber, arm.PathCount, arm.MatchedPaths));
        var genomic = arm.Leaves.Where(l => l.Kind == "genomic").ToList();
        Assert.Equal([["genomic.example.csv:37"], ["genomic.example.csv:2", "genomic.example.csv:12"]], genomic.Select(g => g.Rows));
        Assert.Equal("TRUE_HUGO_SYMBOL PIK3CA; variant category MUTATION; TRUE_PROTEIN_CHANGE p.H1047R", genomic[1].Reason);
        var clinical = Assert.Single(arm.Leaves, l => l.Kind == "clinical");
        Assert.Equal("diagnosis Breast Invasive Ductal Carcinoma within Breast; age 64 >=18 on 2026-11-22", clinical.Reason);
    }

    [SkippableFact]
    public void Wildcard_p_V600_matches_substitutions_and_in_frame_indels_at_the_codon_and_the_negated_arm_the_rest()
    {
        var trial = Assert.Single(CtmlReader.Read(TestPaths.Shared("oncology/matchengine-v2/trials/11-112.json")));
        var evaluator = new CtmlEvaluator(new CtmlOptions(AsOf, OncoTree.ReadTumourTree(TestPaths.Shared("oncology/matchminer-engine-v1/tumor_tree.txt"))));
        TrialPatient Patient(string diagnosis, string birth, params string[] changes) => new("S", Row(("SAMPLE_ID", "S"), ("ONCOTREE_PRIMARY_DIAGNOSIS_NAME", diagnosis), ("BIRTH_DATE", birth)),
            changes.Select((c, i) => Row(("SAMPLE_ID", "S"), ("TRUE_HUGO_SYMBOL", "BRAF"), ("TRUE_PROTEIN_CHANGE", c), ("VARIANT_CATEGORY", "MUTATION")) with { Line = i + 2 }).ToList());
        string[] Arms(TrialPatient p) => evaluator.Evaluate(p, [trial]).Matches.Select(m => m.Site.ArmCode!).ToArray();

        Assert.Equal(["ARM1"], Arms(Patient("Melanoma", "1970-01-01", "p.V600E")));
        Assert.Equal(["ARM1"], Arms(Patient("Ocular Melanoma", "1970-01-01", "p.Val600Lys")));
        Assert.Equal(["ARM1"], Arms(Patient("Melanoma", "1970-01-01", "p.V600_K601delinsE")));
        Assert.Equal(["ARM1"], Arms(Patient("Melanoma", "1970-01-01", "p.T599_V600del")));
        Assert.Equal(["ARM2"], Arms(Patient("Melanoma", "1970-01-01", "p.V60E")));      // codon 60 is not codon 600
        Assert.Equal(["ARM2"], Arms(Patient("Melanoma", "1970-01-01", "p.V600=")));     // synonymous does not count
        Assert.Equal(["ARM2"], Arms(Patient("Melanoma", "1970-01-01", "p.G469A")));
        Assert.Empty(Arms(Patient("Melanoma", "2010-01-01", "p.V600E")));                // 16 years old
        Assert.Empty(Arms(Patient("Lung Adenocarcinoma", "1970-01-01", "p.V600E")));     // not a listed diagnosis
        var negated = evaluator.Evaluate(Patient("Melanoma", "1970-01-01", "p.K601E"), [trial]).Matches.Single().Leaves.Single(l => l.Kind == "genomic");
        Assert.True(negated.Negated);
        Assert.Equal("no genomic row has hugo_symbol=BRAF, variant_category=Mutation, wildcard_protein_change=p.V600 (1 row(s) checked)", negated.Reason);
    }

    [SkippableFact]
    public void TMB_alternatives_of_the_MatchMiner_integration_trial_hold_by_their_comparison_and_a_missing_TMB_holds_none()
    {
        var tmb = Assert.Single(CtmlReader.Read(TestPaths.Shared("oncology/matchengine-v2/integration_trials/tmb.json")));
        var evaluator = new CtmlEvaluator(new CtmlOptions(AsOf, OncoTree.ReadTumourTree(TestPaths.Shared("oncology/matchminer-engine-v1/tumor_tree.txt"))));
        TrialPatient WithTmb(string? value) => new("S", Row([("SAMPLE_ID", "S"), ("BIRTH_DATE", "1960-05-01"), .. value is null ? Array.Empty<(string, string)>() : [("TUMOR_MUTATIONAL_BURDEN_PER_MEGABASE", value)]]), []);
        // The arm is an OR of >=10, >15, <=40, <40 and ==40: count by hand how many alternatives each value meets.
        foreach (var (value, alternatives) in new[] { ("40", 4), ("12", 3), ("5", 2), ("45.5", 2) })
        {
            var match = Assert.Single(evaluator.Evaluate(WithTmb(value), [tmb]).Matches);
            Assert.Equal((5, alternatives), (match.PathCount, match.MatchedPaths));
            Assert.Equal(alternatives, match.Leaves.Count);
            Assert.All(match.Leaves, l => Assert.StartsWith($"TMB {value} ", l.Reason, StringComparison.Ordinal));
        }

        Assert.Empty(evaluator.Evaluate(WithTmb(null), [tmb]).Matches); // a missing TMB is never taken as meeting a threshold
    }

    [Fact]
    public void CNV_SV_MMR_and_negated_diagnosis_leaves_compare_the_mapped_patient_fields()
    {
        var tree = new OncoTree([new("BREAST", "Breast", null, "BREAST"), new("IDC", "Breast Invasive Ductal Carcinoma", "BREAST", "BREAST"), new("MYELOID", "Myeloid", null, "MYELOID"), new("AML", "Acute Myeloid Leukemia", "MYELOID", "MYELOID")]);
        var evaluator = new CtmlEvaluator(new CtmlOptions(AsOf, tree));
        var patient = new TrialPatient("P1", Row(("SAMPLE_ID", "P1"), ("ONCOTREE_PRIMARY_DIAGNOSIS_NAME", "Breast Invasive Ductal Carcinoma"), ("BIRTH_DATE", "1980-02-29"), ("GENDER", "Female")),
        [
            Row(("SAMPLE_ID", "P1"), ("TRUE_HUGO_SYMBOL", "ERBB2"), ("VARIANT_CATEGORY", "CNV"), ("CNV_CALL", "High level amplification")) with { Line = 2 },
            Row(("SAMPLE_ID", "P1"), ("TRUE_HUGO_SYMBOL", "EML4"), ("VARIANT_CATEGORY", "SV"), ("FUSION_PARTNER_HUGO_SYMBOL", "ALK")) with { Line = 3 },
            Row(("SAMPLE_ID", "P1"), ("VARIANT_CATEGORY", "SIGNATURE"), ("MMR_STATUS", "Deficient (MMR-D / MSI-H)")) with { Line = 4 },
        ]);
        bool Holds(string leaf) => evaluator.EvaluateClause(patient, JsonNode.Parse("[" + leaf + "]")!.AsArray()) is not null;

        Assert.True(Holds("""{"genomic":{"hugo_symbol":"ERBB2","cnv_call":"High Amplification"}}"""));
        Assert.False(Holds("""{"genomic":{"hugo_symbol":"ERBB2","cnv_call":"Homozygous Deletion"}}"""));
        Assert.True(Holds("""{"genomic":{"hugo_symbol":"ERBB2","cnv_call":"!Homozygous Deletion"}}"""));
        Assert.True(Holds("""{"genomic":{"hugo_symbol":"EML4","variant_category":"Structural Variation","fusion_partner_hugo_symbol":"any_gene"}}"""));
        Assert.False(Holds("""{"genomic":{"hugo_symbol":"EML4","variant_category":"!Structural Variation"}}"""));
        Assert.True(Holds("""{"genomic":{"mmr_status":"MMR-Deficient"}}"""));
        Assert.True(Holds("""{"genomic":{"ms_status":"MSI-H"}}"""));
        Assert.False(Holds("""{"genomic":{"ms_status":"!MSI-H"}}"""));
        Assert.True(Holds("""{"clinical":{"oncotree_primary_diagnosis":"_SOLID_","gender":"Female"}}"""));
        Assert.False(Holds("""{"clinical":{"oncotree_primary_diagnosis":"_LIQUID_"}}"""));
        Assert.True(Holds("""{"clinical":{"oncotree_primary_diagnosis":"!Acute Myeloid Leukemia"}}"""));
        Assert.False(Holds("""{"clinical":{"age_numerical":">=47"}}"""));  // born 29 Feb 1980: 46 on 22 Nov 2026
        Assert.True(Holds("""{"clinical":{"age_numerical":"<47"}}"""));
        Assert.False(Holds("""{"genomic":{"hugo_symbol":"ERBB2","allele_fraction":">0.1"}}""")); // unknown keys never hold
        Assert.True(Holds("""{"clinical":{"disease_status":["Advanced"]}}""")); // ignored as in MatchMiner's configuration
    }

    [SkippableFact]
    public void A_MAF_serves_as_the_genomic_side_and_TCGA_LAML_patients_match_an_IDH2_R140_or_NPM1_arm_as_counted_from_the_MAF()
    {
        var maf = TestPaths.Shared("oncology/maftools/tcga_laml.maf.gz");
        // Count independently: samples with an IDH2 Protein_Change at codon R140, and with any NPM1 row, by plain text.
        var rows = new List<string[]>();
        using (var gz = new System.IO.Compression.GZipStream(File.OpenRead(maf), System.IO.Compression.CompressionMode.Decompress))
        using (var reader = new StreamReader(gz))
        {
            while (reader.ReadLine() is { } line)
                rows.Add(line.Split('\t'));
        }

        var h = rows[0];
        int Col(string name) => Array.IndexOf(h, name);
        var data = rows.Skip(1).ToList();
        var idh2 = data.Where(r => r[Col("Hugo_Symbol")] == "IDH2" && r[Col("Protein_Change")].StartsWith("p.R140", StringComparison.Ordinal) && !char.IsDigit(r[Col("Protein_Change")][6])).Select(r => r[Col("Tumor_Sample_Barcode")]).ToHashSet();
        var npm1 = data.Where(r => r[Col("Hugo_Symbol")] == "NPM1").Select(r => r[Col("Tumor_Sample_Barcode")]).ToHashSet();
        var samples = data.Select(r => r[Col("Tumor_Sample_Barcode")]).Distinct().ToList();
        Assert.Equal(193, samples.Count);

        var dir = Directory.CreateTempSubdirectory("precis-ctml-");
        try
        {
            var clinical = Path.Combine(dir.FullName, "clinical.tsv");
            File.WriteAllLines(clinical, ["SAMPLE_ID\tONCOTREE_PRIMARY_DIAGNOSIS_NAME\tBIRTH_DATE", .. samples.Select(s => $"{s}\tAcute Myeloid Leukemia\t1960-01-01")]);
            var trial = CtmlReader.ToTrial("synthetic.json", JsonNode.Parse("""
                {"protocol_no":"SYN-AML-1","status":"Open to Accrual","treatment_list":{"step":[{"step_code":"1","arm":[
                  {"arm_code":"IDH2","arm_suspended":"N","match":[{"and":[{"clinical":{"oncotree_primary_diagnosis":"_LIQUID_","age_numerical":">=18"}},{"genomic":{"hugo_symbol":"IDH2","wildcard_protein_change":"p.R140"}}]}]},
                  {"arm_code":"NPM1-WT","arm_suspended":"N","match":[{"and":[{"clinical":{"oncotree_primary_diagnosis":"Acute Myeloid Leukemia"}},{"genomic":{"hugo_symbol":"NPM1","variant_category":"!Mutation"}}]}]}]}]}}
                """)!.AsObject());
            var tree = new OncoTree([new("MYELOID", "Myeloid", null, "MYELOID"), new("AML", "Acute Myeloid Leukemia", "MYELOID", "MYELOID")]);
            var evaluator = new CtmlEvaluator(new CtmlOptions(AsOf, tree));
            var patients = PatientRecords.Read(clinical, maf);
            var results = patients.Select(p => evaluator.Evaluate(p, [trial])).ToList();
            Assert.Equal(idh2.Order(), results.Where(r => r.Matches.Any(m => m.Site.ArmCode == "IDH2")).Select(r => r.SampleId).Order());
            Assert.Equal(samples.Except(npm1).Order(), results.Where(r => r.Matches.Any(m => m.Site.ArmCode == "NPM1-WT")).Select(r => r.SampleId).Order());
            Assert.Equal(17, idh2.Count); // 16 R140Q (the manifest's count) and one R140L
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void A_clinical_file_naming_a_sample_twice_is_refused_with_the_line()
    {
        var dir = Directory.CreateTempSubdirectory("precis-ctml-");
        try
        {
            var clinical = Path.Combine(dir.FullName, "clinical.csv");
            File.WriteAllText(clinical, "SAMPLE_ID,BIRTH_DATE\nA,1970-01-01\n\"B\",1971-01-01\nA,1972-01-01\n");
            var e = Assert.Throws<InputException>(() => PatientRecords.Read(clinical, null));
            Assert.Equal((4L, "SAMPLE_ID"), (e.Error.Line!.Value, e.Error.Field!));
            Assert.Contains("sample 'A' appears twice", e.Error.Reason, StringComparison.Ordinal);
            File.WriteAllText(clinical, "SAMPLE_ID,BIRTH_DATE\nA,1970-01-01,extra\n");
            Assert.Equal("row has 3 fields, the header has 2", Assert.Throws<InputException>(() => PatientRecords.Read(clinical, null)).Error.Reason);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    private static PatientRow Row(params (string Key, string Value)[] fields) =>
        new("test.csv", 2, fields.ToDictionary(f => f.Key, f => f.Value, StringComparer.OrdinalIgnoreCase));
}

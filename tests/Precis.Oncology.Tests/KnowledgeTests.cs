using Precis.Knowledge;
using Precis.Oncology.Knowledge;
using Precis.Oncology.Tumours;
using Precis.Testing;

namespace Precis.Oncology.Tests;

/// <summary>The embedded curated oncology knowledge: coverage, citations, and agreement with the staged CIViC, CGI and OncoTree files.</summary>
public sealed class KnowledgeTests
{
    private static readonly OncologyKnowledge Kb = OncologyKnowledge.Embedded();

    [Fact]
    public void Every_embedded_evidence_item_cites_at_least_one_source_and_the_base_is_oncology_area()
    {
        Assert.True(Kb.Evidence.Count >= 120);
        Assert.All(Kb.Evidence, e => Assert.NotEmpty(e.Citations));
        Assert.All(Kb.Evidence.Where(e => e.FdaApproved), e => Assert.Contains(e.Citations, c => c.Id.StartsWith("fda:", StringComparison.Ordinal)));
        var source = KnowledgeCatalog.Embedded().Find(OncologyKnowledge.BiomarkersId)!.Source;
        Assert.Equal("CC0-1.0", source.Licence);
        Assert.DoesNotContain("oncokb.org", System.Text.Json.JsonSerializer.Serialize(source.Citations), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("BRAF:V600E", "MEL", "dabrafenib")]
    [InlineData("BRAF:V600E", "NSCLC", "dabrafenib")]
    [InlineData("BRAF:V600E", "COADREAD", "encorafenib")]
    [InlineData("EGFR::consequence::inframe_deletion:729-761", "NSCLC", "osimertinib")]
    [InlineData("EGFR:L858R", "NSCLC", "osimertinib")]
    [InlineData("EGFR:T790M", "NSCLC", "osimertinib")]
    [InlineData("EGFR::consequence::inframe_insertion:762-823", "NSCLC", "amivantamab")]
    [InlineData("ALK__.", "NSCLC", "alectinib")]
    [InlineData("ROS1__.", "NSCLC", "crizotinib")]
    [InlineData("RET__.", "NSCLC", "selpercatinib")]
    [InlineData("NTRK1__.", "_SOLID_", "larotrectinib")]
    [InlineData("KRAS:G12C", "NSCLC", "sotorasib")]
    [InlineData("ERBB2:amp", "BREAST", "trastuzumab")]
    [InlineData("BRCA1:truncating", "OVARY", "olaparib")]
    [InlineData("BRCA2:truncating", "PROSTATE", "olaparib")]
    [InlineData("IDH1:R132.", "AML", "ivosidenib")]
    [InlineData("IDH2:R140.,R172.", "AML", "enasidenib")]
    [InlineData("FLT3::consequence::inframe_insertion:572-603", "AML", "midostaurin")]
    [InlineData("BCR::ABL1", "CML", "imatinib")]
    [InlineData("KIT:D816V", "SM", "avapritinib")]
    [InlineData("MSI-H", "_SOLID_", "pembrolizumab")]
    [InlineData("TMB-H", "_SOLID_", "pembrolizumab")]
    [InlineData("FGFR2__.", "CHOL", "pemigatinib")]
    [InlineData("FGFR3__.", "BLADDER", "erdafitinib")]
    public void The_FDA_companion_biomarkers_are_covered_at_level_A(string biomarker, string oncotree, string drug)
    {
        var hit = Kb.Evidence.Where(e => e.BiomarkerText == biomarker && e.Disease.OncoTree == oncotree && e.Type == EvidenceType.Predictive && e.Therapies[0] == drug).ToList();
        Assert.Single(hit);
        Assert.Equal('A', hit[0].AmpLevel);
        Assert.True(hit[0].FdaApproved);
    }

    [Fact]
    public void PIK3CA_H1047R_in_breast_and_BRCA_in_breast_and_pancreas_are_covered_with_the_germline_caveat()
    {
        Assert.Contains(Kb.Evidence, e => e.Disease.OncoTree == "BREAST" && e.Therapies.Contains("alpelisib") && e.Biomarker.Leaves.Any(l => l.Change?.Text == "H1047R"));
        var germlineOnly = Kb.Evidence.Where(e => e.BiomarkerText.StartsWith("BRCA", StringComparison.Ordinal) && e.Disease.OncoTree is "BREAST" or "PAAD").ToList();
        Assert.Equal(6, germlineOnly.Count);
        Assert.All(germlineOnly, e => Assert.Equal('C', e.AmpLevel));
        Assert.All(germlineOnly, e => Assert.Contains("germline", e.Summary, StringComparison.Ordinal));
    }

    [SkippableFact]
    public void The_OncoTree_subset_agrees_with_the_MatchMiner_tumour_tree()
    {
        var full = OncoTree.ReadTumourTree(TestPaths.Shared("oncology/matchminer-engine-v1/tumor_tree.txt"));
        Assert.True(full.Count > 500);
        foreach (var code in new[] { "LUAD", "NSCLC", "BRCA", "IDC", "COAD", "AML", "GIST", "HGSOC", "GBM" })
        {
            var mine = Kb.Tree.Find(code)!;
            var theirs = full.Find(code)!;
            Assert.Equal(theirs.Parent, mine.Parent);
            Assert.Equal(theirs.Tissue, mine.Tissue);
            Assert.Equal(full.Lineage(code), Kb.Tree.Lineage(code));
        }

        Assert.All(Kb.Evidence.Select(e => e.Disease.OncoTree!).Where(c => !c.StartsWith('_')).Distinct(), c => Assert.NotNull(full.Find(c)));
    }

    [Fact]
    public void Disease_relations_follow_the_OncoTree_hierarchy()
    {
        Assert.Equal(DiseaseMatch.Exact, Kb.Tree.Relate("NSCLC", "NSCLC"));
        Assert.Equal(DiseaseMatch.Ancestor, Kb.Tree.Relate("NSCLC", "LUAD"));
        Assert.Equal(DiseaseMatch.Descendant, Kb.Tree.Relate("BRCA", "BREAST"));
        Assert.Equal(DiseaseMatch.TumourAgnostic, Kb.Tree.Relate("_SOLID_", "COAD"));
        Assert.Equal(DiseaseMatch.Other, Kb.Tree.Relate("_SOLID_", "AML"));
        Assert.Equal(DiseaseMatch.Other, Kb.Tree.Relate("MEL", "LUAD"));
        Assert.Equal(DiseaseMatch.Unknown, Kb.Tree.Relate("NSCLC", null));
    }

    [SkippableFact]
    public void Curated_entries_agree_in_direction_with_the_CGI_table_where_both_name_the_biomarker_and_drug()
    {
        var cgi = CgiImporter.Read(TestPaths.Shared("oncology/cgi/cgi_biomarkers_20170208.tsv"), Kb.CgiToOncoTree);
        Assert.Equal(1034, cgi.Select(c => c.Id.Split('-')[1]).Distinct().Count());
        var compared = 0;
        foreach (var mine in Kb.Evidence.Where(e => e.Type == EvidenceType.Predictive))
        {
            var theirs = cgi.Where(c => c.BiomarkerText == mine.BiomarkerText && c.Direction == EvidenceDirection.Supports
                && c.Therapies.Select(t => t.ToLowerInvariant()).Order(StringComparer.Ordinal).SequenceEqual(mine.Therapies.Order(StringComparer.Ordinal))
                && c.Significance is EvidenceSignificance.Sensitivity or EvidenceSignificance.Resistance).ToList();
            if (theirs.Count == 0)
                continue;
            compared++;
            Assert.True(theirs.Any(t => t.Significance == mine.Significance), $"{mine.Id} {mine.BiomarkerText} {mine.TherapyLabel} {mine.Significance}: CGI says {string.Join(", ", theirs.Select(t => t.Id + " " + t.Significance))}");
        }

        Assert.True(compared >= 10, $"only {compared} overlapping entries");
    }

    [SkippableFact]
    public void Curated_BRAF_V600E_entries_agree_with_CIViC_EID3017_and_AID7()
    {
        var dir = TestPaths.Shared("oncology/civic");
        var civic = CivicImporter.ReadJson(
            new[] { "metakb_civic_eid_3017.json", "metakb_civic_aid_7.json", "metakb_civic_molecular_profile_12.json", "metakb_civic_variant_12.json" }.Select(f => Path.Combine(dir, f)),
            Kb.Regions, Kb.DoidToOncoTree);
        var eid = civic.Single(c => c.Id == "EID3017");
        Assert.Equal("BRAF V600E", eid.BiomarkerText);
        Assert.Equal(("NSCLC", "3908"), (eid.Disease.OncoTree, eid.Disease.Doid));
        Assert.Equal('A', eid.AmpLevel);
        Assert.Equal(["Dabrafenib", "Trametinib"], eid.Therapies.Order(StringComparer.Ordinal));
        Assert.Equal(["GRCh37:7:140453136:A:T"], eid.Biomarker.Leaves.Single().Genomic);
        Assert.Contains("PMID:27283860", eid.Citations.Select(c => c.Id));
        var aid = civic.Single(c => c.Id == "AID7");
        Assert.Equal(("MEL", 'A', true), (aid.Disease.OncoTree, aid.AmpLevel, aid.FdaApproved));

        foreach (var theirs in new[] { eid, aid })
        {
            var mine = Kb.Evidence.Single(e => e.BiomarkerText == "BRAF:V600E" && e.Disease.OncoTree == theirs.Disease.OncoTree && e.Therapies.SequenceEqual(["dabrafenib", "trametinib"]));
            Assert.Equal(theirs.AmpLevel, mine.AmpLevel);
            Assert.Equal(theirs.Significance, mine.Significance);
            Assert.Contains(mine.Citations, c => c.Id == "civic:" + theirs.Id);
            Assert.Equal(theirs.Biomarker.Leaves.Single().Genomic[0], mine.Biomarker.Leaves.Single().Genomic[0]);
        }
    }

    [SkippableFact]
    public void The_harvester_JSON_shape_gives_AID40_gilteritinib_in_AML_at_level_A()
    {
        var dir = TestPaths.Shared("oncology/civic");
        var harvester = Directory.GetFiles(dir, "metakb_harvester_*.json").Order(StringComparer.Ordinal).ToList();
        Assert.Empty(CivicImporter.ReadJson(harvester, Kb.Regions, Kb.DoidToOncoTree)); // EID3017's variant 12 is not in the harvester variants file
        var civic = CivicImporter.ReadJson([.. harvester, Path.Combine(dir, "metakb_civic_variant_12.json")], Kb.Regions, Kb.DoidToOncoTree);
        var eid = civic.Single(c => c.Id == "EID3017");
        Assert.Equal(("NSCLC", 'A', EvidenceSignificance.Sensitivity), (eid.Disease.OncoTree, eid.AmpLevel, eid.Significance));
        Assert.Equal("BRAF V600E", eid.BiomarkerText);
        Assert.DoesNotContain(civic, c => c.Id == "AID40"); // its variant (3232) is not in the staged variants file: not guessed
        var aid = CivicImporter.AssertionLevel("Tier I - Level A");
        Assert.Equal("A", aid);
        Assert.Equal("A", CivicImporter.AssertionLevel("TIER_I_LEVEL_A"));
    }
}

/// <summary>The CIViC ClinicalEvidenceSummaries TSV layout, on a small CC0-style fixture written in the test.</summary>
public sealed class CivicTsvTests
{
    private const string Header = "molecular_profile\tmolecular_profile_id\tdisease\tdoid\tphenotypes\ttherapies\ttherapy_interaction_type\tevidence_type\tevidence_direction\tevidence_level\tsignificance\tevidence_statement\tcitation_id\tsource_type\tasco_abstract_id\tcitation\tnct_ids\trating\tevidence_status\tevidence_id\tvariant_origin\tlast_review_date\tevidence_civic_url\tmolecular_profile_civic_url\tis_flagged";

    private static string Write(params string[] rows)
    {
        var path = Path.Combine(TestPaths.TempDir(), "01-Nov-2026-ClinicalEvidenceSummaries.tsv");
        File.WriteAllText(path, Header + "\n" + string.Join("\n", rows) + "\n");
        return path;
    }

    [Fact]
    public void Rows_become_evidence_with_profiles_diseases_levels_and_citations_and_only_accepted_rows_are_kept()
    {
        var kb = OncologyKnowledge.Embedded();
        var path = Write(
            "EGFR L858R AND NOT EGFR T790M\t4170\tLung Non-small Cell Carcinoma\t3908\t\tErlotinib\t\tPredictive\tSupports\tB\tSensitivity/Response\tstatement\t15118073\tPubMed\t\tLynch et al., 2004\t\t4\taccepted\t879\tSomatic\t\t\t\tfalse",
            "EGFR Exon 19 Deletion\t133\tLung Adenocarcinoma\t3910\t\tGefitinib,Erlotinib\tSubstitutes\tPredictive\tSupports\tA\tSensitivity/Response\ts\t1\tPubMed\t\tx\t\t5\taccepted\t880\tSomatic\t\t\t\tfalse",
            "BRAF V600E\t12\tMelanoma\t1909\t\tVemurafenib\t\tPredictive\tSupports\tE\tSensitivity/Response\ts\t2\tPubMed\t\tx\t\t1\tsubmitted\t881\tSomatic\t\t\t\tfalse");
        var items = CivicImporter.ReadTsv(path, kb.Regions, kb.DoidToOncoTree);
        Assert.Equal(["EID879", "EID880"], items.Select(i => i.Id));
        Assert.Equal("01-Nov-2026", items[0].KnowledgeBaseVersion);
        Assert.Equal("(EGFR L858R AND NOT EGFR T790M)", items[0].Biomarker.ToString());
        Assert.Equal(("NSCLC", 'B'), (items[0].Disease.OncoTree, items[0].AmpLevel));
        Assert.Equal(["PMID:15118073", "civic:EID879"], items[0].Citations.Select(c => c.Id));
        var exon19 = items[1].Biomarker.Leaves.Single();
        Assert.Equal((729, 761, "inframe_deletion"), (exon19.Start, exon19.End, exon19.Consequence));
        Assert.Equal(("LUAD", "substitutes", "Gefitinib or Erlotinib"), (items[1].Disease.OncoTree, items[1].TherapyInteraction, items[1].TherapyLabel));
    }

    [Fact]
    public void A_bad_evidence_level_names_the_file_line_and_column()
    {
        var path = Write("BRAF V600E\t12\tMelanoma\t1909\t\tVemurafenib\t\tPredictive\tSupports\tZ\tSensitivity/Response\ts\t2\tPubMed\t\tx\t\t1\taccepted\t881\tSomatic\t\t\t\tfalse");
        var ex = Assert.Throws<Precis.Core.InputException>(() => CivicImporter.ReadTsv(path, ExonTable.Empty, new Dictionary<string, string>()));
        Assert.Equal((2L, 10, "evidence_level"), (ex.Error.Line!.Value, ex.Error.Column!.Value, ex.Error.Field));
        Assert.Equal("'Z' is not a CIViC evidence level A-E", ex.Error.Reason);
    }
}

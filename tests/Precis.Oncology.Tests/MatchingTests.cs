using Precis.Oncology.Annotation;
using Precis.Oncology.Inputs;
using Precis.Oncology.Knowledge;
using Precis.Oncology.Matching;
using Precis.Testing;

namespace Precis.Oncology.Tests;

/// <summary>Biomarker grammar, matching at every level, tiering and TMB.</summary>
public sealed class MatchingTests
{
    private static readonly OncologyKnowledge Kb = OncologyKnowledge.Embedded();
    private static readonly OncologyAnnotator Annotator = new(Kb);

    private static SomaticVariant V(string gene, string protein, string classification = "Missense_Mutation") =>
        new("S1", gene, null, null, null, null, null, classification, Notation.ProteinChange.Parse(protein), protein, null, null, null, null, null, null, 1);

    private static TumourProfile Profile(string? tumour, params SomaticVariant[] variants) =>
        new("S1", tumour, variants, [], []);

    [Theory]
    [InlineData("BRAF:V600E", AlterationKind.ProteinChange, "BRAF", 600, 600)]
    [InlineData("AR:W741.", AlterationKind.Codon, "AR", 741, 741)]
    [InlineData("KIT:788-828", AlterationKind.ProteinRange, "KIT", 788, 828)]
    [InlineData("ERBB2:amp", AlterationKind.Amplification, "ERBB2", 0, 0)]
    [InlineData("CDKN2A:del", AlterationKind.DeepDeletion, "CDKN2A", 0, 0)]
    [InlineData("ABL1__BCR", AlterationKind.Fusion, "ABL1", 0, 0)]
    [InlineData("ALK__.", AlterationKind.Fusion, "ALK", 0, 0)]
    [InlineData("ALK:.", AlterationKind.AnyMutation, "ALK", 0, 0)]
    [InlineData("EGFR::consequence::inframe_deletion:30-336", AlterationKind.ProteinRange, "EGFR", 30, 336)]
    [InlineData("KIT::wildtype:.", AlterationKind.NotAssessable, "KIT", 0, 0)]
    [InlineData("AR:over", AlterationKind.NotAssessable, "AR", 0, 0)]
    public void The_CGI_alteration_grammar_parses_to_typed_leaves(string text, AlterationKind kind, string gene, int start, int end)
    {
        var leaf = Assert.Single(AlterationPattern.ParseCgi(text));
        Assert.Equal((kind, gene, start, end), (leaf.Kind, leaf.Gene, leaf.Start, leaf.End));
    }

    [Fact]
    public void CGI_lists_become_OR_and_semicolons_become_AND()
    {
        var kit = Assert.IsType<BiomarkerExpression.Any>(BiomarkerExpression.ParseCgi("KIT:788-828,449-514"));
        Assert.Equal(2, kit.Parts.Count);
        var both = Assert.IsType<BiomarkerExpression.All>(BiomarkerExpression.ParseCgi("MET:Y1230C;Y1235D"));
        Assert.Equal(["MET", "MET"], both.Leaves.Select(l => l.Gene));
        var consequences = BiomarkerExpression.ParseCgi("NOTCH1::consequence::missense_variant:1529-1732,::splice_donor_variant:2300-2536").Leaves.ToList();
        Assert.Equal(["missense_variant", "splice_site_variant"], consequences.Select(l => l.Consequence!));
    }

    [Fact]
    public void A_CIViC_profile_with_AND_NOT_is_met_only_when_the_negated_change_is_absent()
    {
        var expr = BiomarkerExpression.ParseCivic("EGFR L858R AND NOT EGFR T790M", Kb.Regions);
        Assert.Equal("(EGFR L858R AND NOT EGFR T790M)", expr.ToString());
        Assert.NotNull(BiomarkerMatcher.Evaluate(expr, Profile("LUAD", V("EGFR", "p.L858R")), new()));
        Assert.Null(BiomarkerMatcher.Evaluate(expr, Profile("LUAD", V("EGFR", "p.L858R"), V("EGFR", "p.T790M")), new()));
        var exon19 = BiomarkerExpression.ParseCivic("EGFR Exon 19 Deletion", Kb.Regions).Leaves.Single();
        Assert.Equal((729, 761, "inframe_deletion"), (exon19.Start, exon19.End, exon19.Consequence));
    }

    [Fact]
    public void The_demo_breast_tumour_gets_PIK3CA_H1047R_at_Tier_IA_matched_genomically_by_HGVSc_and_by_protein()
    {
        var maf = MafReader.Read(Path.Combine(TestPaths.RepoRoot, "samples/demo/demo.tumour.maf"));
        var result = Annotator.Annotate(new TumourProfile("DEMO-001-T", "BREAST", maf.Variants, [], []), new());
        var alpelisib = result.Matches.Single(m => m.Evidence.Therapies.Contains("alpelisib"));
        Assert.Equal("Tier IA", alpelisib.Tier.AmpLabel);
        Assert.Equal(("1", "I-A"), (alpelisib.Tier.OncoKbStyle, alpelisib.Tier.Escat));
        Assert.Equal([MatchKind.ExactGenomic, MatchKind.Hgvsc, MatchKind.ProteinChange], alpelisib.MatchKinds);
        Assert.Equal(Tumours.DiseaseMatch.Exact, alpelisib.Disease);
        Assert.Equal("Tier IA", result.Variants.Single(v => v.Variant.Gene == "PIK3CA").Tier);
        Assert.Equal("Tier III", result.Variants.Single(v => v.Variant.Gene == "TP53").Tier);
        Assert.Equal("Tier III", result.Variants.Single(v => v.Variant.Gene == "GATA3").Tier);
        Assert.Equal("Tier IV", result.Variants.Single(v => v.Variant.Gene == "SYNE1").Tier);
        Assert.Contains(result.NotAssessed, n => n.StartsWith("copy number:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("p.E746_A750del", "osimertinib", MatchKind.RegionConsequence)]
    [InlineData("p.L747_P753delinsS", "osimertinib", MatchKind.RegionConsequence)]
    [InlineData("p.L858R", "osimertinib", MatchKind.ProteinChange)]
    [InlineData("p.Leu858Arg", "erlotinib", MatchKind.ProteinChange)]
    [InlineData("p.A767_V769dup", "amivantamab", MatchKind.RegionConsequence)]
    [InlineData("p.G719S", "afatinib", MatchKind.Codon)]
    public void EGFR_changes_in_lung_adenocarcinoma_reach_Tier_I_through_NSCLC_evidence(string protein, string drug, MatchKind kind)
    {
        var result = Annotator.Annotate(Profile("LUAD", V("EGFR", protein, protein.Contains("del", StringComparison.Ordinal) ? "In_Frame_Del" : protein.Contains("dup", StringComparison.Ordinal) ? "In_Frame_Ins" : "Missense_Mutation")), new());
        var m = result.Matches.First(x => x.Evidence.Therapies.Contains(drug));
        Assert.Contains(kind, m.MatchKinds);
        Assert.Equal(("Tier I", Tumours.DiseaseMatch.Ancestor), (m.Tier.AmpTier, m.Disease));
    }

    [Fact]
    public void An_exon_19_deletion_does_not_meet_the_exon_20_insertion_biomarker()
    {
        var result = Annotator.Annotate(Profile("LUAD", V("EGFR", "p.E746_A750del", "In_Frame_Del")), new());
        Assert.DoesNotContain(result.Matches, m => m.Evidence.Therapies.Contains("amivantamab"));
    }

    [Fact]
    public void MET_exon_14_splice_variant_meets_capmatinib_and_tepotinib()
    {
        var result = Annotator.Annotate(Profile("NSCLC", V("MET", "p.X1010_splice", "Splice_Site")), new());
        Assert.Equal(["capmatinib", "tepotinib"], result.Matches.Select(m => m.Evidence.Therapies[0]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EGFR_T790M_resistance_is_shown_against_the_therapy_it_argues_against()
    {
        var result = Annotator.Annotate(Profile("LUAD", V("EGFR", "p.L858R"), V("EGFR", "p.T790M")), new());
        var resistance = result.Matches.Single(m => m.IsResistance && m.Evidence.Therapies.SequenceEqual(["gefitinib"]));
        Assert.Equal(("R1", "n/a"), (resistance.Tier.OncoKbStyle, resistance.Tier.Escat));
        var gefitinib = result.Matches.Single(m => !m.IsResistance && m.Evidence.Therapies.SequenceEqual(["gefitinib"]));
        Assert.Equal([gefitinib.Evidence.Id], resistance.ArguesAgainst);
    }

    [Fact]
    public void BRAF_V600E_outside_its_labelled_tumours_is_off_label_Tier_II_level_C()
    {
        var result = Annotator.Annotate(Profile("AML", V("BRAF", "p.V600E")), new());
        Assert.All(result.Matches, m => Assert.Equal(("Tier II", 'C', false), (m.Tier.AmpTier, m.Tier.AmpLevel, m.Tier.OnLabel)));
        Assert.Contains(result.Matches, m => m.Tier.OncoKbStyle == "3B" && m.Tier.Escat == "III-A");
    }

    [Fact]
    public void Truncating_BRCA2_in_ovarian_cancer_meets_olaparib_by_functional_class()
    {
        var result = Annotator.Annotate(Profile("HGSOC", V("BRCA2", "p.S1982Rfs*22", "Frame_Shift_Del")), new());
        var m = result.Matches.First(x => x.Evidence.Therapies.Contains("olaparib"));
        Assert.Equal([MatchKind.FunctionalClass], m.MatchKinds);
        Assert.Equal("Tier IA", m.Tier.AmpLabel);
    }

    [Fact]
    public void Gene_level_biomarkers_only_match_with_the_option()
    {
        var leaf = AlterationPattern.ParseCgi("ALK:.").Single();
        var profile = Profile("NSCLC", V("ALK", "p.F1174L"));
        Assert.Empty(BiomarkerMatcher.MatchLeaf(leaf, profile, new MatchOptions()));
        Assert.Equal([MatchKind.GeneLevel], BiomarkerMatcher.MatchLeaf(leaf, profile, new MatchOptions(GeneLevel: true)).Single().Kinds);
    }

    [Fact]
    public void Wildcard_codon_matches_an_in_frame_indel_starting_at_that_codon()
    {
        var leaf = AlterationPattern.ParseCgi("BRAF:V600.").Single();
        Assert.Equal([MatchKind.Codon], BiomarkerMatcher.MatchVariant(leaf, V("BRAF", "p.V600_K601delinsE", "In_Frame_Del"), new()));
        Assert.Empty(BiomarkerMatcher.MatchVariant(leaf, V("BRAF", "p.V600V", "Silent"), new()));
    }

    [SkippableFact]
    public void PCGR_fusions_and_annotator_CNAs_meet_fusion_and_copy_number_biomarkers()
    {
        var fusions = FusionReader.Read(TestPaths.Shared("oncology/pcgr/T001-BRCA.grch37.fusions.tsv"));
        var lung = Annotator.Annotate(new TumourProfile("T001-BRCA", "LUAD", [], [], fusions) { FusionsAssessed = true }, new());
        Assert.Contains(lung.Matches, m => m.Evidence.Therapies.Contains("alectinib") && m.MatchKinds.SequenceEqual([MatchKind.FusionAnyPartner]) && m.Tier.AmpLabel == "Tier IA");
        Assert.Contains(lung.Matches, m => m.Evidence.Therapies.Contains("larotrectinib") && m.Tier.Escat == "I-C");
        var cml = Annotator.Annotate(new TumourProfile("T001-BRCA", "CML", [], [], fusions) { FusionsAssessed = true }, new());
        Assert.Contains(cml.Matches, m => m.Evidence.Therapies.Contains("imatinib") && m.MatchKinds.SequenceEqual([MatchKind.FusionPair]));

        var cna = CopyNumberReader.Read(TestPaths.Shared("oncology/oncokb-annotator/example_cna.txt")).Where(c => c.Sample == "TCGA-05-4417-01").ToList();
        var breast = Annotator.Annotate(new TumourProfile("TCGA-05-4417-01", "BRCA", [], cna, []) { CopyNumberAssessed = true }, new());
        Assert.Contains(breast.Matches, m => m.Evidence.Therapies.Contains("trastuzumab") && m.Tier.AmpLabel == "Tier IA");
    }

    [Fact]
    public void MSI_H_and_TMB_H_are_composite_biomarkers_on_label_for_any_solid_tumour()
    {
        var tmb = new TmbResult("S1", 600, TmbDefinition.Default, 10, 20);
        var profile = new TumourProfile("S1", "COAD", [], [], []) { Msi = MsiStatus.MsiHigh, Tmb = tmb };
        var result = Annotator.Annotate(profile, new());
        Assert.Contains(result.Matches, m => m.Evidence.BiomarkerText == "MSI-H" && m.Evidence.Therapies.SequenceEqual(["pembrolizumab"]) && m.Tier.Escat == "I-C");
        Assert.Contains(result.Matches, m => m.Evidence.BiomarkerText == "TMB-H" && m.Hits[0].Composite == "TMB 12 mut/Mb");
        Assert.Contains(result.Matches, m => m.Evidence.BiomarkerText == "MSI-H" && m.Evidence.Disease.OncoTree == "COADREAD" && m.Tier.Escat == "I-A");
    }

    [Theory]
    [InlineData(new[] { "1", "R1" }, "R1")]
    [InlineData(new[] { "3B", "2", "4" }, "2")]
    [InlineData(new[] { "R2", "4" }, "4")]
    [InlineData(new[] { "3A", "3B" }, "3A")]
    public void The_highest_OncoKB_style_level_follows_R1_1_2_3A_3B_4_R2(string[] levels, string expected) =>
        Assert.Equal(expected, Tiering.Tiering.HighestTherapeutic(levels));

    [SkippableFact]
    public void TCGA_LAML_TMB_median_is_0_18_per_Mb_at_50_Mb_with_a_maximum_of_34_mutations()
    {
        var maf = MafReader.Read(TestPaths.Shared("oncology/maftools/tcga_laml.maf.gz"));
        var tmbs = maf.Samples.Select(s => TmbResult.Compute(s, maf.Variants.Where(v => v.Sample == s), TmbDefinition.Default, 10, 20)).ToList();
        var withMutations = tmbs.Where(t => t.Mutations > 0).Select(t => t.Mutations).Order().ToList();
        Assert.Equal(192, withMutations.Count);
        Assert.Equal(9, withMutations[withMutations.Count / 2]);
        Assert.Equal(34, withMutations[^1]);
        Assert.Equal(0.18, withMutations[withMutations.Count / 2] / TmbDefinition.DefaultCallableMegabases, 9);
        Assert.DoesNotContain(tmbs, t => t.IsHigh);
        Assert.Contains("/ 50 callable Mb (default: maftools capture size)", tmbs[0].Explanation, StringComparison.Ordinal);
    }
}

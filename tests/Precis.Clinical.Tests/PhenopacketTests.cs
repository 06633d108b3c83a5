using System.Text.Json;
using Precis.Clinical.Fhir;
using Precis.Clinical.Phenopackets;
using Precis.Core;
using Precis.Testing;

namespace Precis.Clinical.Tests;

public class PhenopacketTests
{
    public static TheoryData<string> StoreFiles() =>
    [
        "CYP21A2__PMID_30968594_individual_48.json", "ARID2__PMID_28884947_Clinical_presentation.json",
        "KDM6A__PMID_33674768_Patient_72_This_study.json", "TP53RK__PMID_30053862_Case_II_1.json",
        "ARHGAP19__PMID_41086021_Family_12_PT13_F12_II_1.json", "COL6A3__PMID_36779064_patient.json",
        "11q_terminal_deletion__PMID_15266616_98.json", "DBR1__PMID_37656279_Pedigree_A_II_3.json",
    ];

    [SkippableTheory]
    [MemberData(nameof(StoreFiles))]
    public void Each_store_phenopacket_imports_and_its_export_reimports_equal(string name)
    {
        var path = TestPaths.Shared("clinical/ga4gh/phenopackets/store/" + name);
        var packet = PhenopacketJson.ReadFile(path);
        Assert.NotEmpty(packet.PhenotypicFeatures);
        Assert.NotEmpty(packet.Interpretations);
        Assert.Empty(packet.UntypedElements);

        var exported = PhenopacketJson.Serialize(packet);
        using (var original = JsonDocument.Parse(File.ReadAllText(path)))
        using (var written = JsonDocument.Parse(exported))
            Assert.True(JsonElement.DeepEquals(original.RootElement, written.RootElement), "export differs from the source file");

        var again = PhenopacketJson.Read(FhirJson.Parse(exported, "export.json"), "export.json");
        Assert.Equal(exported, PhenopacketJson.Serialize(again));
        Assert.Equal(packet.PhenotypicFeatures.Select(f => (f.Type, f.Excluded)), again.PhenotypicFeatures.Select(f => (f.Type, f.Excluded)));
    }

    [SkippableFact]
    public void The_CYP21A2_case_reads_its_measurements_variants_and_zygosity()
    {
        var p = PhenopacketJson.ReadFile(TestPaths.Shared("clinical/ga4gh/phenopackets/store/CYP21A2__PMID_30968594_individual_48.json"));
        Assert.Equal("FEMALE", p.Subject!.Sex);
        Assert.Equal("2.0.2", p.MetaData.PhenopacketSchemaVersion);
        Assert.Equal(7, p.PhenotypicFeatures.Count);
        Assert.Equal(6, p.Measurements.Count);
        var m = p.Measurements[0];
        Assert.Equal(new OntologyClass("LOINC:1668-3", "17-Hydroxyprogesterone[Mass/Vol]"), m.Assay);
        Assert.Equal(("140.0", "UCUM:ng/dL"), (m.Quantity!.Value.Text, m.Quantity.Unit.Id));
        var dx = p.Interpretations.Single().Diagnosis!;
        Assert.Equal("OMIM:201910", dx.Disease.Id);
        var snv = dx.GenomicInterpretations[0].VariantInterpretation!.VariationDescriptor;
        Assert.Equal(("CYP21A2", "GENO:0000135"), (snv.GeneContext!.Symbol, snv.AllelicState!.Id));
        Assert.Equal(new Scalar("32039426", Quoted: true), snv.VcfRecord!.Pos);
        var deletion = dx.GenomicInterpretations[1].VariantInterpretation!.VariationDescriptor;
        Assert.Equal("SO:1000029", deletion.StructuralType!.Id);
    }

    [SkippableFact]
    public void Excluded_features_vital_status_and_onsets_are_read()
    {
        var col = PhenopacketJson.ReadFile(TestPaths.Shared("clinical/ga4gh/phenopackets/store/COL6A3__PMID_36779064_patient.json"));
        Assert.Equal(16, col.PhenotypicFeatures.Count(f => f.Excluded == true));
        Assert.Equal("P50Y", col.Subject!.TimeAtLastEncounter!.Age);
        var tp = PhenopacketJson.ReadFile(TestPaths.Shared("clinical/ga4gh/phenopackets/store/TP53RK__PMID_30053862_Case_II_1.json"));
        Assert.Equal("DECEASED", tp.Subject!.VitalStatus!.Status);
        Assert.Equal("GENO:0000136", tp.Interpretations[0].Diagnosis!.GenomicInterpretations[0].VariantInterpretation!.VariationDescriptor.AllelicState!.Id);
    }

    [SkippableFact]
    public void The_schema_examples_round_trip_keeping_members_the_model_does_not_type()
    {
        foreach (var name in new[] { "covid19.json", "mcahs1.json" })
        {
            var path = TestPaths.Shared("clinical/ga4gh/phenopackets/schema/" + name);
            var packet = PhenopacketJson.ReadFile(path);
            using var original = JsonDocument.Parse(File.ReadAllText(path));
            using var written = JsonDocument.Parse(PhenopacketJson.Serialize(packet));
            Assert.True(JsonElement.DeepEquals(original.RootElement, written.RootElement), name);
        }

        var covid = PhenopacketJson.ReadFile(TestPaths.Shared("clinical/ga4gh/phenopackets/schema/covid19.json"));
        Assert.Equal("MONDO:0100096", covid.Subject!.VitalStatus!.CauseOfDeath!.Id);
        Assert.Contains("medicalActions", covid.UntypedElements);
    }

    [Theory]
    [InlineData("2")]
    [InlineData("2.0")]
    [InlineData("2.0.2")]
    public void Any_v2_schema_version_string_is_accepted(string version)
    {
        var p = PhenopacketJson.Read(FhirJson.Parse("{\"id\":\"x\",\"metaData\":{\"phenopacketSchemaVersion\":\"" + version + "\"}}", "p.json"), "p.json");
        Assert.Equal(version, p.MetaData.PhenopacketSchemaVersion);
    }

    [Theory]
    [InlineData("""{"id":"x","metaData":{"phenopacketSchemaVersion":"1.0.0"}}""", "$.metaData.phenopacketSchemaVersion", "schema version '1.0.0' is not v2")]
    [InlineData("""{"id":"x"}""", "$", "metaData is required")]
    [InlineData("""{"metaData":{}}""", "$", "id is required")]
    [InlineData("""{"id":"x","metaData":{},"phenotypicFeatures":[{"type":{"id":"seizure","label":"Seizure"}}]}""", "$.phenotypicFeatures[0].type.id", "is not a CURIE")]
    [InlineData("""{"id":"x","metaData":{},"subject":{"id":"s","sex":"F"}}""", "$.subject.sex", "'F' is not a value of sex")]
    [InlineData("""{"id":"x","metaData":{},"phenotypicFeatures":[{"type":{"id":"HP:1"},"excluded":"yes"}]}""", "$.phenotypicFeatures[0].excluded", "must be true or false")]
    public void Malformed_phenopackets_are_errors_naming_the_json_path(string json, string path, string reason)
    {
        var ex = Assert.Throws<InputException>(() => PhenopacketJson.Read(FhirJson.Parse(json, "p.json"), "p.json"));
        Assert.Equal(path, ex.Error.Field);
        Assert.Contains(reason, ex.Error.Reason, StringComparison.Ordinal);
    }
}

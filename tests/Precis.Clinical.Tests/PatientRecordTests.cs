using System.Text.Json;
using Precis.Clinical.Fhir;
using Precis.Clinical.Record;
using Precis.Core;
using Precis.Testing;

namespace Precis.Clinical.Tests;

public class PatientRecordTests
{
    private static readonly DateOnly Today = new(2026, 11, 22);

    [SkippableTheory]
    [MemberData(nameof(FhirJsonTests.SyntheaFiles), MemberType = typeof(FhirJsonTests))]
    public void Each_Synthea_summary_lists_current_medications_as_ingredients_conditions_and_latest_vitals(string number)
    {
        var path = FhirJsonTests.Synthea(number);
        var summary = BundleSummaryReader.ReadFile(path, Today);

        // An independent reading of the same file with JsonDocument is the oracle.
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var resources = doc.RootElement.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("resource")).ToList();
        var activeCodes = resources
            .Where(r => r.GetProperty("resourceType").GetString() == "MedicationRequest" && r.GetProperty("status").GetString() == "active")
            .Select(r => "RxNorm:" + r.GetProperty("medicationCodeableConcept").GetProperty("coding")[0].GetProperty("code").GetString())
            .ToHashSet();
        Assert.Equal(activeCodes.Order(), summary.CurrentMedications.Select(m => m.Code!).Order());
        Assert.All(summary.CurrentMedications, m => Assert.False(string.IsNullOrEmpty(m.Ingredient), $"{m.Code} {m.Text} has no ingredient"));

        var activeConditions = resources
            .Where(r => r.GetProperty("resourceType").GetString() == "Condition" && r.GetProperty("clinicalStatus").GetProperty("coding")[0].GetProperty("code").GetString() == "active" && !r.TryGetProperty("abatementDateTime", out _))
            .Select(r => r.GetProperty("code").GetProperty("text").GetString()!)
            .ToHashSet();
        Assert.Equal(activeConditions.Order(StringComparer.Ordinal), summary.ActiveConditions);

        foreach (var loinc in new[] { "39156-5", "29463-7", "8302-2", "8867-4" })
        {
            var latest = resources
                .Where(r => r.GetProperty("resourceType").GetString() == "Observation" && r.GetProperty("code").GetProperty("coding")[0].GetProperty("code").GetString() == loinc && r.TryGetProperty("valueQuantity", out _))
                .OrderBy(r => DateTimeOffset.Parse(r.GetProperty("effectiveDateTime").GetString()!, System.Globalization.CultureInfo.InvariantCulture))
                .LastOrDefault();
            var shown = summary.LatestMeasurements.SingleOrDefault(m => m.Code == "LOINC:" + loinc);
            if (latest.ValueKind == JsonValueKind.Undefined)
            {
                Assert.Null(shown);
                continue;
            }

            Assert.NotNull(shown);
            Assert.Equal(latest.GetProperty("valueQuantity").GetProperty("value").GetRawText(), shown.Value);
            Assert.Equal(latest.GetProperty("effectiveDateTime").GetString()![..10], shown.Date);
        }

        var bp = resources
            .Where(r => r.GetProperty("resourceType").GetString() == "Observation" && r.GetProperty("code").GetProperty("coding")[0].GetProperty("code").GetString() == "55284-4")
            .OrderBy(r => DateTimeOffset.Parse(r.GetProperty("effectiveDateTime").GetString()!, System.Globalization.CultureInfo.InvariantCulture))
            .Last();
        decimal Component(string code) => bp.GetProperty("component").EnumerateArray().Single(c => c.GetProperty("code").GetProperty("coding")[0].GetProperty("code").GetString() == code).GetProperty("valueQuantity").GetProperty("value").GetDecimal();
        var shownBp = summary.LatestMeasurements.Single(m => m.Name == "Blood pressure");
        Assert.Equal($"{Math.Round(Component("8480-6"), MidpointRounding.AwayFromZero)}/{Math.Round(Component("8462-4"), MidpointRounding.AwayFromZero)}", shownBp.Value);
        Assert.Equal("mm[Hg]", shownBp.Unit);
        Assert.Contains(summary.Lifestyle, l => l.StartsWith("Smoking: ", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void Clopidogrel_75_mg_maps_to_the_ingredient_clopidogrel_32968()
    {
        var record = BundleSummaryReader.ReadRecord(FhirJsonTests.Synthea("06"), Today);
        var clopidogrel = record.CurrentMedications.Single(m => m.RxNormCode == "RxNorm:309362");
        Assert.Equal("Clopidogrel 75 MG Oral Tablet", clopidogrel.Display);
        Assert.Equal([new Ingredient("clopidogrel", "32968")], clopidogrel.Ingredients);
        var combo = record.CurrentMedications.Single(m => m.RxNormCode == "RxNorm:1599803");
        Assert.Equal("donepezil / memantine", combo.IngredientText);
    }

    [SkippableFact]
    public void The_known_Synthea_quirks_are_reported_as_data_quality_issues()
    {
        var record = BundleSummaryReader.ReadRecord(FhirJsonTests.Synthea("01"), Today);
        var misspelt = Assert.Single(record.DataQuality, i => i.Code == "display-misspelt");
        Assert.Contains("'Simvistatin'", misspelt.Message, StringComparison.Ordinal);
        Assert.Contains("'simvastatin'", misspelt.Message, StringComparison.Ordinal);
        var simva = record.CurrentMedications.Single(m => m.RxNormCode == "RxNorm:316672");
        Assert.Equal("simvastatin", simva.IngredientText);

        var category = Assert.Single(record.DataQuality, i => i.Code == "category-nonstandard" && i.Message.Contains("'vital-sign'", StringComparison.Ordinal));
        Assert.Contains("expected 'vital-signs'", category.Message, StringComparison.Ordinal);
        Assert.EndsWith(".category", category.Path, StringComparison.Ordinal);

        var panel = Assert.Single(record.DataQuality, i => i.Code == "bp-panel-variant");
        Assert.Equal(10, panel.Count);
        Assert.Contains(record.DataQuality, i => i.Code == "patient-deceased");
        Assert.True(record.Deceased);

        // Smoking status 72166-2 arrives with category survey.
        Assert.NotNull(record.Smoking);
        Assert.Contains(record.DataQuality, i => i.Code == "category-nonstandard" && i.Message.Contains("72166-2", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void Every_medication_code_of_the_Synthea_and_demo_bundles_is_in_the_ingredient_table()
    {
        var files = Directory.GetFiles(TestPaths.Shared("clinical/fhir-r4/synthea"), "*.json").Append(Path.Combine(TestPaths.RepoRoot, "samples/demo/demo.fhir.json"));
        var table = RxNormIngredients.Embedded;
        var codes = new HashSet<string>();
        foreach (var f in files)
        {
            foreach (var m in FhirParser.ReadBundle(f).Resources<MedicationRequest>())
                codes.Add(m.Medication!.CodeableConcept!.CodeIn("http://www.nlm.nih.gov/research/umls/rxnorm")!);
        }

        Assert.Equal(88, codes.Count);
        Assert.All(codes, c =>
        {
            var drug = table.Find(c);
            Assert.NotNull(drug);
            Assert.NotEmpty(drug.Ingredients);
            Assert.NotEmpty(drug.Citations);
        });
        Assert.Equal("precis-rxnorm-ingredients", table.Version.Id);
    }

    [Fact]
    public void The_demo_bundle_summary_carries_the_ingredients_other_engines_use()
    {
        var summary = BundleSummaryReader.ReadFile(Path.Combine(TestPaths.RepoRoot, "samples/demo/demo.fhir.json"), Today);
        Assert.Equal(["amlodipine", "clopidogrel", "metformin", "simvastatin"], summary.CurrentMedications.Select(m => m.Ingredient!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Units_missing_non_ucum_and_implausible_values_are_listed_not_hidden()
    {
        const string json = """
        {"resourceType":"Bundle","type":"collection","entry":[
          {"resource":{"resourceType":"Patient","id":"p1","gender":"female","birthDate":"1980"}},
          {"resource":{"resourceType":"Observation","status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"29463-7","display":"Body Weight"}]},"effectiveDateTime":"2026-01-01","valueQuantity":{"value":150,"unit":"lbs"}}},
          {"resource":{"resourceType":"Observation","status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"8867-4","display":"Heart rate"}]},"effectiveDateTime":"2026-01-01","valueQuantity":{"value":72}}},
          {"resource":{"resourceType":"Observation","status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"39156-5","display":"BMI"}]},"effectiveDateTime":"2026-01-01","valueQuantity":{"value":250.0,"unit":"kg/m2","system":"http://unitsofmeasure.org","code":"kg/m2"}}},
          {"resource":{"resourceType":"MedicationStatement","status":"active","medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"999999","display":"Unknown drug"}]},"subject":{"reference":"Patient/p1"}}},
          {"resource":{"resourceType":"FamilyMemberHistory","status":"completed","patient":{"reference":"Patient/p1"},"relationship":{"coding":[{"code":"FTH"}],"text":"father"},"condition":[{"code":{"text":"Myocardial infarction"}}]}}
        ]}
        """;
        var bundle = (Bundle)new FhirParser("q.json").Resource(FhirJson.Parse(json, "q.json"));
        var record = PatientRecordBuilder.Build(bundle, "q.json", Today);

        var weight = record.Latest("29463-7")!;
        Assert.Equal(68.04m, weight.Value);
        Assert.Equal("kg", weight.Unit);
        Assert.Equal("150", weight.ValueText);
        Assert.Contains(record.DataQuality, i => i.Code == "unit-not-ucum" && i.Message.Contains("'lbs' read as UCUM '[lb_av]'", StringComparison.Ordinal));
        Assert.Contains(record.DataQuality, i => i.Code == "unit-missing" && i.Path == "$.entry[2].resource.valueQuantity");
        Assert.Contains(record.DataQuality, i => i.Code == "implausible-value" && i.Message.Contains("= 250.0 kg/m2", StringComparison.Ordinal));
        Assert.Contains(record.DataQuality, i => i.Code == "medication-unmapped" && i.Message.Contains("999999", StringComparison.Ordinal));
        Assert.Contains(record.DataQuality, i => i.Code == "birthdate-partial");
        Assert.Equal(45, record.AgeYears);
        Assert.Equal("father", record.FamilyHistory.Single().Relationship);
        Assert.Equal(["Myocardial infarction"], record.FamilyHistory.Single().Conditions);
        Assert.Empty(record.CurrentMedications.Single().Ingredients);
    }

    [Theory]
    [InlineData(98.6, "[degF]", null, 37, "Cel")]
    [InlineData(5.2, null, "K/uL", 5.2, "10*3/uL")]
    [InlineData(70, "in", null, 177.8, "cm")]
    [InlineData(120, "mm[Hg]", null, 120, "mm[Hg]")]
    public void Units_normalise_to_ucum(double value, string? code, string? unit, double expected, string expectedUnit)
    {
        var n = Ucum.Normalise((decimal)value, code, unit)!;
        Assert.Equal((decimal)expected, n.Value);
        Assert.Equal(expectedUnit, n.Unit);
    }

    [Fact]
    public void A_missing_unit_normalises_to_nothing()
    {
        Assert.Null(Ucum.Normalise(1, null, " "));
    }

    [Fact]
    public void A_bundle_without_a_patient_is_refused_with_the_file_named()
    {
        var bundle = (Bundle)new FhirParser("n.json").Resource(FhirJson.Parse("""{"resourceType":"Bundle","type":"collection","entry":[]}""", "n.json"));
        var ex = Assert.Throws<InputException>(() => PatientRecordBuilder.Build(bundle, "n.json", Today));
        Assert.Equal("n.json: $.entry: bundle has no Patient resource (hint: export the patient's record including the Patient)", ex.Message);
    }
}

using Precis.Clinical.Fhir;
using Precis.Core;
using Precis.Testing;

namespace Precis.Clinical.Tests;

public class FhirJsonTests
{
    public static TheoryData<string> SyntheaFiles()
    {
        var data = new TheoryData<string>();
        for (var i = 1; i <= 30; i++)
            data.Add(i.ToString("00", System.Globalization.CultureInfo.InvariantCulture));
        return data;
    }

    internal static string Synthea(string number)
    {
        var dir = TestPaths.Shared("clinical/fhir-r4/synthea");
        return Directory.GetFiles(dir, $"synthea-r4-{number}-*.json").Single();
    }

    [SkippableTheory]
    [MemberData(nameof(SyntheaFiles))]
    public void Each_Synthea_bundle_imports_and_round_trips_without_loss(string number)
    {
        var path = Synthea(number);
        var bundle = FhirParser.ReadBundle(path);

        Assert.Equal("transaction", bundle.Type);
        Assert.Single(bundle.Resources<Patient>());
        Assert.All(bundle.Entries, e => Assert.Equal("POST", e.Request!.Method));
        Assert.All(bundle.Entries, e => Assert.StartsWith("urn:uuid:", e.FullUrl, StringComparison.Ordinal));

        var written = FhirJson.Serialize(bundle.Node);
        JsonAssert.StrictlyEqual(File.ReadAllText(path), written);

        // And the written form parses to the same typed model.
        var again = (Bundle)new FhirParser("rewritten").Resource(FhirJson.Parse(written, "rewritten"));
        Assert.Equal(bundle.Entries.Count, again.Entries.Count);
        Assert.Equal(bundle.Resources<Observation>().Count(), again.Resources<Observation>().Count());
    }

    [SkippableFact]
    public void Synthea_bundle_01_has_the_resource_counts_of_the_manifest()
    {
        var bundle = FhirParser.ReadBundle(Synthea("01"));
        Assert.Equal(10, bundle.Resources<Condition>().Count());
        Assert.Equal(39, bundle.Resources<DiagnosticReport>().Count());
        Assert.Equal(40, bundle.Resources<MedicationRequest>().Count());
        Assert.Equal(430, bundle.Resources<Observation>().Count());
        var patient = bundle.Resources<Patient>().Single();
        Assert.Equal("male", patient.Gender);
        Assert.Equal("1910-09-19", patient.BirthDate!.Text);
        Assert.Equal(DatePrecision.Day, patient.BirthDate.Precision);
        Assert.True(patient.Deceased!.DateTime is not null);
        Assert.Empty(patient.UnknownElements);
    }

    [SkippableFact]
    public void The_handmade_fixtures_parse_into_their_typed_resources()
    {
        var dir = TestPaths.Shared("clinical/fhir-r4/handmade");
        var statement = Assert.IsType<MedicationStatement>(FhirParser.ReadFile(Path.Combine(dir, "medicationstatement-clopidogrel.json")));
        Assert.NotNull(statement.Medication);
        var family = Assert.IsType<FamilyMemberHistory>(FhirParser.ReadFile(Path.Combine(dir, "familymemberhistory-father-mi.json")));
        Assert.NotEmpty(family.Conditions);
        var consent = Assert.IsType<Consent>(FhirParser.ReadFile(Path.Combine(dir, "consent-research-deny-genomics.json")));
        Assert.Equal("permit", consent.Provision!.Type);
        Assert.Contains(consent.Provision.Provisions, p => p.Type == "deny");
        var pgx = FhirParser.ReadBundle(Path.Combine(dir, "bundle-transaction-pgx-cyp2c19.json"));
        Assert.Equal("transaction", pgx.Type);
        foreach (var f in Directory.GetFiles(dir, "*.json").Where(f => !Path.GetFileName(f).StartsWith("cdshooks", StringComparison.Ordinal)))
            JsonAssert.StrictlyEqual(File.ReadAllText(f), FhirJson.Serialize(FhirParser.ReadFile(f).Node));
    }

    [Fact]
    public void Decimals_keep_their_exact_text_and_partial_dates_their_precision()
    {
        const string json = """{"resourceType":"Observation","status":"final","code":{"text":"x"},"effectiveDateTime":"2019-03","valueQuantity":{"value":1.50,"unit":"mg"},"_status":{"extension":[{"url":"http://example.org/e","valueString":"s"}]},"futureElement":{"a":1e2}}""";
        var obs = Assert.IsType<Observation>(new FhirParser("t.json").Resource(FhirJson.Parse(json, "t.json")));
        Assert.Equal("1.50", obs.Value!.Quantity!.Value!.Text);
        Assert.Equal(2, obs.Value.Quantity.Value.Scale);
        Assert.Equal(DatePrecision.Month, obs.Effective!.DateTime!.Precision);
        Assert.Equal("2019-03", obs.Effective.DateTime.Text);
        Assert.Null(obs.Effective.DateTime.Date);
        Assert.Equal(["futureElement"], obs.UnknownElements);
        Assert.Equal(json, FhirJson.Serialize(obs.Node));
    }

    [Fact]
    public void A_duplicate_member_is_an_error_naming_the_file_line_and_path()
    {
        const string json = "{\n  \"resourceType\": \"Patient\",\n  \"gender\": \"male\",\n  \"gender\": \"female\"\n}";
        var ex = Assert.Throws<InputException>(() => FhirJson.Parse(json, "p.json"));
        Assert.Equal("p.json", ex.Error.File);
        Assert.Equal(4, ex.Error.Line);
        Assert.Equal("$.gender", ex.Error.Field);
        Assert.Contains("duplicate member 'gender'", ex.Error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_past_the_depth_limit_is_an_error_with_the_path()
    {
        var json = "{\"a\":" + string.Concat(Enumerable.Repeat("[", 10)) + string.Concat(Enumerable.Repeat("]", 10)) + "}";
        var ex = Assert.Throws<InputException>(() => FhirJson.Parse(json, "deep.json", FhirJsonLimits.Default with { MaxDepth = 5 }));
        Assert.Contains("nesting deeper than the limit of 5", ex.Error.Reason, StringComparison.Ordinal);
        Assert.Equal("$.a[0][0][0][0]", ex.Error.Field);
    }

    [Fact]
    public void A_document_over_the_size_limit_is_refused()
    {
        var ex = Assert.Throws<InputException>(() => FhirJson.Parse("{\"resourceType\":\"Patient\"}", "big.json", FhirJsonLimits.Default with { MaxBytes = 10 }));
        Assert.Contains("over the 10-byte limit", ex.Error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Syntax_errors_give_line_and_column()
    {
        var ex = Assert.Throws<InputException>(() => FhirJson.Parse("{\n\"resourceType\": \"Patient\",\n\"id\": }", "bad.json"));
        Assert.Equal(3, ex.Error.Line);
        Assert.StartsWith("not valid JSON", ex.Error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"resourceType":"Observation","status":"final","code":{"text":"x"},"valueQuantity":{"value":1},"valueString":"a"}""", "$.valueString", "value[x] is given twice")]
    [InlineData("""{"resourceType":"Observation","status":"final","code":{"text":"x"},"valueFoo":1}""", "$.valueFoo", "value[x] cannot be of type Foo")]
    [InlineData("""{"resourceType":"Observation","status":"done","code":{"text":"x"}}""", "$.status", "'done' is not a code of status")]
    [InlineData("""{"resourceType":"Observation","status":"final","category":{"text":"x"},"code":{"text":"x"}}""", "$.category", "category repeats, so it must be a JSON array")]
    [InlineData("""{"resourceType":"Observation","status":"final","code":{"text":"x"},"valueQuantity":{"value":"1.0"}}""", "$.valueQuantity.value", "must be a JSON number")]
    [InlineData("""{"resourceType":"Patient","birthDate":"1990-02-30"}""", "$.birthDate", "is not a FHIR date")]
    [InlineData("""{"resourceType":"Bundle","type":"transaction","entry":[{"resource":{"resourceType":"Patient"}}]}""", "$.entry[0]", "needs a request")]
    [InlineData("""{"resourceType":"Bundle","type":"collection","total":3}""", "$.total", "bdl-1")]
    [InlineData("""{"resourceType":"Bundle","type":"list"}""", "$.type", "not a Bundle.type")]
    [InlineData("""{"resourceType":"Bundle","type":"collection","entry":[{"fullUrl":"urn:uuid:1","resource":{"resourceType":"Patient"}},{"fullUrl":"urn:uuid:1","resource":{"resourceType":"Patient"}}]}""", "$.entry[1].fullUrl", "appears twice")]
    public void Shape_errors_name_the_json_path_and_rule(string json, string path, string reason)
    {
        var ex = Assert.Throws<InputException>(() => new FhirParser("r.json").Resource(FhirJson.Parse(json, "r.json")));
        Assert.Equal("r.json", ex.Error.File);
        Assert.Equal(path, ex.Error.Field);
        Assert.Contains(reason, ex.Error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Searchset_and_batch_bundles_are_read()
    {
        const string json = """{"resourceType":"Bundle","type":"searchset","total":1,"entry":[{"fullUrl":"http://x/Patient/1","resource":{"resourceType":"Patient","id":"1","gender":"other"},"search":{"mode":"match"}}]}""";
        var b = Assert.IsType<Bundle>(new FhirParser("s.json").Resource(FhirJson.Parse(json, "s.json")));
        Assert.Equal(1, b.Total);
        Assert.Equal("match", b.Entries[0].SearchMode);
        const string batch = """{"resourceType":"Bundle","type":"batch","entry":[{"request":{"method":"GET","url":"Patient/1"}}]}""";
        var bb = Assert.IsType<Bundle>(new FhirParser("b.json").Resource(FhirJson.Parse(batch, "b.json")));
        Assert.Null(bb.Entries[0].Resource);
        Assert.Equal("GET", bb.Entries[0].Request!.Method);
    }
}

public class FhirResourceTypingTests
{
    [Fact]
    public void Provenance_agents_and_targets_are_typed()
    {
        const string json = """{"resourceType":"Provenance","target":[{"reference":"Observation/1"}],"recorded":"2026-11-22T10:00:00.123+01:00","agent":[{"type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/provenance-participant-type","code":"author"}]},"who":{"reference":"Device/precis","display":"Precis 0.1.0"}}]}""";
        var p = Assert.IsType<Precis.Clinical.Fhir.Provenance>(new FhirParser("p.json").Resource(FhirJson.Parse(json, "p.json")));
        Assert.Equal("Observation/1", Assert.Single(p.Targets).Ref);
        Assert.Equal(DatePrecision.FractionOfSecond, p.Recorded!.Precision);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 9, 0, 0, 123, TimeSpan.Zero), p.Recorded.Start.ToUniversalTime());
        Assert.Equal("Device/precis", p.Agents.Single().Who!.Ref);
    }

    [Fact]
    public void A_primitive_extension_on_birthDate_is_read_from_its_underscore_twin()
    {
        const string json = """{"resourceType":"Patient","birthDate":"1970-03-30","_birthDate":{"id":"b1","extension":[{"url":"http://hl7.org/fhir/StructureDefinition/patient-birthTime","valueDateTime":"1970-03-30T14:35:45-05:00"}]}}""";
        var p = Assert.IsType<Patient>(new FhirParser("p.json").Resource(FhirJson.Parse(json, "p.json")));
        Assert.Equal("b1", p.BirthDateExtensions!.Id);
        var ext = Assert.Single(p.BirthDateExtensions.Extensions);
        Assert.Equal("1970-03-30T14:35:45-05:00", ext.Value!.DateTime!.Text);
        Assert.Empty(p.UnknownElements);
    }

    [Fact]
    public void A_dateTime_with_a_time_but_no_zone_is_refused()
    {
        var ex = Assert.Throws<InputException>(() => new FhirParser("o.json").Resource(FhirJson.Parse("""{"resourceType":"Condition","subject":{"reference":"Patient/1"},"onsetDateTime":"2020-01-01T10:00:00"}""", "o.json")));
        Assert.Equal("$.onsetDateTime", ex.Error.Field);
    }
}

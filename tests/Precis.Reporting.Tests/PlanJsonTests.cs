using System.Text.Json;
using System.Text.Json.Nodes;
using Precis.Core;
using Precis.Testing;

namespace Precis.Reporting.Tests;

public class PlanJsonTests
{
    private static readonly JsonSchemaValidator Validator = new(PlanJson.Schema());

    [Fact]
    public void A_full_plan_validates_against_the_published_schema()
    {
        var json = PlanJson.Serialize(SamplePlans.Full());

        Assert.Empty(Validator.Validate(json));
    }

    [Fact]
    public void The_schedule_figures_and_conflict_record_entries_are_in_the_document_and_checked_by_the_schema()
    {
        var node = JsonNode.Parse(PlanJson.Serialize(SamplePlans.Full()))!;
        Assert.Equal("HbA1c", node["schedule"]![0]!["what"]!.GetValue<string>());
        Assert.Equal("daily-profile", node["figures"]![3]!["kind"]!.GetValue<string>());
        Assert.Equal("MedicationRequest/mr-1", node["conflicts"]![0]!["recordEntries"]![0]!.GetValue<string>());

        node["figures"]![0]!["kind"] = "pie";
        node["conflicts"]![0]!["recordEntries"]![0] = "mr-1";
        node["schedule"]![0]!["citations"] = new JsonArray();
        var errors = Validator.Validate(node.ToJsonString());

        Assert.Contains(errors, e => e.StartsWith("$.figures[0].kind:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("$.conflicts[0].recordEntries[0]:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("$.schedule[0].citations:", StringComparison.Ordinal));
        Assert.Equal(3, errors.Count);
    }

    [Fact]
    public void The_embedded_schema_is_the_one_documented_in_docs_schema()
    {
        var onDisk = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "docs", "schema", "plan.schema.json"));

        Assert.Equal(onDisk, PlanJson.Schema());
    }

    [Fact]
    public void Enum_values_are_written_in_kebab_case_and_nulls_are_omitted()
    {
        var node = JsonNode.Parse(PlanJson.Serialize(SamplePlans.Full()))!;

        var rec = node["recommendations"]![1]!;
        Assert.Equal("use-alternative", rec["action"]!.GetValue<string>());
        Assert.Equal("cpic", rec["evidence"]!["scheme"]!.GetValue<string>());
        Assert.Equal("not-graded", node["recommendations"]![0]!["strength"]!.GetValue<string>());
        Assert.Equal("not-available-in-this-build", node["sections"]![1]!["status"]!.GetValue<string>());
        Assert.Null(node["recommendations"]![0]!["subject"]!["code"]);
        Assert.Equal("1.0", node["schemaVersion"]!.GetValue<string>());
    }

    [Fact]
    public void A_plan_reads_back_to_the_same_json()
    {
        var json = PlanJson.Serialize(SamplePlans.Full());

        var again = PlanJson.Serialize(PlanJson.Deserialize(json));

        Assert.Equal(json, again);
    }

    [Fact]
    public void The_validator_reports_a_recommendation_without_rationale()
    {
        var node = JsonNode.Parse(PlanJson.Serialize(SamplePlans.Full()))!;
        node["recommendations"]![0]!["rationale"] = new JsonArray();

        var errors = Validator.Validate(node.ToJsonString());

        Assert.Contains("$.recommendations[0].rationale: needs at least 1 item(s)", errors);
    }

    [Fact]
    public void The_validator_reports_an_unknown_action_a_missing_field_and_an_extra_property()
    {
        var node = JsonNode.Parse(PlanJson.Serialize(SamplePlans.Full()))!;
        node["recommendations"]![0]!["action"] = "maybe";
        node["provenance"]!.AsObject().Remove("generatedAt");
        node["patient"]!["favouriteColour"] = "blue";

        var errors = Validator.Validate(node.ToJsonString());

        Assert.Contains(errors, e => e.StartsWith("$.recommendations[0].action: \"maybe\" is not one of", StringComparison.Ordinal));
        Assert.Contains("$.provenance: required property 'generatedAt' is missing", errors);
        Assert.Contains("$.patient.favouriteColour: no value is allowed here", errors);
    }

    [Fact]
    public void The_validator_checks_checksum_patterns()
    {
        var node = JsonNode.Parse(PlanJson.Serialize(SamplePlans.Full()))!;
        node["provenance"]!["inputs"]![0]!["sha256"] = "not-a-hash";

        var errors = Validator.Validate(node.ToJsonString());

        Assert.Contains(errors, e => e.StartsWith("$.provenance.inputs[0].sha256: 'not-a-hash' does not match", StringComparison.Ordinal));
    }

    [Fact]
    public void Times_are_written_as_iso_8601_utc()
    {
        using var doc = JsonDocument.Parse(PlanJson.Serialize(SamplePlans.Full()));

        Assert.Equal("2026-11-22T12:00:00+00:00", doc.RootElement.GetProperty("provenance").GetProperty("generatedAt").GetString());
    }

    [Fact]
    public void Every_plan_carries_the_research_use_disclaimer()
    {
        using var doc = JsonDocument.Parse(PlanJson.Serialize(SamplePlans.Full()));

        Assert.Equal(Disclaimers.ResearchUse, doc.RootElement.GetProperty("disclaimer").GetString());
    }
}

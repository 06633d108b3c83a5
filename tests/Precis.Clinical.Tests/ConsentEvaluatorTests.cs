using Precis.Clinical.Fhir;
using Precis.Clinical.Privacy;
using Precis.Testing;

namespace Precis.Clinical.Tests;

public class ConsentEvaluatorTests
{
    private static readonly DateTimeOffset In2025 = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static Consent Parse(string json) => (Consent)new FhirParser("consent.json").Resource(FhirJson.Parse(json, "consent.json"));

    private static Consent Handmade() => (Consent)FhirParser.ReadFile(TestPaths.Shared("clinical/fhir-r4/handmade/consent-research-deny-genomics.json"));

    // After the R4 example consent-example-notOrg: the patient opts in to sharing, but not with organisation f001, for
    // the actions access and correct.
    private const string NotOrg = """
        {"resourceType":"Consent","id":"consent-example-notOrg","status":"active",
         "scope":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/consentscope","code":"patient-privacy"}]},
         "category":[{"coding":[{"system":"http://loinc.org","code":"59284-0"}]}],
         "patient":{"reference":"Patient/f001"},"dateTime":"2015-11-18",
         "policyRule":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"OPTIN"}]},
         "provision":{"type":"deny",
           "actor":[{"role":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ParticipationType","code":"PRCP"}]},"reference":{"reference":"Organization/f001"}}],
           "action":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/consentaction","code":"access"}]},
                     {"coding":[{"system":"http://terminology.hl7.org/CodeSystem/consentaction","code":"correct"}]}]}}
        """;

    // After the R4 example consent-example-Out: the patient opts out for one organisation; the root provision has no
    // type, so the OPTOUT policy gives it.
    private const string OptOut = """
        {"resourceType":"Consent","id":"consent-example-Out","status":"active",
         "scope":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/consentscope","code":"patient-privacy"}]},
         "category":[{"coding":[{"system":"http://loinc.org","code":"59284-0"}]}],
         "patient":{"reference":"Patient/f001"},"dateTime":"2015-11-18",
         "policyRule":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"OPTOUT"}]},
         "provision":{"period":{"start":"2015-11-18","end":"2025-12-31"},
           "actor":[{"role":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ParticipationType","code":"CST"}]},"reference":{"reference":"Organization/f001"}}]}}
        """;

    [SkippableFact]
    public void A_research_consent_permits_research_with_its_genetic_data_exception_listed()
    {
        var d = ConsentEvaluator.Evaluate(Handmade(), "HRESCH", "Organization/research-unit", In2025);

        Assert.Equal(ConsentOutcome.Permit, d.Outcome);
        Assert.Equal("provision", d.RulePath);
        Assert.Equal("permit: provision (permit; purpose HRESCH; from 2024-03-01 to no end) applies", d.Reason);
        var r = Assert.Single(d.Restrictions);
        Assert.Equal(new ConsentRestriction(ConsentOutcome.Deny, "provision.provision[0]", "class MolecularSequence; code GE"), r);
    }

    [SkippableFact]
    public void Genetic_data_for_research_is_denied_by_the_nested_provision_and_other_data_is_permitted()
    {
        var consent = Handmade();
        var genetics = ConsentEvaluator.Evaluate(consent, new ConsentRequest("HRESCH", null, In2025) { DataCodes = ["GE"] });
        Assert.Equal((ConsentOutcome.Deny, "provision.provision[0]"), (genetics.Outcome, genetics.RulePath));
        Assert.Equal("deny: provision.provision[0] (deny; purpose HRESCH; class MolecularSequence; code GE) applies", genetics.Reason);
        Assert.Equal(ConsentOutcome.Deny, ConsentEvaluator.Evaluate(consent, new ConsentRequest("HRESCH", null, In2025) { DataClasses = ["MolecularSequence"] }).Outcome);

        var labs = ConsentEvaluator.Evaluate(consent, new ConsentRequest("HRESCH", null, In2025) { DataClasses = ["Observation"], DataCodes = ["CH"] });
        Assert.Equal((ConsentOutcome.Permit, "provision"), (labs.Outcome, labs.RulePath));
        Assert.Empty(labs.Restrictions);

        // Clinical-trial research is a kind of healthcare research (v3-ActReason CLINTRCH under HRESCH).
        Assert.Equal(ConsentOutcome.Permit, ConsentEvaluator.Evaluate(consent, "CLINTRCH", null, In2025).Outcome);
    }

    [SkippableFact]
    public void A_research_consent_does_not_decide_treatment_nor_a_time_before_it_was_given()
    {
        var consent = Handmade();
        var treatment = ConsentEvaluator.Evaluate(consent, "http://terminology.hl7.org/CodeSystem/v3-ActReason|TREAT", "Practitioner/p1", In2025);
        Assert.Equal((ConsentOutcome.NotApplicable, "scope"), (treatment.Outcome, treatment.RulePath));
        Assert.Equal("the consent's scope is research, which does not govern purpose TREAT", treatment.Reason);

        var before = ConsentEvaluator.Evaluate(consent, "HRESCH", null, new DateTimeOffset(2024, 2, 29, 23, 0, 0, TimeSpan.Zero));
        Assert.Equal((ConsentOutcome.NotApplicable, "provision.period"), (before.Outcome, before.RulePath));
        Assert.Equal(ConsentOutcome.Permit, ConsentEvaluator.Evaluate(consent, "HRESCH", null, new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero)).Outcome);
    }

    [Fact]
    public void An_inactive_consent_decides_nothing()
    {
        var d = ConsentEvaluator.Evaluate(Parse(NotOrg.Replace("\"status\":\"active\"", "\"status\":\"inactive\"", StringComparison.Ordinal)), "TREAT", "Organization/f001", In2025);
        Assert.Equal((ConsentOutcome.NotApplicable, "status", "the consent is inactive; only an active consent decides"), (d.Outcome, d.RulePath, d.Reason));
    }

    [Fact]
    public void Sharing_is_denied_to_the_named_organisation_for_the_named_actions_only()
    {
        var consent = Parse(NotOrg);
        var f001 = ConsentEvaluator.Evaluate(consent, new ConsentRequest("TREAT", "Organization/f001", In2025) { Action = "access" });
        Assert.Equal((ConsentOutcome.Deny, "provision"), (f001.Outcome, f001.RulePath));
        Assert.Equal("deny: provision (deny; actor Organization/f001; action access, correct) applies", f001.Reason);

        // An absolute reference to the same organisation is the same actor.
        Assert.Equal(ConsentOutcome.Deny, ConsentEvaluator.Evaluate(consent, "TREAT", "https://fhir.example.org/Organization/f001", In2025).Outcome);

        var other = ConsentEvaluator.Evaluate(consent, new ConsentRequest("TREAT", "Organization/f002", In2025) { Action = "access" });
        Assert.Equal(ConsentOutcome.Permit, other.Outcome);
        Assert.Contains("does not cover this request, so the opposite of its deny holds", other.Reason, StringComparison.Ordinal);
        Assert.Equal(ConsentOutcome.Permit, ConsentEvaluator.Evaluate(consent, new ConsentRequest("TREAT", "Organization/f001", In2025) { Action = "collect" }).Outcome);
    }

    [Fact]
    public void An_opt_out_root_without_a_type_denies_its_actor_within_its_period_and_the_end_date_covers_its_whole_day()
    {
        var consent = Parse(OptOut);
        Assert.Equal(ConsentOutcome.Deny, ConsentEvaluator.Evaluate(consent, "TREAT", "Organization/f001", In2025).Outcome);
        Assert.Equal(ConsentOutcome.Permit, ConsentEvaluator.Evaluate(consent, "TREAT", "Organization/f002", In2025).Outcome);
        Assert.Equal(ConsentOutcome.Deny, ConsentEvaluator.Evaluate(consent, "TREAT", "Organization/f001", new DateTimeOffset(2025, 12, 31, 23, 59, 0, TimeSpan.Zero)).Outcome);
        var after = ConsentEvaluator.Evaluate(consent, "TREAT", "Organization/f001", new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal(ConsentOutcome.NotApplicable, after.Outcome);
        Assert.Equal("the consent is in force from 2015-11-18 to 2025-12-31, not at 2026-01-01", after.Reason);
        // An unknown requester cannot be the excluded organisation, and cannot match an actor-specific rule either.
        Assert.Equal(ConsentOutcome.Permit, ConsentEvaluator.Evaluate(consent, "TREAT", null, In2025).Outcome);
    }

    [Fact]
    public void When_sibling_exceptions_disagree_deny_wins()
    {
        var consent = Parse("""
            {"resourceType":"Consent","status":"active",
             "scope":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/consentscope","code":"patient-privacy"}]},
             "policyRule":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"OPTIN"}]},
             "provision":{"type":"permit","provision":[
               {"type":"permit","purpose":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActReason","code":"HRESCH"}]},
               {"type":"deny","actor":[{"role":{"text":"recipient"},"reference":{"reference":"Organization/broker"}}]}]}}
            """);
        var d = ConsentEvaluator.Evaluate(consent, "HRESCH", "Organization/broker", In2025);
        Assert.Equal((ConsentOutcome.Deny, "provision.provision[1]"), (d.Outcome, d.RulePath));
        Assert.Equal((ConsentOutcome.Permit, "provision.provision[0]"), (ConsentEvaluator.Evaluate(consent, "HRESCH", "Organization/lab", In2025) is var p ? (p.Outcome, p.RulePath) : default));
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Precis.Server.CdsHooks;
using Precis.Testing;

namespace Precis.Server.Tests;

public class CdsHooksTests
{
    private const string Handmade = "clinical/fhir-r4/handmade";

    private static JsonObject OrderSignRequest() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.Shared(Handmade), "cdshooks-order-sign-pgx-request.json")))!.AsObject();

    /// <summary>The handmade order-sign request (clopidogrel, CYP2C19 *2/*2 therapeutic implication) with genotype Observations for <paramref name="diplotype"/> instead.</summary>
    private static JsonObject WithGenotype(JsonObject request, string diplotype)
    {
        var bundle = JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.Shared(Handmade), "bundle-transaction-pgx-cyp2c19.json")))!;
        var genotype = bundle["entry"]!.AsArray().Select(e => e!["resource"]!).First(r => r["meta"]?["profile"]?[0]?.ToString().EndsWith("/genotype", StringComparison.Ordinal) == true).DeepClone();
        genotype["valueCodeableConcept"] = new JsonObject { ["text"] = "CYP2C19 " + diplotype };
        request["prefetch"] = new JsonObject
        {
            ["pgxGenotypes"] = new JsonObject { ["resourceType"] = "Bundle", ["type"] = "searchset", ["entry"] = new JsonArray(new JsonObject { ["resource"] = genotype }) },
        };
        return request;
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> CallAsync(ServerHost host, string service, JsonNode body, string? token = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/cds-services/" + service) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        if (token is not null)
            request.Headers.Authorization = new("Bearer", token);
        var r = await host.Client.SendAsync(request);
        return (r.StatusCode, await r.Content.ReadFromJsonAsync<JsonElement>());
    }

    [SkippableFact]
    public async Task Every_CDS_Hooks_spec_example_parses_as_a_request_response_or_discovery_document()
    {
        var dir = TestPaths.Shared("clinical/cds-hooks");
        var files = Directory.GetFiles(dir, "*.json").Concat(Directory.GetFiles(TestPaths.Shared(Handmade), "cdshooks-*.json")).ToList();
        Assert.True(files.Count >= 30, $"expected the spec examples in {dir}");
        var requests = 0;
        var rejected = new Dictionary<string, string>();
        foreach (var file in files)
        {
            var node = JsonNode.Parse(File.ReadAllText(file))!;
            if (node is JsonObject o && o["hook"]?.ToString() is "order-select" or "order-sign" or "patient-view" && o["context"] is not null)
            {
                // A full request of a hook we serve: our parser accepts it, or names the required field it lacks.
                try
                {
                    var r = CdsRequestParser.Parse(o.ToJsonString(), o["hook"]!.ToString());
                    Assert.False(string.IsNullOrEmpty(r.PatientId), file);
                    requests++;
                }
                catch (CdsRequestException e)
                {
                    rejected[Path.GetFileName(file)] = e.Message;
                }
            }
            else if (node["cards"] is not null)
            {
                var response = node.Deserialize<CdsResponse>(CdsJson.Options)!;
                Assert.All(response.Cards, c => Assert.False(string.IsNullOrEmpty(c.Summary), file));
            }
            else if (node["services"] is not null)
            {
                Assert.NotEmpty(node.Deserialize<CdsDiscovery>(CdsJson.Options)!.Services);
            }
        }

        Assert.Equal(2, requests);
        // The spec's extension example shows only userId; patient-view requires context.patientId.
        Assert.Equal(new Dictionary<string, string> { ["spec-2.0.1-example-26.json"] = "context.patientId: required" }, rejected);
    }

    [Fact]
    public async Task Discovery_lists_the_three_services_with_prefetch_templates()
    {
        await using var host = await ServerHost.StartAsync("sqlite");
        var doc = await (await host.GetAsync("/cds-services", null)).Content.ReadFromJsonAsync<JsonElement>();
        var services = doc.GetProperty("services").EnumerateArray().ToList();
        Assert.Equal(["order-select", "order-sign", "patient-view"], services.Select(s => s.GetProperty("hook").GetString()));
        Assert.Equal("Patient/{{context.patientId}}", services[1].GetProperty("prefetch").GetProperty("patient").GetString());
        Assert.Contains("84413-4", services[1].GetProperty("prefetch").GetProperty("pgxGenotypes").GetString(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_CYP2C19_poor_metaboliser_ordering_clopidogrel_gets_a_warning_card_with_an_alternative()
    {
        await using var host = await ServerHost.StartAsync("sqlite");
        var (status, body) = await CallAsync(host, CdsHooksEndpoints.OrderSign, OrderSignRequest());
        Assert.Equal(HttpStatusCode.OK, status);
        var card = Assert.Single(body.GetProperty("cards").EnumerateArray());
        Assert.Equal("warning", card.GetProperty("indicator").GetString());
        Assert.StartsWith("CYP2C19 Poor Metabolizer:", card.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Contains("clopidogrel", card.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("Annotation of CPIC Guideline for clopidogrel and CYP2C19", card.GetProperty("source").GetProperty("label").GetString(), StringComparison.Ordinal);
        Assert.Contains("pharmgkb.org/guidelineAnnotation/", card.GetProperty("source").GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.Equal("at-most-one", card.GetProperty("selectionBehavior").GetString());
        var suggestion = card.GetProperty("suggestions").EnumerateArray().First();
        Assert.Matches("^Replace clopidogrel with (prasugrel|ticagrelor)", suggestion.GetProperty("label").GetString());
        var actions = suggestion.GetProperty("actions").EnumerateArray().ToList();
        Assert.Equal("delete", actions[0].GetProperty("type").GetString());
        Assert.Equal("MedicationRequest/mr-clopi-1", actions[0].GetProperty("resourceId").GetString());
        Assert.Equal("create", actions[1].GetProperty("type").GetString());
        Assert.Equal("MedicationRequest", actions[1].GetProperty("resource").GetProperty("resourceType").GetString());
        Assert.Contains("from prefetched Observations", card.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_normal_metaboliser_ordering_clopidogrel_gets_no_card()
    {
        await using var host = await ServerHost.StartAsync("sqlite");
        var request = WithGenotype(OrderSignRequest(), "*1/*1");
        var (status, body) = await CallAsync(host, CdsHooksEndpoints.OrderSign, request);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(body.GetProperty("cards").EnumerateArray());
        // The same request with *2/*2 genotype Observations does give the card, so the empty answer is the genotype's.
        var (_, pm) = await CallAsync(host, CdsHooksEndpoints.OrderSign, WithGenotype(OrderSignRequest(), "*2/*2"));
        Assert.Single(pm.GetProperty("cards").EnumerateArray());
    }

    [SkippableFact]
    public async Task The_stored_plan_of_a_patient_gives_the_card_and_a_link_to_the_plan_and_the_call_is_audited()
    {
        await using var host = await ServerHost.StartAsync("sqlite");
        var patient = await host.PatientAsync("example");
        var plan = await DemoPlan.StoreAsync(host, patient);
        var request = OrderSignRequest();
        request.Remove("prefetch");
        var (status, body) = await CallAsync(host, CdsHooksEndpoints.OrderSign, request);
        Assert.Equal(HttpStatusCode.OK, status);
        var card = Assert.Single(body.GetProperty("cards").EnumerateArray());
        Assert.Equal("warning", card.GetProperty("indicator").GetString());
        Assert.Contains("from stored plan", card.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains(card.GetProperty("links").EnumerateArray(), l => l.GetProperty("url").GetString()!.EndsWith($"/api/plans/{plan:D}?format=html", StringComparison.Ordinal));
        await using var db = host.Db();
        var entry = db.Audit.OrderBy(a => a.Sequence).AsEnumerable().Last();
        Assert.Equal(("cds-order-sign", patient), (entry.Action, entry.PatientId));

        var view = new JsonObject { ["hook"] = "patient-view", ["hookInstance"] = Guid.NewGuid().ToString(), ["context"] = new JsonObject { ["userId"] = "Practitioner/1", ["patientId"] = "example" } };
        var (viewStatus, viewBody) = await CallAsync(host, CdsHooksEndpoints.PatientView, view);
        Assert.Equal(HttpStatusCode.OK, viewStatus);
        Assert.StartsWith("Precis plan:", Assert.Single(viewBody.GetProperty("cards").EnumerateArray()).GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    [SkippableTheory]
    [InlineData("hook", null, "hook: required")]
    [InlineData("hook", "patient-view", "hook: this service answers 'order-sign', the request is for 'patient-view'")]
    [InlineData("hookInstance", null, "hookInstance: required")]
    [InlineData("context", null, "context: required object")]
    [InlineData("fhirServer", "not a url", "fhirServer: must be an absolute URL")]
    public async Task A_malformed_request_gets_400_with_the_reason(string field, string? value, string reason)
    {
        await using var host = await ServerHost.StartAsync("sqlite");
        var request = OrderSignRequest();
        if (value is null)
            request.Remove(field);
        else
            request[field] = value;
        var (status, body) = await CallAsync(host, CdsHooksEndpoints.OrderSign, request);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(reason, body.GetProperty("error").GetString());
    }

    [SkippableFact]
    public async Task Missing_draft_orders_selections_and_invalid_JSON_get_400_with_the_reason()
    {
        await using var host = await ServerHost.StartAsync("sqlite");
        var noDrafts = OrderSignRequest();
        noDrafts["context"]!.AsObject().Remove("draftOrders");
        Assert.Equal("context.draftOrders: required for order-sign, a FHIR Bundle", (await CallAsync(host, CdsHooksEndpoints.OrderSign, noDrafts)).Body.GetProperty("error").GetString());
        var select = OrderSignRequest();
        select["hook"] = "order-select";
        Assert.Equal("context.selections: required for order-select, a non-empty array of 'Type/id'", (await CallAsync(host, CdsHooksEndpoints.OrderSelect, select)).Body.GetProperty("error").GetString());
        var r = await host.Client.PostAsync("/cds-services/" + CdsHooksEndpoints.OrderSign, new StringContent("{\"hook\":", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.StartsWith("the body is not valid JSON", (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Order_select_only_checks_the_selected_orders()
    {
        await using var host = await ServerHost.StartAsync("sqlite");
        var request = OrderSignRequest();
        request["hook"] = "order-select";
        request["context"]!["selections"] = new JsonArray("MedicationRequest/something-else");
        var (status, body) = await CallAsync(host, CdsHooksEndpoints.OrderSelect, request);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(body.GetProperty("cards").EnumerateArray());
        request["context"]!["selections"] = new JsonArray("MedicationRequest/mr-clopi-1");
        Assert.Single((await CallAsync(host, CdsHooksEndpoints.OrderSelect, request)).Body.GetProperty("cards").EnumerateArray());
    }

    [SkippableFact]
    public async Task Client_JWTs_are_checked_for_issuer_audience_signature_and_replay()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var jwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(ECDsa.Create(ec.ExportParameters(false))) { KeyId = "ehr-1" });
        var jwks = JsonSerializer.Serialize(new { keys = new[] { new { kty = jwk.Kty, kid = jwk.Kid, crv = jwk.Crv, x = jwk.X, y = jwk.Y, alg = "ES384", use = "sig" } } });
        await using var host = await ServerHost.StartAsync("sqlite", o =>
        {
            o.CdsHooks.RequireClientAuth = true;
            o.PublicBaseUrl = "https://precis.example.org";
            o.CdsHooks.Clients.Add(new TrustedIssuer { Issuer = "https://ehr.example.org", Jwks = jwks });
        });
        var aud = "https://precis.example.org/cds-services/" + CdsHooksEndpoints.OrderSign;
        string Token(string audience, string? jti = null, string issuer = "https://ehr.example.org") => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Expires = DateTime.UtcNow.AddMinutes(5),
            Claims = new Dictionary<string, object> { ["jti"] = jti ?? Guid.NewGuid().ToString(), ["sub"] = "ehr-client" },
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(ec) { KeyId = "ehr-1" }, SecurityAlgorithms.EcdsaSha384),
        });
        var request = OrderSignRequest();
        Assert.Equal(HttpStatusCode.Unauthorized, (await CallAsync(host, CdsHooksEndpoints.OrderSign, request)).Status);
        Assert.Equal(HttpStatusCode.OK, (await CallAsync(host, CdsHooksEndpoints.OrderSign, request, Token(aud, "jti-1"))).Status);
        var replay = await CallAsync(host, CdsHooksEndpoints.OrderSign, request, Token(aud, "jti-1"));
        Assert.Equal(HttpStatusCode.Unauthorized, replay.Status);
        Assert.Contains("replay", replay.Body.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await CallAsync(host, CdsHooksEndpoints.OrderSign, request, Token("https://precis.example.org/cds-services/other"))).Status);
        var foreign = await CallAsync(host, CdsHooksEndpoints.OrderSign, request, Token(aud, issuer: "https://evil.example.org"));
        Assert.Equal("issuer 'https://evil.example.org' is not an allowed CDS client", foreign.Body.GetProperty("error").GetString());
    }

    [SkippableFact]
    public async Task RS384_client_JWTs_are_accepted_from_the_clients_RSA_key_only()
    {
        // CDS Hooks 2.0 recommends ES384 and RS384 alike; the load test (bench/server) runs both.
        using var rsa = RSA.Create(2048);
        using var other = RSA.Create(2048);
        var p = rsa.ExportParameters(false);
        var jwks = JsonSerializer.Serialize(new { keys = new[] { new { kty = "RSA", kid = "ehr-rsa", n = Base64UrlEncoder.Encode(p.Modulus), e = Base64UrlEncoder.Encode(p.Exponent), alg = "RS384", use = "sig" } } });
        await using var host = await ServerHost.StartAsync("sqlite", o =>
        {
            o.CdsHooks.RequireClientAuth = true;
            o.PublicBaseUrl = "https://precis.example.org";
            o.CdsHooks.Clients.Add(new TrustedIssuer { Issuer = "https://ehr.example.org", Jwks = jwks });
        });
        var aud = "https://precis.example.org/cds-services/" + CdsHooksEndpoints.OrderSelect;
        string Token(RSA key) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "https://ehr.example.org",
            Audience = aud,
            Expires = DateTime.UtcNow.AddMinutes(5),
            Claims = new Dictionary<string, object> { ["jti"] = Guid.NewGuid().ToString(), ["sub"] = "ehr-client" },
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(key) { KeyId = "ehr-rsa" }, SecurityAlgorithms.RsaSha384),
        });
        var request = OrderSignRequest();
        request["hook"] = "order-select";
        request["context"]!["selections"] = new JsonArray("MedicationRequest/mr-clopi-1");
        var ok = await CallAsync(host, CdsHooksEndpoints.OrderSelect, request, Token(rsa));
        Assert.Equal(HttpStatusCode.OK, ok.Status);
        Assert.Single(ok.Body.GetProperty("cards").EnumerateArray());
        var forged = await CallAsync(host, CdsHooksEndpoints.OrderSelect, request, Token(other));
        Assert.Equal(HttpStatusCode.Unauthorized, forged.Status);
        Assert.StartsWith("invalid client JWT", forged.Body.GetProperty("error").GetString(), StringComparison.Ordinal);
        await using var db = host.Db();
        Assert.Single(db.Audit.AsEnumerable(), a => a.Action == "cds-order-select" && a.Actor == "https://ehr.example.org");
    }

    [Fact]
    public async Task Feedback_is_validated_and_recorded()
    {
        await using var host = await ServerHost.StartAsync("sqlite");
        var card = Guid.NewGuid();
        var ok = new { feedback = new[] { new { card = card.ToString(), outcome = "overridden", outcomeTimestamp = "2026-11-22T09:00:00Z", overrideReason = new { key = "benefit-outweighs-risk" } } } };
        var r = await host.PostJsonAsync($"/cds-services/{CdsHooksEndpoints.OrderSign}/feedback", null, ok);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var bad = await host.PostJsonAsync($"/cds-services/{CdsHooksEndpoints.OrderSign}/feedback", null, new { feedback = new[] { new { card = card.ToString(), outcome = "ignored", outcomeTimestamp = "2026-11-22T09:00:00Z" } } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("feedback[0].outcome: 'accepted' or 'overridden'", (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        await using var db = host.Db();
        Assert.Contains(db.Audit.AsEnumerable(), a => a.Action == "cds-feedback-overridden" && a.Resource.EndsWith(card.ToString("D"), StringComparison.Ordinal));
    }
}

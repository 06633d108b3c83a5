using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Precis.Storage;

namespace Precis.Server.Tests;

/// <summary>Every endpoint × role × own/other patient: the expected allow or deny, 401 without a token, and an audit entry per access.</summary>
public class AuthorisationMatrixTests
{
    private sealed record Actor(string Name, Guid? UserId, string? Token);

    private sealed record Case(string Name, HttpMethod Method, string Url, Func<int, HttpContent?> Body, string[] Allowed, HttpStatusCode[] AllowedStatus);

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Every_endpoint_allows_exactly_the_expected_roles_and_audits_every_access(string provider)
    {
        await using var host = await ServerHost.StartAsync(provider);
        var c1 = await host.UserAsync(Roles.Clinician);
        var c2 = await host.UserAsync(Roles.Clinician);
        var c3 = await host.UserAsync(Roles.Clinician);
        var a = await host.PatientAsync("MRN-A", c1.User.Id);
        var b = await host.PatientAsync("MRN-B", c2.User.Id);
        var pa = await host.UserAsync(Roles.Patient, a);
        var pb = await host.UserAsync(Roles.Patient, b);
        var researcher = await host.UserAsync(Roles.Researcher);
        var admin = await host.UserAsync(Roles.Admin);
        var planA = await DemoPlan.StoreAsync(host, a);
        var jobA = Guid.NewGuid();
        await using (var db = host.Db())
        {
            db.Jobs.Add(new AnalysisJobEntity { Id = jobA, PatientId = a, Status = JobStatus.Succeeded, InputsHash = "x", UploadIds = "", CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }

        var fhir = DemoPlan.Bytes("demo.fhir.json");
        var actors = new[]
        {
            new Actor("clinician of A", c1.User.Id, c1.Token), new Actor("clinician of B", c2.User.Id, c2.Token),
            new Actor("patient A", pa.User.Id, pa.Token), new Actor("patient B", pb.User.Id, pb.Token),
            new Actor("researcher", researcher.User.Id, researcher.Token), new Actor("admin", admin.User.Id, admin.Token),
            new Actor("anonymous", null, null),
        };
        HttpContent? None(int _) => null;
        var ok = new[] { HttpStatusCode.OK };
        var cases = new[]
        {
            new Case("list patients", HttpMethod.Get, "/api/patients", None, ["clinician of A", "clinician of B", "patient A", "patient B", "admin"], ok),
            new Case("create patient", HttpMethod.Post, "/api/patients", i => JsonContent.Create(new { externalId = $"NEW-{i}", displayName = "New Patient" }), ["clinician of A", "clinician of B", "admin"], [HttpStatusCode.Created]),
            new Case("get patient A", HttpMethod.Get, $"/api/patients/{a:D}", None, ["clinician of A", "patient A", "admin"], ok),
            new Case("list A's uploads", HttpMethod.Get, $"/api/patients/{a:D}/uploads", None, ["clinician of A", "patient A"], ok),
            new Case("upload for A", HttpMethod.Post, $"/api/patients/{a:D}/uploads?kind=fhir&name=demo.fhir.json", _ => new ByteArrayContent(fhir), ["clinician of A"], [HttpStatusCode.Created]),
            new Case("start a job for A", HttpMethod.Post, $"/api/patients/{a:D}/jobs", None, ["clinician of A"], [HttpStatusCode.Accepted, HttpStatusCode.OK]),
            new Case("list A's jobs", HttpMethod.Get, $"/api/patients/{a:D}/jobs", None, ["clinician of A", "patient A"], ok),
            new Case("get A's job", HttpMethod.Get, $"/api/jobs/{jobA:D}", None, ["clinician of A", "patient A"], ok),
            new Case("cancel A's finished job", HttpMethod.Post, $"/api/jobs/{jobA:D}/cancel", None, ["clinician of A"], [HttpStatusCode.Conflict]),
            new Case("list A's plans", HttpMethod.Get, $"/api/patients/{a:D}/plans", None, ["clinician of A", "patient A"], ok),
            new Case("get A's plan (json)", HttpMethod.Get, $"/api/plans/{planA:D}", None, ["clinician of A", "patient A"], ok),
            new Case("get A's plan (patient html)", HttpMethod.Get, $"/api/plans/{planA:D}?format=patient", None, ["clinician of A", "patient A"], ok),
            new Case("research aggregates", HttpMethod.Get, "/api/research/phenotypes", None, ["researcher"], ok),
            new Case("list users", HttpMethod.Get, "/api/users", None, ["admin"], ok),
            new Case("create user", HttpMethod.Post, "/api/users", i => JsonContent.Create(new { userName = $"new-user-{i}", password = "a long enough password", role = "clinician" }), ["admin"], [HttpStatusCode.Created]),
            new Case("link a clinician to A", HttpMethod.Post, $"/api/patients/{a:D}/care-team", _ => JsonContent.Create(new { clinicianId = c3.User.Id }), ["admin"], [HttpStatusCode.Created, HttpStatusCode.OK]),
        };

        var failures = new List<string>();
        var n = 0;
        foreach (var c in cases)
        {
            foreach (var actor in actors)
            {
                long before;
                await using (var db = host.Db())
                    before = await db.Audit.CountAsync();
                var response = await host.SendAsync(c.Method, c.Url, actor.Token, c.Body(n++));
                var allowed = c.Allowed.Contains(actor.Name);
                var status = response.StatusCode;
                if (actor.Token is null)
                {
                    if (status != HttpStatusCode.Unauthorized)
                        failures.Add($"{c.Name} / {actor.Name}: expected 401, got {(int)status}");
                    continue;
                }

                if (allowed && !c.AllowedStatus.Contains(status))
                    failures.Add($"{c.Name} / {actor.Name}: expected {string.Join(" or ", c.AllowedStatus.Select(s => (int)s))}, got {(int)status} {await response.Content.ReadAsStringAsync()}");
                if (!allowed && status != HttpStatusCode.Forbidden)
                    failures.Add($"{c.Name} / {actor.Name}: expected 403, got {(int)status}");

                await using var check = host.Db();
                var entries = await check.Audit.Where(e => e.Sequence > before).OrderBy(e => e.Sequence).ToListAsync();
                var mine = entries.Where(e => e.Actor == actor.UserId!.Value.ToString("D")).ToList();
                if (mine.Count == 0)
                    failures.Add($"{c.Name} / {actor.Name}: no audit entry");
                else if (mine[^1].Outcome != (allowed ? "allowed" : "denied"))
                    failures.Add($"{c.Name} / {actor.Name}: audit outcome {mine[^1].Outcome}");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));

        // The scoped list: each clinician sees only their own patients.
        var list = await (await host.GetAsync("/api/patients", c2.Token)).Content.ReadFromJsonAsync<List<Services.PatientDto>>();
        Assert.Contains(list!, p => p.Id == b);
        Assert.DoesNotContain(list!, p => p.Id == a);
        await using var verify = host.Db();
        var chain = await AuditLog.VerifyAsync(verify);
        Assert.True(chain.IsIntact, chain.Reason);
    }
    /// <summary>The web UI's pages (GET; the POST handlers need the antiforgery token and call the same services).</summary>
    [SkippableFact]
    public async Task Every_page_of_the_web_UI_allows_exactly_the_expected_roles()
    {
        await using var host = await ServerHost.StartAsync("sqlite");
        var c1 = await host.UserAsync(Roles.Clinician);
        var c2 = await host.UserAsync(Roles.Clinician);
        var a = await host.PatientAsync("MRN-A", c1.User.Id);
        var b = await host.PatientAsync("MRN-B", c2.User.Id);
        var pa = await host.UserAsync(Roles.Patient, a);
        var pb = await host.UserAsync(Roles.Patient, b);
        var researcher = await host.UserAsync(Roles.Researcher);
        var admin = await host.UserAsync(Roles.Admin);
        await DemoPlan.StoreAsync(host, a);
        var jobA = Guid.NewGuid();
        await using (var db = host.Db())
        {
            db.Jobs.Add(new AnalysisJobEntity { Id = jobA, PatientId = a, Status = JobStatus.Succeeded, InputsHash = "x", UploadIds = "", CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }

        var actors = new (string Name, string? Token)[]
        {
            ("clinician of A", c1.Token), ("clinician of B", c2.Token), ("patient A", pa.Token), ("patient B", pb.Token),
            ("researcher", researcher.Token), ("admin", admin.Token), ("anonymous", null),
        };
        // Expected status per actor, in the order above. A clinician off the care team gets the same 404 as for a
        // patient that does not exist; other roles get 403; no token redirects to the sign-in page.
        const HttpStatusCode Ok = HttpStatusCode.OK, No = HttpStatusCode.Forbidden, Hidden = HttpStatusCode.NotFound, SignIn = HttpStatusCode.Redirect;
        var pages = new (string Url, HttpStatusCode[] Expected)[]
        {
            ("/", [SignIn, SignIn, SignIn, SignIn, No, No, SignIn]), // clinicians to /patients, patients to /portal
            ("/patients", [Ok, Ok, No, No, No, No, SignIn]),
            ($"/patients/{a:D}", [Ok, Hidden, No, No, No, No, SignIn]),
            ($"/patients/{a:D}/jobs/{jobA:D}", [Ok, Hidden, No, No, No, No, SignIn]),
            ($"/patients/{a:D}/plan", [Ok, Hidden, No, No, No, No, SignIn]),
            ($"/patients/{a:D}/plan?handler=Document", [Ok, Hidden, No, No, No, No, SignIn]),
            ($"/patients/{a:D}/drug-check?drug=clopidogrel", [Ok, Hidden, No, No, No, No, SignIn]),
            ("/portal", [No, No, Ok, Ok, No, No, SignIn]),
            ("/portal?handler=Document", [No, No, Ok, Hidden, No, No, SignIn]),
        };

        var failures = new List<string>();
        foreach (var (url, expected) in pages)
        {
            for (var i = 0; i < actors.Length; i++)
            {
                var r = await host.GetAsync(url, actors[i].Token);
                if (r.StatusCode != expected[i])
                    failures.Add($"GET {url} / {actors[i].Name}: expected {(int)expected[i]}, got {(int)r.StatusCode}");
                else if (r.StatusCode == HttpStatusCode.Redirect && actors[i].Token is null && r.Headers.Location?.OriginalString.StartsWith("/signin", StringComparison.Ordinal) != true)
                    failures.Add($"GET {url} / anonymous: redirected to {r.Headers.Location}, not the sign-in page");
                if (r.StatusCode == Ok && (await r.Content.ReadAsStringAsync()).Contains("MRN-B", StringComparison.Ordinal) && actors[i].Name != "clinician of B" && actors[i].Name != "patient B")
                    failures.Add($"GET {url} / {actors[i].Name}: the page shows patient B");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    /// <summary>
    /// Each mapped endpoint is in one of the matrices above or is public by design: a new endpoint fails this test
    /// until it gets its row (and its role expectations) there.
    /// </summary>
    [Fact]
    public async Task Every_mapped_endpoint_is_covered_by_a_matrix_or_is_public_by_design()
    {
        await using var host = await ServerHost.StartAsync("sqlite");
        var mapped = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods is { Count: > 0 } m ? string.Join(",", m) : "ANY") + " /" + e.RoutePattern.RawText!.TrimStart('/'))
            .ToHashSet(StringComparer.Ordinal);
        var covered = new HashSet<string>(StringComparer.Ordinal)
        {
            // Every_endpoint_allows_exactly_the_expected_roles_and_audits_every_access
            "GET /api/patients", "POST /api/patients", "GET /api/patients/{patientId:guid}",
            "GET /api/patients/{patientId:guid}/uploads", "POST /api/patients/{patientId:guid}/uploads",
            "POST /api/patients/{patientId:guid}/jobs", "GET /api/patients/{patientId:guid}/jobs",
            "GET /api/jobs/{jobId:guid}", "POST /api/jobs/{jobId:guid}/cancel",
            "GET /api/patients/{patientId:guid}/plans", "GET /api/plans/{planId:guid}",
            "GET /api/research/phenotypes", "GET /api/users", "POST /api/users", "POST /api/patients/{patientId:guid}/care-team",
            // Every_page_of_the_web_UI_allows_exactly_the_expected_roles
            "ANY /", "ANY /patients", "ANY /patients/{id:guid}", "ANY /patients/{id:guid}/jobs/{jobId:guid}",
            "ANY /patients/{id:guid}/plan", "ANY /patients/{id:guid}/drug-check", "ANY /portal",
            // CDS Hooks: client JWTs, not user roles (CdsHooksTests: Client_JWTs_are_checked_for_issuer_audience_signature_and_replay)
            "POST /cds-services/{id}", "POST /cds-services/{id}/feedback",
            // Public by design: no health data.
            "GET /cds-services", "POST /api/auth/token", "POST /api/auth/signout", "POST /api/bootstrap", "ANY /signin", "ANY /signout",
            "ANY /health/live", "ANY /health/ready", "GET /openapi/{documentName}.json", "GET /ui/site.css", "GET /ui/site.js",
        };
        var uncovered = mapped.Except(covered).Order(StringComparer.Ordinal).ToList();
        var gone = covered.Except(mapped).Order(StringComparer.Ordinal).ToList();
        Assert.True(uncovered.Count == 0 && gone.Count == 0,
            $"endpoints without a matrix row: {string.Join(", ", uncovered)}; matrix rows without an endpoint: {string.Join(", ", gone)}");
    }
}

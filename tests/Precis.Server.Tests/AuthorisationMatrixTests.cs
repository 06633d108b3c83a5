using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
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
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Precis.Storage;

namespace Precis.Server.Tests;

public class JobsAndUploadsTests
{
    [Fact]
    public async Task Uploading_the_demo_patient_and_running_a_job_stores_a_plan_in_every_format_and_a_rerun_returns_the_same_job()
    {
        await using var host = await ServerHost.StartAsync("sqlite");
        var (clinician, token) = await host.UserAsync(Roles.Clinician);
        var patient = await host.PatientAsync("MARIA-DEMO", clinician.Id);
        Assert.Equal(HttpStatusCode.Created, (await host.UploadAsync(patient, "vcf", "demo.germline.vcf", DemoPlan.Bytes("demo.germline.vcf"), token)).StatusCode);
        var fhir = await host.UploadAsync(patient, "fhir", "demo.fhir.json", DemoPlan.Bytes("demo.fhir.json"), token);
        var upload = await fhir.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(DemoPlan.Bytes("demo.fhir.json"))), upload.GetProperty("sha256").GetString());

        var start = await host.SendAsync(HttpMethod.Post, $"/api/patients/{patient:D}/jobs", token);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var jobId = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var job = await host.WaitForJobAsync(jobId, token, seconds: 240);
        Assert.Equal("succeeded", job.GetProperty("status").GetString());
        Assert.Equal(100, job.GetProperty("progress").GetInt32());
        var planId = job.GetProperty("planId").GetGuid();

        var json = await (await host.GetAsync($"/api/plans/{planId:D}", token)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(json.GetProperty("findings").EnumerateArray(), f => f.GetProperty("id").GetString() == "pgx:CYP2C19:phenotype"
            && f.GetProperty("details").GetProperty("phenotype").GetString() == "Poor Metabolizer");
        var html = await host.GetAsync($"/api/plans/{planId:D}?format=html", token);
        Assert.Equal("text/html; charset=utf-8", html.Content.Headers.ContentType!.ToString());
        var fhirOut = await host.GetAsync($"/api/plans/{planId:D}?format=fhir", token);
        Assert.Equal(HttpStatusCode.OK, fhirOut.StatusCode);
        Assert.Equal("Bundle", (await fhirOut.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("resourceType").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await host.GetAsync($"/api/plans/{planId:D}?format=docx", token)).StatusCode);

        var again = await host.SendAsync(HttpMethod.Post, $"/api/patients/{patient:D}/jobs", token);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(jobId, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        await using var db = host.Db();
        Assert.True((await AuditLog.VerifyAsync(db)).IsIntact);
        // No plaintext genome at rest: the VCF's header line is not in any stored blob.
        foreach (var blob in Directory.GetFiles(Path.Combine(host.DataDirectory, "store", "blobs"), "*.blob", SearchOption.AllDirectories))
            Assert.Equal(-1, (await File.ReadAllBytesAsync(blob)).AsSpan().IndexOf("##fileformat=VCF"u8));
    }

    [Fact]
    public async Task An_upload_whose_header_does_not_fit_its_kind_or_that_is_too_large_leaves_no_row_and_no_blob()
    {
        await using var host = await ServerHost.StartAsync("sqlite", o => o.MaxUploadBytes = 50_000);
        var (clinician, token) = await host.UserAsync(Roles.Clinician);
        var patient = await host.PatientAsync("P1", clinician.Id);
        var wrong = await host.UploadAsync(patient, "vcf", "notes.vcf", Encoding.UTF8.GetBytes("hello\n"), token);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal("notes.vcf line 1: a VCF starts with '##fileformat=VCFv4.x' (plain, gzip or BGZF); found 'hello'",
            (await wrong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        var big = await host.UploadAsync(patient, "vcf", "demo.germline.vcf", DemoPlan.Bytes("demo.germline.vcf"), token);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big.StatusCode);
        Assert.Contains("larger than the limit of 50000 bytes", (await big.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var bundle = await host.UploadAsync(patient, "fhir", "x.json", Encoding.UTF8.GetBytes("{\"resourceType\":\"Patient\"}"), token);
        Assert.Equal("x.json: resourceType is 'Patient', expected 'Bundle'", (await bundle.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        await using var db = host.Db();
        Assert.Equal(0, await db.Uploads.CountAsync());
        Assert.Empty(Directory.GetFiles(Path.Combine(host.DataDirectory, "store"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_job_whose_worker_died_is_requeued_on_restart_and_completes_and_one_past_its_attempts_fails_with_the_reason()
    {
        var host = await ServerHost.StartAsync("sqlite");
        var (clinician, token) = await host.UserAsync(Roles.Clinician);
        var patient = await host.PatientAsync("P2", clinician.Id);
        var upload = await (await host.UploadAsync(patient, "fhir", "demo.fhir.json", DemoPlan.Bytes("demo.fhir.json"), token)).Content.ReadFromJsonAsync<JsonElement>();
        var uploadId = upload.GetProperty("id").GetGuid();
        host = await host.RestartAsync(o => o.JobConcurrency = 0); // stop the first process
        await host.StopAsync();

        // As a killed process leaves them: running, leased by a dead worker, heartbeat long ago.
        var resumed = Guid.NewGuid();
        var exhausted = Guid.NewGuid();
        await using (var db = PrecisDatabase.Open(host.Database))
        {
            foreach (var (id, attempts) in new[] { (resumed, 1), (exhausted, 3) })
            {
                db.Jobs.Add(new AnalysisJobEntity
                {
                    Id = id,
                    PatientId = patient,
                    Status = JobStatus.Running,
                    InputsHash = id.ToString("N"),
                    UploadIds = uploadId.ToString("D"),
                    Attempts = attempts,
                    LeaseOwner = "dead-worker",
                    HeartbeatAt = DateTimeOffset.UtcNow.AddMinutes(-10),
                    CreatedAt = DateTimeOffset.UtcNow,
                });
            }

            await db.SaveChangesAsync();
        }

        await using var restarted = await ServerHost.StartOnAsync(host.Database, host.DataDirectory, host.EncryptionKey, host.SigningKey, ownsData: true);
        var failed = await restarted.WaitForJobAsync(exhausted, token);
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Equal("abandoned: the worker stopped 3 times without finishing", failed.GetProperty("error").GetString());
        var done = await restarted.WaitForJobAsync(resumed, token, seconds: 240);
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        Assert.Equal(2, done.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task A_graceful_shutdown_during_a_job_puts_it_back_in_the_queue_with_no_plan_row_and_the_next_start_finishes_it()
    {
        // The job is held at its first checkpoint until the shutdown cancels it, so the test does not depend on the
        // composer being slower than the test's polling (on an idle machine it takes about a second).
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var host = await ServerHost.StartAsync("sqlite", o => o.CheckpointObserver = (_, ct) =>
        {
            held.TrySetResult();
            ct.WaitHandle.WaitOne(TimeSpan.FromMinutes(2));
        });
        var (clinician, token) = await host.UserAsync(Roles.Clinician);
        var patient = await host.PatientAsync("P3", clinician.Id);
        await host.UploadAsync(patient, "vcf", "demo.germline.vcf", DemoPlan.Bytes("demo.germline.vcf"), token);
        await host.UploadAsync(patient, "fhir", "demo.fhir.json", DemoPlan.Bytes("demo.fhir.json"), token);
        var start = await host.SendAsync(HttpMethod.Post, $"/api/patients/{patient:D}/jobs", token);
        var jobId = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        // Wait until the worker has claimed the job and the composer has reached its first checkpoint.
        await held.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await using (var db = host.Db())
            Assert.Equal(JobStatus.Running, (await db.Jobs.AsNoTracking().FirstAsync(j => j.Id == jobId)).Status);

        await host.StopAsync(); // IHost.StopAsync: what SIGTERM triggers in `precis serve`

        await using (var db = host.Db())
        {
            var row = await db.Jobs.AsNoTracking().FirstAsync(j => j.Id == jobId);
            Assert.Equal(JobStatus.Queued, row.Status);
            Assert.Null(row.LeaseOwner);
            Assert.Null(row.PlanId);
            Assert.Null(row.FinishedAt);
            Assert.Equal(0, row.Attempts); // a shutdown does not count against the job's attempts
            Assert.Equal("re-queued at shutdown", row.Stage);
            Assert.Equal(0, await db.Plans.CountAsync());
            Assert.True((await AuditLog.VerifyAsync(db)).IsIntact);
        }

        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(host.DataDirectory, "work")));
        await using var restarted = await ServerHost.StartOnAsync(host.Database, host.DataDirectory, host.EncryptionKey, host.SigningKey, ownsData: true);
        var done = await restarted.WaitForJobAsync(jobId, token, seconds: 240);
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        Assert.Equal(1, done.GetProperty("attempts").GetInt32());
        await using var after = restarted.Db();
        Assert.Equal(done.GetProperty("planId").GetGuid(), Assert.Single(await after.Plans.AsNoTracking().ToListAsync()).Id);
    }
}

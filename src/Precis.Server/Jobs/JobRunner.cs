using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Precis.Core;
using Precis.Knowledge;
using Precis.Plans;
using Precis.Reporting;
using Precis.Server.Services;
using Precis.Storage;

namespace Precis.Server.Jobs;

/// <summary>
/// The analysis queue: claims queued jobs (an atomic status update, so two workers never run one job), decrypts
/// the uploads to a private work directory, runs <see cref="PlanComposer"/> exactly like <c>precis plan</c>, and
/// stores the plan and the job's end in one audited transaction. Progress reports are the checkpoints: a cancel
/// or shutdown stops the job there (shutdown re-queues it). A heartbeat keeps the lease; a job whose heartbeat
/// is stale (its process died) is re-queued or, after <see cref="PrecisServerOptions.JobMaxAttempts"/>, failed.
/// </summary>
public sealed partial class JobRunner(
    IServiceScopeFactory scopes,
    BlobStore blobs,
    KnowledgeCatalog knowledge,
    JobSignal signal,
    AuditLog audit,
    IOptions<PrecisServerOptions> options,
    TimeProvider clock,
    ILogger<JobRunner> log) : BackgroundService
{
    private readonly string _owner = Truncate($"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}", 100);
    private readonly PrecisServerOptions _options = options.Value;

    /// <summary>Re-queues or fails jobs whose worker died; called at start-up and on every poll.</summary>
    public async Task<int> RecoverStaleAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PrecisDbContext>();
        var cutoff = clock.GetUtcNow() - _options.JobLease;
        var running = await db.Jobs.Where(j => j.Status == JobStatus.Running).ToListAsync(cancellationToken);
        var stale = running.Where(j => j.HeartbeatAt is null || j.HeartbeatAt < cutoff).ToList();
        foreach (var job in stale)
        {
            var requeue = job.Attempts < _options.JobMaxAttempts && !job.CancelRequested;
            await audit.WriteAsync(db, new AuditEvent("system", "service", requeue ? "requeue" : "fail", $"job/{job.Id:D}", job.PatientId, "allowed"), () =>
            {
                job.LeaseOwner = null;
                if (requeue)
                {
                    job.Status = JobStatus.Queued;
                    job.Stage = $"re-queued: the worker stopped without finishing (attempt {job.Attempts} of {_options.JobMaxAttempts})";
                    job.Progress = 0;
                }
                else
                {
                    job.Status = job.CancelRequested ? JobStatus.Cancelled : JobStatus.Failed;
                    job.Error = job.CancelRequested ? null : $"abandoned: the worker stopped {job.Attempts} times without finishing";
                    job.FinishedAt = clock.GetUtcNow();
                }

                return Task.FromResult(true);
            }, cancellationToken);
            var (staleId, outcome) = (job.Id, requeue ? "re-queued" : "failed");
            log.LogWarning("Job {JobId} had a stale lease; {Outcome}", staleId, outcome);
        }

        return stale.Count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var running = new List<Task>();
        var poll = TimeSpan.FromSeconds(Math.Clamp(_options.JobLease.TotalSeconds / 4, 0.2, 5));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                running.RemoveAll(t => t.IsCompleted);
                await RecoverStaleAsync(stoppingToken);
                while (running.Count < Math.Max(1, _options.JobConcurrency) && await ClaimAsync(stoppingToken) is { } job)
                    running.Add(Task.Run(() => RunAsync(job, stoppingToken), CancellationToken.None));
                await signal.WaitAsync(poll, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException)
            {
                log.LogError(e, "Job queue poll failed; retrying");
                await Task.Delay(poll, CancellationToken.None);
            }
        }

        // Graceful shutdown: running jobs stop at their next checkpoint and put themselves back in the queue.
        await Task.WhenAll(running);
    }

    private async Task<AnalysisJobEntity?> ClaimAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PrecisDbContext>();
        var candidates = (await db.Jobs.AsNoTracking().Where(j => j.Status == JobStatus.Queued).Select(j => new { j.Id, j.CreatedAt }).ToListAsync(ct))
            .OrderBy(j => j.CreatedAt).Take(5);
        foreach (var c in candidates)
        {
            var now = clock.GetUtcNow();
            var claimed = await db.Jobs.Where(j => j.Id == c.Id && j.Status == JobStatus.Queued)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.Status, JobStatus.Running)
                    .SetProperty(j => j.LeaseOwner, _owner)
                    .SetProperty(j => j.HeartbeatAt, now)
                    .SetProperty(j => j.StartedAt, now)
                    .SetProperty(j => j.Attempts, j => j.Attempts + 1)
                    .SetProperty(j => j.Stage, "starting"), ct);
            if (claimed == 1)
                return await db.Jobs.AsNoTracking().FirstAsync(j => j.Id == c.Id, ct);
        }

        return null;
    }

    private async Task RunAsync(AnalysisJobEntity job, CancellationToken stopping)
    {
        var jobId = job.Id;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        signal.Register(job.Id, cts);
        var work = Path.Combine(_options.DataDirectory, "work", job.Id.ToString("N"));
        var progress = new JobProgress();
        using var heartbeat = new PeriodicTimer(TimeSpan.FromSeconds(Math.Clamp(_options.JobLease.TotalSeconds / 4, 0.1, 30)));
        var beating = Beat(job.Id, heartbeat, progress, cts);
        try
        {
            Directory.CreateDirectory(work);
            var files = await DecryptInputsAsync(job, work, cts.Token);
            var plan = await Task.Run(() => PlanComposer.Compose(files, knowledge, clock.GetUtcNow(), "precis-server", JobInputs.EngineVersion,
                new CheckpointProgress(progress, _options.CheckpointObserver, cts.Token)), cts.Token);
            await FinishAsync(job, JobStatus.Succeeded, null, plan, CancellationToken.None);
            LogJob(jobId, "succeeded");
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            if (stopping.IsCancellationRequested)
            {
                await RequeueAsync(job.Id);
                LogJob(jobId, "stopped at a checkpoint for shutdown and was re-queued");
            }
            else
            {
                await FinishAsync(job, JobStatus.Cancelled, null, null, CancellationToken.None);
                LogJob(jobId, "cancelled");
            }
        }
        catch (Exception e) when (e is InputException or BlobTamperedException or IOException or InvalidDataException or FormatException or JsonException or ArgumentException or InvalidOperationException)
        {
            // The message names the input (an upload's file name, line and field); no genotypes are in it.
            await FinishAsync(job, JobStatus.Failed, e.Message, null, CancellationToken.None);
            var errorType = e.GetType().Name;
            log.LogWarning("Job {JobId} failed: {ErrorType}", jobId, errorType);
        }
        finally
        {
            signal.Unregister(job.Id);
            await cts.CancelAsync();
            heartbeat.Dispose();
            await beating;
            TryDeleteDirectory(work);
        }
    }

    private async Task<List<PlanInput>> DecryptInputsAsync(AnalysisJobEntity job, string work, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PrecisDbContext>();
        var ids = job.UploadIds.Split(',').Select(Guid.Parse).ToList();
        var uploads = await db.Uploads.AsNoTracking().Where(u => ids.Contains(u.Id)).ToListAsync(ct);
        var files = new List<PlanInput>();
        foreach (var u in uploads.OrderBy(u => u.Kind))
        {
            // Keep the extension the readers look at (.gz, .vcf, .json...) but never the client's name as a path.
            var ext = u.OriginalName.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? Path.GetExtension(Path.GetFileNameWithoutExtension(u.OriginalName)) + ".gz" : Path.GetExtension(u.OriginalName);
            var path = Path.Combine(work, u.Id.ToString("N") + (ext.Length is > 0 and < 12 ? ext : ""));
            var sha = await blobs.DecryptToFileAsync(u.BlobPath, path, ct);
            if (sha != u.Sha256)
                throw new BlobTamperedException($"upload {u.Id}: decrypted checksum {sha[..12]}… differs from the stored {u.Sha256[..12]}…");
            files.Add(new PlanInput(JobInputs.Role(u.Kind), path));
        }

        return files;
    }

    private async Task FinishAsync(AnalysisJobEntity job, JobStatus status, string? error, Plan? plan, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PrecisDbContext>();
        var row = await db.Jobs.FirstAsync(j => j.Id == job.Id, ct);
        var planId = plan is null ? (Guid?)null : Guid.NewGuid();
        var action = status switch { JobStatus.Succeeded => "complete", JobStatus.Cancelled => "cancel", _ => "fail" };
        await audit.WriteAsync(db, new AuditEvent("system", "service", action, planId is null ? $"job/{job.Id:D}" : $"plan/{planId:D}", job.PatientId, "allowed"), () =>
        {
            if (plan is not null)
            {
                db.Plans.Add(new PlanEntity
                {
                    Id = planId!.Value,
                    PatientId = job.PatientId,
                    JobId = job.Id,
                    Json = PlanJson.Serialize(plan),
                    Provenance = JsonSerializer.Serialize(plan.Provenance, PlanJson.Options),
                    InputsHash = job.InputsHash,
                    CreatedAt = clock.GetUtcNow(),
                });
            }

            row.Status = status;
            row.Error = error;
            row.PlanId = planId;
            row.Progress = status == JobStatus.Succeeded ? 100 : row.Progress;
            row.Stage = status.ToString().ToLowerInvariant();
            row.FinishedAt = clock.GetUtcNow();
            row.LeaseOwner = null;
            return Task.FromResult(true);
        }, ct);
    }

    private async Task RequeueAsync(Guid id)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PrecisDbContext>();
        await db.Jobs.Where(j => j.Id == id && j.Status == JobStatus.Running)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, JobStatus.Queued)
                .SetProperty(j => j.LeaseOwner, (string?)null)
                .SetProperty(j => j.Progress, 0)
                .SetProperty(j => j.Attempts, j => j.Attempts - 1)
                .SetProperty(j => j.Stage, "re-queued at shutdown"));
    }

    private async Task Beat(Guid id, PeriodicTimer timer, JobProgress progress, CancellationTokenSource cts)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(cts.Token))
            {
                using var scope = scopes.CreateScope();
                var db = scope.ServiceProvider.GetRequiredService<PrecisDbContext>();
                var (percent, stage) = progress.Snapshot();
                var now = clock.GetUtcNow();
                await db.Jobs.Where(j => j.Id == id && j.LeaseOwner == _owner)
                    .ExecuteUpdateAsync(s => s.SetProperty(j => j.HeartbeatAt, now).SetProperty(j => j.Progress, percent).SetProperty(j => j.Stage, stage), cts.Token);
                // A cancel made through another process (or lost signal) is seen here.
                if (await db.Jobs.AsNoTracking().AnyAsync(j => j.Id == id && j.CancelRequested, cts.Token))
                    await cts.CancelAsync();
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} {Outcome}")]
    private partial void LogJob(Guid jobId, string outcome);

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[^max..];

    private static void TryDeleteDirectory(string dir)
    {
        try
        {
            if (Directory.Exists(dir))
                Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
            // Swept at the next start-up.
        }
    }

    /// <summary>The latest progress, read by the heartbeat.</summary>
    private sealed class JobProgress
    {
        private readonly Lock _lock = new();
        private int _percent;
        private string _stage = "starting";

        public void Set(int percent, string stage)
        {
            lock (_lock)
            {
                _percent = Math.Max(_percent, percent);
                _stage = stage.Length > 200 ? stage[..200] : stage;
            }
        }

        public (int Percent, string Stage) Snapshot()
        {
            lock (_lock)
                return (_percent, _stage);
        }
    }

    /// <summary>Each progress report is a checkpoint: a cancelled job throws here, between engine steps.</summary>
    private sealed class CheckpointProgress(JobProgress target, Action<ProgressUpdate, CancellationToken>? observer, CancellationToken token) : IProgress<ProgressUpdate>
    {
        private int _sections;

        public void Report(ProgressUpdate value)
        {
            observer?.Invoke(value, token);
            token.ThrowIfCancellationRequested();
            var stage = value.Stage;
            if (PlanComposer.AllSections.Any(s => s.Title == stage))
                _sections++;
            target.Set(Math.Min(95, 5 + (_sections * 90 / PlanComposer.AllSections.Count)), stage);
        }
    }
}

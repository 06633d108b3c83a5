using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Precis.Server.Jobs;
using Precis.Server.Security;
using Precis.Storage;

namespace Precis.Server.Services;

/// <summary>Queues, reads and cancels analysis jobs; equal inputs return the earlier job (idempotent re-runs).</summary>
public sealed class JobService(AuditedAccess audited, JobSignal signal, TimeProvider clock) : IJobService
{
    private PrecisDbContext Db => audited.Db;

    public async Task<ServiceResult<JobDto>> StartAsync(Caller caller, Guid patientId, CancellationToken cancellationToken = default)
    {
        var resource = $"patient/{patientId:D}/jobs";
        if (await audited.DenyAsync(caller, patientId, PatientAccess.Write, "Job", "create", resource, cancellationToken) is { } deny)
            return ServiceResult<JobDto>.Fail(ServiceStatus.Forbidden, deny);
        var uploads = (await Db.Uploads.AsNoTracking().Where(u => u.PatientId == patientId && u.Status == UploadStatus.Stored).ToListAsync(cancellationToken))
            .GroupBy(u => JobInputs.Role(u.Kind))
            .Select(g => g.OrderByDescending(u => u.CreatedAt).First())
            .OrderBy(u => u.Id)
            .ToList();
        if (uploads.Count == 0)
            return ServiceResult<JobDto>.Fail(ServiceStatus.Invalid, "the patient has no uploads to analyse");
        var hash = JobInputs.Hash(uploads);
        var existing = (await Db.Jobs.AsNoTracking().Where(j => j.PatientId == patientId && j.InputsHash == hash
                && (j.Status == JobStatus.Queued || j.Status == JobStatus.Running || j.Status == JobStatus.Succeeded)).ToListAsync(cancellationToken))
            .OrderByDescending(j => j.CreatedAt).FirstOrDefault();
        if (existing is not null)
        {
            await audited.ReadAsync(caller, $"job/{existing.Id:D}", patientId, cancellationToken);
            return JobDto.From(existing);
        }

        var job = new AnalysisJobEntity
        {
            Id = Guid.NewGuid(),
            PatientId = patientId,
            Status = JobStatus.Queued,
            InputsHash = hash,
            UploadIds = string.Join(',', uploads.Select(u => u.Id.ToString("D"))),
            RequestedBy = caller.UserId ?? Guid.Empty,
            CreatedAt = clock.GetUtcNow(),
            Stage = "queued",
        };
        await audited.WriteAsync(caller, "create", $"job/{job.Id:D}", patientId, () =>
        {
            Db.Jobs.Add(job);
            return Task.FromResult(true);
        }, cancellationToken);
        signal.Queued();
        return new ServiceResult<JobDto>(ServiceStatus.Accepted, JobDto.From(job));
    }

    public async Task<ServiceResult<JobDto>> GetAsync(Caller caller, Guid jobId, CancellationToken cancellationToken = default)
    {
        var job = await Db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken);
        // An unknown id and a job of a patient the caller may not see both answer 404/403 only after the check on a real patient.
        if (job is null)
        {
            await audited.DeniedAsync(caller, "read", $"job/{jobId:D}", null, cancellationToken);
            return ServiceResult<JobDto>.Fail(ServiceStatus.NotFound, $"no job {jobId}");
        }

        if (await audited.DenyAsync(caller, job.PatientId, PatientAccess.Read, "Job", "read", $"job/{jobId:D}", cancellationToken) is { } deny)
            return ServiceResult<JobDto>.Fail(ServiceStatus.Forbidden, deny);
        await audited.ReadAsync(caller, $"job/{jobId:D}", job.PatientId, cancellationToken);
        return JobDto.From(job);
    }

    public async Task<ServiceResult<IReadOnlyList<JobDto>>> ListAsync(Caller caller, Guid patientId, CancellationToken cancellationToken = default)
    {
        var resource = $"patient/{patientId:D}/jobs";
        if (await audited.DenyAsync(caller, patientId, PatientAccess.Read, "Job", "read", resource, cancellationToken) is { } deny)
            return ServiceResult<IReadOnlyList<JobDto>>.Fail(ServiceStatus.Forbidden, deny);
        var rows = await Db.Jobs.AsNoTracking().Where(j => j.PatientId == patientId).ToListAsync(cancellationToken);
        await audited.ReadAsync(caller, resource, patientId, cancellationToken);
        return rows.OrderByDescending(j => j.CreatedAt).Select(JobDto.From).ToList();
    }

    public async Task<ServiceResult<JobDto>> CancelAsync(Caller caller, Guid jobId, CancellationToken cancellationToken = default)
    {
        var job = await Db.Jobs.FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken);
        if (job is null)
        {
            await audited.DeniedAsync(caller, "cancel", $"job/{jobId:D}", null, cancellationToken);
            return ServiceResult<JobDto>.Fail(ServiceStatus.NotFound, $"no job {jobId}");
        }

        if (await audited.DenyAsync(caller, job.PatientId, PatientAccess.Write, "Job", "cancel", $"job/{jobId:D}", cancellationToken) is { } deny)
            return ServiceResult<JobDto>.Fail(ServiceStatus.Forbidden, deny);
        if (job.Status is JobStatus.Succeeded or JobStatus.Failed or JobStatus.Cancelled)
        {
            // Allowed, but there is nothing to cancel: the caller read the job's state.
            await audited.ReadAsync(caller, $"job/{jobId:D}", job.PatientId, cancellationToken);
            return ServiceResult<JobDto>.Fail(ServiceStatus.Conflict, $"the job has already finished ({job.Status.ToString().ToLowerInvariant()})");
        }
        await audited.WriteAsync(caller, "cancel", $"job/{jobId:D}", job.PatientId, () =>
        {
            job.CancelRequested = true;
            if (job.Status == JobStatus.Queued)
            {
                job.Status = JobStatus.Cancelled;
                job.FinishedAt = clock.GetUtcNow();
                job.Stage = "cancelled";
            }

            return Task.FromResult(true);
        }, cancellationToken);
        signal.Cancel(jobId);
        return JobDto.From(job);
    }
}

/// <summary>How uploads become plan inputs and the hash that makes re-runs idempotent.</summary>
public static class JobInputs
{
    /// <summary>The plan-composer role of an upload kind (as `precis plan` names them).</summary>
    public static string Role(UploadKind kind) => kind switch
    {
        UploadKind.Vcf or UploadKind.Bcf => "germline-vcf",
        UploadKind.Maf => "tumour-maf",
        UploadKind.FhirBundle => "fhir-bundle",
        UploadKind.Csv => "wearable-csv",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>SHA-256 over the engine version and each input's role and plaintext checksum, in role order.</summary>
    public static string Hash(IEnumerable<UploadEntity> uploads)
    {
        var lines = uploads.Select(u => $"{Role(u.Kind)}:{u.Sha256}").Order(StringComparer.Ordinal);
        var text = string.Join('\n', [EngineVersion, .. lines]);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>The server's engine version (part of the inputs hash: a new build re-runs).</summary>
    public static string EngineVersion { get; } = typeof(JobInputs).Assembly.GetName().Version?.ToString() ?? "0";
}

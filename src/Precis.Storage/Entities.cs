namespace Precis.Storage;

/// <summary>The four roles of the server; a user has exactly one.</summary>
public static class Roles
{
    public const string Clinician = "clinician";
    public const string Patient = "patient";
    public const string Researcher = "researcher";
    public const string Admin = "admin";

    /// <summary>Every role, for validation.</summary>
    public static readonly IReadOnlyList<string> All = [Clinician, Patient, Researcher, Admin];
}

/// <summary>A local user account. Passwords are stored only as PBKDF2 hashes (<see cref="PasswordHasher"/>).</summary>
public sealed class UserAccount
{
    public Guid Id { get; set; }

    /// <summary>Sign-in name (lower case, unique).</summary>
    public required string UserName { get; set; }

    /// <summary>PBKDF2 hash in the form <c>pbkdf2-sha256$iterations$salt$hash</c>; null for users of external issuers.</summary>
    public string? PasswordHash { get; set; }

    /// <summary>One of <see cref="Roles"/>.</summary>
    public required string Role { get; set; }

    /// <summary>For patient users: the patient record they may see (themself).</summary>
    public Guid? PatientId { get; set; }

    public bool Disabled { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A patient known to the server. The display name is health-adjacent data: it is never logged.</summary>
public sealed class PatientEntity
{
    public Guid Id { get; set; }

    /// <summary>The identifier used by the source system (MRN or pseudonym), unique.</summary>
    public required string ExternalId { get; set; }

    public required string DisplayName { get; set; }

    /// <summary>Birth date as recorded (YYYY, YYYY-MM or YYYY-MM-DD), if any.</summary>
    public string? BirthDate { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A clinician on a patient's care team: the only way a clinician gains access to a patient.</summary>
public sealed class CareTeamLink
{
    public Guid ClinicianId { get; set; }

    public Guid PatientId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Upload kinds the server accepts, each validated by reading its header.</summary>
public enum UploadKind
{
    Vcf,
    Bcf,
    Maf,
    FhirBundle,
    Csv,
}

/// <summary>Where an upload is in its life.</summary>
public enum UploadStatus
{
    /// <summary>Bytes are being received (the row exists only after the blob is complete, so this is transient).</summary>
    Receiving,
    /// <summary>Stored, encrypted and checksummed.</summary>
    Stored,
    /// <summary>The header did not match the kind.</summary>
    Rejected,
}

/// <summary>One uploaded input file: stored encrypted under <see cref="BlobPath"/> with its SHA-256 of the plaintext.</summary>
public sealed class UploadEntity
{
    public Guid Id { get; set; }

    public Guid PatientId { get; set; }

    public UploadKind Kind { get; set; }

    /// <summary>The file name the client gave (display only; never used as a path).</summary>
    public required string OriginalName { get; set; }

    public long SizeBytes { get; set; }

    /// <summary>Lower-case hex SHA-256 of the plaintext.</summary>
    public required string Sha256 { get; set; }

    /// <summary>Path of the encrypted blob relative to the blob directory.</summary>
    public required string BlobPath { get; set; }

    /// <summary>Id of the AES-GCM key the blob is encrypted with.</summary>
    public required string KeyId { get; set; }

    public UploadStatus Status { get; set; }

    public Guid UploadedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Analysis job states.</summary>
public enum JobStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}

/// <summary>One run of the plan composer over a patient's uploads.</summary>
public sealed class AnalysisJobEntity
{
    public Guid Id { get; set; }

    public Guid PatientId { get; set; }

    public JobStatus Status { get; set; }

    /// <summary>0..100.</summary>
    public int Progress { get; set; }

    /// <summary>The current step in words (no health data).</summary>
    public string? Stage { get; set; }

    /// <summary>SHA-256 over the sorted upload checksums and the engine version: equal inputs give the same job.</summary>
    public required string InputsHash { get; set; }

    /// <summary>The upload ids the job reads, comma-separated.</summary>
    public required string UploadIds { get; set; }

    public string? Error { get; set; }

    public Guid RequestedBy { get; set; }

    public int Attempts { get; set; }

    public bool CancelRequested { get; set; }

    /// <summary>Which worker holds the job; null when queued.</summary>
    public string? LeaseOwner { get; set; }

    /// <summary>Last heartbeat of the lease holder; a stale heartbeat means the worker died.</summary>
    public DateTimeOffset? HeartbeatAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public Guid? PlanId { get; set; }
}

/// <summary>A composed plan: its JSON (the source of truth) and where it came from.</summary>
public sealed class PlanEntity
{
    public Guid Id { get; set; }

    public Guid PatientId { get; set; }

    public Guid JobId { get; set; }

    /// <summary>The plan as written by Precis.Reporting.PlanJson.</summary>
    public required string Json { get; set; }

    /// <summary>Engine version, knowledge versions and input checksums, as JSON.</summary>
    public required string Provenance { get; set; }

    public required string InputsHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>One entry of the append-only, hash-chained audit trail.</summary>
public sealed class AuditEntryEntity
{
    /// <summary>Position in the chain, 1-based and gap-free (the primary key, so the chain cannot fork).</summary>
    public long Sequence { get; set; }

    public DateTimeOffset Time { get; set; }

    /// <summary>User id or client id; "anonymous" for failed sign-ins.</summary>
    public required string Actor { get; set; }

    public required string Role { get; set; }

    /// <summary>read, create, update, delete, sign-in, cds-hook...</summary>
    public required string Action { get; set; }

    /// <summary>The resource, e.g. "plan/{id}" (ids only, never names).</summary>
    public required string Resource { get; set; }

    public Guid? PatientId { get; set; }

    /// <summary>allowed, denied, failed.</summary>
    public required string Outcome { get; set; }

    public required string PreviousHash { get; set; }

    /// <summary>SHA-256 (hex) over the previous hash and this entry's canonical fields.</summary>
    public required string Hash { get; set; }
}

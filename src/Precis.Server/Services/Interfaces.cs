using Precis.Server.Security;
using Precis.Storage;

namespace Precis.Server.Services;

/// <summary>Sign-in for local users.</summary>
public interface IAuthService
{
    /// <summary>Checks the password and issues a token; null (and an audited failure) when they do not match.</summary>
    Task<IssuedToken?> SignInAsync(string userName, string password, CancellationToken cancellationToken = default);
}

/// <summary>User management (admin only).</summary>
public interface IUserService
{
    Task<ServiceResult<IReadOnlyList<UserDto>>> ListAsync(Caller caller, CancellationToken cancellationToken = default);

    Task<ServiceResult<UserDto>> CreateAsync(Caller caller, NewUser user, CancellationToken cancellationToken = default);

    /// <summary>Puts a clinician on a patient's care team.</summary>
    Task<ServiceResult<bool>> LinkCareTeamAsync(Caller caller, Guid clinicianId, Guid patientId, CancellationToken cancellationToken = default);
}

/// <summary>Patients the caller may see.</summary>
public interface IPatientService
{
    /// <summary>Clinicians: their care team's patients; patients: themself; admin: all (administrative fields only).</summary>
    Task<ServiceResult<IReadOnlyList<PatientDto>>> ListAsync(Caller caller, CancellationToken cancellationToken = default);

    Task<ServiceResult<PatientDto>> GetAsync(Caller caller, Guid patientId, CancellationToken cancellationToken = default);

    /// <summary>Creates a patient; a clinician creator joins its care team.</summary>
    Task<ServiceResult<PatientDto>> CreateAsync(Caller caller, NewPatient patient, CancellationToken cancellationToken = default);
}

/// <summary>Uploaded input files: streamed, size-limited, checksummed, header-checked and encrypted at rest.</summary>
public interface IUploadService
{
    Task<ServiceResult<UploadDto>> UploadAsync(Caller caller, Guid patientId, UploadKind kind, string originalName, Stream content, CancellationToken cancellationToken = default);

    Task<ServiceResult<IReadOnlyList<UploadDto>>> ListAsync(Caller caller, Guid patientId, CancellationToken cancellationToken = default);
}

/// <summary>Analysis jobs: the plan composer over a patient's uploads, in a background queue.</summary>
public interface IJobService
{
    /// <summary>Queues a job over the patient's latest upload of each kind; an equal earlier job (same inputs hash) is returned instead (Ok, not Accepted).</summary>
    Task<ServiceResult<JobDto>> StartAsync(Caller caller, Guid patientId, CancellationToken cancellationToken = default);

    Task<ServiceResult<JobDto>> GetAsync(Caller caller, Guid jobId, CancellationToken cancellationToken = default);

    Task<ServiceResult<IReadOnlyList<JobDto>>> ListAsync(Caller caller, Guid patientId, CancellationToken cancellationToken = default);

    Task<ServiceResult<JobDto>> CancelAsync(Caller caller, Guid jobId, CancellationToken cancellationToken = default);
}

/// <summary>Stored plans and their renderings.</summary>
public interface IPlanService
{
    Task<ServiceResult<IReadOnlyList<PlanDto>>> ListAsync(Caller caller, Guid patientId, CancellationToken cancellationToken = default);

    /// <summary>The plan object (for the web UI), or why not.</summary>
    Task<ServiceResult<Core.Plan>> GetAsync(Caller caller, Guid planId, CancellationToken cancellationToken = default);

    /// <summary>The latest plan of a patient.</summary>
    Task<ServiceResult<(PlanDto Summary, Core.Plan Plan)>> LatestAsync(Caller caller, Guid patientId, CancellationToken cancellationToken = default);

    /// <summary>Renders a plan: json, html, patient, pdf (needs Chromium) or fhir.</summary>
    Task<ServiceResult<RenderedPlan>> RenderAsync(Caller caller, Guid planId, string format, CancellationToken cancellationToken = default);
}

/// <summary>De-identified aggregates for researchers.</summary>
public interface IResearchService
{
    /// <summary>Phenotype counts per gene over every patient's latest plan; cells under the minimum count are suppressed.</summary>
    Task<ServiceResult<IReadOnlyList<PhenotypeCount>>> PhenotypeCountsAsync(Caller caller, CancellationToken cancellationToken = default);
}

/// <summary>One cell of the de-identified aggregate: how many patients have a phenotype.</summary>
/// <param name="Gene">e.g. CYP2C19.</param>
/// <param name="Phenotype">e.g. Poor Metabolizer.</param>
/// <param name="Patients">The count, or null when it is below the suppression threshold.</param>
public sealed record PhenotypeCount(string Gene, string Phenotype, int? Patients);

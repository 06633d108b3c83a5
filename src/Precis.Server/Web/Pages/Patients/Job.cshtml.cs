using Microsoft.AspNetCore.Mvc;
using Precis.Server.Services;

namespace Precis.Server.Web.Pages;

/// <summary>An analysis job's status and progress; the page refreshes itself (no script needed) until the job has finished.</summary>
public sealed class JobModel(IPatientService patients, IJobService jobs) : WebPageModel
{
    public PatientDto? Patient { get; private set; }

    public JobDto? Job { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, Guid jobId, CancellationToken cancellationToken)
    {
        if (RequireClinician() is { } denied)
            return denied;
        return await LoadAsync(id, jobId, cancellationToken) ?? Page();
    }

    public async Task<IActionResult> OnPostCancelAsync(Guid id, Guid jobId, CancellationToken cancellationToken)
    {
        if (RequireClinician() is { } denied)
            return denied;
        if (await LoadAsync(id, jobId, cancellationToken) is { } failed)
            return failed;
        var cancelled = await jobs.CancelAsync(Caller, jobId, cancellationToken);
        return cancelled.Status is ServiceStatus.NotFound or ServiceStatus.Forbidden ? Failed(cancelled) : Redirect($"/patients/{id:D}/jobs/{jobId:D}");
    }

    private async Task<IActionResult?> LoadAsync(Guid id, Guid jobId, CancellationToken cancellationToken)
    {
        var patient = await patients.GetAsync(Caller, id, cancellationToken);
        if (!patient.IsSuccess)
            return Failed(patient);
        var job = await jobs.GetAsync(Caller, jobId, cancellationToken);
        if (!job.IsSuccess)
            return Failed(job);
        // A job id under another patient's address is "not found", like any id that does not belong here.
        if (job.Value!.PatientId != id)
            return NotFound();
        Patient = patient.Value;
        Job = job.Value;
        return null;
    }
}

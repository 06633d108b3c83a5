using Microsoft.AspNetCore.Mvc;
using Precis.Server.Services;
using Precis.Storage;

namespace Precis.Server.Web.Pages;

/// <summary>
/// One patient: files on record, analyses, and the upload form (a plain multipart post that works without
/// JavaScript; the script only adds a progress bar). The upload service checks size, checksum and header and
/// stores nothing when the file is rejected.
/// </summary>
// The form limit matches the server's default MaxUploadBytes (4 GiB); the upload service enforces the configured
// limit again while it streams, so a lower configured limit still holds.
[RequestSizeLimit((4L << 30) + (1 << 20))]
[RequestFormLimits(MultipartBodyLengthLimit = 4L << 30)]
public sealed class PatientModel(IPatientService patients, IUploadService uploads, IJobService jobs, IPlanService plans) : WebPageModel
{
    public PatientDto? Patient { get; private set; }

    public IReadOnlyList<UploadDto> Uploads { get; private set; } = [];

    public IReadOnlyList<JobDto> Jobs { get; private set; } = [];

    public bool HasPlan { get; private set; }

    public string? UploadError { get; private set; }

    public string? AnalysisError { get; private set; }

    public string? Uploaded { get; private set; }

    public UploadKind Kind { get; private set; } = UploadKind.Vcf;

    public async Task<IActionResult> OnGetAsync(Guid id, Guid? uploaded, CancellationToken cancellationToken)
    {
        if (RequireClinician() is { } denied)
            return denied;
        if (await LoadAsync(id, cancellationToken) is { } failed)
            return failed;
        Uploaded = Uploads.FirstOrDefault(u => u.Id == uploaded)?.OriginalName;
        return Page();
    }

    public async Task<IActionResult> OnPostUploadAsync(Guid id, string? kind, IFormFile? file, CancellationToken cancellationToken)
    {
        if (RequireClinician() is { } denied)
            return denied;
        var parsed = UploadKinds.Parse(kind);
        Kind = parsed ?? UploadKind.Vcf;
        string? error = null;
        if (parsed is null)
            error = "Choose what kind of file it is (genome, tumour variants, health record or wearable data).";
        else if (file is null || file.Length == 0)
            error = file is null ? "No file was chosen: choose the file with the Browse button, then press Upload." : $"{Path.GetFileName(file.FileName)}: the file is empty";
        else
        {
            await using var content = file.OpenReadStream();
            var result = await uploads.UploadAsync(Caller, id, parsed.Value, Path.GetFileName(file.FileName), content, cancellationToken);
            if (result.IsSuccess)
            {
                // Post/redirect/get: reloading the page after an upload must not store the file twice.
                return Redirect($"/patients/{id:D}?uploaded={result.Value!.Id:D}");
            }

            if (result.Status is ServiceStatus.NotFound or ServiceStatus.Forbidden)
                return Failed(result);
            error = result.Error ?? "The file was rejected.";
        }

        if (await LoadAsync(id, cancellationToken) is { } failed)
            return failed;
        UploadError = error;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    public async Task<IActionResult> OnPostAnalyseAsync(Guid id, CancellationToken cancellationToken)
    {
        if (RequireClinician() is { } denied)
            return denied;
        var job = await jobs.StartAsync(Caller, id, cancellationToken);
        if (job.IsSuccess)
            return Redirect($"/patients/{id:D}/jobs/{job.Value!.Id:D}");
        if (job.Status is ServiceStatus.NotFound or ServiceStatus.Forbidden)
            return Failed(job);
        if (await LoadAsync(id, cancellationToken) is { } failed)
            return failed;
        AnalysisError = job.Error ?? "The analysis could not be queued.";
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var patient = await patients.GetAsync(Caller, id, cancellationToken);
        if (!patient.IsSuccess)
            return Failed(patient);
        Patient = patient.Value;
        var u = await uploads.ListAsync(Caller, id, cancellationToken);
        var j = await jobs.ListAsync(Caller, id, cancellationToken);
        var p = await plans.ListAsync(Caller, id, cancellationToken);
        if (!u.IsSuccess)
            return Failed(u);
        if (!j.IsSuccess)
            return Failed(j);
        Uploads = [.. u.Value!.OrderByDescending(x => x.CreatedAt)];
        Jobs = [.. j.Value!.OrderByDescending(x => x.CreatedAt)];
        HasPlan = p.IsSuccess && p.Value!.Count > 0;
        return null;
    }
}

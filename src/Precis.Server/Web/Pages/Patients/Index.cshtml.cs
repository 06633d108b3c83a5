using Microsoft.AspNetCore.Mvc;
using Precis.Server.Services;

namespace Precis.Server.Web.Pages;

/// <summary>The clinician's patient list: only patients on their care team (the service filters and audits).</summary>
public sealed class PatientsModel(IPatientService patients) : WebPageModel
{
    public IReadOnlyList<PatientDto> Patients { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (RequireClinician() is { } denied)
            return denied;
        var result = await patients.ListAsync(Caller, cancellationToken);
        if (!result.IsSuccess)
            return Failed(result);
        Patients = [.. result.Value!.OrderBy(p => p.DisplayName, StringComparer.CurrentCultureIgnoreCase)];
        return Page();
    }
}

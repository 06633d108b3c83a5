using Microsoft.AspNetCore.Mvc;
using Precis.Server.Services;
using Precis.Storage;

namespace Precis.Server.Web.Pages;

/// <summary>
/// The patient portal: the signed-in patient's own plan in plain language (PatientHtml, via the plan service).
/// The patient id comes only from the token, never from the address, so no URL can show someone else's plan.
/// </summary>
public sealed class PortalModel(IPlanService plans) : WebPageModel
{
    public bool HasPlan { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (RequirePatient() is { } denied)
            return denied;
        HasPlan = (await plans.LatestAsync(Caller, Caller.PatientId!.Value, cancellationToken)).IsSuccess;
        return Page();
    }

    public async Task<IActionResult> OnGetDocumentAsync(CancellationToken cancellationToken)
    {
        if (RequirePatient() is { } denied)
            return denied;
        var latest = await plans.LatestAsync(Caller, Caller.PatientId!.Value, cancellationToken);
        if (!latest.IsSuccess)
            return Failed(latest);
        var rendered = await plans.RenderAsync(Caller, latest.Value.Summary.Id, "patient", cancellationToken);
        return rendered.IsSuccess ? WebSetup.Frameable(this, rendered.Value!) : Failed(rendered);
    }

    private IActionResult? RequirePatient() =>
        User.Identity?.IsAuthenticated != true ? SignInFirst()
        : Caller.Role == Roles.Patient && Caller.PatientId is not null ? null
        : StatusCode(StatusCodes.Status403Forbidden);
}

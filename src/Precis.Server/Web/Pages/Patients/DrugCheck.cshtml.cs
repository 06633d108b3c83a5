using Microsoft.AspNetCore.Mvc;
using Precis.Server.Services;

namespace Precis.Server.Web.Pages;

/// <summary>
/// The drug check: one drug → this patient's pharmacogenomic recommendation, or an explicit "no guideline" /
/// "insufficient data" (never silence, which a reader would take for "safe"). Reading the plan is audited by the plan service.
/// </summary>
public sealed class DrugCheckModel(IPatientService patients, IPlanService plans, DrugChecker checker) : WebPageModel
{
    public PatientDto? Patient { get; private set; }

    public string? Drug { get; private set; }

    public bool HasPlan { get; private set; } = true;

    public DrugCheck? Result { get; private set; }

    public IReadOnlyList<string> KnownDrugs => checker.DrugNames;

    public async Task<IActionResult> OnGetAsync(Guid id, string? drug, CancellationToken cancellationToken)
    {
        if (RequireClinician() is { } denied)
            return denied;
        var patient = await patients.GetAsync(Caller, id, cancellationToken);
        if (!patient.IsSuccess)
            return Failed(patient);
        Patient = patient.Value;
        Drug = drug?.Trim();
        if (string.IsNullOrEmpty(Drug))
            return Page();
        if (Drug.Length > DrugChecker.MaxDrugLength)
            return BadRequest();
        var latest = await plans.LatestAsync(Caller, id, cancellationToken);
        if (latest.Status is ServiceStatus.Forbidden)
            return Failed(latest);
        HasPlan = latest.IsSuccess;
        if (HasPlan)
            Result = checker.Check(latest.Value.Plan, Drug);
        return Page();
    }
}

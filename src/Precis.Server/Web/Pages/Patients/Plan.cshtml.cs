using Microsoft.AspNetCore.Mvc;
using Precis.Core;
using Precis.Server.Services;

namespace Precis.Server.Web.Pages;

/// <summary>The clinician's plan view: downloads in every format, a drug-check box and the PlanHtml report.</summary>
public sealed class PlanModel(IPatientService patients, IPlanService plans, DrugChecker drugs) : WebPageModel
{
    /// <summary>The formats the plan service renders (PlanService.Formats), as the download links label them.</summary>
    public static readonly IReadOnlyList<(string Format, string Label)> DownloadFormats =
    [
        ("json", "JSON (source of truth)"),
        ("html", "Clinician report (HTML)"),
        ("patient", "Patient report (HTML)"),
        ("pdf", "PDF"),
        ("fhir", "FHIR R4 Genomics Reporting bundle"),
    ];

    public Guid PatientId { get; private set; }

    public Guid PlanId { get; private set; }

    public string DisplayName { get; private set; } = "";

    public Plan? Plan { get; private set; }

    public IReadOnlyList<string> KnownDrugs => drugs.DrugNames;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (RequireClinician() is { } denied)
            return denied;
        var patient = await patients.GetAsync(Caller, id, cancellationToken);
        if (!patient.IsSuccess)
            return Failed(patient);
        var latest = await plans.LatestAsync(Caller, id, cancellationToken);
        if (!latest.IsSuccess)
            return Failed(latest);
        PatientId = id;
        DisplayName = patient.Value!.DisplayName;
        (var summary, Plan) = latest.Value;
        PlanId = summary.Id;
        return Page();
    }

    /// <summary>The report document itself (PlanHtml via the plan service), shown in the frame and printable on its own.</summary>
    public async Task<IActionResult> OnGetDocumentAsync(Guid id, CancellationToken cancellationToken)
    {
        if (RequireClinician() is { } denied)
            return denied;
        var latest = await plans.LatestAsync(Caller, id, cancellationToken);
        if (!latest.IsSuccess)
            return Failed(latest);
        var rendered = await plans.RenderAsync(Caller, latest.Value.Summary.Id, "html", cancellationToken);
        return rendered.IsSuccess ? WebSetup.Frameable(this, rendered.Value!) : Failed(rendered);
    }
}

using System.Text;
using Microsoft.EntityFrameworkCore;
using Precis.Clinical.Export;
using Precis.Clinical.Fhir;
using Precis.Core;
using Precis.Knowledge;
using Precis.Reporting;
using Precis.Server.Security;
using Precis.Storage;

namespace Precis.Server.Services;

/// <summary>Stored plans: list, read and render in every output format, each access audited.</summary>
public sealed class PlanService(AuditedAccess audited, KnowledgeCatalog knowledge, TimeProvider clock) : IPlanService
{
    /// <summary>The formats <see cref="RenderAsync"/> accepts.</summary>
    public static readonly IReadOnlyList<string> Formats = ["json", "html", "patient", "pdf", "fhir"];

    private PrecisDbContext Db => audited.Db;

    public async Task<ServiceResult<IReadOnlyList<PlanDto>>> ListAsync(Caller caller, Guid patientId, CancellationToken cancellationToken = default)
    {
        var resource = $"patient/{patientId:D}/plans";
        if (await audited.DenyAsync(caller, patientId, PatientAccess.Read, "Plan", "read", resource, cancellationToken) is { } deny)
            return ServiceResult<IReadOnlyList<PlanDto>>.Fail(ServiceStatus.Forbidden, deny);
        var rows = await Db.Plans.AsNoTracking().Where(p => p.PatientId == patientId)
            .Select(p => new PlanDto(p.Id, p.PatientId, p.JobId, p.InputsHash, p.CreatedAt)).ToListAsync(cancellationToken);
        await audited.ReadAsync(caller, resource, patientId, cancellationToken);
        return rows.OrderByDescending(p => p.CreatedAt).ToList();
    }

    public async Task<ServiceResult<Plan>> GetAsync(Caller caller, Guid planId, CancellationToken cancellationToken = default)
    {
        var (status, row, error) = await LoadAsync(caller, planId, cancellationToken);
        return row is null ? ServiceResult<Plan>.Fail(status, error!) : PlanJson.Deserialize(row.Json);
    }

    public async Task<ServiceResult<(PlanDto Summary, Plan Plan)>> LatestAsync(Caller caller, Guid patientId, CancellationToken cancellationToken = default)
    {
        var list = await ListAsync(caller, patientId, cancellationToken);
        if (!list.IsSuccess)
            return ServiceResult<(PlanDto, Plan)>.Fail(list.Status, list.Error!);
        if (list.Value!.Count == 0)
            return ServiceResult<(PlanDto, Plan)>.Fail(ServiceStatus.NotFound, "the patient has no plan yet");
        var latest = list.Value[0];
        var json = await Db.Plans.AsNoTracking().Where(p => p.Id == latest.Id).Select(p => p.Json).FirstAsync(cancellationToken);
        return (latest, PlanJson.Deserialize(json));
    }

    public async Task<ServiceResult<RenderedPlan>> RenderAsync(Caller caller, Guid planId, string format, CancellationToken cancellationToken = default)
    {
        format = (format ?? "json").ToLowerInvariant();
        if (!Formats.Contains(format))
            return ServiceResult<RenderedPlan>.Fail(ServiceStatus.Invalid, $"format: one of {string.Join(", ", Formats)}");
        var (status, row, error) = await LoadAsync(caller, planId, cancellationToken);
        if (row is null)
            return ServiceResult<RenderedPlan>.Fail(status, error!);
        var name = $"plan-{planId:N}";
        if (format == "json")
            return new RenderedPlan(Encoding.UTF8.GetBytes(row.Json), "application/json", name + ".json");
        var plan = PlanJson.Deserialize(row.Json);
        switch (format)
        {
            case "html":
                return new RenderedPlan(Encoding.UTF8.GetBytes(PlanHtml.Render(plan)), "text/html; charset=utf-8", name + ".html");
            case "patient":
                return new RenderedPlan(Encoding.UTF8.GetBytes(PatientHtml.Render(plan, Glossary())), "text/html; charset=utf-8", name + ".patient.html");
            case "fhir":
                {
                    var bundle = GenomicsReportExporter.Export(plan.Patient, plan.Findings, plan.Recommendations, plan.Provenance.GeneratedAt);
                    return new RenderedPlan(Encoding.UTF8.GetBytes(FhirJson.Serialize(bundle, indented: true)), "application/fhir+json", name + ".fhir.json");
                }

            default:
                {
                    var pdf = await PdfPrinter.PrintAsync(PlanHtml.Render(plan), cancellationToken: cancellationToken);
                    return pdf.Pdf is null
                        ? ServiceResult<RenderedPlan>.Fail(ServiceStatus.Invalid, "pdf: " + pdf.Error + "; use format=html")
                        : new RenderedPlan(pdf.Pdf, "application/pdf", name + ".pdf");
                }
        }
    }

    private IReadOnlyList<GlossaryTerm> Glossary() =>
        knowledge.Find("precis-glossary") is { } kb
            ? [.. kb.EntriesOf("terms").Select(t => new GlossaryTerm(t.GetProperty("term").GetString()!, t.GetProperty("plain").GetString()!))]
            : [];

    private async Task<(ServiceStatus Status, PlanEntity? Row, string? Error)> LoadAsync(Caller caller, Guid planId, CancellationToken ct)
    {
        var resource = $"plan/{planId:D}";
        var row = await Db.Plans.AsNoTracking().FirstOrDefaultAsync(p => p.Id == planId, ct);
        if (row is null)
        {
            await audited.DeniedAsync(caller, "read", resource, null, ct);
            return (ServiceStatus.NotFound, null, $"no plan {planId}");
        }

        if (await audited.DenyAsync(caller, row.PatientId, PatientAccess.Read, "Plan", "read", resource, ct) is { } deny)
            return (ServiceStatus.Forbidden, null, deny);
        await audited.ReadAsync(caller, resource, row.PatientId, ct);
        _ = clock;
        return (ServiceStatus.Ok, row, null);
    }
}

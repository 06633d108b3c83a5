using Microsoft.EntityFrameworkCore;
using Precis.Server.Security;
using Precis.Storage;

namespace Precis.Server.Services;

/// <summary>Patients, with care-team scoping and an audit entry per access.</summary>
public sealed class PatientService(AuditedAccess audited, TimeProvider clock) : IPatientService
{
    private PrecisDbContext Db => audited.Db;

    public async Task<ServiceResult<IReadOnlyList<PatientDto>>> ListAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        IQueryable<PatientEntity>? query = caller.Role switch
        {
            Roles.Clinician when caller.UserId is { } id && caller.HasScope("Patient", "read") =>
                Db.Patients.Where(p => Db.CareTeam.Any(c => c.ClinicianId == id && c.PatientId == p.Id)),
            Roles.Patient when caller.PatientId is { } self && caller.HasScope("Patient", "read") => Db.Patients.Where(p => p.Id == self),
            Roles.Admin when caller.HasScope("Patient", "read") => Db.Patients,
            _ => null,
        };
        if (query is null)
        {
            await audited.DeniedAsync(caller, "read", "patients", null, cancellationToken);
            return ServiceResult<IReadOnlyList<PatientDto>>.Fail(ServiceStatus.Forbidden, $"the {caller.Role} role cannot list patients");
        }

        var rows = await query.AsNoTracking().OrderBy(p => p.ExternalId).ToListAsync(cancellationToken);
        await audited.ReadAsync(caller, "patients", caller.Role == Roles.Patient ? caller.PatientId : null, cancellationToken);
        return rows.Select(PatientDto.From).ToList();
    }

    public async Task<ServiceResult<PatientDto>> GetAsync(Caller caller, Guid patientId, CancellationToken cancellationToken = default)
    {
        var resource = $"patient/{patientId:D}";
        if (await audited.DenyAsync(caller, patientId, PatientAccess.Read, "Patient", "read", resource, cancellationToken) is { } deny)
            return ServiceResult<PatientDto>.Fail(ServiceStatus.Forbidden, deny);
        var p = await Db.Patients.AsNoTracking().FirstOrDefaultAsync(x => x.Id == patientId, cancellationToken);
        if (p is null)
            return ServiceResult<PatientDto>.Fail(ServiceStatus.NotFound, $"no patient {patientId}");
        await audited.ReadAsync(caller, resource, patientId, cancellationToken);
        return PatientDto.From(p);
    }

    public async Task<ServiceResult<PatientDto>> CreateAsync(Caller caller, NewPatient patient, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(patient);
        if (caller.Role is not (Roles.Clinician or Roles.Admin) || !caller.HasScope("Patient", "write"))
        {
            await audited.DeniedAsync(caller, "create", "patients", null, cancellationToken);
            return ServiceResult<PatientDto>.Fail(ServiceStatus.Forbidden, $"the {caller.Role} role cannot create patients");
        }

        if (string.IsNullOrWhiteSpace(patient.ExternalId) || patient.ExternalId.Length > 200)
            return ServiceResult<PatientDto>.Fail(ServiceStatus.Invalid, "externalId: required, at most 200 characters");
        if (string.IsNullOrWhiteSpace(patient.DisplayName) || patient.DisplayName.Length > 300)
            return ServiceResult<PatientDto>.Fail(ServiceStatus.Invalid, "displayName: required, at most 300 characters");
        if (patient.BirthDate is { } b && !System.Text.RegularExpressions.Regex.IsMatch(b, @"^\d{4}(-\d{2}(-\d{2})?)?$"))
            return ServiceResult<PatientDto>.Fail(ServiceStatus.Invalid, "birthDate: expected YYYY, YYYY-MM or YYYY-MM-DD");
        if (await Db.Patients.AnyAsync(p => p.ExternalId == patient.ExternalId, cancellationToken))
            return ServiceResult<PatientDto>.Fail(ServiceStatus.Conflict, "externalId: a patient with this identifier exists");

        var entity = new PatientEntity
        {
            Id = Guid.NewGuid(),
            ExternalId = patient.ExternalId.Trim(),
            DisplayName = patient.DisplayName.Trim(),
            BirthDate = patient.BirthDate,
            CreatedAt = clock.GetUtcNow(),
        };
        await audited.WriteAsync(caller, "create", $"patient/{entity.Id:D}", entity.Id, () =>
        {
            Db.Patients.Add(entity);
            if (caller.Role == Roles.Clinician && caller.UserId is { } clinician)
                Db.CareTeam.Add(new CareTeamLink { ClinicianId = clinician, PatientId = entity.Id, CreatedAt = entity.CreatedAt });
            return Task.FromResult(true);
        }, cancellationToken);
        return new ServiceResult<PatientDto>(ServiceStatus.Created, PatientDto.From(entity));
    }
}

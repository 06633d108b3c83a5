using Microsoft.EntityFrameworkCore;
using Precis.Server.Security;
using Precis.Storage;

namespace Precis.Server.Services;

/// <summary>What a caller wants to do with a patient's data.</summary>
public enum PatientAccess
{
    Read,
    Write,
}

/// <summary>
/// Patient-level access: a patient sees only themself (read), a clinician only their care-team patients
/// (read/write), admins the patient's administrative record only, researchers nothing at patient level. Scopes must also allow it.
/// </summary>
public sealed class AccessControl(PrecisDbContext db)
{
    /// <summary>Null when allowed; otherwise the reason for the denial.</summary>
    public async Task<string?> CheckPatientAsync(Caller caller, Guid patientId, PatientAccess access, string resource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var verb = access == PatientAccess.Read ? "read" : "write";
        if (!caller.HasScope(resource, verb))
            return $"the token's scopes do not allow {verb} on {resource}";
        switch (caller.Role)
        {
            case Roles.Patient:
                if (access != PatientAccess.Read)
                    return "patients have read-only access";
                return caller.PatientId == patientId ? null : "a patient may only see their own record";
            case Roles.Clinician:
                if (caller.UserId is not { } clinician)
                    return "the clinician is not a local user";
                var linked = await db.CareTeam.AsNoTracking().AnyAsync(c => c.ClinicianId == clinician && c.PatientId == patientId, cancellationToken);
                return linked ? null : "the patient is not on this clinician's care team";
            case Roles.Admin:
                // Admins set up patients and care teams; uploads, jobs and plans stay with the care team.
                return resource == "Patient" ? null : "the admin role has no access to patient-level health data";
            default:
                return $"the {caller.Role} role has no access to patient-level health data";
        }
    }
}

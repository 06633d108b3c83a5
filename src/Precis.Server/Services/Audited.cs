using Precis.Server.Security;
using Precis.Storage;

namespace Precis.Server.Services;

/// <summary>Access checks that write their own audit entry, shared by the services.</summary>
public sealed class AuditedAccess(PrecisDbContext db, AccessControl access, AuditLog audit)
{
    public PrecisDbContext Db => db;

    public AuditLog Audit => audit;

    /// <summary>Checks access; a denial is audited and returned as the error.</summary>
    public async Task<string?> DenyAsync(Caller caller, Guid patientId, PatientAccess kind, string resourceType, string action, string resource, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var deny = await access.CheckPatientAsync(caller, patientId, kind, resourceType, ct);
        if (deny is not null)
            await audit.AppendAsync(db, new AuditEvent(caller.Id, caller.Role, action, resource, patientId, "denied"), ct);
        return deny;
    }

    /// <summary>Audits an allowed read.</summary>
    public Task ReadAsync(Caller caller, string resource, Guid? patientId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return audit.AppendAsync(db, new AuditEvent(caller.Id, caller.Role, "read", resource, patientId, "allowed"), ct);
    }

    /// <summary>Audits a denial that did not need a patient check (wrong role or scope).</summary>
    public Task DeniedAsync(Caller caller, string action, string resource, Guid? patientId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return audit.AppendAsync(db, new AuditEvent(caller.Id, caller.Role, action, resource, patientId, "denied"), ct);
    }

    /// <summary>Runs a write and its audit entry in one transaction.</summary>
    public Task<T?> WriteAsync<T>(Caller caller, string action, string resource, Guid? patientId, Func<Task<T>> work, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return audit.WriteAsync(db, new AuditEvent(caller.Id, caller.Role, action, resource, patientId, "allowed"), work, ct);
    }
}

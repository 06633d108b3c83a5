using Microsoft.EntityFrameworkCore;
using Precis.Server.Security;
using Precis.Storage;

namespace Precis.Server.Services;

/// <summary>User management and sign-in.</summary>
public sealed class UserService(AuditedAccess audited, TokenService tokens, TimeProvider clock) : IUserService, IAuthService
{
    // Verifying against a real hash when the user does not exist keeps the timing of both failures equal.
    private static readonly string DummyHash = PasswordHasher.Hash(Guid.NewGuid().ToString());

    private PrecisDbContext Db => audited.Db;

    public async Task<IssuedToken?> SignInAsync(string userName, string password, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(password);
        var name = userName.Trim().ToLowerInvariant();
        var user = await Db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.UserName == name, cancellationToken);
        var ok = PasswordHasher.Verify(password, user?.PasswordHash ?? DummyHash) && user is { Disabled: false };
        await audited.Audit.AppendAsync(Db, new AuditEvent(user?.Id.ToString("D") ?? "anonymous", user?.Role ?? "none", "sign-in",
            user is null ? "user/unknown" : $"user/{user.Id:D}", null, ok ? "allowed" : "denied"), cancellationToken);
        return ok ? tokens.Issue(user!) : null;
    }

    public async Task<ServiceResult<IReadOnlyList<UserDto>>> ListAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        if (!IsAdmin(caller, "read"))
        {
            await audited.DeniedAsync(caller, "read", "users", null, cancellationToken);
            return ServiceResult<IReadOnlyList<UserDto>>.Fail(ServiceStatus.Forbidden, "only admins manage users");
        }

        var users = await Db.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(cancellationToken);
        await audited.ReadAsync(caller, "users", null, cancellationToken);
        return users.Select(UserDto.From).ToList();
    }

    public async Task<ServiceResult<UserDto>> CreateAsync(Caller caller, NewUser user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!IsAdmin(caller, "write"))
        {
            await audited.DeniedAsync(caller, "create", "users", null, cancellationToken);
            return ServiceResult<UserDto>.Fail(ServiceStatus.Forbidden, "only admins manage users");
        }

        var name = user.UserName?.Trim().ToLowerInvariant() ?? "";
        if (name.Length is 0 or > 200)
            return ServiceResult<UserDto>.Fail(ServiceStatus.Invalid, "userName: required, at most 200 characters");
        if (!Roles.All.Contains(user.Role))
            return ServiceResult<UserDto>.Fail(ServiceStatus.Invalid, $"role: one of {string.Join(", ", Roles.All)}");
        if (user.Password is null || user.Password.Length < 12)
            return ServiceResult<UserDto>.Fail(ServiceStatus.Invalid, "password: at least 12 characters");
        if (user.Role == Roles.Patient != user.PatientId.HasValue)
            return ServiceResult<UserDto>.Fail(ServiceStatus.Invalid, "patientId: required for patient users and only for them");
        if (user.PatientId is { } pid && !await Db.Patients.AnyAsync(p => p.Id == pid, cancellationToken))
            return ServiceResult<UserDto>.Fail(ServiceStatus.Invalid, $"patientId: no patient {pid}");
        if (await Db.Users.AnyAsync(u => u.UserName == name, cancellationToken))
            return ServiceResult<UserDto>.Fail(ServiceStatus.Conflict, "userName: taken");

        var entity = new UserAccount
        {
            Id = Guid.NewGuid(),
            UserName = name,
            PasswordHash = PasswordHasher.Hash(user.Password),
            Role = user.Role,
            PatientId = user.PatientId,
            CreatedAt = clock.GetUtcNow(),
        };
        await audited.WriteAsync(caller, "create", $"user/{entity.Id:D}", entity.PatientId, () =>
        {
            Db.Users.Add(entity);
            return Task.FromResult(true);
        }, cancellationToken);
        return new ServiceResult<UserDto>(ServiceStatus.Created, UserDto.From(entity));
    }

    public async Task<ServiceResult<bool>> LinkCareTeamAsync(Caller caller, Guid clinicianId, Guid patientId, CancellationToken cancellationToken = default)
    {
        var resource = $"patient/{patientId:D}/care-team/{clinicianId:D}";
        if (!IsAdmin(caller, "write"))
        {
            await audited.DeniedAsync(caller, "create", resource, patientId, cancellationToken);
            return ServiceResult<bool>.Fail(ServiceStatus.Forbidden, "only admins manage care teams");
        }

        if (!await Db.Users.AnyAsync(u => u.Id == clinicianId && u.Role == Roles.Clinician, cancellationToken))
            return ServiceResult<bool>.Fail(ServiceStatus.Invalid, $"clinicianId: no clinician {clinicianId}");
        if (!await Db.Patients.AnyAsync(p => p.Id == patientId, cancellationToken))
            return ServiceResult<bool>.Fail(ServiceStatus.NotFound, $"no patient {patientId}");
        if (await Db.CareTeam.AnyAsync(c => c.ClinicianId == clinicianId && c.PatientId == patientId, cancellationToken))
            return true;
        await audited.WriteAsync(caller, "create", resource, patientId, () =>
        {
            Db.CareTeam.Add(new CareTeamLink { ClinicianId = clinicianId, PatientId = patientId, CreatedAt = clock.GetUtcNow() });
            return Task.FromResult(true);
        }, cancellationToken);
        return new ServiceResult<bool>(ServiceStatus.Created, true);
    }

    private static bool IsAdmin(Caller caller, string access)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.Role == Roles.Admin && caller.HasScope("User", access);
    }
}

using System.Security.Claims;

namespace Precis.Server.Security;

/// <summary>Claim names in Precis tokens and the SMART-style scopes each role gets.</summary>
public static class PrecisClaims
{
    public const string Subject = "sub";
    public const string Role = "role";
    public const string Scope = "scope";

    /// <summary>For patient users: the patient id they are (SMART's launch/patient context).</summary>
    public const string Patient = "patient";

    public const string Name = "name";

    /// <summary>The cookie the web UI keeps the same token in (HttpOnly, SameSite=Strict).</summary>
    public const string CookieName = "precis_token";

    /// <summary>SMART-style scopes granted at sign-in, by role.</summary>
    public static IReadOnlyList<string> ScopesFor(string role) => role switch
    {
        Storage.Roles.Clinician => ["user/*.read", "user/*.write"],
        Storage.Roles.Patient => ["patient/*.read"],
        Storage.Roles.Researcher => ["user/Aggregate.read"],
        Storage.Roles.Admin => ["user/User.read", "user/User.write", "user/Patient.read", "user/Patient.write"],
        _ => [],
    };

    /// <summary>The caller as the services see it.</summary>
    public static Caller ToCaller(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var id = principal.FindFirst(Subject)?.Value ?? "anonymous";
        var role = principal.FindFirst(Role)?.Value ?? "none";
        var scopes = (principal.FindFirst(Scope)?.Value ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Guid? patient = Guid.TryParse(principal.FindFirst(Patient)?.Value, out var p) ? p : null;
        Guid? user = Guid.TryParse(id, out var u) ? u : null;
        return new Caller(id, user, role, new HashSet<string>(scopes, StringComparer.Ordinal), patient);
    }
}

/// <summary>An authenticated caller: id, role, scopes and (for patients) their own patient id.</summary>
/// <param name="Id">The token subject (a user id for local users).</param>
/// <param name="UserId">The local user id, when the subject is one.</param>
/// <param name="Role">clinician, patient, researcher or admin.</param>
/// <param name="Scopes">SMART-style scopes, e.g. "user/*.read".</param>
/// <param name="PatientId">For patient users: themself.</param>
public sealed record Caller(string Id, Guid? UserId, string Role, IReadOnlySet<string> Scopes, Guid? PatientId)
{
    /// <summary>True when a scope grants <paramref name="access"/> ("read"/"write") on <paramref name="resource"/> (e.g. "Plan").</summary>
    public bool HasScope(string resource, string access)
    {
        foreach (var s in Scopes)
        {
            // context/resource.access with wildcards, e.g. user/*.read, patient/Plan.read, user/*.*
            var slash = s.IndexOf('/', StringComparison.Ordinal);
            var dot = s.LastIndexOf('.');
            if (slash < 0 || dot < slash)
                continue;
            var r = s[(slash + 1)..dot];
            var a = s[(dot + 1)..];
            if ((r == "*" || r == resource) && (a == "*" || a == access))
                return true;
        }

        return false;
    }
}

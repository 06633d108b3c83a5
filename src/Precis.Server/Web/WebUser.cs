using System.Security.Claims;
using Precis.Server.Security;

namespace Precis.Server.Web;

/// <summary>The signed-in user as the layout shows them: user name and role from the token.</summary>
/// <param name="Name">The user name (the token's name claim).</param>
/// <param name="Role">clinician, patient, researcher or admin.</param>
public sealed record WebUser(string Name, string Role)
{
    /// <summary>The user of this request, or null when anonymous.</summary>
    public static WebUser? Of(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (principal.Identity?.IsAuthenticated != true)
            return null;
        var role = principal.FindFirst(PrecisClaims.Role)?.Value ?? "none";
        return new WebUser(principal.FindFirst(PrecisClaims.Name)?.Value ?? principal.FindFirst(PrecisClaims.Subject)?.Value ?? "unknown", role);
    }
}

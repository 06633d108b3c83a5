using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Precis.Server.Security;
using Precis.Server.Services;
using Precis.Storage;

namespace Precis.Server.Web;

/// <summary>
/// Base of every UI page: the caller from the token (the back end's services check access and write the audit
/// trail), and one wording for "sign in first", "not for your role" and "not found" on every page.
/// </summary>
public abstract class WebPageModel : PageModel
{
    /// <summary>The caller as the services see it.</summary>
    protected Caller Caller => User.ToCaller();

    /// <summary>Sends an anonymous visitor to the sign-in page and back here afterwards.</summary>
    protected IActionResult SignInFirst() =>
        Redirect("/signin?returnUrl=" + Uri.EscapeDataString(Request.Path + Request.QueryString));

    /// <summary>
    /// Null when the user is a signed-in clinician; otherwise the response to return: sign in, or 403 for other
    /// roles. A patient gets the same 403 for every /patients address, whether or not that patient exists.
    /// </summary>
    protected IActionResult? RequireClinician() =>
        User.Identity?.IsAuthenticated != true ? SignInFirst()
        : Caller.Role == Roles.Clinician ? null
        : StatusCode(StatusCodes.Status403Forbidden);

    /// <summary>
    /// The response for a failed service call. "Not found" and "not on your care team" both become the same 404,
    /// so no page tells a user whether a patient they may not see exists.
    /// </summary>
    protected IActionResult Failed<T>(ServiceResult<T> result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Status switch
        {
            ServiceStatus.NotFound or ServiceStatus.Forbidden => NotFound(),
            ServiceStatus.TooLarge => StatusCode(StatusCodes.Status413PayloadTooLarge),
            _ => BadRequest(),
        };
    }
}

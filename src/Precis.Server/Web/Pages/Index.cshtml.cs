using Microsoft.AspNetCore.Mvc;
using Precis.Storage;

namespace Precis.Server.Web.Pages;

/// <summary>The start page: sends each role to its own home (clinicians to their patients, patients to their plan).</summary>
public sealed class IndexModel : WebPageModel
{
    public IActionResult OnGet() => WebUser.Of(User)?.Role switch
    {
        null => Redirect("/signin"),
        Roles.Clinician => Redirect("/patients"),
        Roles.Patient => Redirect("/portal"),
        _ => StatusCode(StatusCodes.Status403Forbidden),
    };
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Precis.Server.Security;

namespace Precis.Server.Web.Pages;

/// <summary>Sign-out: a POST (with antiforgery) that deletes the token cookie; GET only shows the button.</summary>
[AllowAnonymous]
public sealed class SignOutModel : WebPageModel
{
    public void OnGet()
    {
    }

    public IActionResult OnPost()
    {
        Response.Cookies.Delete(PrecisClaims.CookieName, new CookieOptions { Path = "/", HttpOnly = true, Secure = Request.IsHttps, SameSite = SameSiteMode.Strict });
        return Redirect("/signin");
    }
}

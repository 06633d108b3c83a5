using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Precis.Server.Security;
using Precis.Server.Services;

namespace Precis.Server.Web.Pages;

/// <summary>
/// Sign-in form: the back end checks the password (audited, rate-limited per IP like /api/auth/token) and issues
/// the API's bearer token, which this page keeps in an HttpOnly, SameSite=Strict cookie (Secure over HTTPS) so
/// no script can read it.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(PrecisServer.SignInPolicy)]
public sealed class SignInModel(IAuthService auth) : WebPageModel
{
    public string? Error { get; private set; }

    public string? UserName { get; private set; }

    public string ReturnUrl { get; private set; } = "/";

    public void OnGet(string? returnUrl) => ReturnUrl = SafeReturn(returnUrl);

    public async Task<IActionResult> OnPostAsync(string? username, string? password, string? returnUrl, CancellationToken cancellationToken)
    {
        ReturnUrl = SafeReturn(returnUrl);
        UserName = username;
        if (string.IsNullOrWhiteSpace(username) || string.IsNullOrEmpty(password))
        {
            Error = "Enter your user name and your password.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var token = await auth.SignInAsync(username.Trim(), password, cancellationToken);
        if (token is null)
        {
            // One message for an unknown user and a wrong password, so the form cannot be used to find accounts.
            Error = "The user name or password is not correct.";
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }

        Response.Cookies.Append(PrecisClaims.CookieName, token.AccessToken, new CookieOptions
        {
            HttpOnly = true,
            Secure = Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            Path = "/",
            MaxAge = TimeSpan.FromSeconds(token.ExpiresIn),
        });
        return LocalRedirect(ReturnUrl);
    }

    /// <summary>Only local paths, so the sign-in page cannot bounce users to another site.</summary>
    private string SafeReturn(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) && !returnUrl.StartsWith("/signin", StringComparison.OrdinalIgnoreCase) ? returnUrl : "/";
}

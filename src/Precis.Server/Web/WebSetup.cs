using System.Net;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Precis.Server.Services;

namespace Precis.Server.Web;

/// <summary>
/// Registers the server-rendered web UI (Razor Pages under Web/Pages): <c>services.AddPrecisWeb()</c> and
/// <c>app.MapPrecisWeb()</c>, one line each in the host.
/// </summary>
public static class WebSetup
{
    /// <summary>Name of the antiforgery cookie (the token itself is in every form).</summary>
    public const string AntiforgeryCookie = "precis_af";

    /// <summary>Path prefixes that belong to the API, not the UI: they keep their JSON errors and 401s.</summary>
    private static readonly string[] NonUiPrefixes = ["/api", "/cds-services", "/health", "/openapi", "/fhir", "/ui"];

    public static IServiceCollection AddPrecisWeb(this IServiceCollection services)
    {
        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/Web/Pages";
        });
        services.AddSingleton<DrugChecker>();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = AntiforgeryCookie;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.FormFieldName = "__af";
        });
        return services;
    }

    public static WebApplication MapPrecisWeb(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // UI requests get pages a person can act on: 401 sends them to sign in, 403/404 explain without saying
        // whether the patient exists. API paths keep their own status codes and bodies.
        app.UseWhen(IsUiRequest, ui => ui.UseStatusCodePages(StatusPageAsync));

        app.MapGet("/ui/site.css", (HttpContext http) => Asset(http, WebAssets.Css, "text/css; charset=utf-8")).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/ui/site.js", (HttpContext http) => Asset(http, WebAssets.Script, "text/javascript; charset=utf-8")).AllowAnonymous().ExcludeFromDescription();
        app.MapRazorPages();
        return app;
    }

    /// <summary>
    /// A rendered report for the UI's own frame. The server's security headers forbid framing everywhere
    /// (X-Frame-Options DENY, frame-ancestors 'none'); this one response relaxes that to the same origin only.
    /// </summary>
    internal static FileContentResult Frameable(PageModel page, RenderedPlan rendered)
    {
        var headers = page.Response.Headers;
        headers.XFrameOptions = "SAMEORIGIN";
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'";
        return new FileContentResult(rendered.Content, rendered.ContentType);
    }

    /// <summary>
    /// The stylesheet or script. Pages link them with a content hash in the query (<see cref="WebAssets.CssPath"/>),
    /// so they may be cached for good, unlike everything else the server sends (no-store).
    /// </summary>
    private static IResult Asset(HttpContext http, string text, string contentType)
    {
        http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        return Results.Text(text, contentType);
    }

    private static bool IsUiRequest(HttpContext context) =>
        !NonUiPrefixes.Any(p => context.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));

    private static async Task StatusPageAsync(StatusCodeContext status)
    {
        var context = status.HttpContext;
        var code = context.Response.StatusCode;
        if (code == StatusCodes.Status401Unauthorized && HttpMethods.IsGet(context.Request.Method))
        {
            var back = context.Request.Path + context.Request.QueryString;
            context.Response.Redirect("/signin?returnUrl=" + Uri.EscapeDataString(back.ToString()));
            return;
        }

        var (title, text) = code switch
        {
            StatusCodes.Status401Unauthorized => ("Please sign in", "Your session has ended or you are not signed in."),
            StatusCodes.Status403Forbidden => ("Not available to you", "Your account cannot open this page. If you think it should, ask your administrator."),
            StatusCodes.Status404NotFound => ("Page not found", "There is nothing here that you can open. Check the address, or go back to the list."),
            StatusCodes.Status400BadRequest => ("The request could not be read", "The form was incomplete or has expired. Go back, reload the page and try again."),
            StatusCodes.Status429TooManyRequests => ("Too many requests", "Please wait a minute and try again."),
            _ => ("Something went wrong", "The server could not complete the request. Try again; if it keeps happening, tell your administrator."),
        };
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(StatusHtml(code, title, text), context.RequestAborted);
    }

    /// <summary>A complete page in the UI's chrome for a status code (no patient data, no echo of the URL).</summary>
    internal static string StatusHtml(int code, string title, string text) =>
        $"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{WebUtility.HtmlEncode(title)} — Precis</title><link rel="stylesheet" href="{WebAssets.CssPath}"></head>
        <body><header class="bar"><a class="brand" href="/">Precis</a></header>
        <main id="main"><h1>{WebUtility.HtmlEncode(title)}</h1><p class="lead" data-status="{code}">{WebUtility.HtmlEncode(text)}</p>
        <p><a href="/">Go to the start page</a></p></main></body></html>
        """;
}

using Microsoft.EntityFrameworkCore;
using Precis.Server.Security;
using Precis.Server.Services;
using Precis.Storage;

namespace Precis.Server.Api;

/// <summary>The REST API under /api (OpenAPI at /openapi/v1.json).</summary>
public static class ApiEndpoints
{
    /// <summary>Sign-in request.</summary>
    public sealed record SignInRequest(string UserName, string Password, bool SetCookie = false);

    /// <summary>First-admin request with the printed bootstrap token.</summary>
    public sealed record BootstrapRequest(string Token, string UserName, string Password);

    /// <summary>Care-team link request.</summary>
    public sealed record CareTeamRequest(Guid ClinicianId);

    public static IEndpointRouteBuilder MapPrecisApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");

        api.MapPost("/auth/token", async (SignInRequest req, IAuthService auth, HttpContext http, CancellationToken ct) =>
        {
            if (string.IsNullOrEmpty(req.UserName) || string.IsNullOrEmpty(req.Password))
                return Results.Problem("userName and password are required", statusCode: 400);
            var token = await auth.SignInAsync(req.UserName, req.Password, ct);
            if (token is null)
                return Results.Problem("unknown user or wrong password", statusCode: 401);
            if (req.SetCookie)
                SetTokenCookie(http, token);
            return Results.Ok(new { access_token = token.AccessToken, token_type = "Bearer", expires_in = token.ExpiresIn, scope = token.Scope, role = token.Role });
        }).RequireRateLimiting(PrecisServer.SignInPolicy).AllowAnonymous().WithSummary("Sign in a local user; returns a bearer token (and sets the HttpOnly cookie when setCookie is true)");

        api.MapPost("/auth/signout", (HttpContext http) =>
        {
            http.Response.Cookies.Delete(PrecisClaims.CookieName);
            return Results.NoContent();
        }).WithSummary("Clear the token cookie");

        api.MapPost("/bootstrap", async (BootstrapRequest req, BootstrapToken bootstrap, PrecisDbContext db, AuditLog audit, TimeProvider clock, CancellationToken ct) =>
        {
            if (req.Password is null || req.Password.Length < 12 || string.IsNullOrWhiteSpace(req.UserName))
                return Results.Problem("userName is required and the password needs at least 12 characters", statusCode: 400);
            if (await db.Users.AnyAsync(u => u.Role == Roles.Admin, ct) || !bootstrap.TryConsume(req.Token))
                return Results.Problem("the bootstrap token is wrong, used, or an admin exists", statusCode: 403);
            var admin = new UserAccount { Id = Guid.NewGuid(), UserName = req.UserName.Trim().ToLowerInvariant(), PasswordHash = PasswordHasher.Hash(req.Password), Role = Roles.Admin, CreatedAt = clock.GetUtcNow() };
            await audit.WriteAsync(db, new AuditEvent("bootstrap", "none", "create", $"user/{admin.Id:D}", null, "allowed"), () =>
            {
                db.Users.Add(admin);
                return Task.FromResult(true);
            }, ct);
            return Results.Created($"/api/users/{admin.Id:D}", UserDto.From(admin));
        }).RequireRateLimiting(PrecisServer.SignInPolicy).AllowAnonymous().WithSummary("Create the first admin with the one-time token printed at start-up");

        var secured = api.MapGroup("").RequireAuthorization();

        secured.MapGet("/users", async (HttpContext h, IUserService s, CancellationToken ct) => Map(await s.ListAsync(h.User.ToCaller(), ct)));
        secured.MapPost("/users", async (NewUser u, HttpContext h, IUserService s, CancellationToken ct) => Map(await s.CreateAsync(h.User.ToCaller(), u, ct), r => $"/api/users/{r.Id:D}"));
        secured.MapPost("/patients/{patientId:guid}/care-team", async (Guid patientId, CareTeamRequest req, HttpContext h, IUserService s, CancellationToken ct) =>
            Map(await s.LinkCareTeamAsync(h.User.ToCaller(), req.ClinicianId, patientId, ct)));

        secured.MapGet("/patients", async (HttpContext h, IPatientService s, CancellationToken ct) => Map(await s.ListAsync(h.User.ToCaller(), ct)));
        secured.MapPost("/patients", async (NewPatient p, HttpContext h, IPatientService s, CancellationToken ct) => Map(await s.CreateAsync(h.User.ToCaller(), p, ct), r => $"/api/patients/{r.Id:D}"));
        secured.MapGet("/patients/{patientId:guid}", async (Guid patientId, HttpContext h, IPatientService s, CancellationToken ct) => Map(await s.GetAsync(h.User.ToCaller(), patientId, ct)));

        secured.MapPost("/patients/{patientId:guid}/uploads", async (Guid patientId, string kind, string? name, HttpContext h, IUploadService s, CancellationToken ct) =>
        {
            if (UploadKinds.Parse(kind) is not { } k)
                return Results.Problem("kind: one of vcf, bcf, maf, fhir, csv", statusCode: 400);
            return Map(await s.UploadAsync(h.User.ToCaller(), patientId, k, name ?? "upload", h.Request.Body, ct), r => $"/api/patients/{patientId:D}/uploads/{r.Id:D}");
        }).WithSummary("Upload a file as the raw request body (application/octet-stream); ?kind=vcf|bcf|maf|fhir|csv&name=file.vcf.gz")
          .Accepts<Stream>("application/octet-stream")
          .WithMetadata(new Microsoft.AspNetCore.Mvc.DisableRequestSizeLimitAttribute());
        secured.MapGet("/patients/{patientId:guid}/uploads", async (Guid patientId, HttpContext h, IUploadService s, CancellationToken ct) => Map(await s.ListAsync(h.User.ToCaller(), patientId, ct)));

        secured.MapPost("/patients/{patientId:guid}/jobs", async (Guid patientId, HttpContext h, IJobService s, CancellationToken ct) => Map(await s.StartAsync(h.User.ToCaller(), patientId, ct), r => $"/api/jobs/{r.Id:D}"))
            .WithSummary("Analyse the patient's latest upload of each kind; an equal earlier job is returned with 200 instead of a new one (202)");
        secured.MapGet("/patients/{patientId:guid}/jobs", async (Guid patientId, HttpContext h, IJobService s, CancellationToken ct) => Map(await s.ListAsync(h.User.ToCaller(), patientId, ct)));
        secured.MapGet("/jobs/{jobId:guid}", async (Guid jobId, HttpContext h, IJobService s, CancellationToken ct) => Map(await s.GetAsync(h.User.ToCaller(), jobId, ct)));
        secured.MapPost("/jobs/{jobId:guid}/cancel", async (Guid jobId, HttpContext h, IJobService s, CancellationToken ct) => Map(await s.CancelAsync(h.User.ToCaller(), jobId, ct)));

        secured.MapGet("/patients/{patientId:guid}/plans", async (Guid patientId, HttpContext h, IPlanService s, CancellationToken ct) => Map(await s.ListAsync(h.User.ToCaller(), patientId, ct)));
        secured.MapGet("/plans/{planId:guid}", async (Guid planId, string? format, HttpContext h, IPlanService s, CancellationToken ct) =>
        {
            var r = await s.RenderAsync(h.User.ToCaller(), planId, format ?? "json", ct);
            return r.IsSuccess ? Results.File(r.Value!.Content, r.Value.ContentType, format is null or "json" or "html" or "patient" ? null : r.Value.FileName) : Map(r);
        }).WithSummary("A plan as json (default), html, patient, pdf (needs Chromium) or fhir (Genomics Reporting IG bundle)");

        secured.MapGet("/research/phenotypes", async (HttpContext h, IResearchService s, CancellationToken ct) => Map(await s.PhenotypeCountsAsync(h.User.ToCaller(), ct)))
            .WithSummary("De-identified phenotype counts per gene (cells under 5 suppressed)");
        return app;
    }

    /// <summary>Sets the HttpOnly, Secure-when-HTTPS, SameSite=Strict cookie the web UI authenticates with.</summary>
    public static void SetTokenCookie(HttpContext http, IssuedToken token)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(token);
        http.Response.Cookies.Append(PrecisClaims.CookieName, token.AccessToken, new CookieOptions
        {
            HttpOnly = true,
            Secure = http.Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            MaxAge = TimeSpan.FromSeconds(token.ExpiresIn),
            Path = "/",
        });
    }

    /// <summary>A service result as an HTTP result.</summary>
    public static IResult Map<T>(ServiceResult<T> r, Func<T, string>? location = null)
    {
        ArgumentNullException.ThrowIfNull(r);
        return r.Status switch
        {
            ServiceStatus.Ok => Results.Ok(r.Value),
            ServiceStatus.Created => location is null ? Results.Ok(r.Value) : Results.Created(location(r.Value!), r.Value),
            ServiceStatus.Accepted => Results.Accepted(location?.Invoke(r.Value!), r.Value),
            ServiceStatus.NotFound => Results.Problem(r.Error, statusCode: 404),
            ServiceStatus.Forbidden => Results.Problem(r.Error, statusCode: 403),
            ServiceStatus.Conflict => Results.Problem(r.Error, statusCode: 409),
            ServiceStatus.TooLarge => Results.Problem(r.Error, statusCode: 413),
            _ => Results.Problem(r.Error, statusCode: 400),
        };
    }
}

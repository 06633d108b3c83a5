using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Precis.Server.Security;

/// <summary>
/// Validates bearer JWTs (issuer, audience, lifetime, signature) with Microsoft.IdentityModel: HS256 tokens this
/// server issued, and RS256/ES384 tokens of configured external issuers (keys from their JWKS). The same token is
/// accepted from the HttpOnly <see cref="PrecisClaims.CookieName"/> cookie for the web UI.
/// (Microsoft.AspNetCore.Authentication.JwtBearer does not restore from this project's feed.)
/// </summary>
public sealed class JwtAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    TokenService tokens,
    JwksKeys jwks,
    IOptions<PrecisServerOptions> server)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "PrecisJwt";
    private static readonly PathString CdsServicesPath = new("/cds-services");
    private static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        // CDS Hooks routes authenticate the calling EHR with its own client JWT (CdsClientAuthenticator); a user token is
        // never accepted there, and trying the client's token as one would fail (an exception and a log line) on every call.
        if (Request.Path.StartsWithSegments(CdsServicesPath, StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.NoResult();
        string? token = null;
        var header = Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            token = header["Bearer ".Length..].Trim();
        else if (Request.Cookies.TryGetValue(PrecisClaims.CookieName, out var cookie))
            token = cookie;
        if (string.IsNullOrEmpty(token))
            return AuthenticateResult.NoResult();

        TokenValidationParameters parameters;
        try
        {
            var unvalidated = Handler.ReadJsonWebToken(token);
            parameters = await ParametersForAsync(unvalidated);
        }
        catch (Exception e) when (e is ArgumentException or SecurityTokenException)
        {
            return AuthenticateResult.Fail("malformed or untrusted token: " + e.Message);
        }

        var result = await Handler.ValidateTokenAsync(token, parameters);
        if (!result.IsValid)
            return AuthenticateResult.Fail(result.Exception?.Message ?? "invalid token");
        var identity = new ClaimsIdentity(result.ClaimsIdentity.Claims, SchemeName, PrecisClaims.Subject, PrecisClaims.Role);
        if (identity.FindFirst(PrecisClaims.Role) is null)
            return AuthenticateResult.Fail("the token has no role claim");
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    private async Task<TokenValidationParameters> ParametersForAsync(JsonWebToken unvalidated)
    {
        var local = tokens.LocalValidation;
        if (unvalidated.Issuer == local.ValidIssuer)
            return local;
        var issuer = server.Value.Jwt.ExternalIssuers.FirstOrDefault(i => i.Issuer == unvalidated.Issuer)
            ?? throw new SecurityTokenInvalidIssuerException($"issuer '{unvalidated.Issuer}' is not trusted");
        unvalidated.TryGetHeaderValue<string>("jku", out var jku);
        var keys = await jwks.GetAsync(issuer, jku, Context.RequestAborted);
        return new TokenValidationParameters
        {
            ValidIssuer = issuer.Issuer,
            ValidAudience = issuer.Audience ?? local.ValidAudience,
            IssuerSigningKeys = keys,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha384],
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromSeconds(30),
            NameClaimType = PrecisClaims.Subject,
            RoleClaimType = PrecisClaims.Role,
        };
    }
}

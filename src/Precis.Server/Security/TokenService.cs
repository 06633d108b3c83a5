using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Precis.Storage;

namespace Precis.Server.Security;

/// <summary>An issued access token.</summary>
/// <param name="AccessToken">The JWT.</param>
/// <param name="ExpiresIn">Seconds until it expires.</param>
/// <param name="Scope">Space-separated scopes.</param>
/// <param name="Role">The user's role.</param>
public sealed record IssuedToken(string AccessToken, int ExpiresIn, string Scope, string Role);

/// <summary>Issues HS256 tokens for local users and builds the validation parameters for them.</summary>
public sealed class TokenService
{
    private readonly PrecisServerOptions _options;
    private readonly TimeProvider _clock;
    private readonly SymmetricSecurityKey _key;

    public TokenService(IOptions<PrecisServerOptions> options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _clock = clock;
        var raw = _options.Jwt.SigningKey
            ?? throw new InvalidOperationException("Precis:Jwt:SigningKey is not set: give a base64 key of at least 32 bytes (e.g. PRECIS__JWT__SIGNINGKEY=$(openssl rand -base64 48))");
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(raw);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException("Precis:Jwt:SigningKey is not valid base64");
        }

        if (bytes.Length < 32)
            throw new InvalidOperationException($"Precis:Jwt:SigningKey has {bytes.Length} bytes; HS256 needs at least 32");
        _key = new SymmetricSecurityKey(bytes) { KeyId = "local" };
    }

    /// <summary>Validation for tokens this server issued.</summary>
    public TokenValidationParameters LocalValidation => new()
    {
        ValidIssuer = _options.Jwt.Issuer,
        ValidAudience = _options.Jwt.Audience,
        IssuerSigningKey = _key,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ValidateLifetime = true,
        RequireExpirationTime = true,
        ClockSkew = TimeSpan.FromSeconds(30),
        NameClaimType = PrecisClaims.Subject,
        RoleClaimType = PrecisClaims.Role,
    };

    /// <summary>A token for a local user with the scopes of their role.</summary>
    public IssuedToken Issue(UserAccount user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var scope = string.Join(' ', PrecisClaims.ScopesFor(user.Role));
        var now = _clock.GetUtcNow();
        var claims = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            [PrecisClaims.Subject] = user.Id.ToString("D"),
            [PrecisClaims.Role] = user.Role,
            [PrecisClaims.Scope] = scope,
            [PrecisClaims.Name] = user.UserName,
            ["jti"] = Guid.NewGuid().ToString("N"),
        };
        if (user.PatientId is { } p)
            claims[PrecisClaims.Patient] = p.ToString("D");
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _options.Jwt.Issuer,
            Audience = _options.Jwt.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + _options.Jwt.Lifetime).UtcDateTime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256),
        });
        return new IssuedToken(token, (int)_options.Jwt.Lifetime.TotalSeconds, scope, user.Role);
    }

    /// <summary>A claims principal as the authentication handler builds it (for in-process callers such as the web UI).</summary>
    public static ClaimsPrincipal Principal(UserAccount user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var claims = new List<Claim>
        {
            new(PrecisClaims.Subject, user.Id.ToString("D")),
            new(PrecisClaims.Role, user.Role),
            new(PrecisClaims.Scope, string.Join(' ', PrecisClaims.ScopesFor(user.Role))),
        };
        if (user.PatientId is { } p)
            claims.Add(new Claim(PrecisClaims.Patient, p.ToString("D")));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, JwtAuthenticationHandler.SchemeName, PrecisClaims.Subject, PrecisClaims.Role));
    }
}

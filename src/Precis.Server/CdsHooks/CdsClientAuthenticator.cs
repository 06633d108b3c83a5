using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Precis.Server.Security;

namespace Precis.Server.CdsHooks;

/// <summary>
/// CDS Hooks 2.0 §Trusting CDS Clients: the client sends a JWT signed with its private key. We check the issuer is on
/// the allow-list, fetch its keys (a <c>jku</c> header must equal the configured JWKS URL), require <c>aud</c> = this
/// service's URL, a short <c>exp</c>, and refuse a <c>jti</c> seen before until it expires.
/// </summary>
public sealed class CdsClientAuthenticator(IOptions<PrecisServerOptions> options, JwksKeys jwks, TimeProvider clock)
{
    private static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private long _checks;

    /// <summary>The client id (issuer) when the token is valid; otherwise null and the reason.</summary>
    public async Task<(string? Client, string? Error)> AuthenticateAsync(string? authorization, string serviceUrl, CancellationToken ct)
    {
        var settings = options.Value.CdsHooks;
        if (!settings.RequireClientAuth)
            return ("unauthenticated-client", null);
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return (null, "a CDS client JWT is required (Authorization: Bearer …)");
        var token = authorization["Bearer ".Length..].Trim();
        JsonWebToken jwt;
        try
        {
            jwt = Handler.ReadJsonWebToken(token);
        }
        catch (ArgumentException)
        {
            return (null, "the bearer token is not a JWT");
        }

        var client = settings.Clients.FirstOrDefault(c => c.Issuer == jwt.Issuer);
        if (client is null)
            return (null, $"issuer '{jwt.Issuer}' is not an allowed CDS client");
        jwt.TryGetHeaderValue<string>("jku", out var jku);
        IReadOnlyList<SecurityKey> keys;
        try
        {
            keys = await jwks.GetAsync(client, jku, ct);
        }
        catch (Exception e) when (e is SecurityTokenException or HttpRequestException or TaskCanceledException or ArgumentException)
        {
            return (null, "the client's keys could not be had: " + e.Message);
        }

        var result = await Handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = client.Issuer,
            ValidAudience = serviceUrl,
            IssuerSigningKeys = keys,
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256],
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = TimeSpan.FromSeconds(30),
            LifetimeValidator = (nbf, exp, _, _) => exp is { } e && e.ToUniversalTime() > clock.GetUtcNow().UtcDateTime.AddSeconds(-30) && (nbf is null || nbf.Value.ToUniversalTime() <= clock.GetUtcNow().UtcDateTime.AddSeconds(30)),
        });
        if (!result.IsValid)
            return (null, "invalid client JWT: " + (result.Exception?.Message ?? "validation failed"));
        var jti = jwt.Id;
        if (string.IsNullOrEmpty(jti))
            return (null, "the client JWT has no jti");
        var expires = new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero).AddSeconds(30);
        if (!_seen.TryAdd(client.Issuer + "|" + jti, expires))
            return (null, "the client JWT's jti was already used (replay)");
        if (Interlocked.Increment(ref _checks) % 1024 == 0)
            Prune();
        return (client.Issuer, null);
    }

    private void Prune()
    {
        var now = clock.GetUtcNow();
        foreach (var (key, expires) in _seen)
        {
            if (expires < now)
                _seen.TryRemove(key, out _);
        }
    }
}

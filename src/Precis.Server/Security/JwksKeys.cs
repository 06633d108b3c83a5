using System.Collections.Concurrent;
using Microsoft.IdentityModel.Tokens;

namespace Precis.Server.Security;

/// <summary>Signing keys of external issuers and CDS clients, from inline JWKS or fetched JWKS URLs (cached 10 minutes).</summary>
public sealed class JwksKeys(IHttpClientFactory http, TimeProvider clock)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<string, (DateTimeOffset Fetched, IReadOnlyList<SecurityKey> Keys)> _cache = new(StringComparer.Ordinal);

    // Inline JWKS, parsed once per distinct text: building the keys (and their crypto providers) on every call cost
    // more than verifying the signature.
    private readonly ConcurrentDictionary<string, IReadOnlyList<SecurityKey>> _inline = new(StringComparer.Ordinal);

    /// <summary>The keys of one trusted issuer; throws <see cref="SecurityTokenSignatureKeyNotFoundException"/> when none can be had.</summary>
    public async Task<IReadOnlyList<SecurityKey>> GetAsync(TrustedIssuer issuer, string? jku, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        if (!string.IsNullOrEmpty(issuer.Jwks))
            return _inline.GetOrAdd(issuer.Jwks, Parse);
        // A jku header is only honoured when it is the configured URL: a token must not tell us where to fetch keys.
        var url = issuer.JwksUrl ?? throw new SecurityTokenSignatureKeyNotFoundException($"issuer {issuer.Issuer} has no JWKS configured");
        if (jku is not null && !string.Equals(jku, url, StringComparison.Ordinal))
            throw new SecurityTokenSignatureKeyNotFoundException($"jku {jku} is not the JWKS URL configured for issuer {issuer.Issuer}");
        if (_cache.TryGetValue(url, out var hit) && clock.GetUtcNow() - hit.Fetched < CacheFor)
            return hit.Keys;
        using var client = http.CreateClient("jwks");
        client.Timeout = TimeSpan.FromSeconds(10);
        var json = await client.GetStringAsync(new Uri(url), cancellationToken);
        var keys = Parse(json);
        _cache[url] = (clock.GetUtcNow(), keys);
        return keys;
    }

    private static IReadOnlyList<SecurityKey> Parse(string json) => [.. new JsonWebKeySet(json).GetSigningKeys()];
}

using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Precis.Storage;

namespace Precis.Server.Tests;

public class AuthenticationTests
{
    [Fact]
    public async Task Sign_in_issues_a_token_with_the_role_scopes_and_wrong_passwords_get_401()
    {
        await using var host = await ServerHost.StartAsync("sqlite");
        await host.UserAsync(Roles.Clinician, name: "dr.who");
        var bad = await host.PostJsonAsync("/api/auth/token", null, new { userName = "dr.who", password = "wrong" });
        Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
        var unknown = await host.PostJsonAsync("/api/auth/token", null, new { userName = "nobody", password = "password-for-tests" });
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        var good = await host.PostJsonAsync("/api/auth/token", null, new { userName = "DR.WHO", password = "password-for-tests" });
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        var body = await good.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("user/*.read user/*.write", body.GetProperty("scope").GetString());
        Assert.Equal("clinician", body.GetProperty("role").GetString());
        var token = body.GetProperty("access_token").GetString();
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/api/patients", token)).StatusCode);
        await using var db = host.Db();
        Assert.Equal(["denied", "denied", "allowed"], db.Audit.Where(a => a.Action == "sign-in").OrderBy(a => a.Sequence).Select(a => a.Outcome).ToList());
    }

    [Fact]
    public async Task The_ui_cookie_carries_the_same_token_and_is_HttpOnly()
    {
        await using var host = await ServerHost.StartAsync("sqlite");
        await host.UserAsync(Roles.Clinician, name: "cookie.user");
        var r = await host.PostJsonAsync("/api/auth/token", null, new { userName = "cookie.user", password = "password-for-tests", setCookie = true });
        var cookie = r.Headers.GetValues("Set-Cookie").Single();
        Assert.StartsWith("precis_token=", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/patients");
        request.Headers.Add("Cookie", cookie.Split(';')[0]);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task Expired_tampered_foreign_and_malformed_tokens_get_401()
    {
        await using var host = await ServerHost.StartAsync("sqlite");
        var (user, token) = await host.UserAsync(Roles.Clinician);
        var key = new SymmetricSecurityKey(Convert.FromBase64String(host.SigningKey));
        string Make(DateTime expires, string issuer = "precis", string audience = "precis-api", SecurityKey? k = null) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            NotBefore = expires.AddHours(-2),
            IssuedAt = expires.AddHours(-2),
            Expires = expires,
            Claims = new Dictionary<string, object> { ["sub"] = user.Id.ToString("D"), ["role"] = "clinician", ["scope"] = "user/*.read" },
            SigningCredentials = new SigningCredentials(k ?? key, SecurityAlgorithms.HmacSha256),
        });
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/api/patients", Make(DateTime.UtcNow.AddMinutes(5)))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.GetAsync("/api/patients", Make(DateTime.UtcNow.AddMinutes(-5)))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.GetAsync("/api/patients", Make(DateTime.UtcNow.AddMinutes(5), audience: "other"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.GetAsync("/api/patients", Make(DateTime.UtcNow.AddMinutes(5), issuer: "evil"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.GetAsync("/api/patients", Make(DateTime.UtcNow.AddMinutes(5), k: new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32))))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.GetAsync("/api/patients", token[..^4] + "AAAA")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.GetAsync("/api/patients", "not-a-jwt")).StatusCode);
    }

    [Fact]
    public async Task An_external_issuers_RS256_token_is_accepted_with_keys_from_its_JWKS()
    {
        using var rsa = RSA.Create(2048);
        var key = new RsaSecurityKey(rsa) { KeyId = "ext-1" };
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsa.ExportParameters(false)) { KeyId = "ext-1" });
        var jwks = JsonSerializer.Serialize(new { keys = new[] { new { kty = jwk.Kty, kid = jwk.Kid, n = jwk.N, e = jwk.E, alg = "RS256", use = "sig" } } });
        await using var host = await ServerHost.StartAsync("sqlite", o => o.Jwt.ExternalIssuers.Add(new TrustedIssuer { Issuer = "https://idp.example.org", Jwks = jwks }));
        var (user, _) = await host.UserAsync(Roles.Clinician);
        string Make(SecurityKey k, string alg) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "https://idp.example.org",
            Audience = "precis-api",
            Expires = DateTime.UtcNow.AddMinutes(5),
            Claims = new Dictionary<string, object> { ["sub"] = user.Id.ToString("D"), ["role"] = "clinician", ["scope"] = "user/*.read" },
            SigningCredentials = new SigningCredentials(k, alg),
        });
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/api/patients", Make(key, SecurityAlgorithms.RsaSha256))).StatusCode);
        using var other = RSA.Create(2048);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.GetAsync("/api/patients", Make(new RsaSecurityKey(other) { KeyId = "ext-1" }, SecurityAlgorithms.RsaSha256))).StatusCode);
    }

    [Fact]
    public async Task Responses_carry_security_headers_and_health_endpoints_answer_without_a_token()
    {
        await using var host = await ServerHost.StartAsync("sqlite");
        var live = await host.GetAsync("/health/live", null);
        var ready = await host.GetAsync("/health/ready", null);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("nosniff", ready.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", ready.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("frame-ancestors 'none'", ready.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var openapi = await host.GetAsync("/openapi/v1.json", null);
        Assert.Equal(HttpStatusCode.OK, openapi.StatusCode);
        var doc = await openapi.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(doc.GetProperty("paths").TryGetProperty("/api/patients/{patientId}/uploads", out _));
        Assert.True(doc.GetProperty("paths").TryGetProperty("/cds-services/{id}", out _));
    }

    [Fact]
    public async Task Sign_in_is_rate_limited_per_address()
    {
        await using var host = await ServerHost.StartAsync("sqlite", o => o.SignInPerMinute = 3);
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
            codes.Add((await host.PostJsonAsync("/api/auth/token", null, new { userName = "x", password = "y" })).StatusCode);
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], codes);
    }

    [Fact]
    public async Task Without_a_configured_admin_a_one_time_bootstrap_token_creates_the_first_admin_once()
    {
        await using var host = await ServerHost.StartAsync("sqlite");
        var line = host.Console.ToString().Split('\n').Single(l => l.Contains("/api/bootstrap", StringComparison.Ordinal));
        var token = System.Text.RegularExpressions.Regex.Match(line, "\"token\":\"([0-9a-f]+)\"").Groups[1].Value;
        Assert.Equal(48, token.Length);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.PostJsonAsync("/api/bootstrap", null, new { token = (token[0] == '0' ? "1" : "0") + token[1..], userName = "root", password = "a long enough password" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await host.PostJsonAsync("/api/bootstrap", null, new { token, userName = "root", password = "a long enough password" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.PostJsonAsync("/api/bootstrap", null, new { token, userName = "root2", password = "a long enough password" })).StatusCode);
    }

    [Fact]
    public async Task A_configured_admin_is_created_at_first_start_and_no_token_is_printed()
    {
        await using var host = await ServerHost.StartAsync("sqlite", o => { o.AdminUser = "Boss"; o.AdminPassword = "a long enough password"; });
        Assert.DoesNotContain("/api/bootstrap", host.Console.ToString(), StringComparison.Ordinal);
        var r = await host.PostJsonAsync("/api/auth/token", null, new { userName = "boss", password = "a long enough password" });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("admin", (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("role").GetString());
    }
}

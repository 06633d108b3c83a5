using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Precis.Server.Security;
using Precis.Storage;
using Precis.Storage.Tests;

namespace Precis.Server.Tests;

/// <summary>
/// A real server in-process (TestServer) on a fresh SQLite or PostgreSQL database and data directory. A second host
/// can be started on the same database and directory to simulate a restart after a crash.
/// </summary>
public sealed class ServerHost : IAsyncDisposable
{
    private bool _stopped;

    private ServerHost(WebApplication app, string database, string dataDirectory, string encryptionKey, string signingKey, bool ownsData)
    {
        OwnsData = ownsData;
        App = app;
        Database = database;
        DataDirectory = dataDirectory;
        EncryptionKey = encryptionKey;
        SigningKey = signingKey;
        Client = app.GetTestClient();
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public string Database { get; }

    public string DataDirectory { get; }

    public string EncryptionKey { get; }

    public string SigningKey { get; }

    public StringWriter Console { get; } = new();

    /// <summary>Whether disposing this host deletes its database and data directory (false for a host that is restarted).</summary>
    public bool OwnsData { get; private set; }

    public IServiceProvider Services => App.Services;

    /// <summary>Starts a server on a new database of <paramref name="provider"/> ("sqlite" or "postgres").</summary>
    public static Task<ServerHost> StartAsync(string provider, Action<PrecisServerOptions>? configure = null) =>
        StartOnAsync(TestDatabases.New(provider), Path.Combine(Path.GetTempPath(), "precis-server-" + Guid.NewGuid().ToString("N")),
            Storage.EncryptionKey.Generate("k1"), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), configure, ownsData: true);

    /// <summary>
    /// Starts a server on an existing database and data directory (a restart). With <paramref name="ownsData"/>, disposing
    /// the host deletes both (the SQLite file's directory or the PostgreSQL database, and the data directory).
    /// </summary>
    public static async Task<ServerHost> StartOnAsync(string database, string dataDirectory, string encryptionKey, string signingKey,
        Action<PrecisServerOptions>? configure = null, bool ownsData = false)
    {
        var builder = PrecisServer.CreateBuilder([], o =>
        {
            o.Database = database;
            o.DataDirectory = dataDirectory;
            o.EncryptionKey = encryptionKey;
            o.Jwt.SigningKey = signingKey;
            o.CdsHooks.RequireClientAuth = false;
            o.JobLease = TimeSpan.FromSeconds(2);
            configure?.Invoke(o);
        });
        builder.WebHost.UseTestServer();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var console = new StringWriter();
        var app = await PrecisServer.BuildAsync(builder, console);
        await app.StartAsync();
        var host = new ServerHost(app, database, dataDirectory, encryptionKey, signingKey, ownsData);
        await host.Console.WriteAsync(console.ToString());
        return host;
    }

    /// <summary>Stops this host and starts another on the same database and directory; the new host owns them.</summary>
    public async Task<ServerHost> RestartAsync(Action<PrecisServerOptions>? configure = null)
    {
        await StopAsync();
        var owns = OwnsData;
        OwnsData = false;
        return await StartOnAsync(Database, DataDirectory, EncryptionKey, SigningKey, configure, owns);
    }

    /// <summary>A new context on the server's database (for arranging and checking rows directly).</summary>
    public PrecisDbContext Db() => PrecisDatabase.Open(Database);

    /// <summary>Creates a user directly (cheap hash) and returns it with a token.</summary>
    public async Task<(UserAccount User, string Token)> UserAsync(string role, Guid? patientId = null, string? name = null)
    {
        var user = new UserAccount
        {
            Id = Guid.NewGuid(),
            UserName = name ?? $"{role}-{Guid.NewGuid():N}"[..20],
            PasswordHash = PasswordHasher.Hash("password-for-tests", iterations: 1000),
            Role = role,
            PatientId = patientId,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        await using var db = Db();
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return (user, Services.GetRequiredService<TokenService>().Issue(user).AccessToken);
    }

    /// <summary>Creates a patient directly, optionally on a clinician's care team.</summary>
    public async Task<Guid> PatientAsync(string externalId, Guid? clinician = null)
    {
        var id = Guid.NewGuid();
        await using var db = Db();
        db.Patients.Add(new PatientEntity { Id = id, ExternalId = externalId, DisplayName = "Test " + externalId, CreatedAt = DateTimeOffset.UtcNow });
        if (clinician is { } c)
            db.CareTeam.Add(new CareTeamLink { ClinicianId = c, PatientId = id, CreatedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
        return id;
    }

    /// <summary>Sends a request with a bearer token (or none).</summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string? token, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return Client.SendAsync(request);
    }

    public Task<HttpResponseMessage> GetAsync(string url, string? token) => SendAsync(HttpMethod.Get, url, token);

    public Task<HttpResponseMessage> PostJsonAsync<T>(string url, string? token, T body) => SendAsync(HttpMethod.Post, url, token, JsonContent.Create(body));

    /// <summary>Uploads a file's bytes as the raw body.</summary>
    public Task<HttpResponseMessage> UploadAsync(Guid patient, string kind, string name, byte[] bytes, string? token) =>
        SendAsync(HttpMethod.Post, $"/api/patients/{patient:D}/uploads?kind={kind}&name={Uri.EscapeDataString(name)}", token, new ByteArrayContent(bytes));

    /// <summary>Polls a job until it finishes (or fails the test after <paramref name="seconds"/>).</summary>
    public async Task<System.Text.Json.JsonElement> WaitForJobAsync(Guid job, string token, int seconds = 120)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < until)
        {
            var r = await GetAsync($"/api/jobs/{job:D}", token);
            r.EnsureSuccessStatusCode();
            var j = await r.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
            if (j.GetProperty("status").GetString() is "succeeded" or "failed" or "cancelled")
                return j;
            await Task.Delay(100);
        }

        throw new TimeoutException($"job {job} did not finish within {seconds} s");
    }

    /// <summary>Stops the server (graceful shutdown, as on SIGTERM) and keeps its database and data directory.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
            return;
        _stopped = true;
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }

    /// <summary>Stops the server and, when it owns them, deletes its database and data directory.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (!OwnsData)
            return;
        OwnsData = false;
        await TestDatabases.DropAsync(Database);
        if (Directory.Exists(DataDirectory))
            Directory.Delete(DataDirectory, recursive: true);
    }
}

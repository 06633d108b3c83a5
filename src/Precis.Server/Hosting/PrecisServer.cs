using System.Security.Cryptography;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Precis.Knowledge;
using Precis.Server.Api;
using Precis.Server.CdsHooks;
using Precis.Server.Jobs;
using Precis.Server.Security;
using Precis.Server.Services;
using Precis.Server.Web;
using Precis.Storage;

namespace Precis.Server;

/// <summary>
/// Builds the Precis server: <see cref="CreateBuilder"/> registers everything, <see cref="BuildAsync"/> builds the app,
/// applies migrations, sweeps what a killed process left and re-queues abandoned jobs before it listens.
/// </summary>
public static class PrecisServer
{
    /// <summary>The rate-limit policy for sign-in (per IP, per minute).</summary>
    public const string SignInPolicy = "sign-in";

    /// <summary>A builder with the server's services; <paramref name="configure"/> overrides options after configuration.</summary>
    public static WebApplicationBuilder CreateBuilder(string[] args, Action<PrecisServerOptions>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ApplicationName = typeof(PrecisServer).Assembly.GetName().Name });
        // Request URLs can carry upload names: the hosting request log stays off; our own logs carry ids only.
        // The framework's per-request information lines (endpoint executing/executed, result written) would be three
        // console lines per CDS call: warnings and errors only, unless Logging:LogLevel says otherwise.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Warning);
        if (builder.Configuration["Logging:LogLevel:Microsoft.AspNetCore"] is null)
            builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        if (builder.Configuration["Logging:LogLevel:Microsoft.EntityFrameworkCore"] is null)
            builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        builder.Services.AddPrecisServer(builder.Configuration, configure);
        return builder;
    }

    /// <summary>Registers storage, security, services, the job runner and CDS Hooks.</summary>
    public static IServiceCollection AddPrecisServer(this IServiceCollection services, IConfiguration configuration, Action<PrecisServerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var optionsBuilder = services.AddOptions<PrecisServerOptions>().Bind(configuration.GetSection(PrecisServerOptions.Section));
        if (configure is not null)
            optionsBuilder.PostConfigure(configure);
        services.TryAddSingletonTime();
        // Pooled: a hook call or page needs a context for a few milliseconds, and building one per request is measurable
        // at hundreds of calls a second. The context has no per-request state besides what the pool resets.
        services.AddDbContextPool<PrecisDbContext>((sp, o) =>
        {
            var server = sp.GetRequiredService<IOptions<PrecisServerOptions>>().Value;
            PrecisDatabase.Configure(o, server.DatabaseOrDefault, server.SqliteSynchronous, sqliteBackgroundCheckpoints: true);
        });
        services.AddHostedService<SqliteCheckpointService>();
        services.AddSingleton(sp => new AuditLog(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<PrecisServerOptions>>().Value;
            var key = o.EncryptionKey ?? throw new InvalidOperationException(
                "Precis:EncryptionKey is not set: uploads are encrypted at rest; give 'id:base64-of-32-bytes' (PRECIS__ENCRYPTIONKEY)");
            return new BlobStore(Path.Combine(o.DataDirectory, "store"), EncryptionKey.Parse(key), o.OlderEncryptionKeys.Select(EncryptionKey.Parse));
        });
        services.AddSingleton(_ => KnowledgeCatalog.Create(KnowledgeCatalog.DefaultDirectory()));
        services.AddSingleton<TokenService>();
        services.AddSingleton<JwksKeys>();
        services.AddSingleton<JobSignal>();
        services.AddSingleton<BootstrapToken>();
        services.AddHttpClient();
        services.AddScoped<AccessControl>();
        services.AddScoped<AuditedAccess>();
        services.AddScoped<UserService>();
        services.AddScoped<IUserService>(sp => sp.GetRequiredService<UserService>());
        services.AddScoped<IAuthService>(sp => sp.GetRequiredService<UserService>());
        services.AddScoped<IPatientService, PatientService>();
        services.AddScoped<IUploadService, UploadService>();
        services.AddScoped<IJobService, JobService>();
        services.AddScoped<IPlanService, PlanService>();
        services.AddScoped<IResearchService, ResearchService>();
        services.AddSingleton<JobRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<JobRunner>());
        services.AddCdsHooks();
        services.AddPrecisWeb();
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));

        services.AddAuthentication(JwtAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, JwtAuthenticationHandler>(JwtAuthenticationHandler.SchemeName, null);
        services.AddAuthorization();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(ctx =>
            {
                var perSecond = ctx.RequestServices.GetRequiredService<IOptions<PrecisServerOptions>>().Value.RateLimitPerSecond;
                var key = ctx.User.FindFirst(PrecisClaims.Subject)?.Value ?? ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                return RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = perSecond,
                    TokensPerPeriod = perSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                });
            });
            o.AddPolicy(SignInPolicy, ctx =>
            {
                var perMinute = ctx.RequestServices.GetRequiredService<IOptions<PrecisServerOptions>>().Value.SignInPerMinute;
                return RateLimitPartition.GetFixedWindowLimiter(ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
        });
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        services.AddOpenApi();
        services.AddProblemDetails();
        return services;
    }

    /// <summary>Builds the app, prepares the database and the store, and maps every endpoint.</summary>
    public static async Task<WebApplication> BuildAsync(WebApplicationBuilder builder, TextWriter? console = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var app = builder.Build();
        await InitializeAsync(app.Services, console ?? Console.Out);
        app.UseExceptionHandler();
        app.Use(SecurityHeaders);
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.MapOpenApi();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        app.MapPrecisApi();
        app.MapCdsHooks();
        app.MapPrecisWeb();
        return app;
    }

    /// <summary>Migrates, sweeps temp files and unreferenced blobs, re-queues abandoned jobs and bootstraps the first admin.</summary>
    public static async Task InitializeAsync(IServiceProvider services, TextWriter console)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(console);
        var options = services.GetRequiredService<IOptions<PrecisServerOptions>>().Value;
        _ = services.GetRequiredService<TokenService>(); // fails early when the signing key is missing
        var blobs = services.GetRequiredService<BlobStore>();
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PrecisDbContext>();
        await PrecisDatabase.MigrateAsync(db);
        blobs.SweepTemp();
        var referenced = (await db.Uploads.AsNoTracking().Select(u => u.BlobPath).ToListAsync()).ToHashSet(StringComparer.Ordinal);
        blobs.SweepUnreferenced(referenced);
        var work = Path.Combine(options.DataDirectory, "work");
        if (Directory.Exists(work))
            Directory.Delete(work, recursive: true);
        await services.GetRequiredService<JobRunner>().RecoverStaleAsync(CancellationToken.None);

        if (!await db.Users.AnyAsync(u => u.Role == Roles.Admin))
        {
            if (options.AdminUser is { Length: > 0 } name && options.AdminPassword is { Length: >= 12 } password)
            {
                var admin = new UserAccount
                {
                    Id = Guid.NewGuid(),
                    UserName = name.Trim().ToLowerInvariant(),
                    PasswordHash = PasswordHasher.Hash(password),
                    Role = Roles.Admin,
                    CreatedAt = services.GetRequiredService<TimeProvider>().GetUtcNow(),
                };
                await services.GetRequiredService<AuditLog>().WriteAsync(db, new AuditEvent("system", "service", "create", $"user/{admin.Id:D}", null, "allowed"), () =>
                {
                    db.Users.Add(admin);
                    return Task.FromResult(true);
                });
                await console.WriteLineAsync($"precis serve: created the first admin '{admin.UserName}' from configuration.");
            }
            else
            {
                var token = services.GetRequiredService<BootstrapToken>().Create();
                await console.WriteLineAsync("precis serve: no admin exists. Create one within this run with the one-time bootstrap token:");
                await console.WriteLineAsync($"  curl -X POST <server>/api/bootstrap -H 'Content-Type: application/json' -d '{{\"token\":\"{token}\",\"userName\":\"admin\",\"password\":\"<at least 12 characters>\"}}'");
            }
        }
    }

    private static async Task SecurityHeaders(HttpContext ctx, Func<Task> next)
    {
        var h = ctx.Response.Headers;
        h["X-Content-Type-Options"] = "nosniff";
        h["X-Frame-Options"] = "DENY";
        h["Referrer-Policy"] = "no-referrer";
        // Reports are self-contained HTML with inline styles; nothing is loaded from elsewhere.
        h["Content-Security-Policy"] = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'";
        h["Cache-Control"] = "no-store";
        h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        await next();
    }

    private static void TryAddSingletonTime(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
            services.AddSingleton(TimeProvider.System);
    }
}

/// <summary>/health/ready: the database answers.</summary>
/// <summary>SQLite only: runs WAL checkpoints off the request path (see <see cref="SqliteCheckpointer"/>); nothing for PostgreSQL.</summary>
public sealed class SqliteCheckpointService(IOptions<PrecisServerOptions> options) : IHostedService, IAsyncDisposable
{
    private SqliteCheckpointer? _checkpointer;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var (provider, cs) = PrecisDatabase.Parse(options.Value.DatabaseOrDefault);
        if (provider == DatabaseProvider.Sqlite)
            _checkpointer = new SqliteCheckpointer(cs, TimeSpan.FromSeconds(1));
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _checkpointer, null) is { } c)
            await c.DisposeAsync();
    }
}

public sealed class DatabaseHealthCheck(PrecisDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("the database does not answer");
}

/// <summary>The one-time token printed at first start when no admin is configured; valid until used or the process ends.</summary>
public sealed class BootstrapToken
{
    private readonly Lock _lock = new();
    private string? _token;

    public string Create()
    {
        lock (_lock)
            return _token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
    }

    /// <summary>True once for the right token; the token is then gone.</summary>
    public bool TryConsume(string? token)
    {
        lock (_lock)
        {
            if (_token is null || token is null || !CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(_token), System.Text.Encoding.UTF8.GetBytes(token)))
                return false;
            _token = null;
            return true;
        }
    }
}

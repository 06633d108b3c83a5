using Precis.Core;

namespace Precis.Server;

/// <summary>Server settings, bound from the "Precis" configuration section (appsettings, PRECIS__… environment variables, command line).</summary>
public sealed class PrecisServerOptions
{
    public const string Section = "Precis";

    /// <summary>SQLite path/connection string or PostgreSQL URL/connection string; default: a SQLite file in <see cref="DataDirectory"/>.</summary>
    public string? Database { get; set; }

    /// <summary>
    /// SQLite only: <c>Normal</c> (default; WAL synced at checkpoints — durable across process kills, the last commits
    /// may roll back after a power cut) or <c>Full</c> (a disk flush at every commit). See <see cref="Storage.SqliteSynchronous"/>.
    /// </summary>
    public Storage.SqliteSynchronous SqliteSynchronous { get; set; } = Storage.SqliteSynchronous.Normal;

    /// <summary>Where the SQLite file, encrypted blobs and job work files live.</summary>
    public string DataDirectory { get; set; } = "precis-data";

    /// <summary>The AES-256 key for uploads at rest, "id:base64"; required (generate with <c>EncryptionKey.Generate</c>).</summary>
    public string? EncryptionKey { get; set; }

    /// <summary>Retired keys ("id:base64") still used to decrypt older blobs.</summary>
    public IList<string> OlderEncryptionKeys { get; } = [];

    /// <summary>The largest upload accepted, in bytes (default 4 GiB: a 30x WGS VCF.gz is ~1-3 GB).</summary>
    public long MaxUploadBytes { get; set; } = 4L << 30;

    /// <summary>How many analysis jobs run at once.</summary>
    public int JobConcurrency { get; set; } = 1;

    /// <summary>A running job whose heartbeat is older than this is considered abandoned (its worker died).</summary>
    public TimeSpan JobLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How many times an abandoned job is re-queued before it fails.</summary>
    public int JobMaxAttempts { get; set; } = 3;

    /// <summary>
    /// Called on a job's thread at every progress checkpoint, before its cancellation check. Tests use it to hold a job
    /// at a known point (a shutdown mid-job must not depend on how fast the machine is); null otherwise.
    /// </summary>
    internal Action<ProgressUpdate, CancellationToken>? CheckpointObserver { get; set; }

    /// <summary>Requests per client (user or IP) per second before 429.</summary>
    public int RateLimitPerSecond { get; set; } = 1000;

    /// <summary>Sign-in attempts per IP per minute.</summary>
    public int SignInPerMinute { get; set; } = 10;

    /// <summary>Token settings for local users and external issuers.</summary>
    public JwtSettings Jwt { get; set; } = new();

    /// <summary>CDS Hooks client authentication.</summary>
    public CdsHooksSettings CdsHooks { get; set; } = new();

    /// <summary>First-run administrator; when absent and no admin exists, a one-time bootstrap token is printed.</summary>
    public string? AdminUser { get; set; }

    /// <summary>The first administrator's password (from configuration or environment, never a default).</summary>
    public string? AdminPassword { get; set; }

    /// <summary>Public base URL of the server (used in CDS card links); default: the request's own.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>The database connection string in effect.</summary>
    public string DatabaseOrDefault => Database ?? $"Data Source={Path.Combine(DataDirectory, "precis.db")}";
}

/// <summary>Bearer token settings.</summary>
public sealed class JwtSettings
{
    public string Issuer { get; set; } = "precis";

    public string Audience { get; set; } = "precis-api";

    /// <summary>HS256 key for tokens this server issues, base64 of at least 32 bytes; required.</summary>
    public string? SigningKey { get; set; }

    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Other issuers whose RS256/ES384 tokens are accepted (keys from their JWKS).</summary>
    public IList<TrustedIssuer> ExternalIssuers { get; } = [];
}

/// <summary>An external token issuer: its id, the audience it uses and where its keys are.</summary>
public sealed class TrustedIssuer
{
    public string Issuer { get; set; } = "";

    /// <summary>Audience expected in its tokens (default: the server's).</summary>
    public string? Audience { get; set; }

    /// <summary>JWKS URL, fetched and cached.</summary>
    public string? JwksUrl { get; set; }

    /// <summary>Inline JWKS JSON (for tests and air-gapped installs).</summary>
    public string? Jwks { get; set; }
}

/// <summary>CDS Hooks settings.</summary>
public sealed class CdsHooksSettings
{
    /// <summary>When true (the default), hook calls need a JWT from an allowed client, per CDS Hooks 2.0 §Trusting CDS Clients.</summary>
    public bool RequireClientAuth { get; set; } = true;

    /// <summary>Allowed CDS clients: issuer and JWKS (jku in the token must match one of the configured URLs).</summary>
    public IList<TrustedIssuer> Clients { get; } = [];
}

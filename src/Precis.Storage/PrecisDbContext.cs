using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Precis.Storage;

/// <summary>The server's database: users, patients, care teams, uploads, jobs, plans and the audit trail.</summary>
public sealed class PrecisDbContext(DbContextOptions<PrecisDbContext> options) : DbContext(options)
{
    public DbSet<UserAccount> Users => Set<UserAccount>();

    public DbSet<PatientEntity> Patients => Set<PatientEntity>();

    public DbSet<CareTeamLink> CareTeam => Set<CareTeamLink>();

    public DbSet<UploadEntity> Uploads => Set<UploadEntity>();

    public DbSet<AnalysisJobEntity> Jobs => Set<AnalysisJobEntity>();

    public DbSet<PlanEntity> Plans => Set<PlanEntity>();

    public DbSet<AuditEntryEntity> Audit => Set<AuditEntryEntity>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<UserAccount>(e =>
        {
            e.ToTable("users");
            e.HasKey(u => u.Id);
            e.Property(u => u.UserName).HasMaxLength(200);
            e.HasIndex(u => u.UserName).IsUnique();
            e.Property(u => u.Role).HasMaxLength(20);
            e.Property(u => u.PasswordHash).HasMaxLength(200);
            e.HasOne<PatientEntity>().WithMany().HasForeignKey(u => u.PatientId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<PatientEntity>(e =>
        {
            e.ToTable("patients");
            e.HasKey(p => p.Id);
            e.Property(p => p.ExternalId).HasMaxLength(200);
            e.HasIndex(p => p.ExternalId).IsUnique();
            e.Property(p => p.DisplayName).HasMaxLength(300);
            e.Property(p => p.BirthDate).HasMaxLength(10);
        });
        modelBuilder.Entity<CareTeamLink>(e =>
        {
            e.ToTable("care_team");
            e.HasKey(c => new { c.ClinicianId, c.PatientId });
            e.HasOne<UserAccount>().WithMany().HasForeignKey(c => c.ClinicianId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<PatientEntity>().WithMany().HasForeignKey(c => c.PatientId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(c => c.PatientId);
        });
        modelBuilder.Entity<UploadEntity>(e =>
        {
            e.ToTable("uploads");
            e.HasKey(u => u.Id);
            e.Property(u => u.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(u => u.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(u => u.OriginalName).HasMaxLength(255);
            e.Property(u => u.Sha256).HasMaxLength(64);
            e.Property(u => u.BlobPath).HasMaxLength(300);
            e.Property(u => u.KeyId).HasMaxLength(100);
            e.HasOne<PatientEntity>().WithMany().HasForeignKey(u => u.PatientId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(u => u.PatientId);
        });
        modelBuilder.Entity<AnalysisJobEntity>(e =>
        {
            e.ToTable("jobs");
            e.HasKey(j => j.Id);
            e.Property(j => j.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(j => j.Stage).HasMaxLength(200);
            e.Property(j => j.InputsHash).HasMaxLength(64);
            e.Property(j => j.UploadIds).HasMaxLength(4000);
            e.Property(j => j.Error).HasMaxLength(4000);
            e.Property(j => j.LeaseOwner).HasMaxLength(100);
            e.HasOne<PatientEntity>().WithMany().HasForeignKey(j => j.PatientId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(j => new { j.PatientId, j.InputsHash });
            e.HasIndex(j => j.Status);
        });
        modelBuilder.Entity<PlanEntity>(e =>
        {
            e.ToTable("plans");
            e.HasKey(p => p.Id);
            e.Property(p => p.InputsHash).HasMaxLength(64);
            e.HasOne<PatientEntity>().WithMany().HasForeignKey(p => p.PatientId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(p => new { p.PatientId, p.CreatedAt });
        });
        modelBuilder.Entity<AuditEntryEntity>(e =>
        {
            e.ToTable("audit");
            e.HasKey(a => a.Sequence);
            // The chain position is computed by the writer (it is part of the hash), never by the database.
            e.Property(a => a.Sequence).ValueGeneratedNever();
            e.Property(a => a.Actor).HasMaxLength(200);
            e.Property(a => a.Role).HasMaxLength(20);
            e.Property(a => a.Action).HasMaxLength(50);
            e.Property(a => a.Resource).HasMaxLength(300);
            e.Property(a => a.Outcome).HasMaxLength(20);
            e.Property(a => a.PreviousHash).HasMaxLength(64);
            e.Property(a => a.Hash).HasMaxLength(64);
            e.HasIndex(a => a.PatientId);
        });
    }
}

/// <summary>The two database providers and how a connection string selects one.</summary>
public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}

/// <summary>Configures <see cref="PrecisDbContext"/> for SQLite or PostgreSQL from one connection string.</summary>
public static class PrecisDatabase
{
    /// <summary>
    /// PostgreSQL when the string is a <c>postgres://</c> / <c>postgresql://</c> URL or has a <c>Host=</c> key;
    /// otherwise SQLite (a path or a <c>Data Source=</c> string).
    /// </summary>
    public static (DatabaseProvider Provider, string ConnectionString) Parse(string connection)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connection);
        var c = connection.Trim();
        if (c.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || c.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
            return (DatabaseProvider.PostgreSql, FromUrl(new Uri(c)));
        if (c.Contains("Host=", StringComparison.OrdinalIgnoreCase))
            return (DatabaseProvider.PostgreSql, c);
        if (c.Contains('=', StringComparison.Ordinal))
            return (DatabaseProvider.Sqlite, c);
        return (DatabaseProvider.Sqlite, $"Data Source={c}");
    }

    /// <summary>
    /// Applies the provider and the project's settings to an options builder. SQLite runs in WAL mode with
    /// <paramref name="sqliteSynchronous"/> (see <see cref="SqliteSynchronous"/>).
    /// </summary>
    /// <param name="builder">The options to configure.</param>
    /// <param name="connection">A SQLite path/connection string or a PostgreSQL URL/connection string.</param>
    /// <param name="sqliteSynchronous">When a SQLite commit is flushed.</param>
    /// <param name="sqliteBackgroundCheckpoints">
    /// SQLite: commits never run a WAL checkpoint themselves (wal_autocheckpoint=0); the caller runs
    /// <see cref="SqliteCheckpointer"/> instead. A checkpoint copies the WAL into the database and flushes it, and run by
    /// a committing request it stalls every request queued behind that commit (the audit trail's group commit).
    /// </param>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder builder, string connection, SqliteSynchronous sqliteSynchronous = SqliteSynchronous.Normal,
        bool sqliteBackgroundCheckpoints = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var (provider, cs) = Parse(connection);
        if (provider == DatabaseProvider.PostgreSql)
            builder.UseNpgsql(cs);
        else
            builder.UseSqlite(cs).AddInterceptors(SqlitePragmas.For(sqliteSynchronous, sqliteBackgroundCheckpoints));

        // The migrations are SQL scripts checked against the model by a test (MigrationScriptTests) instead of a
        // model snapshot (Microsoft.EntityFrameworkCore.Design does not restore here), so the snapshot check is off.
        builder.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
        return builder;
    }

    /// <summary>A context on its own, for the CLI and tests.</summary>
    public static PrecisDbContext Open(string connection) =>
        new(Configure(new DbContextOptionsBuilder<PrecisDbContext>(), connection).Options as DbContextOptions<PrecisDbContext>
            ?? throw new InvalidOperationException("unexpected options type"));

    /// <summary>Applies pending migrations; for SQLite also turns on WAL so readers do not block the writer.</summary>
    public static async Task MigrateAsync(PrecisDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.Database.IsSqlite())
        {
            var path = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
            var dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(dir))
                Directory.CreateDirectory(dir);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        await db.Database.MigrateAsync(cancellationToken);
    }

    private static string FromUrl(Uri url)
    {
        var user = url.UserInfo.Split(':', 2);
        var b = new Npgsql.NpgsqlConnectionStringBuilder
        {
            Host = url.Host,
            Port = url.Port > 0 ? url.Port : 5432,
            Database = Uri.UnescapeDataString(url.AbsolutePath.TrimStart('/')),
        };
        if (user[0].Length > 0)
            b.Username = Uri.UnescapeDataString(user[0]);
        if (user.Length > 1)
            b.Password = Uri.UnescapeDataString(user[1]);
        foreach (var pair in url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            b[Uri.UnescapeDataString(kv[0])] = kv.Length > 1 ? Uri.UnescapeDataString(kv[1]) : "";
        }

        return b.ConnectionString;
    }
}

/// <summary>
/// When a SQLite commit is on disk. SQLite's own recommendation for WAL mode is <see cref="Normal"/>: a commit survives
/// the process being killed at any point and the database is never corrupted, but the last commits before an operating
/// system crash or power cut may be rolled back (the WAL is synced at checkpoints, not at every commit).
/// <see cref="Full"/> syncs the WAL at every commit, which on this project's 2-core test VM costs a disk flush per hook
/// call and puts the disk's flush latency (occasionally 10–50 ms) into every request's response time.
/// PostgreSQL keeps its own setting (synchronous_commit, on by default).
/// </summary>
public enum SqliteSynchronous
{
    Normal,
    Full,
}

/// <summary>Sets the per-connection pragmas on every SQLite connection EF opens (a pooled native connection keeps them; setting them again is cheap).</summary>
internal sealed class SqlitePragmas : Microsoft.EntityFrameworkCore.Diagnostics.DbConnectionInterceptor
{
    // One instance per setting: EF caches its internal services per distinct set of interceptors.
    private static readonly SqlitePragmas[] Instances =
    [
        new("PRAGMA synchronous=NORMAL;"), new("PRAGMA synchronous=FULL;"),
        new("PRAGMA synchronous=NORMAL; PRAGMA wal_autocheckpoint=0;"), new("PRAGMA synchronous=FULL; PRAGMA wal_autocheckpoint=0;"),
    ];

    private readonly string _sql;

    private SqlitePragmas(string sql) => _sql = sql;

    public static SqlitePragmas For(SqliteSynchronous mode, bool backgroundCheckpoints) =>
        Instances[(mode == SqliteSynchronous.Full ? 1 : 0) + (backgroundCheckpoints ? 2 : 0)];

    public override void ConnectionOpened(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = _sql;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = connection.CreateCommand();
        command.CommandText = _sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>
/// Runs SQLite WAL checkpoints off the request path (with <c>sqliteBackgroundCheckpoints</c>): a passive checkpoint on
/// its own connection every interval, which copies committed WAL frames into the database while readers and the writer
/// go on, and a truncating one at the end. The WAL is bounded by what is written between two checkpoints.
/// </summary>
public sealed class SqliteCheckpointer : IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly TimeSpan _interval;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _disposed;

    /// <summary>Checkpoints run so far, and the WAL frames the last one found.</summary>
    public long Checkpoints { get; private set; }

    public long LastWalFrames { get; private set; }

    public SqliteCheckpointer(string connectionString, TimeSpan interval)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        if (interval <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(interval), "the checkpoint interval must be positive");
        _connectionString = connectionString;
        _interval = interval;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>One checkpoint now: PASSIVE (never waits for readers or the writer) or TRUNCATE (resets the WAL file).</summary>
    public async Task<(bool Busy, long WalFrames, long Checkpointed)> CheckpointAsync(bool truncate = false, CancellationToken cancellationToken = default)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = truncate ? "PRAGMA wal_checkpoint(TRUNCATE);" : "PRAGMA wal_checkpoint(PASSIVE);";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var result = (reader.GetInt64(0) != 0, reader.GetInt64(1), reader.GetInt64(2));
        Checkpoints++;
        LastWalFrames = result.Item2;
        return result;
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(_interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                try
                {
                    await CheckpointAsync(false, _stop.Token);
                }
                catch (Microsoft.Data.Sqlite.SqliteException)
                {
                    // Busy or locked: the next tick tries again; commits are unaffected either way.
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        await _stop.CancelAsync();
        await _loop;
        try
        {
            await CheckpointAsync(truncate: true);
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            // Another connection still reads: SQLite checkpoints again when the last connection closes.
        }

        _stop.Dispose();
    }
}

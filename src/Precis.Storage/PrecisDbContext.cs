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
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder builder, string connection, SqliteSynchronous sqliteSynchronous = SqliteSynchronous.Normal)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var (provider, cs) = Parse(connection);
        if (provider == DatabaseProvider.PostgreSql)
            builder.UseNpgsql(cs);
        else
            builder.UseSqlite(cs).AddInterceptors(SqlitePragmas.For(sqliteSynchronous));

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
    private static readonly SqlitePragmas NormalInstance = new("PRAGMA synchronous=NORMAL;");
    private static readonly SqlitePragmas FullInstance = new("PRAGMA synchronous=FULL;");
    private readonly string _sql;

    private SqlitePragmas(string sql) => _sql = sql;

    // One instance per setting: EF caches its internal services per distinct set of interceptors.
    public static SqlitePragmas For(SqliteSynchronous mode) => mode == SqliteSynchronous.Full ? FullInstance : NormalInstance;

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

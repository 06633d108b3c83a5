using Npgsql;

namespace Precis.Storage.Tests;

/// <summary>Fresh empty databases for tests: a temporary SQLite file, or a new database on $PRECIS_TEST_POSTGRES.</summary>
public static class TestDatabases
{
    /// <summary>The PostgreSQL server test.sh starts, as a connection string (database: any existing one, e.g. postgres).</summary>
    public static string? Postgres => Environment.GetEnvironmentVariable("PRECIS_TEST_POSTGRES") is { Length: > 0 } s ? s : null;

    /// <summary>A connection string to a new empty SQLite file.</summary>
    public static string NewSqlite() =>
        $"Data Source={Path.Combine(Path.GetTempPath(), "precis-test-" + Guid.NewGuid().ToString("N"), "precis.db")}";

    /// <summary>Creates an empty PostgreSQL database and returns its connection string; skips when PostgreSQL is not configured.</summary>
    public static string NewPostgres()
    {
        Skip.If(Postgres is null, "PRECIS_TEST_POSTGRES is not set (./test.sh starts PostgreSQL 15 and sets it); PostgreSQL tests skipped");
        var name = "precis_test_" + Guid.NewGuid().ToString("N")[..12];
        using (var c = new NpgsqlConnection(Postgres))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = $"CREATE DATABASE {name}";
            cmd.ExecuteNonQuery();
        }

        return new NpgsqlConnectionStringBuilder(Postgres) { Database = name, Pooling = true }.ConnectionString;
    }

    /// <summary>A new empty database of the named provider ("sqlite" or "postgres").</summary>
    public static string New(string provider) => provider == "postgres" ? NewPostgres() : NewSqlite();

    /// <summary>
    /// Deletes a database made by <see cref="New"/>: a SQLite file's temporary directory (only one named precis-test-*),
    /// or a PostgreSQL database named precis_test_* (its pooled connections closed first). Anything else is left alone.
    /// </summary>
    public static async Task DropAsync(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        if (connectionString.StartsWith("Data Source=", StringComparison.Ordinal))
        {
            var dir = Path.GetDirectoryName(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString).DataSource);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (dir is not null && Path.GetFileName(dir).StartsWith("precis-test-", StringComparison.Ordinal) && Directory.Exists(dir))
                Directory.Delete(dir, recursive: true);
            return;
        }

        var database = new NpgsqlConnectionStringBuilder(connectionString).Database;
        if (Postgres is null || database is null || !database.StartsWith("precis_test_", StringComparison.Ordinal))
            return;
        NpgsqlConnection.ClearAllPools();
        await using var c = new NpgsqlConnection(Postgres);
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = $"DROP DATABASE IF EXISTS {database} WITH (FORCE)";
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>A migrated context on a new database.</summary>
    public static async Task<PrecisDbContext> MigratedAsync(string provider)
    {
        var db = PrecisDatabase.Open(New(provider));
        await PrecisDatabase.MigrateAsync(db);
        return db;
    }
}

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

    /// <summary>A migrated context on a new database.</summary>
    public static async Task<PrecisDbContext> MigratedAsync(string provider)
    {
        var db = PrecisDatabase.Open(New(provider));
        await PrecisDatabase.MigrateAsync(db);
        return db;
    }
}

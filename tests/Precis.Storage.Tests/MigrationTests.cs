using Precis.Testing;
using Microsoft.EntityFrameworkCore;
using Precis.Storage.Migrations;

namespace Precis.Storage.Tests;

public class MigrationTests
{
    private static string ScriptPath(string file) => Path.Combine(TestPaths.RepoRoot, "src", "Precis.Storage", "Migrations", file);

    [Theory]
    [InlineData("Microsoft.EntityFrameworkCore.Sqlite", "Data Source=:memory:", "0001_initial.sqlite.sql")]
    [InlineData("Npgsql.EntityFrameworkCore.PostgreSQL", "Host=localhost;Database=x", "0001_initial.postgres.sql")]
    public void The_embedded_migration_script_equals_the_DDL_of_the_current_model(string provider, string connection, string file)
    {
        using var db = PrecisDatabase.Open(connection);
        Assert.Equal(provider, db.Database.ProviderName);
        var expected = db.Database.GenerateCreateScript().ReplaceLineEndings("\n").Trim() + "\n";
        if (Environment.GetEnvironmentVariable("PRECIS_WRITE_MIGRATION_SCRIPTS") == "1")
            File.WriteAllText(ScriptPath(file), expected);
        // A model change without a new script (and a new migration once released) fails here.
        Assert.Equal(expected, Initial.Script(provider).ReplaceLineEndings("\n"));
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Migrating_an_empty_database_leaves_no_pending_migration_and_every_table_queryable(string provider)
    {
        await using var db = await TestDatabases.MigratedAsync(provider);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(["20261122000000_Initial"], await db.Database.GetAppliedMigrationsAsync());
        Assert.Equal(0, await db.Users.CountAsync());
        Assert.Equal(0, await db.Patients.CountAsync());
        Assert.Equal(0, await db.CareTeam.CountAsync());
        Assert.Equal(0, await db.Uploads.CountAsync());
        Assert.Equal(0, await db.Jobs.CountAsync());
        Assert.Equal(0, await db.Plans.CountAsync());
        Assert.Equal(0, await db.Audit.CountAsync());
        // Migrating again is a no-op.
        await PrecisDatabase.MigrateAsync(db);
        Assert.Single(await db.Database.GetAppliedMigrationsAsync());
    }

    [Theory]
    [InlineData("postgres://precis:s3cret@127.0.0.1:5433/precis_db", DatabaseProvider.PostgreSql, "Host=127.0.0.1;Port=5433;Database=precis_db;Username=precis;Password=s3cret")]
    [InlineData("Host=db;Database=p", DatabaseProvider.PostgreSql, "Host=db;Database=p")]
    [InlineData("data/precis.db", DatabaseProvider.Sqlite, "Data Source=data/precis.db")]
    [InlineData("Data Source=x.db", DatabaseProvider.Sqlite, "Data Source=x.db")]
    public void A_connection_string_selects_its_provider(string input, DatabaseProvider provider, string expected)
    {
        var (p, cs) = PrecisDatabase.Parse(input);
        Assert.Equal(provider, p);
        Assert.Equal(expected, cs);
    }
}

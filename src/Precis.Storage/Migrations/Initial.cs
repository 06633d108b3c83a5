using System.Reflection;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Precis.Storage.Migrations;

/// <summary>
/// The first schema. Each provider's DDL is an embedded script generated from the model
/// (<c>GenerateCreateScript</c>); MigrationScriptTests fails when the model and the scripts differ.
/// </summary>
[DbContext(typeof(PrecisDbContext))]
[Migration("20261122000000_Initial")]
public sealed class Initial : Migration
{
    /// <summary>The embedded script for a provider name, e.g. "Microsoft.EntityFrameworkCore.Sqlite".</summary>
    public static string Script(string? provider)
    {
        var file = provider switch
        {
            "Npgsql.EntityFrameworkCore.PostgreSQL" => "0001_initial.postgres.sql",
            "Microsoft.EntityFrameworkCore.Sqlite" => "0001_initial.sqlite.sql",
            _ => throw new NotSupportedException($"no migration script for database provider {provider}"),
        };
        using var s = Assembly.GetExecutingAssembly().GetManifestResourceStream("Precis.Storage.Migrations." + file)
            ?? throw new InvalidOperationException($"embedded migration script {file} is missing");
        using var r = new StreamReader(s);
        return r.ReadToEnd();
    }

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql(Script(migrationBuilder.ActiveProvider));
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        foreach (var table in new[] { "audit", "plans", "jobs", "uploads", "care_team", "users", "patients" })
            migrationBuilder.DropTable(table);
    }
}

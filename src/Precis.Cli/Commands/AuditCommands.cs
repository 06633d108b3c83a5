using System.CommandLine;
using Precis.Storage;

namespace Precis.Cli.Commands;

/// <summary>`precis audit verify`: recomputes the server's audit hash chain and names the first bad entry.</summary>
internal static class AuditCommands
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var db = new Option<string>("--db") { Description = "The server database: a SQLite path, 'Data Source=…', a postgres:// URL or a PostgreSQL connection string", DefaultValueFactory = _ => "precis-data/precis.db" };
        var verify = new Command("verify", "Recompute the audit trail's hash chain; exit 1 and name the first entry that was edited, deleted or inserted") { db };
        verify.SetAction(async (parse, ct) =>
        {
            await using var context = PrecisDatabase.Open(parse.GetValue(db)!);
            var result = await AuditLog.VerifyAsync(context, ct);
            if (result.IsIntact)
            {
                await output.WriteLineAsync($"audit chain intact: {result.Entries} entries");
                return ExitCodes.Ok;
            }

            await error.WriteLineAsync($"audit chain broken at entry {result.FirstBad}: {result.Reason}");
            return ExitCodes.BadInput;
        });
        return new Command("audit", "The server's audit trail") { verify };
    }
}

using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Precis.Server;

namespace Precis.Cli.Commands;

/// <summary>`precis serve`: the REST API, CDS Hooks and web UI (docs/engines/server.md).</summary>
internal static class ServeCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var db = new Option<string?>("--db") { Description = "Database: a SQLite path or 'Data Source=…' (default precis-data/precis.db), or postgres://user:pw@host/db" };
        var urls = new Option<string>("--urls") { Description = "Addresses to listen on", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var dataDir = new Option<string>("--data-dir") { Description = "Directory for the SQLite file, encrypted uploads and job work files", DefaultValueFactory = _ => "precis-data" };
        var serve = new Command("serve", "Run the Precis server (REST API with OpenAPI, CDS Hooks 2.0, web UI). Needs PRECIS__JWT__SIGNINGKEY and PRECIS__ENCRYPTIONKEY") { db, urls, dataDir };
        serve.SetAction(async (parse, ct) =>
        {
            var builder = PrecisServer.CreateBuilder(["--urls", parse.GetValue(urls)!], o =>
            {
                o.DataDirectory = parse.GetValue(dataDir)!;
                if (parse.GetValue(db) is { } d)
                    o.Database = d;
            });
            try
            {
                var app = await PrecisServer.BuildAsync(builder, output);
                await app.StartAsync(ct);
                await app.WaitForShutdownAsync(ct);
                return ExitCodes.Ok;
            }
            catch (InvalidOperationException e) when (e.Message.StartsWith("Precis:", StringComparison.Ordinal))
            {
                await error.WriteLineAsync("serve: " + e.Message);
                return ExitCodes.Usage;
            }
        });
        return serve;
    }
}

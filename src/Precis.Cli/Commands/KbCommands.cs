using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Precis.Core;
using Precis.Knowledge;

namespace Precis.Cli.Commands;

/// <summary>`precis kb`: list, inspect and validate knowledge bases.</summary>
internal static class KbCommands
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var kb = new Command("kb", "Knowledge bases: what is loaded, which version, under which licence");

        var list = new Command("list", "List every knowledge base with its version, date, licence and entry counts (--format json for machines)");
        list.SetHandler(output, error, (_, ctx) =>
        {
            var catalog = KnowledgeCatalog.Create(KnowledgeCatalog.DefaultDirectory());
            if (ctx.Format is "json")
            {
                var rows = catalog.Bases.Select(b => new
                {
                    b.Source.Id,
                    b.Source.Title,
                    b.Source.Version,
                    b.Source.Date,
                    b.Source.Licence,
                    b.Source.Area,
                    b.Source.Origin,
                    b.Source.Attribution,
                    Entries = b.Source.EntryCounts,
                });
                output.WriteLine(JsonSerializer.Serialize(rows, JsonOptions));
                return ExitCodes.Ok;
            }

            if (ctx.Format is not (null or "text" or "tsv"))
                throw new UsageException($"--format: '{ctx.Format}' is not a format of kb list; use text, tsv or json");

            var sep = ctx.Format == "tsv" ? "\t" : "  ";
            var table = new List<string[]> { ListHeader };
            table.AddRange(catalog.Bases.Select(b => new[]
            {
                b.Source.Id, b.Source.Version, b.Source.Date, b.Source.Licence, b.Source.Area,
                string.Join(", ", b.Source.EntryCounts.Select(kv => $"{kv.Key}={kv.Value.ToString(CultureInfo.InvariantCulture)}")),
                b.Source.Origin,
            }));
            WriteTable(output, table, sep, pad: ctx.Format != "tsv");
            return ExitCodes.Ok;
        });

        var fileArg = new Argument<string>("file") { Description = "A *.kb.json knowledge file" };
        var validate = new Command("validate", "Check a knowledge file: header, citations on every entry; prints each problem with its JSON path") { fileArg };
        validate.SetHandler(output, error, (parse, ctx) =>
        {
            var path = parse.GetRequiredValue(fileArg);
            using var stream = InputFiles.OpenForReading(path);
            var result = KnowledgeFile.Load(stream, path, path);
            if (!result.IsSuccess)
            {
                foreach (var e in result.Errors)
                    error.WriteLine("precis: error: " + e);
                return ExitCodes.BadInput;
            }

            var s = result.Value!.Source;
            output.WriteLine($"{path}: valid — {s.Id} {s.Version} ({s.Date}, {s.Licence}); " +
                string.Join(", ", s.EntryCounts.Select(kv => $"{kv.Value} {kv.Key}")));
            return ExitCodes.Ok;
        });

        kb.Subcommands.Add(list);
        kb.Subcommands.Add(validate);
        return kb;
    }

    private static readonly string[] ListHeader = ["ID", "VERSION", "DATE", "LICENCE", "AREA", "ENTRIES", "ORIGIN"];

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    internal static void WriteTable(TextWriter output, List<string[]> rows, string separator, bool pad)
    {
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
        {
            var cells = row.Select((cell, i) => pad && i < row.Length - 1 ? cell.PadRight(widths[i]) : cell);
            output.WriteLine(string.Join(separator, cells).TrimEnd());
        }
    }
}

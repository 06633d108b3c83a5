using System.CommandLine;

namespace Precis.Cli.Commands;

/// <summary>Wiring shared by every command file.</summary>
internal static class CommandExtensions
{
    /// <summary>Sets a synchronous handler that receives the shared context.</summary>
    public static void SetHandler(this Command command, TextWriter output, TextWriter error, Func<ParseResult, CliContext, int> handler) =>
        command.SetAction(parse => handler(parse, new CliContext(parse, output, error)));
}

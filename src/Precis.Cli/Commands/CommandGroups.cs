using System.CommandLine;

namespace Precis.Cli.Commands;

/// <summary>
/// The sub-command groups, one per engine. An engine's issue adds its group here (one line) and keeps its
/// commands in its own file under Commands/.
/// </summary>
internal static class CommandGroups
{
    public static IEnumerable<Command> Create(TextWriter output, TextWriter error)
    {
        yield return PlanCommand.Create(output, error);
        yield return DemoCommand.Create(output, error);
        yield return KbCommands.Create(output, error);
        foreach (var command in ModelCommands.Create(output, error)) yield return command;
        yield return PrsCommands.Create(output, error);
        yield return VcfCommands.Create(output, error);
        yield return PgxCommands.Create(output, error);
        yield return OncologyCommands.Create(output, error);
        foreach (var command in RecordCommands.Create(output, error)) yield return command;
        yield return ServeCommand.Create(output, error);
        yield return AuditCommands.Create(output, error);
    }
}

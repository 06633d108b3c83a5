using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;
using Precis.Cli.Commands;
using Precis.Knowledge;

namespace Precis.Cli;

/// <summary>Builds the precis command tree and runs it with Precis's exit-code contract.</summary>
public static class PrecisCli
{
    /// <summary>The engine version: the informational version of this assembly.</summary>
    public static string Version { get; } =
        typeof(PrecisCli).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>Parses and runs; returns 0 ok, 1 bad input, 2 usage, 3 internal error.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);

        return await CommandRunner.RunAsync(BuildRoot(output, error), args, output, error, cancellationToken);
    }

    internal static RootCommand BuildRoot(TextWriter output, TextWriter error)
    {
        var root = new RootCommand("Precis: a personalised, explainable, evidence-based treatment plan from one person's genome, tumour, record and lifestyle data. Research use only; not a medical device.");
        root.Options.Add(GlobalOptions.Output);
        root.Options.Add(GlobalOptions.Format);
        root.Options.Add(GlobalOptions.Threads);
        root.Options.Add(GlobalOptions.Quiet);

        // Replace the built-in --version so it names the knowledge versions a report would carry.
        var version = root.Options.OfType<VersionOption>().Single();
        version.Action = new VersionAction(output);

        foreach (var command in CommandGroups.Create(output, error))
            root.Subcommands.Add(command);
        return root;
    }

    /// <summary>The text --version prints: engine version, then one line per knowledge base.</summary>
    public static string VersionText()
    {
        var catalog = KnowledgeCatalog.Create(KnowledgeCatalog.DefaultDirectory());
        var lines = new List<string> { $"precis {Version}" };
        lines.AddRange(catalog.Bases.Select(b => $"knowledge {b.Source.Id} {b.Source.Version} ({b.Source.Date}, {b.Source.Licence}, {b.Source.Origin})"));
        return string.Join(Environment.NewLine, lines);
    }

    private sealed class VersionAction(TextWriter output) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            output.WriteLine(VersionText());
            return ExitCodes.Ok;
        }
    }
}

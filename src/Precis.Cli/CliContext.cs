using System.CommandLine;

namespace Precis.Cli;

/// <summary>The options every command shares, and where its text goes.</summary>
internal sealed class CliContext
{
    public CliContext(ParseResult parse, TextWriter output, TextWriter error)
    {
        Output = output;
        Error = error;
        OutputPath = parse.GetValue(GlobalOptions.Output);
        Format = parse.GetValue(GlobalOptions.Format);
        Threads = parse.GetValue(GlobalOptions.Threads) is > 0 and var t ? t : Environment.ProcessorCount;
        Quiet = parse.GetValue(GlobalOptions.Quiet);
    }

    public TextWriter Output { get; }

    public TextWriter Error { get; }

    public string? OutputPath { get; }

    public string? Format { get; }

    public int Threads { get; }

    public bool Quiet { get; }

    /// <summary>Writes an informational line to stderr unless --quiet (stdout is kept for data).</summary>
    public void Info(string message)
    {
        if (!Quiet)
            Error.WriteLine(message);
    }
}

/// <summary>Options available on every command (Recursive), before or after the sub-command.</summary>
internal static class GlobalOptions
{
    public static readonly Option<string?> Output = new("--output", "-o")
    {
        Description = "Where to write results: a directory for reports, a file for single outputs (default: stdout or the command's default)",
        Recursive = true,
    };

    public static readonly Option<string?> Format = new("--format")
    {
        Description = "Output format where a command offers several (e.g. json, html, tsv, text)",
        Recursive = true,
    };

    public static readonly Option<int> Threads = new("--threads")
    {
        Description = "Worker threads (default: all cores)",
        Recursive = true,
    };

    public static readonly Option<bool> Quiet = new("--quiet", "-q")
    {
        Description = "No progress bar or informational messages on stderr",
        Recursive = true,
    };
}

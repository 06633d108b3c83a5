namespace Precis.Cli;

/// <summary>Process exit codes, stable across releases because scripts and workflow engines branch on them.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>An input file is missing, empty or malformed; the message names the file, line and field.</summary>
    public const int BadInput = 1;

    /// <summary>The command line itself is wrong (unknown command or option, missing argument).</summary>
    public const int Usage = 2;

    /// <summary>A bug or an environment failure; the message says so and asks for a report.</summary>
    public const int InternalError = 3;
}

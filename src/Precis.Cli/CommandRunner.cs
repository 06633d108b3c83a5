using System.CommandLine;
using Precis.Core;

namespace Precis.Cli;

/// <summary>Runs a command tree with Precis's exit-code contract (0 ok, 1 bad input, 2 usage, 3 internal error).
/// Shared by `precis` and the ahead-of-time compiled `precis-native`.</summary>
internal static class CommandRunner
{
    /// <summary>Runs a given command tree with the exit-code contract (used by tests to exercise the error paths).</summary>
    internal static async Task<int> RunAsync(RootCommand root, string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors)
                await error.WriteLineAsync("precis: " + e.Message);
            await error.WriteLineAsync("Run 'precis --help' for usage.");
            return ExitCodes.Usage;
        }

        var config = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        try
        {
            return await parse.InvokeAsync(config, cancellationToken);
        }
        catch (InputException ex)
        {
            await error.WriteLineAsync("precis: error: " + ex.Error);
            return ExitCodes.BadInput;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The file system refused a path the user chose (an output directory that is a file, no permission).
            await error.WriteLineAsync("precis: error: " + ex.Message);
            return ExitCodes.BadInput;
        }
        catch (UsageException ex)
        {
            await error.WriteLineAsync("precis: " + ex.Message);
            await error.WriteLineAsync("Run 'precis --help' for usage.");
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("precis: cancelled");
            return ExitCodes.InternalError;
        }
#pragma warning disable CA1031 // The top level must turn any failure into exit code 3 with a message, never a stack dump.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            // Exception messages can quote input content; print the type and message only, never the data payload.
            await error.WriteLineAsync($"precis: internal error ({ex.GetType().Name}): {ex.Message}");
            await error.WriteLineAsync("This is a bug in Precis. Please report it with the command you ran (not your data).");
            return ExitCodes.InternalError;
        }
    }
}

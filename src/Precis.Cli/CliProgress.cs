using Precis.Core;
using Spectre.Console;

namespace Precis.Cli;

/// <summary>
/// Draws engine progress as a bar on stderr when stderr is a terminal and --quiet is off; otherwise does
/// nothing, so logs and pipes stay clean. The bar appears only for work lasting over about a second.
/// </summary>
internal static class CliProgress
{
    public static T Run<T>(CliContext context, string title, Func<IProgress<ProgressUpdate>, T> work)
    {
        if (context.Quiet || Console.IsErrorRedirected || !ReferenceEquals(context.Error, Console.Error))
            return work(new Progress<ProgressUpdate>(_ => { }));

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        T result = default!;
        var started = DateTime.UtcNow;
        console.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                ProgressTask? task = null;
                var reporter = new SynchronousProgress(u =>
                {
                    if (task is null && DateTime.UtcNow - started < TimeSpan.FromSeconds(1))
                        return;
                    task ??= ctx.AddTask(title, maxValue: u.Total ?? 100);
                    task.Description = u.Stage;
                    if (u.Total is { } total)
                    {
                        task.MaxValue = total;
                        task.Value = u.Done;
                    }
                    else
                    {
                        task.IsIndeterminate = true;
                    }
                });
                result = work(reporter);
            });
        return result;
    }

    /// <summary>Unlike <see cref="Progress{T}"/>, reports on the caller's thread so the bar is current.</summary>
    private sealed class SynchronousProgress(Action<ProgressUpdate> report) : IProgress<ProgressUpdate>
    {
        public void Report(ProgressUpdate value) => report(value);
    }
}

using System.CommandLine;
using Precis.Cli;
using Precis.Cli.Commands;

// The same `vcf` and `prs` commands as `precis`, under the same global options and exit codes.
var output = Console.Out;
var error = Console.Error;
var root = new RootCommand("precis-native: the vcf and prs commands of precis, compiled ahead of time for batch pipelines. Research use only; not a medical device.");
root.Options.Add(GlobalOptions.Output);
root.Options.Add(GlobalOptions.Format);
root.Options.Add(GlobalOptions.Threads);
root.Options.Add(GlobalOptions.Quiet);
root.Subcommands.Add(VcfCommands.Create(output, error));
root.Subcommands.Add(PrsCommands.Create(output, error));
return await CommandRunner.RunAsync(root, args, output, error, CancellationToken.None);

using Precis.Cli;

return await PrecisCli.RunAsync(args, Console.Out, Console.Error);

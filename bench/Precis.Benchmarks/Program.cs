using BenchmarkDotNet.Running;

// Run: dotnet run -c Release --project bench/Precis.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Precis.Benchmarks.ReportingBenchmarks).Assembly).Run(args);

namespace Precis.Testing;

/// <summary>Locates the repository root and the shared public data folder from a test's working directory.</summary>
internal static class TestPaths
{
    /// <summary>The repository root (the folder holding Precis.slnx).</summary>
    public static string RepoRoot { get; } = FindUp("Precis.slnx") ?? throw new InvalidOperationException("Precis.slnx not found above " + AppContext.BaseDirectory);

    /// <summary>../shared/data beside the repository (or $PRECIS_SHARED_DATA), or null when absent.</summary>
    public static string? SharedData
    {
        get
        {
            var env = Environment.GetEnvironmentVariable("PRECIS_SHARED_DATA");
            if (!string.IsNullOrEmpty(env) && Directory.Exists(env))
                return env;
            var dir = new DirectoryInfo(RepoRoot);
            while (dir is not null)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "data");
                if (Directory.Exists(candidate))
                    return candidate;
                dir = dir.Parent;
            }

            return null;
        }
    }

    /// <summary>A path under ../shared/data; skips the test (with the folder named) when the data is absent.</summary>
    public static string Shared(string relative)
    {
        Skip.If(SharedData is null, "external validation data not found: expected ../shared/data beside the repository (or set PRECIS_SHARED_DATA)");
        var path = Path.Combine(SharedData!, relative);
        Skip.IfNot(File.Exists(path) || Directory.Exists(path), $"external validation file not found: {path}");
        return path;
    }

    /// <summary>A fresh temporary directory, deleted by the caller's Dispose pattern or left for the OS.</summary>
    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "precis-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string? FindUp(string file)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null)
        {
            if (File.Exists(Path.Combine(dir.FullName, file)))
                return dir.FullName;
            dir = dir.Parent;
        }

        return null;
    }
}

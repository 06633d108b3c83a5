namespace Precis.Core;

/// <summary>Opens input files with the checks every reader needs, so errors name the file consistently.</summary>
public static class InputFiles
{
    /// <summary>Opens a file for reading, or throws <see cref="InputException"/> if it is missing, a directory or empty.</summary>
    public static FileStream OpenForReading(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
            throw new InputException(new InputError(path, null, null, null, "is a directory, expected a file"));
        if (!File.Exists(path))
            throw new InputException(new InputError(path, null, null, null, "file not found", "check the path and that the file was not moved"));
        var stream = File.OpenRead(path);
        if (stream.Length == 0)
        {
            stream.Dispose();
            throw new InputException(new InputError(path, 1, null, null, "file is empty"));
        }

        return stream;
    }
}

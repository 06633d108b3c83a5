namespace Precis.Genomics.Io;

/// <summary>bgzip-style whole-file compression.</summary>
public static class Bgzip
{
    /// <summary>Compresses any input (plain, gzip or BGZF, detected) to BGZF, like <c>bgzip -c</c>.</summary>
    public static void Compress(string inputPath, string outputPath)
    {
        using var source = LineSource.Open(inputPath);
        using var output = new BgzfWriteStream(File.Create(outputPath));
        var newline = "\n"u8;
        while (source.ReadLineBytes(out _) is { } line)
        {
            output.Write(line.Span);
            if (source.LastLineEndedWithNewline)
                output.Write(newline);
        }
    }
}

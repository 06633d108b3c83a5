using System.IO.Compression;
using System.Text;
using Precis.Core;

namespace Precis.Oncology.Inputs;

/// <summary>Line reading shared by the oncology readers: plain or gzip (detected by magic bytes), with limits.</summary>
internal static class TextInput
{
    /// <summary>Longest line accepted; a longer one is a wrong file, not a MAF.</summary>
    public const int MaxLineLength = 1 << 20;

    /// <summary>Most data lines accepted in one file (a whole-exome cohort MAF is a few million).</summary>
    public const long MaxLines = 20_000_000;

    public static TextReader Open(string path)
    {
        var stream = InputFiles.OpenForReading(path);
        Span<byte> magic = stackalloc byte[2];
        var n = stream.Read(magic);
        stream.Position = 0;
        Stream body = n == 2 && magic[0] == 0x1f && magic[1] == 0x8b ? new GZipStream(stream, CompressionMode.Decompress) : stream;
        return new StreamReader(body, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
    }

    /// <summary>Yields (1-based line number, line) with the length and count limits applied.</summary>
    public static IEnumerable<(long Number, string Text)> Lines(TextReader reader, string file)
    {
        long number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Length > MaxLineLength)
                throw new InputException(new InputError(file, number, null, null, $"line is longer than {MaxLineLength} characters", "is this a tab-separated text file?"));
            if (number > MaxLines)
                throw new InputException(new InputError(file, number, null, null, $"more than {MaxLines} lines; split the file"));
            yield return (number, line.EndsWith('\r') ? line[..^1] : line);
        }
    }

    /// <summary>Index of a header column by any of its names (case-insensitive), or -1.</summary>
    public static int Column(string[] header, params string[] names)
    {
        foreach (var name in names)
        {
            var i = Array.FindIndex(header, h => string.Equals(h.Trim(), name, StringComparison.OrdinalIgnoreCase));
            if (i >= 0)
                return i;
        }

        return -1;
    }

    public static string Field(string[] fields, int index) =>
        index >= 0 && index < fields.Length ? fields[index].Trim() : "";
}

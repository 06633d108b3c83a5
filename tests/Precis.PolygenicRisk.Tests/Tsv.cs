using System.Globalization;
using System.IO.Compression;

namespace Precis.PolygenicRisk.Tests;

/// <summary>Reads the expected-output tables of the fixtures (plink2 .sscore, reference scores, logs).</summary>
internal static class Tsv
{
    public static List<Dictionary<string, string>> Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new StreamReader(path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(stream, CompressionMode.Decompress) : stream);
        var header = reader.ReadLine()!.TrimStart('#').Split('\t');
        var rows = new List<Dictionary<string, string>>();
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            var f = line.Split('\t');
            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < header.Length; i++)
                row[header[i]] = i < f.Length ? f[i] : "";
            rows.Add(row);
        }

        return rows;
    }

    public static double D(this Dictionary<string, string> row, string column) => double.Parse(row[column], CultureInfo.InvariantCulture);

    public static void Close(double expected, double actual, double relative, string what)
    {
        // Relative, with a floor of 1e-6 so sums that happen to land near zero are not held to a sub-1e-15 absolute bound.
        var tolerance = relative * Math.Max(Math.Abs(expected), 1e-6);
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: expected {expected:R}, got {actual:R} (relative tolerance {relative})");
    }
}

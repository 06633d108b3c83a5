using System.IO.Compression;

namespace Precis.Testing;

/// <summary>The target VCF of the upstream ancestry fixture, rebuilt from tiny1000G the way its make_fixture.sh does.</summary>
internal static class AncestryFixture
{
    /// <summary>
    /// tiny1000G's first 40 samples, with the call of record k, sample i &lt; 20 masked missing when (31i + 17k) mod 53 = 0;
    /// written to <paramref name="dir"/>/target40.vcf.
    /// </summary>
    public static string MaskedTarget(string dir)
    {
        var source = TestPaths.Shared("genomics/pygscatalog/pgscatalog.calc/tests/data/vcf/tiny1000G.vcf.gz");
        var path = Path.Combine(dir, "target40.vcf");
        using var input = new StreamReader(new GZipStream(File.OpenRead(source), CompressionMode.Decompress));
        using var output = new StreamWriter(path);
        output.NewLine = "\n";
        var k = 0;
        string? line;
        while ((line = input.ReadLine()) is not null)
        {
            if (line.StartsWith("##", StringComparison.Ordinal))
            {
                output.WriteLine(line);
                continue;
            }

            var c = line.Split('\t').Take(9 + 40).ToArray();
            if (!line.StartsWith('#'))
            {
                for (var i = 0; i < 20; i++)
                {
                    if (((31 * i) + (17 * k)) % 53 == 0)
                        c[9 + i] = c[9 + i].Contains('/', StringComparison.Ordinal) || c[9 + i].Contains('|', StringComparison.Ordinal) ? "./." : ".";
                }

                k++;
            }

            output.WriteLine(string.Join('\t', c));
        }

        return path;
    }
}

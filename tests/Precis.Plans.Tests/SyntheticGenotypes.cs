using Precis.Testing;

namespace Precis.Plans.Tests;

/// <summary>The diplotypes a synthetic genotype file carries, chosen from a seed.</summary>
/// <param name="Cyp2c19">*1/*1, *1/*2 or *2/*2.</param>
/// <param name="Slco1b1">*1/*1, *1/*5 or *5/*5.</param>
/// <param name="Cyp2c9">*1/*1, *1/*3 or *3/*3.</param>
internal sealed record KnownDiplotypes(string Cyp2c19, string Slco1b1, string Cyp2c9);

/// <summary>
/// Writes a seeded synthetic germline VCF carrying known pharmacogene diplotypes: the demo patient's VCF (every
/// pharmacogene position observed) with the genotypes of the CYP2C19 *2, SLCO1B1 *5 and CYP2C9 *3 core positions
/// set from the seed. Identifiers and genotypes are synthetic.
/// </summary>
internal static class SyntheticGenotypes
{
    // Position → (alleles whose count each choice sets). CYP2C19 *2 = rs12769205 G + rs4244285 A on the *1 backbone (rs3758581 G).
    private static readonly string[] Cyp2c19Positions = ["94775367", "94781859"];

    public static KnownDiplotypes Write(string path, int seed, string sampleId)
    {
        var rng = new Random(seed);
        int c19 = rng.Next(3), slco = rng.Next(3), c9 = rng.Next(3);
        var known = new KnownDiplotypes(
            c19 switch { 0 => "*1/*1", 1 => "*1/*2", _ => "*2/*2" },
            slco switch { 0 => "*1/*1", 1 => "*1/*5", _ => "*5/*5" },
            c9 switch { 0 => "*1/*1", 1 => "*1/*3", _ => "*3/*3" });
        var demo = Path.Combine(TestPaths.RepoRoot, "samples", "demo", "demo.germline.vcf");
        using var w = new StreamWriter(path);
        foreach (var line in File.ReadLines(demo))
        {
            if (line.StartsWith("##", StringComparison.Ordinal))
            {
                w.WriteLine(line);
                continue;
            }

            var cols = line.Split('\t');
            if (line.StartsWith('#'))
            {
                cols[^1] = sampleId;
                w.WriteLine(string.Join('\t', cols));
                continue;
            }

            var alt = cols[0] switch
            {
                "chr10" when Cyp2c19Positions.Contains(cols[1]) => c19,
                "chr10" when cols[1] == "94842866" => 2,
                "chr12" when cols[1] == "21178615" => slco,
                "chr10" when cols[1] == "94981296" => c9,
                _ => -1,
            };
            if (alt >= 0)
            {
                var gt = alt switch { 0 => "0/0", 1 => "0/1", _ => "1/1" };
                const int depth = 40;
                var altDepth = alt * depth / 2;
                cols[^1] = $"{gt}:{depth - altDepth},{altDepth}:{depth}:99";
                cols[8] = "GT:AD:DP:GQ";
            }

            w.WriteLine(string.Join('\t', cols));
        }

        return known;
    }
}

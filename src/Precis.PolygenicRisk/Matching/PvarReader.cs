using System.Globalization;
using Precis.Core;

namespace Precis.PolygenicRisk.Matching;

/// <summary>
/// Reads the variant list of a plink2 .pvar (or .bim) file as match targets. Adapter for matching only: it carries
/// no genotypes (genotypes are read from VCF through Precis.Genomics).
/// </summary>
public static class PvarReader
{
    /// <summary>Most variants accepted.</summary>
    public const int MaxVariants = 50_000_000;

    /// <summary>Reads every variant; ALT lists are split on commas (multi-allelic sites).</summary>
    public static IReadOnlyList<TargetVariant> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = InputFiles.OpenForReading(path);
        using var reader = new StreamReader(stream);
        var list = new List<TargetVariant>();
        int chrom = 0, pos = 1, id = 2, refCol = 3, alt = 4;
        var bim = path.EndsWith(".bim", StringComparison.OrdinalIgnoreCase);
        if (bim)
            (chrom, id, pos, alt, refCol) = (0, 1, 3, 4, 5); // .bim: CHR ID CM POS A1(ALT) A2(REF)
        long n = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            n++;
            if (line.StartsWith("##", StringComparison.Ordinal) || line.Length == 0)
                continue;
            if (line.StartsWith("#CHROM", StringComparison.Ordinal))
            {
                var cols = line.Split('\t');
                chrom = Array.IndexOf(cols, "#CHROM");
                pos = Array.IndexOf(cols, "POS");
                id = Array.IndexOf(cols, "ID");
                refCol = Array.IndexOf(cols, "REF");
                alt = Array.IndexOf(cols, "ALT");
                if (pos < 0 || id < 0 || refCol < 0 || alt < 0)
                    throw new InputException(new InputError(path, n, null, "#CHROM", "a .pvar header needs #CHROM, POS, ID, REF and ALT"));
                continue;
            }

            var f = line.Split(bim ? ['\t', ' '] : ['\t'], StringSplitOptions.RemoveEmptyEntries);
            var need = new[] { chrom, pos, id, refCol, alt }.Max();
            if (f.Length <= need)
                throw new InputException(new InputError(path, n, f.Length + 1, null, $"{f.Length} fields, expected at least {need + 1}"));
            if (!long.TryParse(f[pos], NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p < 1)
                throw new InputException(new InputError(path, n, pos + 1, "POS", $"'{f[pos]}' is not a positive integer"));
            if (list.Count >= MaxVariants)
                throw new InputException(new InputError(path, n, null, null, $"more than {MaxVariants:N0} variants"));
            // pgsc_calc drops targets without an identifier ('.') before matching.
            if (f[id] == ".")
                continue;
            list.Add(new TargetVariant(f[chrom], p, f[id], f[refCol].ToUpperInvariant(), f[alt].ToUpperInvariant().Split(',')));
        }

        return list;
    }
}

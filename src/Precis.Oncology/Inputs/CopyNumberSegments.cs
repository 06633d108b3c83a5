using System.Globalization;
using Precis.Core;
using Precis.Oncology.Knowledge;

namespace Precis.Oncology.Inputs;

/// <summary>
/// Calls gene-level copy number from allele-specific segments (PCGR's <c>Chromosome Start End nMajor nMinor</c>,
/// 1-based): a gene is amplified when an overlapping segment's total copy number is at least
/// <paramref name="AmplificationMinimum"/> (PCGR 2.3's default is 5) and deeply deleted when an overlapping
/// segment has copy number 0. Only genes in the knowledge base's locus table are called.
/// </summary>
/// <param name="AmplificationMinimum">Total copy number from which a gene counts as amplified.</param>
public sealed record CopyNumberSegments(int AmplificationMinimum = 5)
{
    public IReadOnlyList<CopyNumberCall> Call(string path, string sample, string build, IReadOnlyList<GeneLocus> loci)
    {
        ArgumentNullException.ThrowIfNull(loci);
        using var reader = TextInput.Open(path);
        var genes = loci.Where(l => l.Build == build).ToList();
        if (genes.Count == 0)
            throw new InputException(new InputError(path, null, null, null, $"no gene loci for build '{build}'", "give --genome-build GRCh37 or GRCh38"));
        var best = new Dictionary<string, (CopyNumberState State, int Cn, long Line)>(StringComparer.Ordinal);
        string[]? header = null;
        int chrom = -1, start = -1, end = -1, major = -1, minor = -1, total = -1;
        foreach (var (number, line) in TextInput.Lines(reader, path))
        {
            if (line.Length == 0 || line[0] == '#')
                continue;
            var f = line.Split('\t');
            if (header is null)
            {
                header = f;
                chrom = TextInput.Column(header, "Chromosome", "chrom");
                start = TextInput.Column(header, "Start", "loc.start");
                end = TextInput.Column(header, "End", "loc.end");
                major = TextInput.Column(header, "nMajor");
                minor = TextInput.Column(header, "nMinor");
                total = TextInput.Column(header, "CN", "TotalCN", "copy_number");
                if (chrom < 0 || start < 0 || end < 0 || (total < 0 && (major < 0 || minor < 0)))
                    throw new InputException(new InputError(path, number, null, null, "segment header needs Chromosome, Start, End and nMajor+nMinor (or CN)"));
                continue;
            }

            var c = TextInput.Field(f, chrom);
            if (c.StartsWith("chr", StringComparison.OrdinalIgnoreCase))
                c = c[3..];
            var s = Long(f, start, header, path, number);
            var e = Long(f, end, header, path, number);
            var cn = total >= 0 ? (int)Long(f, total, header, path, number) : (int)(Long(f, major, header, path, number) + Long(f, minor, header, path, number));
            foreach (var g in genes.Where(g => g.Chromosome == c && g.Start <= e && g.End >= s))
            {
                var state = cn >= AmplificationMinimum ? CopyNumberState.Amplification : cn == 0 ? CopyNumberState.DeepDeletion : CopyNumberState.Neutral;
                if (state == CopyNumberState.Neutral)
                    continue;
                if (!best.TryGetValue(g.Gene, out var prev) || cn > prev.Cn)
                    best[g.Gene] = (state, cn, number);
            }
        }

        return [.. best.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv =>
            new CopyNumberCall(sample, kv.Key, kv.Value.State, "CN " + kv.Value.Cn.ToString(CultureInfo.InvariantCulture), kv.Value.Line))];
    }

    private static long Long(string[] f, int i, string[] header, string path, long line)
    {
        var t = TextInput.Field(f, i);
        return long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new InputException(new InputError(path, line, i + 1, header[i], $"'{t}' is not a whole number"));
    }
}

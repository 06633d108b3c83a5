using System.Globalization;
using Precis.Core;
using Precis.Genomics.Vcf;

namespace Precis.Genomics.Sites;

/// <summary>Human reference assemblies a file can be aligned to.</summary>
public enum GenomeBuild
{
    /// <summary>Not determinable (no ##contig lengths and no assembly hint).</summary>
    Unknown,

    /// <summary>GRCh37 / hg19 / b37.</summary>
    GRCh37,

    /// <summary>GRCh38 / hg38.</summary>
    GRCh38,

    /// <summary>Contig lengths point to both builds: the header is inconsistent.</summary>
    Inconsistent,
}

/// <summary>What the header says about the build, and why.</summary>
/// <param name="Build">The detected build.</param>
/// <param name="Evidence">Human-readable reasons, e.g. "chr1 length 248956422 = GRCh38".</param>
/// <param name="ContigsMatched">Number of primary contigs whose declared length matched a build.</param>
public sealed record GenomeBuildDetection(GenomeBuild Build, IReadOnlyList<string> Evidence, int ContigsMatched);

/// <summary>
/// Detects GRCh37 vs GRCh38 from ##contig lengths of the primary chromosomes (NCBI assembly reports
/// GCF_000001405.13 and GCF_000001405.26), falling back to ##reference/##assembly names.
/// </summary>
public static class GenomeBuilds
{
    private static readonly Dictionary<string, (long GRCh37, long GRCh38)> Lengths = new(StringComparer.Ordinal)
    {
        ["1"] = (249250621, 248956422),
        ["2"] = (243199373, 242193529),
        ["3"] = (198022430, 198295559),
        ["4"] = (191154276, 190214555),
        ["5"] = (180915260, 181538259),
        ["6"] = (171115067, 170805979),
        ["7"] = (159138663, 159345973),
        ["8"] = (146364022, 145138636),
        ["9"] = (141213431, 138394717),
        ["10"] = (135534747, 133797422),
        ["11"] = (135006516, 135086622),
        ["12"] = (133851895, 133275309),
        ["13"] = (115169878, 114364328),
        ["14"] = (107349540, 107043718),
        ["15"] = (102531392, 101991189),
        ["16"] = (90354753, 90338345),
        ["17"] = (81195210, 83257441),
        ["18"] = (78077248, 80373285),
        ["19"] = (59128983, 58617616),
        ["20"] = (63025520, 64444167),
        ["21"] = (48129895, 46709983),
        ["22"] = (51304566, 50818468),
        ["X"] = (155270560, 156040895),
        ["Y"] = (59373566, 57227415),
    };

    /// <summary>The length of a primary chromosome (any alias) in a build, or null.</summary>
    public static long? ContigLength(string contig, GenomeBuild build) =>
        Lengths.TryGetValue(ContigNames.Canonical(contig), out var l)
            ? build switch { GenomeBuild.GRCh37 => l.GRCh37, GenomeBuild.GRCh38 => l.GRCh38, _ => null }
            : null;

    /// <summary>Detects the build of a header.</summary>
    public static GenomeBuildDetection Detect(VcfHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var evidence = new List<string>();
        int votes37 = 0, votes38 = 0;
        foreach (var c in header.Contigs)
        {
            if (c.Length is not { } len || !Lengths.TryGetValue(ContigNames.Canonical(c.Id), out var l))
                continue;
            if (len == l.GRCh37)
            {
                votes37++;
                evidence.Add($"{c.Id} length {len.ToString(CultureInfo.InvariantCulture)} = GRCh37");
            }
            else if (len == l.GRCh38)
            {
                votes38++;
                evidence.Add($"{c.Id} length {len.ToString(CultureInfo.InvariantCulture)} = GRCh38");
            }
            else
            {
                evidence.Add($"{c.Id} length {len.ToString(CultureInfo.InvariantCulture)} matches neither GRCh37 ({l.GRCh37}) nor GRCh38 ({l.GRCh38})");
            }
        }

        if (votes37 > 0 && votes38 > 0)
            return new GenomeBuildDetection(GenomeBuild.Inconsistent, evidence, votes37 + votes38);
        if (votes37 > 0)
            return new GenomeBuildDetection(GenomeBuild.GRCh37, evidence, votes37);
        if (votes38 > 0)
            return new GenomeBuildDetection(GenomeBuild.GRCh38, evidence, votes38);

        // No usable lengths: fall back to the assembly named in ##reference / ##assembly / ##contig assembly=.
        foreach (var m in header.MetaLines)
        {
            var text = m.Key is "reference" or "assembly" ? m.Value : m.Key == "contig" ? m["assembly"] : null;
            if (text is null)
                continue;
            var hint = FromName(text);
            if (hint != GenomeBuild.Unknown)
            {
                evidence.Add($"##{m.Key} names {text}");
                return new GenomeBuildDetection(hint, evidence, 0);
            }
        }

        evidence.Add("no ##contig lengths of primary chromosomes and no assembly name in the header");
        return new GenomeBuildDetection(GenomeBuild.Unknown, evidence, 0);
    }

    /// <summary>
    /// Throws an <see cref="InputException"/> when the header's build is known and differs from <paramref name="required"/>
    /// (or is inconsistent); returns the detection otherwise, including Unknown, which the caller must handle.
    /// </summary>
    public static GenomeBuildDetection Require(VcfHeader header, GenomeBuild required, string file)
    {
        var d = Detect(header);
        if (d.Build == GenomeBuild.Inconsistent)
            throw new InputException(new InputError(file, null, null, "##contig", "the contig lengths mix GRCh37 and GRCh38: " + string.Join("; ", d.Evidence.Take(4)), "check the reference the file was aligned to"));
        if (d.Build != GenomeBuild.Unknown && d.Build != required)
            throw new InputException(new InputError(file, null, null, "##contig", $"the file is {d.Build} ({d.Evidence[0]}) but {required} is required", $"lift the file over to {required} or use {d.Build} knowledge"));
        return d;
    }

    private static GenomeBuild FromName(string text)
    {
        var t = text.ToUpperInvariant();
        if (t.Contains("GRCH38", StringComparison.Ordinal) || t.Contains("HG38", StringComparison.Ordinal) || t.Contains("GCA_000001405.15", StringComparison.Ordinal))
            return GenomeBuild.GRCh38;
        if (t.Contains("GRCH37", StringComparison.Ordinal) || t.Contains("HG19", StringComparison.Ordinal) || t.Contains("B37", StringComparison.Ordinal) || t.Contains("HS37D5", StringComparison.Ordinal))
            return GenomeBuild.GRCh37;
        return GenomeBuild.Unknown;
    }
}

using System.Globalization;

namespace Precis.Core;

/// <summary>Where a variant was found: the patient's inherited genome or a tumour.</summary>
public enum VariantOrigin
{
    /// <summary>Inherited (constitutional) variant, e.g. a pharmacogene position from a germline VCF.</summary>
    Germline,
    /// <summary>Acquired in the tumour, e.g. a MAF row.</summary>
    Somatic,
}

/// <summary>How many copies of the alternate allele the sample carries at the position.</summary>
public enum Zygosity
{
    Heterozygous,
    Homozygous,
    /// <summary>One copy on a chromosome present once (male chrX outside the pseudo-autosomal regions).</summary>
    Hemizygous,
}

/// <summary>
/// One genomic variant a finding rests on, as the input file gave it (VCF-style alleles, 1-based position). It travels
/// in <see cref="Finding.Details"/> under <c>variant.N.*</c> keys (see <see cref="VariantDetails"/>) so the plan
/// JSON keeps its schema and exporters (FHIR Variant Observations) can read it back.
/// </summary>
public sealed record VariantDetail
{
    /// <summary>HGNC symbol of the gene the variant lies in.</summary>
    public required string Gene { get; init; }

    /// <summary>Genome build as written by the input, e.g. "GRCh38" or "GRCh37".</summary>
    public required string Build { get; init; }

    /// <summary>Chromosome as written by the input ("chr10" or "10").</summary>
    public required string Chromosome { get; init; }

    /// <summary>1-based position of the first reference base.</summary>
    public required long Position { get; init; }

    /// <summary>Reference allele ("-" for an insertion in a MAF).</summary>
    public required string Reference { get; init; }

    /// <summary>The alternate allele the sample carries.</summary>
    public required string Alternate { get; init; }

    public required VariantOrigin Origin { get; init; }

    /// <summary>Copies of the alternate allele, when the input says (a MAF usually does not).</summary>
    public Zygosity? Zygosity { get; init; }

    /// <summary>Fraction of reads carrying the alternate allele (0–1), when read counts are given.</summary>
    public decimal? AlleleFraction { get; init; }

    /// <summary>Reads supporting the alternate allele.</summary>
    public int? AltReads { get; init; }

    /// <summary>Total read depth at the position.</summary>
    public int? Depth { get; init; }

    /// <summary>dbSNP id, e.g. "rs4244285".</summary>
    public string? Rsid { get; init; }

    /// <summary>Coding HGVS as written, e.g. "c.3140A>G" (with or without the transcript prefix).</summary>
    public string? Hgvsc { get; init; }

    /// <summary>Protein HGVS as written, e.g. "p.H1047R".</summary>
    public string? Hgvsp { get; init; }

    /// <summary>Transcript of <see cref="Hgvsc"/>, e.g. "ENST00000263967".</summary>
    public string? Transcript { get; init; }

    /// <summary>End position, when longer than the reference allele implies (MAF End_Position).</summary>
    public long? End { get; init; }
}

/// <summary>
/// Writes and reads <see cref="VariantDetail"/>s in a finding's details as <c>variant.1.gene</c>, <c>variant.1.pos</c>…
/// Plain string keys keep the plan JSON schema unchanged; reading checks every value and names the bad key.
/// </summary>
public static class VariantDetails
{
    /// <summary>Most variants one finding may carry (a diplotype rarely rests on more than a dozen positions).</summary>
    public const int MaxPerFinding = 256;

    private const string Prefix = "variant.";

    /// <summary>The details with the variants added (replacing any already there).</summary>
    public static IReadOnlyDictionary<string, string> With(IReadOnlyDictionary<string, string> details, IEnumerable<VariantDetail> variants)
    {
        ArgumentNullException.ThrowIfNull(details);
        ArgumentNullException.ThrowIfNull(variants);
        var d = details.Where(kv => !kv.Key.StartsWith(Prefix, StringComparison.Ordinal)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        var inv = CultureInfo.InvariantCulture;
        var n = 0;
        foreach (var v in variants)
        {
            n++;
            if (n > MaxPerFinding)
                throw new ArgumentException($"more than {MaxPerFinding} variants on one finding", nameof(variants));
            var p = Prefix + n.ToString(inv) + ".";
            d[p + "gene"] = v.Gene;
            d[p + "build"] = v.Build;
            d[p + "chrom"] = v.Chromosome;
            d[p + "pos"] = v.Position.ToString(inv);
            d[p + "ref"] = v.Reference;
            d[p + "alt"] = v.Alternate;
            d[p + "origin"] = v.Origin == VariantOrigin.Somatic ? "somatic" : "germline";
            Put(d, p + "end", v.End?.ToString(inv));
            Put(d, p + "zygosity", v.Zygosity?.ToString().ToLowerInvariant());
            Put(d, p + "vaf", v.AlleleFraction?.ToString("0.####", inv));
            Put(d, p + "altReads", v.AltReads?.ToString(inv));
            Put(d, p + "depth", v.Depth?.ToString(inv));
            Put(d, p + "rsid", v.Rsid);
            Put(d, p + "hgvsc", v.Hgvsc);
            Put(d, p + "hgvsp", v.Hgvsp);
            Put(d, p + "transcript", v.Transcript);
        }

        return d;
    }

    /// <summary>The variants in a finding's details, in order; an unreadable value is an <see cref="InputException"/> naming the finding and key.</summary>
    /// <param name="finding">The finding.</param>
    /// <param name="file">The file the finding was read from, for the error.</param>
    public static IReadOnlyList<VariantDetail> Read(Finding finding, string file = "report.json")
    {
        ArgumentNullException.ThrowIfNull(finding);
        var d = finding.Details;
        var list = new List<VariantDetail>();
        for (var n = 1; n <= MaxPerFinding; n++)
        {
            var p = Prefix + n.ToString(CultureInfo.InvariantCulture) + ".";
            if (!d.ContainsKey(p + "pos"))
                break;
            string Req(string key) => d.TryGetValue(p + key, out var s) && s.Length > 0 ? s : throw Bad(finding, file, p + key, "is missing or empty");
            string? Opt(string key) => d.TryGetValue(p + key, out var s) && s.Length > 0 ? s : null;
            list.Add(new VariantDetail
            {
                Gene = Req("gene"),
                Build = Req("build"),
                Chromosome = Req("chrom"),
                Position = Long(Req("pos"), finding, file, p + "pos") ?? 0,
                Reference = Req("ref"),
                Alternate = Req("alt"),
                Origin = Req("origin") switch
                {
                    "somatic" => VariantOrigin.Somatic,
                    "germline" => VariantOrigin.Germline,
                    var o => throw Bad(finding, file, p + "origin", $"'{o}' is not somatic or germline"),
                },
                End = Long(Opt("end"), finding, file, p + "end"),
                Zygosity = Opt("zygosity") switch
                {
                    null => null,
                    "heterozygous" => Core.Zygosity.Heterozygous,
                    "homozygous" => Core.Zygosity.Homozygous,
                    "hemizygous" => Core.Zygosity.Hemizygous,
                    var z => throw Bad(finding, file, p + "zygosity", $"'{z}' is not heterozygous, homozygous or hemizygous"),
                },
                AlleleFraction = Opt("vaf") is { } vaf
                    ? decimal.TryParse(vaf, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var f) && f <= 1m ? f : throw Bad(finding, file, p + "vaf", $"'{vaf}' is not a fraction between 0 and 1")
                    : null,
                AltReads = Int(Opt("altReads"), finding, file, p + "altReads"),
                Depth = Int(Opt("depth"), finding, file, p + "depth"),
                Rsid = Opt("rsid"),
                Hgvsc = Opt("hgvsc"),
                Hgvsp = Opt("hgvsp"),
                Transcript = Opt("transcript"),
            });
        }

        return list;
    }

    private static void Put(Dictionary<string, string> d, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
            d[key] = value;
    }

    private static long? Long(string? s, Finding f, string file, string key) =>
        s is null ? null : long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : throw Bad(f, file, key, $"'{s}' is not a positive whole number");

    private static int? Int(string? s, Finding f, string file, string key) =>
        s is null ? null : int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : throw Bad(f, file, key, $"'{s}' is not a whole number");

    private static InputException Bad(Finding f, string file, string key, string why) =>
        new(new InputError(file, null, null, $"finding {f.Id}: details.{key}", why, "variant details are written by Precis engines; re-create the report"));
}

using System.Globalization;
using Precis.Genomics.Vcf;
using Precis.Oncology.Notation;

namespace Precis.Oncology.Inputs;

/// <summary>What a somatic VCF carried, so reports can say what could and could not be assessed.</summary>
/// <param name="File">The path as given.</param>
/// <param name="Sample">Tumour sample id.</param>
/// <param name="Build">GRCh37/GRCh38 when known (header, or the file name), else null.</param>
/// <param name="Annotation">"VEP CSQ", "SnpEff ANN" or null when the VCF carries no consequence annotation.</param>
/// <param name="DepthSource">Where tumour depth came from ("INFO/TDP", "FORMAT/DP"...), or null.</param>
/// <param name="Variants">PASS variants, one per ALT allele.</param>
/// <param name="NonPassSkipped">Records skipped because FILTER was not PASS.</param>
public sealed record SomaticVcf(string File, string Sample, string? Build, string? Annotation, string? DepthSource, IReadOnlyList<SomaticVariant> Variants, long NonPassSkipped);

/// <summary>
/// Reads a tumour VCF through Precis.Genomics into somatic variants: PASS records only, one per ALT; gene, HGVSc,
/// HGVSp and consequence from VEP <c>CSQ</c> (canonical/picked transcript first) or SnpEff <c>ANN</c> when present;
/// tumour depth and allele fraction from INFO (TDP/TVAF as PCGR writes them) or FORMAT (DP, AD, AF), detected.
/// </summary>
public static class SomaticVcfReader
{
    // Most severe first (Ensembl's consequence order), each with the MAF classification it corresponds to.
    private static readonly (string Term, string Maf)[] Consequences =
    [
        ("transcript_ablation", "Unknown"), ("splice_acceptor_variant", "Splice_Site"), ("splice_donor_variant", "Splice_Site"),
        ("stop_gained", "Nonsense_Mutation"), ("frameshift_variant", "Frame_Shift"), ("stop_lost", "Nonstop_Mutation"),
        ("start_lost", "Translation_Start_Site"), ("inframe_insertion", "In_Frame_Ins"), ("inframe_deletion", "In_Frame_Del"),
        ("missense_variant", "Missense_Mutation"), ("protein_altering_variant", "Missense_Mutation"), ("splice_region_variant", "Splice_Region"),
        ("synonymous_variant", "Silent"), ("stop_retained_variant", "Silent"), ("5_prime_UTR_variant", "5'UTR"), ("3_prime_UTR_variant", "3'UTR"),
        ("non_coding_transcript_exon_variant", "RNA"), ("intron_variant", "Intron"), ("upstream_gene_variant", "5'Flank"),
        ("downstream_gene_variant", "3'Flank"), ("intergenic_variant", "IGR"),
    ];

    public static SomaticVcf Read(string path, string? build = null)
    {
        using var reader = VcfReader.Open(path);
        var header = reader.Header;
        var sampleIndex = PickTumourSample(header.Samples);
        var sample = sampleIndex >= 0 ? header.Samples[sampleIndex] : Path.GetFileName(path).Split('.')[0];
        build ??= DetectBuild(header, path);

        string[]? csqFields = null;
        string? annotation = null;
        if (header.InfoDefinitions.TryGetValue("CSQ", out var csq) && csq.Description.Contains("Format:", StringComparison.Ordinal))
        {
            csqFields = csq.Description[(csq.Description.IndexOf("Format:", StringComparison.Ordinal) + 7)..].Trim().TrimEnd('"').Split('|');
            annotation = "VEP CSQ";
        }
        else if (header.InfoDefinitions.ContainsKey("ANN"))
        {
            annotation = "SnpEff ANN";
        }

        var variants = new List<SomaticVariant>();
        long skipped = 0;
        string? depthSource = null;
        foreach (var record in reader.Records())
        {
            if (!record.IsPass && !(record.Filters.Count == 1 && record.Filters[0] == "."))
            {
                skipped++;
                continue;
            }

            for (var a = 0; a < record.Alts.Count; a++)
            {
                var alt = record.Alts[a];
                if (VcfRecord.IsSymbolic(alt) || VcfRecord.IsBreakend(alt) || alt == "*")
                    continue;
                var ann = csqFields is not null ? FromCsq(record, csqFields, alt, a) : annotation == "SnpEff ANN" ? FromAnn(record, alt) : default;
                var (depth, altCount, source) = Depth(record, sampleIndex, a);
                depthSource ??= source;
                var chrom = record.Chrom.StartsWith("chr", StringComparison.OrdinalIgnoreCase) ? record.Chrom[3..] : record.Chrom;
                var classification = ann.Consequence is null ? "" : Classification(ann.Consequence, record.Ref.Length, alt.Length);
                variants.Add(new SomaticVariant(
                    sample, ann.Gene ?? "", chrom, record.Pos, record.Pos + record.Ref.Length - 1, record.Ref, alt, classification,
                    ProteinChange.Parse(ann.Hgvsp is { } p && p.Contains(':', StringComparison.Ordinal) ? p[(p.IndexOf(':', StringComparison.Ordinal) + 1)..] : ann.Hgvsp),
                    ann.Hgvsp, ann.Hgvsc, null, ann.Transcript, build, depth, altCount, record.LineNumber));
            }
        }

        return new SomaticVcf(path, sample, build, annotation, depthSource, variants, skipped);
    }

    private static int PickTumourSample(IReadOnlyList<string> samples)
    {
        if (samples.Count == 0)
            return -1;
        for (var i = 0; i < samples.Count; i++)
        {
            if (samples[i].Contains("TUMOR", StringComparison.OrdinalIgnoreCase) || samples[i].Contains("TUMOUR", StringComparison.OrdinalIgnoreCase))
                return i;
        }

        return 0;
    }

    private static string? DetectBuild(VcfHeader header, string path)
    {
        foreach (var m in header.MetaLines.Where(m => m.Key is "reference" or "assembly"))
        {
            if (Match(m.Value) is { } b)
                return b;
        }

        return Match(Path.GetFileName(path));

        static string? Match(string text) =>
            text.Contains("38", StringComparison.Ordinal) && (text.Contains("grch38", StringComparison.OrdinalIgnoreCase) || text.Contains("hg38", StringComparison.OrdinalIgnoreCase)) ? "GRCh38"
            : text.Contains("grch37", StringComparison.OrdinalIgnoreCase) || text.Contains("hg19", StringComparison.OrdinalIgnoreCase) || text.Contains("b37", StringComparison.OrdinalIgnoreCase) ? "GRCh37"
            : null;
    }

    private static (int? Depth, int? Alt, string? Source) Depth(VcfRecord record, int sample, int altIndex)
    {
        var info = First(record.GetInfoIntegers("TDP"));
        var af = First(record.GetInfoFloats("TVAF"));
        if (info is { } tdp)
            return (tdp, af is { } f ? (int)Math.Round(f * tdp) : null, "INFO/TDP,TVAF");
        if (sample < 0 || sample >= record.SampleColumnsPresent)
            return (First(record.GetInfoIntegers("DP")), null, record.HasInfo("DP") ? "INFO/DP" : null);
        var s = record.Sample(sample);
        var dp = s.GetInteger("DP") ?? s.GetInteger("DPT");
        var ad = s.Has("AD") ? s.Field("AD").ToString() : s.Has("ADT") ? s.Field("ADT").ToString() : null;
        int? altCount = null;
        if (ad is not null)
        {
            var parts = ad.Split(',');
            if (parts.Length > altIndex + 1 && int.TryParse(parts[altIndex + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                altCount = n;
            if (dp is null && parts.All(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
                dp = parts.Sum(p => int.Parse(p, CultureInfo.InvariantCulture));
        }

        if (altCount is null && dp is { } d && s.GetFloat("AF") is { } vaf)
            altCount = (int)Math.Round(vaf * d);
        return (dp, altCount, dp is null ? null : "FORMAT/DP,AD");
    }

    private static T? First<T>(IReadOnlyList<T?>? list)
        where T : struct => list is { Count: > 0 } ? list[0] : null;

    private readonly record struct Annotation(string? Gene, string? Hgvsc, string? Hgvsp, string? Consequence, string? Transcript);

    private static Annotation FromCsq(VcfRecord record, string[] fields, string alt, int altIndex)
    {
        if (record.GetInfo("CSQ") is not { } value)
            return default;
        int F(string name) => Array.FindIndex(fields, f => f.Equals(name, StringComparison.OrdinalIgnoreCase));
        int allele = F("Allele"), cons = F("Consequence"), symbol = F("SYMBOL"), hgvsc = F("HGVSc"), hgvsp = F("HGVSp"), feature = F("Feature"), canonical = F("CANONICAL"), pick = F("PICK");
        var entries = value.Split(',').Select(e => e.Split('|')).ToList();
        string G(string[] e, int i) => i >= 0 && i < e.Length ? Uri.UnescapeDataString(e[i]) : "";

        // VEP writes indel alleles without the anchor base ("-" for deletions), so also accept the entry of this ALT's index.
        var mine = entries.Where(e => G(e, allele) == alt || G(e, allele) == alt[1..].PadRight(1, '-') || G(e, allele) == "-").ToList();
        if (mine.Count == 0)
            mine = entries.Count > altIndex ? [entries[altIndex]] : entries;
        var best = mine.FirstOrDefault(e => G(e, pick) == "1") ?? mine.FirstOrDefault(e => G(e, canonical) == "YES") ?? mine[0];
        return new Annotation(Empty(G(best, symbol)), Empty(G(best, hgvsc)), Empty(G(best, hgvsp)), Empty(G(best, cons)), Empty(G(best, feature)));
    }

    private static Annotation FromAnn(VcfRecord record, string alt)
    {
        if (record.GetInfo("ANN") is not { } value)
            return default;

        // SnpEff ANN: Allele | Annotation | Impact | Gene_Name | Gene_ID | Feature_Type | Feature_ID | Biotype | Rank | HGVS.c | HGVS.p | ...
        var e = value.Split(',').Select(x => x.Split('|')).FirstOrDefault(x => x.Length > 10 && x[0] == alt) ?? value.Split(',')[0].Split('|');
        return e.Length > 10 ? new Annotation(Empty(e[3]), Empty(e[9]), Empty(e[10]), Empty(e[1]), Empty(e[6])) : default;
    }

    private static string? Empty(string s) => s.Length == 0 ? null : s;

    /// <summary>The MAF classification of the most severe consequence term ("missense_variant&amp;splice_region_variant").</summary>
    public static string Classification(string consequence, int refLength, int altLength)
    {
        ArgumentNullException.ThrowIfNull(consequence);
        var terms = consequence.Split('&', ',');
        foreach (var (term, maf) in Consequences)
        {
            if (terms.Contains(term, StringComparer.Ordinal))
                return maf == "Frame_Shift" ? (altLength > refLength ? "Frame_Shift_Ins" : "Frame_Shift_Del") : maf;
        }

        return "Unknown";
    }
}

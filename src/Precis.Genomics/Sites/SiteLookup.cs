using Precis.Genomics.Vcf;

namespace Precis.Genomics.Sites;

/// <summary>A position a consumer asks about: contig (any alias) and 1-based position.</summary>
public sealed record GenomicSite(string Contig, long Pos)
{
    public override string ToString() => $"{Contig}:{Pos}";
}

/// <summary>What the file says about one sample at one site. "Not observed" is never read as reference.</summary>
public enum SiteCallStatus
{
    /// <summary>No record or gVCF block covers the site: nothing is known.</summary>
    NotObserved,

    /// <summary>A record covers the site but the sample's GT is missing ('./.') or absent.</summary>
    NoCall,

    /// <summary>Homozygous reference: a record with GT 0/0 at the site, or a gVCF reference block spanning it.</summary>
    ReferenceCall,

    /// <summary>At least one non-reference allele is called.</summary>
    VariantCall,
}

/// <summary>One sample's call at one site, with the record it came from (null when not observed).</summary>
/// <param name="Site">The site asked for.</param>
/// <param name="Sample">Sample name.</param>
/// <param name="Status">Variant, reference, no call, or not observed.</param>
/// <param name="Record">The record that covers the site (a variant record or a gVCF block).</param>
/// <param name="Genotype">The sample's GT at that record.</param>
/// <param name="FromReferenceBlock">True when the call comes from a gVCF reference block spanning the site.</param>
/// <param name="GenotypeQuality">FORMAT/GQ of the sample in that record.</param>
/// <param name="MinDepth">FORMAT/MIN_DP (blocks) or DP.</param>
public sealed record SiteCall(
    GenomicSite Site,
    string Sample,
    SiteCallStatus Status,
    VcfRecord? Record,
    Genotype? Genotype,
    bool FromReferenceBlock,
    int? GenotypeQuality,
    int? MinDepth);

/// <summary>
/// Looks up a list of sites in a VCF/gVCF in one streaming pass and returns, per sample, the observed call at each
/// site. Contig names are matched through <see cref="ContigNames"/> aliases.
/// </summary>
public static class SiteLookup
{
    /// <summary>Streams <paramref name="reader"/> and returns calls[sample][site] in the order of <paramref name="sites"/>.</summary>
    public static IReadOnlyList<IReadOnlyList<SiteCall>> Lookup(VcfReader reader, IReadOnlyList<GenomicSite> sites)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(sites);
        var samples = reader.Header.Samples;
        var best = new SiteCall?[samples.Count, sites.Count];
        var byContig = new Dictionary<string, (long Pos, int Index)[]>(StringComparer.Ordinal);
        foreach (var g in sites.Select((s, i) => (Key: ContigNames.Canonical(s.Contig), s.Pos, i)).GroupBy(x => x.Key, StringComparer.Ordinal))
            byContig[g.Key] = g.Select(x => (x.Pos, x.i)).OrderBy(x => x.Pos).ToArray();

        var keyCache = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var record in reader.Records())
        {
            if (!keyCache.TryGetValue(record.Chrom, out var key))
                keyCache[record.Chrom] = key = ContigNames.Canonical(record.Chrom);
            if (!byContig.TryGetValue(key, out var list))
                continue;
            var end = record.End;
            var lo = LowerBound(list, record.Pos);
            for (var k = lo; k < list.Length && list[k].Pos <= end; k++)
            {
                var index = list[k].Index;
                for (var s = 0; s < samples.Count; s++)
                {
                    var call = Classify(record, s, sites[index], samples[s]);
                    var current = best[s, index];
                    if (current is null || Rank(call) > Rank(current))
                        best[s, index] = call;
                }
            }
        }

        var result = new List<IReadOnlyList<SiteCall>>(samples.Count);
        for (var s = 0; s < samples.Count; s++)
        {
            var row = new SiteCall[sites.Count];
            for (var i = 0; i < sites.Count; i++)
                row[i] = best[s, i] ?? new SiteCall(sites[i], samples[s], SiteCallStatus.NotObserved, null, null, false, null, null);
            result.Add(row);
        }

        return result;
    }

    /// <summary>Opens a file and looks up the sites (see <see cref="Lookup(VcfReader, IReadOnlyList{GenomicSite})"/>).</summary>
    public static IReadOnlyList<IReadOnlyList<SiteCall>> Lookup(string path, IReadOnlyList<GenomicSite> sites, VcfReaderOptions? options = null)
    {
        using var reader = VcfReader.Open(path, options);
        return Lookup(reader, sites);
    }

    private static SiteCall Classify(VcfRecord record, int sample, GenomicSite site, string name)
    {
        var s = record.Sample(sample);
        var gt = s.Genotype;
        var block = record.IsReferenceBlock;
        var gq = s.GenotypeQuality;
        var minDp = s.MinDepth ?? s.Depth;
        SiteCallStatus status;
        if (gt.Ploidy == 0 || gt.IsMissing)
            status = SiteCallStatus.NoCall;
        else if (gt.HasAlternate)
            status = SiteCallStatus.VariantCall;
        else if (gt.IsPartiallyMissing)
            status = SiteCallStatus.NoCall;
        else
            status = SiteCallStatus.ReferenceCall;

        // Inside a deletion's span a sample carrying the deletion is a variant call there too; one without it is reference.
        return new SiteCall(site, name, status, record, gt, block, gq, minDp);
    }

    /// <summary>Preference when several records cover a site: a variant call beats a reference call beats a no-call.</summary>
    private static int Rank(SiteCall c) => c.Status switch
    {
        SiteCallStatus.VariantCall => 3,
        SiteCallStatus.ReferenceCall => 2,
        SiteCallStatus.NoCall => 1,
        _ => 0,
    };

    private static int LowerBound((long Pos, int Index)[] list, long pos)
    {
        int lo = 0, hi = list.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (list[mid].Pos < pos)
                lo = mid + 1;
            else
                hi = mid;
        }

        return lo;
    }
}

using Precis.Core;
using Precis.Genomics.Sites;
using Precis.Genomics.Vcf;
using Precis.Pharmacogenomics.Knowledge;
using PgxSiteCall = Precis.Pharmacogenomics.Calling.SiteCall;
using SampleGenotypes = Precis.Pharmacogenomics.Calling.SampleGenotypes;

namespace Precis.Pharmacogenomics.Input;

/// <summary>
/// Reads the genotypes at every pharmacogene position from a VCF/gVCF (through Precis.Genomics), per sample.
/// A position the file does not cover stays absent (not tested); a gVCF reference block is an observed reference
/// call. GRCh37 input is refused, as is a sample name that is not in the file.
/// </summary>
public static class VcfGenotypeReader
{
    /// <summary>chr1 length in GRCh37; a header declaring it means the file is not GRCh38.</summary>
    private const long Grch37Chr1Length = 249250621;

    /// <summary>The positions the knowledge base needs: every defining position of every gene, plus positions of interest.</summary>
    public static IReadOnlyList<GenomicSite> PositionsOfInterest(PgxKnowledge knowledge)
    {
        ArgumentNullException.ThrowIfNull(knowledge);
        return [.. knowledge.Genes.Where(g => g.Definition is not null)
            .SelectMany(g => g.Definition!.Positions.Concat(g.Definition.ExtraPositions).Select(p => new GenomicSite(g.Definition.Chromosome, p.Position)))
            .Distinct()
            .OrderBy(s => s.Contig, StringComparer.Ordinal).ThenBy(s => s.Pos)];
    }

    /// <summary>Reads one or all samples' genotypes at the positions of interest.</summary>
    /// <param name="path">VCF, VCF.gz/BGZF or gVCF.</param>
    /// <param name="knowledge">Which positions to read.</param>
    /// <param name="sample">One sample to read, or null for all.</param>
    /// <param name="sex">Sex of the sample(s) when known ("male"/"female"), for chrX genes.</param>
    /// <param name="lenient">Skip and count malformed lines instead of refusing the file (Precis.Genomics lenient mode).</param>
    public static IReadOnlyList<SampleGenotypes> Read(string path, PgxKnowledge knowledge, string? sample = null, string? sex = null, bool lenient = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(knowledge);
        // Position lookup does not need sorted input (PharmCAT accepts unsorted VCFs too); everything else stays strict.
        using var reader = VcfReader.Open(path, (lenient ? VcfReaderOptions.Lenient : VcfReaderOptions.Strict) with { ValidateOrder = false });
        CheckBuild(reader.Header, path);
        var samples = reader.Header.Samples;
        if (samples.Count == 0)
            throw new InputException(new InputError(path, null, null, "#CHROM", "the VCF has no sample columns; genotypes are needed"));
        var wanted = -1;
        if (sample is not null)
        {
            wanted = samples.ToList().IndexOf(sample);
            if (wanted < 0)
                throw new InputException(new InputError(path, null, null, "#CHROM", $"sample '{sample}' is not in the file; samples: {string.Join(", ", samples.Take(20))}{(samples.Count > 20 ? ", …" : "")}"));
        }

        var sites = PositionsOfInterest(knowledge);
        var refs = knowledge.Genes.Where(g => g.Definition is not null)
            .SelectMany(g => g.Definition!.Positions.Concat(g.Definition.ExtraPositions).Select(p => ((g.Definition.Chromosome, p.Position), p.Ref)))
            .DistinctBy(x => x.Item1)
            .ToDictionary(x => x.Item1, x => x.Ref);
        var calls = SiteLookup.Lookup(reader, sites);
        var result = new List<SampleGenotypes>();
        for (var s = 0; s < samples.Count; s++)
        {
            if (wanted >= 0 && s != wanted)
                continue;
            var map = new Dictionary<(string, long), PgxSiteCall>();
            foreach (var c in calls[s])
            {
                if (c.Status is not (SiteCallStatus.VariantCall or SiteCallStatus.ReferenceCall) || c.Record is null || c.Genotype is null)
                    continue;
                var key = (c.Site.Contig, c.Site.Pos);
                var converted = Convert(c, refs[key], s);
                if (converted is not null)
                    map[key] = converted;
            }

            result.Add(new SampleGenotypes(samples[s], map, sex));
        }

        return result;
    }

    /// <summary>Samples read per pass by <see cref="ReadStreaming"/>: bounds memory at about this many × ≈1,200 calls.</summary>
    public const int DefaultChunkSize = 500;

    /// <summary>
    /// The samples of a file one at a time, with memory flat in sample count: the file is read once per chunk of
    /// <paramref name="chunkSize"/> samples and only that chunk's calls are kept (converted at once; the VCF
    /// records are not retained). The header checks (build, sample name) run before the first sample is returned;
    /// later passes skip re-validating sample columns the first pass has already validated.
    /// </summary>
    public static LazySamples ReadStreaming(string path, PgxKnowledge knowledge, string? sample = null, string? sex = null, bool lenient = false, int chunkSize = DefaultChunkSize)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(knowledge);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        var options = (lenient ? VcfReaderOptions.Lenient : VcfReaderOptions.Strict) with { ValidateOrder = false };
        IReadOnlyList<string> samples;
        using (var reader = VcfReader.Open(path, options))
        {
            CheckBuild(reader.Header, path);
            samples = reader.Header.Samples;
        }

        if (samples.Count == 0)
            throw new InputException(new InputError(path, null, null, "#CHROM", "the VCF has no sample columns; genotypes are needed"));
        var indexes = Enumerable.Range(0, samples.Count).ToList();
        if (sample is not null)
        {
            var wanted = samples.ToList().IndexOf(sample);
            if (wanted < 0)
                throw new InputException(new InputError(path, null, null, "#CHROM", $"sample '{sample}' is not in the file; samples: {string.Join(", ", samples.Take(20))}{(samples.Count > 20 ? ", …" : "")}"));
            indexes = [wanted];
        }

        return new LazySamples([.. indexes.Select(i => samples[i])], Chunks(path, knowledge, options, samples, indexes, sex, chunkSize));
    }

    private static IEnumerable<SampleGenotypes> Chunks(string path, PgxKnowledge knowledge, VcfReaderOptions options, IReadOnlyList<string> samples, List<int> indexes, string? sex, int chunkSize)
    {
        var refs = knowledge.Genes.Where(g => g.Definition is not null)
            .SelectMany(g => g.Definition!.Positions.Concat(g.Definition.ExtraPositions).Select(p => ((g.Definition.Chromosome, p.Position), p.Ref)))
            .DistinctBy(x => x.Item1)
            .ToDictionary(x => x.Item1, x => x.Ref);
        var byContig = refs.Keys.GroupBy(k => ContigNames.Canonical(k.Chromosome), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(k => k.Position).Order().ToArray(), StringComparer.Ordinal);
        var chromosomeOf = refs.Keys.Select(k => k.Chromosome).Distinct(StringComparer.Ordinal).ToDictionary(c => ContigNames.Canonical(c), StringComparer.Ordinal);
        var first = true;
        for (var start = 0; start < indexes.Count; start += chunkSize)
        {
            var chunk = indexes.GetRange(start, Math.Min(chunkSize, indexes.Count - start));
            var best = new (PgxSiteCall? Call, int Rank)[chunk.Count][];
            var interned = new Dictionary<(string, string?, bool, long?, bool, int?), PgxSiteCall>();
            var siteIndex = new Dictionary<(string, long), int>();
            foreach (var k in refs.Keys)
                siteIndex[k] = siteIndex.Count;
            for (var i = 0; i < chunk.Count; i++)
                best[i] = new (PgxSiteCall?, int)[siteIndex.Count];

            // Sample columns were validated in the first pass; later passes only read the chunk's columns.
            using (var reader = VcfReader.Open(path, first ? options : options with { ValidateSamples = false }))
            {
                var keyCache = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var record in reader.Records())
                {
                    if (!keyCache.TryGetValue(record.Chrom, out var key))
                        keyCache[record.Chrom] = key = ContigNames.Canonical(record.Chrom);
                    if (!byContig.TryGetValue(key, out var positions))
                        continue;
                    var lo = Array.BinarySearch(positions, record.Pos);
                    if (lo < 0)
                        lo = ~lo;
                    for (var p = lo; p < positions.Length && positions[p] <= record.End; p++)
                    {
                        var site = (chromosomeOf[key], positions[p]);
                        var si = siteIndex[site];
                        for (var i = 0; i < chunk.Count; i++)
                        {
                            var (call, rank) = Classify(record, chunk[i], site.Item2, refs[site], interned);
                            if (rank > best[i][si].Rank)
                                best[i][si] = (call, rank);
                        }
                    }
                }
            }

            first = false;
            for (var i = 0; i < chunk.Count; i++)
            {
                var map = new Dictionary<(string, long), PgxSiteCall>();
                foreach (var (site, si) in siteIndex)
                {
                    if (best[i][si].Call is { } c)
                        map[site] = c;
                }

                best[i] = [];
                yield return new SampleGenotypes(samples[chunk[i]], map, sex);
            }
        }
    }

    /// <summary>One sample's call at a site with its preference (variant 3 &gt; reference 2 &gt; no call 1), as SiteLookup ranks them.</summary>
    private static (PgxSiteCall? Call, int Rank) Classify(VcfRecord record, int sampleIndex, long position, string definitionRef, Dictionary<(string, string?, bool, long?, bool, int?), PgxSiteCall> interned)
    {
        var s = record.Sample(sampleIndex);
        var gt = s.Genotype;
        if (gt.Ploidy == 0 || gt.IsMissing || (!gt.HasAlternate && gt.IsPartiallyMissing))
            return (null, 1);
        var rank = gt.HasAlternate ? 3 : 2;
        var alleles = new string[gt.Ploidy];
        for (var i = 0; i < gt.Ploidy; i++)
        {
            var a = gt.Alleles[i];
            if (a == Genotype.Missing)
                return (null, rank);
            alleles[i] = record.IsReferenceBlock || a == 0 ? definitionRef
                : record.Pos != position ? "*"
                : Normalise(record.Ref, record.Allele(a), definitionRef);
        }

        long? ps = gt.IsPhased && s.Has("PS") ? s.GetInteger("PS") : null;
        var gq = s.GenotypeQuality;
        // Most samples share a handful of calls per site: share one immutable object per distinct diploid/haploid call.
        if (alleles.Length > 2)
            return (new PgxSiteCall(alleles, gt.IsPhased, ps, record.IsReferenceBlock, gq), rank);
        var key = (alleles[0], alleles.Length > 1 ? alleles[1] : null, gt.IsPhased, ps, record.IsReferenceBlock, gq);
        if (interned.TryGetValue(key, out var shared))
            return (shared, rank);
        var call = new PgxSiteCall(alleles, gt.IsPhased, ps, record.IsReferenceBlock, gq);
        if (interned.Count < 100_000)
            interned[key] = call;
        return (call, rank);
    }

    private static PgxSiteCall? Convert(SiteCall c, string definitionRef, int sampleIndex)
    {
        var record = c.Record!;
        var gt = c.Genotype!;
        var alleles = new string[gt.Ploidy];
        for (var i = 0; i < gt.Ploidy; i++)
        {
            var a = gt.Alleles[i];
            if (a == Genotype.Missing)
                return null;
            if (record.IsReferenceBlock || a == 0)
            {
                alleles[i] = definitionRef;
            }
            else if (record.Pos != c.Site.Pos)
            {
                // A variant record starting elsewhere (a deletion spanning the site): not a documented allele here.
                alleles[i] = "*";
            }
            else
            {
                alleles[i] = Normalise(record.Ref, record.Allele(a), definitionRef);
            }
        }

        var vcfSample = record.Sample(sampleIndex);
        long? ps = gt.IsPhased && vcfSample.Has("PS") ? vcfSample.GetInteger("PS") : null;
        return new PgxSiteCall(alleles, gt.IsPhased, ps, c.FromReferenceBlock, c.GenotypeQuality);
    }

    /// <summary>Trims a shared suffix when the record's REF is longer than the definition's (multi-allelic records).</summary>
    private static string Normalise(string recordRef, string allele, string definitionRef)
    {
        var r = recordRef;
        var a = allele;
        while (r.Length > definitionRef.Length && a.Length > 1 && r[^1] == a[^1])
        {
            r = r[..^1];
            a = a[..^1];
        }

        return a;
    }

    private static void CheckBuild(VcfHeader header, string path)
    {
        var chr1 = header.Contigs.FirstOrDefault(c => ContigNames.Canonical(c.Id) == ContigNames.Canonical("chr1"));
        var assembly = header.MetaLines.FirstOrDefault(m => m.Key == "reference")?.Value ?? "";
        if (chr1?.Length == Grch37Chr1Length || assembly.Contains("GRCh37", StringComparison.OrdinalIgnoreCase) || assembly.Contains("hg19", StringComparison.OrdinalIgnoreCase)
            || header.Contigs.Any(c => c.Attributes.TryGetValue("assembly", out var a) && (a.Contains("GRCh37", StringComparison.OrdinalIgnoreCase) || a.Contains("hg19", StringComparison.OrdinalIgnoreCase) || a == "b37")))
        {
            throw new InputException(new InputError(path, null, null, "##contig/##reference",
                "the file is on GRCh37/hg19; pharmacogene positions are GRCh38", "lift the VCF over to GRCh38 first (e.g. with Picard LiftoverVcf or CrossMap)"));
        }
    }
}

/// <summary>The samples of a VCF, produced one at a time by <see cref="VcfGenotypeReader.ReadStreaming"/>.</summary>
/// <param name="SampleIds">The samples that will be produced, in order.</param>
/// <param name="Samples">The genotypes, computed lazily chunk by chunk (enumerate once).</param>
public sealed record LazySamples(IReadOnlyList<string> SampleIds, IEnumerable<SampleGenotypes> Samples);

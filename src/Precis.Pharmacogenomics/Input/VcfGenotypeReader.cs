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

using Precis.Core;
using Precis.Oncology.Inputs;
using Precis.Pharmacogenomics.Calling;
using Precis.Pharmacogenomics.Knowledge;
using Precis.Pharmacogenomics.Phenotypes;

namespace Precis.Plans;

/// <summary>
/// Puts the variants a finding rests on into its details (<see cref="VariantDetails"/>), from the rows the engines
/// read: MAF/VCF rows for somatic biomarkers, the called defining positions for pharmacogene diplotypes. The FHIR
/// export turns them into Genomics Reporting IG Variant Observations.
/// </summary>
public static class FindingVariants
{
    /// <summary>Somatic small variants as variant details; rows without chromosome, position or alleles are left out.</summary>
    public static IReadOnlyList<VariantDetail> FromSomatic(IEnumerable<SomaticVariant?> variants)
    {
        ArgumentNullException.ThrowIfNull(variants);
        return [.. variants.OfType<SomaticVariant>()
            .Where(v => v is { Chromosome.Length: > 0, Start: > 0, Reference.Length: > 0, Alternate.Length: > 0 })
            .DistinctBy(v => (v.Chromosome, v.Start, v.Reference, v.Alternate))
            .Select(v => new VariantDetail
            {
                Gene = v.Gene,
                Build = v.Build ?? "unknown",
                Chromosome = v.Chromosome!,
                Position = v.Start!.Value,
                End = v.End,
                Reference = v.Reference!,
                Alternate = v.Alternate!,
                Origin = VariantOrigin.Somatic,
                AlleleFraction = v.AlleleFraction is { } f ? Math.Round((decimal)f, 4) : null,
                AltReads = v.TumourAltCount,
                Depth = v.TumourDepth,
                Hgvsc = v.Hgvsc,
                Hgvsp = v.ProteinAsWritten,
                Transcript = v.Transcript,
            })];
    }

    /// <summary>A finding with the somatic variants behind it added to its details.</summary>
    public static Finding WithSomatic(Finding finding, IEnumerable<SomaticVariant?> variants)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var list = FromSomatic(variants);
        return list.Count == 0 ? finding : finding with { Details = VariantDetails.With(finding.Details, list) };
    }

    /// <summary>
    /// The non-reference alleles the sample carries at the defining positions of a gene called from genotypes, with
    /// zygosity from the genotype (a male's chrX homozygous call is one hemizygous allele, as the caller reads it).
    /// Outside calls and uncalled genes have none: no position was seen.
    /// </summary>
    public static IReadOnlyList<VariantDetail> FromGeneCall(GeneResult gene, SampleGenotypes sample, PgxKnowledge knowledge)
    {
        ArgumentNullException.ThrowIfNull(gene);
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(knowledge);
        if (gene.Diplotype is null || gene.Call.Status is not (CallStatus.Called or CallStatus.Ambiguous) || knowledge.Gene(gene.Gene)?.Definition is not { } def)
            return [];
        var male = string.Equals(sample.Sex, "male", StringComparison.OrdinalIgnoreCase);
        var list = new List<VariantDetail>();
        foreach (var p in def.Positions)
        {
            if (sample.At(def.Chromosome, p.Position) is not { IsComplete: true } call)
                continue;
            var alleles = call.Alleles;
            if (def.Chromosome is "chrX" && male && alleles.Count == 2 && alleles[0] == alleles[1])
                alleles = [alleles[0]];
            foreach (var alt in alleles.Where(a => a != p.Ref).Distinct(StringComparer.Ordinal))
            {
                var copies = alleles.Count(a => a == alt);
                list.Add(new VariantDetail
                {
                    Gene = def.Gene,
                    Build = def.GenomeBuild,
                    Chromosome = def.Chromosome,
                    Position = p.Position,
                    Reference = p.Ref,
                    Alternate = alt,
                    Origin = VariantOrigin.Germline,
                    Zygosity = alleles.Count == 1 ? Zygosity.Hemizygous : copies == alleles.Count ? Zygosity.Homozygous : Zygosity.Heterozygous,
                    Rsid = p.Rsid,
                });
            }
        }

        return list;
    }

    /// <summary>A pharmacogenomic diplotype finding with its defining variants added; other findings unchanged.</summary>
    public static Finding WithGermline(Finding finding, IReadOnlyList<GeneResult> genes, SampleGenotypes sample, PgxKnowledge knowledge)
    {
        ArgumentNullException.ThrowIfNull(finding);
        ArgumentNullException.ThrowIfNull(genes);
        if (finding.Kind != "diplotype" || genes.FirstOrDefault(g => g.Gene == finding.Subject) is not { } gene)
            return finding;
        var list = FromGeneCall(gene, sample, knowledge);
        return list.Count == 0 ? finding : finding with { Details = VariantDetails.With(finding.Details, list) };
    }
}

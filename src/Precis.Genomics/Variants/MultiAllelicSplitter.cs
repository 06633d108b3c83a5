using Precis.Genomics.Vcf;

namespace Precis.Genomics.Variants;

/// <summary>
/// Splits multi-allelic records into one record per ALT allele, as <c>bcftools norm -m-</c> does: Number=A fields
/// keep the allele's value, R fields the REF and allele values, G fields the genotypes over REF and the allele, and
/// GT alleles other than the kept one become REF (0).
/// </summary>
public static class MultiAllelicSplitter
{
    /// <summary>The records one record splits into (itself, copied, when it has at most one ALT).</summary>
    public static IEnumerable<VcfRecordFields> Split(VcfRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var fields = VcfRecordFields.From(record);
        if (record.Alts.Count <= 1)
        {
            yield return fields;
            yield break;
        }

        var header = record.Header;
        var altCount = record.Alts.Count;
        var ploidies = new int[fields.Samples.Count];
        var gtIndex = fields.FormatKeys.IndexOf("GT");
        for (var s = 0; s < ploidies.Length; s++)
            ploidies[s] = gtIndex >= 0 && fields.Samples[s][gtIndex] is { } g ? Genotype.Parse(g, true, 1024, out _)?.Ploidy ?? 0 : 0;

        for (var i = 1; i <= altCount; i++)
        {
            var info = new List<VcfInfoEntry>(fields.Info.Count);
            foreach (var e in fields.Info)
                info.Add(e.Value is null ? e : e with { Value = Subset(e.Value, header.Info(e.Key).Number, altCount, i, 2) });

            var samples = new List<string?[]>(fields.Samples.Count);
            for (var s = 0; s < fields.Samples.Count; s++)
            {
                var src = fields.Samples[s];
                var dst = new string?[src.Length];
                for (var k = 0; k < src.Length; k++)
                {
                    var v = src[k];
                    if (v is null)
                        continue;
                    dst[k] = k == gtIndex ? SplitGenotype(v, i, header.IsVcf44OrLater) : Subset(v, header.Format(fields.FormatKeys[k]).Number, altCount, i, ploidies[s]);
                }

                samples.Add(dst);
            }

            yield return new VcfRecordFields
            {
                Chrom = fields.Chrom,
                Pos = fields.Pos,
                Id = fields.Id,
                Ref = fields.Ref,
                Alts = [record.Alts[i - 1]],
                Qual = fields.Qual,
                Filter = fields.Filter,
                Info = info,
                FormatKeys = fields.FormatKeys,
                Samples = samples,
            };
        }
    }

    private static string SplitGenotype(string gt, int keep, bool vcf44)
    {
        var g = Genotype.Parse(gt, true, 1024, out _);
        if (g is null)
            return gt;
        var alleles = g.Alleles.Select(a => a == Genotype.Missing ? a : a == keep ? 1 : 0).ToArray();
        var phased = Enumerable.Range(0, g.Ploidy).Select(g.IsAllelePhased).ToArray();
        return new Genotype(alleles, phased, g.FirstPhaseExplicit).Format(vcf44);
    }

    /// <summary>Subsets a comma-separated value by Number for ALT <paramref name="keep"/>; values of unexpected length are kept whole.</summary>
    private static string Subset(string value, VcfNumber number, int altCount, int keep, int ploidy)
    {
        if (value == "." || number.Kind is not (VcfNumberKind.A or VcfNumberKind.R or VcfNumberKind.G))
            return value;
        var parts = value.Split(',');
        switch (number.Kind)
        {
            case VcfNumberKind.A when parts.Length == altCount:
                return parts[keep - 1];
            case VcfNumberKind.R when parts.Length == altCount + 1:
                return parts[0] + "," + parts[keep];
            case VcfNumberKind.G:
                // Ploidy from GT; without GT it follows from the vector length (n alleles = haploid).
                var haploid = ploidy == 1 || (ploidy == 0 && parts.Length == altCount + 1);
                if (haploid && parts.Length == altCount + 1)
                    return parts[0] + "," + parts[keep];
                var diploid = VcfNumber.GenotypeCount(altCount + 1, 2);
                if (parts.Length == diploid)
                {
                    var het = keep * (keep + 1) / 2;
                    return parts[0] + "," + parts[het] + "," + parts[het + keep];
                }

                return value;
            default:
                return value;
        }
    }
}

using System.Globalization;
using System.IO.Compression;
using Precis.Core;
using Precis.Genomics.Sites;
using Precis.Genomics.Vcf;

namespace Precis.PolygenicRisk.Context;

/// <summary>One allele's PC loadings from a plink2 <c>--pca allele-wts</c> <c>.eigenvec.allele</c> row, with its reference frequency.</summary>
/// <param name="Chromosome">#CHROM.</param>
/// <param name="Id">Variant ID (matched against the target, as plink2 --score does).</param>
/// <param name="Ref">REF.</param>
/// <param name="Alt">ALT (one allele; plink2 writes biallelic PCA variants).</param>
/// <param name="A1">The allele the weights apply to (REF or ALT).</param>
/// <param name="Weights">PC1…PCk weights.</param>
/// <param name="A1Frequency">Frequency of A1 in the reference (from .acount or .afreq).</param>
public sealed record PcLoading(string Chromosome, string Id, string Ref, string Alt, string A1, IReadOnlyList<double> Weights, double A1Frequency);

/// <summary>A target sample's projected PCs: plink2 --score SUM per PC, and the allele count behind it.</summary>
/// <param name="Sample">Sample id.</param>
/// <param name="Sums">PC1…PCk as plink2 <c>PCj_SUM</c> (the scale pgsc_calc's .pcs files use).</param>
/// <param name="AlleleCount">Observed alleles over the projected variants (plink2 ALLELE_CT; missing calls are not counted).</param>
public sealed record ProjectedSample(string Sample, IReadOnlyList<double> Sums, int AlleleCount)
{
    /// <summary>PCj_AVG = PCj_SUM / ALLELE_CT, as plink2 prints by default.</summary>
    public double Average(int pc) => Sums[pc] / AlleleCount;
}

/// <summary>Projection of many samples, with the variant counts a user needs to judge it.</summary>
/// <param name="Samples">One row per VCF sample, in VCF order.</param>
/// <param name="LoadingVariants">Distinct variants in the loadings.</param>
/// <param name="ProjectedVariants">Loadings variants found in the VCF with the same alleles and used.</param>
/// <param name="AlleleMismatches">Variants found by ID whose REF/ALT differ from the loadings' (not used).</param>
public sealed record ProjectionResult(IReadOnlyList<ProjectedSample> Samples, int LoadingVariants, int ProjectedVariants, int AlleleMismatches)
{
    /// <summary>Share of the loadings' variants that were projected.</summary>
    public double Overlap => LoadingVariants == 0 ? 0 : (double)ProjectedVariants / LoadingVariants;
}

/// <summary>
/// Projects samples onto a reference panel's principal components from plink2 SNP loadings, with the arithmetic of
/// <c>plink2 --read-freq REF.acount --score REF.eigenvec.allele 2 5 header-read no-mean-imputation variance-standardize
/// --score-col-nums 6-… cols=+scoresums</c> (pgsc_calc's projection): each row adds w·(d − 2p)/√(2p(1−p)) where d is the
/// A1 dosage and p the reference A1 frequency; a missing call adds nothing and is not counted (no-mean-imputation, so a
/// missing genotype is never read as reference).
/// </summary>
public sealed class PcProjector
{
    /// <summary>Most loading rows accepted.</summary>
    public const int MaxRows = 20_000_000;

    private readonly Dictionary<string, List<PcLoading>> _byId;

    private PcProjector(IReadOnlyList<PcLoading> loadings, int pcs)
    {
        Loadings = loadings;
        PcCount = pcs;
        _byId = loadings.GroupBy(l => l.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
    }

    /// <summary>The loading rows (one per variant and allele).</summary>
    public IReadOnlyList<PcLoading> Loadings { get; }

    /// <summary>Number of PCs.</summary>
    public int PcCount { get; }

    /// <summary>Distinct variants in the loadings.</summary>
    public int VariantCount => _byId.Count;

    /// <summary>
    /// Reads a <c>.eigenvec.allele</c> file and the reference allele counts (<c>.acount</c>: ALT_CTS/OBS_CT) or
    /// frequencies (<c>.afreq</c>: ALT_FREQS), plain or gzip. Variants without a frequency, or monomorphic in the
    /// reference (no variance to standardise by), are refused with the line.
    /// </summary>
    public static PcProjector Read(string eigenvecAllelePath, string frequencyPath)
    {
        ArgumentNullException.ThrowIfNull(eigenvecAllelePath);
        ArgumentNullException.ThrowIfNull(frequencyPath);
        var freq = ReadFrequencies(frequencyPath);
        var rows = new List<PcLoading>();
        var pcs = 0;
        int id = -1, refCol = -1, alt = -1, a1 = -1, chrom = -1, firstPc = -1;
        long n = 0;
        foreach (var line in Lines(eigenvecAllelePath))
        {
            n++;
            var f = line.Split('\t');
            if (n == 1)
            {
                (chrom, id, refCol, alt, a1) = (Array.IndexOf(f, "#CHROM"), Array.IndexOf(f, "ID"), Array.IndexOf(f, "REF"), Array.IndexOf(f, "ALT"), Array.IndexOf(f, "A1"));
                firstPc = Array.IndexOf(f, "PC1");
                if (chrom != 0 || id < 0 || refCol < 0 || alt < 0 || a1 < 0 || firstPc < 0)
                    throw new InputException(new InputError(eigenvecAllelePath, 1, null, "header", "a plink2 .eigenvec.allele header needs #CHROM, ID, REF, ALT, A1 and PC1…", "write it with plink2 --pca allele-wts"));
                for (var j = firstPc; j < f.Length && f[j] == "PC" + (j - firstPc + 1).ToString(CultureInfo.InvariantCulture); j++)
                    pcs++;
                continue;
            }

            if (f.Length != firstPc + pcs)
                throw new InputException(new InputError(eigenvecAllelePath, n, null, null, $"{f.Length} fields, expected {firstPc + pcs} as in the header"));
            if (rows.Count >= MaxRows)
                throw new InputException(new InputError(eigenvecAllelePath, n, null, null, $"more than {MaxRows:N0} loading rows"));
            var weights = new double[pcs];
            for (var j = 0; j < pcs; j++)
            {
                if (!double.TryParse(f[firstPc + j], NumberStyles.Float, CultureInfo.InvariantCulture, out weights[j]) || !double.IsFinite(weights[j]))
                    throw new InputException(new InputError(eigenvecAllelePath, n, firstPc + j + 1, "PC" + (j + 1).ToString(CultureInfo.InvariantCulture), $"'{f[firstPc + j]}' is not a finite number"));
            }

            if (f[a1] != f[refCol] && f[a1] != f[alt])
                throw new InputException(new InputError(eigenvecAllelePath, n, a1 + 1, "A1", $"'{f[a1]}' is neither REF '{f[refCol]}' nor ALT '{f[alt]}'"));
            if (!freq.TryGetValue(f[id], out var altFreq))
                throw new InputException(new InputError(eigenvecAllelePath, n, id + 1, "ID", $"'{f[id]}' has no frequency in {frequencyPath}", "use the .acount/.afreq written with the same --pca run"));
            if (altFreq is <= 0 or >= 1)
                throw new InputException(new InputError(frequencyPath, null, null, "ALT_CTS", $"variant '{f[id]}' is monomorphic in the reference (ALT frequency {altFreq.ToString(CultureInfo.InvariantCulture)}): it cannot be variance-standardised"));
            rows.Add(new PcLoading(f[chrom], f[id], f[refCol], f[alt], f[a1], weights, f[a1] == f[alt] ? altFreq : 1 - altFreq));
        }

        if (rows.Count == 0)
            throw new InputException(new InputError(eigenvecAllelePath, n, null, null, "no loading rows"));
        return new PcProjector(rows, pcs);
    }

    /// <summary>Projects every sample of a VCF (plain, gzip or BGZF). Variants are found by ID, or by chrom:pos:ref:alt when the VCF ID is '.'.</summary>
    public ProjectionResult Project(string vcfPath, VcfReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(vcfPath);
        using var reader = VcfReader.Open(vcfPath, options ?? VcfReaderOptions.Strict);
        var n = reader.Header.Samples.Count;
        var sums = new double[n][];
        for (var i = 0; i < n; i++)
            sums[i] = new double[PcCount];
        var alleleCt = new int[n];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var mismatches = 0;
        foreach (var record in reader.Records())
        {
            if (record.IsReferenceBlock)
                continue;
            // pgsc_calc relabels target variants chrom:pos:ref:alt before projecting; an unlabelled record gets that ID.
            var vid = record.Id;
            if (vid == "." || !_byId.ContainsKey(vid))
                vid = $"{ContigNames.Canonical(record.Chrom)}:{record.Pos}:{record.Ref}:{string.Join(',', record.Alts)}";
            if (!_byId.TryGetValue(vid, out var rows))
                continue;
            if (record.Alts.Count != 1 || rows[0].Ref != record.Ref || rows[0].Alt != record.Alts[0])
            {
                mismatches++;
                continue;
            }

            if (!seen.Add(vid))
                continue; // a duplicated record: plink2 would refuse the ID; we project the first
            for (var i = 0; i < n; i++)
            {
                var g = record.Sample(i).Genotype;
                if (g.Ploidy == 0 || g.IsMissing || g.IsPartiallyMissing)
                    continue;
                alleleCt[i] += g.Ploidy;
                foreach (var row in rows)
                {
                    var d = g.CountOf(row.A1 == record.Ref ? 0 : 1);
                    var p = row.A1Frequency;
                    var z = (d - (2 * p)) / Math.Sqrt(2 * p * (1 - p));
                    var s = sums[i];
                    for (var j = 0; j < PcCount; j++)
                        s[j] += row.Weights[j] * z;
                }
            }
        }

        var samples = Enumerable.Range(0, n).Select(i => new ProjectedSample(reader.Header.Samples[i], sums[i], alleleCt[i])).ToList();
        return new ProjectionResult(samples, VariantCount, seen.Count, mismatches);
    }

    private static Dictionary<string, double> ReadFrequencies(string path)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        int id = -1, cts = -1, obs = -1, freqCol = -1;
        long n = 0;
        foreach (var line in Lines(path))
        {
            n++;
            var f = line.Split('\t');
            if (n == 1)
            {
                (id, cts, obs, freqCol) = (Array.IndexOf(f, "ID"), Array.IndexOf(f, "ALT_CTS"), Array.IndexOf(f, "OBS_CT"), Array.IndexOf(f, "ALT_FREQS"));
                if (id < 0 || ((cts < 0 || obs < 0) && freqCol < 0))
                    throw new InputException(new InputError(path, 1, null, "header", "a plink2 .acount (ID, ALT_CTS, OBS_CT) or .afreq (ID, ALT_FREQS) header is required"));
                continue;
            }

            if (f.Length <= Math.Max(id, Math.Max(freqCol, Math.Max(cts, obs))))
                throw new InputException(new InputError(path, n, null, null, $"{f.Length} fields, fewer than the header"));
            double value;
            if (freqCol >= 0)
            {
                if (!double.TryParse(f[freqCol], NumberStyles.Float, CultureInfo.InvariantCulture, out value) || value is < 0 or > 1)
                    throw new InputException(new InputError(path, n, freqCol + 1, "ALT_FREQS", $"'{f[freqCol]}' is not a frequency (one ALT per variant)"));
            }
            else
            {
                if (!long.TryParse(f[cts], NumberStyles.None, CultureInfo.InvariantCulture, out var c) || !long.TryParse(f[obs], NumberStyles.None, CultureInfo.InvariantCulture, out var o) || o == 0 || c > o)
                    throw new InputException(new InputError(path, n, cts + 1, "ALT_CTS", $"'{f[cts]}' / '{f[obs]}' are not allele counts with 0 ≤ ALT_CTS ≤ OBS_CT > 0"));
                value = (double)c / o;
            }

            result[f[id]] = value;
        }

        return result;
    }

    private static IEnumerable<string> Lines(string path)
    {
        using var stream = InputFiles.OpenForReading(path);
        using var reader = new StreamReader(path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(stream, CompressionMode.Decompress) : stream);
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.Length > 0)
                yield return line;
        }
    }
}

using System.Globalization;
using Precis.Core;
using Precis.Oncology.Inputs;
using Precis.Oncology.Tumours;

namespace Precis.Oncology.Matching;

/// <summary>Where one sample's mutation count falls in a TCGA cohort's distribution of per-sample counts.</summary>
/// <param name="Cohort">TCGA cohort, e.g. "LAML".</param>
/// <param name="CohortSize">Samples in the cohort.</param>
/// <param name="CohortMedian">The cohort's median count.</param>
/// <param name="Mutations">The sample's count (the TMB numerator).</param>
/// <param name="Percentile">Mid-rank percentile: 100 × (samples below + half of the samples equal) / size.</param>
/// <param name="Source">The file the cohort counts were read from.</param>
public sealed record TmbComparison(string Cohort, int CohortSize, double CohortMedian, int Mutations, double Percentile, string Source)
{
    /// <summary>The comparison in one sentence.</summary>
    public string Explanation => string.Create(CultureInfo.InvariantCulture,
        $"{Mutations} mutations is at the {Percentile:0.#}th percentile of TCGA {Cohort} (n = {CohortSize}, median {CohortMedian:0.#}; mid-rank, per-sample total counts from {Path.GetFileName(Source)})");
}

/// <summary>
/// Per-sample mutation totals of TCGA cohorts (maftools' <c>tcga_cohort.txt.gz</c> layout: cohort, Tumor_Sample_Barcode,
/// total, site), read at run time from the user's copy, and the OncoTree → TCGA cohort correspondence used to pick one.
/// </summary>
public sealed class TcgaCohortCounts
{
    // OncoTree codes (or an ancestor) → TCGA project; only unambiguous correspondences.
    private static readonly Dictionary<string, string> ByOncoTree = new(StringComparer.OrdinalIgnoreCase)
    {
        ["AML"] = "LAML", ["COAD"] = "COAD", ["COADREAD"] = "COAD", ["READ"] = "READ", ["BRCA"] = "BRCA", ["BREAST"] = "BRCA",
        ["IDC"] = "BRCA", ["ILC"] = "BRCA", ["LUAD"] = "LUAD", ["LUSC"] = "LUSC", ["MEL"] = "SKCM", ["SKCM"] = "SKCM",
        ["GB"] = "GBM", ["GBM"] = "GBM", ["PAAD"] = "PAAD", ["PRAD"] = "PRAD", ["STAD"] = "STAD", ["BLCA"] = "BLCA",
        ["HNSC"] = "HNSC", ["CCRCC"] = "KIRC", ["PRCC"] = "KIRP", ["CHRCC"] = "KICH", ["HGSOC"] = "OV", ["OV"] = "OV",
        ["UCEC"] = "UCEC", ["THPA"] = "THCA", ["HCC"] = "LIHC", ["CHOL"] = "CHOL", ["ESCA"] = "ESCA", ["UM"] = "UVM",
        ["ACC"] = "ACC", ["MESO"] = "MESO", ["DLBCLNOS"] = "DLBC", ["CESC"] = "CESC", ["UCS"] = "UCS", ["THYM"] = "THYM",
    };

    private readonly Dictionary<string, int[]> _totals;

    private TcgaCohortCounts(string source, Dictionary<string, int[]> totals)
    {
        Source = source;
        _totals = totals;
    }

    /// <summary>The file read.</summary>
    public string Source { get; }

    /// <summary>The cohorts in the file.</summary>
    public IReadOnlyCollection<string> Cohorts => _totals.Keys;

    /// <summary>Reads the cohort table (plain or gzip).</summary>
    public static TcgaCohortCounts Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var reader = TextInput.Open(path);
        var lists = new Dictionary<string, List<int>>(StringComparer.OrdinalIgnoreCase);
        int cohort = -1, total = -1;
        foreach (var (number, line) in TextInput.Lines(reader, path))
        {
            if (line.Length == 0)
                continue;
            var f = line.Split('\t');
            if (cohort < 0)
            {
                cohort = TextInput.Column(f, "cohort");
                total = TextInput.Column(f, "total");
                if (cohort < 0 || total < 0)
                    throw new InputException(new InputError(path, number, null, null, "TCGA cohort table needs 'cohort' and 'total' columns"));
                continue;
            }

            if (!int.TryParse(TextInput.Field(f, total), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                throw new InputException(new InputError(path, number, total + 1, "total", $"'{TextInput.Field(f, total)}' is not a count"));
            var name = TextInput.Field(f, cohort);
            if (!lists.TryGetValue(name, out var list))
                lists[name] = list = [];
            list.Add(n);
        }

        if (lists.Count == 0)
            throw new InputException(new InputError(path, null, null, null, "TCGA cohort table has no rows"));
        return new TcgaCohortCounts(path, lists.ToDictionary(p => p.Key, p => p.Value.Order().ToArray(), StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>The TCGA cohort for an OncoTree code (the code or its nearest mapped ancestor), or null.</summary>
    public string? CohortFor(string? oncoTreeCode, OncoTree tree)
    {
        ArgumentNullException.ThrowIfNull(tree);
        if (oncoTreeCode is null)
            return null;
        IEnumerable<string> lineage = tree.Find(oncoTreeCode) is null ? [oncoTreeCode] : tree.Lineage(oncoTreeCode);
        return lineage.Select(c => ByOncoTree.GetValueOrDefault(c)).FirstOrDefault(c => c is not null && _totals.ContainsKey(c));
    }

    /// <summary>Where <paramref name="mutations"/> falls in <paramref name="cohort"/>, or null for an unknown cohort.</summary>
    public TmbComparison? Compare(string cohort, int mutations)
    {
        if (!_totals.TryGetValue(cohort, out var sorted) || sorted.Length == 0)
            return null;
        var below = sorted.Count(t => t < mutations);
        var equal = sorted.Count(t => t == mutations);
        var n = sorted.Length;
        var median = n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2.0;
        return new TmbComparison(cohort.ToUpperInvariant(), n, median, mutations, 100.0 * (below + (0.5 * equal)) / n, Source);
    }
}

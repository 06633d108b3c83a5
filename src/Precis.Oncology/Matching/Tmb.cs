using Precis.Oncology.Inputs;

namespace Precis.Oncology.Matching;

/// <summary>
/// How TMB is counted: which classes are in the numerator and how many megabases were callable. The default
/// counts maftools' non-synonymous classes over 50 Mb (maftools' default exome size); set the callable size of
/// the assay used (e.g. ~0.8–1.1 Mb for a large panel, ~30–38 Mb for an exome).
/// </summary>
/// <param name="CallableMegabases">Denominator: callable coding megabases.</param>
/// <param name="Source">Where the denominator came from ("default (maftools)", "--callable-mb", "external").</param>
public sealed record TmbDefinition(double CallableMegabases, string Source)
{
    /// <summary>maftools' default capture size.</summary>
    public const double DefaultCallableMegabases = 50;

    public static TmbDefinition Default { get; } = new(DefaultCallableMegabases, "default: maftools capture size");

    /// <summary>The numerator classes, in words.</summary>
    public static string NumeratorText => "non-synonymous coding mutations (" + string.Join(", ", MafClassifications.NonSynonymous.Order(StringComparer.Ordinal)) + ")";
}

/// <summary>A sample's TMB with its definition and the thresholds it crosses.</summary>
/// <param name="Sample">Sample id.</param>
/// <param name="Mutations">Numerator: counted mutations.</param>
/// <param name="Definition">Denominator and its source.</param>
/// <param name="TmbHighThreshold">Cut-off for TMB-high (10 mut/Mb, FDA pembrolizumab label).</param>
/// <param name="HypermutatedThreshold">Cut-off for hypermutation (20 mut/Mb, Chalmers 2017).</param>
public sealed record TmbResult(string Sample, int Mutations, TmbDefinition Definition, double TmbHighThreshold, double HypermutatedThreshold)
{
    public double PerMegabase => Mutations / Definition.CallableMegabases;

    public bool IsHigh => PerMegabase >= TmbHighThreshold;

    public bool IsHypermutated => PerMegabase >= HypermutatedThreshold;

    /// <summary>The definition in one sentence, for every report that shows the number.</summary>
    public string Explanation => $"{Mutations} {TmbDefinition.NumeratorText} / {Definition.CallableMegabases:0.###} callable Mb ({Definition.Source}) = {PerMegabase:0.###} mut/Mb; TMB-high is >= {TmbHighThreshold:0.##} mut/Mb";

    /// <summary>Counts one sample's non-synonymous variants (each MAF row once).</summary>
    public static TmbResult Compute(string sample, IEnumerable<SomaticVariant> variants, TmbDefinition definition, double tmbHigh, double hypermutated)
    {
        ArgumentNullException.ThrowIfNull(variants);
        ArgumentNullException.ThrowIfNull(definition);
        if (definition.CallableMegabases is <= 0 or double.NaN)
            throw new ArgumentOutOfRangeException(nameof(definition), "callable megabases must be > 0");
        return new TmbResult(sample, variants.Count(v => v.IsNonSynonymous), definition, tmbHigh, hypermutated);
    }
}

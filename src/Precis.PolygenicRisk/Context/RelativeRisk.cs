using System.Globalization;
using Precis.PolygenicRisk.ScoringFiles;

namespace Precis.PolygenicRisk.Context;

/// <summary>Which ratio a score publishes per standard deviation.</summary>
public enum PerSdMeasure
{
    /// <summary>Odds ratio per SD (#or_per_sd); for a rare outcome it approximates a relative risk.</summary>
    OddsRatio,

    /// <summary>Hazard ratio per SD (#hr_per_sd): a ratio of instantaneous rates, read as a relative risk over time.</summary>
    HazardRatio,
}

/// <summary>An effect size per SD of a score as its scoring-file header publishes it, with where it came from.</summary>
/// <param name="Measure">Odds ratio or hazard ratio.</param>
/// <param name="Value">The ratio per one SD of the score.</param>
/// <param name="HeaderField">The header key it was read from ("or_per_sd", "hr_per_sd").</param>
/// <param name="ScoreId">The score (pgs_id).</param>
/// <param name="PublicationId">pgp_id, when given.</param>
/// <param name="Citation">citation, when given.</param>
public sealed record PerSdEffect(PerSdMeasure Measure, double Value, string HeaderField, string ScoreId, string? PublicationId, string? Citation)
{
    /// <summary>"OR" or "HR".</summary>
    public string Abbreviation => Measure == PerSdMeasure.OddsRatio ? "OR" : "HR";

    /// <summary>Where the value comes from, for the report: header field, score, publication.</summary>
    public string Source =>
        string.Create(CultureInfo.InvariantCulture, $"#{HeaderField}={Value:R} in the scoring-file header of {ScoreId}")
        + (PublicationId is null ? "" : $" ({PublicationId})")
        + (Citation is null ? "" : $"; {Citation}");
}

/// <summary>
/// The patient's ratio versus the reference population's mean: published ratio per SD raised to the patient's Z,
/// or the reason it is not given.
/// </summary>
/// <param name="Ratio">ratio_per_SD ^ Z, or null when not assessed.</param>
/// <param name="Effect">The published effect per SD, or null when the score publishes none.</param>
/// <param name="ZScore">The Z the ratio was computed from (against the reference distribution), or null.</param>
/// <param name="NotAssessed">Why no ratio is given, or null.</param>
public sealed record RelativeToMean(double? Ratio, PerSdEffect? Effect, double? ZScore, string? NotAssessed)
{
    /// <summary>What the ratio is, in one line: "odds ratio 1.63 versus the reference mean (OR per SD 1.5 ^ Z 1.2)".</summary>
    public string Statement => Ratio is { } r && Effect is { } e && ZScore is { } z
        ? string.Create(CultureInfo.InvariantCulture,
            $"{(e.Measure == PerSdMeasure.OddsRatio ? "odds ratio" : "hazard ratio")} {r:0.00} versus the reference population's average (= {e.Abbreviation} per SD {e.Value:0.###} ^ Z {z:0.00}; {(e.Measure == PerSdMeasure.OddsRatio ? "an odds ratio, approximating relative risk when the outcome is rare" : "a hazard ratio, read as relative risk over time")})")
        : "relative risk versus the population average not assessed: " + NotAssessed;
}

/// <summary>
/// Relative risk per SD where the score publishes it: ratio = (published OR or HR per SD) ^ Z, Z being the patient's
/// score against a reference distribution. It is relative to that reference population's mean, assumes the published
/// per-SD effect holds in the patient's ancestry and on the reference's SD, and is not an absolute risk.
/// </summary>
public static class RelativeRisk
{
    /// <summary>The statement when the header carries no ratio per SD; no default ratio is ever assumed.</summary>
    public const string NoPublishedEffect = "no published effect size per SD";

    /// <summary>The formula, as printed with every value.</summary>
    public const string Formula = "ratio versus the reference mean = (published OR or HR per SD) ^ Z = exp(Z × ln(ratio per SD))";

    /// <summary>What every ratio must be read with.</summary>
    public static readonly IReadOnlyList<string> Caveats =
    [
        "It is relative to the average person of the reference population, not to a person with no risk.",
        "It assumes the published effect per SD applies to this patient's ancestry and to the reference population's SD of the score; scores usually predict less well outside the ancestry they were developed in.",
        "It is not an absolute risk: the chance of the condition also depends on age, sex, family history and other factors, and on how common it is.",
        "An odds ratio approximates a relative risk only when the outcome is rare; a hazard ratio compares rates over time.",
    ];

    /// <summary>The effect per SD the header publishes, or null when it publishes none (both OR and HR: see <see cref="Compute"/>).</summary>
    public static PerSdEffect? PublishedEffect(ScoreMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        if (metadata.OddsRatioPerSd is { } or)
            return new PerSdEffect(PerSdMeasure.OddsRatio, or, "or_per_sd", metadata.Id, metadata.PublicationId, metadata.Citation);
        if (metadata.HazardRatioPerSd is { } hr)
            return new PerSdEffect(PerSdMeasure.HazardRatio, hr, "hr_per_sd", metadata.Id, metadata.PublicationId, metadata.Citation);
        return null;
    }

    /// <summary>
    /// The ratio versus the reference mean for a patient at <paramref name="z"/>; <paramref name="zNotAssessed"/> says why
    /// there is no Z. A score with both an OR and an HR per SD gets no ratio: which one applies is not chosen silently.
    /// </summary>
    public static RelativeToMean Compute(ScoreMetadata metadata, double? z, string? zNotAssessed = null)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var effect = PublishedEffect(metadata);
        if (effect is null)
            return new RelativeToMean(null, null, z, NoPublishedEffect);
        if (metadata is { OddsRatioPerSd: not null, HazardRatioPerSd: not null })
            return new RelativeToMean(null, effect, z, "the header gives both an odds ratio and a hazard ratio per SD; which one applies is not chosen silently");
        if (z is not { } value || !double.IsFinite(value))
            return new RelativeToMean(null, effect, null, "no Z-score against a reference distribution" + (zNotAssessed is null ? "" : ": " + zNotAssessed));
        return new RelativeToMean(Math.Pow(effect.Value, value), effect, value, null);
    }
}

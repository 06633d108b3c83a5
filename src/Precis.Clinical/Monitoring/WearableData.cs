namespace Precis.Clinical.Monitoring;

/// <summary>What a wearable or patient-generated sample measures.</summary>
public enum WearableMetric
{
    /// <summary>Step count over the sample's interval ({steps}).</summary>
    Steps,
    /// <summary>Heart rate (/min).</summary>
    HeartRate,
    /// <summary>Interstitial or capillary glucose (mg/dL).</summary>
    Glucose,
    /// <summary>Sleep duration (h), one sample per night.</summary>
    Sleep,
    /// <summary>Systolic blood pressure (mm[Hg]).</summary>
    Systolic,
    /// <summary>Diastolic blood pressure (mm[Hg]).</summary>
    Diastolic,
    /// <summary>Oxygen saturation (%).</summary>
    OxygenSaturation,
}

/// <summary>One reading in a canonical unit.</summary>
/// <param name="Time">When it was taken.</param>
/// <param name="Metric">What it measures.</param>
/// <param name="Value">The value in the metric's canonical unit.</param>
/// <param name="Source">Where it came from: "file.csv:line 12" or a FHIR JSON path.</param>
public sealed record WearableSample(DateTimeOffset Time, WearableMetric Metric, decimal Value, string Source);

/// <summary>A problem in the wearable data: a value that cannot be, a gap, a duplicate; with where it is.</summary>
/// <param name="Rule">The rule that found it: implausible-value, data-gap, duplicate-timestamp, unknown-metric…</param>
/// <param name="Metric">The metric concerned, if any.</param>
/// <param name="Source">File and line, or the time span.</param>
/// <param name="Message">What is wrong and what was done.</param>
public sealed record WearableIssue(string Rule, WearableMetric? Metric, string Source, string Message);

/// <summary>Samples of one patient with the problems met while reading them.</summary>
public sealed record WearableData(IReadOnlyList<WearableSample> Samples, IReadOnlyList<WearableIssue> Issues)
{
    /// <summary>The samples of one metric in time order.</summary>
    public IReadOnlyList<WearableSample> Of(WearableMetric metric) => [.. Samples.Where(s => s.Metric == metric).OrderBy(s => s.Time)];
}

/// <summary>Canonical units and plausible ranges per metric: values outside the range are excluded and reported.</summary>
public static class WearableMetrics
{
    /// <summary>The canonical UCUM unit of a metric.</summary>
    public static string Unit(WearableMetric metric) => metric switch
    {
        WearableMetric.Steps => "{steps}",
        WearableMetric.HeartRate => "/min",
        WearableMetric.Glucose => "mg/dL",
        WearableMetric.Sleep => "h",
        WearableMetric.Systolic or WearableMetric.Diastolic => "mm[Hg]",
        WearableMetric.OxygenSaturation => "%",
        _ => throw new ArgumentOutOfRangeException(nameof(metric)),
    };

    /// <summary>
    /// Physiologically plausible range. Glucose: CGM sensors report 40–400 mg/dL, so 20–600 admits every sensor and
    /// meter; heart rate 25–250; steps per sample 0–30,000 (a whole day's worth in one reading is still possible).
    /// </summary>
    public static (decimal Low, decimal High) Plausible(WearableMetric metric) => metric switch
    {
        WearableMetric.Steps => (0, 30_000),
        WearableMetric.HeartRate => (25, 250),
        WearableMetric.Glucose => (20, 600),
        WearableMetric.Sleep => (0, 24),
        WearableMetric.Systolic => (40, 300),
        WearableMetric.Diastolic => (20, 200),
        WearableMetric.OxygenSaturation => (50, 100),
        _ => throw new ArgumentOutOfRangeException(nameof(metric)),
    };

    /// <summary>Parses a CSV metric name (steps, heart_rate, glucose, sleep, systolic, diastolic, spo2).</summary>
    public static WearableMetric? Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "steps" or "step_count" => WearableMetric.Steps,
        "heart_rate" or "heartrate" or "hr" => WearableMetric.HeartRate,
        "glucose" or "cgm" or "blood_glucose" => WearableMetric.Glucose,
        "sleep" or "sleep_duration" => WearableMetric.Sleep,
        "systolic" or "systolic_bp" => WearableMetric.Systolic,
        "diastolic" or "diastolic_bp" => WearableMetric.Diastolic,
        "spo2" or "oxygen_saturation" => WearableMetric.OxygenSaturation,
        _ => null,
    };

    /// <summary>
    /// Converts a value in <paramref name="unit"/> to the metric's canonical unit, or returns null when the unit does not
    /// fit the metric. Glucose mmol/L → mg/dL uses 18.016 (molar mass of glucose 180.16 g/mol).
    /// </summary>
    public static decimal? ToCanonical(WearableMetric metric, decimal value, string? unit)
    {
        var u = (unit ?? "").Trim();
        return (metric, u) switch
        {
            (WearableMetric.Steps, "" or "count" or "{count}" or "steps" or "{steps}" or "1") => value,
            (WearableMetric.HeartRate, "/min" or "bpm" or "beats/min" or "{beats}/min") => value,
            (WearableMetric.Glucose, "mg/dL" or "mg/dl") => value,
            (WearableMetric.Glucose, "mmol/L" or "mmol/l") => Math.Round(value * 18.016m, 1, MidpointRounding.AwayFromZero),
            (WearableMetric.Sleep, "h" or "hours" or "hr") => value,
            (WearableMetric.Sleep, "min" or "minutes") => Math.Round(value / 60m, 3, MidpointRounding.AwayFromZero),
            (WearableMetric.Systolic or WearableMetric.Diastolic, "mm[Hg]" or "mmHg") => value,
            (WearableMetric.OxygenSaturation, "%") => value,
            _ => null,
        };
    }
}

using System.Globalization;
using Precis.Clinical.Fhir;
using Precis.Clinical.Record;
using Precis.Core;

namespace Precis.Clinical.Monitoring;

/// <summary>
/// Reads patient-generated data as CSV with the header <c>timestamp,metric,value,unit</c> (any column order):
/// ISO 8601 timestamps with an offset, metrics steps/heart_rate/glucose/sleep/systolic/diastolic/spo2.
/// Malformed rows are errors naming file, line and column; implausible values and duplicates are reported and left out.
/// </summary>
public static class WearableCsvReader
{
    /// <summary>Most rows accepted (a year of 1-minute readings of four metrics is about 2.1 million).</summary>
    public const int MaxRows = 5_000_000;

    /// <summary>Largest file accepted.</summary>
    public const long MaxBytes = 512L * 1024 * 1024;

    private static readonly string[] Columns = ["timestamp", "metric", "value", "unit"];

    /// <summary>Reads a CSV file.</summary>
    public static WearableData ReadFile(string path)
    {
        using var stream = InputFiles.OpenForReading(path);
        if (stream.Length > MaxBytes)
            throw new InputException(new InputError(path, null, null, null, $"file is over the {MaxBytes / (1024 * 1024)} MiB limit for wearable CSV"));
        using var reader = new StreamReader(stream);
        return Read(reader, Path.GetFileName(path), path);
    }

    /// <summary>Reads CSV text; <paramref name="name"/> is used in sources, <paramref name="file"/> in errors.</summary>
    public static WearableData Read(TextReader reader, string name, string file)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var header = reader.ReadLine() ?? throw new InputException(new InputError(file, 1, null, null, "file is empty"));
        var cols = header.TrimStart('\uFEFF').Split(',').Select(c => c.Trim().ToLowerInvariant()).ToArray();
        var index = new int[Columns.Length];
        for (var i = 0; i < Columns.Length; i++)
        {
            index[i] = Array.IndexOf(cols, Columns[i]);
            if (index[i] < 0)
                throw new InputException(new InputError(file, 1, null, Columns[i], $"header has no '{Columns[i]}' column", "the header must be timestamp,metric,value,unit"));
        }

        var samples = new List<WearableSample>();
        var issues = new List<WearableIssue>();
        var seen = new HashSet<(DateTimeOffset, WearableMetric)>();
        var unknown = new Dictionary<string, int>(StringComparer.Ordinal);
        long lineNo = 1;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNo++;
            if (line.Length == 0)
                continue;
            if (lineNo - 1 > MaxRows)
                throw new InputException(new InputError(file, lineNo, null, null, $"more than {MaxRows} rows", "split the file by month"));
            var f = line.Split(',');
            if (f.Length != cols.Length)
                throw new InputException(new InputError(file, lineNo, null, null, $"row has {f.Length} fields, the header has {cols.Length}"));
            var source = $"{name}:{lineNo}";

            var ts = f[index[0]].Trim();
            if (!DateTimeOffset.TryParseExact(ts, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) || !HasOffset(ts))
                throw new InputException(new InputError(file, lineNo, index[0] + 1, "timestamp", $"'{ts}' is not an ISO 8601 timestamp with a time zone", "write e.g. 2026-11-01T08:15:00Z"));

            var metricName = f[index[1]].Trim();
            if (WearableMetrics.Parse(metricName) is not { } metric)
            {
                unknown[metricName] = unknown.GetValueOrDefault(metricName) + 1;
                continue;
            }

            var raw = f[index[2]].Trim();
            if (!decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                throw new InputException(new InputError(file, lineNo, index[2] + 1, "value", $"'{raw}' is not a number"));
            var unit = f[index[3]].Trim();
            if (WearableMetrics.ToCanonical(metric, value, unit) is not { } canonical)
                throw new InputException(new InputError(file, lineNo, index[3] + 1, "unit", $"'{unit}' is not a unit for {metricName}", "expected " + WearableMetrics.Unit(metric)));

            var (low, high) = WearableMetrics.Plausible(metric);
            if (canonical < low || canonical > high)
            {
                issues.Add(new WearableIssue("implausible-value", metric, source, $"{metricName} {raw} {unit} is outside the plausible range {low.ToString(CultureInfo.InvariantCulture)}–{high.ToString(CultureInfo.InvariantCulture)} {WearableMetrics.Unit(metric)}; left out"));
                continue;
            }

            if (!seen.Add((time, metric)))
            {
                issues.Add(new WearableIssue("duplicate-timestamp", metric, source, $"a second {metricName} reading at {ts}; the first was kept"));
                continue;
            }

            samples.Add(new WearableSample(time, metric, canonical, source));
        }

        foreach (var (m, n) in unknown)
            issues.Add(new WearableIssue("unknown-metric", null, name, $"{n} row(s) of metric '{m}', which Precis does not read, were left out"));
        return new WearableData(samples, issues);
    }

    /// <summary>Wearable samples from a FHIR record: heart rate, steps, glucose, sleep, blood pressure and SpO2 observations.</summary>
    public static WearableData FromRecord(PatientRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var samples = new List<WearableSample>();
        var issues = new List<WearableIssue>();
        foreach (var m in record.Measurements)
        {
            WearableMetric? metric = m.Loinc switch
            {
                Loinc.HeartRate => WearableMetric.HeartRate,
                "41950-7" or "55423-8" => WearableMetric.Steps,
                Loinc.Glucose or Loinc.GlucoseSerum or "15074-8" or "14749-6" or "2340-8" or "41653-7" or "99504-3" => WearableMetric.Glucose,
                "93832-4" => WearableMetric.Sleep,
                Loinc.Systolic => WearableMetric.Systolic,
                Loinc.Diastolic => WearableMetric.Diastolic,
                "59408-5" or "2708-6" => WearableMetric.OxygenSaturation,
                _ => null,
            };
            if (metric is not { } mt || m.When is null || m.When.Precision < DatePrecision.Second)
                continue;
            if (WearableMetrics.ToCanonical(mt, m.Value, m.Unit) is not { } v)
            {
                issues.Add(new WearableIssue("unit-mismatch", mt, m.Path, $"{m.Name} in '{m.Unit}' cannot be read as {WearableMetrics.Unit(mt)}; left out"));
                continue;
            }

            var (low, high) = WearableMetrics.Plausible(mt);
            if (v < low || v > high)
            {
                issues.Add(new WearableIssue("implausible-value", mt, m.Path, $"{m.Name} {m.ValueText} {m.Unit} is outside the plausible range; left out"));
                continue;
            }

            samples.Add(new WearableSample(m.When.Start, mt, v, m.Path));
        }

        return new WearableData(samples, issues);
    }

    private static bool HasOffset(string ts) => ts.EndsWith('Z') || ts.Length > 19 && (ts[^6] is '+' or '-');
}

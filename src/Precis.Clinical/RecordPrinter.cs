using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Precis.Clinical.Fhir;
using Precis.Clinical.Monitoring;
using Precis.Clinical.Record;

namespace Precis.Clinical;

/// <summary>Plain-text and JSON views of a bundle's import, a patient record and a monitoring report, for the CLI.</summary>
public static class RecordPrinter
{
    /// <summary>JSON options for record output: camelCase, enums as strings, readable UTF-8.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    /// <summary>What an import found: bundle type, resource counts, unknown elements and data-quality issues.</summary>
    public static string Import(string file, Bundle bundle, PatientRecord record)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(record);
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"{Path.GetFileName(file)}: valid FHIR R4 {bundle.Type} bundle, {bundle.Entries.Count} entries");
        foreach (var g in bundle.Entries.Where(e => e.Resource is not null).GroupBy(e => e.Resource!.ResourceType).OrderBy(g => g.Key, StringComparer.Ordinal))
            sb.AppendLine(CultureInfo.InvariantCulture, $"  {g.Key,-22} {g.Count(),6}");
        var unknown = bundle.Entries.Where(e => e.Resource is { UnknownElements.Count: > 0 }).ToList();
        if (unknown.Count > 0)
            sb.AppendLine(CultureInfo.InvariantCulture, $"  {unknown.Count} resource(s) carry elements that are not R4 (kept and written back): {string.Join(", ", unknown.SelectMany(e => e.Resource!.UnknownElements).Distinct().Take(10))}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"Patient {record.PatientId}: {record.ActiveConditions.Count} active condition(s), {record.CurrentMedications.Count} current medication(s), {record.Allergies.Count} allerg(ies), {record.Measurements.Count} measurement(s)");
        Quality(sb, record);
        return sb.ToString();
    }

    /// <summary>The record as a clinician reads it.</summary>
    public static string Show(PatientRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Patient {record.PatientId}: {record.Sex ?? "sex not recorded"}, born {record.BirthDate?.Text ?? "(not recorded)"}, age {(record.AgeYears?.ToString(CultureInfo.InvariantCulture) ?? "unknown")}{(record.Deceased ? $", deceased {record.DeceasedDate?.Text}" : "")}");
        sb.AppendLine("Active conditions:");
        foreach (var c in record.ActiveConditions)
            sb.AppendLine(CultureInfo.InvariantCulture, $"  {c.Display}{(c.Onset is null ? "" : $" (since {c.Onset.Text[..Math.Min(10, c.Onset.Text.Length)]})")}");
        sb.AppendLine("Current medications (RxNorm ingredient):");
        foreach (var m in record.CurrentMedications)
            sb.AppendLine(CultureInfo.InvariantCulture, $"  {m.Display} [{m.RxNormCode ?? "no RxNorm code"}] -> {FormatIngredients(m)}");
        sb.AppendLine("Allergies:");
        foreach (var a in record.Allergies)
            sb.AppendLine(CultureInfo.InvariantCulture, $"  {a.Display}{(a.Criticality is null ? "" : $" (criticality {a.Criticality})")}");
        sb.AppendLine("Latest vital signs:");
        foreach (var m in record.LatestOf(MeasurementKind.VitalSign))
            sb.AppendLine(CultureInfo.InvariantCulture, $"  {m.Name} [LOINC {m.Loinc}] {m.ValueText} {m.Unit} ({Day(m.When)})");
        sb.AppendLine("Latest laboratory results:");
        foreach (var m in record.LatestOf(MeasurementKind.Laboratory))
            sb.AppendLine(CultureInfo.InvariantCulture, $"  {m.Name} [LOINC {m.Loinc}] {m.ValueText} {m.Unit} ({Day(m.When)})");
        sb.AppendLine(CultureInfo.InvariantCulture, $"Smoking: {record.Smoking?.Display ?? "not recorded"}{(record.Smoking?.When is { } sw ? $" ({Day(sw)})" : "")}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"Alcohol: {record.Alcohol?.Display ?? "not recorded"}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"BMI: {(record.Bmi is { } bmi ? $"{bmi.ValueText} {bmi.Unit} ({Day(bmi.When)})" : "not recorded")}");
        sb.AppendLine("Family history:" + (record.FamilyHistory.Count == 0 ? " none recorded" : ""));
        foreach (var f in record.FamilyHistory)
            sb.AppendLine(CultureInfo.InvariantCulture, $"  {f.Relationship}: {string.Join(", ", f.Conditions)}");
        Quality(sb, record);
        return sb.ToString();
    }

    /// <summary>CGM metrics against the consensus targets, trends, gaps and alerts.</summary>
    public static string Monitoring(string file, MonitoringReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"{Path.GetFileName(file)}: {report.Daily.Sum(d => d.Count)} readings over {report.Daily.Select(d => d.Day).Distinct().Count()} day(s)");
        if (report.Cgm is { } c)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"CGM (International Consensus on Time in Range, Battelino 2019): {c.Readings} readings every {c.Interval.TotalMinutes:0.#} min, {MonitoringAnalyzer.F1(c.Days)} days, {MonitoringAnalyzer.F1(c.PercentActive)} % active — {(c.Sufficient ? "sufficient data" : "INSUFFICIENT DATA (needs 14 days, ≥ 70 %)")}");
            sb.AppendLine(CultureInfo.InvariantCulture, $"  mean glucose {MonitoringAnalyzer.F1(c.Mean)} mg/dL, GMI {MonitoringAnalyzer.F1(c.Gmi)} %, CV {MonitoringAnalyzer.F1(c.CoefficientOfVariation)} %");
            foreach (var t in c.Targets)
                sb.AppendLine(CultureInfo.InvariantCulture, $"  {MonitoringAnalyzer.Label(t.Target.Metric),-36} {MonitoringAnalyzer.F1(t.Value),6} %  target {t.Target,-8} {(t.Met ? "met" : "MISSED")}");
            sb.AppendLine(CultureInfo.InvariantCulture, $"  hypoglycaemia events: {c.Level1HypoEvents} below 70, {c.Level2HypoEvents} below 54 mg/dL (≥ 15 min)");
        }

        foreach (var t in report.Trends)
        {
            var b = report.Baselines.Single(x => x.Metric == t.Metric);
            sb.AppendLine(CultureInfo.InvariantCulture, $"{MonitoringAnalyzer.Name(t.Metric)}: {t.Direction}, recent {MonitoringAnalyzer.F1(t.RecentMean)} vs baseline {MonitoringAnalyzer.F1(b.Median)} {WearableMetrics.Unit(t.Metric)} ({(t.ChangePercent >= 0 ? "+" : "")}{MonitoringAnalyzer.F1(t.ChangePercent)} %), slope {MonitoringAnalyzer.F1(t.SlopePerDay)} per day");
        }

        foreach (var n in report.NotAssessed)
            sb.AppendLine("not assessed: " + n);
        foreach (var a in report.Alerts)
            sb.AppendLine(CultureInfo.InvariantCulture, $"alert [{a.Rule}] {a.Message}");
        foreach (var i in report.Issues)
            sb.AppendLine(CultureInfo.InvariantCulture, $"data issue [{i.Rule}] {i.Source}: {i.Message}");
        return sb.ToString();
    }

    private static string FormatIngredients(RecordMedication m) =>
        m.Ingredients.Count == 0 ? "ingredient unknown" : string.Join(" / ", m.Ingredients.Select(i => i.RxCui is null ? i.Name : $"{i.Name} (RxNorm {i.RxCui})"));

    private static void Quality(StringBuilder sb, PatientRecord record)
    {
        sb.AppendLine(CultureInfo.InvariantCulture, $"Data quality: {record.DataQuality.Count} issue(s)");
        foreach (var q in record.DataQuality)
            sb.AppendLine(CultureInfo.InvariantCulture, $"  [{q.Code}] {q.Message}{(q.Count > 1 ? $" (×{q.Count}, first at {q.Path})" : $" at {q.Path}")}");
    }

    private static string Day(FhirDateTime? when) => when is null ? "undated" : when.Text[..Math.Min(10, when.Text.Length)];
}

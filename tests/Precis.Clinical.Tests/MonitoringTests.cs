using System.Globalization;
using Precis.Clinical.Monitoring;
using Precis.Core;
using Precis.Testing;

namespace Precis.Clinical.Tests;

public class MonitoringTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static List<WearableSample> Series(WearableMetric metric, TimeSpan step, IEnumerable<decimal> values) =>
        [.. values.Select((v, i) => new WearableSample(Start + (i * step), metric, v, $"synthetic:{i + 2}"))];

    [Fact]
    public void Cgm_metrics_of_a_ten_reading_series_equal_the_hand_computed_values()
    {
        // 50 60 70 100 180 181 200 250 251 300 mg/dL every 5 minutes.
        var g = Series(WearableMetric.Glucose, TimeSpan.FromMinutes(5), [50, 60, 70, 100, 180, 181, 200, 250, 251, 300]);
        var m = MonitoringAnalyzer.Cgm(g);

        Assert.Equal(10, m.Readings);
        Assert.Equal(TimeSpan.FromMinutes(5), m.Interval);
        Assert.Equal(30m, m.TimeInRange);       // 70, 100, 180 (both ends inclusive)
        Assert.Equal(20m, m.TimeBelow70);       // 50, 60
        Assert.Equal(10m, m.TimeBelow54);       // 50
        Assert.Equal(50m, m.TimeAbove180);      // 181, 200, 250, 251, 300
        Assert.Equal(20m, m.TimeAbove250);      // 251, 300 (250 is not above 250)
        Assert.Equal(164.2m, m.Mean);           // 1642 / 10
        Assert.Equal(7.237664m, m.Gmi);         // 3.31 + 0.02392 × 164.2
        Assert.Equal(89.471038144567, (double)m.StandardDeviation, 1e-9);   // sample SD, n − 1
        Assert.Equal(54.48906098938342, (double)m.CoefficientOfVariation, 1e-9);
        Assert.Equal(100m, m.PercentActive);
        Assert.False(m.Sufficient);             // 50 minutes, not 14 days
        Assert.All(m.Targets, t => Assert.False(t.Met, t.Target.Id));
        Assert.Equal(["tir", "tbr70", "tbr54", "tar180", "tar250", "cv"], m.Targets.Select(t => t.Target.Id));
    }

    [Fact]
    public void The_consensus_targets_are_those_published_in_Battelino_2019()
    {
        var c = CgmConsensus.Embedded;
        string Target(string id) => c.Targets.Single(t => t.Id == id).ToString();
        Assert.Equal("> 70 %", Target("tir"));
        Assert.Equal("< 4 %", Target("tbr70"));
        Assert.Equal("< 1 %", Target("tbr54"));
        Assert.Equal("< 25 %", Target("tar180"));
        Assert.Equal("< 5 %", Target("tar250"));
        Assert.Equal("<= 36 %", Target("cv"));
        Assert.Equal((70m, 180m, 70m, 54m, 180m, 250m), (c.RangeLow, c.RangeHigh, c.Below, c.VeryLow, c.Above, c.VeryHigh));
        Assert.Equal((3.31m, 0.02392m), (c.GmiIntercept, c.GmiSlope));
        Assert.Equal((14, 70m), (c.SufficientDays, c.SufficientActivePercent));
        Assert.Contains(c.Citations, x => x.Url!.ToString().Contains("dci19-0028", StringComparison.Ordinal));
    }

    [Fact]
    public void Target_comparators_are_strict_where_the_consensus_says_more_than_or_less_than()
    {
        var g = Series(WearableMetric.Glucose, TimeSpan.FromMinutes(15), [.. Enumerable.Repeat(120m, 7), 200m, 200m, 200m]);
        var m = MonitoringAnalyzer.Cgm(g);
        Assert.Equal(70m, m.TimeInRange);
        Assert.False(m.Targets.Single(t => t.Target.Id == "tir").Met); // > 70 %, so exactly 70 % misses
    }

    [Fact]
    public void Five_missing_days_make_cgm_data_insufficient_and_are_reported_as_a_gap()
    {
        var step = TimeSpan.FromMinutes(15);
        var samples = Enumerable.Range(0, 14 * 96)
            .Where(i => i / 96 is < 3 or > 7)
            .Select(i => new WearableSample(Start + (i * step), WearableMetric.Glucose, 120, "s"))
            .ToList();
        var report = MonitoringAnalyzer.Analyse(new WearableData(samples, []));

        var cgm = report.Cgm!;
        Assert.Equal(864, cgm.Readings);
        Assert.Equal(14m, cgm.Days);
        Assert.Equal(864m * 100 / 1344, cgm.PercentActive);   // 64.29 %
        Assert.False(cgm.Sufficient);
        var gap = Assert.Single(report.Gaps);
        Assert.Equal(Start.AddDays(3), gap.From);
        Assert.Equal(Start.AddDays(8), gap.To);
        Assert.Equal(480, gap.MissingReadings);
        Assert.Contains(report.Alerts, a => a.Rule == "precis-cgm-consensus:cgm-data-sufficiency");
        Assert.Contains(report.Alerts, a => a.Rule == "data-gap" && a.Message.Contains("2026-03-04 00:00 to 2026-03-09 00:00", StringComparison.Ordinal));
    }

    [Fact]
    public void Hypoglycaemia_events_need_fifteen_minutes_below_the_threshold()
    {
        // 5-minute sensor: 60,60,60 (15 min) is a level-1 event; 50 alone (5 min) is not a level-2 event; 50,50,50 is.
        var g = Series(WearableMetric.Glucose, TimeSpan.FromMinutes(5), [100, 60, 60, 60, 100, 50, 100, 100, 50, 50, 50, 100]);
        var m = MonitoringAnalyzer.Cgm(g);
        Assert.Equal(2, m.Level1HypoEvents);  // 60×3 and 50×3; the single 50 is 5 minutes
        Assert.Equal(1, m.Level2HypoEvents);
    }

    [Fact]
    public void A_fall_in_daily_steps_gives_the_trend_and_fires_the_steps_decline_rule()
    {
        // Hourly steps: 7 days of 500 per hour (12,000 a day), then 7 days of 300 per hour (7,200 a day).
        var values = Enumerable.Range(0, 14 * 24).Select(i => i / 24 < 7 ? 500m : 300m);
        var report = MonitoringAnalyzer.Analyse(new WearableData(Series(WearableMetric.Steps, TimeSpan.FromHours(1), values), []));

        Assert.Equal(14, report.Daily.Count);
        Assert.Equal(12000m, report.Daily[0].Sum);
        Assert.Equal(1m, report.Daily[0].Coverage);
        var baseline = Assert.Single(report.Baselines);
        Assert.Equal(12000m, baseline.Median);
        Assert.Equal(7, baseline.Days);
        var trend = Assert.Single(report.Trends);
        Assert.Equal(7200m, trend.RecentMean);
        Assert.Equal(-40m, trend.ChangePercent);
        Assert.Equal("decreasing", trend.Direction);
        Assert.Equal(-117600.0 / 227.5, (double)trend.SlopePerDay, 1e-9);   // OLS: Sxy / Sxx over days 0..13
        var alert = Assert.Single(report.Alerts, a => a.Rule == "steps-decline");
        Assert.Contains("40.0 % below the personal baseline of 12000", alert.Message, StringComparison.Ordinal);
        Assert.Empty(report.Gaps);
    }

    [Fact]
    public void Too_few_days_for_a_trend_is_said_not_hidden()
    {
        var report = MonitoringAnalyzer.Analyse(new WearableData(Series(WearableMetric.HeartRate, TimeSpan.FromHours(1), Enumerable.Repeat(70m, 48)), []));
        Assert.Empty(report.Trends);
        Assert.Contains("heart rate: baseline and trend need at least 6 complete days; 2 available", report.NotAssessed);
    }

    [Fact]
    public void Csv_rows_with_implausible_values_duplicates_and_unknown_metrics_are_reported_with_their_line()
    {
        const string csv = "timestamp,metric,value,unit\n" +
            "2026-03-01T00:00:00Z,glucose,5.5,mmol/L\n" +
            "2026-03-01T00:00:00Z,glucose,100,mg/dL\n" +
            "2026-03-01T00:05:00Z,heart_rate,400,bpm\n" +
            "2026-03-01T00:05:00+01:00,steps,-5,count\n" +
            "2026-03-01T00:10:00Z,weight,80,kg\n";
        var data = WearableCsvReader.Read(new StringReader(csv), "w.csv", "w.csv");
        var glucose = Assert.Single(data.Samples);
        Assert.Equal(99.1m, glucose.Value);     // 5.5 × 18.016 = 99.088
        Assert.Equal("w.csv:2", glucose.Source);
        Assert.Contains(data.Issues, i => i.Rule == "duplicate-timestamp" && i.Source == "w.csv:3");
        Assert.Contains(data.Issues, i => i.Rule == "implausible-value" && i.Source == "w.csv:4" && i.Message.Contains("25–250", StringComparison.Ordinal));
        Assert.Contains(data.Issues, i => i.Rule == "implausible-value" && i.Source == "w.csv:5");
        Assert.Contains(data.Issues, i => i.Rule == "unknown-metric" && i.Message.Contains("'weight'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("2026-03-01 00:00:00,glucose,100,mg/dL", 2, 1, "timestamp", "is not an ISO 8601 timestamp with a time zone")]
    [InlineData("2026-03-01T00:00:00,glucose,100,mg/dL", 2, 1, "timestamp", "is not an ISO 8601 timestamp with a time zone")]
    [InlineData("2026-03-01T00:00:00Z,glucose,abc,mg/dL", 2, 3, "value", "'abc' is not a number")]
    [InlineData("2026-03-01T00:00:00Z,glucose,100,kg", 2, 4, "unit", "'kg' is not a unit for glucose")]
    [InlineData("2026-03-01T00:00:00Z,glucose,100", 2, null, null, "row has 3 fields, the header has 4")]
    public void Malformed_csv_rows_are_errors_naming_line_column_and_field(string row, int line, int? column, string? field, string reason)
    {
        var ex = Assert.Throws<InputException>(() => WearableCsvReader.Read(new StringReader("timestamp,metric,value,unit\n" + row + "\n"), "w.csv", "w.csv"));
        Assert.Equal("w.csv", ex.Error.File);
        Assert.Equal(line, ex.Error.Line);
        Assert.Equal(column, ex.Error.Column);
        Assert.Equal(field, ex.Error.Field);
        Assert.Contains(reason, ex.Error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_csv_without_the_value_column_is_refused()
    {
        var ex = Assert.Throws<InputException>(() => WearableCsvReader.Read(new StringReader("timestamp,metric,unit\n"), "w.csv", "w.csv"));
        Assert.Equal("w.csv:1: value: header has no 'value' column (hint: the header must be timestamp,metric,value,unit)", ex.Message);
    }

    [Fact]
    public void The_demo_wearable_file_gives_sufficient_cgm_data_missed_range_targets_a_steps_gap_and_one_nocturnal_low()
    {
        var data = WearableCsvReader.ReadFile(Path.Combine(TestPaths.RepoRoot, "samples/demo/demo.wearable.csv"));
        var report = MonitoringAnalyzer.Analyse(data);
        var cgm = report.Cgm!;
        Assert.Equal(1344, cgm.Readings);
        Assert.Equal(14m, cgm.Days);
        Assert.Equal(100m, cgm.PercentActive);
        Assert.True(cgm.Sufficient);
        Assert.Equal(910m * 100 / 1344, cgm.TimeInRange);    // 67.71 %, counted independently from the CSV
        Assert.Equal(429m * 100 / 1344, cgm.TimeAbove180);   // 31.92 %: the post-meal highs
        Assert.Equal(5m * 100 / 1344, cgm.TimeBelow70);      // the 5 readings 02:30–03:30 on 6 November
        Assert.Equal(1, cgm.Level1HypoEvents);
        Assert.Equal(0, cgm.Level2HypoEvents);
        Assert.Equal(["tar180", "tir"], cgm.Targets.Where(t => !t.Met).Select(t => t.Target.Id).Order(StringComparer.Ordinal));

        var gap = Assert.Single(report.Gaps);
        Assert.Equal(WearableMetric.Steps, gap.Metric);
        Assert.Equal(DateTimeOffset.Parse("2026-11-10T09:00:00Z", CultureInfo.InvariantCulture), gap.From);
        Assert.Equal(DateTimeOffset.Parse("2026-11-10T18:00:00Z", CultureInfo.InvariantCulture), gap.To);
        Assert.Equal(9, gap.MissingReadings);
        Assert.Contains(report.Trends, t => t.Metric == WearableMetric.Steps);
        Assert.Contains(report.Trends, t => t.Metric == WearableMetric.HeartRate);
    }
}

public class FhirWearableTests
{
    [Fact]
    public void Heart_rate_glucose_and_steps_observations_of_a_bundle_become_wearable_samples()
    {
        static string Obs(string loinc, string when, string value, string unit) =>
            "{\"resource\":{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"" + loinc +
            "\"}]},\"effectiveDateTime\":\"" + when + "\",\"valueQuantity\":{\"value\":" + value + ",\"unit\":\"" + unit + "\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"" + unit + "\"}}}";
        var json = """{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Patient","id":"p"}},""" +
            string.Join(",",
                Obs("8867-4", "2026-03-01T08:00:00Z", "64", "/min"),
                Obs("15074-8", "2026-03-01T08:05:00Z", "7.0", "mmol/L"),
                Obs("41950-7", "2026-03-01T23:59:00Z", "8000", "{steps}"),
                Obs("8867-4", "2026-03-01", "66", "/min"),
                Obs("8867-4", "2026-03-01T09:00:00Z", "400", "/min")) + "]}";
        var bundle = (Precis.Clinical.Fhir.Bundle)new Precis.Clinical.Fhir.FhirParser("b.json").Resource(Precis.Clinical.Fhir.FhirJson.Parse(json, "b.json"));
        var record = Precis.Clinical.Record.PatientRecordBuilder.Build(bundle, "b.json", new DateOnly(2026, 3, 2));
        var data = WearableCsvReader.FromRecord(record);

        Assert.Equal(64m, data.Of(WearableMetric.HeartRate).Single().Value);          // the date-only reading has no time of day and is skipped
        Assert.Equal(126.1m, data.Of(WearableMetric.Glucose).Single().Value);          // 7.0 mmol/L × 18.016 = 126.112
        Assert.Equal(8000m, data.Of(WearableMetric.Steps).Single().Value);
        Assert.Contains(data.Issues, i => i.Rule == "implausible-value" && i.Source == "$.entry[5].resource.valueQuantity");
    }
}

using System.Globalization;

namespace Precis.Clinical.Monitoring;

/// <summary>One metric on one day: count, total, mean, range and how much of the day the readings cover.</summary>
/// <param name="Day">The calendar day in the readings' own time zone.</param>
/// <param name="Metric">The metric.</param>
/// <param name="Count">Readings that day.</param>
/// <param name="Sum">Total (the daily value for steps and sleep).</param>
/// <param name="Mean">Mean (the daily value for the other metrics).</param>
/// <param name="Min">Lowest reading.</param>
/// <param name="Max">Highest reading.</param>
/// <param name="Coverage">Readings / readings expected at the usual sampling interval (0–1).</param>
public sealed record DailyAggregate(DateOnly Day, WearableMetric Metric, int Count, decimal Sum, decimal Mean, decimal Min, decimal Max, decimal Coverage)
{
    /// <summary>The day's value used for baselines and trends: the total for steps and sleep, else the mean.</summary>
    public decimal Value => Metric is WearableMetric.Steps or WearableMetric.Sleep ? Sum : Mean;
}

/// <summary>A personal baseline: the median daily value over the baseline window.</summary>
public sealed record PersonalBaseline(WearableMetric Metric, decimal Median, int Days, DateOnly From, DateOnly To);

/// <summary>A trend: the recent week against the personal baseline, and the least-squares slope per day.</summary>
/// <param name="Metric">The metric.</param>
/// <param name="SlopePerDay">Ordinary least-squares slope of the daily values over all complete days.</param>
/// <param name="RecentMean">Mean daily value over the last (up to) 7 complete days.</param>
/// <param name="ChangePercent">Recent mean vs the baseline median, in percent.</param>
/// <param name="Direction">increasing, decreasing or stable (±10 %).</param>
/// <param name="Days">Complete days used.</param>
public sealed record Trend(WearableMetric Metric, decimal SlopePerDay, decimal RecentMean, decimal ChangePercent, string Direction, int Days);

/// <summary>A stretch without readings longer than the gap rule allows.</summary>
public sealed record DataGap(WearableMetric Metric, DateTimeOffset From, DateTimeOffset To, int MissingReadings)
{
    public TimeSpan Length => To - From;
}

/// <summary>The result of checking a CGM metric against its consensus target.</summary>
public sealed record TargetResult(CgmTarget Target, decimal Value, bool Met);

/// <summary>
/// CGM metrics of the International Consensus on Time in Range (Battelino 2019). Percentages are of readings, which
/// equals percent of time for a sensor with a regular sampling interval.
/// </summary>
public sealed record CgmMetrics
{
    public required int Readings { get; init; }

    public required DateTimeOffset First { get; init; }

    public required DateTimeOffset Last { get; init; }

    /// <summary>The sensor's usual sampling interval (median spacing of readings).</summary>
    public required TimeSpan Interval { get; init; }

    /// <summary>Days from the first reading to the end of the last reading's interval.</summary>
    public required decimal Days { get; init; }

    /// <summary>Readings captured / readings expected over <see cref="Days"/>, in percent ("% time CGM is active").</summary>
    public required decimal PercentActive { get; init; }

    /// <summary>True when the consensus data sufficiency (14 days, ≥ 70 % active) is met.</summary>
    public required bool Sufficient { get; init; }

    public required decimal Mean { get; init; }

    /// <summary>Sample standard deviation (n − 1).</summary>
    public required decimal StandardDeviation { get; init; }

    /// <summary>Coefficient of variation: SD / mean × 100.</summary>
    public required decimal CoefficientOfVariation { get; init; }

    /// <summary>Glucose management indicator: 3.31 + 0.02392 × mean glucose (mg/dL), in percent.</summary>
    public required decimal Gmi { get; init; }

    /// <summary>Percent of readings 70–180 mg/dL inclusive.</summary>
    public required decimal TimeInRange { get; init; }

    public required decimal TimeBelow70 { get; init; }

    public required decimal TimeBelow54 { get; init; }

    public required decimal TimeAbove180 { get; init; }

    public required decimal TimeAbove250 { get; init; }

    /// <summary>Runs of readings below 70 mg/dL lasting at least 15 minutes.</summary>
    public required int Level1HypoEvents { get; init; }

    /// <summary>Runs of readings below 54 mg/dL lasting at least 15 minutes.</summary>
    public required int Level2HypoEvents { get; init; }

    public required IReadOnlyList<TargetResult> Targets { get; init; }
}

/// <summary>An alert with the rule that fired, so a reader can see why.</summary>
/// <param name="Rule">Rule id, e.g. "precis-cgm-consensus:tir", "data-gap", "steps-decline".</param>
/// <param name="Severity">warning or info.</param>
/// <param name="Metric">The metric concerned.</param>
/// <param name="Message">What was found, with the numbers.</param>
public sealed record MonitoringAlert(string Rule, string Severity, WearableMetric? Metric, string Message);

/// <summary>Everything the monitoring engine found in a patient's wearable data.</summary>
public sealed record MonitoringReport
{
    public required IReadOnlyList<DailyAggregate> Daily { get; init; }

    public required IReadOnlyList<PersonalBaseline> Baselines { get; init; }

    public required IReadOnlyList<Trend> Trends { get; init; }

    public required IReadOnlyList<DataGap> Gaps { get; init; }

    /// <summary>CGM metrics, or null when there are fewer glucose readings than a CGM produces in a day.</summary>
    public CgmMetrics? Cgm { get; init; }

    public required IReadOnlyList<MonitoringAlert> Alerts { get; init; }

    /// <summary>Problems met while reading (implausible values, duplicates, unknown metrics).</summary>
    public required IReadOnlyList<WearableIssue> Issues { get; init; }

    /// <summary>Why some analyses were not made (e.g. too few days for a trend).</summary>
    public required IReadOnlyList<string> NotAssessed { get; init; }
}

/// <summary>
/// Daily aggregates, personal baselines, trends, gaps and CGM consensus metrics from wearable samples, with alerts
/// that name the rule that fired.
/// </summary>
public static class MonitoringAnalyzer
{
    /// <summary>Days at the end of the series compared against the baseline.</summary>
    public const int RecentDays = 7;

    /// <summary>Fewest complete baseline days for a baseline.</summary>
    public const int MinimumBaselineDays = 5;

    /// <summary>A day counts as complete when its readings cover at least this share of the expected readings.</summary>
    public const decimal CompleteDay = 0.8m;

    /// <summary>A fall of the recent steps of this much below baseline fires the steps-decline rule.</summary>
    public const decimal StepsDeclinePercent = 20m;

    /// <summary>A rise of the recent mean heart rate of this much above baseline fires the heart-rate-rise rule (/min).</summary>
    public const decimal HeartRateRise = 10m;

    /// <summary>Analyses the samples with the embedded CGM consensus.</summary>
    public static MonitoringReport Analyse(WearableData data, CgmConsensus? consensus = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        consensus ??= CgmConsensus.Embedded;
        var daily = new List<DailyAggregate>();
        var baselines = new List<PersonalBaseline>();
        var trends = new List<Trend>();
        var gaps = new List<DataGap>();
        var alerts = new List<MonitoringAlert>();
        var notAssessed = new List<string>();

        foreach (var metric in Enum.GetValues<WearableMetric>())
        {
            var samples = data.Of(metric);
            if (samples.Count < 2)
                continue;
            var interval = Interval(samples);
            var days = Daily(samples, metric, interval);
            daily.AddRange(days);
            var metricGaps = Gaps(samples, metric, interval);
            gaps.AddRange(metricGaps);
            foreach (var g in metricGaps)
            {
                alerts.Add(new MonitoringAlert("data-gap", "info", metric,
                    $"no {Name(metric)} readings from {g.From:yyyy-MM-dd HH:mm} to {g.To:yyyy-MM-dd HH:mm} ({Hours(g.Length)} h, about {g.MissingReadings} readings missing; rule: a gap is longer than max(2 × the {Minutes(interval)}-min sampling interval, 60 min))"));
            }

            var complete = days.Where(d => d.Coverage >= CompleteDay).ToList();
            if (complete.Count < MinimumBaselineDays + 1)
            {
                notAssessed.Add($"{Name(metric)}: baseline and trend need at least {MinimumBaselineDays + 1} complete days; {complete.Count} available");
                continue;
            }

            var recent = complete.TakeLast(Math.Min(RecentDays, complete.Count - MinimumBaselineDays)).ToList();
            var baseDays = complete.Take(complete.Count - recent.Count).ToList();
            var baseline = new PersonalBaseline(metric, Median(baseDays.Select(d => d.Value)), baseDays.Count, baseDays[0].Day, baseDays[^1].Day);
            baselines.Add(baseline);
            var recentMean = recent.Average(d => d.Value);
            var change = baseline.Median == 0 ? 0 : (recentMean - baseline.Median) / baseline.Median * 100m;
            var slope = Slope(complete);
            var direction = change <= -10 ? "decreasing" : change >= 10 ? "increasing" : "stable";
            trends.Add(new Trend(metric, slope, recentMean, change, direction, complete.Count));

            if (metric == WearableMetric.Steps && change <= -StepsDeclinePercent)
                alerts.Add(new MonitoringAlert("steps-decline", "warning", metric, $"daily steps over the last {recent.Count} days average {F0(recentMean)}, {F1(-change)} % below the personal baseline of {F0(baseline.Median)} (rule: ≥ {F0(StepsDeclinePercent)} % below baseline)"));
            if (metric == WearableMetric.HeartRate && recentMean - baseline.Median >= HeartRateRise)
                alerts.Add(new MonitoringAlert("heart-rate-rise", "warning", metric, $"mean heart rate over the last {recent.Count} days is {F1(recentMean)} /min, {F1(recentMean - baseline.Median)} above the personal baseline of {F1(baseline.Median)} (rule: ≥ {F0(HeartRateRise)} /min above baseline)"));
        }

        CgmMetrics? cgm = null;
        var glucose = data.Of(WearableMetric.Glucose);
        if (glucose.Count >= 24)
        {
            cgm = Cgm(glucose, consensus);
            if (!cgm.Sufficient)
            {
                alerts.Add(new MonitoringAlert("precis-cgm-consensus:cgm-data-sufficiency", "warning", WearableMetric.Glucose,
                    $"CGM data cover {F1(cgm.Days)} days with {F1(cgm.PercentActive)} % of expected readings; the consensus asks for {consensus.SufficientDays} days with ≥ {F0(consensus.SufficientActivePercent)} %, so the metrics below are insufficient data for treatment decisions"));
            }

            foreach (var t in cgm.Targets.Where(t => !t.Met))
            {
                alerts.Add(new MonitoringAlert("precis-cgm-consensus:" + t.Target.Id, "warning", WearableMetric.Glucose,
                    $"{Label(t.Target.Metric)} {F1(t.Value)} % misses the consensus target {t.Target} ({t.Target.Population})"));
            }
        }
        else if (glucose.Count > 0)
        {
            notAssessed.Add($"CGM metrics need at least a day of sensor readings; {glucose.Count} glucose reading(s) given");
        }

        return new MonitoringReport
        {
            Daily = daily,
            Baselines = baselines,
            Trends = trends,
            Gaps = gaps,
            Cgm = cgm,
            Alerts = alerts,
            Issues = data.Issues,
            NotAssessed = notAssessed,
        };
    }

    /// <summary>CGM metrics of a glucose series (mg/dL) against the consensus.</summary>
    public static CgmMetrics Cgm(IReadOnlyList<WearableSample> glucose, CgmConsensus? consensus = null)
    {
        ArgumentNullException.ThrowIfNull(glucose);
        if (glucose.Count < 2)
            throw new ArgumentException("CGM metrics need at least two readings", nameof(glucose));
        consensus ??= CgmConsensus.Embedded;
        var sorted = glucose.OrderBy(s => s.Time).ToList();
        var values = sorted.Select(s => s.Value).ToList();
        var n = values.Count;
        var interval = Interval(sorted);
        var span = sorted[^1].Time - sorted[0].Time + interval;
        var expected = (decimal)(span.Ticks / (double)interval.Ticks);
        var mean = values.Average();
        var sd = (decimal)Math.Sqrt((double)values.Sum(v => (v - mean) * (v - mean)) / (n - 1));
        decimal Pct(Func<decimal, bool> p) => values.Count(p) * 100m / n;
        var days = (decimal)span.TotalDays;
        var active = Math.Min(100m, n * 100m / expected);

        var m = new Dictionary<string, decimal>(StringComparer.Ordinal)
        {
            ["tir"] = Pct(v => v >= consensus.RangeLow && v <= consensus.RangeHigh),
            ["tbr70"] = Pct(v => v < consensus.Below),
            ["tbr54"] = Pct(v => v < consensus.VeryLow),
            ["tar180"] = Pct(v => v > consensus.Above),
            ["tar250"] = Pct(v => v > consensus.VeryHigh),
            ["cv"] = sd / mean * 100m,
        };
        return new CgmMetrics
        {
            Readings = n,
            First = sorted[0].Time,
            Last = sorted[^1].Time,
            Interval = interval,
            Days = days,
            PercentActive = active,
            Sufficient = days >= consensus.SufficientDays && active >= consensus.SufficientActivePercent,
            Mean = mean,
            StandardDeviation = sd,
            CoefficientOfVariation = m["cv"],
            Gmi = consensus.GmiIntercept + consensus.GmiSlope * mean,
            TimeInRange = m["tir"],
            TimeBelow70 = m["tbr70"],
            TimeBelow54 = m["tbr54"],
            TimeAbove180 = m["tar180"],
            TimeAbove250 = m["tar250"],
            Level1HypoEvents = Events(sorted, consensus.Below, interval, consensus.EventMinutes),
            Level2HypoEvents = Events(sorted, consensus.VeryLow, interval, consensus.EventMinutes),
            Targets = [.. consensus.Targets.Select(t => new TargetResult(t, m[t.Metric], t.IsMet(m[t.Metric])))],
        };
    }

    /// <summary>The usual spacing of readings: the median difference between consecutive readings.</summary>
    public static TimeSpan Interval(IReadOnlyList<WearableSample> sorted)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count < 2)
            return TimeSpan.FromDays(1);
        var diffs = new List<long>(sorted.Count - 1);
        for (var i = 1; i < sorted.Count; i++)
            diffs.Add((sorted[i].Time - sorted[i - 1].Time).Ticks);
        diffs.Sort();
        var median = diffs[diffs.Count / 2];
        return TimeSpan.FromTicks(Math.Max(median, TimeSpan.TicksPerMinute));
    }

    private static List<DailyAggregate> Daily(IReadOnlyList<WearableSample> samples, WearableMetric metric, TimeSpan interval)
    {
        var perDay = Math.Max(1m, (decimal)(TimeSpan.FromDays(1).Ticks / (double)interval.Ticks));
        return [.. samples.GroupBy(s => DateOnly.FromDateTime(s.Time.DateTime)).OrderBy(g => g.Key).Select(g =>
        {
            var v = g.Select(s => s.Value).ToList();
            return new DailyAggregate(g.Key, metric, v.Count, v.Sum(), v.Average(), v.Min(), v.Max(), Math.Min(1m, v.Count / perDay));
        })];
    }

    private static List<DataGap> Gaps(IReadOnlyList<WearableSample> sorted, WearableMetric metric, TimeSpan interval)
    {
        // The rule: a gap is a stretch without readings longer than twice the usual interval and at least an hour,
        // so one lost CGM reading is not a gap but a sensor off for an afternoon is.
        var limit = TimeSpan.FromTicks(Math.Max(2 * interval.Ticks, TimeSpan.FromMinutes(60).Ticks));
        var gaps = new List<DataGap>();
        for (var i = 1; i < sorted.Count; i++)
        {
            var d = sorted[i].Time - sorted[i - 1].Time;
            if (d > limit)
                gaps.Add(new DataGap(metric, sorted[i - 1].Time + interval, sorted[i].Time, (int)Math.Round(d.Ticks / (double)interval.Ticks) - 1));
        }

        return gaps;
    }

    /// <summary>Runs of consecutive readings (no gap over 2 intervals) below a threshold lasting at least the minimum.</summary>
    private static int Events(List<WearableSample> sorted, decimal below, TimeSpan interval, int minimumMinutes)
    {
        var count = 0;
        DateTimeOffset? start = null;
        DateTimeOffset last = default;
        void Close()
        {
            if (start is { } s && (last - s + interval).TotalMinutes >= minimumMinutes)
                count++;
            start = null;
        }

        foreach (var r in sorted)
        {
            if (start is not null && r.Time - last > 2 * interval)
                Close();
            if (r.Value < below)
            {
                start ??= r.Time;
                last = r.Time;
            }
            else
            {
                Close();
            }
        }

        Close();
        return count;
    }

    private static decimal Slope(List<DailyAggregate> days)
    {
        var x0 = days[0].Day.DayNumber;
        var xs = days.Select(d => (decimal)(d.Day.DayNumber - x0)).ToList();
        var ys = days.Select(d => d.Value).ToList();
        var mx = xs.Average();
        var my = ys.Average();
        var sxx = xs.Sum(x => (x - mx) * (x - mx));
        return sxx == 0 ? 0 : xs.Zip(ys).Sum(p => (p.First - mx) * (p.Second - my)) / sxx;
    }

    private static decimal Median(IEnumerable<decimal> values)
    {
        var v = values.Order().ToList();
        return v.Count % 2 == 1 ? v[v.Count / 2] : (v[(v.Count / 2) - 1] + v[v.Count / 2]) / 2m;
    }

    /// <summary>The reader-facing name of a metric.</summary>
    public static string Name(WearableMetric metric) => metric switch
    {
        WearableMetric.HeartRate => "heart rate",
        WearableMetric.OxygenSaturation => "oxygen saturation",
        _ => metric.ToString().ToLowerInvariant(),
    };

    /// <summary>The label of a CGM metric id.</summary>
    public static string Label(string metric) => metric switch
    {
        "tir" => "Time in range 70–180 mg/dL",
        "tbr70" => "Time below 70 mg/dL",
        "tbr54" => "Time below 54 mg/dL",
        "tar180" => "Time above 180 mg/dL",
        "tar250" => "Time above 250 mg/dL",
        "cv" => "Glucose coefficient of variation",
        _ => metric,
    };

    /// <summary>A value rounded to a whole number, invariant culture.</summary>
    public static string F0(decimal v) => Math.Round(v, 0, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture);

    /// <summary>A value rounded to one decimal place, invariant culture.</summary>
    public static string F1(decimal v) => Math.Round(v, 1, MidpointRounding.AwayFromZero).ToString("0.0", CultureInfo.InvariantCulture);

    private static string Hours(TimeSpan t) => t.TotalHours.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Minutes(TimeSpan t) => t.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture);
}

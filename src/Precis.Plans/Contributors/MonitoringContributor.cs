using System.Globalization;
using Precis.Clinical.Monitoring;
using Precis.Core;

namespace Precis.Plans;

/// <summary>
/// The "monitoring" section: reads the wearable/CGM file (role <c>wearable-csv</c>), reports CGM consensus metrics
/// against their targets, step and heart-rate trends, gaps and implausible values, and recommends a review where a
/// consensus target is missed with sufficient data in a patient with recorded diabetes.
/// </summary>
public sealed class MonitoringContributor : IPlanContributor
{
    private const string Engine = "clinical.monitoring";

    public string SectionId => "monitoring";

    public void Contribute(PlanInputs inputs, PlanBuilder builder, IProgress<ProgressUpdate> progress)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(builder);
        var path = inputs.PathOf("wearable-csv");
        if (path is null)
        {
            builder.AddSection(new PlanSection(SectionId, "Monitoring and lifestyle", SectionStatus.NoInput, "No wearable or CGM file was given."));
            builder.AddNotAssessed(new NotAssessed(SectionId, "Wearable and CGM data", "No wearable or CGM file was given."));
            return;
        }

        progress?.Report(new ProgressUpdate("reading wearable data", 0, null));
        var data = WearableCsvReader.ReadFile(path);
        var report = MonitoringAnalyzer.Analyse(data);
        var consensus = CgmConsensus.Embedded;
        builder.AddKnowledge([consensus.Knowledge.Source.ToVersion()]);
        var file = Path.GetFileName(path);
        var quality = data.Issues.Select(i => new QualityFlag(i.Rule, $"{i.Source}: {i.Message}")).ToList();
        var parts = new List<string>();

        if (report.Cgm is { } cgm)
        {
            AddCgm(builder, inputs, report, cgm, consensus, file, quality);
            parts.Add($"CGM time in range {MonitoringAnalyzer.F1(cgm.TimeInRange)} % over {MonitoringAnalyzer.F1(cgm.Days)} days");
        }

        foreach (var trend in report.Trends)
        {
            var baseline = report.Baselines.Single(b => b.Metric == trend.Metric);
            var name = MonitoringAnalyzer.Name(trend.Metric);
            var unit = WearableMetrics.Unit(trend.Metric);
            var daily = trend.Metric is WearableMetric.Steps or WearableMetric.Sleep ? "daily total" : "daily mean";
            var alert = report.Alerts.FirstOrDefault(a => a.Metric == trend.Metric && a.Rule is "steps-decline" or "heart-rate-rise");
            builder.AddFinding(new Finding(
                $"monitoring:{Id(trend.Metric)}-trend", Engine, "monitoring-trend", name,
                $"{Cap(name)} {trend.Direction}: last {Math.Min(MonitoringAnalyzer.RecentDays, trend.Days - baseline.Days)} days average {Num(trend.RecentMean)} {unit} ({daily}) vs personal baseline {Num(baseline.Median)} ({Signed(trend.ChangePercent)} %)",
                new Dictionary<string, string>
                {
                    ["baselineMedian"] = Num(baseline.Median),
                    ["baselineDays"] = Inv(baseline.Days),
                    ["baselineFrom"] = baseline.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    ["baselineTo"] = baseline.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    ["recentMean"] = Num(trend.RecentMean),
                    ["changePercent"] = MonitoringAnalyzer.F1(trend.ChangePercent),
                    ["slopePerDay"] = Num(trend.SlopePerDay),
                    ["unit"] = unit,
                    ["rule"] = alert?.Rule ?? "none fired",
                },
                [
                    new RationaleStep(RationaleStepKind.InputData, $"{data.Of(trend.Metric).Count} {name} readings in {file}; {trend.Days} complete days (≥ {MonitoringAnalyzer.CompleteDay * 100:0} % of expected readings)"),
                    new RationaleStep(RationaleStepKind.Score, $"personal baseline = median {daily} of {baseline.Days} days {baseline.From:yyyy-MM-dd}–{baseline.To:yyyy-MM-dd}; least-squares slope {Num(trend.SlopePerDay)} {unit} per day"),
                    new RationaleStep(RationaleStepKind.Rule, alert?.Message ?? "no trend rule fired (steps-decline: ≥ 20 % below baseline; heart-rate-rise: ≥ 10 /min above baseline)"),
                ],
                quality,
                []));
            parts.Add($"{name} {trend.Direction}");
        }

        if (report.Gaps.Count > 0)
        {
            builder.AddFinding(new Finding(
                "monitoring:gaps", Engine, "data-gap", "wearable data",
                $"{report.Gaps.Count} gap(s) in the wearable data, longest {report.Gaps.Max(g => g.Length).TotalHours:0.#} h",
                report.Gaps.Select((g, i) => (g, i)).ToDictionary(x => $"gap{x.i + 1}", x => $"{MonitoringAnalyzer.Name(x.g.Metric)} {x.g.From:yyyy-MM-dd HH:mm}–{x.g.To:yyyy-MM-dd HH:mm} (~{x.g.MissingReadings} readings missing)"),
                [
                    new RationaleStep(RationaleStepKind.InputData, $"readings in {file}, per metric in time order"),
                    new RationaleStep(RationaleStepKind.Rule, "data-gap: no reading for longer than max(2 × the metric's usual sampling interval, 60 min)"),
                ],
                quality,
                []));
            parts.Add($"{report.Gaps.Count} gap(s)");
        }

        foreach (var reason in report.NotAssessed)
            builder.AddNotAssessed(new NotAssessed(SectionId, "Wearable trends", reason));

        builder.AddSection(new PlanSection(SectionId, "Monitoring and lifestyle", parts.Count > 0 ? SectionStatus.Available : SectionStatus.InsufficientData,
            parts.Count > 0 ? $"From {file}: " + string.Join("; ", parts) + "." : $"{file} has too few readings for any monitoring metric."));
    }

    private static void AddCgm(PlanBuilder builder, PlanInputs inputs, MonitoringReport report, CgmMetrics cgm, CgmConsensus consensus, string file, List<QualityFlag> quality)
    {
        var source = consensus.Knowledge.Source;
        var cgmQuality = new List<QualityFlag>(quality);
        if (!cgm.Sufficient)
            cgmQuality.Add(new QualityFlag("insufficient-data", $"{MonitoringAnalyzer.F1(cgm.Days)} days, {MonitoringAnalyzer.F1(cgm.PercentActive)} % of expected readings; the consensus asks for {consensus.SufficientDays} days with ≥ {consensus.SufficientActivePercent} %"));
        var details = new Dictionary<string, string>
        {
            ["readings"] = Inv(cgm.Readings),
            ["from"] = cgm.First.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture),
            ["to"] = cgm.Last.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture),
            ["intervalMinutes"] = cgm.Interval.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture),
            ["days"] = MonitoringAnalyzer.F1(cgm.Days),
            ["percentActive"] = MonitoringAnalyzer.F1(cgm.PercentActive),
            ["sufficient"] = cgm.Sufficient ? "yes" : "no (insufficient data)",
            ["meanGlucoseMgDl"] = MonitoringAnalyzer.F1(cgm.Mean),
            ["gmiPercent"] = MonitoringAnalyzer.F1(cgm.Gmi),
            ["cvPercent"] = MonitoringAnalyzer.F1(cgm.CoefficientOfVariation),
            ["tirPercent"] = MonitoringAnalyzer.F1(cgm.TimeInRange),
            ["tbr70Percent"] = MonitoringAnalyzer.F1(cgm.TimeBelow70),
            ["tbr54Percent"] = MonitoringAnalyzer.F1(cgm.TimeBelow54),
            ["tar180Percent"] = MonitoringAnalyzer.F1(cgm.TimeAbove180),
            ["tar250Percent"] = MonitoringAnalyzer.F1(cgm.TimeAbove250),
            ["level1HypoEvents"] = Inv(cgm.Level1HypoEvents),
            ["level2HypoEvents"] = Inv(cgm.Level2HypoEvents),
        };
        foreach (var t in cgm.Targets)
            details["target:" + t.Target.Id] = $"{MonitoringAnalyzer.F1(t.Value)} % vs {t.Target} — {(t.Met ? "met" : "missed")}";
        var missed = cgm.Targets.Where(t => !t.Met).ToList();
        var inputStep = new RationaleStep(RationaleStepKind.InputData, $"{cgm.Readings} glucose readings in {file} from {cgm.First:yyyy-MM-dd HH:mm} to {cgm.Last:yyyy-MM-dd HH:mm}, every {cgm.Interval.TotalMinutes:0.#} min ({MonitoringAnalyzer.F1(cgm.PercentActive)} % of expected readings over {MonitoringAnalyzer.F1(cgm.Days)} days)");
        var scoreStep = new RationaleStep(RationaleStepKind.Score, $"TIR {MonitoringAnalyzer.F1(cgm.TimeInRange)} %, <70 {MonitoringAnalyzer.F1(cgm.TimeBelow70)} %, <54 {MonitoringAnalyzer.F1(cgm.TimeBelow54)} %, >180 {MonitoringAnalyzer.F1(cgm.TimeAbove180)} %, >250 {MonitoringAnalyzer.F1(cgm.TimeAbove250)} %, mean {MonitoringAnalyzer.F1(cgm.Mean)} mg/dL, GMI {MonitoringAnalyzer.F1(cgm.Gmi)} % (3.31 + 0.02392 × mean), CV {MonitoringAnalyzer.F1(cgm.CoefficientOfVariation)} %");
        builder.AddFinding(new Finding(
            "monitoring:cgm", Engine, "monitoring-metric", "continuous glucose",
            $"CGM: time in range {MonitoringAnalyzer.F1(cgm.TimeInRange)} %, GMI {MonitoringAnalyzer.F1(cgm.Gmi)} %, CV {MonitoringAnalyzer.F1(cgm.CoefficientOfVariation)} %; " +
            (missed.Count == 0 ? "all consensus targets met" : $"{missed.Count} consensus target(s) missed") + (cgm.Sufficient ? "" : " (insufficient data)"),
            details,
            [inputStep, scoreStep, new RationaleStep(RationaleStepKind.Rule, $"targets of {source.Id} {source.Version} (International Consensus on Time in Range, Battelino 2019): " + string.Join(", ", cgm.Targets.Select(t => $"{t.Target.Id} {t.Target}")))],
            cgmQuality,
            consensus.Citations));

        if (cgm.Level1HypoEvents > 0)
        {
            builder.AddFinding(new Finding(
                "monitoring:hypoglycaemia-events", Engine, "monitoring-event", "continuous glucose",
                $"{cgm.Level1HypoEvents} episode(s) below 70 mg/dL lasting ≥ {consensus.EventMinutes} min, {cgm.Level2HypoEvents} below 54 mg/dL",
                new Dictionary<string, string> { ["level1"] = Inv(cgm.Level1HypoEvents), ["level2"] = Inv(cgm.Level2HypoEvents) },
                [inputStep, new RationaleStep(RationaleStepKind.Rule, $"an event is a run of consecutive readings below the threshold lasting ≥ {consensus.EventMinutes} min (Battelino 2019)")],
                cgmQuality,
                consensus.Citations));
        }

        if (missed.Count == 0)
            return;
        if (!cgm.Sufficient)
        {
            builder.AddNotAssessed(new NotAssessed("monitoring", "CGM targets", $"insufficient data: {MonitoringAnalyzer.F1(cgm.Days)} days with {MonitoringAnalyzer.F1(cgm.PercentActive)} % of readings; the consensus asks for {consensus.SufficientDays} days with ≥ {consensus.SufficientActivePercent} %, so no recommendation is made on the missed targets"));
            return;
        }

        var diabetes = inputs.Patient.ActiveConditions.FirstOrDefault(c => c.Contains("diabetes", StringComparison.OrdinalIgnoreCase));
        if (diabetes is null)
        {
            builder.AddNotAssessed(new NotAssessed("monitoring", "CGM targets", "the consensus targets are for people with diabetes and the record lists no diabetes diagnosis; metrics are reported without a recommendation"));
            return;
        }

        foreach (var t in missed)
        {
            var low = t.Target.Metric is "tbr70" or "tbr54";
            var alert = report.Alerts.Single(a => a.Rule == "precis-cgm-consensus:" + t.Target.Id);
            builder.AddRecommendation(new Recommendation
            {
                Id = "monitoring:cgm:" + t.Target.Id,
                Engine = Engine,
                Action = low ? RecommendationAction.Consider : RecommendationAction.Monitor,
                Subject = low
                    ? new RecommendationSubject(SubjectKind.Therapy, "review of glucose-lowering treatment for hypoglycaemia")
                    : new RecommendationSubject(SubjectKind.Test, "continuous glucose monitoring profile review"),
                Strength = RecommendationStrength.NotGraded,
                Evidence = new EvidenceLevel(EvidenceScheme.ClinicalGuideline, "International consensus", "Expert consensus (Advanced Technologies & Treatments for Diabetes, 2019); targets are not graded"),
                Source = new SourceReference(source.Id, source.Version, t.Target.Id, "Battelino T et al. International Consensus on Time in Range. Diabetes Care 2019;42:1593-1603"),
                ClinicianText = low
                    ? $"{MonitoringAnalyzer.Label(t.Target.Metric)} is {MonitoringAnalyzer.F1(t.Value)} % (consensus target {t.Target}). Consider reviewing glucose-lowering therapy and hypoglycaemia risk; the consensus puts reducing time below range first."
                    : $"{MonitoringAnalyzer.Label(t.Target.Metric)} is {MonitoringAnalyzer.F1(t.Value)} % (consensus target {t.Target}). Review the CGM profile with the patient at the next visit and monitor towards the target.",
                PatientText = low
                    ? "Your glucose sensor shows more time with low sugar levels than is advised. Talk to your doctor before changing any medicine."
                    : "Your glucose sensor shows your sugar levels are outside the advised range more often than recommended. Talk to your doctor at your next visit; do not change any medicine on your own.",
                Rationale =
                [
                    inputStep,
                    scoreStep,
                    new RationaleStep(RationaleStepKind.Phenotype, $"record: {diabetes}"),
                    new RationaleStep(RationaleStepKind.Rule, $"{alert.Rule}: {alert.Message}"),
                    new RationaleStep(RationaleStepKind.Action, low ? "consider treatment review for hypoglycaemia" : "monitor: review the CGM profile"),
                ],
                Citations = consensus.Citations,
                Population = t.Target.Population,
                FindingIds = ["monitoring:cgm"],
            });
        }
    }

    private static string Id(WearableMetric m) => m switch
    {
        WearableMetric.HeartRate => "heart-rate",
        WearableMetric.OxygenSaturation => "oxygen-saturation",
        _ => m.ToString().ToLowerInvariant(),
    };

    private static string Cap(string s) => char.ToUpperInvariant(s[0]) + s[1..];

    private static string Num(decimal v) => Math.Round(v, Math.Abs(v) >= 100 ? 0 : 1, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture);

    private static string Signed(decimal v) => (v >= 0 ? "+" : "") + MonitoringAnalyzer.F1(v);

    private static string Inv(int v) => v.ToString(CultureInfo.InvariantCulture);
}

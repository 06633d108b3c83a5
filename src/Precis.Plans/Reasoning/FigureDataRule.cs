using System.Globalization;
using Precis.Clinical.Monitoring;
using Precis.Core;
using Precis.Prediction.Explain;

namespace Precis.Plans.Reasoning;

/// <summary>
/// Puts the numbers behind the report's figures into the plan (so the JSON keeps them and every rendering draws the
/// same thing): polygenic percentiles, activity scores per pharmacogene, a prediction's per-feature contributions,
/// and the CGM daily profile (median and interquartile range by hour of day) from the wearable file.
/// </summary>
public sealed class FigureDataRule : IPlanRule
{
    /// <summary>Fewest glucose readings in an hour of day for that hour to be drawn.</summary>
    public const int MinReadingsPerHour = 4;

    public string Id => "figures";

    public void Apply(ReasoningContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var b = context.Builder;
        foreach (var f in b.Findings.Where(f => f.Engine == "polygenic-risk" && f.Kind == "polygenic-score"))
        {
            if (PolygenicScreeningRule.Percentile(f) is not { } p)
                continue;
            var score = f.Details.GetValueOrDefault("score") ?? f.Subject;
            var trait = f.Details.GetValueOrDefault("trait") ?? f.Subject;
            var population = f.Details.GetValueOrDefault("referencePopulation") ?? "reference distribution of the polygenic section";
            var caption = $"The score is at the {F(p)}th percentile: higher than {F(p)} % of the reference population ({population}).";
            var quantiles = ReferenceQuantiles(f);
            var sum = double.TryParse(f.Details.GetValueOrDefault("sum"), NumberStyles.Float, CultureInfo.InvariantCulture, out var raw) ? raw : (double?)null;
            if (quantiles.Count >= 3 && sum is not null)
            {
                // The empirical reference distribution as a percentile curve (score → percentile), the patient on it.
                b.AddFigure(new FigureData($"figure:percentile:{score}", "percentile-curve", $"{score} ({trait}): where this score falls",
                    "polygenic score (raw sum of weights × dosages)", "percentile of the reference population", caption,
                    [new FigurePoint("patient", p, sum), .. quantiles], [f.Id]));
            }
            else
            {
                b.AddFigure(new FigureData($"figure:percentile:{score}", "percentile-curve", $"{score} ({trait}): where this score falls",
                    "polygenic score (standard deviations from the reference mean)", "share of the reference population", caption,
                    [new FigurePoint("patient", p)], [f.Id]));
            }
        }

        var activity = b.Findings
            .Where(f => f.Engine == "pharmacogenomics" && f.Kind == "phenotype" && f.Details.ContainsKey("activityScore"))
            .Select(f => (f, score: double.TryParse(f.Details["activityScore"], NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? s : (double?)null))
            .Where(x => x.score is not null)
            .ToList();
        if (activity.Count > 0)
        {
            b.AddFigure(new FigureData("figure:activity-scores", "activity-bars", "Pharmacogene activity scores",
                "gene (phenotype)", "activity score (2 = two fully functional copies)",
                "Activity score per gene: " + string.Join("; ", activity.Select(x => $"{x.f.Subject} {F(x.score!.Value)} ({x.f.Details.GetValueOrDefault("phenotype")})")) + ". Lower scores mean less enzyme activity.",
                [.. activity.Select(x => new FigurePoint($"{x.f.Subject} ({x.f.Details.GetValueOrDefault("phenotype")})", x.score!.Value, 0, Math.Max(2, x.score!.Value)))],
                [.. activity.Select(x => x.f.Id)]));
        }

        foreach (var f in b.Findings.Where(f => f.Engine == "prediction" && f.Details.Keys.Any(k => k.StartsWith(ShapPrefix, StringComparison.Ordinal))))
        {
            var contributions = f.Details.Where(kv => kv.Key.StartsWith(ShapPrefix, StringComparison.Ordinal))
                .Select(kv => new Contribution(kv.Key[ShapPrefix.Length..], double.NaN, double.Parse(kv.Value, CultureInfo.InvariantCulture)))
                .ToList();
            var expected = double.TryParse(f.Details.GetValueOrDefault("expectedMargin"), NumberStyles.Float, CultureInfo.InvariantCulture, out var e) ? e : 0;
            b.AddFigure(Waterfall($"figure:waterfall:{f.Id}", f.Subject, contributions, expected, [f.Id], f.Details.GetValueOrDefault("explanationUnit")));
        }

        if (context.Inputs.PathOf("wearable-csv") is { } path && context.Finding("monitoring:cgm") is { } cgm)
        {
            var glucose = WearableCsvReader.ReadFile(path).Of(WearableMetric.Glucose);
            var profile = DailyProfile(glucose);
            if (profile.Count > 0)
            {
                var peak = profile.MaxBy(p => p.Value)!;
                var low = profile.MinBy(p => p.Value)!;
                b.AddFigure(new FigureData("figure:cgm-daily-profile", "daily-profile", "CGM daily glucose profile",
                    "hour of day", "glucose (mg/dL)",
                    $"Median glucose by hour of day with the middle half of readings shaded, from {glucose.Count} readings in {Path.GetFileName(path)}; highest median {F(peak.Value)} mg/dL at {peak.Label}, lowest {F(low.Value)} mg/dL at {low.Label}. The target range is 70–180 mg/dL.",
                    profile, [cgm.Id]));
            }
        }
    }

    /// <summary>
    /// The reference distribution's quantiles as points (label = percent level, value = score) from the polygenic
    /// finding's "referenceQuantiles" (levels 0, 1, …, 100 %); empty when absent or malformed.
    /// </summary>
    public static IReadOnlyList<FigurePoint> ReferenceQuantiles(Finding f)
    {
        ArgumentNullException.ThrowIfNull(f);
        if (!f.Details.TryGetValue("referenceQuantiles", out var text))
            return [];
        var parts = text.Split(',');
        var values = new List<FigurePoint>(parts.Length);
        for (var i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
                return [];
            values.Add(new FigurePoint((i * 100.0 / (parts.Length - 1)).ToString("0.##", CultureInfo.InvariantCulture), v));
        }

        return values;
    }

    /// <summary>Key prefix of a prediction finding's per-feature contributions ("shap.age" → "0.31").</summary>
    public const string ShapPrefix = "shap.";

    /// <summary>The waterfall of a <see cref="PredictionExplanation"/> (the Prediction engine's explanation type); features contributing 0 are left out.</summary>
    public static FigureData Waterfall(string id, string title, PredictionExplanation explanation, IReadOnlyList<string> findingIds)
    {
        ArgumentNullException.ThrowIfNull(explanation);
        return Waterfall(id, title, [.. explanation.Features.Where(c => c.Shap != 0)], explanation.ExpectedMargin, findingIds);
    }

    /// <summary>
    /// The waterfall of one prediction from the Prediction engine's per-feature contributions: the baseline (expected
    /// margin) first, then each contribution, largest first; the last point is the prediction's margin. With a
    /// <c>unit</c> (an additive score's, e.g. "points") the parts are the score's own and the last point is the score.
    /// </summary>
    public static FigureData Waterfall(string id, string title, IReadOnlyList<Contribution> contributions, double expectedMargin, IReadOnlyList<string> findingIds, string? unit = null)
    {
        ArgumentNullException.ThrowIfNull(contributions);
        var ordered = contributions.OrderByDescending(c => Math.Abs(c.Shap)).ThenBy(c => c.Feature, StringComparer.Ordinal).ToList();
        var points = new List<FigurePoint> { new("baseline", expectedMargin) };
        var running = expectedMargin;
        foreach (var c in ordered)
        {
            points.Add(new FigurePoint(c.Feature, c.Shap, running, running + c.Shap));
            running += c.Shap;
        }

        if (unit is not null)
        {
            points.Add(new FigurePoint("score", running));
            var parts = ordered.Select(c => $"{c.Feature} +{c.Shap.ToString("0.##", CultureInfo.InvariantCulture)}");
            return new FigureData(id, "waterfall", $"{title}: what makes up the score", "criterion", $"contribution ({unit})",
                $"Starting from {expectedMargin.ToString("0.##", CultureInfo.InvariantCulture)} {unit}, the score reaches {running.ToString("0.##", CultureInfo.InvariantCulture)} {unit}: {string.Join("; ", parts)}. Criteria the patient does not meet add nothing and are not drawn.",
                points, findingIds);
        }

        points.Add(new FigurePoint("prediction", running));
        var top = ordered.Take(3).Select(c => $"{c.Feature} {(c.Shap >= 0 ? "raised" : "lowered")} it by {Math.Abs(c.Shap).ToString("0.00", CultureInfo.InvariantCulture)}");
        return new FigureData(id, "waterfall", $"{title}: what moved the prediction", "feature", "contribution (model margin)",
            $"Starting from the average {expectedMargin.ToString("0.00", CultureInfo.InvariantCulture)}, the prediction reaches {running.ToString("0.00", CultureInfo.InvariantCulture)}. Largest effects: {string.Join("; ", top)}.",
            points, findingIds);
    }

    /// <summary>Median and interquartile range of glucose by hour of day (in each reading's own offset); hours with too few readings are left out.</summary>
    public static IReadOnlyList<FigurePoint> DailyProfile(IReadOnlyList<WearableSample> glucose)
    {
        ArgumentNullException.ThrowIfNull(glucose);
        var points = new List<FigurePoint>();
        foreach (var hour in glucose.GroupBy(s => s.Time.Hour).OrderBy(g => g.Key))
        {
            var values = hour.Select(s => (double)s.Value).Order().ToArray();
            if (values.Length < MinReadingsPerHour)
                continue;
            points.Add(new FigurePoint(hour.Key.ToString("00", CultureInfo.InvariantCulture) + ":00", Quantile(values, 0.5), Quantile(values, 0.25), Quantile(values, 0.75)));
        }

        return points;
    }

    /// <summary>Linear-interpolation quantile of sorted values (type 7, the R and NumPy default).</summary>
    public static double Quantile(double[] sorted, double q)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        var h = (sorted.Length - 1) * q;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
    }

    private static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
}

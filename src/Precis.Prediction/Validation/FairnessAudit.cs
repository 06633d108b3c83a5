using System.Globalization;
using Precis.Prediction.Metrics;

namespace Precis.Prediction.Validation;

/// <summary>Performance in one subgroup; metrics are null when the group is suppressed or has one class.</summary>
/// <param name="Group">Group label.</param>
/// <param name="N">People in the group.</param>
/// <param name="Events">Events in the group.</param>
/// <param name="Suppressed">True when N is below the minimum size: only N is reported.</param>
/// <param name="Auroc">Discrimination within the group.</param>
/// <param name="MeanPredicted">Mean predicted risk.</param>
/// <param name="ObservedRate">Observed event rate.</param>
/// <param name="Brier">Brier score.</param>
/// <param name="SelectionRate">Share predicted positive (risk above the threshold).</param>
/// <param name="TruePositiveRate">Sensitivity at the threshold.</param>
/// <param name="FalsePositiveRate">1 − specificity at the threshold.</param>
public sealed record GroupPerformance(
    string Group,
    int N,
    int Events,
    bool Suppressed,
    double? Auroc,
    double? MeanPredicted,
    double? ObservedRate,
    double? Brier,
    double? SelectionRate,
    double? TruePositiveRate,
    double? FalsePositiveRate);

/// <summary>Per-group performance and the gaps between groups (Fairlearn's demographic parity and equalized odds differences).</summary>
/// <param name="Threshold">Risk above which a person counts as predicted positive.</param>
/// <param name="MinGroupSize">Groups smaller than this are suppressed.</param>
/// <param name="Groups">Every group, largest first.</param>
/// <param name="DemographicParityDifference">Largest minus smallest selection rate among reported groups.</param>
/// <param name="EqualizedOddsDifference">Larger of the TPR and FPR ranges among reported groups.</param>
/// <param name="AurocGap">Largest minus smallest group AUROC.</param>
/// <param name="Summary">The gaps in plain words.</param>
public sealed record FairnessReport(
    double Threshold,
    int MinGroupSize,
    IReadOnlyList<GroupPerformance> Groups,
    double? DemographicParityDifference,
    double? EqualizedOddsDifference,
    double? AurocGap,
    string Summary);

/// <summary>Audits a binary model's predictions by subgroup (e.g. race or sex), suppressing small groups.</summary>
public static class FairnessAudit
{
    public static FairnessReport Run(IReadOnlyList<int> y, IReadOnlyList<double> p, IReadOnlyList<string> groups, double threshold, int minGroupSize = 50)
    {
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(groups);
        if (groups.Count != y.Count)
            throw new ArgumentException($"{groups.Count} group labels for {y.Count} people");
        var result = new List<GroupPerformance>();
        foreach (var g in Enumerable.Range(0, y.Count).GroupBy(i => groups[i], StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            var idx = g.ToArray();
            var gy = idx.Select(i => y[i]).ToArray();
            var gp = idx.Select(i => p[i]).ToArray();
            var events = gy.Sum();
            if (idx.Length < minGroupSize)
            {
                result.Add(new GroupPerformance(g.Key, idx.Length, events, true, null, null, null, null, null, null, null));
                continue;
            }

            var both = events > 0 && events < idx.Length;
            var selected = gp.Select(v => v > threshold).ToArray();
            double? tpr = events > 0 ? (double)gy.Where((v, k) => v == 1 && selected[k]).Count() / events : null;
            double? fpr = events < idx.Length ? (double)gy.Where((v, k) => v == 0 && selected[k]).Count() / (idx.Length - events) : null;
            result.Add(new GroupPerformance(g.Key, idx.Length, events, false,
                both ? BinaryMetrics.Auroc(gy, gp) : null,
                gp.Average(),
                (double)events / idx.Length,
                BinaryMetrics.Brier(gy, gp),
                selected.Count(s => s) / (double)idx.Length,
                tpr,
                fpr));
        }

        var shown = result.Where(r => !r.Suppressed).ToArray();
        double? Range(Func<GroupPerformance, double?> f)
        {
            var v = shown.Select(f).Where(x => x is not null).Select(x => x!.Value).ToArray();
            return v.Length >= 2 ? v.Max() - v.Min() : null;
        }

        var dp = Range(r => r.SelectionRate);
        var tprGap = Range(r => r.TruePositiveRate);
        var fprGap = Range(r => r.FalsePositiveRate);
        double? eo = tprGap is null && fprGap is null ? null : Math.Max(tprGap ?? 0, fprGap ?? 0);
        var aucGap = Range(r => r.Auroc);
        return new FairnessReport(threshold, minGroupSize, result, dp, eo, aucGap, Summarise(shown, result.Count - shown.Length, minGroupSize, dp, eo, aucGap));
    }

    private static string Summarise(GroupPerformance[] shown, int suppressed, int min, double? dp, double? eo, double? aucGap)
    {
        static string F(double? v) => v is { } x ? x.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";
        if (shown.Length < 2)
            return $"Fewer than two groups have at least {min} people, so no gap can be reported ({suppressed} group(s) suppressed).";
        var worst = shown.Where(g => g.Auroc is not null).OrderBy(g => g.Auroc).FirstOrDefault();
        var best = shown.Where(g => g.Auroc is not null).OrderByDescending(g => g.Auroc).FirstOrDefault();
        var text = $"Across {shown.Length} groups (≥{min} people; {suppressed} smaller group(s) suppressed): AUROC ranges {F(worst?.Auroc)} ({worst?.Group}) to {F(best?.Auroc)} ({best?.Group}), a gap of {F(aucGap)}; " +
            $"selection rates differ by up to {F(dp)} (demographic parity difference); true- or false-positive rates by up to {F(eo)} (equalized odds difference).";
        var miscal = shown.Where(g => g.MeanPredicted is not null && Math.Abs(g.MeanPredicted!.Value - g.ObservedRate!.Value) > 0.02).Select(g =>
            $"{g.Group} {(g.MeanPredicted > g.ObservedRate ? "over" : "under")}-predicted ({F(g.MeanPredicted)} predicted vs {F(g.ObservedRate)} observed)").ToArray();
        return text + (miscal.Length > 0 ? " Calibration: " + string.Join("; ", miscal) + "." : " Mean predicted risk is within 2 points of the observed rate in every group.");
    }
}

using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Precis.Prediction.Learners;
using Precis.Prediction.Metrics;

namespace Precis.Prediction.Validation;

/// <summary>Missing values of one feature.</summary>
/// <param name="Feature">Feature name.</param>
/// <param name="Missing">Rows where it is missing.</param>
/// <param name="Share">Missing / rows.</param>
public sealed record Missingness(string Feature, int Missing, double Share);

/// <summary>
/// A TRIPOD-style validation of a binary risk model on one dataset: data summary and missingness, discrimination,
/// calibration, overall performance, a decision curve, the subgroup audit, intended use and limits.
/// </summary>
public sealed record ValidationReport
{
    public required string ModelName { get; init; }

    public required string Dataset { get; init; }

    public required string IntendedUse { get; init; }

    public required IReadOnlyList<string> Limits { get; init; }

    public required int N { get; init; }

    public required int Events { get; init; }

    public required IReadOnlyList<Missingness> Missingness { get; init; }

    public required Interval Auroc { get; init; }

    public required Interval AurocBootstrap { get; init; }

    public required double Brier { get; init; }

    public required double LogLoss { get; init; }

    public required CalibrationFit Calibration { get; init; }

    public required double ExpectedCalibrationError { get; init; }

    /// <summary>Integrated calibration index; null above 5,000 rows (the lowess smoother is quadratic).</summary>
    public double? IntegratedCalibrationIndex { get; init; }

    public required IReadOnlyList<ReliabilityBin> Reliability { get; init; }

    public required IReadOnlyList<DecisionCurvePoint> DecisionCurve { get; init; }

    public required IReadOnlyList<DecisionCurvePoint> TreatAll { get; init; }

    public FairnessReport? Subgroups { get; init; }

    public required DateTimeOffset GeneratedAt { get; init; }

    public string Disclaimer { get; init; } = Core.Disclaimers.ResearchUse;

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Builds the report from outcomes and (out-of-sample) predicted probabilities.</summary>
    public static ValidationReport Create(string modelName, Dataset data, IReadOnlyList<double> predictions, string intendedUse, IReadOnlyList<string> limits, DateTimeOffset now, double auditThreshold = 0.2, int minGroupSize = 50)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(predictions);
        var y = data.BinaryY();
        var missing = Enumerable.Range(0, data.Features)
            .Select(j => new Missingness(data.FeatureNames[j], data.X.Count(r => double.IsNaN(r[j])), data.X.Count(r => double.IsNaN(r[j])) / (double)data.Rows))
            .ToArray();
        var thresholds = Metrics.DecisionCurve.Thresholds(0.01, 0.60, 0.01);
        return new ValidationReport
        {
            ModelName = modelName,
            Dataset = data.Name,
            IntendedUse = intendedUse,
            Limits = limits,
            N = data.Rows,
            Events = y.Sum(),
            Missingness = missing,
            Auroc = BinaryMetrics.AurocDeLong(y, predictions),
            AurocBootstrap = Bootstrap.Percentile(y, predictions, BinaryMetrics.Auroc, 200),
            Brier = BinaryMetrics.Brier(y, predictions),
            LogLoss = BinaryMetrics.LogLoss(y, predictions),
            Calibration = BinaryMetrics.Calibration(y, predictions),
            ExpectedCalibrationError = BinaryMetrics.ExpectedCalibrationError(y, predictions),
            IntegratedCalibrationIndex = data.Rows <= 5000 ? BinaryMetrics.IntegratedCalibrationIndex(y, predictions) : null,
            Reliability = BinaryMetrics.Reliability(y, predictions),
            DecisionCurve = Metrics.DecisionCurve.Curve(y, predictions, thresholds),
            TreatAll = Metrics.DecisionCurve.TreatAll(y, thresholds),
            Subgroups = data.Groups is null ? null : FairnessAudit.Run(y, predictions, data.Groups, auditThreshold, minGroupSize),
            GeneratedAt = now,
        };
    }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>A self-contained HTML page with inline SVG calibration and decision curves.</summary>
    public string ToHtml()
    {
        static string F(double v, string f = "0.000") => double.IsFinite(v) ? v.ToString(f, CultureInfo.InvariantCulture) : "–";
        static string E(string s) => WebUtility.HtmlEncode(s);
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Validation: ").Append(E(ModelName)).Append("</title>");
        sb.Append("<style>body{font-family:system-ui,sans-serif;max-width:960px;margin:2em auto;color:#222}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}.note{color:#555;font-size:90%}</style></head><body>");
        sb.Append("<h1>Validation report: ").Append(E(ModelName)).Append("</h1>");
        sb.Append("<p class=\"note\">").Append(E(Disclaimer)).Append(" Generated ").Append(GeneratedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)).Append(".</p>");
        sb.Append("<h2>Intended use and limits</h2><p>").Append(E(IntendedUse)).Append("</p><ul>");
        foreach (var l in Limits)
            sb.Append("<li>").Append(E(l)).Append("</li>");
        sb.Append("</ul><h2>Data</h2><p>").Append(E(Dataset)).Append(": ").Append(N).Append(" people, ").Append(Events).Append(" events (").Append(F(100.0 * Events / N, "0.0")).Append("%).</p>");
        var withMissing = Missingness.Where(m => m.Missing > 0).ToArray();
        if (withMissing.Length > 0)
        {
            sb.Append("<table><tr><th>Feature</th><th>Missing</th><th>Share</th></tr>");
            foreach (var m in withMissing)
                sb.Append("<tr><td>").Append(E(m.Feature)).Append("</td><td>").Append(m.Missing).Append("</td><td>").Append(F(100 * m.Share, "0.0")).Append("%</td></tr>");
            sb.Append("</table>");
        }
        else
        {
            sb.Append("<p>No missing values.</p>");
        }

        sb.Append("<h2>Performance</h2><table><tr><th>Measure</th><th>Value</th></tr>");
        sb.Append("<tr><td>AUROC (95% CI, DeLong)</td><td>").Append(F(Auroc.Estimate)).Append(" (").Append(F(Auroc.Lower)).Append('–').Append(F(Auroc.Upper)).Append(")</td></tr>");
        sb.Append("<tr><td>AUROC (95% CI, ").Append(E(AurocBootstrap.Method)).Append(")</td><td>").Append(F(AurocBootstrap.Lower)).Append('–').Append(F(AurocBootstrap.Upper)).Append("</td></tr>");
        sb.Append("<tr><td>Brier score</td><td>").Append(F(Brier, "0.0000")).Append("</td></tr>");
        sb.Append("<tr><td>Log-loss</td><td>").Append(F(LogLoss, "0.0000")).Append("</td></tr>");
        sb.Append("<tr><td>Calibration slope</td><td>").Append(F(Calibration.Slope)).Append("</td></tr>");
        sb.Append("<tr><td>Calibration intercept (with slope)</td><td>").Append(F(Calibration.Intercept)).Append("</td></tr>");
        sb.Append("<tr><td>Calibration-in-the-large</td><td>").Append(F(Calibration.InTheLarge)).Append("</td></tr>");
        sb.Append("<tr><td>ECE (10 bins)</td><td>").Append(F(ExpectedCalibrationError, "0.0000")).Append("</td></tr>");
        if (IntegratedCalibrationIndex is { } ici)
            sb.Append("<tr><td>ICI</td><td>").Append(F(ici, "0.0000")).Append("</td></tr>");
        sb.Append("</table>");

        sb.Append("<h2>Calibration</h2>").Append(CalibrationSvg());
        sb.Append("<h2>Decision curve</h2><p class=\"note\">Net benefit of treating those with predicted risk strictly above the threshold, against treating everyone (grey) and no one (zero).</p>").Append(DecisionSvg());

        if (Subgroups is { } s)
        {
            sb.Append("<h2>Subgroups</h2><p>").Append(E(s.Summary)).Append("</p>");
            sb.Append("<table><tr><th>Group</th><th>N</th><th>Events</th><th>AUROC</th><th>Mean predicted</th><th>Observed</th><th>Brier</th><th>Selected (&gt;").Append(F(s.Threshold, "0.00")).Append(")</th><th>TPR</th><th>FPR</th></tr>");
            foreach (var g in s.Groups)
            {
                sb.Append("<tr><td>").Append(E(g.Group)).Append("</td><td>").Append(g.N).Append("</td>");
                if (g.Suppressed)
                {
                    sb.Append("<td colspan=\"8\">suppressed (fewer than ").Append(s.MinGroupSize).Append(" people)</td></tr>");
                    continue;
                }

                sb.Append("<td>").Append(g.Events).Append("</td>");
                foreach (var v in new[] { g.Auroc, g.MeanPredicted, g.ObservedRate, g.Brier, g.SelectionRate, g.TruePositiveRate, g.FalsePositiveRate })
                    sb.Append("<td>").Append(v is { } x ? F(x) : "–").Append("</td>");
                sb.Append("</tr>");
            }

            sb.Append("</table>");
        }

        sb.Append("</body></html>");
        return sb.ToString();
    }

    private string CalibrationSvg()
    {
        const int W = 360, M = 40;
        static string C(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
        var sb = new StringBuilder();
        sb.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").Append(W + (2 * M)).Append("\" height=\"").Append(W + (2 * M)).Append("\" role=\"img\" aria-label=\"Calibration curve\">");
        sb.Append("<rect x=\"").Append(M).Append("\" y=\"").Append(M).Append("\" width=\"").Append(W).Append("\" height=\"").Append(W).Append("\" fill=\"none\" stroke=\"#999\"/>");
        sb.Append("<line x1=\"").Append(M).Append("\" y1=\"").Append(M + W).Append("\" x2=\"").Append(M + W).Append("\" y2=\"").Append(M).Append("\" stroke=\"#bbb\" stroke-dasharray=\"4\"/>");
        var pts = Reliability.Select(b => $"{C(M + (b.MeanPredicted * W))},{C(M + W - (b.ObservedRate * W))}");
        sb.Append("<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\" points=\"").Append(string.Join(' ', pts)).Append("\"/>");
        foreach (var b in Reliability)
            sb.Append("<circle cx=\"").Append(C(M + (b.MeanPredicted * W))).Append("\" cy=\"").Append(C(M + W - (b.ObservedRate * W))).Append("\" r=\"3\" fill=\"#1f77b4\"><title>").Append(b.Count).Append(" people</title></circle>");
        sb.Append("<text x=\"").Append(M + (W / 2)).Append("\" y=\"").Append(W + M + 30).Append("\" text-anchor=\"middle\" font-size=\"12\">Predicted risk</text>");
        sb.Append("<text x=\"12\" y=\"").Append(M + (W / 2)).Append("\" text-anchor=\"middle\" font-size=\"12\" transform=\"rotate(-90 12 ").Append(M + (W / 2)).Append(")\">Observed rate</text></svg>");
        return sb.ToString();
    }

    private string DecisionSvg()
    {
        const int W = 480, H = 300, M = 40;
        static string C(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
        var maxT = DecisionCurve.Max(p => p.Threshold);
        var maxNb = Math.Max(0.01, DecisionCurve.Concat(TreatAll).Max(p => p.NetBenefit));
        var minNb = -maxNb / 4;
        double X(double t) => M + (t / maxT * W);
        double Y(double nb) => M + H - ((Math.Clamp(nb, minNb, maxNb) - minNb) / (maxNb - minNb) * H);
        var sb = new StringBuilder();
        sb.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").Append(W + (2 * M)).Append("\" height=\"").Append(H + (2 * M)).Append("\" role=\"img\" aria-label=\"Decision curve\">");
        sb.Append("<rect x=\"").Append(M).Append("\" y=\"").Append(M).Append("\" width=\"").Append(W).Append("\" height=\"").Append(H).Append("\" fill=\"none\" stroke=\"#999\"/>");
        sb.Append("<line x1=\"").Append(M).Append("\" y1=\"").Append(C(Y(0))).Append("\" x2=\"").Append(M + W).Append("\" y2=\"").Append(C(Y(0))).Append("\" stroke=\"#000\"/>");
        sb.Append("<polyline fill=\"none\" stroke=\"#999\" stroke-width=\"1.5\" points=\"").Append(string.Join(' ', TreatAll.Select(p => $"{C(X(p.Threshold))},{C(Y(p.NetBenefit))}"))).Append("\"/>");
        sb.Append("<polyline fill=\"none\" stroke=\"#d62728\" stroke-width=\"2\" points=\"").Append(string.Join(' ', DecisionCurve.Select(p => $"{C(X(p.Threshold))},{C(Y(p.NetBenefit))}"))).Append("\"/>");
        sb.Append("<text x=\"").Append(M + (W / 2)).Append("\" y=\"").Append(H + M + 30).Append("\" text-anchor=\"middle\" font-size=\"12\">Threshold probability (0–").Append(C(maxT)).Append(")</text>");
        sb.Append("<text x=\"12\" y=\"").Append(M + (H / 2)).Append("\" text-anchor=\"middle\" font-size=\"12\" transform=\"rotate(-90 12 ").Append(M + (H / 2)).Append(")\">Net benefit</text></svg>");
        return sb.ToString();
    }
}

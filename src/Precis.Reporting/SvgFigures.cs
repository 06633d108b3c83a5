using System.Globalization;
using System.Net;
using System.Text;
using Precis.Core;

namespace Precis.Reporting;

/// <summary>
/// Draws a plan's figures as self-contained inline SVG (no library, no script, no external asset): the polygenic
/// percentile curve, activity-score bars, a prediction's explanation waterfall and the CGM daily profile. Every figure
/// has a title, axis labels and a text alternative (&lt;title&gt;, &lt;desc&gt; and a caption).
/// </summary>
public static class SvgFigures
{
    private const double Width = 640;
    private const double Height = 260;
    private const double Left = 64;
    private const double Right = 20;
    private const double Top = 16;
    private const double Bottom = 48;
    private const string Accent = "#0b5c74";
    private const string Muted = "#5b6775";

    /// <summary>The figure as an HTML &lt;figure&gt; holding the SVG and its caption.</summary>
    /// <param name="figure">The figure's data.</param>
    /// <param name="plainCaption">Patient view: caption in plain words only, no ids.</param>
    public static string Render(FigureData figure, bool plainCaption = false)
    {
        ArgumentNullException.ThrowIfNull(figure);
        var svg = new StringBuilder(4096);
        var key = Key(figure.Id);
        var height = figure.Kind == "activity-bars" ? BarsHeight(figure.Points.Count) : Height;
        svg.Append("<figure class=\"fig\" id=\"").Append(E(key)).Append("\"><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
           .Append(N(Width)).Append(' ').Append(N(height)).Append("\" role=\"img\" aria-labelledby=\"").Append(E(key)).Append("-t ").Append(E(key)).Append("-d\">")
           .Append("<title id=\"").Append(E(key)).Append("-t\">").Append(E(figure.Title)).Append("</title>")
           .Append("<desc id=\"").Append(E(key)).Append("-d\">").Append(E(figure.Caption)).Append("</desc>")
           .Append("<style>text{font:11px system-ui,sans-serif;fill:#1d2733}.ax{stroke:#8a96a3;stroke-width:1}.lab{font-size:12px;fill:").Append(Muted).Append("}</style>");
        switch (figure.Kind)
        {
            case "percentile-curve":
                PercentileCurve(svg, figure);
                break;
            case "activity-bars":
                ActivityBars(svg, figure);
                break;
            case "waterfall":
                Waterfall(svg, figure);
                break;
            case "daily-profile":
                DailyProfile(svg, figure);
                break;
            default:
                throw new ArgumentException($"unknown figure kind '{figure.Kind}'", nameof(figure));
        }

        if (figure.Kind != "activity-bars")
            AxisLabels(svg, figure);
        svg.Append("</svg><figcaption><strong>").Append(E(figure.Title)).Append(".</strong> ").Append(E(figure.Caption));
        if (!plainCaption && figure.FindingIds.Count > 0)
            svg.Append(" <span class=\"muted\">Data: ").Append(E(string.Join(", ", figure.FindingIds))).Append(".</span>");
        svg.Append("</figcaption></figure>");
        return svg.ToString();
    }

    private static void PercentileCurve(StringBuilder s, FigureData f)
    {
        var patient = f.Points.FirstOrDefault(x => x.Label == "patient") ?? f.Points[0];
        var quantiles = f.Points.Where(x => x.Label != "patient").ToList();
        if (quantiles.Count >= 3 && patient.Low is { } score)
        {
            EmpiricalCurve(s, patient.Value, score, quantiles);
            return;
        }

        var p = Math.Clamp(patient.Value, 0.1, 99.9);
        var z = InverseNormal(p / 100);
        const double lo = -3.5, hi = 3.5;
        double X(double v) => Left + ((v - lo) / (hi - lo) * (Width - Left - Right));
        double Y(double d) => Height - Bottom - (d / 0.42 * (Height - Top - Bottom));
        var curve = new StringBuilder();
        var shade = new StringBuilder().Append(N(X(lo))).Append(',').Append(N(Y(0))).Append(' ');
        for (var v = lo; v <= hi + 1e-9; v += 0.05)
        {
            var d = Math.Exp(-v * v / 2) / Math.Sqrt(2 * Math.PI);
            curve.Append(N(X(v))).Append(',').Append(N(Y(d))).Append(' ');
            if (v <= z)
                shade.Append(N(X(v))).Append(',').Append(N(Y(d))).Append(' ');
        }

        var dz = Math.Exp(-z * z / 2) / Math.Sqrt(2 * Math.PI);
        shade.Append(N(X(z))).Append(',').Append(N(Y(dz))).Append(' ').Append(N(X(z))).Append(',').Append(N(Y(0)));
        Axes(s);
        s.Append("<polygon points=\"").Append(shade).Append("\" fill=\"#cfe6ee\"/>")
         .Append("<polyline points=\"").Append(curve).Append("\" fill=\"none\" stroke=\"").Append(Accent).Append("\" stroke-width=\"2\"/>");
        for (var t = -3; t <= 3; t++)
            TickX(s, X(t), t.ToString("+0;-0;0", CultureInfo.InvariantCulture));
        s.Append("<line x1=\"").Append(N(X(z))).Append("\" y1=\"").Append(N(Top)).Append("\" x2=\"").Append(N(X(z))).Append("\" y2=\"").Append(N(Y(0)))
         .Append("\" stroke=\"#b3261e\" stroke-width=\"2\" stroke-dasharray=\"4 3\"/>")
         .Append("<text x=\"").Append(N(Math.Min(X(z) + 6, Width - 150))).Append("\" y=\"").Append(N(Top + 14)).Append("\" fill=\"#b3261e\">")
         .Append(E($"this patient: {p.ToString("0.#", CultureInfo.InvariantCulture)}th percentile")).Append("</text>");
    }

    private const double BarRow = 30;

    private static double BarsHeight(int rows) => Top + 18 + (rows * BarRow) + 44;

    /// <summary>The reference distribution as score → percentile (its quantiles), with the patient's score marked.</summary>
    private static void EmpiricalCurve(StringBuilder s, double percentile, double score, List<FigurePoint> quantiles)
    {
        var lo = Math.Min(quantiles.Min(q => q.Value), score);
        var hi = Math.Max(quantiles.Max(q => q.Value), score);
        if (hi - lo < 1e-12)
            hi = lo + 1;
        double X(double v) => Left + ((v - lo) / (hi - lo) * (Width - Left - Right));
        double Y(double pct) => Height - Bottom - (pct / 100 * (Height - Top - Bottom));
        Axes(s);
        var points = string.Join(' ', quantiles.Select(q => N(X(q.Value)) + "," + N(Y(double.Parse(q.Label, CultureInfo.InvariantCulture)))));
        s.Append("<polyline points=\"").Append(points).Append("\" fill=\"none\" stroke=\"").Append(Accent).Append("\" stroke-width=\"2\"/>");
        for (var t = 0; t <= 100; t += 25)
            s.Append("<text x=\"").Append(N(Left - 6)).Append("\" y=\"").Append(N(Y(t) + 4)).Append("\" text-anchor=\"end\">").Append(t.ToString(CultureInfo.InvariantCulture)).Append("</text>");
        for (var i = 0; i <= 4; i++)
        {
            var v = lo + ((hi - lo) * i / 4);
            TickX(s, X(v), v.ToString("0.###", CultureInfo.InvariantCulture));
        }

        s.Append("<line x1=\"").Append(N(X(score))).Append("\" y1=\"").Append(N(Y(0))).Append("\" x2=\"").Append(N(X(score))).Append("\" y2=\"").Append(N(Y(percentile)))
         .Append("\" stroke=\"#b3261e\" stroke-width=\"2\" stroke-dasharray=\"4 3\"/>")
         .Append("<line x1=\"").Append(N(Left)).Append("\" y1=\"").Append(N(Y(percentile))).Append("\" x2=\"").Append(N(X(score))).Append("\" y2=\"").Append(N(Y(percentile)))
         .Append("\" stroke=\"#b3261e\" stroke-dasharray=\"4 3\"/>")
         .Append("<circle cx=\"").Append(N(X(score))).Append("\" cy=\"").Append(N(Y(percentile))).Append("\" r=\"5\" fill=\"#b3261e\"/>")
         .Append("<text x=\"").Append(N(Math.Min(X(score) + 8, Width - 170))).Append("\" y=\"").Append(N(Math.Max(Y(percentile) - 8, Top + 10))).Append("\" fill=\"#b3261e\">")
         .Append(E($"this patient: {percentile.ToString("0.#", CultureInfo.InvariantCulture)}th percentile")).Append("</text>");
    }

    private static void ActivityBars(StringBuilder s, FigureData f)
    {
        var max = f.Points.Max(p => p.High ?? p.Value);
        max = Math.Max(max, 2);
        const double rowH = BarRow;
        const double top = Top + 18;
        var left = 230.0;
        s.Append("<text class=\"lab\" x=\"").Append(N(left - 8)).Append("\" y=\"").Append(N(Top + 6)).Append("\" text-anchor=\"end\">").Append(E(f.XLabel)).Append("</text>");
        double X(double v) => left + (v / max * (Width - left - Right));
        for (var i = 0; i < f.Points.Count; i++)
        {
            var p = f.Points[i];
            var y = top + (i * rowH) + 4;
            var colour = p.Value < 1 ? "#b3261e" : p.Value < 2 ? "#b26a00" : "#1e7d3a";
            s.Append("<text x=\"").Append(N(left - 8)).Append("\" y=\"").Append(N(y + (rowH / 2))).Append("\" text-anchor=\"end\">").Append(E(p.Label)).Append("</text>")
             .Append("<rect x=\"").Append(N(X(0))).Append("\" y=\"").Append(N(y)).Append("\" width=\"").Append(N(Math.Max(1, X(p.Value) - X(0)))).Append("\" height=\"").Append(N(rowH - 10))
             .Append("\" fill=\"").Append(colour).Append("\"/>")
             .Append("<text x=\"").Append(N(X(p.Value) + 4)).Append("\" y=\"").Append(N(y + (rowH / 2))).Append("\">").Append(N1(p.Value)).Append("</text>");
        }

        var baseY = top + (f.Points.Count * rowH) + 2;
        s.Append("<line class=\"ax\" x1=\"").Append(N(left)).Append("\" y1=\"").Append(N(baseY)).Append("\" x2=\"").Append(N(Width - Right)).Append("\" y2=\"").Append(N(baseY)).Append("\"/>");
        for (var t = 0.0; t <= max + 1e-9; t += 0.5)
        {
            s.Append("<text x=\"").Append(N(X(t))).Append("\" y=\"").Append(N(baseY + 14)).Append("\" text-anchor=\"middle\">").Append(N1(t)).Append("</text>");
        }

        s.Append("<line x1=\"").Append(N(X(2))).Append("\" y1=\"").Append(N(top)).Append("\" x2=\"").Append(N(X(2))).Append("\" y2=\"").Append(N(baseY))
         .Append("\" stroke=\"").Append(Muted).Append("\" stroke-dasharray=\"3 3\"/>")
         .Append("<text class=\"lab\" x=\"").Append(N((left + Width - Right) / 2)).Append("\" y=\"").Append(N(baseY + 34)).Append("\" text-anchor=\"middle\">").Append(E(f.YLabel)).Append("</text>");
    }

    private static void Waterfall(StringBuilder s, FigureData f)
    {
        var values = f.Points.SelectMany(p => new[] { p.Value, p.Low ?? p.Value, p.High ?? p.Value }).Append(0).ToList();
        var lo = values.Min();
        var hi = values.Max();
        if (hi - lo < 1e-9)
            hi = lo + 1;
        var pad = (hi - lo) * 0.08;
        lo -= pad;
        hi += pad;
        double Y(double v) => Height - Bottom - ((v - lo) / (hi - lo) * (Height - Top - Bottom));
        var colW = (Width - Left - Right) / f.Points.Count;
        Axes(s);
        s.Append("<line x1=\"").Append(N(Left)).Append("\" y1=\"").Append(N(Y(0))).Append("\" x2=\"").Append(N(Width - Right)).Append("\" y2=\"").Append(N(Y(0))).Append("\" stroke=\"#c4ccd4\"/>");
        for (var i = 0; i < f.Points.Count; i++)
        {
            var p = f.Points[i];
            var isStep = p.Low is not null && p.High is not null;
            var (a, b) = isStep ? (p.Low!.Value, p.High!.Value) : (0, p.Value);
            var colour = !isStep ? Accent : p.Value >= 0 ? "#b3261e" : "#1e7d3a";
            var x = Left + (i * colW) + (colW * 0.15);
            s.Append("<rect x=\"").Append(N(x)).Append("\" y=\"").Append(N(Y(Math.Max(a, b)))).Append("\" width=\"").Append(N(colW * 0.7)).Append("\" height=\"")
             .Append(N(Math.Max(1, Math.Abs(Y(a) - Y(b))))).Append("\" fill=\"").Append(colour).Append("\"/>");
            TickX(s, x + (colW * 0.35), p.Label);
            var label = isStep ? p.Value.ToString("+0.00;-0.00", CultureInfo.InvariantCulture) : p.Value.ToString("0.00", CultureInfo.InvariantCulture);
            s.Append("<text x=\"").Append(N(x + (colW * 0.35))).Append("\" y=\"").Append(N(Y(Math.Max(a, b)) - 4)).Append("\" text-anchor=\"middle\">").Append(label).Append("</text>");
        }
    }

    private static void DailyProfile(StringBuilder s, FigureData f)
    {
        var hours = f.Points.Select(p => (h: Hour(p.Label), p)).ToList();
        var top = Math.Max(250, hours.Max(x => x.p.High ?? x.p.Value) + 20);
        const double bottom = 40;
        double X(double h) => Left + (h / 23 * (Width - Left - Right));
        double Y(double v) => Height - Bottom - ((v - bottom) / (top - bottom) * (Height - Top - Bottom));
        s.Append("<rect x=\"").Append(N(Left)).Append("\" y=\"").Append(N(Y(180))).Append("\" width=\"").Append(N(Width - Left - Right)).Append("\" height=\"")
         .Append(N(Y(70) - Y(180))).Append("\" fill=\"#e4f3e8\"/>")
         .Append("<text x=\"").Append(N(Width - Right - 4)).Append("\" y=\"").Append(N(Y(70) - 4)).Append("\" text-anchor=\"end\" class=\"lab\">target 70–180 mg/dL</text>");
        Axes(s);
        var band = new StringBuilder();
        foreach (var (h, p) in hours)
            band.Append(N(X(h))).Append(',').Append(N(Y(p.High ?? p.Value))).Append(' ');
        foreach (var (h, p) in Enumerable.Reverse(hours))
            band.Append(N(X(h))).Append(',').Append(N(Y(p.Low ?? p.Value))).Append(' ');
        s.Append("<polygon points=\"").Append(band).Append("\" fill=\"#9fd8e6\" fill-opacity=\"0.6\"/>")
         .Append("<polyline points=\"").Append(string.Join(' ', hours.Select(x => N(X(x.h)) + "," + N(Y(x.p.Value))))).Append("\" fill=\"none\" stroke=\"").Append(Accent).Append("\" stroke-width=\"2\"/>");
        for (var h = 0; h <= 23; h += 3)
            TickX(s, X(h), h.ToString("00", CultureInfo.InvariantCulture) + ":00");
        for (var v = 50.0; v <= top; v += 50)
        {
            s.Append("<text x=\"").Append(N(Left - 6)).Append("\" y=\"").Append(N(Y(v) + 4)).Append("\" text-anchor=\"end\">").Append(N1(v)).Append("</text>");
        }
    }

    private static void Axes(StringBuilder s) =>
        s.Append("<line class=\"ax\" x1=\"").Append(N(Left)).Append("\" y1=\"").Append(N(Top)).Append("\" x2=\"").Append(N(Left)).Append("\" y2=\"").Append(N(Height - Bottom)).Append("\"/>")
         .Append("<line class=\"ax\" x1=\"").Append(N(Left)).Append("\" y1=\"").Append(N(Height - Bottom)).Append("\" x2=\"").Append(N(Width - Right)).Append("\" y2=\"").Append(N(Height - Bottom)).Append("\"/>");

    private static void TickX(StringBuilder s, double x, string label) =>
        s.Append("<text x=\"").Append(N(x)).Append("\" y=\"").Append(N(Height - Bottom + 14)).Append("\" text-anchor=\"middle\">").Append(E(label)).Append("</text>");

    private static void AxisLabels(StringBuilder s, FigureData f) =>
        s.Append("<text class=\"lab\" x=\"").Append(N((Width + Left) / 2)).Append("\" y=\"").Append(N(Height - 8)).Append("\" text-anchor=\"middle\">").Append(E(f.XLabel)).Append("</text>")
         .Append("<text class=\"lab\" transform=\"translate(14 ").Append(N((Height - Bottom + Top) / 2)).Append(") rotate(-90)\" text-anchor=\"middle\">").Append(E(f.YLabel)).Append("</text>");

    private static double Hour(string label) =>
        double.TryParse(label.Split(':')[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var h) ? h : 0;

    /// <summary>Inverse of the standard normal CDF (Acklam's rational approximation, relative error &lt; 1.2e-9).</summary>
    public static double InverseNormal(double p)
    {
        if (p is <= 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(p), p, "probability must be strictly between 0 and 1");
        double[] a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        double[] b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        double[] c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        double[] d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        const double low = 0.02425;
        if (p < low)
        {
            var q = Math.Sqrt(-2 * Math.Log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }

        if (p > 1 - low)
        {
            var q = Math.Sqrt(-2 * Math.Log(1 - p));
            return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }

        var r = p - 0.5;
        var t = r * r;
        return (((((a[0] * t + a[1]) * t + a[2]) * t + a[3]) * t + a[4]) * t + a[5]) * r / (((((b[0] * t + b[1]) * t + b[2]) * t + b[3]) * t + b[4]) * t + 1);
    }

    private static string Key(string id) => "fig-" + new string([.. id.Select(ch => char.IsAsciiLetterOrDigit(ch) ? ch : '-')]);

    private static string N(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    private static string N1(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");
}

using System.Globalization;
using System.Text.Json;
using Precis.Prediction.Calibration;
using Precis.Prediction.Data;
using Precis.Prediction.Learners;
using Precis.Prediction.Metrics;
using Precis.Testing;

namespace Precis.Prediction.Tests;

/// <summary>Every metric against scikit-learn 1.2.1 on Pima out-of-fold logistic-regression probabilities.</summary>
public sealed class PimaMetricVectorTests
{
    private const double Tol = 1e-6;

    private static (JsonElement Root, int[] Y, double[] P) Load()
    {
        var path = TestPaths.Shared("ml/metric_vectors/pima_oof_lr_metrics.json");
        var root = JsonDocument.Parse(File.ReadAllText(path)).RootElement;
        var y = root.GetProperty("y").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var p = root.GetProperty("prob").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        return (root, y, p);
    }

    [SkippableFact]
    public void Discrimination_and_scores_equal_sklearn()
    {
        var (root, y, p) = Load();
        Assert.Equal(768, y.Length);
        Assert.Equal(root.GetProperty("auroc").GetDouble(), BinaryMetrics.Auroc(y, p), Tol);
        Assert.Equal(root.GetProperty("average_precision").GetDouble(), BinaryMetrics.AveragePrecision(y, p), Tol);
        Assert.Equal(root.GetProperty("brier").GetDouble(), BinaryMetrics.Brier(y, p), Tol);
        Assert.Equal(root.GetProperty("log_loss").GetDouble(), BinaryMetrics.LogLoss(y, p), Tol);
    }

    [SkippableFact]
    public void Calibration_slope_intercept_and_in_the_large_equal_the_logistic_recalibration_fit()
    {
        var (root, y, p) = Load();
        var c = BinaryMetrics.Calibration(y, p);
        Assert.Equal(root.GetProperty("calibration_slope").GetDouble(), c.Slope, Tol);
        Assert.Equal(root.GetProperty("calibration_slope_fit_intercept").GetDouble(), c.Intercept, Tol);
        Assert.Equal(root.GetProperty("calibration_in_the_large_offset_intercept").GetDouble(), c.InTheLarge, Tol);
    }

    [SkippableFact]
    public void Reliability_bins_and_ECE_equal_sklearn_calibration_curve()
    {
        var (root, y, p) = Load();
        var rel = BinaryMetrics.Reliability(y, p, 10);
        var frac = root.GetProperty("reliability_uniform10").GetProperty("frac_pos").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var mean = root.GetProperty("reliability_uniform10").GetProperty("mean_pred").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(frac.Length, rel.Count);
        for (var i = 0; i < rel.Count; i++)
        {
            Assert.Equal(frac[i], rel[i].ObservedRate, Tol);
            Assert.Equal(mean[i], rel[i].MeanPredicted, Tol);
        }

        Assert.Equal(root.GetProperty("ece_10_uniform_bins").GetDouble(), BinaryMetrics.ExpectedCalibrationError(y, p, 10), Tol);
    }

    [SkippableFact]
    public void Platt_and_isotonic_fits_equal_sklearn()
    {
        var (root, y, p) = Load();
        var platt = PlattScaling.Fit(y, p);
        Assert.Equal(root.GetProperty("platt").GetProperty("A").GetDouble(), platt.A, Tol);
        Assert.Equal(root.GetProperty("platt").GetProperty("B").GetDouble(), platt.B, Tol);

        var iso = IsotonicCalibration.Fit(y, p);
        var xs = root.GetProperty("isotonic").GetProperty("X_thresholds").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var ys = root.GetProperty("isotonic").GetProperty("y_thresholds").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(xs.Length, iso.X.Count);
        for (var i = 0; i < xs.Length; i++)
        {
            Assert.Equal(xs[i], iso.X[i], Tol);
            Assert.Equal(ys[i], iso.Y[i], Tol);
        }

        Assert.Equal(ys[0], iso.Apply(-1), Tol);
        Assert.Equal(ys[^1], iso.Apply(2), Tol);
    }

    [SkippableFact]
    public void Net_benefit_treats_only_risks_strictly_above_the_threshold()
    {
        var (root, y, p) = Load();
        foreach (var kv in root.GetProperty("net_benefit").EnumerateObject())
        {
            var t = double.Parse(kv.Name, CultureInfo.InvariantCulture);
            Assert.Equal(kv.Value.GetDouble(), DecisionCurve.NetBenefit(y, p, t), Tol);
        }
    }

    [SkippableFact]
    public void DeLong_interval_contains_the_AUROC_and_is_narrower_than_plus_minus_five_points_for_768_people()
    {
        var (_, y, p) = Load();
        var ci = BinaryMetrics.AurocDeLong(y, p);
        Assert.InRange(ci.Estimate, ci.Lower, ci.Upper);
        Assert.InRange(ci.Upper - ci.Lower, 0.04, 0.10);

        // The bootstrap interval of the same AUROC agrees with DeLong's to about a point.
        var boot = Bootstrap.Percentile(y, p, BinaryMetrics.Auroc, resamples: 300);
        Assert.Equal(ci.Lower, boot.Lower, 0.015);
        Assert.Equal(ci.Upper, boot.Upper, 0.015);
    }
}

public sealed class DeLongTests
{
    [Fact]
    public void DeLong_variance_matches_the_hand_computed_value_for_a_small_example()
    {
        // Events 0.9, 0.6, 0.4; non-events 0.5, 0.3. V10 (share of non-events below each event) = (1, 1, 0.5);
        // V01 (share of events above each non-event) = (2/3, 1). AUC = 5/6, S10 = 1/12, S01 = 1/18.
        int[] y = [1, 1, 1, 0, 0];
        double[] p = [0.9, 0.6, 0.4, 0.5, 0.3];
        var (auc, v10, v01) = BinaryMetrics.DeLongComponents(y, p);
        Assert.Equal(5.0 / 6, auc, 12);
        Assert.Equal([1, 1, 0.5], v10);
        Assert.Equal(2.0 / 3, v01[0], 12);
        Assert.Equal(1.0, v01[1], 12);
        var ci = BinaryMetrics.AurocDeLong(y, p);
        var s10 = 1.0 / 12;
        var s01 = 1.0 / 18;
        var se = Math.Sqrt((s10 / 3) + (s01 / 2));
        Assert.Equal(Math.Min(1, auc + (1.959963984540054 * se)), ci.Upper, 9);
    }

    [Fact]
    public void Ties_between_an_event_and_a_non_event_count_one_half()
    {
        Assert.Equal(0.5, BinaryMetrics.Auroc([1, 0], [0.3, 0.3]));
    }

    [Fact]
    public void A_single_class_is_refused_with_the_reason()
    {
        var ex = Assert.Throws<ArgumentException>(() => BinaryMetrics.Auroc([1, 1], [0.2, 0.3]));
        Assert.Equal("AUROC needs both events and non-events", ex.Message);
    }
}

/// <summary>Decision curves against R dcurves' own benchmark tables (MSKCC-Epi-Bio/dcurves tests/benchmark_data).</summary>
public sealed class DecisionCurveTests
{
    private const double Tol = 1e-6;

    private static (int[] Cancer, CsvTable Data) Data()
    {
        var t = CsvTable.ReadFile(TestPaths.Shared("ml/dca_dcurves/df_binary.csv"));
        var c = t.Column("cancer");
        return ([.. t.Rows.Select(r => r[c] == "TRUE" ? 1 : 0)], t);
    }

    private static double[] Column(CsvTable t, string name) =>
        [.. t.Rows.Select(r => double.Parse(r[t.Column(name)], CultureInfo.InvariantCulture))];

    private static void AssertTable(string file, string variable, IReadOnlyList<DecisionCurvePoint> all, IReadOnlyList<DecisionCurvePoint> none, IReadOnlyList<DecisionCurvePoint> model)
    {
        var r = CsvTable.ReadFile(TestPaths.Shared("ml/dca_dcurves/" + file));
        var checkedRows = 0;
        foreach (var row in r.Rows)
        {
            string V(string c) => row[r.Column(c)];
            var t = double.Parse(V("threshold"), CultureInfo.InvariantCulture);
            var curve = V("variable") switch
            {
                "all" => all,
                "none" => none,
                var v when v == variable => model,
                var v => throw new InvalidOperationException("unexpected variable " + v),
            };
            var point = curve.Single(p => Math.Abs(p.Threshold - t) < 1e-9);
            Assert.Equal(int.Parse(V("n"), CultureInfo.InvariantCulture), point.N);
            Assert.Equal(Num(V("pos_rate")), point.PositiveRate, Tol);
            Assert.Equal(Num(V("tp_rate")), point.TruePositiveRate, Tol);
            Assert.Equal(Num(V("fp_rate")), point.FalsePositiveRate, Tol);
            Assert.Equal(Num(V("net_benefit")), point.NetBenefit, Tol);
            if (r.HasColumn("test_pos_rate"))
                Assert.Equal(Num(V("test_pos_rate")), point.TestPositiveRate, Tol);
            if (r.HasColumn("net_intervention_avoided") && V("net_intervention_avoided") != "NA")
            {
                var expected = Num(V("net_intervention_avoided"));
                if (double.IsInfinity(expected))
                    Assert.Equal(expected, point.NetInterventionsAvoided);
                else
                    Assert.Equal(expected, point.NetInterventionsAvoided, Tol);
            }

            checkedRows++;
        }

        Assert.Equal(300, checkedRows);

        static double Num(string s) => s switch
        {
            "Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            _ => double.Parse(s, CultureInfo.InvariantCulture),
        };
    }

    [SkippableTheory]
    [InlineData("r_case1_results.csv")]
    [InlineData("r_dca_famhistory.csv")]
    public void Family_history_marker_curve_equals_dcurves(string file)
    {
        var (y, t) = Data();
        var fam = Column(t, "famhistory");
        var th = DecisionCurve.Thresholds();
        AssertTable(file, "famhistory", DecisionCurve.TreatAll(y, th), DecisionCurve.TreatNone(y, th), DecisionCurve.Curve(y, fam, th));
    }

    [SkippableFact]
    public void Age_converted_to_a_probability_by_logistic_regression_equals_dcurves()
    {
        // dcurves' as_probability: the fitted risk of a univariable logistic regression of the outcome on the variable.
        var (y, t) = Data();
        var age = Column(t, "age");
        var beta = LogisticFit.Fit([.. age.Select(a => new[] { a })], [.. y.Select(v => (double)v)]);
        var risk = age.Select(a => LogisticFit.Sigmoid(beta[0] + (beta[1] * a))).ToArray();
        var th = DecisionCurve.Thresholds();
        AssertTable("r_simple_binary_dca_result_df.csv", "age", DecisionCurve.TreatAll(y, th), DecisionCurve.TreatNone(y, th), DecisionCurve.Curve(y, risk, th));
    }
}

public sealed class RegressionMetricTests
{
    [Fact]
    public void MAE_RMSE_R2_and_share_within_20_percent_are_computed_as_defined()
    {
        var s = RegressionMetrics.Summarise([10, 20, 30, 40], [12, 20, 23, 40]);
        Assert.Equal(9.0 / 4, s.Mae, 12);
        Assert.Equal(Math.Sqrt(53.0 / 4), s.Rmse, 12);
        Assert.Equal(1 - (53.0 / 500), s.RSquared, 12);
        Assert.Equal(0.75, s.WithinTwentyPercent, 12); // 12 vs 10 is exactly 20%: counted within; 23 vs 30 (23%) is outside.
    }
}

using System.Text.Json;
using Precis.Prediction.Data;
using Precis.Prediction.Explain;
using Precis.Prediction.Learners;
using Precis.Prediction.Models;
using Precis.Prediction.Validation;
using Precis.Testing;

namespace Precis.Prediction.Tests;

public sealed class ModelFileTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);

    [SkippableFact]
    public void A_trained_model_saved_and_loaded_predicts_and_explains_exactly_as_before()
    {
        var path = TestPaths.Shared("ml/heart_failure/heart_failure_clinical_records_dataset.csv");
        var table = CsvTable.ReadFile(path);
        var spec = TabularLoader.Infer(table, "DEATH_EVENT", ["time"]);
        Assert.DoesNotContain("time", spec.Numeric);
        var model = ModelTrainer.Train(table, path, spec, null, new GradientBoostingLearner(new BoostingOptions(Iterations: 30)), true, "hf", "research", Now, "test");
        Assert.Equal(299, model.Card.Rows);
        Assert.Equal(96, model.Card.Events);
        Assert.InRange(model.Card.Metrics["cv_auroc_mean"], 0.6, 0.9);
        Assert.Equal(64, model.Card.TrainingSha256.Length);

        var file = Path.Combine(TestPaths.TempDir(), "model.json");
        model.Save(file);
        var loaded = SavedModel.Load(file);
        var data = loaded.Encoder.Encode(table, "hf");
        foreach (var row in data.X)
        {
            Assert.Equal(model.Predict(row), loaded.Predict(row));
            Assert.Equal(loaded.Margin(row), loaded.Shap(row).Sum(), 1e-9);
        }

        var top = Contributions.Top(data.FeatureNames, data.X[0], loaded.Shap(data.X[0]), 3);
        Assert.Equal(3, top.Count);
        Assert.True(Math.Abs(top[0].Shap) >= Math.Abs(top[1].Shap));
        var words = Contributions.InWords(top, loaded.Shap(data.X[0])[^1], loaded.Margin(data.X[0]), true);
        Assert.StartsWith("Predicted risk ", words, StringComparison.Ordinal);
        Assert.Contains(top[0].Feature + " = ", words, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void A_searched_model_names_its_chosen_settings_on_the_card_and_explains_a_row_for_a_waterfall()
    {
        var path = TestPaths.Shared("ml/heart_failure/heart_failure_clinical_records_dataset.csv");
        var table = CsvTable.ReadFile(path);
        var spec = TabularLoader.Infer(table, "DEATH_EVENT", ["time"]);
        var learner = BoostingSearchOptions.DefaultLearner(table.Rows.Count, new BoostingOptions(Threads: 2));
        var model = ModelTrainer.Train(table, path, spec, null, learner, true, "hf", "research", Now, "test", folds: 0);
        Assert.Matches(@"^histogram gradient boosting with settings chosen by inner cross-validation: (4|8|31) leaves, min (10|20) per leaf, L2 0, \d+ rounds, learning rate 0.1 \(lowest 3-fold inner log-loss 0\.\d+ of 6 settings × 1–100 rounds\)$", model.Card.Learner);

        var data = model.Encoder.Encode(table, "hf");
        var explanation = model.Explain(data.X[0]);
        Assert.Equal(data.Features, explanation.Features.Count);
        Assert.Equal(data.FeatureNames, explanation.Features.Select(c => c.Feature));
        Assert.Equal(data.X[0][0], explanation.Features[0].Value);
        Assert.Equal(model.Margin(data.X[0]), explanation.Margin, 1e-9);
        Assert.Equal(model.Predict(data.X[0]), explanation.Prediction, 1e-9);
        Assert.Equal(model.Shap(data.X[0])[^1], explanation.ExpectedMargin);
        Assert.InRange(explanation.ExpectedPrediction, 0.2, 0.45);
    }

    [Fact]
    public void A_model_file_of_another_format_version_is_refused_naming_the_field()
    {
        var file = Path.Combine(TestPaths.TempDir(), "old.json");
        File.WriteAllText(file, """{"format":"precis-model","formatVersion":99,"card":null,"encoder":{"outcome":"y","numeric":[],"categorical":[],"missingTokens":[]}}""");
        var ex = Assert.Throws<Precis.Core.InputException>(() => SavedModel.Load(file));
        Assert.Equal("$.formatVersion", ex.Error.Field);
        Assert.Contains("version 99 is not supported", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_value_in_a_training_table_names_the_file_line_and_column()
    {
        var table = CsvTable.Read(new StringReader("y,a,b\n1,2,3\n0,x,4\n"), "t.csv");
        var spec = new TabularSpec("y", null, ["a", "b"], [], new HashSet<string>([""]));
        var ex = Assert.Throws<Precis.Core.InputException>(() => TabularLoader.Load(table, spec, "t"));
        Assert.Equal("t.csv:3:2: a: 'x' is not a number", ex.Message);
    }

    [Fact]
    public void A_row_with_too_few_fields_names_its_line()
    {
        var ex = Assert.Throws<Precis.Core.InputException>(() => CsvTable.Read(new StringReader("a,b\n1,2\n3\n"), "t.csv"));
        Assert.Equal("t.csv:3: row has 1 fields but the header has 2 (hint: every row needs one value per column (use an empty field for a missing value))", ex.Message);
    }

    [Fact]
    public void Categorical_columns_are_one_hot_against_the_most_frequent_level()
    {
        var table = CsvTable.Read(new StringReader("y,colour,n\n1,red,1\n0,blue,2\n1,red,\n0,green,4\n"), "t.csv");
        var spec = TabularLoader.Infer(table, "y");
        Assert.Equal(["n"], spec.Numeric);
        Assert.Equal(["colour"], spec.Categorical);
        var data = TabularLoader.Load(table, spec, "t");
        Assert.Equal(["n", "colour=blue", "colour=green"], data.FeatureNames);
        Assert.Equal([double.NaN, 0, 0], data.X[2]);
        Assert.Equal([2, 1, 0], data.X[1]);
    }
}

public sealed class FairnessAndReportTests
{
    [Fact]
    public void Audit_reports_group_rates_and_gaps_and_suppresses_small_groups()
    {
        // Group A: perfect ranking, half selected. Group B: all predicted 0.1, none selected. Group C: 3 people.
        int[] y = [1, 1, 0, 0, 1, 0, 0, 0, 1, 0, 1];
        double[] p = [0.9, 0.8, 0.3, 0.1, 0.1, 0.1, 0.1, 0.1, 0.9, 0.9, 0.9];
        string[] g = ["A", "A", "A", "A", "B", "B", "B", "B", "C", "C", "C"];
        var r = FairnessAudit.Run(y, p, g, threshold: 0.5, minGroupSize: 4);
        var a = r.Groups.Single(x => x.Group == "A");
        Assert.Equal(1.0, a.Auroc);
        Assert.Equal(0.5, a.SelectionRate);
        Assert.Equal(1.0, a.TruePositiveRate);
        Assert.Equal(0.0, a.FalsePositiveRate);
        var b = r.Groups.Single(x => x.Group == "B");
        Assert.Equal(0.0, b.SelectionRate);
        Assert.Equal(0.0, b.TruePositiveRate);
        Assert.True(r.Groups.Single(x => x.Group == "C").Suppressed);
        Assert.Null(r.Groups.Single(x => x.Group == "C").Auroc);
        Assert.Equal(0.5, r.DemographicParityDifference);
        Assert.Equal(1.0, r.EqualizedOddsDifference);
        Assert.Contains("1 smaller group(s) suppressed", r.Summary, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Validation_report_on_out_of_fold_Pima_predictions_has_every_section_and_valid_json()
    {
        var data = Datasets.Pima() with { Groups = null };
        var cv = CrossValidation.Run(new PenalisedLinearLearner(LinearModelOptions.SklearnL2(1, 614)), data, 5, 1, 0);
        var oof = cv.OutOfFold(data.Rows);
        var grouped = data with { Groups = [.. data.X.Select(r => r[7] >= 30 ? "age 30+" : "age <30")] };
        var report = ValidationReport.Create("pima L2-logistic", grouped, oof, "Research", ["Pima women only"], new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal(768, report.N);
        Assert.Equal(268, report.Events);
        Assert.Equal(5, cv.Folds.Count);
        Assert.InRange(report.Auroc.Estimate, 0.81, 0.85);
        Assert.NotNull(report.IntegratedCalibrationIndex);
        Assert.Equal(2, report.Subgroups!.Groups.Count);

        using var doc = JsonDocument.Parse(report.ToJson());
        Assert.Equal(768, doc.RootElement.GetProperty("n").GetInt32());
        Assert.Equal(60, doc.RootElement.GetProperty("decisionCurve").GetArrayLength());
        var html = report.ToHtml();
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"Decision curve\"", html, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"Calibration curve\"", html, StringComparison.Ordinal);
        Assert.Contains("Research use only", html, StringComparison.Ordinal);
        Assert.Contains("age 30+", html, StringComparison.Ordinal);
    }
}

public sealed class OptimismCorrectionTests
{
    // Harrell's bootstrap suits regression-type models; for boosted trees it under-corrects (each bootstrap model has
    // seen ~63% of the original rows), so it is checked on L2 logistic regression, where it should agree with CV.
    [SkippableFact]
    public void Optimism_corrected_AUROC_of_logistic_regression_on_Pima_is_below_the_apparent_and_near_cross_validation()
    {
        var data = Datasets.Pima();
        var learner = new PenalisedLinearLearner(LinearModelOptions.SklearnL2(1, data.Rows));
        var r = Validation.OptimismCorrection.Auroc(learner, data, resamples: 50, seed: 1);
        Assert.Equal(50, r.Resamples);
        Assert.True(r.Optimism > 0, $"optimism {r.Optimism}");
        Assert.True(r.Corrected < r.Apparent);
        var cv = CrossValidation.Run(learner, data, 5, 5, 0);
        Assert.Equal(cv.Mean, r.Corrected, 0.02);
    }
}

public sealed class GridSearchTests
{
    [SkippableFact]
    public void Grid_search_ranks_candidates_by_cross_validated_AUROC_on_the_same_folds()
    {
        var data = Datasets.Pima();
        ILearner[] candidates =
        [
            new PenalisedLinearLearner(new LinearModelOptions(true, 1, 1)),
            new PenalisedLinearLearner(new LinearModelOptions(true, 1e-3, 0)),
            new PenalisedLinearLearner(new LinearModelOptions(true, 0.01, 1)),
        ];
        var ranked = GridSearch.Run(candidates, data);
        Assert.Equal(3, ranked.Count);
        Assert.True(ranked[0].Score >= ranked[1].Score && ranked[1].Score >= ranked[2].Score);

        // A lasso with λ = 1 on standardised features zeroes every coefficient: constant predictions, AUROC 0.5, last.
        Assert.Same(candidates[0], ranked[^1].Learner);
        Assert.Equal(0.5, ranked[^1].Score, 9);
        Assert.InRange(ranked[0].Score, 0.81, 0.85);
    }
}

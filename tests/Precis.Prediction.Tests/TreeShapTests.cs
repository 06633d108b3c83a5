using System.Text.Json;
using Precis.Prediction.Explain;
using Precis.Prediction.Trees;
using Precis.Testing;

namespace Precis.Prediction.Tests;

/// <summary>TreeSHAP against XGBoost 1.7.4's pred_contribs and pred_interactions on 5 trees fitted to Cleveland heart data.</summary>
public sealed class TreeShapTests
{
    private const double Tol = 1e-6;

    private static (TreeEnsemble Model, JsonElement Root) Load()
    {
        var path = TestPaths.Shared("ml/treeshap_vectors/xgb_cleveland_5trees_treeshap.json");
        var root = JsonDocument.Parse(File.ReadAllText(path)).RootElement;
        var names = root.GetProperty("feature_names").EnumerateArray().Select(e => e.GetString()!).ToArray();

        // base_score 0.5 with binary:logistic is a base margin of logit(0.5) = 0.
        var model = XgboostDump.Read(root.GetProperty("trees"), names, 0, TreeObjective.BinaryLogistic, path);
        return (model, root);
    }

    private static double[] Row(JsonElement root, int i) => [.. root.GetProperty("rows")[i].EnumerateArray().Select(e => e.GetDouble())];

    [SkippableFact]
    public void Margins_equal_XGBoost()
    {
        var (model, root) = Load();
        Assert.Equal(5, model.Trees.Count);
        var margins = root.GetProperty("margin").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        for (var i = 0; i < margins.Length; i++)
            Assert.Equal(margins[i], model.Margin(Row(root, i)), Tol);
    }

    [SkippableFact]
    public void SHAP_values_equal_XGBoost_pred_contribs_and_sum_to_the_margin()
    {
        var (model, root) = Load();
        var expected = root.GetProperty("shap_values");
        Assert.Equal(10, expected.GetArrayLength());
        for (var i = 0; i < expected.GetArrayLength(); i++)
        {
            var row = Row(root, i);
            var phi = TreeShap.Values(model, row);
            var e = expected[i].EnumerateArray().Select(v => v.GetDouble()).ToArray();
            Assert.Equal(e.Length, phi.Length);
            for (var j = 0; j < e.Length; j++)
                Assert.True(Math.Abs(e[j] - phi[j]) <= Tol, $"row {i} feature {j}: {phi[j]} vs XGBoost {e[j]}");
            Assert.Equal(model.Margin(row), phi.Sum(), 1e-12);
        }
    }

    [SkippableFact]
    public void SHAP_interaction_values_equal_XGBoost_pred_interactions_and_rows_sum_to_the_SHAP_values()
    {
        var (model, root) = Load();
        var expected = root.GetProperty("shap_interactions");
        for (var i = 0; i < expected.GetArrayLength(); i++)
        {
            var row = Row(root, i);
            var inter = TreeShap.Interactions(model, row);
            var phi = TreeShap.Values(model, row);
            var m = phi.Length;
            for (var a = 0; a < m; a++)
            {
                var ea = expected[i][a].EnumerateArray().Select(v => v.GetDouble()).ToArray();
                var rowSum = 0.0;
                for (var b = 0; b < m; b++)
                {
                    Assert.True(Math.Abs(ea[b] - inter[a, b]) <= Tol, $"row {i} [{a},{b}]: {inter[a, b]} vs XGBoost {ea[b]}");
                    Assert.Equal(inter[a, b], inter[b, a], 1e-9);
                    rowSum += inter[a, b];
                }

                Assert.Equal(phi[a], rowSum, 1e-12);
            }
        }
    }

    [Fact]
    public void A_split_on_an_unknown_feature_name_is_refused_naming_the_tree()
    {
        var json = JsonDocument.Parse("""[{"nodeid":0,"split":"bmi","split_condition":1,"yes":1,"no":2,"missing":1,"cover":2,"children":[{"nodeid":1,"leaf":0.1,"cover":1},{"nodeid":2,"leaf":-0.1,"cover":1}]}]""").RootElement;
        var ex = Assert.Throws<Precis.Core.InputException>(() => XgboostDump.Read(json, ["age"], 0, TreeObjective.BinaryLogistic, "m.json"));
        Assert.Equal("m.json: trees[0]: split feature 'bmi' is not one of the 1 feature names", ex.Message);
    }

    [Fact]
    public void Single_split_stump_gives_the_textbook_Shapley_value()
    {
        // Stump on x0 < 1: left leaf 1 (cover 3), right leaf −1 (cover 1). E[f] = 0.5.
        // For x0 = 0: φ0 = 1 − 0.5 = 0.5; φ1 = 0 for the unused feature.
        var tree = new DecisionTree([0, -1, -1], [1f, 0, 0], [1, -1, -1], [2, -1, -1], [true, false, false], [0, 1, -1], [4, 3, 1]);
        var model = new TreeEnsemble([tree], 0, TreeObjective.SquaredError, ["x0", "x1"]);
        var phi = TreeShap.Values(model, [0, 5]);
        Assert.Equal([0.5, 0, 0.5], phi);
        var missing = TreeShap.Values(model, [double.NaN, 5]);
        Assert.Equal(0.5, missing[0], 12); // missing follows the default (left) child
    }
}

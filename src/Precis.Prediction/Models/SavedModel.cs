using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Precis.Core;
using Precis.Prediction.Data;
using Precis.Prediction.Explain;
using Precis.Prediction.Learners;
using Precis.Prediction.Trees;

namespace Precis.Prediction.Models;

/// <summary>What a trained model is for and how it was made (Mitchell et al. 2019 "model cards", in brief).</summary>
/// <param name="Name">Model name.</param>
/// <param name="Task">"binary" or "regression".</param>
/// <param name="Learner">Learner and its settings in words.</param>
/// <param name="TrainingData">Training file name (no directory).</param>
/// <param name="TrainingSha256">SHA-256 of the training file.</param>
/// <param name="Rows">Training rows.</param>
/// <param name="Events">Events (binary) in the training data.</param>
/// <param name="IntendedUse">What the model may be used for.</param>
/// <param name="Metrics">Cross-validated performance, e.g. "cv_auroc_mean".</param>
/// <param name="CreatedAt">When it was trained.</param>
/// <param name="EngineVersion">Precis version that trained it.</param>
public sealed record ModelCardInfo(
    string Name,
    string Task,
    string Learner,
    string TrainingData,
    string TrainingSha256,
    int Rows,
    int? Events,
    string IntendedUse,
    IReadOnlyDictionary<string, double> Metrics,
    DateTimeOffset CreatedAt,
    string EngineVersion);

/// <summary>
/// A trained model as saved to disk: versioned JSON with its card, the column encoding and either a tree ensemble
/// or a linear model. Loading checks the format and version and names the field that is wrong.
/// </summary>
public sealed record SavedModel(string Format, int FormatVersion, ModelCardInfo Card, FeatureEncoder Encoder, TreeEnsemble? Trees, LinearModel? Linear) : IPredictor
{
    public const string FormatName = "precis-model";

    public const int CurrentVersion = 1;

    /// <summary>Largest model file accepted.</summary>
    public const long MaxBytes = 256L * 1024 * 1024;

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = false,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    public bool Logistic => Card.Task == "binary";

    public double Predict(ReadOnlySpan<double> row) => Trees is not null ? Trees.Predict(row) : Linear!.Predict(row);

    /// <summary>Margin (log-odds for binary models).</summary>
    public double Margin(ReadOnlySpan<double> row) => Trees is not null ? Trees.Margin(row) : Linear!.Margin(row);

    /// <summary>SHAP values on the margin: TreeSHAP for trees, linear SHAP for linear models; last entry is the expected value.</summary>
    public double[] Shap(ReadOnlySpan<double> row) => Trees is not null ? TreeShap.Values(Trees, row) : Linear!.Shap(row);

    /// <summary>Every feature's contribution to one row's prediction, with the baseline and the resulting margin.</summary>
    public PredictionExplanation Explain(ReadOnlySpan<double> row) => Contributions.Explain(Encoder.FeatureNames(), row, Shap(row), Logistic);

    public void Save(string path)
    {
        using var stream = File.Create(path);
        JsonSerializer.Serialize(stream, this, JsonOptions);
    }

    public static SavedModel Load(string path)
    {
        using var stream = InputFiles.OpenForReading(path);
        if (stream.Length > MaxBytes)
            throw new InputException(new InputError(path, null, null, null, $"model file is larger than the {MaxBytes / (1024 * 1024)} MiB limit"));
        SavedModel? model;
        try
        {
            model = JsonSerializer.Deserialize<SavedModel>(stream, JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new InputException(InputErrors.FromJson(path, ex, "not a valid Precis model file"), ex);
        }

        if (model is null || model.Format != FormatName)
            throw new InputException(new InputError(path, null, null, "$.format", $"expected \"{FormatName}\"", "train a model with 'precis model train'"));
        if (model.FormatVersion != CurrentVersion)
            throw new InputException(new InputError(path, null, null, "$.formatVersion", $"version {model.FormatVersion} is not supported (this build reads {CurrentVersion})"));
        if ((model.Trees is null) == (model.Linear is null))
            throw new InputException(new InputError(path, null, null, "$.trees", "a model has either trees or a linear model"));
        var features = model.Encoder.FeatureNames().Count;
        var modelFeatures = model.Trees?.FeatureNames.Count ?? model.Linear!.Coefficients.Length;
        if (features != modelFeatures)
            throw new InputException(new InputError(path, null, null, "$.encoder", $"the encoder gives {features} features but the model has {modelFeatures}"));
        return model;
    }

    /// <summary>SHA-256 of a file, lower-case hex.</summary>
    public static string Sha256(string path)
    {
        using var s = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(s));
    }
}

/// <summary>Trains a model on a table: infers or takes the encoding, cross-validates for the card, fits on all rows.</summary>
public static class ModelTrainer
{
    public static SavedModel Train(
        CsvTable table,
        string tablePath,
        TabularSpec spec,
        string? positiveValue,
        ILearner learner,
        bool binary,
        string name,
        string intendedUse,
        DateTimeOffset now,
        string engineVersion,
        int folds = 5,
        int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(table);
        var encoder = TabularLoader.FitEncoder(table, spec, positiveValue);
        return Train(encoder, encoder.Encode(table, name), table.File, tablePath, learner, binary, name, intendedUse, now, engineVersion, folds, seed);
    }

    /// <summary>Trains on a table already encoded by <paramref name="encoder"/> (so callers can time encoding and fitting apart).</summary>
    public static SavedModel Train(
        FeatureEncoder encoder,
        Dataset data,
        string tableFile,
        string tablePath,
        ILearner learner,
        bool binary,
        string name,
        string intendedUse,
        DateTimeOffset now,
        string engineVersion,
        int folds = 5,
        int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(learner);
        if (binary && data.Y.Any(v => v is not (0 or 1)))
            throw new InputException(new InputError(tableFile, null, null, encoder.Outcome, "a binary outcome must be 0/1 or name its positive value", "use --positive VALUE"));
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        if (folds >= 2)
        {
            var cv = CrossValidation.Run(learner, data, folds, 1, seed, binary);
            metrics[binary ? "cv_auroc_mean" : "cv_mae_mean"] = cv.Mean;
            metrics[binary ? "cv_auroc_sd" : "cv_mae_sd"] = cv.StandardDeviation;
            metrics["cv_folds"] = folds;
        }
        var fitted = learner.Fit(data);
        // A searching learner's choice goes on the card: the reader sees the settings actually fitted.
        var learnerText = fitted is BoostedModel { Selection: { } chosen } ? learner.Name + ": " + chosen : learner.Name;
        var card = new ModelCardInfo(name, binary ? "binary" : "regression", learnerText, Path.GetFileName(tablePath), SavedModel.Sha256(tablePath),
            data.Rows, binary ? (int)data.Y.Sum() : null, intendedUse, metrics, now, engineVersion);
        return fitted switch
        {
            BoostedModel b => new SavedModel(SavedModel.FormatName, SavedModel.CurrentVersion, card, encoder, b.Ensemble, null),
            LinearModel l => new SavedModel(SavedModel.FormatName, SavedModel.CurrentVersion, card, encoder, null, l),
            _ => throw new InvalidOperationException("unknown model type " + fitted.GetType().Name),
        };
    }
}

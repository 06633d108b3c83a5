using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Precis.Clinical;
using Precis.Core;
using Precis.Prediction.Data;
using Precis.Prediction.Explain;
using Precis.Prediction.Learners;
using Precis.Prediction.Models;
using Precis.Prediction.Qrisk3;
using Precis.Prediction.Reference;
using Precis.Prediction.Validation;

namespace Precis.Cli.Commands;

/// <summary>`precis risk`: the published reference models (PCE, CHA2DS2-VASc, QRISK3, IWPC) on a FHIR record or --set values.</summary>
internal static class ModelCommands
{
    /// <summary>The reference models by CLI name; "iwpc" chooses the pharmacogenetic equation when a genotype is given.</summary>
    internal static readonly string[] RiskModelNames = ["pce", "cha2ds2vasc", "qrisk3", "iwpc", "iwpc-pg", "iwpc-clinical"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The prediction engine's command groups: risk (reference models) and model (learners).</summary>
    public static IEnumerable<Command> Create(TextWriter output, TextWriter error)
    {
        yield return CreateRisk(output, error);
        yield return CreateModel(output, error);
    }

    /// <summary>`precis model train|evaluate|explain|audit|predict` on CSV tables.</summary>
    public static Command CreateModel(TextWriter output, TextWriter error)
    {
        var model = new Command("model", "Train, evaluate, explain and audit risk models on CSV data (gradient-boosted trees or penalised regression)");

        var data = new Option<string>("--data") { Description = "CSV table with a header row", Required = true };
        var outcome = new Option<string>("--outcome") { Description = "Outcome column", Required = true };
        var positive = new Option<string?>("--positive") { Description = "Outcome value meaning 1 (binary); default: the outcome is 0/1" };
        var regression = new Option<bool>("--regression") { Description = "Continuous outcome (squared error) instead of binary" };
        var learnerOpt = new Option<string>("--learner") { Description = "gbm (default) or linear", DefaultValueFactory = _ => "gbm" };
        learnerOpt.AcceptOnlyFromAmong("gbm", "linear");
        var exclude = new Option<string[]>("--exclude") { Description = "Columns not to use as features", AllowMultipleArgumentsPerToken = true };
        var lambda = new Option<double>("--lambda") { Description = "linear: penalty strength λ (default 1/n, like scikit-learn C=1)", DefaultValueFactory = _ => double.NaN };
        var l1 = new Option<double>("--l1-ratio") { Description = "linear: 0 ridge, 1 lasso, between elastic net", DefaultValueFactory = _ => 0 };
        var iterations = new Option<int>("--iterations") { Description = "gbm: most boosting rounds", DefaultValueFactory = _ => 100 };
        var rate = new Option<double>("--learning-rate") { Description = "gbm: shrinkage", DefaultValueFactory = _ => 0.1 };
        var leaves = new Option<int>("--max-leaves") { Description = "gbm: leaves per tree", DefaultValueFactory = _ => 31 };
        var l2 = new Option<double>("--l2") { Description = "gbm: L2 penalty on leaf values", DefaultValueFactory = _ => 0 };
        var depth = new Option<int>("--max-depth") { Description = "gbm: deepest split (0 = only --max-leaves limits)", DefaultValueFactory = _ => 0 };
        var minLeaf = new Option<int>("--min-samples-leaf") { Description = "gbm: fewest rows in a leaf", DefaultValueFactory = _ => 20 };
        var minWeight = new Option<double>("--min-child-weight") { Description = "gbm: smallest hessian sum in a leaf", DefaultValueFactory = _ => 1e-3 };
        var folds = new Option<int>("--folds") { Description = "Cross-validation folds for the model card (0 = skip)", DefaultValueFactory = _ => 5 };
        var early = new Option<int>("--early-stopping") { Description = "gbm: stop after this many rounds without validation improvement (0 = off; default: 10 from 10,000 rows, as scikit-learn)", DefaultValueFactory = _ => -1 };
        var search = new Option<string>("--search")
        {
            Description = "gbm: choose leaves, rows per leaf and rounds by inner cross-validation (auto = below 10,000 rows; it replaces --max-leaves, --min-samples-leaf, --iterations)",
            DefaultValueFactory = _ => "auto",
        };
        search.AcceptOnlyFromAmong("auto", "on", "off");
        var monotone = new Option<string[]>("--monotone") { Description = "gbm: feature=+1 or feature=-1 constraints", AllowMultipleArgumentsPerToken = true };
        var seed = new Option<int>("--seed") { Description = "Seed for folds and validation split", DefaultValueFactory = _ => 0 };
        var intended = new Option<string>("--intended-use") { Description = "Intended use written to the model card", DefaultValueFactory = _ => "Research use only: not validated for clinical decisions." };
        var train = new Command("train", "Train a model, cross-validate it for its card, and save it as versioned JSON (-o model.json)")
        { data, outcome, positive, regression, learnerOpt, exclude, lambda, l1, iterations, rate, leaves, l2, depth, minLeaf, minWeight, early, search, monotone, folds, seed, intended };
        train.SetHandler(output, error, (parse, ctx) =>
        {
            var path = parse.GetRequiredValue(data);
            var table = CsvTable.ReadFile(path);
            var y = parse.GetRequiredValue(outcome);
            var spec = TabularLoader.Infer(table, y, parse.GetValue(exclude));
            var binary = !parse.GetValue(regression);
            var encodeClock = System.Diagnostics.Stopwatch.StartNew();
            var encoder = TabularLoader.FitEncoder(table, spec, parse.GetValue(positive));
            var name = Path.GetFileNameWithoutExtension(path) + "-" + y;
            var encoded = encoder.Encode(table, name);
            var encodeSeconds = encodeClock.Elapsed.TotalSeconds;
            var encoderNames = encoder.FeatureNames();
            ILearner learner;
            if (parse.GetValue(learnerOpt) == "linear")
            {
                var lam = parse.GetValue(lambda);
                learner = new PenalisedLinearLearner(new LinearModelOptions(binary, double.IsNaN(lam) ? 1.0 / table.Rows.Count : lam, parse.GetValue(l1)));
            }
            else
            {
                int[]? constraints = null;
                foreach (var pair in parse.GetValue(monotone) ?? [])
                {
                    var eq = pair.LastIndexOf('=');
                    var feature = eq > 0 ? pair[..eq] : pair;
                    var index = encoderNames.ToList().IndexOf(feature);
                    if (index < 0 || !(pair[(eq + 1)..] is "+1" or "1" or "-1"))
                        throw new UsageException($"--monotone '{pair}': expected feature=+1 or feature=-1 with a numeric feature of the table");
                    constraints ??= new int[encoderNames.Count];
                    constraints[index] = pair.EndsWith("-1", StringComparison.Ordinal) ? -1 : 1;
                }

                var stopping = parse.GetValue(early);
                var baseOptions = new BoostingOptions(binary, parse.GetValue(iterations), parse.GetValue(rate), parse.GetValue(leaves),
                    parse.GetValue(depth), parse.GetValue(minLeaf), parse.GetValue(minWeight), parse.GetValue(l2), MonotoneConstraints: constraints,
                    EarlyStoppingRounds: Math.Max(stopping, 0), Seed: parse.GetValue(seed), Threads: ctx.Threads);
                learner = parse.GetValue(search) switch
                {
                    "on" => new TunedBoostingLearner(BoostingSearchOptions.Default(baseOptions)),
                    "off" => new GradientBoostingLearner(stopping < 0 && encoded.Rows >= BoostingSearchOptions.SmallDataRows ? baseOptions with { EarlyStoppingRounds = 10 } : baseOptions),
                    _ => stopping == 0 && encoded.Rows >= BoostingSearchOptions.SmallDataRows
                        ? new GradientBoostingLearner(baseOptions)
                        : BoostingSearchOptions.DefaultLearner(encoded.Rows, baseOptions),
                };
            }

            // CPU time of this process over the fit (all threads), for benchmarks on a shared machine where wall time is noisy.
            var cpuBefore = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var saved = ModelTrainer.Train(encoder, encoded, table.File, path, learner, binary, name,
                parse.GetValue(intended)!, ReportClock.Now(), PrecisCli.Version, parse.GetValue(folds), parse.GetValue(seed));
            var fitSeconds = clock.Elapsed.TotalSeconds;
            var fitCpu = (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
            var outPath = ctx.OutputPath ?? "model.json";
            saved.Save(outPath);
            output.WriteLine(outPath);
            error.WriteLine($"encoding {encodeSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s; fit (cross-validation if any, final model): " +
                $"{fitSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s wall, {fitCpu.ToString("0.00", CultureInfo.InvariantCulture)} s CPU");
            ctx.Info($"{saved.Card.Learner} on {saved.Card.Rows} rows, {saved.Encoder.FeatureNames().Count} features; " +
                string.Join(", ", saved.Card.Metrics.Select(kv => $"{kv.Key} {kv.Value.ToString("0.####", CultureInfo.InvariantCulture)}")));
            return ExitCodes.Ok;
        });

        var modelPath = new Option<string>("--model") { Description = "A model saved by 'precis model train'", Required = true };
        var evalData = new Option<string>("--data") { Description = "CSV table with the model's columns and outcome", Required = true };
        var group = new Option<string?>("--group") { Description = "Column for the subgroup (fairness) table, e.g. race or sex" };
        var minGroup = new Option<int>("--min-group") { Description = "Suppress subgroups smaller than this", DefaultValueFactory = _ => 50 };
        var threshold = new Option<double>("--threshold") { Description = "Risk above which a person counts as positive in the audit", DefaultValueFactory = _ => 0.2 };
        var evaluate = new Command("evaluate", "Validate a binary model on data: TRIPOD-style report as HTML (default) or JSON (--format json), -o for a file")
        { modelPath, evalData, group, minGroup, threshold };
        evaluate.SetHandler(output, error, (parse, ctx) =>
        {
            var m = SavedModel.Load(parse.GetRequiredValue(modelPath));
            if (!m.Logistic)
                throw new UsageException("evaluate writes the binary-outcome report; this model is a regression model");
            var file = parse.GetRequiredValue(evalData);
            var ds = m.Encoder.Encode(CsvTable.ReadFile(file), Path.GetFileName(file), parse.GetValue(group));
            var predictions = ds.X.Select(r => m.Predict(r)).ToArray();
            var report = ValidationReport.Create(m.Card.Name, ds, predictions, m.Card.IntendedUse,
                [$"Trained on {m.Card.TrainingData} ({m.Card.Rows} rows); evaluated on {Path.GetFileName(file)}.", "Performance on the training data is optimistic; validate on data the model has not seen."],
                ReportClock.Now(), parse.GetValue(threshold), parse.GetValue(minGroup));
            var text = ctx.Format is "json" ? report.ToJson() : report.ToHtml();
            if (ctx.OutputPath is { } o)
            {
                File.WriteAllText(o, text);
                output.WriteLine(o);
            }
            else
            {
                output.WriteLine(text);
            }

            return ExitCodes.Ok;
        });

        var explainData = new Option<string>("--data") { Description = "CSV table with the model's columns", Required = true };
        var row = new Option<int>("--row") { Description = "1-based data row to explain", Required = true };
        var top = new Option<int>("--top") { Description = "How many contributions to list", DefaultValueFactory = _ => 5 };
        var explain = new Command("explain", "Explain one row's prediction: SHAP contributions (TreeSHAP or linear) in words") { modelPath, explainData, row, top };
        explain.SetHandler(output, error, (parse, ctx) =>
        {
            var m = SavedModel.Load(parse.GetRequiredValue(modelPath));
            var file = parse.GetRequiredValue(explainData);
            var table = CsvTable.ReadFile(file);
            var r = parse.GetRequiredValue(row);
            if (r < 1 || r > table.Rows.Count)
                throw new InputException(new InputError(file, null, null, "--row", $"row {r} is outside 1–{table.Rows.Count}"));
            var ds = m.Encoder.Encode(table, file, requireOutcome: false);
            var x = ds.X[r - 1];
            var phi = m.Shap(x);
            var contributions = Contributions.Top(ds.FeatureNames, x, phi, parse.GetValue(top));
            output.WriteLine(Contributions.InWords(contributions, phi[^1], m.Margin(x), m.Logistic));
            return ExitCodes.Ok;
        });

        var predictData = new Option<string>("--data") { Description = "CSV table with the model's columns", Required = true };
        var predict = new Command("predict", "Predict every row of a table: writes row,prediction as CSV") { modelPath, predictData };
        predict.SetHandler(output, error, (parse, ctx) =>
        {
            var m = SavedModel.Load(parse.GetRequiredValue(modelPath));
            var file = parse.GetRequiredValue(predictData);
            var ds = m.Encoder.Encode(CsvTable.ReadFile(file), file, requireOutcome: false);
            using var writer = ctx.OutputPath is { } o ? new StreamWriter(o) : null;
            var w = writer ?? output;
            w.WriteLine("row,prediction");
            for (var i = 0; i < ds.Rows; i++)
                w.WriteLine($"{i + 1},{m.Predict(ds.X[i]).ToString("R", CultureInfo.InvariantCulture)}");
            return ExitCodes.Ok;
        });

        var auditData = new Option<string>("--data") { Description = "CSV table with the model's columns, outcome and the group column", Required = true };
        var auditGroup = new Option<string>("--group") { Description = "Group column (e.g. race, sex)", Required = true };
        var audit = new Command("audit", "Fairness audit: per-group discrimination, calibration, TPR/FPR, parity and equalized-odds gaps (JSON)") { modelPath, auditData, auditGroup, minGroup, threshold };
        audit.SetHandler(output, error, (parse, ctx) =>
        {
            var m = SavedModel.Load(parse.GetRequiredValue(modelPath));
            var file = parse.GetRequiredValue(auditData);
            var ds = m.Encoder.Encode(CsvTable.ReadFile(file), file, parse.GetRequiredValue(auditGroup));
            var report = FairnessAudit.Run(ds.BinaryY(), [.. ds.X.Select(x => m.Predict(x))], ds.Groups!, parse.GetValue(threshold), parse.GetValue(minGroup));
            output.WriteLine(JsonSerializer.Serialize(report, Json));
            ctx.Info(report.Summary);
            return ExitCodes.Ok;
        });

        model.Subcommands.Add(train);
        model.Subcommands.Add(evaluate);
        model.Subcommands.Add(explain);
        model.Subcommands.Add(predict);
        model.Subcommands.Add(audit);
        return model;
    }

    public static Command CreateRisk(TextWriter output, TextWriter error)
    {
        var modelArg = new Argument<string>("model") { Description = "pce, cha2ds2vasc, qrisk3, iwpc (iwpc-pg / iwpc-clinical to choose the equation)" };
        modelArg.AcceptOnlyFromAmong(RiskModelNames);
        var record = new Option<string?>("--record") { Description = "A FHIR R4 Bundle (JSON) to read the inputs from" };
        var set = new Option<string[]>("--set") { Description = "Input values key=value (override the record); see 'precis risk <model> --inputs'", AllowMultipleArgumentsPerToken = true };
        var listInputs = new Option<bool>("--inputs") { Description = "List the model's inputs, units and ranges instead of computing" };
        var risk = new Command("risk", "Apply a published reference model: the prediction with its inputs, or the reason it is withheld") { modelArg, record, set, listInputs };
        risk.SetHandler(output, error, (parse, ctx) =>
        {
            var name = parse.GetRequiredValue(modelArg);
            var overrides = RiskInputs.FromPairs(parse.GetValue(set) ?? []).Values;
            var model = Resolve(name, overrides);
            if (parse.GetValue(listInputs))
            {
                WriteInputs(output, model.Card);
                return ExitCodes.Ok;
            }

            RecordInputs? fromRecord = null;
            var path = parse.GetValue(record);
            if (path is not null)
                fromRecord = RecordInputMapper.FromPatient(BundleSummaryReader.ReadFile(path, DateOnly.FromDateTime(ReportClock.Now().UtcDateTime)));
            var inputs = fromRecord is null ? new RiskInputs(overrides) : fromRecord.ToRiskInputs(overrides, Path.GetFileName(path!));
            var p = model.Predict(inputs);
            if (ctx.Format is "json")
            {
                output.WriteLine(JsonSerializer.Serialize(new
                {
                    model = p.Model.Id,
                    name = p.Model.Name,
                    version = p.Model.Version,
                    outcome = p.Model.Outcome,
                    intendedPopulation = p.Model.IntendedPopulation,
                    value = p.Value,
                    unit = p.Unit,
                    withheld = p.WithheldReason,
                    inputs = p.InputsUsed,
                    origins = fromRecord?.Origins.Where(o => p.InputsUsed.ContainsKey(o.Key) && !overrides.ContainsKey(o.Key)).ToDictionary(),
                    notes = p.Notes.Where(n => n != p.Model.Disclaimer),
                    citations = p.Model.Citations,
                    disclaimer = p.Model.Disclaimer,
                    researchUse = Disclaimers.ResearchUse,
                }, Json));
                return ExitCodes.Ok;
            }

            if (ctx.Format is not (null or "text"))
                throw new UsageException($"'{ctx.Format}' is not a format of risk; use text or json");
            output.WriteLine(p.Describe());
            output.WriteLine($"  outcome: {p.Model.Outcome}");
            output.WriteLine($"  model: {p.Model.Name}, {p.Model.Version}; intended for {p.Model.IntendedPopulation}");
            foreach (var (key, value) in p.InputsUsed)
            {
                var origin = fromRecord is not null && !overrides.ContainsKey(key) && fromRecord.Origins.TryGetValue(key, out var o) ? $"  [{o}]" : overrides.ContainsKey(key) ? "  [--set]" : "";
                output.WriteLine($"  input {key} = {value}{origin}");
            }

            foreach (var note in p.Notes.Where(n => n != p.Model.Disclaimer))
                output.WriteLine("  note: " + note);
            foreach (var c in p.Model.Citations)
                output.WriteLine($"  source: {c.Title} ({c.Publisher} {c.Year}) {c.Url}");
            if (p.Model.Disclaimer is { } d)
                output.WriteLine("  disclaimer: " + d);
            output.WriteLine("  " + Disclaimers.ResearchUse);
            return ExitCodes.Ok;
        });
        return risk;
    }

    internal static IReferenceModel Resolve(string name, IReadOnlyDictionary<string, string> given) => name switch
    {
        "pce" => new PooledCohortEquations(),
        "cha2ds2vasc" => new Cha2ds2Vasc(),
        "qrisk3" => new Qrisk3Model(),
        "iwpc-pg" => IwpcWarfarin.PharmacogeneticAlgorithm,
        "iwpc-clinical" => IwpcWarfarin.ClinicalAlgorithm,
        "iwpc" => given.ContainsKey("vkorc1") || given.ContainsKey("cyp2c9") ? IwpcWarfarin.PharmacogeneticAlgorithm : IwpcWarfarin.ClinicalAlgorithm,
        _ => throw new UsageException($"unknown model '{name}'; use one of {string.Join(", ", RiskModelNames)}"),
    };

    private static void WriteInputs(TextWriter output, ModelCard card)
    {
        output.WriteLine($"{card.Name} ({card.Version}): {card.Outcome}");
        output.WriteLine($"Intended population: {card.IntendedPopulation}");
        foreach (var i in card.Inputs)
        {
            var range = i.Min is null && i.Max is null ? "" : $" range {i.Min?.ToString(CultureInfo.InvariantCulture) ?? "-∞"}–{i.Max?.ToString(CultureInfo.InvariantCulture) ?? "∞"}";
            output.WriteLine($"  {i.Key,-24} {i.Unit}{range}{(i.Required ? "" : " (optional)")}  {i.Description}");
        }
    }
}

using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Precis.Clinical;
using Precis.Core;
using Precis.Prediction.Qrisk3;
using Precis.Prediction.Reference;

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

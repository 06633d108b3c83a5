using System.Globalization;
using Precis.Core;
using Precis.Prediction.Explain;
using Precis.Prediction.Qrisk3;
using Precis.Prediction.Reference;

namespace Precis.Plans;

/// <summary>
/// The "prediction" section: applies the published reference models that fit the patient's record (PCE and
/// QRISK3 for primary prevention, CHA2DS2-VASc when atrial fibrillation is recorded, the IWPC clinical warfarin
/// equation when warfarin is prescribed and the pharmacogenomics section gave no dose estimate). A model outside its
/// intended population is listed as not assessed, with the reason. A prediction that can be taken apart exactly
/// (CHA2DS2-VASc's points) carries its per-feature explanation, which the report draws as a waterfall.
/// </summary>
public sealed class PredictionContributor : IPlanContributor
{
    public string SectionId => "prediction";

    public void Contribute(PlanInputs inputs, PlanBuilder builder, IProgress<ProgressUpdate> progress)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(builder);
        if (inputs.PathOf("fhir-bundle") is null)
        {
            builder.AddSection(new PlanSection(SectionId, "Risk and response prediction", SectionStatus.NoInput, "No clinical record was given, so no risk model could be applied."));
            builder.AddNotAssessed(new NotAssessed(SectionId, "Risk models", "No clinical record was given."));
            return;
        }

        var record = RecordInputMapper.FromPatient(inputs.Patient);
        var riskInputs = record.ToRiskInputs(source: "FHIR bundle");
        var conditions = inputs.Patient.ActiveConditions;
        var onWarfarin = inputs.Patient.CurrentMedications.Any(m => m.Text.Contains("warfarin", StringComparison.OrdinalIgnoreCase));

        // The pharmacogenomics section runs first and, with CYP2C9/VKORC1 genotypes, gives both IWPC dose estimates:
        // this section then points there instead of repeating the clinical one.
        var pgxWarfarin = builder.Findings.FirstOrDefault(f => f.Id == WarfarinDoseFindingId);
        var models = new List<IReferenceModel> { new PooledCohortEquations(), new Qrisk3Model() };
        if (record.Values.TryGetValue("atrial_fibrillation", out var af) && af == "yes")
            models.Add(new Cha2ds2Vasc());
        if (onWarfarin && pgxWarfarin is null)
            models.Add(IwpcWarfarin.ClinicalAlgorithm);

        var given = 0;
        var withheld = new List<string>();
        foreach (var model in models)
        {
            var p = model.Predict(riskInputs);
            if (p.Value is null)
            {
                builder.AddNotAssessed(new NotAssessed(SectionId, $"{p.Model.Name} ({p.Model.Outcome})", "Prediction withheld: " + p.WithheldReason));
                withheld.Add($"{p.Model.Name}: {p.WithheldReason}");
                continue;
            }

            given++;
            builder.AddFinding(ToFinding(p, record));
        }

        if (onWarfarin && pgxWarfarin is null)
        {
            builder.AddNotAssessed(new NotAssessed(SectionId, "IWPC pharmacogenetic warfarin dose",
                "The pharmacogenomics section gave no warfarin dose estimate (it needs CYP2C9 and VKORC1 genotypes); the clinical equation is shown here instead."));
        }

        var warfarinNote = onWarfarin && pgxWarfarin is not null
            ? $" Warfarin dose estimates (IWPC pharmacogenetic and clinical) are in the Pharmacogenomics section ({pgxWarfarin.Id})."
            : "";
        var status = given > 0 ? SectionStatus.Available : SectionStatus.InsufficientData;
        var message = (given > 0
            ? $"{given} reference model(s) applied; {withheld.Count} withheld."
            : "No reference model applies to this patient: " + string.Join("; ", withheld)) + warfarinNote;
        builder.AddSection(new PlanSection(SectionId, "Risk and response prediction", status, message));
        progress?.Report(new ProgressUpdate("Risk and response prediction", 1, 1));
    }

    /// <summary>The pharmacogenomics section's warfarin dose finding (both IWPC estimates).</summary>
    public const string WarfarinDoseFindingId = "pgx:warfarin:iwpc-dose";

    /// <summary>The per-feature explanation of a prediction when the model can be taken apart exactly, else null.</summary>
    public static PredictionExplanation? Explain(RiskPrediction p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return p.Value is not null && p.Model.Id == "cha2ds2vasc" ? Cha2ds2Vasc.Explain(p) : null;
    }

    private static Finding ToFinding(RiskPrediction p, RecordInputs record)
    {
        var value = p.Value!.Value.ToString(p.Unit == "points" ? "0" : "0.0", CultureInfo.InvariantCulture);
        var details = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["model"] = p.Model.Name,
            ["modelVersion"] = p.Model.Version,
            ["outcome"] = p.Model.Outcome,
            ["intendedPopulation"] = p.Model.IntendedPopulation,
            ["value"] = value,
            ["unit"] = p.Unit,
        };
        foreach (var (key, v) in p.InputsUsed)
            details["input." + key] = record.Origins.TryGetValue(key, out var origin) ? $"{v} ({origin})" : v;
        if (p.Model.Disclaimer is { } disclaimer)
            details["disclaimer"] = disclaimer;
        var explanation = Explain(p);
        if (explanation is not null)
        {
            // Read by the figure rule (waterfall) and kept in the JSON: baseline, then each non-zero part.
            details["expectedMargin"] = explanation.ExpectedMargin.ToString("R", CultureInfo.InvariantCulture);
            details["explanationUnit"] = p.Unit;
            foreach (var c in explanation.Features.Where(c => c.Shap != 0))
                details[Reasoning.FigureDataRule.ShapPrefix + c.Feature] = c.Shap.ToString("R", CultureInfo.InvariantCulture);
        }

        var rationale = new List<RationaleStep>();
        rationale.AddRange(p.InputsUsed.Select(kv => new RationaleStep(RationaleStepKind.InputData,
            $"{kv.Key} = {kv.Value}" + (record.Origins.TryGetValue(kv.Key, out var o) ? $" — {o}" : ""))));
        rationale.Add(new RationaleStep(RationaleStepKind.Rule, $"{p.Model.Name}, {p.Model.Version}; intended for: {p.Model.IntendedPopulation}"));
        rationale.Add(new RationaleStep(RationaleStepKind.Score, $"{p.Model.Outcome}: {value} {p.Unit}" + (explanation is null ? ""
            : " = " + string.Join(" + ", explanation.Features.Where(c => c.Shap != 0).Select(c => $"{c.Feature} {c.Shap.ToString("0.##", CultureInfo.InvariantCulture)}")))));
        var quality = p.Notes
            .Where(n => n != p.Model.Disclaimer)
            .Select(n => new QualityFlag("model-note", n))
            .ToList();
        var summary = $"{p.Model.Name}: {value} {p.Unit} — {p.Model.Outcome}";
        if (p.Model.Disclaimer is not null)
            summary += " (see disclaimer)";
        return new Finding($"prediction:{p.Model.Id}", "prediction", "predicted-risk", p.Model.Name, summary, details, rationale, quality, p.Model.Citations);
    }
}

using Precis.Core;
using Precis.Knowledge;
using Precis.Pharmacogenomics.Output;

namespace Precis.Pharmacogenomics.Dosing;

/// <summary>
/// Turns a <see cref="WarfarinAssessment"/> into the plan's vocabulary: a dose-estimate finding (IWPC pharmacogenetic
/// and clinical values, inputs with their origins, what is lacking) and the cited CPIC 2017 warfarin recommendation.
/// </summary>
public static class WarfarinPlanMapper
{
    /// <summary>CPIC warfarin guideline annotation id (ClinPGx) in precis-pgx-cpic.</summary>
    public const string GuidelineId = "PA166104949";

    private const string GuidelineUrl = "https://www.pharmgkb.org/guidelineAnnotation/PA166104949";

    /// <summary>The finding and the recommendation for the plan.</summary>
    public static (Finding Finding, Recommendation Recommendation) Map(WarfarinAssessment a, KnowledgeCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(catalog);
        var cpic = catalog.Find("precis-pgx-cpic");
        var citations = (cpic is null ? [] : Knowledge.PgxKnowledge.Resolve(cpic, [$"guideline:{GuidelineId}", "pmid:28198005"]))
            .Concat(a.Clinical.Model.Citations).DistinctBy(c => c.Id).ToList();
        if (citations.Count == 0)
            citations.Add(new Citation($"guideline:{GuidelineId}", "CPIC Guideline for Pharmacogenetics-Guided Warfarin Dosing: 2017 Update", new Uri(GuidelineUrl), "CPIC", 2017));

        var inputs = a.InputOrigins.Where(kv => (a.Pharmacogenetic ?? a.Clinical).InputsUsed.ContainsKey(kv.Key) || kv.Key is "age" or "height" or "weight")
            .Select(kv => new RationaleStep(RationaleStepKind.InputData,
                $"{kv.Key} = {((a.Pharmacogenetic ?? a.Clinical).InputsUsed.TryGetValue(kv.Key, out var v) ? v : "?")} — {kv.Value}"))
            .ToList();
        var steps = new List<RationaleStep> { new(RationaleStepKind.InputData, $"warfarin: {a.Context.Reason}") };
        steps.AddRange(inputs);
        steps.Add(new RationaleStep(RationaleStepKind.Call,
            $"CYP2C9 {a.Cyp2c9 ?? "not usable"}; VKORC1 -1639 {a.Vkorc1 ?? "not called"}; CYP4F2 *3 {(a.Cyp4f2Star3Carrier is { } c4 ? c4 ? "carrier" : "non-carrier" : "not assessed")}"));
        foreach (var l in a.Lacking)
            steps.Add(new RationaleStep(RationaleStepKind.InputData, "lacking: " + l));
        steps.Add(new RationaleStep(RationaleStepKind.Rule,
            $"CPIC warfarin guideline 2017 (precis-pgx-cpic entry guideline {GuidelineId}; PMID 28198005): in patients not of African ancestry, compute the dose with a validated pharmacogenetic algorithm using CYP2C9 and VKORC1; CYP4F2*3 carriers may need 5–10% more"));
        steps.Add(new RationaleStep(RationaleStepKind.Score, $"IWPC pharmacogenetic equation (Klein et al., NEJM 2009): {WarfarinDosing.Describe(a.Pharmacogenetic)}"));
        steps.Add(new RationaleStep(RationaleStepKind.Score, $"IWPC clinical equation: {WarfarinDosing.Describe(a.Clinical)}"));
        foreach (var n in a.Notes)
            steps.Add(new RationaleStep(RationaleStepKind.Rule, n));

        var pgDose = a.Pharmacogenetic?.Value;
        var cyp4f2 = a.Cyp4f2Star3Carrier == true && pgDose is { } d
            ? $" CYP4F2*3 carrier: CPIC allows 5–10% more ({(d * 1.05).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)}–{(d * 1.10).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)} mg/week)."
            : "";
        var action = pgDose is null ? "No genotype-guided dose estimate: insufficient data (" + string.Join("; ", a.Lacking.DefaultIfEmpty(a.Pharmacogenetic?.WithheldReason ?? "see notes")) + ")."
            : $"IWPC pharmacogenetic estimate {WarfarinDosing.Describe(a.Pharmacogenetic)} as the starting weekly dose, then adjust by INR.{cyp4f2}";
        steps.Add(new RationaleStep(RationaleStepKind.Action, action));

        var inputsText = string.Join(", ", (a.Pharmacogenetic ?? a.Clinical).InputsUsed.Select(kv => $"{kv.Key} {kv.Value}"));
        var clinician = $"CPIC 2017 warfarin guideline: use a validated pharmacogenetic algorithm with CYP2C9 and VKORC1 to choose the starting dose (not for African ancestry without CYP2C9 *5/*6/*8/*11 and rs12777823 testing). {action} " +
            $"IWPC clinical estimate for comparison: {WarfarinDosing.Describe(a.Clinical)}. Inputs: {inputsText}." +
            (a.Lacking.Count > 0 ? $" Lacking: {string.Join("; ", a.Lacking)}." : "") +
            (a.Notes.Count > 0 ? " " + string.Join(" ", a.Notes.Select(n => n.TrimEnd('.') + ".")) : "") +
            $" ({GuidelineUrl})";
        var recommendation = new Recommendation
        {
            Id = "pgx:warfarin:cpic:dosing",
            Engine = PgxPlanMapper.Engine,
            Action = pgDose is null ? RecommendationAction.Inform : a.Context.Current ? RecommendationAction.AdjustDose : RecommendationAction.Inform,
            Subject = new RecommendationSubject(SubjectKind.Drug, "warfarin", "RxNorm:11289"),
            Strength = pgDose is null ? RecommendationStrength.NotGraded : RecommendationStrength.Strong,
            Evidence = new EvidenceLevel(EvidenceScheme.Cpic, "CPIC guideline",
                "CPIC 2017 warfarin guideline (strong recommendation to dose with a validated pharmacogenetic algorithm outside African ancestry); IWPC equations as a validated model"),
            Source = new SourceReference("precis-pgx-cpic", cpic?.Source.Version ?? "embedded", GuidelineId,
                $"CPIC Guideline for Pharmacogenetics-Guided Warfarin Dosing: 2017 Update — {GuidelineUrl}"),
            ClinicianText = clinician,
            PatientText = pgDose is null
                ? "Your genes can help choose a warfarin dose, but some information needed for the calculation is missing. Your doctor will set the dose with blood tests (INR)."
                : "Your genes affect how much warfarin you need. A published calculation suggests a starting dose; your doctor will still adjust it with blood tests (INR). Talk to your doctor before changing any medicine.",
            Rationale = steps,
            Citations = citations,
            Population = "adults (target INR 2–3)",
            FindingIds = ["pgx:warfarin:iwpc-dose"],
        };

        var details = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["context"] = a.Context.Reason,
            ["iwpcPharmacogenetic"] = WarfarinDosing.Describe(a.Pharmacogenetic),
            ["iwpcClinical"] = WarfarinDosing.Describe(a.Clinical),
            ["unit"] = "mg/week",
            ["lacking"] = string.Join("; ", a.Lacking),
            ["cyp2c9"] = a.Cyp2c9 ?? "",
            ["vkorc1"] = a.Vkorc1 ?? "",
            ["cyp4f2Star3"] = a.Cyp4f2Star3Carrier is { } x ? x ? "carrier" : "non-carrier" : "not assessed",
        };
        foreach (var (key, value) in (a.Pharmacogenetic ?? a.Clinical).InputsUsed)
            details["input." + key] = a.InputOrigins.TryGetValue(key, out var origin) ? $"{value} ({origin})" : value;
        var quality = a.Lacking.Select(l => new QualityFlag("insufficient-data", l))
            .Concat(a.Notes.Select(n => new QualityFlag("model-note", n)))
            .Concat((a.Pharmacogenetic?.Notes ?? []).Concat(a.Clinical.Notes).Distinct(StringComparer.Ordinal).Select(n => new QualityFlag("model-note", n)))
            .ToList();
        var finding = new Finding("pgx:warfarin:iwpc-dose", PgxPlanMapper.Engine, "dose-estimate", "warfarin",
            $"Warfarin IWPC dose estimate: pharmacogenetic {WarfarinDosing.Describe(a.Pharmacogenetic)}; clinical {WarfarinDosing.Describe(a.Clinical)}",
            details, steps, quality, citations);
        return (finding, recommendation);
    }
}

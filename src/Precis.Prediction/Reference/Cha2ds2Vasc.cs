using System.Globalization;
using Precis.Core;
using Precis.Prediction.Explain;

namespace Precis.Prediction.Reference;

/// <summary>
/// CHA2DS2-VASc stroke-risk score for atrial fibrillation (Lip et al. 2010): heart failure 1, hypertension 1,
/// age ≥75 2, diabetes 1, prior stroke/TIA/thromboembolism 2, vascular disease 1, age 65–74 1, female sex 1.
/// </summary>
public sealed class Cha2ds2Vasc : IReferenceModel
{
    private static readonly string[] Sexes = ["female", "male"];

    public ModelCard Card { get; } = new(
        "cha2ds2vasc",
        "CHA2DS2-VASc",
        "2010 (Lip et al.)",
        "Stroke-risk score in atrial fibrillation (0–9 points)",
        "Adults (18 years or older) with non-valvular atrial fibrillation",
        [
            new("age", "Age", "years", 18, 120),
            new("sex", "Sex", "female|male"),
            new("atrial_fibrillation", "Non-valvular atrial fibrillation", "yes/no"),
            new("chf", "Congestive heart failure or LV dysfunction", "yes/no"),
            new("hypertension", "Hypertension", "yes/no"),
            new("diabetes", "Diabetes", "yes/no"),
            new("stroke_tia", "Prior stroke, TIA or thromboembolism", "yes/no"),
            new("vascular_disease", "Vascular disease (prior MI, peripheral arterial disease, aortic plaque)", "yes/no"),
        ],
        [new Citation("doi:10.1378/chest.09-1584", "Refining clinical risk stratification for predicting stroke and thromboembolism in atrial fibrillation using a novel risk factor-based approach: the Euro Heart Survey on atrial fibrillation", new Uri("https://doi.org/10.1378/chest.09-1584"), "Chest", 2010)],
        "Public scoring rule");

    public RiskPrediction Predict(RiskInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var r = new InputReader(Card, inputs);
        if (!r.Flag("atrial_fibrillation"))
            r.Exclude("CHA2DS2-VASc is for people with atrial fibrillation, and none is recorded");
        var age = r.Number("age");
        var sex = r.Category("sex", Sexes);
        var score = 0;
        score += r.Flag("chf") ? 1 : 0;
        score += r.Flag("hypertension") ? 1 : 0;
        score += age >= 75 ? 2 : age >= 65 ? 1 : 0;
        score += r.Flag("diabetes") ? 1 : 0;
        score += r.Flag("stroke_tia") ? 2 : 0;
        score += r.Flag("vascular_disease") ? 1 : 0;
        score += sex == "female" ? 1 : 0;
        return r.Result(score, "points");
    }

    /// <summary>
    /// The score taken apart from the inputs it used: each criterion's points (an additive score, so the parts are
    /// exact, not an approximation), from a baseline of 0 points; the margin is the score.
    /// </summary>
    public static PredictionExplanation Explain(RiskPrediction prediction)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        if (prediction.Value is null || prediction.Model.Id != "cha2ds2vasc")
            throw new ArgumentException("only a CHA2DS2-VASc score that was given can be explained", nameof(prediction));
        var used = prediction.InputsUsed;
        double Yes(string key) => used.TryGetValue(key, out var v) && v == "yes" ? 1 : 0;
        var age = double.Parse(used["age"], CultureInfo.InvariantCulture);
        Contribution[] parts =
        [
            new("heart failure", Yes("chf"), Yes("chf")),
            new("hypertension", Yes("hypertension"), Yes("hypertension")),
            new("age", age, age >= 75 ? 2 : age >= 65 ? 1 : 0),
            new("diabetes", Yes("diabetes"), Yes("diabetes")),
            new("stroke/TIA", Yes("stroke_tia"), 2 * Yes("stroke_tia")),
            new("vascular disease", Yes("vascular_disease"), Yes("vascular_disease")),
            new("female sex", used.GetValueOrDefault("sex") == "female" ? 1 : 0, used.GetValueOrDefault("sex") == "female" ? 1 : 0),
        ];
        return new PredictionExplanation(parts, 0, parts.Sum(c => c.Shap), false);
    }
}

// Copyright 2017 ClinRisk Ltd. (equations); Precis contributors (this wrapper).
// Part of Precis.Prediction.Qrisk3, licensed under the GNU LGPL v3 or later with ClinRisk's additional terms (LICENSE).

using Precis.Core;
using Precis.Prediction.Reference;

namespace Precis.Prediction.Qrisk3;

/// <summary>ClinRisk's disclaimer, which its licence requires alongside every displayed QRISK3 score.</summary>
public static class Qrisk3Disclaimer
{
    public const string Text =
        "QRISK3-2017 is © ClinRisk Ltd., released under the GNU Lesser General Public License v3 with additional terms. " +
        "The initial version of this file, to be found at http://svn.clinrisk.co.uk/opensource/qrisk2, faithfully implements QRISK3-2017. " +
        "ClinRisk Ltd. have released this code under the GNU Lesser General Public License to enable others to implement the algorithm faithfully. " +
        "However, the nature of the GNU Lesser General Public License is such that we cannot prevent, for example, someone accidentally " +
        "altering the coefficients, getting the inputs wrong, or just poor programming. " +
        "ClinRisk Ltd. stress, therefore, that it is the responsibility of the end user to check that the source that they receive produces the same " +
        "results as the original code found at https://qrisk.org. " +
        "Inaccurate implementations of risk scores can lead to wrong patients being given the wrong treatment.";
}

/// <summary>
/// QRISK3-2017 10-year cardiovascular risk (Hippisley-Cox, Coupland &amp; Brindle, BMJ 2017), for people aged 25–84
/// without cardiovascular disease in England. Every result carries <see cref="Qrisk3Disclaimer.Text"/>.
/// </summary>
public sealed class Qrisk3Model : IReferenceModel
{
    /// <summary>QRISK3 ethnicity categories in ClinRisk's order (ethrisk 1–9).</summary>
    public static readonly IReadOnlyList<string> Ethnicities =
        ["white-or-not-stated", "indian", "pakistani", "bangladeshi", "other-asian", "black-caribbean", "black-african", "chinese", "other"];

    /// <summary>QRISK3 smoking categories in ClinRisk's order (smoke_cat 0–4).</summary>
    public static readonly IReadOnlyList<string> SmokingCategories = ["non-smoker", "ex-smoker", "light", "moderate", "heavy"];

    private static readonly string[] Sexes = ["female", "male"];

    public ModelCard Card { get; } = new(
        "qrisk3",
        "QRISK3-2017",
        "QRISK3-2017 (ClinRisk C source, 2017)",
        "10-year risk of coronary heart disease, ischaemic stroke or TIA (%)",
        "People aged 25–84 without cardiovascular disease (derived in English primary care, QResearch)",
        [
            new("age", "Age", "years", 25, 84),
            new("sex", "Sex", "female|male"),
            new("ethnicity", "Ethnicity (QRISK3 categories)", string.Join('|', Ethnicities)),
            new("smoking", "Smoking (light <10/day, moderate 10–19, heavy 20+)", string.Join('|', SmokingCategories)),
            new("bmi", "Body mass index", "kg/m2", 20, 40),
            new("cholesterol_hdl_ratio", "Total cholesterol / HDL ratio", "1", 1, 12),
            new("sbp", "Systolic blood pressure", "mm[Hg]", 70, 210),
            new("sbp_sd", "Standard deviation of repeated systolic readings (0 if unknown)", "mm[Hg]", 0, 40, Required: false),
            new("townsend", "Townsend deprivation score (0 if unknown)", "1", -7, 11, Required: false),
            new("cvd", "Existing cardiovascular disease (CHD, stroke, TIA)", "yes/no"),
            new("atrial_fibrillation", "Atrial fibrillation", "yes/no", Required: false),
            new("atypical_antipsychotic", "On atypical antipsychotics", "yes/no", Required: false),
            new("corticosteroids", "On regular steroid tablets", "yes/no", Required: false),
            new("erectile_dysfunction", "Erectile dysfunction diagnosis or treatment (men)", "yes/no", Required: false),
            new("migraine", "Migraine", "yes/no", Required: false),
            new("rheumatoid_arthritis", "Rheumatoid arthritis", "yes/no", Required: false),
            new("ckd", "Chronic kidney disease stage 3, 4 or 5", "yes/no", Required: false),
            new("severe_mental_illness", "Severe mental illness", "yes/no", Required: false),
            new("sle", "Systemic lupus erythematosus", "yes/no", Required: false),
            new("bp_treated", "On blood pressure treatment", "yes/no", Required: false),
            new("type1_diabetes", "Type 1 diabetes", "yes/no", Required: false),
            new("type2_diabetes", "Type 2 diabetes", "yes/no", Required: false),
            new("family_history_cvd", "Angina or heart attack in a first-degree relative under 60", "yes/no", Required: false),
        ],
        [new Citation("doi:10.1136/bmj.j2099", "Development and validation of QRISK3 risk prediction algorithms to estimate future risk of cardiovascular disease: prospective cohort study", new Uri("https://doi.org/10.1136/bmj.j2099"), "BMJ", 2017)],
        "LGPL-3.0-or-later with ClinRisk additional terms",
        Qrisk3Disclaimer.Text);

    public RiskPrediction Predict(RiskInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var r = new InputReader(Card, inputs);
        if (r.Flag("cvd"))
            r.Exclude("QRISK3 is for people without cardiovascular disease: this person already has it");
        var age = r.Number("age");
        var sex = r.Category("sex", Sexes);
        var ethrisk = Array.IndexOf([.. Ethnicities], r.Category("ethnicity", Ethnicities)) + 1;
        var smokeCat = Array.IndexOf([.. SmokingCategories], r.Category("smoking", SmokingCategories));
        var bmi = r.Number("bmi");
        var ratio = r.Number("cholesterol_hdl_ratio");
        var sbp = r.Number("sbp");
        var sbpSd = inputs.Has("sbp_sd") ? r.Number("sbp_sd") : 0;
        var town = inputs.Has("townsend") ? r.Number("townsend") : 0;
        int F(string key) => r.Flag(key) ? 1 : 0;
        var af = F("atrial_fibrillation");
        var antipsychotic = F("atypical_antipsychotic");
        var steroids = F("corticosteroids");
        var impotence = F("erectile_dysfunction");
        var migraine = F("migraine");
        var ra = F("rheumatoid_arthritis");
        var renal = F("ckd");
        var semi = F("severe_mental_illness");
        var sle = F("sle");
        var treatedHyp = F("bp_treated");
        var type1 = F("type1_diabetes");
        var type2 = F("type2_diabetes");
        var fh = F("family_history_cvd");
        if (type1 == 1 && type2 == 1)
            r.Exclude("type 1 and type 2 diabetes are both set; QRISK3 takes at most one");
        if (sex == "female" && impotence == 1)
            r.Exclude("erectile dysfunction is a QRISK3 input for men only");
        if (r.Problem is not null)
            return r.Result(double.NaN, "%");
        if (!inputs.Has("sbp_sd"))
            r.Notes.Add("SD of systolic blood pressure not given: 0 used, as the QRISK3 calculator does");
        if (!inputs.Has("townsend"))
            r.Notes.Add("Townsend score not given: 0 used, as the QRISK3 calculator does when the postcode is unknown");
        r.Notes.Add(Qrisk3Disclaimer.Text);

        // QRISK3 takes whole years (the C source's age is an int).
        var years = (int)Math.Floor(age);
        var score = sex == "female"
            ? Qrisk3Equations.CvdFemaleRaw(years, af, antipsychotic, steroids, migraine, ra, renal, semi, sle, treatedHyp, type1, type2, bmi, ethrisk, fh, ratio, sbp, sbpSd, smokeCat, 10, town)
            : Qrisk3Equations.CvdMaleRaw(years, af, antipsychotic, steroids, impotence, migraine, ra, renal, semi, sle, treatedHyp, type1, type2, bmi, ethrisk, fh, ratio, sbp, sbpSd, smokeCat, 10, town);
        return r.Result(score, "%");
    }
}

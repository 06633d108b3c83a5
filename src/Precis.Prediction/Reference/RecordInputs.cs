using System.Globalization;
using Precis.Core;

namespace Precis.Prediction.Reference;

/// <summary>Model inputs derived from a patient's record, with where each value came from.</summary>
/// <param name="Values">Input key → value, as <see cref="RiskInputs"/> reads them.</param>
/// <param name="Origins">Input key → its source in the record, e.g. "LOINC 2093-3, 2026-10-08".</param>
public sealed record RecordInputs(IReadOnlyDictionary<string, string> Values, IReadOnlyDictionary<string, string> Origins)
{
    /// <summary>The values as model inputs, with <paramref name="overrides"/> (e.g. --set pairs) taking precedence.</summary>
    public RiskInputs ToRiskInputs(IReadOnlyDictionary<string, string>? overrides = null, string source = "record")
    {
        var merged = new Dictionary<string, string>(Values, StringComparer.OrdinalIgnoreCase);
        if (overrides is not null)
        {
            foreach (var kv in overrides)
                merged[kv.Key] = kv.Value;
        }

        return new RiskInputs(merged, source);
    }
}

/// <summary>
/// Derives reference-model inputs from a <see cref="PatientSummary"/>: latest measurements by LOINC code, conditions
/// and medications by name, smoking status from the record. Only what the record states is set; anything else is
/// left missing so the model withholds rather than guesses.
/// </summary>
public static class RecordInputMapper
{
    private const double CholesterolMmolToMgDl = 38.67;

    // Condition names (SNOMED display text) that mean clinical ASCVD for the Pooled Cohort Equations.
    private static readonly string[] AscvdTerms =
    [
        "coronary", "ischemic heart", "ischaemic heart", "myocardial infarction", "angina", "stroke", "transient ischemic", "transient ischaemic",
        "peripheral arterial", "peripheral vascular", "atherosclero", "cerebrovascular", "revascularization",
    ];

    private static readonly string[] StrokeTerms = ["stroke", "transient ischemic", "transient ischaemic", "cerebral infarction", "embolism"];
    private static readonly string[] VascularTerms = ["myocardial infarction", "peripheral arterial", "peripheral vascular", "aortic plaque", "coronary"];

    // Ingredients of common antihypertensives (ACE inhibitors, ARBs, calcium-channel blockers, thiazides, beta blockers…).
    private static readonly string[] Antihypertensives =
    [
        "amlodipine", "nifedipine", "felodipine", "diltiazem", "verapamil", "lisinopril", "enalapril", "ramipril", "perindopril", "captopril",
        "losartan", "valsartan", "irbesartan", "candesartan", "olmesartan", "telmisartan", "hydrochlorothiazide", "chlorthalidone", "indapamide",
        "metoprolol", "atenolol", "bisoprolol", "carvedilol", "propranolol", "nebivolol", "spironolactone", "doxazosin", "clonidine", "hydralazine",
    ];

    // Conditions that name diabetes without being it (Synthea writes "Prediabetes").
    private static readonly string[] NotDiabetesTerms = ["prediabet", "pre-diabet", "gestational diabetes"];

    private static readonly string[] EnzymeInducers = ["carbamazepine", "phenytoin", "rifampin", "rifampicin"];

    public static RecordInputs FromPatient(PatientSummary patient)
    {
        ArgumentNullException.ThrowIfNull(patient);
        var v = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var o = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        void Set(string key, string value, string origin)
        {
            v[key] = value;
            o[key] = origin;
        }

        if (patient.AgeYears is { } age)
            Set("age", age.ToString(CultureInfo.InvariantCulture), $"birth date {patient.BirthDate}");
        if (patient.Sex is "female" or "male")
            Set("sex", patient.Sex, "Patient.gender");

        // The record summary carries no race or ethnicity: the PCE guideline's advice for other races (white
        // equations) and QRISK3's "white or not stated" category are used, and the findings say so.
        Set("race", "other", "not recorded (PCE: white equations, as the guideline advises for other races)");
        Set("ethnicity", "white-or-not-stated", "not recorded (QRISK3 category 'white or not stated')");

        var tc = Latest(patient, "2093-3");
        var hdl = Latest(patient, "2085-9");
        if (tc is not null && MgDl(tc) is { } tcv)
            Set("total_cholesterol", Format(tcv), Origin(tc));
        if (hdl is not null && MgDl(hdl) is { } hdlv)
            Set("hdl", Format(hdlv), Origin(hdl));
        if (tc is not null && hdl is not null && MgDl(tc) is { } a && MgDl(hdl) is { } b && b > 0)
            Set("cholesterol_hdl_ratio", Format(Math.Round(a / b, 2)), $"{Origin(tc)} ÷ {Origin(hdl)}");

        var bp = Latest(patient, "85354-9");
        if (bp is not null && bp.Value.Split('/') is [var sys, _] && double.TryParse(sys, NumberStyles.Float, CultureInfo.InvariantCulture, out var sbp))
            Set("sbp", Format(sbp), Origin(bp));
        else if (Latest(patient, "8480-6") is { } s && Number(s) is { } sv)
            Set("sbp", Format(sv), Origin(s));

        if (Latest(patient, "39156-5") is { } bmi && Number(bmi) is { } bmiv)
            Set("bmi", Format(bmiv), Origin(bmi));
        if (Latest(patient, "8302-2") is { } h && Number(h) is { } hv)
            Set("height", Format(hv), Origin(h));
        if (Latest(patient, "29463-7") is { } w && Number(w) is { } wv)
            Set("weight", Format(wv), Origin(w));

        var conditions = patient.ActiveConditions;
        string? Match(string[] terms) => conditions.FirstOrDefault(c => terms.Any(t => c.Contains(t, StringComparison.OrdinalIgnoreCase)));
        // "Prediabetes" (SNOMED 714628002) contains "diabetes" but is not diabetes for any of the models.
        string? MatchDiabetes(string[] terms) => conditions.FirstOrDefault(c =>
            terms.Any(t => c.Contains(t, StringComparison.OrdinalIgnoreCase)) && !NotDiabetesTerms.Any(t => c.Contains(t, StringComparison.OrdinalIgnoreCase)));
        void Flag(string key, string? match, string absentNote)
        {
            if (match is not null)
                Set(key, "yes", $"active condition '{match}'");
            else
                Set(key, "no", absentNote);
        }

        const string NotInRecord = "no matching active condition in the record";
        Flag("ascvd", Match(AscvdTerms), NotInRecord);
        Flag("cvd", Match(AscvdTerms), NotInRecord);
        Flag("diabetes", MatchDiabetes(["diabetes"]), NotInRecord);
        Flag("type2_diabetes", MatchDiabetes(["type 2 diabetes", "diabetes mellitus type 2", "type ii diabetes"]), NotInRecord);
        Flag("type1_diabetes", MatchDiabetes(["type 1 diabetes", "diabetes mellitus type 1", "type i diabetes"]), NotInRecord);
        Flag("hypertension", Match(["hypertension", "hypertensive"]), NotInRecord);
        Flag("atrial_fibrillation", Match(["atrial fibrillation"]), NotInRecord);
        Flag("chf", Match(["heart failure", "cardiomyopathy"]), NotInRecord);
        Flag("stroke_tia", Match(StrokeTerms), NotInRecord);
        Flag("vascular_disease", Match(VascularTerms), NotInRecord);
        Flag("rheumatoid_arthritis", Match(["rheumatoid arthritis"]), NotInRecord);
        Flag("sle", Match(["lupus erythematosus"]), NotInRecord);
        Flag("migraine", Match(["migraine"]), NotInRecord);
        Flag("ckd", Match(["chronic kidney disease stage 3", "chronic kidney disease stage 4", "chronic kidney disease stage 5", "end-stage renal"]), NotInRecord);

        var antihypertensive = patient.CurrentMedications.FirstOrDefault(m => Antihypertensives.Any(d => m.Text.Contains(d, StringComparison.OrdinalIgnoreCase)));
        Set("bp_treated", antihypertensive is null ? "no" : "yes", antihypertensive is null ? "no antihypertensive among current medications" : $"current medication '{antihypertensive.Text}'");
        var amiodarone = patient.CurrentMedications.FirstOrDefault(m => m.Text.Contains("amiodarone", StringComparison.OrdinalIgnoreCase));
        Set("amiodarone", amiodarone is null ? "no" : "yes", amiodarone is null ? "not among current medications" : $"current medication '{amiodarone.Text}'");
        var inducer = patient.CurrentMedications.FirstOrDefault(m => EnzymeInducers.Any(d => m.Text.Contains(d, StringComparison.OrdinalIgnoreCase)));
        Set("enzyme_inducer", inducer is null ? "no" : "yes", inducer is null ? "not among current medications" : $"current medication '{inducer.Text}'");

        var smoking = patient.Lifestyle.FirstOrDefault(l => l.StartsWith("Smoking:", StringComparison.Ordinal));
        if (smoking is not null)
        {
            var status = smoking["Smoking:".Length..].Trim();
            var lower = status.ToLowerInvariant();
            if (lower.Contains("former", StringComparison.Ordinal) || lower.Contains("ex-", StringComparison.Ordinal))
            {
                Set("smoker", "no", smoking);
                Set("smoking", "ex-smoker", smoking);
            }
            else if (lower.Contains("never", StringComparison.Ordinal))
            {
                Set("smoker", "no", smoking);
                Set("smoking", "non-smoker", smoking);
            }
            else if (lower.Contains("smoker", StringComparison.Ordinal) || lower.Contains("every day", StringComparison.Ordinal) || lower.Contains("some days", StringComparison.Ordinal))
            {
                // Current smoking without an amount: PCE has what it needs; QRISK3's light/moderate/heavy stays missing.
                Set("smoker", "yes", smoking);
            }
        }

        return new RecordInputs(v, o);
    }

    private static Measurement? Latest(PatientSummary p, string loinc) =>
        p.LatestMeasurements.FirstOrDefault(m => m.Code == "LOINC:" + loinc);

    private static double? Number(Measurement m) =>
        double.TryParse(m.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static double? MgDl(Measurement m) => Number(m) is not { } v
        ? null
        : m.Unit is not null && m.Unit.Contains("mmol", StringComparison.OrdinalIgnoreCase) ? v * CholesterolMmolToMgDl : v;

    private static string Origin(Measurement m) => $"{m.Name} ({m.Code}, {m.Value} {m.Unit}, {m.Date})";

    private static string Format(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
}

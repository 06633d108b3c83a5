using Precis.Clinical.Fhir;

namespace Precis.Clinical.Record;

/// <summary>A recorded condition (problem or diagnosis).</summary>
/// <param name="Code">"SNOMED:44054006" or the first coding as "system|code".</param>
/// <param name="Display">Text as recorded.</param>
/// <param name="Onset">Onset at its recorded precision.</param>
/// <param name="Status">clinicalStatus code (active, recurrence, relapse, resolved…).</param>
public sealed record RecordCondition(string? Code, string Display, FhirDateTime? Onset, string? Status);

/// <summary>A current medication with the ingredients it maps to.</summary>
/// <param name="Display">Text as recorded.</param>
/// <param name="RxNormCode">The recorded RxNorm code ("RxNorm:309362"), if any.</param>
/// <param name="Ingredients">RxNorm ingredients from the ingredient table; empty when the code is not in it.</param>
/// <param name="Source">MedicationRequest or MedicationStatement.</param>
/// <param name="Status">The resource's status.</param>
/// <param name="Date">authoredOn / effective / dateAsserted.</param>
public sealed record RecordMedication(string Display, string? RxNormCode, IReadOnlyList<Ingredient> Ingredients, string Source, string? Status, FhirDateTime? Date)
{
    /// <summary>Ingredient names joined with " / ", or null when unmapped.</summary>
    public string? IngredientText => Ingredients.Count == 0 ? null : string.Join(" / ", Ingredients.Select(i => i.Name));
}

/// <summary>An allergy or intolerance.</summary>
public sealed record RecordAllergy(string Display, string? Code, string? Type, IReadOnlyList<string> Categories, string? Criticality);

/// <summary>Whether a measurement is a vital sign, a laboratory result or another kind of observation.</summary>
public enum MeasurementKind
{
    VitalSign,
    Laboratory,
    Survey,
    Other,
}

/// <summary>One quantitative observation, LOINC-coded with a UCUM unit; blood-pressure panels yield two (systolic, diastolic).</summary>
/// <param name="Loinc">LOINC code of the measured quantity (for panels: the component's code).</param>
/// <param name="Name">Display name.</param>
/// <param name="Value">Numeric value after unit normalisation.</param>
/// <param name="ValueText">The value as recorded (exact decimal text).</param>
/// <param name="Unit">UCUM code, or null when the record gave none.</param>
/// <param name="When">Effective time at its precision.</param>
/// <param name="Kind">Vital sign, laboratory…</param>
/// <param name="Panel">The LOINC panel it came from (85354-9 or 55284-4 for blood pressure), if any.</param>
/// <param name="Path">JSON path in the source bundle.</param>
public sealed record RecordMeasurement(string Loinc, string Name, decimal Value, string ValueText, string? Unit, FhirDateTime? When, MeasurementKind Kind, string? Panel, string Path);

/// <summary>A coded observation such as smoking status: the answer and when it was recorded.</summary>
public sealed record RecordStatus(string Loinc, string Display, string? AnswerCode, FhirDateTime? When);

/// <summary>A relative's recorded conditions.</summary>
public sealed record FamilyHistoryItem(string Relationship, string? RelationshipCode, IReadOnlyList<string> Conditions, bool? Deceased);

/// <summary>A problem in the source data, reported rather than hidden.</summary>
/// <param name="Code">Machine-readable kind: category-nonstandard, display-misspelt, unit-missing, unit-not-ucum, …</param>
/// <param name="Path">JSON path of the element.</param>
/// <param name="Message">What is wrong and what Precis did about it.</param>
/// <param name="Count">How many elements have the same problem (the path is the first).</param>
public sealed record DataQualityIssue(string Code, string Path, string Message, int Count = 1);

/// <summary>
/// The patient's record assembled from a FHIR bundle: demographics, active conditions, current medications as
/// RxNorm ingredients, allergies, labs and vitals in UCUM units, smoking and alcohol, BMI, family history, and the
/// data-quality problems found on the way.
/// </summary>
public sealed record PatientRecord
{
    public required string PatientId { get; init; }

    public string? Name { get; init; }

    public string? Sex { get; init; }

    public FhirDateTime? BirthDate { get; init; }

    /// <summary>Age in whole years today, or at death.</summary>
    public int? AgeYears { get; init; }

    public bool Deceased { get; init; }

    public FhirDateTime? DeceasedDate { get; init; }

    public IReadOnlyList<RecordCondition> ActiveConditions { get; init; } = [];

    /// <summary>Conditions that are resolved, inactive or abated (history).</summary>
    public IReadOnlyList<RecordCondition> PastConditions { get; init; } = [];

    public IReadOnlyList<RecordMedication> CurrentMedications { get; init; } = [];

    public IReadOnlyList<RecordAllergy> Allergies { get; init; } = [];

    /// <summary>Every quantitative observation, oldest first.</summary>
    public IReadOnlyList<RecordMeasurement> Measurements { get; init; } = [];

    public RecordStatus? Smoking { get; init; }

    public RecordStatus? Alcohol { get; init; }

    public IReadOnlyList<FamilyHistoryItem> FamilyHistory { get; init; } = [];

    public IReadOnlyList<DataQualityIssue> DataQuality { get; init; } = [];

    /// <summary>The latest measurement of one LOINC code, if any.</summary>
    public RecordMeasurement? Latest(string loinc) =>
        Measurements.Where(m => m.Loinc == loinc).MaxBy(m => m.When?.Start ?? DateTimeOffset.MinValue);

    /// <summary>The latest measurement of each LOINC code of a kind, ordered by name.</summary>
    public IReadOnlyList<RecordMeasurement> LatestOf(MeasurementKind kind) =>
        [.. Measurements.Where(m => m.Kind == kind).GroupBy(m => m.Loinc, StringComparer.Ordinal)
            .Select(g => g.MaxBy(m => m.When?.Start ?? DateTimeOffset.MinValue)!)
            .OrderBy(m => m.Name, StringComparer.Ordinal)];

    /// <summary>The latest BMI (LOINC 39156-5).</summary>
    public RecordMeasurement? Bmi => Latest(Loinc.Bmi);
}

/// <summary>LOINC codes the record uses by name.</summary>
public static class Loinc
{
    public const string System = "http://loinc.org";
    public const string BloodPressurePanel = "85354-9";
    public const string BloodPressurePanelOld = "55284-4";
    public const string Systolic = "8480-6";
    public const string Diastolic = "8462-4";
    public const string Bmi = "39156-5";
    public const string SmokingStatus = "72166-2";
    public const string HeartRate = "8867-4";
    public const string BodyWeight = "29463-7";
    public const string BodyHeight = "8302-2";
    public const string Glucose = "2339-0";
    public const string GlucoseSerum = "2345-7";

    /// <summary>Alcohol use: AUDIT-C and AUDIT scores, history of alcohol use, alcoholic drinks per day.</summary>
    public static readonly IReadOnlyList<string> Alcohol = ["75626-2", "72109-2", "11331-6", "74013-4"];
}

namespace Precis.Core;

/// <summary>Demographics and record highlights shown at the top of a plan.</summary>
public sealed record PatientSummary
{
    /// <summary>Pseudonymous identifier as given by the input (never a name in logs).</summary>
    public required string Id { get; init; }

    public string? DisplayName { get; init; }

    /// <summary>Administrative sex as recorded (male, female, other, unknown).</summary>
    public string? Sex { get; init; }

    /// <summary>Birth date as recorded, at its precision (YYYY, YYYY-MM or YYYY-MM-DD).</summary>
    public string? BirthDate { get; init; }

    public int? AgeYears { get; init; }

    public IReadOnlyList<string> ActiveConditions { get; init; } = [];

    /// <summary>Current medications as written in the record, with the ingredient where known.</summary>
    public IReadOnlyList<MedicationSummary> CurrentMedications { get; init; } = [];

    public IReadOnlyList<Measurement> LatestMeasurements { get; init; } = [];

    public IReadOnlyList<string> Allergies { get; init; } = [];

    /// <summary>Lifestyle facts as recorded, e.g. "Smoking: Former smoker".</summary>
    public IReadOnlyList<string> Lifestyle { get; init; } = [];
}

/// <summary>A medication as recorded, with its code.</summary>
/// <param name="Text">Display text from the record.</param>
/// <param name="Code">Coded form, e.g. "RxNorm:309362".</param>
/// <param name="Ingredient">Active ingredient name when resolved, e.g. "clopidogrel".</param>
public sealed record MedicationSummary(string Text, string? Code, string? Ingredient);

/// <summary>A dated measurement with its unit (UCUM).</summary>
public sealed record Measurement(string Name, string Value, string? Unit, string? Date, string? Code = null);

/// <summary>Whether an engine's section of the plan has content in this build and for this patient.</summary>
public enum SectionStatus
{
    /// <summary>The engine ran and its findings are in the plan.</summary>
    Available,
    /// <summary>The engine ran but the patient's data did not allow an assessment.</summary>
    InsufficientData,
    /// <summary>The engine is not part of this build.</summary>
    NotAvailableInThisBuild,
    /// <summary>The input for this engine was not provided.</summary>
    NoInput,
}

/// <summary>One engine's part of a plan.</summary>
/// <param name="Id">Section id: pharmacogenomics, oncology, polygenic-risk, prediction, monitoring, record.</param>
/// <param name="Title">Heading shown to readers.</param>
/// <param name="Status">Whether it has content.</param>
/// <param name="Message">Why not, or a short overview.</param>
public sealed record PlanSection(string Id, string Title, SectionStatus Status, string Message);

/// <summary>Something that could not be assessed, and why (missing positions, no guideline, out of population).</summary>
/// <param name="Area">Section id.</param>
/// <param name="Subject">What could not be assessed.</param>
/// <param name="Reason">Why.</param>
public sealed record NotAssessed(string Area, string Subject, string Reason);

/// <summary>Two or more recommendations that pull in different directions, shown with both sources.</summary>
/// <param name="Subject">What they disagree about.</param>
/// <param name="RecommendationIds">The recommendations involved.</param>
/// <param name="Explanation">The conflict in words.</param>
/// <param name="Kind">drug-gene (a current medicine meets a genotype-guided avoid/alternative), drug-drug, duplicate-therapy, or null for two sources disagreeing.</param>
/// <param name="Action">The most urgent action among the recommendations involved, for ranking conflicts first.</param>
/// <param name="RecordEntries">The clinical-record entries involved, as "ResourceType/id" (e.g. "MedicationRequest/abc").</param>
/// <param name="FindingIds">The findings involved.</param>
public sealed record Conflict(
    string Subject,
    IReadOnlyList<string> RecommendationIds,
    string Explanation,
    string? Kind = null,
    RecommendationAction? Action = null,
    IReadOnlyList<string>? RecordEntries = null,
    IReadOnlyList<string>? FindingIds = null);

/// <summary>The personalised plan: ranked recommendations, findings, conflicts, gaps and provenance.</summary>
public sealed record Plan
{
    /// <summary>Version of the plan JSON schema (docs/schema/plan.schema.json) the current code writes.</summary>
    public const string CurrentSchemaVersion = "1.0";

    /// <summary>Version of the plan JSON schema this object serialises to.</summary>
    public string SchemaVersion { get; init; } = CurrentSchemaVersion;

    public required PatientSummary Patient { get; init; }

    public required IReadOnlyList<PlanSection> Sections { get; init; }

    /// <summary>Ranked: most urgent and best-evidenced first.</summary>
    public required IReadOnlyList<Recommendation> Recommendations { get; init; }

    public required IReadOnlyList<Finding> Findings { get; init; }

    public IReadOnlyList<Conflict> Conflicts { get; init; } = [];

    public IReadOnlyList<NotAssessed> NotAssessed { get; init; } = [];

    /// <summary>What to monitor, how often and why, assembled from the plan's actions.</summary>
    public IReadOnlyList<ScheduleItem> Schedule { get; init; } = [];

    /// <summary>The data behind the report's figures (percentile curve, activity scores, explanation, CGM profile).</summary>
    public IReadOnlyList<FigureData> Figures { get; init; } = [];

    public required Provenance Provenance { get; init; }

    /// <summary>Shown on every rendering.</summary>
    public string Disclaimer { get; init; } = Disclaimers.ResearchUse;
}

/// <summary>Standard wording that every output carries.</summary>
public static class Disclaimers
{
    public const string ResearchUse =
        "Research use only. Precis is not a medical device and its output is not a diagnosis. " +
        "Talk to your doctor before changing any medicine.";
}

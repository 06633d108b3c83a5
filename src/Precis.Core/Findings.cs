namespace Precis.Core;

/// <summary>One step in the chain from the patient's data to a conclusion.</summary>
/// <param name="Kind">What the step is: the input data, a call made from it, a phenotype or biomarker, a rule, an action.</param>
/// <param name="Statement">The step in words, e.g. "rs4244285 (chr10:94781859) G/A, GQ 99".</param>
public sealed record RationaleStep(RationaleStepKind Kind, string Statement);

/// <summary>The kinds of rationale steps, in the order a chain normally runs.</summary>
public enum RationaleStepKind
{
    InputData,
    Call,
    Phenotype,
    Biomarker,
    Score,
    Rule,
    Action,
}

/// <summary>A quality concern attached to a finding (low GQ, missing positions, out-of-range value).</summary>
/// <param name="Code">Machine-readable code, e.g. "missing-positions", "low-gq".</param>
/// <param name="Message">What it means for the reader.</param>
public sealed record QualityFlag(string Code, string Message);

/// <summary>Something true of this patient, with the evidence that shows it.</summary>
/// <param name="Id">Stable id within a plan, e.g. "pgx:CYP2C19:diplotype".</param>
/// <param name="Engine">The engine that produced it.</param>
/// <param name="Kind">Kind of finding: diplotype, phenotype, biomarker, score-percentile, predicted-risk, monitoring-trend, record.</param>
/// <param name="Subject">What it is about: a gene, a score, a measurement.</param>
/// <param name="Summary">One line a clinician reads.</param>
/// <param name="Details">Named values behind the summary.</param>
/// <param name="Rationale">How the finding follows from the input.</param>
/// <param name="Quality">Concerns about the data behind it.</param>
/// <param name="Citations">Sources for the interpretation.</param>
public sealed record Finding(
    string Id,
    string Engine,
    string Kind,
    string Subject,
    string Summary,
    IReadOnlyDictionary<string, string> Details,
    IReadOnlyList<RationaleStep> Rationale,
    IReadOnlyList<QualityFlag> Quality,
    IReadOnlyList<Citation> Citations);

/// <summary>What a recommendation asks the clinician to do, ordered from most to least urgent.</summary>
public enum RecommendationAction
{
    Avoid,
    UseAlternative,
    AdjustDose,
    ConsiderTrial,
    Screen,
    Refer,
    Consider,
    Monitor,
    UseAsDirected,
    Inform,
}

/// <summary>The kind of thing a recommendation acts on.</summary>
public enum SubjectKind
{
    Drug,
    Therapy,
    Test,
    Behaviour,
    Trial,
    Referral,
}

/// <summary>The subject of a recommendation, e.g. the drug clopidogrel with its RxNorm code.</summary>
/// <param name="Kind">Drug, test, behaviour...</param>
/// <param name="Name">Name as shown to readers.</param>
/// <param name="Code">A coded identifier, e.g. "RxNorm:32968".</param>
public sealed record RecommendationSubject(SubjectKind Kind, string Name, string? Code = null);

/// <summary>An action on a subject, with its strength, evidence, source and the rationale from the patient's data.</summary>
public sealed record Recommendation
{
    /// <summary>Stable id within a plan.</summary>
    public required string Id { get; init; }

    /// <summary>The engine that produced it.</summary>
    public required string Engine { get; init; }

    public required RecommendationAction Action { get; init; }

    public required RecommendationSubject Subject { get; init; }

    public required RecommendationStrength Strength { get; init; }

    public required EvidenceLevel Evidence { get; init; }

    /// <summary>The knowledge-base entry and guideline the recommendation transcribes.</summary>
    public required SourceReference Source { get; init; }

    /// <summary>Clinician-facing text: precise, in our own words.</summary>
    public required string ClinicianText { get; init; }

    /// <summary>Patient-facing text: short sentences, no unexplained jargon.</summary>
    public required string PatientText { get; init; }

    /// <summary>The chain from input data to the action; never empty.</summary>
    public required IReadOnlyList<RationaleStep> Rationale { get; init; }

    public required IReadOnlyList<Citation> Citations { get; init; }

    /// <summary>The population the source says the recommendation applies to, if restricted.</summary>
    public string? Population { get; init; }

    /// <summary>Alternatives the source names (drugs, doses, tests).</summary>
    public IReadOnlyList<string> Alternatives { get; init; } = [];

    /// <summary>Ids of the findings this recommendation rests on.</summary>
    public IReadOnlyList<string> FindingIds { get; init; } = [];
}

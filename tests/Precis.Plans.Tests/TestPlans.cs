using Precis.Core;
using Precis.Knowledge;
using Precis.Plans.Reasoning;

namespace Precis.Plans.Tests;

/// <summary>Small synthetic plans and reasoning contexts for rule tests.</summary>
internal static class TestPlans
{
    public static readonly KnowledgeCatalog Catalog = KnowledgeCatalog.Embedded();

    public static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    public static Citation Cite { get; } = new("test", "Test guideline");

    public static Recommendation Rec(string id, RecommendationAction action, RecommendationStrength strength = RecommendationStrength.Moderate, string subject = "drug", string engine = "test") => new()
    {
        Id = id,
        Engine = engine,
        Action = action,
        Subject = new RecommendationSubject(SubjectKind.Drug, subject),
        Strength = strength,
        Evidence = new EvidenceLevel(EvidenceScheme.Cpic, "A"),
        Source = new SourceReference("kb", "1", id),
        ClinicianText = "text",
        PatientText = "text",
        Rationale = [new RationaleStep(RationaleStepKind.Rule, "rule")],
        Citations = [Cite],
    };

    public static Finding Finding(string id, string engine, string kind, string subject, params (string Key, string Value)[] details) =>
        new(id, engine, kind, subject, $"{subject} summary", details.ToDictionary(d => d.Key, d => d.Value), [new RationaleStep(RationaleStepKind.InputData, "data")], [], [Cite]);

    public static PatientSummary Patient(int? age = 55, string[]? conditions = null, MedicationSummary[]? meds = null, string[]? lifestyle = null) => new()
    {
        Id = "p-1",
        Sex = "female",
        AgeYears = age,
        BirthDate = age is { } a ? (2026 - a).ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
        ActiveConditions = conditions ?? [],
        CurrentMedications = meds ?? [],
        Lifestyle = lifestyle ?? [],
    };

    /// <summary>Runs one rule over a builder holding <paramref name="findings"/> and <paramref name="recs"/>.</summary>
    public static PlanBuilder Run(IPlanRule rule, PatientSummary patient, IEnumerable<Finding>? findings = null, IEnumerable<Recommendation>? recs = null, IEnumerable<KnowledgeVersion>? knowledge = null, DateTimeOffset? now = null)
    {
        var b = new PlanBuilder(patient);
        foreach (var f in findings ?? [])
            b.AddFinding(f);
        foreach (var r in recs ?? [])
            b.AddRecommendation(r);
        if (knowledge is not null)
            b.AddKnowledge(knowledge);
        var inputs = new PlanInputs { Files = [], Knowledge = Catalog, Now = now ?? Now, Patient = patient };
        rule.Apply(new ReasoningContext(inputs, b, RecordIndex.Empty));
        return b;
    }
}

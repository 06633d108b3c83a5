using Precis.Core;

namespace Precis.Plans;

/// <summary>
/// Collects each engine's section, findings and recommendations and produces a <see cref="Plan"/> whose
/// recommendations are ranked by urgency of the action first (avoid &gt; adjust &gt; consider &gt; monitor &gt; inform),
/// then by strength, so the most urgent, best-supported action is read first.
/// </summary>
public sealed class PlanBuilder
{
    private readonly List<PlanSection> _sections = [];
    private readonly List<Finding> _findings = [];
    private readonly List<Recommendation> _recommendations = [];
    private readonly List<Conflict> _conflicts = [];
    private readonly List<NotAssessed> _notAssessed = [];
    private readonly List<InputChecksum> _inputs = [];
    private readonly List<KnowledgeVersion> _knowledge = [];
    private readonly List<ScheduleItem> _schedule = [];
    private readonly List<FigureData> _figures = [];

    public PlanBuilder(PatientSummary patient) => Patient = patient ?? throw new ArgumentNullException(nameof(patient));

    public PatientSummary Patient { get; set; }

    /// <summary>The findings added so far, for the cross-engine reasoning that runs after the contributors.</summary>
    public IReadOnlyList<Finding> Findings => _findings;

    /// <summary>The recommendations added so far, in the order added.</summary>
    public IReadOnlyList<Recommendation> Recommendations => _recommendations;

    /// <summary>The conflicts added so far.</summary>
    public IReadOnlyList<Conflict> Conflicts => _conflicts;

    /// <summary>The knowledge versions recorded so far.</summary>
    public IReadOnlyList<KnowledgeVersion> Knowledge => _knowledge;

    public PlanBuilder AddSection(PlanSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        if (_sections.Any(s => s.Id == section.Id))
            throw new InvalidOperationException($"section '{section.Id}' added twice");
        _sections.Add(section);
        return this;
    }

    public PlanBuilder AddFinding(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        _findings.Add(finding);
        return this;
    }

    /// <summary>Adds a recommendation; refuses one without rationale or citation, which the clinical-safety rules forbid.</summary>
    public PlanBuilder AddRecommendation(Recommendation recommendation)
    {
        ArgumentNullException.ThrowIfNull(recommendation);
        if (recommendation.Rationale.Count == 0)
            throw new ArgumentException($"recommendation '{recommendation.Id}' has no rationale", nameof(recommendation));
        if (recommendation.Citations.Count == 0)
            throw new ArgumentException($"recommendation '{recommendation.Id}' has no citation", nameof(recommendation));
        _recommendations.Add(recommendation);
        return this;
    }

    public PlanBuilder AddConflict(Conflict conflict)
    {
        _conflicts.Add(conflict);
        return this;
    }

    public PlanBuilder AddNotAssessed(NotAssessed item)
    {
        _notAssessed.Add(item);
        return this;
    }

    /// <summary>Adds a monitoring-schedule line; refuses one without a citation.</summary>
    public PlanBuilder AddScheduleItem(ScheduleItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.Citations.Count == 0)
            throw new ArgumentException($"schedule item '{item.What}' has no citation", nameof(item));
        _schedule.Add(item);
        return this;
    }

    /// <summary>Adds the data behind a figure; refuses an id used twice or a figure without points.</summary>
    public PlanBuilder AddFigure(FigureData figure)
    {
        ArgumentNullException.ThrowIfNull(figure);
        if (figure.Points.Count == 0)
            throw new ArgumentException($"figure '{figure.Id}' has no points", nameof(figure));
        if (_figures.Any(f => f.Id == figure.Id))
            throw new InvalidOperationException($"figure '{figure.Id}' added twice");
        _figures.Add(figure);
        return this;
    }

    public PlanBuilder AddInput(InputChecksum input)
    {
        _inputs.Add(input);
        return this;
    }

    public PlanBuilder AddKnowledge(IEnumerable<KnowledgeVersion> versions)
    {
        ArgumentNullException.ThrowIfNull(versions);
        foreach (var v in versions)
        {
            if (!_knowledge.Contains(v))
                _knowledge.Add(v);
        }

        return this;
    }

    /// <summary>Builds the plan, ranking recommendations and checking that every finding id referenced exists.</summary>
    public Plan Build(string engine, string engineVersion, DateTimeOffset generatedAt)
    {
        var findingIds = _findings.Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var r in _recommendations)
        {
            var missing = r.FindingIds.FirstOrDefault(id => !findingIds.Contains(id));
            if (missing is not null)
                throw new InvalidOperationException($"recommendation '{r.Id}' refers to finding '{missing}', which is not in the plan");
        }

        return new Plan
        {
            Patient = Patient,
            Sections = [.. _sections],
            Recommendations = Rank(_recommendations),
            Findings = [.. _findings],
            Conflicts = [.. _conflicts.OrderBy(c => c.Action is { } a ? UrgencyRank(a) : int.MaxValue)],
            NotAssessed = [.. _notAssessed],
            Schedule = [.. _schedule],
            Figures = [.. _figures],
            Provenance = new Provenance(engine, engineVersion, [.. _knowledge], [.. _inputs], generatedAt.ToUniversalTime()),
        };
    }

    /// <summary>
    /// Urgency of the action first; at equal urgency a conflict with a current medicine (id "conflict:…") before the
    /// rest, because it concerns something the patient takes today; then strength (strong first), then id for a stable order.
    /// </summary>
    public static IReadOnlyList<Recommendation> Rank(IEnumerable<Recommendation> recommendations) =>
        [.. recommendations
            .OrderBy(r => UrgencyRank(r.Action))
            .ThenBy(r => r.Id.StartsWith(ConflictIdPrefix, StringComparison.Ordinal) ? 0 : 1)
            .ThenByDescending(r => r.Strength)
            .ThenBy(r => r.Id, StringComparer.Ordinal)];

    /// <summary>Prefix of the ids of recommendations that state a conflict with a current medication.</summary>
    public const string ConflictIdPrefix = "conflict:";

    /// <summary>Lower is more urgent: avoid &gt; adjust &gt; consider &gt; monitor &gt; inform.</summary>
    public static int UrgencyRank(RecommendationAction action) => action switch
    {
        RecommendationAction.Avoid => 0,
        RecommendationAction.UseAlternative => 1,
        RecommendationAction.AdjustDose => 2,
        RecommendationAction.ConsiderTrial => 3,
        RecommendationAction.Screen => 4,
        RecommendationAction.Refer => 5,
        RecommendationAction.Consider => 6,
        RecommendationAction.Monitor => 7,
        RecommendationAction.UseAsDirected => 8,
        RecommendationAction.Inform => 9,
        _ => 10,
    };
}

namespace Precis.Core;

/// <summary>One line of a plan's monitoring schedule: what to measure, how often, why, and the source saying so.</summary>
/// <param name="What">The test or observation, e.g. "Lipid panel (LDL cholesterol)".</param>
/// <param name="Frequency">How often, in the source's terms, e.g. "4–12 weeks after starting or changing a statin, then every 3–12 months".</param>
/// <param name="Why">The reason for this patient, naming the action or finding it follows from.</param>
/// <param name="Source">The knowledge-base entry and guideline the interval comes from.</param>
/// <param name="Citations">Where the interval is published; never empty.</param>
/// <param name="RecommendationIds">The plan's recommendations this item supports.</param>
/// <param name="FindingIds">The plan's findings this item follows from.</param>
public sealed record ScheduleItem(
    string What,
    string Frequency,
    string Why,
    SourceReference Source,
    IReadOnlyList<Citation> Citations,
    IReadOnlyList<string> RecommendationIds,
    IReadOnlyList<string> FindingIds);

/// <summary>The data behind one figure of a plan, so a rendering draws it and the JSON keeps the numbers.</summary>
/// <param name="Id">Stable id within a plan, e.g. "figure:cgm-daily-profile".</param>
/// <param name="Kind">percentile-curve, activity-bars, waterfall or daily-profile.</param>
/// <param name="Title">Heading shown above the figure.</param>
/// <param name="XLabel">Label of the horizontal axis.</param>
/// <param name="YLabel">Label of the vertical axis.</param>
/// <param name="Caption">Plain-language text alternative: what the figure shows in words.</param>
/// <param name="Points">The values drawn.</param>
/// <param name="FindingIds">The findings the values come from.</param>
public sealed record FigureData(
    string Id,
    string Kind,
    string Title,
    string XLabel,
    string YLabel,
    string Caption,
    IReadOnlyList<FigurePoint> Points,
    IReadOnlyList<string> FindingIds);

/// <summary>One value of a figure, with an optional range (interquartile range, maximum of a scale).</summary>
/// <param name="Label">Category or position label, e.g. "CYP2C9", "08:00", "age".</param>
/// <param name="Value">The value drawn.</param>
/// <param name="Low">Lower bound of a band (e.g. 25th percentile), if any.</param>
/// <param name="High">Upper bound of a band or scale maximum, if any.</param>
public sealed record FigurePoint(string Label, double Value, double? Low = null, double? High = null);

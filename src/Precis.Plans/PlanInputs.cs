using Precis.Core;
using Precis.Knowledge;

namespace Precis.Plans;

/// <summary>One input file of a patient and the role it plays.</summary>
/// <param name="Role">germline-vcf, tumour-maf, fhir-bundle, wearable-csv, outside-calls, scoring-file...</param>
/// <param name="Path">Path on disk.</param>
public sealed record PlanInput(string Role, string Path);

/// <summary>Everything a plan is computed from: the inputs, the knowledge, the clock and the record summary.</summary>
public sealed record PlanInputs
{
    public required IReadOnlyList<PlanInput> Files { get; init; }

    public required KnowledgeCatalog Knowledge { get; init; }

    /// <summary>The report time; also "today" for ages and staleness.</summary>
    public required DateTimeOffset Now { get; init; }

    /// <summary>Worker threads an engine may use.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// OncoTree code of the tumour given by the user (e.g. <c>--tumor-type BRCA</c>); it takes precedence over the code
    /// mapped from the record's cancer condition. Null when not given.
    /// </summary>
    public string? TumourType { get; init; }

    /// <summary>The first input with a role, if any.</summary>
    public string? PathOf(string role) => Files.FirstOrDefault(f => f.Role == role)?.Path;

    /// <summary>The patient summary, read from the FHIR bundle before contributors run.</summary>
    public PatientSummary Patient { get; init; } = new() { Id = "unknown" };
}

/// <summary>
/// One engine's part of the plan. A contributor reads the inputs it needs, runs its engine and adds its
/// section, findings, recommendations and gaps to the builder. It adds exactly one section with its
/// <see cref="SectionId"/>, even when it has nothing to say (then with the reason).
/// </summary>
public interface IPlanContributor
{
    /// <summary>The section id this contributor owns: pharmacogenomics, oncology, polygenic-risk, prediction, monitoring.</summary>
    string SectionId { get; }

    void Contribute(PlanInputs inputs, PlanBuilder builder, IProgress<ProgressUpdate> progress);
}

using Precis.Clinical;
using Precis.Core;

namespace Precis.Plans;

/// <summary>
/// Runs the contributors of this build on one patient's inputs and composes the plan. Sections whose engine
/// is not in this build are listed as such, so a reader sees what was not assessed.
/// </summary>
public static class PlanComposer
{
    /// <summary>Every section a complete plan has, in display order.</summary>
    public static readonly IReadOnlyList<(string Id, string Title)> AllSections =
    [
        ("record", "Clinical record"),
        ("pharmacogenomics", "Pharmacogenomics"),
        ("oncology", "Precision oncology"),
        ("polygenic-risk", "Polygenic risk"),
        ("prediction", "Risk and response prediction"),
        ("monitoring", "Monitoring and lifestyle"),
    ];

    /// <summary>
    /// Composes the plan. <c>tumourType</c> is the OncoTree code given by the user (<c>--tumor-type</c>); when null the
    /// oncology section takes it from the record's cancer condition.
    /// </summary>
    public static Plan Compose(
        IReadOnlyList<PlanInput> files,
        Knowledge.KnowledgeCatalog knowledge,
        DateTimeOffset now,
        string engine,
        string engineVersion,
        IProgress<ProgressUpdate> progress,
        IReadOnlyList<IPlanContributor>? contributors = null,
        int threads = 0,
        string? tumourType = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(knowledge);
        ArgumentNullException.ThrowIfNull(progress);
        contributors ??= DefaultContributors.Create();

        var fhir = files.FirstOrDefault(f => f.Role == "fhir-bundle")?.Path;
        progress.Report(new ProgressUpdate("reading the clinical record", 0, null));
        var patient = fhir is null
            ? new PatientSummary { Id = "unknown" }
            : BundleSummaryReader.ReadFile(fhir, DateOnly.FromDateTime(now.UtcDateTime), Clinical.Record.RxNormIngredients.From(knowledge));

        var inputs = new PlanInputs
        {
            Files = files,
            Knowledge = knowledge,
            Now = now,
            Patient = patient,
            Threads = threads > 0 ? threads : Environment.ProcessorCount,
            TumourType = string.IsNullOrWhiteSpace(tumourType) ? null : tumourType.Trim(),
        };
        var builder = new PlanBuilder(patient);
        builder.AddKnowledge(knowledge.Versions);
        foreach (var f in files)
            builder.AddInput(InputChecksum.OfFile(f.Role, f.Path));

        builder.AddSection(new PlanSection("record", "Clinical record", fhir is null ? SectionStatus.NoInput : SectionStatus.Available,
            fhir is null
                ? "No FHIR bundle was given."
                : $"Summary of {Path.GetFileName(fhir)}: {patient.ActiveConditions.Count} active condition(s), {patient.CurrentMedications.Count} current medication(s)."));

        foreach (var (id, title) in AllSections.Skip(1))
        {
            var contributor = contributors.FirstOrDefault(c => c.SectionId == id);
            if (contributor is null)
            {
                builder.AddSection(new PlanSection(id, title, SectionStatus.NotAvailableInThisBuild, "Not available in this build."));
                builder.AddNotAssessed(new NotAssessed(id, title, "Not available in this build."));
                continue;
            }

            progress.Report(new ProgressUpdate(title, 0, null));
            contributor.Contribute(inputs, builder, progress);
        }

        // Cross-engine reasoning reads what every contributor added, so it runs last.
        Reasoning.PlanReasoner.Run(inputs, builder, progress);
        return builder.Build(engine, engineVersion, now);
    }
}

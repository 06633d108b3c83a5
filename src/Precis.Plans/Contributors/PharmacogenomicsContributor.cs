using System.Globalization;
using Precis.Core;
using Precis.Pharmacogenomics;
using Precis.Pharmacogenomics.Dosing;
using Precis.Pharmacogenomics.Input;
using Precis.Pharmacogenomics.Knowledge;
using Precis.Pharmacogenomics.Output;
using Precis.Pharmacogenomics.Recommendations;

namespace Precis.Plans;

/// <summary>
/// The "pharmacogenomics" section: calls every pharmacogene from the germline VCF (role <c>germline-vcf</c>) and an
/// optional outside-call file (role <c>outside-calls</c>), and looks up CPIC/DPWG recommendations for the patient's
/// current medications. Genes it could not call are listed as not assessed, with the reason.
/// </summary>
public sealed class PharmacogenomicsContributor : IPlanContributor
{
    private const string Title = "Pharmacogenomics";

    public string SectionId => "pharmacogenomics";

    private static readonly string[] WarfarinGenes = ["CYP2C9", "VKORC1", "CYP4F2"];

    public void Contribute(PlanInputs inputs, PlanBuilder builder, IProgress<ProgressUpdate> progress)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(builder);
        var vcf = inputs.PathOf("germline-vcf");
        if (vcf is null)
        {
            builder.AddSection(new PlanSection(SectionId, Title, SectionStatus.NoInput, "No germline VCF was given."));
            builder.AddNotAssessed(new NotAssessed(SectionId, "Pharmacogenomic genotypes", "No germline VCF was given."));
            return;
        }

        progress?.Report(new ProgressUpdate("calling pharmacogenes", 0, null));
        var knowledge = PgxKnowledge.FromCatalog(inputs.Knowledge);
        builder.AddKnowledge(knowledge.Sources.Select(s => s.ToVersion()));
        var engine = new PgxEngine(knowledge);
        var samples = VcfGenotypeReader.Read(vcf, knowledge, sex: inputs.Patient.Sex);
        var sample = samples[0];
        var outsidePath = inputs.PathOf("outside-calls");
        var outside = outsidePath is null ? null : OutsideCallReader.Read(outsidePath, knowledge);
        var medications = inputs.Patient.CurrentMedications.Select(m => MedicationResolver.Resolve(knowledge, m)).Distinct(StringComparer.Ordinal).ToList();
        // Phenoconversion by current medications: ingredient, code and record text are all offered to the modulator table.
        var recorded = inputs.Patient.CurrentMedications.SelectMany(m => new[] { m.Ingredient, m.Code, m.Text }).OfType<string>().Distinct(StringComparer.Ordinal);
        var genes = engine.Phenoconvert(engine.CallGenes(sample, outside), recorded);
        var drugs = engine.Recommend(genes, medications);
        var part = PgxPlanMapper.Map(genes, drugs, inputs.Knowledge);
        foreach (var f in part.Findings)
            builder.AddFinding(FindingVariants.WithGermline(f, genes, sample, knowledge)); // defining variants, for the FHIR Variant Observations
        foreach (var r in part.Recommendations)
            builder.AddRecommendation(r);
        foreach (var c in part.Conflicts)
            builder.AddConflict(c);
        foreach (var n in part.NotAssessed)
            builder.AddNotAssessed(n);
        // Warfarin current or likely: the CPIC recommendation with the IWPC dose estimates (equations in Precis.Prediction).
        if (WarfarinDosing.Assess(genes, inputs.Patient) is { } warfarin)
        {
            var (dose, advice) = WarfarinPlanMapper.Map(warfarin, inputs.Knowledge);
            builder.AddFinding(dose);
            // The dose is genotype-guided: the action also names the CYP2C9/VKORC1/CYP4F2 results it used, so it is traceable
            // to them (and the FHIR export derives its therapeutic implication and Task from their genotypes).
            var used = WarfarinGenes.Select(g => $"pgx:{g}:phenotype")
                .Where(id => builder.Findings.Any(f => f.Id == id) && !advice.FindingIds.Contains(id));
            builder.AddRecommendation(advice with { FindingIds = [.. advice.FindingIds, .. used] });
        }

        var called = genes.Count(g => g.IsActionable);
        var withRecs = drugs.Count(d => d.Outcome == DrugOutcome.Recommendation);
        var message = string.Create(CultureInfo.InvariantCulture,
            $"{called} of {genes.Count} genes with a phenotype from {Path.GetFileName(vcf)}{(samples.Count > 1 ? $" (sample {sample.SampleId}, first of {samples.Count})" : "")}; " +
            $"{withRecs} of {medications.Count} current medication(s) have a genotype-guided recommendation.");
        builder.AddSection(new PlanSection(SectionId, Title, called > 0 ? SectionStatus.Available : SectionStatus.InsufficientData, message));
    }
}

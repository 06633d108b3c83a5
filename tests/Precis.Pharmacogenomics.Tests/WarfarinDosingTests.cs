using Precis.Core;
using Precis.Knowledge;
using Precis.Pharmacogenomics.Dosing;

namespace Precis.Pharmacogenomics.Tests;

/// <summary>Warfarin in the plan: CPIC 2017 recommendation with the IWPC dose estimates from Precis.Prediction.</summary>
public sealed class WarfarinDosingTests
{
    private static readonly PgxEngine Engine = new(GenotypeBuilder.Knowledge);

    private static PatientSummary Patient(bool height = true, params string[] medications) => new()
    {
        Id = "p1",
        Sex = "female",
        BirthDate = "1965-03-01",
        AgeYears = 61,
        CurrentMedications = [.. medications.Select(m => new MedicationSummary(m, null, null))],
        ActiveConditions = ["Atrial fibrillation (disorder)"],
        LatestMeasurements =
        [
            .. height ? new[] { new Measurement("Body height", "170", "cm", "2026-10-01", "LOINC:8302-2") } : [],
            new Measurement("Body weight", "80", "kg", "2026-10-01", "LOINC:29463-7"),
        ],
    };

    private static IReadOnlyList<Phenotypes.GeneResult> Genes(string cyp2c9Allele = "*3", bool cyp4f2Star3 = false)
    {
        var b = new GenotypeBuilder().Reference("CYP2C9").Reference("VKORC1").Reference("CYP4F2")
            .Allele("VKORC1", "rs9923231 variant (T)", 0);
        if (cyp2c9Allele != "*1")
            b.Allele("CYP2C9", cyp2c9Allele, 0);
        if (cyp4f2Star3)
            b.Allele("CYP4F2", "*3", 1);
        return Engine.CallGenes(b.Build());
    }

    [Fact]
    public void A_patient_on_warfarin_with_CYP2C9_star1_star3_and_VKORC1_AG_gets_the_IWPC_pharmacogenetic_dose_and_the_CPIC_recommendation()
    {
        var a = WarfarinDosing.Assess(Genes(), Patient(true, "Warfarin Sodium 5 MG Oral Tablet"))!;
        Assert.True(a.Context.Current);
        Assert.Equal(("*1/*3", "A/G", (bool?)false), (a.Cyp2c9, a.Vkorc1, a.Cyp4f2Star3Carrier));
        // (5.6044 − 0.2614·6 + 0.0087·170 + 0.0128·80 − 0.8677 (A/G) − 0.9357 (*1/*3) − 0.1032 (race missing))² = 21.46
        Assert.Equal(21.46, a.Pharmacogenetic!.Value!.Value, 2);
        // (4.0376 − 0.2546·6 + 0.0118·170 + 0.0134·80 + 0.0443)² = 31.72
        Assert.Equal(31.72, a.Clinical.Value!.Value, 2);
        Assert.Equal("mixed-or-missing", a.Pharmacogenetic.InputsUsed["race"]);
        Assert.Equal("not recorded: the IWPC equations' 'missing or mixed race' term is used", a.InputOrigins["race"]);
        Assert.Empty(a.Lacking);

        var (finding, rec) = WarfarinPlanMapper.Map(a, KnowledgeCatalog.Embedded());
        Assert.Equal("Warfarin IWPC dose estimate: pharmacogenetic 21.5 mg/week; clinical 31.7 mg/week", finding.Summary);
        Assert.StartsWith("170 (Body height (LOINC:8302-2, 170 cm, 2026-10-01))", finding.Details["input.height"], StringComparison.Ordinal);
        Assert.Equal(RecommendationAction.AdjustDose, rec.Action);
        Assert.Equal(RecommendationStrength.Strong, rec.Strength);
        Assert.Equal(("precis-pgx-cpic", "PA166104949"), (rec.Source.KnowledgeBaseId, rec.Source.EntryId));
        Assert.Contains(rec.Citations, c => c.Id == "pmid:28198005");
        Assert.Contains(rec.Citations, c => c.Id == "doi:10.1056/NEJMoa0809329");
        Assert.Contains("IWPC pharmacogenetic estimate 21.5 mg/week", rec.ClinicianText, StringComparison.Ordinal);
        Assert.Contains(rec.Rationale, s => s.Kind == RationaleStepKind.Score && s.Statement.EndsWith(": 21.5 mg/week", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_height_gives_insufficient_data_not_a_guessed_dose()
    {
        var a = WarfarinDosing.Assess(Genes(), Patient(false, "warfarin"))!;
        Assert.Null(a.Pharmacogenetic!.Value);
        Assert.StartsWith("'height' is missing", a.Pharmacogenetic.WithheldReason, StringComparison.Ordinal);
        Assert.Contains("height (LOINC 8302-2) not in the record", a.Lacking);
        var (finding, rec) = WarfarinPlanMapper.Map(a, KnowledgeCatalog.Embedded());
        Assert.StartsWith("Warfarin IWPC dose estimate: pharmacogenetic insufficient data: 'height' is missing", finding.Summary, StringComparison.Ordinal);
        Assert.Equal(RecommendationAction.Inform, rec.Action);
        Assert.Contains("No genotype-guided dose estimate: insufficient data (height (LOINC 8302-2) not in the record)", rec.ClinicianText, StringComparison.Ordinal);
    }

    [Fact]
    public void A_CYP2C9_allele_IWPC_does_not_model_withholds_the_genotype_guided_dose_and_says_why()
    {
        var a = WarfarinDosing.Assess(Genes("*8"), Patient(true, "warfarin"))!;
        Assert.Null(a.Cyp2c9);
        Assert.Null(a.Pharmacogenetic);
        Assert.NotNull(a.Clinical.Value);
        Assert.Contains(a.Lacking, l => l.StartsWith("CYP2C9 genotype the IWPC equation can represent (called *1/*8", StringComparison.Ordinal));
    }

    [Fact]
    public void A_CYP4F2_star3_carrier_gets_the_CPIC_five_to_ten_percent_increase_stated()
    {
        var a = WarfarinDosing.Assess(Genes(cyp4f2Star3: true), Patient(true, "warfarin"))!;
        Assert.True(a.Cyp4f2Star3Carrier);
        var (_, rec) = WarfarinPlanMapper.Map(a, KnowledgeCatalog.Embedded());
        Assert.Contains("CYP4F2*3 carrier: CPIC allows 5–10% more (22.5–23.6 mg/week)", rec.ClinicianText, StringComparison.Ordinal);
    }

    [Fact]
    public void Warfarin_is_assessed_when_likely_from_an_indication_and_not_at_all_otherwise()
    {
        var likely = WarfarinDosing.Assess(Genes(), Patient(true))!;
        Assert.False(likely.Context.Current);
        Assert.StartsWith("active condition 'Atrial fibrillation (disorder)'", likely.Context.Reason, StringComparison.Ordinal);
        Assert.Equal(RecommendationAction.Inform, WarfarinPlanMapper.Map(likely, KnowledgeCatalog.Embedded()).Recommendation.Action);
        Assert.Null(WarfarinDosing.Assess(Genes(), Patient(true) with { ActiveConditions = [] }));
    }
}

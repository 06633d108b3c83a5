using Precis.Core;
using Precis.Plans;

namespace Precis.Reporting.Tests;

internal static class SamplePlans
{
    /// <summary>A plan exercising every part of the schema: a recommendation, a finding, a conflict, a gap.</summary>
    public static Plan Full(string displayName = "Test Patient")
    {
        var b = new PlanBuilder(new PatientSummary
        {
            Id = "t-1",
            DisplayName = displayName,
            Sex = "female",
            BirthDate = "1960-05",
            AgeYears = 66,
            ActiveConditions = ["Coronary arteriosclerosis"],
            CurrentMedications = [new MedicationSummary("Clopidogrel 75 MG Oral Tablet", "RxNorm:309362", "clopidogrel")],
            LatestMeasurements = [new Measurement("Blood pressure", "136/84", "mm[Hg]", "2026-10-08", "LOINC:85354-9")],
            Allergies = ["Penicillin"],
            Lifestyle = ["Smoking: Former smoker"],
        });
        var cite = new Citation("PMID:35034351", "CPIC guideline for CYP2C19 and clopidogrel (2022 update)", new Uri("https://cpicpgx.org/guidelines/"), "CPIC", 2022);
        b.AddFinding(new Finding("pgx:CYP2C19", "pharmacogenomics", "diplotype", "CYP2C19", "*2/*2 — poor metabolizer",
            new Dictionary<string, string> { ["diplotype"] = "*2/*2" },
            [new RationaleStep(RationaleStepKind.InputData, "rs4244285 A/A")],
            [new QualityFlag("missing-positions", "2 positions not tested")],
            [cite]));
        b.AddRecommendation(new Recommendation
        {
            Id = "pgx:clopidogrel",
            Engine = "pharmacogenomics",
            Action = RecommendationAction.UseAlternative,
            Subject = new RecommendationSubject(SubjectKind.Drug, "clopidogrel", "RxNorm:32968"),
            Strength = RecommendationStrength.Strong,
            Evidence = new EvidenceLevel(EvidenceScheme.Cpic, "A"),
            Source = new SourceReference("precis-pgx", "2026.11.0", "cpic-clopidogrel-pm", "CPIC CYP2C19–clopidogrel 2022"),
            ClinicianText = "Use an alternative antiplatelet such as prasugrel or ticagrelor if not contraindicated.",
            PatientText = "Your body cannot activate clopidogrel well. Your doctor may choose another medicine.",
            Rationale = [new RationaleStep(RationaleStepKind.Call, "CYP2C19 *2/*2"), new RationaleStep(RationaleStepKind.Phenotype, "poor metabolizer")],
            Citations = [cite],
            Population = "ACS/PCI",
            Alternatives = ["prasugrel", "ticagrelor"],
            FindingIds = ["pgx:CYP2C19"],
        });
        b.AddRecommendation(new Recommendation
        {
            Id = "pgx:clopidogrel-dpwg",
            Engine = "pharmacogenomics",
            Action = RecommendationAction.Avoid,
            Subject = new RecommendationSubject(SubjectKind.Drug, "clopidogrel"),
            Strength = RecommendationStrength.NotGraded,
            Evidence = new EvidenceLevel(EvidenceScheme.Dpwg, "4F"),
            Source = new SourceReference("precis-pgx", "2026.11.0", "dpwg-clopidogrel-pm"),
            ClinicianText = "Avoid clopidogrel.",
            PatientText = "Avoid clopidogrel.",
            Rationale = [new RationaleStep(RationaleStepKind.Rule, "DPWG rule")],
            Citations = [cite],
        });
        b.AddConflict(new Conflict("clopidogrel", ["pgx:clopidogrel", "pgx:clopidogrel-dpwg"], "CPIC and DPWG word the action differently; both shown."));
        b.AddConflict(new Conflict("clopidogrel — CYP2C19", ["pgx:clopidogrel"], "currently prescribed clopidogrel (MedicationRequest/mr-1); CYP2C19 Poor Metabolizer → use an alternative",
            "drug-gene", RecommendationAction.UseAlternative, ["MedicationRequest/mr-1"], ["pgx:CYP2C19"]));
        b.AddScheduleItem(new ScheduleItem("HbA1c", "every 3 months when above goal", "type 2 diabetes (Condition/c-1)", new SourceReference("precis-plan-rules", "2026.11.0", "hba1c-diabetes"), [cite], [], []));
        foreach (var f in Figures())
            b.AddFigure(f);
        b.AddSection(new PlanSection("pharmacogenomics", "Pharmacogenomics", SectionStatus.Available, "2 genes called"));
        b.AddSection(new PlanSection("oncology", "Precision oncology", SectionStatus.NotAvailableInThisBuild, "Not available in this build."));
        b.AddNotAssessed(new NotAssessed("pharmacogenomics", "CYP2D6", "No outside call given; CYP2D6 cannot be called from a VCF."));
        b.AddKnowledge([new KnowledgeVersion("precis-pgx", "2026.11.0", "2026-11-22", "CC0-1.0")]);
        b.AddInput(new InputChecksum("germline-vcf", "demo.vcf", new string('a', 64), 100));
        return b.Build("precis", "0.1.0", new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
    }

    /// <summary>One figure of each kind, with made-up but plausible numbers.</summary>
    public static IReadOnlyList<FigureData> Figures() =>
    [
        new("figure:percentile:PGS1", "percentile-curve", "PGS1 (Breast cancer)", "score (SD)", "share of population", "At the 97.5th percentile.", [new FigurePoint("patient", 97.5)], ["prs:PGS1"]),
        new("figure:activity-scores", "activity-bars", "Pharmacogene activity scores", "gene (phenotype)", "activity score", "CYP2C9 1.0; DPYD 2.0.", [new FigurePoint("CYP2C9 (Intermediate Metabolizer)", 1, 0, 2), new FigurePoint("DPYD (Normal Metabolizer)", 2, 0, 2)], ["pgx:CYP2C9:phenotype"]),
        new("figure:waterfall:m", "waterfall", "Model: what moved the prediction", "feature", "contribution (log-odds)", "From -1.2 to -0.4.", [new FigurePoint("baseline", -1.2), new FigurePoint("age", 0.5, -1.2, -0.7), new FigurePoint("hdl", 0.3, -0.7, -0.4), new FigurePoint("prediction", -0.4)], ["prediction:m"]),
        new("figure:cgm-daily-profile", "daily-profile", "CGM daily glucose profile", "hour of day", "glucose (mg/dL)", "Median by hour.", [.. Enumerable.Range(0, 24).Select(h => new FigurePoint(h.ToString("00", System.Globalization.CultureInfo.InvariantCulture) + ":00", 120 + (h % 6 * 10), 110 + (h % 6 * 10), 140 + (h % 6 * 10)))], ["monitoring:cgm"]),
    ];
}

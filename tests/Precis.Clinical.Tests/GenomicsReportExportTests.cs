using Precis.Clinical.Export;
using Precis.Clinical.Fhir;
using Precis.Core;
using Precis.Testing;

namespace Precis.Clinical.Tests;

public class GenomicsReportExportTests
{
    private static readonly DateTimeOffset Issued = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    internal static (PatientSummary Patient, List<Finding> Findings, List<Recommendation> Recommendations) Cyp2c19PoorMetaboliser()
    {
        var details = new Dictionary<string, string> { ["diplotype"] = "*2/*2", ["phenotype"] = "Poor Metabolizer", ["allelesTested"] = "*1, *2, *3, *17" };
        var cpic = new Citation("cpic-clopidogrel-2022", "CPIC guideline for CYP2C19 genotype and clopidogrel therapy: 2022 update", new Uri("https://cpicpgx.org/guidelines/guideline-for-clopidogrel-and-cyp2c19/"), "CPIC", 2022);
        List<Finding> findings =
        [
            new("pgx:CYP2C19:diplotype", "pharmacogenomics", "diplotype", "CYP2C19", "CYP2C19 *2/*2", details, [new(RationaleStepKind.Call, "*2/*2")], [], [cpic]),
            new("pgx:CYP2C19:phenotype", "pharmacogenomics", "phenotype", "CYP2C19", "CYP2C19 Poor Metabolizer", details, [new(RationaleStepKind.Phenotype, "Poor Metabolizer")], [], [cpic]),
            new("prediction:qrisk3", "prediction", "predicted-risk", "QRISK3", "QRISK3: 12.3 % — 10-year CVD risk",
                new Dictionary<string, string> { ["model"] = "QRISK3", ["modelVersion"] = "2017", ["outcome"] = "10-year risk of cardiovascular disease", ["value"] = "12.3", ["unit"] = "%" }, [], [], []),
        ];
        List<Recommendation> recs =
        [
            new()
            {
                Id = "pgx:clopidogrel:cpic", Engine = "pharmacogenomics", Action = RecommendationAction.UseAlternative,
                Subject = new RecommendationSubject(SubjectKind.Drug, "clopidogrel", "RxNorm:32968"),
                Strength = RecommendationStrength.Strong, Evidence = new EvidenceLevel(EvidenceScheme.Cpic, "A"),
                Source = new SourceReference("precis-pgx-cpic", "2026.11.0", "clopidogrel-CYP2C19-PM", "CPIC clopidogrel 2022"),
                ClinicianText = "Avoid standard-dose clopidogrel; use prasugrel or ticagrelor if not contraindicated.",
                PatientText = "Talk to your doctor before changing any medicine.",
                Rationale = [new(RationaleStepKind.Rule, "CPIC CYP2C19 PM")], Citations = [cpic], FindingIds = ["pgx:CYP2C19:phenotype"],
            },
        ];
        return (new PatientSummary { Id = "demo-1", Sex = "female", BirthDate = "1961-04-12" }, findings, recs);
    }

    private static Bundle ExportAndRead()
    {
        var (patient, findings, recs) = Cyp2c19PoorMetaboliser();
        var json = FhirJson.Serialize(GenomicsReportExporter.Export(patient, findings, recs, Issued));

        // The export must pass our own strict reader: a valid R4 transaction with typed resources.
        return (Bundle)new FhirParser("export.json").Resource(FhirJson.Parse(json, "export.json"));
    }

    private static string Profile(FhirResource r) => ((FhirArray)((FhirObject)r.Node["meta"]!)["profile"]!).Items.Cast<FhirPrimitive>().Single().Text;

    private static HashSet<(string?, string?)> Codes(IEnumerable<CodeableConcept> concepts) => [.. concepts.SelectMany(c => c.Codings).Select(c => (c.System, c.Code))];

    [SkippableFact]
    public void The_CYP2C19_star2_star2_export_has_the_shape_of_the_IG_example()
    {
        var ig = FhirParser.ReadBundle(TestPaths.Shared("clinical/fhir-r4/handmade/bundle-transaction-pgx-cyp2c19.json"));
        var igGenotype = ig.Resources<Observation>().Single(o => Profile(o).EndsWith("/genotype", StringComparison.Ordinal));
        var igImplication = ig.Resources<Observation>().Single(o => Profile(o).EndsWith("/therapeutic-implication", StringComparison.Ordinal));
        var igReport = ig.Resources<DiagnosticReport>().Single();

        var bundle = ExportAndRead();
        Assert.Equal("transaction", bundle.Type);
        var urls = bundle.Entries.ToDictionary(e => e.FullUrl!, e => e.Resource!);
        var genotype = bundle.Resources<Observation>().Single(o => Profile(o) == Profile(igGenotype));
        var implication = bundle.Resources<Observation>().Single(o => Profile(o) == Profile(igImplication));
        var report = bundle.Resources<DiagnosticReport>().Single();

        // Genotype: code, categories, gene-studied component and the genotype name.
        Assert.Equal(Codes([igGenotype.Code!]), Codes([genotype.Code!]));
        Assert.Equal(Codes(igGenotype.Categories), Codes(genotype.Categories));
        Assert.Equal(Codes(igGenotype.Components.Select(c => c.Code!)), Codes(genotype.Components.Select(c => c.Code!)));
        Assert.Equal(Codes(igGenotype.Components.Select(c => c.Value!.CodeableConcept!)), Codes(genotype.Components.Select(c => c.Value!.CodeableConcept!)));
        Assert.Equal(igGenotype.Value!.CodeableConcept!.FirstCoding!.Display, genotype.Value!.CodeableConcept!.Text);   // "CYP2C19*2/*2"

        // Genotype derivedFrom its two haplotypes (84414-2), each CYP2C19*2.
        Assert.Equal(2, genotype.DerivedFrom.Count);
        Assert.All(genotype.DerivedFrom, d =>
        {
            var h = Assert.IsType<Observation>(urls[d.Ref!]);
            Assert.EndsWith("/haplotype", Profile(h), StringComparison.Ordinal);
            Assert.Equal("84414-2", h.Code!.CodeIn("http://loinc.org"));
            Assert.Equal("CYP2C19*2", h.Value!.CodeableConcept!.Text);
        });

        // Therapeutic implication: code, categories, medication-assessed and implication components, derivedFrom the genotype.
        Assert.Equal(Codes([igImplication.Code!]), Codes([implication.Code!]));
        Assert.Equal(Codes(igImplication.Categories), Codes(implication.Categories));
        var igComponentCodes = Codes(igImplication.Components.Select(c => c.Code!));
        Assert.Subset(Codes(implication.Components.Select(c => c.Code!)), igComponentCodes);
        var igValues = Codes(igImplication.Components.Where(c => c.Value?.CodeableConcept is not null).Select(c => c.Value!.CodeableConcept!));
        Assert.Subset(Codes(implication.Components.Where(c => c.Value?.CodeableConcept is not null).Select(c => c.Value!.CodeableConcept!)), igValues);   // RxNorm 32968 and LA9657-3
        var derived = Assert.Single(implication.DerivedFrom);
        Assert.Same(genotype, urls[derived.Ref!]);

        // GenomicReport: code 51969-4, category GE, results resolve to the implication and the genotype.
        Assert.Equal(Profile(igReport), Profile(report));
        Assert.Equal(Codes([igReport.Code!]), Codes([report.Code!]));
        Assert.Equal(Codes(igReport.Categories), Codes(report.Categories));
        var results = report.Results.Select(r => urls[r.Ref!]).ToList();
        Assert.Contains(genotype, results);
        Assert.Contains(implication, results);
        Assert.All(bundle.Entries, e => Assert.Equal("POST", e.Request!.Method));
    }

    [Fact]
    public void The_medication_recommendation_is_a_proposed_task_citing_its_source_and_reason()
    {
        var bundle = ExportAndRead();
        var task = bundle.Resources<OtherResource>().Single(r => r.ResourceType == "Task");
        Assert.Equal("requested", task.Node.Str("status"));
        Assert.Equal("proposal", task.Node.Str("intent"));
        var reason = ((FhirObject)task.Node["reasonReference"]!).Str("reference")!;
        var implication = bundle.Entries.Single(e => e.FullUrl == reason).Resource!;
        Assert.Equal("Observation", implication.ResourceType);
        var note = FhirJson.Serialize(task.Node["note"]!);
        Assert.Contains("precis-pgx-cpic 2026.11.0", note, StringComparison.Ordinal);
        Assert.Contains("Cpic A", note, StringComparison.Ordinal);
        var report = bundle.Resources<DiagnosticReport>().Single();
        Assert.Contains("recommended-action", FhirJson.Serialize(report.Node["extension"]!), StringComparison.Ordinal);
    }

    [Fact]
    public void A_predicted_risk_becomes_a_RiskAssessment_with_its_probability()
    {
        var bundle = ExportAndRead();
        var risk = bundle.Resources<OtherResource>().Single(r => r.ResourceType == "RiskAssessment");
        var prediction = (FhirObject)((FhirArray)risk.Node["prediction"]!).Items[0];
        Assert.Equal("0.123", ((FhirPrimitive)prediction["probabilityDecimal"]!).Text);
        Assert.Equal("10-year risk of cardiovascular disease", ((FhirObject)prediction["outcome"]!).Str("text"));
    }

    [Fact]
    public void The_same_results_export_to_the_same_bytes()
    {
        var (patient, findings, recs) = Cyp2c19PoorMetaboliser();
        Assert.Equal(
            FhirJson.Serialize(GenomicsReportExporter.Export(patient, findings, recs, Issued)),
            FhirJson.Serialize(GenomicsReportExporter.Export(patient, findings, recs, Issued)));
    }

    [Fact]
    public void A_gene_that_was_not_called_exports_no_genotype()
    {
        var f = new Finding("pgx:CYP2D6:diplotype", "pharmacogenomics", "diplotype", "CYP2D6", "CYP2D6 not called",
            new Dictionary<string, string> { ["diplotype"] = "" }, [], [], []);
        var bundle = (Bundle)new FhirParser("e.json").Resource(FhirJson.Parse(FhirJson.Serialize(GenomicsReportExporter.Export(new PatientSummary { Id = "p" }, [f], [], Issued)), "e.json"));
        Assert.Empty(bundle.Resources<Observation>());
    }
}

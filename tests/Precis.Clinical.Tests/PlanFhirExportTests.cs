using System.Text.RegularExpressions;
using Precis.Clinical.Export;
using Precis.Clinical.Fhir;
using Precis.Core;

namespace Precis.Clinical.Tests;

public class PlanFhirExportTests
{
    private static (FhirObject Tree, Bundle Bundle) Export(Plan plan)
    {
        var json = FhirJson.Serialize(PlanFhirExporter.Export(plan));
        var tree = (FhirObject)FhirJson.Parse(json, "plan.fhir.json");
        return (tree, (Bundle)new FhirParser("plan.fhir.json").Resource(FhirJson.Parse(json, "plan.fhir.json")));
    }

    private static FhirObject RequestGroup(Bundle b) => b.Resources<OtherResource>().Single(r => r.ResourceType == "RequestGroup").Node;

    private static IEnumerable<(string Path, string System, string Code)> Codings(FhirNode node, string path = "$")
    {
        switch (node)
        {
            case FhirObject o:
                if (o.Str("system") is { } system && o.Str("code") is { } code)
                    yield return (path, system, code);
                foreach (var (name, child) in o.Members)
                {
                    foreach (var c in Codings(child, path + "." + name))
                        yield return c;
                }

                break;
            case FhirArray a:
                for (var i = 0; i < a.Items.Count; i++)
                {
                    foreach (var c in Codings(a.Items[i], $"{path}[{i}]"))
                        yield return c;
                }

                break;
        }
    }

    /// <summary>Structural problems of a collection Bundle: unresolved references, missing required elements, codes not shaped as their system's codes.</summary>
    internal static List<string> Problems(Bundle bundle)
    {
        var problems = new List<string>();
        var urls = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in bundle.Entries)
        {
            if (e.FullUrl is null || !urls.Add(e.FullUrl))
                problems.Add($"entry {e.FullUrl}: missing or duplicate fullUrl");
        }

        Dictionary<string, string[]> required = new(StringComparer.Ordinal)
        {
            ["Observation"] = ["status", "code", "subject"],
            ["DiagnosticReport"] = ["status", "code", "subject"],
            ["RequestGroup"] = ["status", "intent", "subject"],
            ["Task"] = ["status", "intent", "for"],
            ["RiskAssessment"] = ["status", "subject"],
            ["Patient"] = ["identifier"],
        };
        Dictionary<string, Regex> codeShapes = new(StringComparer.Ordinal)
        {
            ["http://loinc.org"] = new(@"^(\d{1,6}-\d|LA\d{1,6}-\d|LL\d{1,6}-\d)$"),
            ["http://www.nlm.nih.gov/research/umls/rxnorm"] = new(@"^\d{1,8}$"),
            ["http://www.genenames.org"] = new(@"^HGNC:\d{1,6}$"),
            ["http://www.ncbi.nlm.nih.gov/refseq"] = new(@"^N[CGMP]_\d{6,9}\.\d{1,2}$"),
            ["http://terminology.hl7.org/CodeSystem/observation-category"] = new("^(laboratory|vital-signs|social-history|survey|exam|imaging|procedure|therapy|activity)$"),
            ["http://terminology.hl7.org/CodeSystem/v2-0074"] = new("^GE$"),
            ["http://varnomen.hgvs.org"] = new(@"^\S+:[cgpmnr]\.\S+$"),
            ["http://unitsofmeasure.org"] = new(@"^[!-~]+$"),
            ["http://hl7.org/fhir/uv/genomics-reporting/CodeSystem/tbd-codes-cs"] = new("^(therapeutic-implication|conclusion-string)$"),
        };
        foreach (var e in bundle.Entries)
        {
            var r = e.Resource!;
            foreach (var member in required.GetValueOrDefault(r.ResourceType, []))
            {
                if (r.Node[member] is null)
                    problems.Add($"{r.ResourceType} {e.FullUrl}: {member} is required");
            }

            foreach (var reference in VariantExportTests.References(r.Node))
            {
                if (!urls.Contains(reference))
                    problems.Add($"{r.ResourceType} {e.FullUrl}: reference {reference} does not resolve inside the bundle");
            }

            foreach (var (path, system, code) in Codings(r.Node))
            {
                if (!codeShapes.TryGetValue(system, out var shape))
                    problems.Add($"{r.ResourceType} {path}: code system {system} is not one the export should use");
                else if (!shape.IsMatch(code))
                    problems.Add($"{r.ResourceType} {path}: '{code}' is not a {system} code");
            }
        }

        return problems;
    }

    [Fact]
    public void The_demo_plan_exports_as_a_collection_whose_references_resolve_and_codes_fit_their_systems()
    {
        var (_, bundle) = Export(DemoPlan.Plan);

        Assert.Equal("collection", bundle.Type);
        Assert.All(bundle.Entries, e => Assert.Null(e.Request));
        var problems = Problems(bundle);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        var types = bundle.Entries.Select(e => e.Resource!.ResourceType).ToHashSet(StringComparer.Ordinal);
        Assert.Superset(new HashSet<string>(["Patient", "Observation", "Task", "DiagnosticReport", "RequestGroup"]), types);
    }

    [Fact]
    public void The_checker_reports_a_dangling_reference_a_missing_status_and_a_mistyped_code()
    {
        // The structural check itself must be able to fail.
        var tree = PlanFhirExporter.Export(DemoPlan.Plan);
        var json = FhirJson.Serialize(tree)
            .Replace("\"code\":\"48018-6\"", "\"code\":\"48O18-6\"", StringComparison.Ordinal);
        var first = Regex.Match(json, "\"reasonReference\":\\{\"reference\":\"(urn:uuid:[0-9a-f-]+)\"");
        json = json.Replace(first.Groups[1].Value + "\"}", "urn:uuid:00000000-0000-5000-8000-000000000000\"}", StringComparison.Ordinal);
        var bundle = (Bundle)new FhirParser("x.json").Resource(FhirJson.Parse(json, "x.json"));
        var problems = Problems(bundle);
        Assert.Contains(problems, p => p.Contains("'48O18-6' is not a http://loinc.org code", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("reference urn:uuid:00000000-0000-5000-8000-000000000000 does not resolve", StringComparison.Ordinal));
    }

    [Fact]
    public void The_RequestGroup_holds_every_recommendation_in_rank_order_with_evidence_source_rationale_and_citations()
    {
        var plan = DemoPlan.Plan;
        var (_, bundle) = Export(plan);
        var group = RequestGroup(bundle);
        Assert.Equal(("draft", "proposal"), (group.Str("status"), group.Str("intent")));
        var actions = ((FhirArray)group["action"]!).Items.Cast<FhirObject>().ToList();
        Assert.Equal(plan.Recommendations.Count, actions.Count);
        var urls = bundle.Entries.ToDictionary(e => e.FullUrl!, e => e.Resource!);
        for (var i = 0; i < actions.Count; i++)
        {
            var (a, r) = (actions[i], plan.Recommendations[i]);
            Assert.Equal((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), a.Str("prefix"));
            Assert.Equal(r.ClinicianText, a.Str("description"));
            Assert.Equal(r.PatientText, a.Str("textEquivalent"));
            var docs = ((FhirArray)a["documentation"]!).Items.Cast<FhirObject>().ToList();
            var justification = docs.First(d => d.Str("type") == "justification").Str("display")!;
            Assert.Contains($"Evidence {r.Evidence.Level} ({r.Evidence.Scheme}", justification, StringComparison.Ordinal);
            Assert.Contains($"source {r.Source.KnowledgeBaseId} {r.Source.KnowledgeBaseVersion}, entry {r.Source.EntryId}", justification, StringComparison.Ordinal);
            Assert.Contains(docs, d => d.Str("type") == "justification" && d.Str("display") == "Rationale: " + string.Join(" → ", r.Rationale.Select(s => s.Statement)));
            Assert.Equal(r.Citations.Select(c => c.Id), docs.Where(d => d.Str("type") == "citation").Select(d => d.Str("label")));
            Assert.NotEmpty(r.Citations);
            if (r.Engine is "pharmacogenomics" or "oncology" && r.Subject.Kind is SubjectKind.Drug or SubjectKind.Therapy)
            {
                // A genotype- or variant-guided drug or therapy action points at its Task, whose reason is the therapeutic implication.
                Assert.True(a["resource"] is FhirObject, $"{r.Id} has no Task");
                var task = urls[((FhirObject)a["resource"]!).Str("reference")!];
                Assert.Equal("Task", task.ResourceType);
            }
        }

        var clopidogrel = actions.First(a => a.Str("title") == "Use an alternative: clopidogrel");
        Assert.Contains("\"system\":\"http://www.nlm.nih.gov/research/umls/rxnorm\",\"code\":\"32968\"", FhirJson.Serialize(clopidogrel["code"]!), StringComparison.Ordinal);
        Assert.Contains(((FhirArray)group["note"]!).Items.Cast<FhirObject>(), n => n.Str("text") == Disclaimers.ResearchUse);
    }

    [Fact]
    public void A_predicted_risk_in_the_plan_is_a_RiskAssessment_named_by_the_genomic_report()
    {
        var (patient, findings, recs) = GenomicsReportExportTests.Cyp2c19PoorMetaboliser();
        var plan = DemoPlan.Plan with { Patient = patient, Findings = findings, Recommendations = recs };
        var (_, bundle) = Export(plan);
        Assert.Empty(Problems(bundle));
        var risk = bundle.Entries.Single(e => e.Resource!.ResourceType == "RiskAssessment");
        Assert.Equal("0.123", ((FhirPrimitive)((FhirObject)((FhirArray)risk.Resource!.Node["prediction"]!).Items[0])["probabilityDecimal"]!).Text);
        var report = bundle.Resources<DiagnosticReport>().Single();
        Assert.Contains(risk.FullUrl!, FhirJson.Serialize(report.Node["extension"]!), StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_plan_exports_to_the_same_bytes()
    {
        Assert.Equal(FhirJson.Serialize(PlanFhirExporter.Export(DemoPlan.Plan)), FhirJson.Serialize(PlanFhirExporter.Export(DemoPlan.Plan)));
    }
}

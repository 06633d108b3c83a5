using System.Globalization;
using Precis.Clinical.Fhir;
using Precis.Core;

namespace Precis.Clinical.Export;

/// <summary>
/// The whole plan as one FHIR R4 <c>collection</c> Bundle: the Genomics Reporting IG resources of
/// <see cref="GenomicsReportExporter"/> (variants, genotypes, implications, medication-recommendation Tasks, the
/// GenomicReport, RiskAssessments for predicted risks) plus a RequestGroup holding every ranked recommendation as an
/// action with its evidence, source, rationale and citations. Every reference is a <c>urn:uuid</c> fullUrl inside the
/// bundle.
/// </summary>
/// <remarks>
/// RequestGroup rather than CarePlan: a CarePlan activity has no element for citations or evidence, while a
/// RequestGroup action carries <c>documentation</c> (RelatedArtifact: citations, justification), a patient-facing
/// <c>textEquivalent</c> and an order that keeps the plan's ranking; <c>intent = proposal</c> with <c>status =
/// draft</c> says these are suggestions for a clinician, not orders. A collection rather than a document: a document
/// Bundle asserts an attested Composition, which a research-use plan is not.
/// </remarks>
public static class PlanFhirExporter
{
    /// <summary>Builds the collection Bundle of a plan.</summary>
    /// <param name="plan">The plan (as composed, or read back from report.json).</param>
    /// <param name="file">The file the plan was read from, named in errors about malformed variant details.</param>
    public static FhirObject Export(Plan plan, string file = "report.json")
    {
        ArgumentNullException.ThrowIfNull(plan);
        var built = GenomicsReportExporter.Build(plan.Patient, plan.Findings, plan.Recommendations, plan.Provenance.GeneratedAt, file);
        var entries = new FhirArray();
        foreach (var (url, resource) in built.Entries)
            entries.Add(new FhirObject().Add("fullUrl", S(url)).Add("resource", resource));
        var groupUrl = GenomicsReportExporter.Urn("plan:" + plan.Patient.Id + ":" + built.When);
        entries.Add(new FhirObject().Add("fullUrl", S(groupUrl)).Add("resource", RequestGroup(plan, built)));

        return new FhirObject()
            .Add("resourceType", S("Bundle"))
            .Add("identifier", new FhirObject().Add("system", S("urn:ietf:rfc:3986")).Add("value", S(GenomicsReportExporter.Urn("bundle:" + plan.Patient.Id + ":" + built.When))))
            .Add("type", S("collection"))
            .Add("timestamp", S(built.When))
            .Add("entry", entries);
    }

    private static FhirObject RequestGroup(Plan plan, GenomicsEntries built)
    {
        var notes = new FhirArray()
            .Add(new FhirObject().Add("text", S(plan.Disclaimer)))
            .Add(new FhirObject().Add("text", S(
                $"Made by {plan.Provenance.Engine} {plan.Provenance.EngineVersion} with {string.Join(", ", plan.Provenance.Knowledge.Select(k => $"{k.Id} {k.Version}"))}")));
        foreach (var n in plan.NotAssessed)
            notes.Add(new FhirObject().Add("text", S($"Not assessed ({n.Area}): {n.Subject}: {n.Reason}")));
        foreach (var c in plan.Conflicts)
            notes.Add(new FhirObject().Add("text", S($"Conflict on {c.Subject}: {c.Explanation}")));

        var actions = new FhirArray();
        var rank = 0;
        foreach (var r in plan.Recommendations)
        {
            rank++;
            var code = new FhirArray().Add(new FhirObject().Add("text", S(ActionText(r.Action))));
            var subject = new FhirObject();
            if (r.Subject.Code is { } sc && sc.StartsWith("RxNorm:", StringComparison.Ordinal))
                subject.Add("coding", new FhirArray().Add(new FhirObject().Add("system", S("http://www.nlm.nih.gov/research/umls/rxnorm")).Add("code", S(sc["RxNorm:".Length..])).Add("display", S(r.Subject.Name))));
            code.Add(subject.Add("text", S(r.Subject.Name)));

            var docs = new FhirArray()
                .Add(Artifact("justification", $"Evidence {r.Evidence.Level} ({r.Evidence.Scheme}{(r.Evidence.Description is { } d ? ": " + d : "")}); strength {r.Strength}; " +
                    $"source {r.Source.KnowledgeBaseId} {r.Source.KnowledgeBaseVersion}, entry {r.Source.EntryId}{(r.Source.Guideline is { } g ? " (" + g + ")" : "")}", null, null))
                .Add(Artifact("justification", "Rationale: " + string.Join(" → ", r.Rationale.Select(s => s.Statement)), null, null));
            foreach (var c in r.Citations)
                docs.Add(Artifact("citation", c.Title, c.Url, c.Id));

            var action = new FhirObject()
                .Add("prefix", S(rank.ToString(CultureInfo.InvariantCulture)))
                .Add("title", S($"{ActionText(r.Action)}: {r.Subject.Name}"))
                .Add("description", S(r.ClinicianText))
                .Add("textEquivalent", S(r.PatientText))
                .Add("code", code)
                .Add("documentation", docs);
            if (built.Tasks.TryGetValue(r.Id, out var task))
                action.Add("resource", new FhirObject().Add("reference", S(task)));
            actions.Add(action);
        }

        var reasons = new FhirArray().Add(new FhirObject().Add("reference", S(built.ReportUrl)).Add("display", S("Genomic report")));
        var group = new FhirObject()
            .Add("resourceType", S("RequestGroup"))
            .Add("status", S("draft"))
            .Add("intent", S("proposal"))
            .Add("code", new FhirObject().Add("text", S("Precis personalised plan: ranked recommendations")))
            .Add("subject", new FhirObject().Add("reference", S(built.PatientUrl)))
            .Add("authoredOn", S(built.When))
            .Add("reasonReference", reasons)
            .Add("note", notes);
        if (actions.Items.Count > 0)
            group.Add("action", actions);
        return group;
    }

    private static FhirObject Artifact(string type, string display, Uri? url, string? label)
    {
        var o = new FhirObject().Add("type", S(type));
        if (label is not null)
            o.Add("label", S(label));
        o.Add("display", S(display));
        if (url is not null)
            o.Add("url", S(url.ToString()));
        return o;
    }

    private static string ActionText(RecommendationAction a) => a switch
    {
        RecommendationAction.Avoid => "Avoid",
        RecommendationAction.UseAlternative => "Use an alternative",
        RecommendationAction.AdjustDose => "Adjust the dose",
        RecommendationAction.ConsiderTrial => "Consider a clinical trial",
        RecommendationAction.Screen => "Screen",
        RecommendationAction.Refer => "Refer",
        RecommendationAction.Consider => "Consider",
        RecommendationAction.Monitor => "Monitor",
        RecommendationAction.UseAsDirected => "Use as directed",
        _ => "For information",
    };

    private static FhirPrimitive S(string s) => FhirPrimitive.Of(s);
}

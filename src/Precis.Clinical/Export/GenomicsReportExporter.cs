using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Precis.Clinical.Fhir;
using Precis.Core;

namespace Precis.Clinical.Export;

/// <summary>
/// Writes Precis results as FHIR R4 resources shaped by the HL7 Genomics Reporting IG (STU3): Genotype and Haplotype
/// Observations from diplotype findings, TherapeuticImplication Observations and MedicationRecommendation Tasks from
/// drug recommendations, RiskAssessments from predicted risks, and a GenomicReport DiagnosticReport over them, in a
/// transaction Bundle. It reads only <see cref="Finding"/> and <see cref="Recommendation"/>, so it does not depend on the
/// engines that made them.
/// </summary>
public static class GenomicsReportExporter
{
    private const string Ig = "http://hl7.org/fhir/uv/genomics-reporting";
    private const string LoincSystem = "http://loinc.org";
    private const string Tbd = Ig + "/CodeSystem/tbd-codes-cs";
    private const string ObsCategory = "http://terminology.hl7.org/CodeSystem/observation-category";
    private const string DiagnosticService = "http://terminology.hl7.org/CodeSystem/v2-0074";
    private const string Hgnc = "http://www.genenames.org";
    private const string RxNormSystem = "http://www.nlm.nih.gov/research/umls/rxnorm";

    // HGNC ids of pharmacogenes, so gene-studied carries a code and not only a symbol (genenames.org).
    private static readonly Dictionary<string, string> HgncIds = new(StringComparer.Ordinal)
    {
        ["CYP2C19"] = "HGNC:2621", ["CYP2D6"] = "HGNC:2625", ["CYP2C9"] = "HGNC:2623", ["CYP3A5"] = "HGNC:2638",
        ["CYP3A4"] = "HGNC:2637", ["CYP2B6"] = "HGNC:2615", ["DPYD"] = "HGNC:3012", ["TPMT"] = "HGNC:12014",
        ["NUDT15"] = "HGNC:23063", ["SLCO1B1"] = "HGNC:10959", ["VKORC1"] = "HGNC:23663", ["UGT1A1"] = "HGNC:12530",
        ["HLA-A"] = "HGNC:4931", ["HLA-B"] = "HGNC:4932", ["G6PD"] = "HGNC:4057", ["RYR1"] = "HGNC:10483",
        ["CACNA1S"] = "HGNC:1397", ["CFTR"] = "HGNC:1884",
    };

    // LOINC answers for metaboliser phenotypes; only the one the IG's own example uses is coded, the rest go as text.
    private static readonly Dictionary<string, (string Code, string Display)> PhenotypeAnswers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Poor Metabolizer"] = ("LA9657-3", "Poor metabolizer"),
    };

    /// <summary>Builds the transaction Bundle.</summary>
    /// <param name="patient">The patient the results are about.</param>
    /// <param name="findings">All findings of the report (diplotype, phenotype and predicted-risk findings are exported).</param>
    /// <param name="recommendations">All recommendations (those on a drug become implications and Tasks).</param>
    /// <param name="issued">Report time.</param>
    public static FhirObject Export(PatientSummary patient, IReadOnlyList<Finding> findings, IReadOnlyList<Recommendation> recommendations, DateTimeOffset issued)
    {
        ArgumentNullException.ThrowIfNull(patient);
        ArgumentNullException.ThrowIfNull(findings);
        ArgumentNullException.ThrowIfNull(recommendations);
        var when = issued.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var entries = new FhirArray();
        var patientUrl = Urn("patient:" + patient.Id);
        entries.Add(Entry(patientUrl, PatientResource(patient)));

        var genotypeByGene = new Dictionary<string, string>(StringComparer.Ordinal);
        var results = new List<(string Url, string Display)>();
        foreach (var f in findings.Where(f => f.Kind == "diplotype"))
        {
            var gene = f.Subject;
            var diplotype = f.Details.TryGetValue("diplotype", out var d) && d.Length > 0 ? d : null;
            if (diplotype is null)
                continue; // "not called" is not a genotype: nothing is asserted, the plan lists it as not assessed.
            var haplotypeUrls = new List<string>();
            foreach (var (allele, i) in diplotype.Split('/').Select((a, i) => (a.Trim(), i)))
            {
                var hUrl = Urn($"haplotype:{f.Id}:{i}");
                entries.Add(Entry(hUrl, Observation("haplotype", Code(LoincSystem, "84414-2", "Haplotype name"), patientUrl, when,
                    Text(Name(gene, allele)), [GeneStudied(gene)], [])));
                haplotypeUrls.Add(hUrl);
                results.Add((hUrl, Name(gene, allele)));
            }

            var gUrl = Urn("genotype:" + f.Id);
            var genotype = Observation("genotype", Code(LoincSystem, "84413-4", "Genotype display name"), patientUrl, when,
                Text(Name(gene, diplotype)), [GeneStudied(gene)], haplotypeUrls.Select(u => (u, (string?)null)).ToList());
            AddNote(genotype, f);
            entries.Add(Entry(gUrl, genotype));
            genotypeByGene[gene] = gUrl;
            results.Add((gUrl, Name(gene, diplotype)));
        }

        var phenotypes = findings.Where(f => f.Kind == "phenotype").ToDictionary(f => f.Id, StringComparer.Ordinal);
        var tasks = new List<string>();
        foreach (var r in recommendations.Where(r => r.Subject.Kind == SubjectKind.Drug))
        {
            var genes = r.FindingIds.Select(id => phenotypes.GetValueOrDefault(id)).OfType<Finding>().ToList();
            var derived = genes.Where(g => genotypeByGene.ContainsKey(g.Subject)).Select(g => (genotypeByGene[g.Subject], (string?)Name(g.Subject, g.Details.GetValueOrDefault("diplotype") ?? ""))).ToList();
            if (derived.Count == 0)
                continue; // The IG requires an implication to be derived from a genotype/haplotype/variant/biomarker.
            var components = new List<FhirObject> { Component(Code(LoincSystem, "51963-7", "Medication assessed [ID]"), Concept(DrugCoding(r.Subject), r.Subject.Name)) };
            foreach (var g in genes)
            {
                var phenotype = g.Details.GetValueOrDefault("phenotype") ?? g.Summary;
                var answer = PhenotypeAnswers.TryGetValue(phenotype, out var a) ? new FhirObject().Add("system", S(LoincSystem)).Add("code", S(a.Code)).Add("display", S(a.Display)) : null;
                components.Add(Component(Code(Tbd, "therapeutic-implication", "Therapeutic Implication"), Concept(answer, $"{g.Subject} {phenotype}")));
            }

            components.Add(Component(Code(LoincSystem, "93044-6", "Level of evidence"), Concept(null, $"{r.Evidence.Scheme} {r.Evidence.Level}")));
            components.Add(new FhirObject().Add("code", Code(Tbd, "conclusion-string", "Conclusion string")).Add("valueString", S(r.ClinicianText)));
            FhirArray? ext = null;
            if (r.Citations.FirstOrDefault(c => c.Url is not null) is { } cite)
            {
                ext = new FhirArray().Add(new FhirObject()
                    .Add("url", S("http://hl7.org/fhir/StructureDefinition/workflow-relatedArtifact"))
                    .Add("valueRelatedArtifact", new FhirObject().Add("type", S("citation")).Add("display", S(cite.Title)).Add("url", S(cite.Url!.ToString()))));
            }

            var ti = Observation("therapeutic-implication", Code(Tbd, "therapeutic-implication", "Therapeutic Implication"), patientUrl, when, null, components, derived, ext);

            var tiUrl = Urn("implication:" + r.Id);
            entries.Add(Entry(tiUrl, ti));
            results.Insert(0, (tiUrl, $"{r.Subject.Name}, {string.Join("; ", genes.Select(g => g.Details.GetValueOrDefault("phenotype")))}"));

            var taskUrl = Urn("task:" + r.Id);
            entries.Add(Entry(taskUrl, Task(r, patientUrl, when, tiUrl)));
            tasks.Add(taskUrl);
        }

        var risks = new List<string>();
        foreach (var f in findings.Where(f => f.Kind == "predicted-risk"))
        {
            var url = Urn("risk:" + f.Id);
            entries.Add(Entry(url, RiskAssessment(f, patientUrl, when)));
            risks.Add(url);
        }

        var report = new FhirObject()
            .Add("resourceType", S("DiagnosticReport"))
            .Add("meta", Profile("genomic-report"));
        var extensions = new FhirArray();
        foreach (var t in tasks)
            extensions.Add(new FhirObject().Add("url", S(Ig + "/StructureDefinition/recommended-action")).Add("valueReference", Ref(t, null)));
        foreach (var ra in risks)
            extensions.Add(new FhirObject().Add("url", S(Ig + "/StructureDefinition/genomic-risk-assessment")).Add("valueReference", Ref(ra, null)));
        if (extensions.Items.Count > 0)
            report.Add("extension", extensions);
        report.Add("status", S("final"))
            .Add("category", new FhirArray().Add(new FhirObject().Add("coding", new FhirArray().Add(new FhirObject().Add("system", S(DiagnosticService)).Add("code", S("GE"))))))
            .Add("code", Code(LoincSystem, "51969-4", "Genetic analysis report"))
            .Add("subject", Ref(patientUrl, null))
            .Add("effectiveDateTime", S(when))
            .Add("issued", S(when));
        if (results.Count > 0)
        {
            var arr = new FhirArray();
            foreach (var (u, display) in results)
                arr.Add(Ref(u, display));
            report.Add("result", arr);
        }

        report.Add("conclusion", S(Disclaimers.ResearchUse));
        entries.Add(Entry(Urn("report:" + patient.Id), report));

        return new FhirObject()
            .Add("resourceType", S("Bundle"))
            .Add("type", S("transaction"))
            .Add("timestamp", S(when))
            .Add("entry", entries);
    }

    private static FhirObject PatientResource(PatientSummary p)
    {
        // Only what identifies the record to the receiving system: no name, so a report file does not carry one.
        var o = new FhirObject().Add("resourceType", S("Patient"))
            .Add("identifier", new FhirArray().Add(new FhirObject().Add("system", S("urn:precis:patient-id")).Add("value", S(p.Id))));
        if (p.Sex is "male" or "female" or "other" or "unknown")
            o.Add("gender", S(p.Sex));
        if (p.BirthDate is { } b && FhirDateTime.TryParse(b) is not null)
            o.Add("birthDate", S(b));
        return o;
    }

    private static FhirObject Observation(string profile, FhirObject code, string patientUrl, string when, FhirObject? value, List<FhirObject> components, List<(string Url, string? Display)> derivedFrom, FhirArray? extension = null)
    {
        var o = new FhirObject()
            .Add("resourceType", S("Observation"))
            .Add("meta", Profile(profile));
        if (extension is not null)
            o.Add("extension", extension);
        o.Add("status", S("final"))
            .Add("category", new FhirArray()
                .Add(new FhirObject().Add("coding", new FhirArray().Add(new FhirObject().Add("system", S(ObsCategory)).Add("code", S("laboratory")))))
                .Add(new FhirObject().Add("coding", new FhirArray().Add(new FhirObject().Add("system", S(DiagnosticService)).Add("code", S("GE"))))))
            .Add("code", code)
            .Add("subject", Ref(patientUrl, null))
            .Add("effectiveDateTime", S(when));
        if (value is not null)
            o.Add("valueCodeableConcept", value);
        if (derivedFrom.Count > 0)
        {
            var a = new FhirArray();
            foreach (var (u, d) in derivedFrom)
                a.Add(Ref(u, d));
            o.Add("derivedFrom", a);
        }

        if (components.Count > 0)
        {
            var a = new FhirArray();
            foreach (var c in components)
                a.Add(c);
            o.Add("component", a);
        }

        return o;
    }

    private static FhirObject Task(Recommendation r, string patientUrl, string when, string implicationUrl)
    {
        var action = r.Action switch
        {
            RecommendationAction.Avoid => "Avoid",
            RecommendationAction.UseAlternative => "Consider alternative medication",
            RecommendationAction.AdjustDose => "Adjust dose",
            RecommendationAction.Monitor => "Monitor",
            RecommendationAction.UseAsDirected => "Use as directed",
            _ => r.Action.ToString(),
        };
        return new FhirObject()
            .Add("resourceType", S("Task"))
            .Add("meta", Profile("medication-recommendation"))
            .Add("status", S("requested"))
            .Add("intent", S("proposal"))
            .Add("code", new FhirObject().Add("text", S(action)))
            .Add("description", S(r.ClinicianText))
            .Add("for", Ref(patientUrl, null))
            .Add("authoredOn", S(when))
            .Add("reasonReference", Ref(implicationUrl, null))
            .Add("note", new FhirArray().Add(new FhirObject().Add("text", S(
                $"{r.Source.Guideline ?? r.Source.KnowledgeBaseId} ({r.Source.KnowledgeBaseId} {r.Source.KnowledgeBaseVersion}, entry {r.Source.EntryId}); evidence {r.Evidence.Scheme} {r.Evidence.Level}; strength {r.Strength}"))));
    }

    private static FhirObject RiskAssessment(Finding f, string patientUrl, string when)
    {
        var prediction = new FhirObject().Add("outcome", new FhirObject().Add("text", S(f.Details.GetValueOrDefault("outcome") ?? f.Subject)));
        if (f.Details.GetValueOrDefault("unit") == "%" && decimal.TryParse(f.Details.GetValueOrDefault("value"), NumberStyles.Float, CultureInfo.InvariantCulture, out var pct))
            prediction.Add("probabilityDecimal", FhirPrimitive.Number(pct / 100m));
        prediction.Add("rationale", S(f.Summary));
        var o = new FhirObject()
            .Add("resourceType", S("RiskAssessment"))
            .Add("status", S("final"))
            .Add("method", new FhirObject().Add("text", S($"{f.Details.GetValueOrDefault("model") ?? f.Subject} {f.Details.GetValueOrDefault("modelVersion")}".Trim())))
            .Add("subject", Ref(patientUrl, null))
            .Add("occurrenceDateTime", S(when))
            .Add("prediction", new FhirArray().Add(prediction));
        if (f.Details.GetValueOrDefault("disclaimer") is { } disclaimer)
            o.Add("note", new FhirArray().Add(new FhirObject().Add("text", S(disclaimer))));
        return o;
    }

    private static void AddNote(FhirObject o, Finding f)
    {
        var notes = f.Quality.Select(q => $"{q.Code}: {q.Message}").ToList();
        if (f.Details.GetValueOrDefault("allelesTested") is { Length: > 0 } tested)
            notes.Insert(0, "alleles tested: " + tested + " (a reference call means none of the tested alleles)");
        if (notes.Count == 0)
            return;
        var a = new FhirArray();
        foreach (var n in notes)
            a.Add(new FhirObject().Add("text", S(n)));
        o.Add("note", a);
    }

    private static FhirObject GeneStudied(string gene)
    {
        var coding = HgncIds.TryGetValue(gene, out var id)
            ? new FhirObject().Add("system", S(Hgnc)).Add("code", S(id)).Add("display", S(gene))
            : null;
        return Component(Code(LoincSystem, "48018-6", "Gene studied [ID]"), Concept(coding, gene));
    }

    private static FhirObject? DrugCoding(RecommendationSubject s) =>
        s.Code is { } c && c.StartsWith("RxNorm:", StringComparison.Ordinal)
            ? new FhirObject().Add("system", S(RxNormSystem)).Add("code", S(c["RxNorm:".Length..])).Add("display", S(s.Name))
            : null;

    private static string Name(string gene, string allele) => allele.StartsWith(gene, StringComparison.Ordinal) ? allele : gene + allele;

    private static FhirObject Component(FhirObject code, FhirObject value) => new FhirObject().Add("code", code).Add("valueCodeableConcept", value);

    private static FhirObject Concept(FhirObject? coding, string text)
    {
        var o = new FhirObject();
        if (coding is not null)
            o.Add("coding", new FhirArray().Add(coding));
        return o.Add("text", S(text));
    }

    private static FhirObject Text(string text) => new FhirObject().Add("text", S(text));

    private static FhirObject Code(string system, string code, string display) =>
        new FhirObject().Add("coding", new FhirArray().Add(new FhirObject().Add("system", S(system)).Add("code", S(code)).Add("display", S(display))));

    private static FhirObject Profile(string id) => new FhirObject().Add("profile", new FhirArray().Add(S($"{Ig}/StructureDefinition/{id}")));

    private static FhirObject Ref(string url, string? display)
    {
        var o = new FhirObject().Add("reference", S(url));
        if (display is not null)
            o.Add("display", S(display));
        return o;
    }

    private static FhirObject Entry(string fullUrl, FhirObject resource) => new FhirObject()
        .Add("fullUrl", S(fullUrl))
        .Add("resource", resource)
        .Add("request", new FhirObject().Add("method", S("POST")).Add("url", S(resource.Str("resourceType")!)));

    private static FhirPrimitive S(string s) => FhirPrimitive.Of(s);

    /// <summary>A name-based UUID (v5-style, SHA-1) so the same report always exports the same fullUrls.</summary>
    private static string Urn(string name)
    {
#pragma warning disable CA5350 // not for security: RFC 4122 name-based (v5) UUIDs are defined on SHA-1
        var hash = SHA1.HashData(Encoding.UTF8.GetBytes("precis:" + name));
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        var g = Convert.ToHexStringLower(hash.AsSpan(0, 16));
        return $"urn:uuid:{g[..8]}-{g[8..12]}-{g[12..16]}-{g[16..20]}-{g[20..32]}";
    }
}

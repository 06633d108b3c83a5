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

    // HGNC ids of pharmacogenes, so gene-studied carries a code and not only a symbol. Checked by a test against the
    // CPIC database's gene table (hgncid); genes not listed there (e.g. PIK3CA) are sent as the symbol only. DPYD is
    // left out: the hand-typed HGNC:3012 and the CPIC table's HGNC:1806 disagree, and no second source settles it.
    internal static readonly IReadOnlyDictionary<string, string> HgncIds = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["CYP2C19"] = "HGNC:2621", ["CYP2D6"] = "HGNC:2625", ["CYP2C9"] = "HGNC:2623", ["CYP3A5"] = "HGNC:2638",
        ["CYP3A4"] = "HGNC:2637", ["CYP2B6"] = "HGNC:2615", ["TPMT"] = "HGNC:12014",
        ["NUDT15"] = "HGNC:23063", ["SLCO1B1"] = "HGNC:10959", ["VKORC1"] = "HGNC:23663", ["UGT1A1"] = "HGNC:12530",
        ["HLA-A"] = "HGNC:4931", ["HLA-B"] = "HGNC:4932", ["G6PD"] = "HGNC:4057", ["RYR1"] = "HGNC:10483",
        ["CACNA1S"] = "HGNC:1397", ["CFTR"] = "HGNC:1884",
    };

    // LOINC answers for phenotypes, from the IG's GeneticTherapeuticImplicationsVS (CGValueSets.fsh); others go as text.
    internal static readonly IReadOnlyDictionary<string, (string Code, string Display)> PhenotypeAnswers = new Dictionary<string, (string Code, string Display)>(StringComparer.OrdinalIgnoreCase)
    {
        ["Ultrarapid Metabolizer"] = ("LA10315-2", "Ultrarapid metabolizer"),
        ["Rapid Metabolizer"] = ("LA25390-8", "Rapid metabolizer"),
        ["Normal Metabolizer"] = ("LA25391-6", "Normal metabolizer"),
        ["Intermediate Metabolizer"] = ("LA10317-8", "Intermediate metabolizer"),
        ["Poor Metabolizer"] = ("LA9657-3", "Poor metabolizer"),
        ["Increased Function"] = ("LA25392-4", "Increased function"),
        ["Normal Function"] = ("LA25393-2", "Normal function"),
        ["Decreased Function"] = ("LA25395-7", "Decreased function"),
        ["Poor Function"] = ("LA25394-0", "Poor function"),
    };

    // RefSeq accessions of the GRCh37/GRCh38 primary assembly chromosomes (NCBI assembly reports; the test checks
    // them against PharmCAT's chr_build_mapping.tsv).
    internal static readonly IReadOnlyDictionary<(string Build, string Chromosome), string> RefSeqChromosomes = BuildRefSeq();

    private const string HgvsSystem = "http://varnomen.hgvs.org";
    private const string RefSeqSystem = "http://www.ncbi.nlm.nih.gov/refseq";
    private const string UcumSystem = "http://unitsofmeasure.org";

    /// <summary>Builds the transaction Bundle (every entry POSTed, fullUrls are urn:uuid).</summary>
    /// <param name="patient">The patient the results are about.</param>
    /// <param name="findings">All findings of the report (diplotype, phenotype, variant-carrying and predicted-risk findings are exported).</param>
    /// <param name="recommendations">All recommendations (those on a drug or therapy resting on an exported finding become implications and Tasks).</param>
    /// <param name="issued">Report time.</param>
    /// <param name="file">The file the findings were read from, named in errors about malformed variant details.</param>
    public static FhirObject Export(PatientSummary patient, IReadOnlyList<Finding> findings, IReadOnlyList<Recommendation> recommendations, DateTimeOffset issued, string file = "report.json")
    {
        var built = Build(patient, findings, recommendations, issued, file);
        var entries = new FhirArray();
        foreach (var (url, resource) in built.Entries)
        {
            entries.Add(new FhirObject().Add("fullUrl", S(url)).Add("resource", resource)
                .Add("request", new FhirObject().Add("method", S("POST")).Add("url", S(resource.Str("resourceType")!))));
        }

        return new FhirObject()
            .Add("resourceType", S("Bundle"))
            .Add("type", S("transaction"))
            .Add("timestamp", S(built.When))
            .Add("entry", entries);
    }

    /// <summary>The resources of the genomics report with their fullUrls, and which resource stands for which finding or recommendation.</summary>
    internal static GenomicsEntries Build(PatientSummary patient, IReadOnlyList<Finding> findings, IReadOnlyList<Recommendation> recommendations, DateTimeOffset issued, string file = "report.json")
    {
        ArgumentNullException.ThrowIfNull(patient);
        ArgumentNullException.ThrowIfNull(findings);
        ArgumentNullException.ThrowIfNull(recommendations);
        var when = issued.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var entries = new List<(string Url, FhirObject Resource)>();
        var patientUrl = Urn("patient:" + patient.Id);
        entries.Add((patientUrl, PatientResource(patient)));

        // Variant Observations first: genotypes and implications point at them. One per distinct variant, however
        // many findings rest on it.
        var variantUrls = new Dictionary<string, List<(string Url, string Display)>>(StringComparer.Ordinal);
        var variantResults = new List<(string Url, string Display)>();
        var seenVariants = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in findings)
        {
            var variants = VariantDetails.Read(f, file);
            if (variants.Count == 0)
                continue;
            var urls = new List<(string, string)>();
            foreach (var v in variants)
            {
                var key = $"{v.Origin}:{v.Build}:{v.Chromosome}:{v.Position}:{v.Reference}:{v.Alternate}";
                var url = Urn("variant:" + key);
                var display = VariantDisplay(v);
                urls.Add((url, display));
                if (seenVariants.Add(key))
                {
                    entries.Add((url, Variant(v, patientUrl, when)));
                    variantResults.Add((url, display));
                }
            }

            variantUrls[f.Id] = urls;
        }

        var genotypeByGene = new Dictionary<string, string>(StringComparer.Ordinal);
        var results = new List<(string Url, string Display)>();
        foreach (var f in findings.Where(f => f.Kind == "diplotype"))
        {
            var gene = f.Subject;
            var diplotype = f.Details.TryGetValue("diplotype", out var d) && d.Length > 0 ? d : null;
            if (diplotype is null)
                continue; // "not called" is not a genotype: nothing is asserted, the plan lists it as not assessed.
            var derivedFrom = new List<(string Url, string? Display)>();
            foreach (var (allele, i) in diplotype.Split('/').Select((a, i) => (a.Trim(), i)))
            {
                var hUrl = Urn($"haplotype:{f.Id}:{i}");
                entries.Add((hUrl, Observation("haplotype", Code(LoincSystem, "84414-2", "Haplotype name"), patientUrl, when,
                    Text(Name(gene, allele)), [GeneStudied(gene)], [])));
                derivedFrom.Add((hUrl, null));
                results.Add((hUrl, Name(gene, allele)));
            }

            // As in the IG's Pgx-geno-1001: the genotype is derived from the variants that define it.
            derivedFrom.AddRange(variantUrls.GetValueOrDefault(f.Id, []).Select(v => (v.Url, (string?)v.Display)));
            var gUrl = Urn("genotype:" + f.Id);
            var genotype = Observation("genotype", Code(LoincSystem, "84413-4", "Genotype display name"), patientUrl, when,
                Text(Name(gene, diplotype)), [GeneStudied(gene)], derivedFrom);
            AddNote(genotype, f);
            entries.Add((gUrl, genotype));
            genotypeByGene[gene] = gUrl;
            results.Add((gUrl, Name(gene, diplotype)));
        }

        var phenotypes = findings.Where(f => f.Kind == "phenotype").ToDictionary(f => f.Id, StringComparer.Ordinal);
        var implications = new Dictionary<string, string>(StringComparer.Ordinal);
        var tasks = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var r in recommendations.Where(r => r.Subject.Kind is SubjectKind.Drug or SubjectKind.Therapy))
        {
            var genes = r.FindingIds.Select(id => phenotypes.GetValueOrDefault(id)).OfType<Finding>().ToList();
            var derived = genes.Where(g => genotypeByGene.ContainsKey(g.Subject)).Select(g => (genotypeByGene[g.Subject], (string?)Name(g.Subject, g.Details.GetValueOrDefault("diplotype") ?? ""))).ToList();
            var somatic = r.FindingIds.SelectMany(id => variantUrls.GetValueOrDefault(id, [])).DistinctBy(v => v.Url).ToList();
            derived.AddRange(somatic.Select(v => (v.Url, (string?)v.Display)));
            if (derived.Count == 0)
                continue; // The IG requires an implication to be derived from a genotype/haplotype/variant/biomarker.
            var components = new List<FhirObject>();
            foreach (var g in genes)
            {
                var phenotype = g.Details.GetValueOrDefault("phenotype") ?? g.Summary;
                var answer = PhenotypeAnswers.TryGetValue(phenotype, out var a) ? Coding(LoincSystem, a.Code, a.Display) : null;
                components.Add(Component(Code(Tbd, "therapeutic-implication", "Therapeutic Implication"), Concept(answer, $"{g.Subject} {phenotype}")));
            }

            if (somatic.Count > 0)
            {
                var (code, display) = ResponseAnswer(r);
                components.Add(Component(Code(Tbd, "therapeutic-implication", "Therapeutic Implication"), Concept(Coding(LoincSystem, code, display), display)));
            }

            components.Add(Component(Code(LoincSystem, "51963-7", "Medication assessed [ID]"), Concept(DrugCoding(r.Subject), r.Subject.Name)));
            if (r.Population is { Length: > 0 } population && somatic.Count > 0)
                components.Add(Component(Code(LoincSystem, "81259-4", "Associated phenotype"), Concept(null, population)));
            components.Add(Component(Code(LoincSystem, "93044-6", "Level of evidence"), Concept(null, EvidenceText(r.Evidence))));
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
            entries.Add((tiUrl, ti));
            implications[r.Id] = tiUrl;
            results.Insert(0, (tiUrl, genes.Count > 0
                ? $"{r.Subject.Name}, {string.Join("; ", genes.Select(g => g.Details.GetValueOrDefault("phenotype")))}"
                : $"{r.Subject.Name}, {string.Join("; ", somatic.Select(v => v.Display))}"));

            var taskUrl = Urn("task:" + r.Id);
            entries.Add((taskUrl, Task(r, patientUrl, when, tiUrl)));
            tasks[r.Id] = taskUrl;
        }

        var risks = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var f in findings.Where(f => f.Kind == "predicted-risk"))
        {
            var url = Urn("risk:" + f.Id);
            entries.Add((url, RiskAssessment(f, patientUrl, when)));
            risks[f.Id] = url;
        }

        var report = new FhirObject()
            .Add("resourceType", S("DiagnosticReport"))
            .Add("meta", Profile("genomic-report"));
        var extensions = new FhirArray();
        foreach (var t in tasks.Values)
            extensions.Add(new FhirObject().Add("url", S(Ig + "/StructureDefinition/recommended-action")).Add("valueReference", Ref(t, null)));
        foreach (var ra in risks.Values)
            extensions.Add(new FhirObject().Add("url", S(Ig + "/StructureDefinition/genomic-risk-assessment")).Add("valueReference", Ref(ra, null)));
        if (extensions.Items.Count > 0)
            report.Add("extension", extensions);
        report.Add("status", S("final"))
            .Add("category", new FhirArray().Add(new FhirObject().Add("coding", new FhirArray().Add(new FhirObject().Add("system", S(DiagnosticService)).Add("code", S("GE"))))))
            .Add("code", Code(LoincSystem, "51969-4", "Genetic analysis report"))
            .Add("subject", Ref(patientUrl, null))
            .Add("effectiveDateTime", S(when))
            .Add("issued", S(when));
        results.AddRange(variantResults);
        if (results.Count > 0)
        {
            var arr = new FhirArray();
            foreach (var (u, display) in results)
                arr.Add(Ref(u, display));
            report.Add("result", arr);
        }

        report.Add("conclusion", S(Disclaimers.ResearchUse));
        var reportUrl = Urn("report:" + patient.Id);
        entries.Add((reportUrl, report));
        return new GenomicsEntries(entries, when, patientUrl, reportUrl, implications, tasks, risks);
    }

    /// <summary>A Variant Observation (IG profile "variant", LOINC 69548-6) with the components the input supports.</summary>
    private static FhirObject Variant(VariantDetail v, string patientUrl, string when)
    {
        var components = new List<FhirObject> { GeneStudied(v.Gene) };
        var build = NormaliseBuild(v.Build);
        var chrom = NormaliseChromosome(v.Chromosome);
        var accession = build is null ? null : RefSeqChromosomes.GetValueOrDefault((build, chrom));
        if (accession is not null)
            components.Add(Component(Code(LoincSystem, "48013-7", "Genomic reference sequence [ID]"), Concept(Coding(RefSeqSystem, accession, $"{build} chr{chrom}"), accession)));
        components.Add(Component(Code(LoincSystem, "92822-6", "Genomic coordinate system [Type]"), Concept(Coding(LoincSystem, "LA30102-0", "1-based character counting"), "1-based character counting")));
        var end = v.End ?? (v.Reference is "-" ? v.Position + 1 : v.Position + v.Reference.Length - 1);
        components.Add(new FhirObject().Add("code", Code(LoincSystem, "81254-5", "Genomic allele start-end"))
            .Add("valueRange", new FhirObject()
                .Add("low", new FhirObject().Add("value", FhirPrimitive.Number(v.Position)))
                .Add("high", new FhirObject().Add("value", FhirPrimitive.Number(end)))));
        components.Add(new FhirObject().Add("code", Code(LoincSystem, "69547-8", "Genomic ref allele [ID]")).Add("valueString", S(v.Reference)));
        components.Add(new FhirObject().Add("code", Code(LoincSystem, "69551-0", "Genomic alt allele [ID]")).Add("valueString", S(v.Alternate)));
        components.Add(Component(Code(LoincSystem, "48002-0", "Genomic source class [Type]"), v.Origin == VariantOrigin.Somatic
            ? Concept(Coding(LoincSystem, "LA6684-0", "Somatic"), "Somatic")
            : Concept(Coding(LoincSystem, "LA6683-2", "Germline"), "Germline")));
        if (v.Zygosity is { } z)
        {
            // Heterozygous/homozygous as the IG examples code them; hemizygous has no answer code in the IG sources, so text.
            var zc = z switch
            {
                Zygosity.Heterozygous => Coding(LoincSystem, "LA6706-1", "Heterozygous"),
                Zygosity.Homozygous => Coding(LoincSystem, "LA6705-3", "Homozygous"),
                _ => null,
            };
            components.Add(Component(Code(LoincSystem, "53034-5", "Allelic state"), Concept(zc, z.ToString())));
        }

        if (v.AlleleFraction is { } vaf)
        {
            components.Add(new FhirObject().Add("code", Code(LoincSystem, "81258-6", "Sample variant allelic frequency [NFr]"))
                .Add("valueQuantity", new FhirObject().Add("value", FhirPrimitive.Number(vaf)).Add("system", S(UcumSystem)).Add("code", S("1"))));
        }

        // Allelic read depth is the number of reads showing the allele (IG definition), i.e. the alternate-read count.
        if (v.AltReads is { } alt)
            components.Add(new FhirObject().Add("code", Code(LoincSystem, "82121-5", "Allelic read depth")).Add("valueQuantity", new FhirObject().Add("value", FhirPrimitive.Number(alt))));
        if (v.Hgvsc is { Length: > 0 } c)
        {
            var full = c.Contains(':', StringComparison.Ordinal) || v.Transcript is null ? c : $"{v.Transcript}:{c}";
            components.Add(Component(Code(LoincSystem, "48004-6", "DNA change (c.HGVS)"), Hgvs(full)));
        }

        if (v.Hgvsp is { Length: > 0 } p)
            components.Add(Component(Code(LoincSystem, "48005-3", "Amino acid change (pHGVS)"), Hgvs(p)));
        if (accession is not null && IsBase(v.Reference) && IsBase(v.Alternate))
            components.Add(Component(Code(LoincSystem, "81290-9", "Genomic DNA change (gHGVS)"), Hgvs($"{accession}:g.{v.Position.ToString(CultureInfo.InvariantCulture)}{v.Reference}>{v.Alternate}")));

        var o = Observation("variant", Code(LoincSystem, "69548-6", "Genetic variant assessment"), patientUrl, when,
            Concept(Coding(LoincSystem, "LA9633-4", "Present"), "Present"), components, []);
        if (v.Rsid is { } rs)
            o.Add("note", new FhirArray().Add(new FhirObject().Add("text", S($"dbSNP {rs}"))));
        return o;
    }

    // An HGVS expression is coded only when it names its reference sequence ("NM_…:c.", "ENST…:c."); a bare "p.H1047R"
    // is not a complete HGVS expression, so it goes as text.
    private static FhirObject Hgvs(string expression) =>
        Concept(expression.Contains(':', StringComparison.Ordinal) ? Coding(HgvsSystem, expression, null) : null, expression);

    private static bool IsBase(string allele) => allele.Length == 1 && "ACGT".Contains(allele[0], StringComparison.Ordinal);

    private static string VariantDisplay(VariantDetail v) =>
        $"{v.Gene} {(v.Hgvsp ?? v.Hgvsc ?? v.Rsid ?? "")} {v.Chromosome}:{v.Position.ToString(CultureInfo.InvariantCulture)} {v.Reference}>{v.Alternate}".Replace("  ", " ", StringComparison.Ordinal);

    /// <summary>"GRCh38" or "GRCh37" for the spellings inputs use (38, hg38, b38, GRCh38.p14…), null otherwise.</summary>
    internal static string? NormaliseBuild(string build) => build.Trim().ToUpperInvariant().Split('.')[0] switch
    {
        "GRCH38" or "38" or "HG38" or "B38" => "GRCh38",
        "GRCH37" or "37" or "HG19" or "B37" => "GRCh37",
        _ => null,
    };

    private static string NormaliseChromosome(string chrom)
    {
        var c = chrom.StartsWith("chr", StringComparison.OrdinalIgnoreCase) ? chrom[3..] : chrom;
        return c is "M" ? "MT" : c.ToUpperInvariant();
    }

    // The oncology response an implication states, from the action the source evidence supports (resistance → Avoid/
    // Inform; sensitivity on-label → Consider, off-label → ConsiderTrial). LOINC answers from the IG's value set.
    private static (string Code, string Display) ResponseAnswer(Recommendation r) => r.Action switch
    {
        RecommendationAction.Avoid => ("LA6676-6", "Resistant"),
        RecommendationAction.Inform => ("LA9660-7", "Presumed resistant"),
        RecommendationAction.Consider => ("LA6677-4", "Responsive"),
        _ => ("LA9661-5", "Presumed responsive"),
    };

    private static Dictionary<(string, string), string> BuildRefSeq()
    {
        // Accession numbers of chromosomes 1–22, X, Y and their versions in each build (NCBI GRCh37.p13 / GRCh38.p14).
        int[] v37 = [10, 11, 11, 11, 9, 11, 13, 10, 11, 10, 9, 11, 10, 8, 9, 9, 10, 9, 9, 10, 8, 10, 10, 9];
        int[] v38 = [11, 12, 12, 12, 10, 12, 14, 11, 12, 11, 10, 12, 11, 9, 10, 10, 11, 10, 10, 11, 9, 11, 11, 10];
        var map = new Dictionary<(string, string), string>();
        for (var i = 0; i < 24; i++)
        {
            var chrom = i switch { 22 => "X", 23 => "Y", _ => (i + 1).ToString(CultureInfo.InvariantCulture) };
            var acc = $"NC_0000{i + 1:00}";
            map[("GRCh37", chrom)] = string.Create(CultureInfo.InvariantCulture, $"{acc}.{v37[i]}");
            map[("GRCh38", chrom)] = string.Create(CultureInfo.InvariantCulture, $"{acc}.{v38[i]}");
        }

        map[("GRCh37", "MT")] = "NC_012920.1";
        map[("GRCh38", "MT")] = "NC_012920.1";
        return map;
    }

    private static FhirObject Coding(string system, string code, string? display)
    {
        var o = new FhirObject().Add("system", S(system)).Add("code", S(code));
        if (display is not null)
            o.Add("display", S(display));
        return o;
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
                $"{r.Source.Guideline ?? r.Source.KnowledgeBaseId} ({r.Source.KnowledgeBaseId} {r.Source.KnowledgeBaseVersion}, entry {r.Source.EntryId}); evidence {EvidenceText(r.Evidence)}; strength {r.Strength}"))));
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

    private static FhirPrimitive S(string s) => FhirPrimitive.Of(s);

    /// <summary>A name-based UUID (v5-style, SHA-1) so the same report always exports the same fullUrls.</summary>
    internal static string Urn(string name)
    {
#pragma warning disable CA5350 // not for security: RFC 4122 name-based (v5) UUIDs are defined on SHA-1
        var hash = SHA1.HashData(Encoding.UTF8.GetBytes("precis:" + name));
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        var g = Convert.ToHexStringLower(hash.AsSpan(0, 16));
        return $"urn:uuid:{g[..8]}-{g[8..12]}-{g[12..16]}-{g[16..20]}-{g[20..32]}";
    }

    /// <summary>Scheme and level, without repeating a scheme name the level already starts with ("CPIC guideline").</summary>
    private static string EvidenceText(EvidenceLevel evidence) =>
        evidence.Level.StartsWith(evidence.Scheme.ToString(), StringComparison.OrdinalIgnoreCase) ? evidence.Level : $"{evidence.Scheme} {evidence.Level}";
}

/// <summary>The genomics report's resources with their fullUrls, and which resource stands for which result.</summary>
/// <param name="Entries">fullUrl and resource, in bundle order (Patient first, GenomicReport last).</param>
/// <param name="When">The report time as written in the resources.</param>
/// <param name="PatientUrl">fullUrl of the Patient.</param>
/// <param name="ReportUrl">fullUrl of the GenomicReport DiagnosticReport.</param>
/// <param name="Implications">Recommendation id → TherapeuticImplication fullUrl.</param>
/// <param name="Tasks">Recommendation id → MedicationRecommendation Task fullUrl.</param>
/// <param name="Risks">Finding id → RiskAssessment fullUrl.</param>
internal sealed record GenomicsEntries(
    IReadOnlyList<(string Url, FhirObject Resource)> Entries,
    string When,
    string PatientUrl,
    string ReportUrl,
    IReadOnlyDictionary<string, string> Implications,
    IReadOnlyDictionary<string, string> Tasks,
    IReadOnlyDictionary<string, string> Risks);

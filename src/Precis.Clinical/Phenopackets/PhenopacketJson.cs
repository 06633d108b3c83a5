using System.Globalization;
using Precis.Clinical.Fhir;
using Precis.Core;

namespace Precis.Clinical.Phenopackets;

/// <summary>
/// Reads and writes GA4GH Phenopackets v2 JSON (protobuf JSON mapping, camelCase). Lenient about the schema version
/// string ("2", "2.0", "2.0.2" all read as v2; v1 is refused), strict about shape (ontology ids are CURIEs, required
/// members present), and lossless: members the model does not type are kept and written back.
/// </summary>
public static class PhenopacketJson
{
    /// <summary>Largest phenopacket file accepted.</summary>
    public const long MaxBytes = 32L * 1024 * 1024;

    /// <summary>Reads a phenopacket file.</summary>
    public static Phenopacket ReadFile(string path)
    {
        var node = FhirJson.ReadFile(path, FhirJsonLimits.Default with { MaxBytes = MaxBytes });
        return Read(node, path);
    }

    /// <summary>Reads a phenopacket from its JSON tree.</summary>
    public static Phenopacket Read(FhirNode node, string file)
    {
        var root = new Reader(node as FhirObject ?? throw new InputException(new InputError(file, null, null, "$", "a phenopacket must be a JSON object")), file);
        var meta = root.Child("metaData") ?? throw root.Error(root.Node, "metaData is required (phenopacket-schema v2)");
        var version = meta.Str("phenopacketSchemaVersion");
        if (version is not null && !(version == "2" || version.StartsWith("2.", StringComparison.Ordinal)))
            throw root.Error(meta.Node["phenopacketSchemaVersion"]!, $"schema version '{version}' is not v2", "convert v1 phenopackets with phenopacket-tools");
        return new Phenopacket
        {
            Id = root.ReqStr("id"),
            Subject = root.Child("subject") is { } s ? Individual(s) : null,
            PhenotypicFeatures = [.. root.Children("phenotypicFeatures").Select(PhenotypicFeature)],
            Measurements = [.. root.Children("measurements").Select(Measurement)],
            Diseases = [.. root.Children("diseases").Select(Disease)],
            Interpretations = [.. root.Children("interpretations").Select(Interpretation)],
            MetaData = MetaData(meta),
            Extra = root.Extra,
        };
    }

    /// <summary>Writes a phenopacket as a JSON tree (members in schema order, then the untyped ones).</summary>
    public static FhirObject Write(Phenopacket p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var o = new FhirObject();
        Put(o, "id", p.Id);
        Put(o, "subject", p.Subject, Write);
        PutList(o, "phenotypicFeatures", p.PhenotypicFeatures, Write);
        PutList(o, "measurements", p.Measurements, Write);
        PutList(o, "diseases", p.Diseases, Write);
        PutList(o, "interpretations", p.Interpretations, Write);
        Put(o, "metaData", p.MetaData, Write);
        return WithExtra(o, p.Extra);
    }

    /// <summary>Writes a phenopacket as JSON text.</summary>
    public static string Serialize(Phenopacket p, bool indented = true) => FhirJson.Serialize(Write(p), indented);

    // ---- reading ----

    private static OntologyClass Ontology(Reader r)
    {
        var id = r.ReqStr("id");

        // A CURIE has a prefix, a colon and a local part (HP:0001250, OMIM:201910, UCUM:ng/dL, NCIT:C…).
        var colon = id.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == id.Length - 1)
            throw r.Error(r.Node["id"]!, $"ontology class id '{id}' is not a CURIE (PREFIX:local)");
        return new OntologyClass(id, r.Str("label")) { Extra = r.Extra };
    }

    private static OntologyClass? OntologyOf(Reader r, string name) => r.Child(name) is { } c ? Ontology(c) : null;

    private static TimeElement Time(Reader r) => new()
    {
        Age = r.Child("age") is { } a ? Leaf(a, "iso8601duration") : null,
        OntologyClass = OntologyOf(r, "ontologyClass"),
        Timestamp = r.Str("timestamp"),
        GestationalAge = r.Child("gestationalAge") is { } g ? new GestationalAge(g.Scalar("weeks"), g.Scalar("days")) { Extra = g.Extra } : null,
        Extra = r.Extra,
    };

    // A wrapper object with one typed member; any other member makes the element untyped, so it is kept whole.
    private static string? Leaf(Reader r, string name)
    {
        var v = r.Str(name);
        if (r.Extra.Count > 0)
            throw r.Error(r.Node, $"unexpected member '{r.Extra[0].Key}' beside {name}");
        return v;
    }

    private static TimeElement? TimeOf(Reader r, string name) => r.Child(name) is { } t ? Time(t) : null;

    private static Individual Individual(Reader r) => new()
    {
        Id = r.ReqStr("id"),
        AlternateIds = [.. r.Strings("alternateIds")],
        DateOfBirth = r.Str("dateOfBirth"),
        TimeAtLastEncounter = TimeOf(r, "timeAtLastEncounter"),
        VitalStatus = r.Child("vitalStatus") is { } v ? new VitalStatus(v.ReqStr("status"), TimeOf(v, "timeOfDeath"), OntologyOf(v, "causeOfDeath")) { Extra = v.Extra } : null,
        Sex = r.Enum("sex", "UNKNOWN_SEX", "FEMALE", "MALE", "OTHER_SEX"),
        KaryotypicSex = r.Str("karyotypicSex"),
        Taxonomy = OntologyOf(r, "taxonomy"),
        Extra = r.Extra,
    };

    private static PhenotypicFeature PhenotypicFeature(Reader r) => new()
    {
        Type = OntologyOf(r, "type") ?? throw r.Error(r.Node, "phenotypicFeature.type is required"),
        Excluded = r.Bool("excluded"),
        Severity = OntologyOf(r, "severity"),
        Modifiers = [.. r.Children("modifiers").Select(Ontology)],
        Onset = TimeOf(r, "onset"),
        Resolution = TimeOf(r, "resolution"),
        Description = r.Str("description"),
        Extra = r.Extra,
    };

    private static PhenoMeasurement Measurement(Reader r)
    {
        var assay = OntologyOf(r, "assay") ?? throw r.Error(r.Node, "measurement.assay is required");
        PhenoQuantity? quantity = null;
        OntologyClass? oc = null;
        IReadOnlyList<KeyValuePair<string, FhirNode>> valueExtra = [];
        if (r.Child("value") is { } v)
        {
            if (v.Child("quantity") is { } q)
            {
                var unit = OntologyOf(q, "unit") ?? throw q.Error(q.Node, "quantity.unit is required");
                var value = q.Scalar("value") ?? new Scalar("0", false);
                var range = q.Child("referenceRange") is { } rr
                    ? new ReferenceRange(OntologyOf(rr, "unit") ?? throw rr.Error(rr.Node, "referenceRange.unit is required"), rr.Scalar("low") ?? new Scalar("0", false), rr.Scalar("high") ?? new Scalar("0", false)) { Extra = rr.Extra }
                    : null;
                quantity = new PhenoQuantity(unit, value, range) { Extra = q.Extra };
            }

            oc = OntologyOf(v, "ontologyClass");
            valueExtra = v.Extra;
        }

        return new PhenoMeasurement
        {
            Assay = assay,
            Quantity = quantity,
            ValueOntologyClass = oc,
            ValueExtra = valueExtra,
            TimeObserved = TimeOf(r, "timeObserved"),
            Description = r.Str("description"),
            Extra = r.Extra,
        };
    }

    private static PhenoDisease Disease(Reader r) => new()
    {
        Term = OntologyOf(r, "term") ?? throw r.Error(r.Node, "disease.term is required"),
        Excluded = r.Bool("excluded"),
        Onset = TimeOf(r, "onset"),
        Resolution = TimeOf(r, "resolution"),
        Extra = r.Extra,
    };

    private static Interpretation Interpretation(Reader r) => new(
        r.ReqStr("id"),
        r.Enum("progressStatus", "UNKNOWN_PROGRESS", "IN_PROGRESS", "COMPLETED", "SOLVED", "UNSOLVED"),
        r.Child("diagnosis") is { } d
            ? new Diagnosis(OntologyOf(d, "disease") ?? throw d.Error(d.Node, "diagnosis.disease is required"), [.. d.Children("genomicInterpretations").Select(GenomicInterpretation)]) { Extra = d.Extra }
            : null)
    { Extra = r.Extra };

    private static GenomicInterpretation GenomicInterpretation(Reader r) => new(
        r.ReqStr("subjectOrBiosampleId"),
        r.Enum("interpretationStatus", "UNKNOWN_STATUS", "REJECTED", "CANDIDATE", "CONTRIBUTORY", "CAUSATIVE") ?? "UNKNOWN_STATUS",
        r.Child("variantInterpretation") is { } v
            ? new VariantInterpretation(
                v.Str("acmgPathogenicityClassification"),
                v.Str("therapeuticActionability"),
                v.Child("variationDescriptor") is { } vd ? VariationDescriptor(vd) : throw v.Error(v.Node, "variantInterpretation.variationDescriptor is required"))
            { Extra = v.Extra }
            : null)
    { Extra = r.Extra };

    private static VariationDescriptor VariationDescriptor(Reader r) => new()
    {
        Id = r.Str("id"),
        Label = r.Str("label"),
        GeneContext = r.Child("geneContext") is { } g ? new GeneDescriptor(g.ReqStr("valueId"), g.ReqStr("symbol")) { Extra = g.Extra } : null,
        Expressions = [.. r.Children("expressions").Select(e => new Expression(e.ReqStr("syntax"), e.ReqStr("value")) { Extra = e.Extra })],
        VcfRecord = r.Child("vcfRecord") is { } vcf ? new VcfRecord(vcf.Str("genomeAssembly"), vcf.Str("chrom"), vcf.Scalar("pos"), vcf.Str("ref"), vcf.Str("alt")) { Extra = vcf.Extra } : null,
        StructuralType = OntologyOf(r, "structuralType"),
        MoleculeContext = r.Str("moleculeContext"),
        AllelicState = OntologyOf(r, "allelicState"),
        Extra = r.Extra,
    };

    private static MetaData MetaData(Reader r) => new()
    {
        Created = r.Str("created"),
        CreatedBy = r.Str("createdBy"),
        SubmittedBy = r.Str("submittedBy"),
        Resources = [.. r.Children("resources").Select(x => new PhenoResource(x.ReqStr("id"), x.Str("name"), x.Str("url"), x.Str("version"), x.Str("namespacePrefix"), x.Str("iriPrefix")) { Extra = x.Extra })],
        PhenopacketSchemaVersion = r.Str("phenopacketSchemaVersion"),
        ExternalReferences = [.. r.Children("externalReferences").Select(x => new ExternalReference(x.Str("id"), x.Str("reference"), x.Str("description")) { Extra = x.Extra })],
        Extra = r.Extra,
    };

    // ---- writing ----

    private static FhirObject Write(OntologyClass c) => WithExtra(Put(Put(new FhirObject(), "id", c.Id), "label", c.Label), c.Extra);

    private static FhirObject Write(TimeElement t)
    {
        var o = new FhirObject();
        if (t.Age is not null)
            o.Add("age", Put(new FhirObject(), "iso8601duration", t.Age));
        Put(o, "ontologyClass", t.OntologyClass, Write);
        Put(o, "timestamp", t.Timestamp);
        if (t.GestationalAge is { } g)
            o.Add("gestationalAge", WithExtra(Put(Put(new FhirObject(), "weeks", g.Weeks), "days", g.Days), g.Extra));
        return WithExtra(o, t.Extra);
    }

    private static FhirObject Write(Individual i)
    {
        var o = Put(new FhirObject(), "id", i.Id);
        PutStrings(o, "alternateIds", i.AlternateIds);
        Put(o, "dateOfBirth", i.DateOfBirth);
        Put(o, "timeAtLastEncounter", i.TimeAtLastEncounter, Write);
        if (i.VitalStatus is { } v)
            o.Add("vitalStatus", WithExtra(Put(Put(Put(new FhirObject(), "status", v.Status), "timeOfDeath", v.TimeOfDeath, Write), "causeOfDeath", v.CauseOfDeath, Write), v.Extra));
        Put(o, "sex", i.Sex);
        Put(o, "karyotypicSex", i.KaryotypicSex);
        Put(o, "taxonomy", i.Taxonomy, Write);
        return WithExtra(o, i.Extra);
    }

    private static FhirObject Write(PhenotypicFeature f)
    {
        var o = new FhirObject();
        Put(o, "description", f.Description);
        Put(o, "type", f.Type, Write);
        if (f.Excluded is { } ex)
            o.Add("excluded", FhirPrimitive.Of(ex));
        Put(o, "severity", f.Severity, Write);
        PutList(o, "modifiers", f.Modifiers, Write);
        Put(o, "onset", f.Onset, Write);
        Put(o, "resolution", f.Resolution, Write);
        return WithExtra(o, f.Extra);
    }

    private static FhirObject Write(PhenoMeasurement m)
    {
        var o = new FhirObject();
        Put(o, "description", m.Description);
        Put(o, "assay", m.Assay, Write);
        if (m.Quantity is not null || m.ValueOntologyClass is not null || m.ValueExtra.Count > 0)
        {
            var v = new FhirObject();
            if (m.Quantity is { } q)
            {
                var qo = Put(Put(new FhirObject(), "unit", q.Unit, Write), "value", q.Value);
                if (q.ReferenceRange is { } rr)
                    qo.Add("referenceRange", WithExtra(Put(Put(Put(new FhirObject(), "unit", rr.Unit, Write), "low", rr.Low), "high", rr.High), rr.Extra));
                v.Add("quantity", WithExtra(qo, q.Extra));
            }

            Put(v, "ontologyClass", m.ValueOntologyClass, Write);
            o.Add("value", WithExtra(v, m.ValueExtra));
        }

        Put(o, "timeObserved", m.TimeObserved, Write);
        return WithExtra(o, m.Extra);
    }

    private static FhirObject Write(PhenoDisease d)
    {
        var o = Put(new FhirObject(), "term", d.Term, Write);
        if (d.Excluded is { } ex)
            o.Add("excluded", FhirPrimitive.Of(ex));
        Put(o, "onset", d.Onset, Write);
        Put(o, "resolution", d.Resolution, Write);
        return WithExtra(o, d.Extra);
    }

    private static FhirObject Write(Interpretation i)
    {
        var o = Put(Put(new FhirObject(), "id", i.Id), "progressStatus", i.ProgressStatus);
        if (i.Diagnosis is { } d)
        {
            var dx = Put(new FhirObject(), "disease", d.Disease, Write);
            PutList(dx, "genomicInterpretations", d.GenomicInterpretations, Write);
            o.Add("diagnosis", WithExtra(dx, d.Extra));
        }

        return WithExtra(o, i.Extra);
    }

    private static FhirObject Write(GenomicInterpretation g)
    {
        var o = Put(Put(new FhirObject(), "subjectOrBiosampleId", g.SubjectOrBiosampleId), "interpretationStatus", g.InterpretationStatus);
        if (g.VariantInterpretation is { } v)
        {
            var vo = Put(Put(new FhirObject(), "acmgPathogenicityClassification", v.AcmgPathogenicityClassification), "therapeuticActionability", v.TherapeuticActionability);
            vo.Add("variationDescriptor", Write(v.VariationDescriptor));
            o.Add("variantInterpretation", WithExtra(vo, v.Extra));
        }

        return WithExtra(o, g.Extra);
    }

    private static FhirObject Write(VariationDescriptor d)
    {
        var o = Put(Put(new FhirObject(), "id", d.Id), "label", d.Label);
        if (d.GeneContext is { } g)
            o.Add("geneContext", WithExtra(Put(Put(new FhirObject(), "valueId", g.ValueId), "symbol", g.Symbol), g.Extra));
        PutList(o, "expressions", d.Expressions, e => WithExtra(Put(Put(new FhirObject(), "syntax", e.Syntax), "value", e.Value), e.Extra));
        if (d.VcfRecord is { } v)
            o.Add("vcfRecord", WithExtra(Put(Put(Put(Put(Put(new FhirObject(), "genomeAssembly", v.GenomeAssembly), "chrom", v.Chrom), "pos", v.Pos), "ref", v.Ref), "alt", v.Alt), v.Extra));
        Put(o, "moleculeContext", d.MoleculeContext);
        Put(o, "structuralType", d.StructuralType, Write);
        Put(o, "allelicState", d.AllelicState, Write);
        return WithExtra(o, d.Extra);
    }

    private static FhirObject Write(MetaData m)
    {
        var o = Put(Put(Put(new FhirObject(), "created", m.Created), "createdBy", m.CreatedBy), "submittedBy", m.SubmittedBy);
        PutList(o, "resources", m.Resources, r => WithExtra(Put(Put(Put(Put(Put(Put(new FhirObject(), "id", r.Id), "name", r.Name), "url", r.Url), "version", r.Version), "namespacePrefix", r.NamespacePrefix), "iriPrefix", r.IriPrefix), r.Extra));
        Put(o, "phenopacketSchemaVersion", m.PhenopacketSchemaVersion);
        PutList(o, "externalReferences", m.ExternalReferences, r => WithExtra(Put(Put(Put(new FhirObject(), "id", r.Id), "reference", r.Reference), "description", r.Description), r.Extra));
        return WithExtra(o, m.Extra);
    }

    private static FhirObject Put(FhirObject o, string name, string? value)
    {
        if (value is not null)
            o.Add(name, FhirPrimitive.Of(value));
        return o;
    }

    private static FhirObject Put(FhirObject o, string name, Scalar? value)
    {
        if (value is not null)
            o.Add(name, value.Quoted ? FhirPrimitive.Of(value.Text) : FhirPrimitive.Number(value.Text));
        return o;
    }

    private static FhirObject Put<T>(FhirObject o, string name, T? value, Func<T, FhirObject> write)
        where T : class
    {
        if (value is not null)
            o.Add(name, write(value));
        return o;
    }

    private static void PutList<T>(FhirObject o, string name, IReadOnlyList<T> items, Func<T, FhirObject> write)
    {
        if (items.Count == 0)
            return;
        var a = new FhirArray();
        foreach (var i in items)
            a.Add(write(i));
        o.Add(name, a);
    }

    private static void PutStrings(FhirObject o, string name, IReadOnlyList<string> items)
    {
        if (items.Count == 0)
            return;
        var a = new FhirArray();
        foreach (var i in items)
            a.Add(FhirPrimitive.Of(i));
        o.Add(name, a);
    }

    private static FhirObject WithExtra(FhirObject o, IReadOnlyList<KeyValuePair<string, FhirNode>> extra)
    {
        foreach (var (k, v) in extra)
            o.Add(k, Detach(v));
        return o;
    }

    // A node belongs to one parent; an export gets its own copy of kept members.
    private static FhirNode Detach(FhirNode n) => FhirJson.Parse(FhirJson.Serialize(n), "(copy)");

    /// <summary>Reads members of one object, remembering which were used so the rest become <c>Extra</c>.</summary>
    private sealed class Reader(FhirObject node, string file)
    {
        private readonly HashSet<string> _used = new(StringComparer.Ordinal);

        public FhirObject Node { get; } = node;

        public IReadOnlyList<KeyValuePair<string, FhirNode>> Extra => [.. Node.Members.Where(m => !_used.Contains(m.Key))];

        public InputException Error(FhirNode at, string reason, string? hint = null) => new(new InputError(file, null, null, at.Path, reason, hint));

        public string? Str(string name)
        {
            _used.Add(name);
            return Node[name] switch
            {
                null => null,
                FhirPrimitive { Kind: FhirPrimitiveKind.String } p => p.Text,
                var n => throw Error(n, $"{name} must be a JSON string"),
            };
        }

        public string ReqStr(string name) => Str(name) ?? throw Error(Node, $"{name} is required");

        public string? Enum(string name, params string[] allowed)
        {
            var v = Str(name);
            if (v is not null && !allowed.Contains(v))
                throw Error(Node[name]!, $"'{v}' is not a value of {name}", "allowed: " + string.Join(", ", allowed));
            return v;
        }

        public bool? Bool(string name)
        {
            _used.Add(name);
            return Node[name] switch
            {
                null => null,
                FhirPrimitive { Kind: FhirPrimitiveKind.True } => true,
                FhirPrimitive { Kind: FhirPrimitiveKind.False } => false,
                var n => throw Error(n, $"{name} must be true or false"),
            };
        }

        public Scalar? Scalar(string name)
        {
            _used.Add(name);
            return Node[name] switch
            {
                null => null,
                FhirPrimitive { Kind: FhirPrimitiveKind.Number } p => new Scalar(p.Text, false),
                FhirPrimitive { Kind: FhirPrimitiveKind.String } p when decimal.TryParse(p.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out _) => new Scalar(p.Text, true),
                var n => throw Error(n, $"{name} must be a number"),
            };
        }

        public Reader? Child(string name)
        {
            _used.Add(name);
            return Node[name] switch
            {
                null => null,
                FhirObject o => new Reader(o, file),
                var n => throw Error(n, $"{name} must be a JSON object"),
            };
        }

        public List<Reader> Children(string name)
        {
            _used.Add(name);
            var n = Node[name];
            if (n is null)
                return [];
            if (n is not FhirArray a)
                throw Error(n, $"{name} must be a JSON array");
            return [.. a.Items.Select(i => i is FhirObject o ? new Reader(o, file) : throw Error(i, $"{name} items must be JSON objects"))];
        }

        public List<string> Strings(string name)
        {
            _used.Add(name);
            var n = Node[name];
            if (n is null)
                return [];
            if (n is not FhirArray a)
                throw Error(n, $"{name} must be a JSON array");
            return [.. a.Items.Select(i => i is FhirPrimitive { Kind: FhirPrimitiveKind.String } p ? p.Text : throw Error(i, $"{name} items must be JSON strings"))];
        }
    }
}

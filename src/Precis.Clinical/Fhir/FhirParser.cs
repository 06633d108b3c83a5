using Precis.Core;

namespace Precis.Clinical.Fhir;

/// <summary>
/// Maps the lossless JSON tree to the typed resources, checking the JSON shape FHIR R4 requires (arrays for
/// repeating elements, one type per choice element, valid dates and codes); errors name the file and JSON path.
/// </summary>
public sealed class FhirParser
{
    private static readonly string[] DomainResource = ["resourceType", "id", "meta", "implicitRules", "language", "text", "contained", "extension", "modifierExtension"];

    private static readonly Dictionary<string, string[]> KnownElements = new(StringComparer.Ordinal)
    {
        ["Patient"] = ["identifier", "active", "name", "telecom", "gender", "birthDate", "deceasedBoolean", "deceasedDateTime", "address", "maritalStatus", "multipleBirthBoolean", "multipleBirthInteger", "photo", "contact", "communication", "generalPractitioner", "managingOrganization", "link"],
        ["Observation"] = ["identifier", "basedOn", "partOf", "status", "category", "code", "subject", "focus", "encounter", "effectiveDateTime", "effectivePeriod", "effectiveTiming", "effectiveInstant", "issued", "performer", "valueQuantity", "valueCodeableConcept", "valueString", "valueBoolean", "valueInteger", "valueRange", "valueRatio", "valueSampledData", "valueTime", "valueDateTime", "valuePeriod", "dataAbsentReason", "interpretation", "note", "bodySite", "method", "specimen", "device", "referenceRange", "hasMember", "derivedFrom", "component"],
        ["Condition"] = ["identifier", "clinicalStatus", "verificationStatus", "category", "severity", "code", "bodySite", "subject", "encounter", "onsetDateTime", "onsetAge", "onsetPeriod", "onsetRange", "onsetString", "abatementDateTime", "abatementAge", "abatementPeriod", "abatementRange", "abatementString", "recordedDate", "recorder", "asserter", "stage", "evidence", "note"],
        ["MedicationRequest"] = ["identifier", "status", "statusReason", "intent", "category", "priority", "doNotPerform", "reportedBoolean", "reportedReference", "medicationCodeableConcept", "medicationReference", "subject", "encounter", "supportingInformation", "authoredOn", "requester", "performer", "performerType", "recorder", "reasonCode", "reasonReference", "instantiatesCanonical", "instantiatesUri", "basedOn", "groupIdentifier", "courseOfTherapyType", "insurance", "note", "dosageInstruction", "dispenseRequest", "substitution", "priorPrescription", "detectedIssue", "eventHistory"],
        ["MedicationStatement"] = ["identifier", "basedOn", "partOf", "status", "statusReason", "category", "medicationCodeableConcept", "medicationReference", "subject", "context", "effectiveDateTime", "effectivePeriod", "dateAsserted", "informationSource", "derivedFrom", "reasonCode", "reasonReference", "note", "dosage"],
        ["AllergyIntolerance"] = ["identifier", "clinicalStatus", "verificationStatus", "type", "category", "criticality", "code", "patient", "encounter", "onsetDateTime", "onsetAge", "onsetPeriod", "onsetRange", "onsetString", "recordedDate", "recorder", "asserter", "lastOccurrence", "note", "reaction"],
        ["FamilyMemberHistory"] = ["identifier", "instantiatesCanonical", "instantiatesUri", "status", "dataAbsentReason", "patient", "date", "name", "relationship", "sex", "bornPeriod", "bornDate", "bornString", "ageAge", "ageRange", "ageString", "estimatedAge", "deceasedBoolean", "deceasedAge", "deceasedRange", "deceasedDate", "deceasedString", "reasonCode", "reasonReference", "note", "condition"],
        ["DiagnosticReport"] = ["identifier", "basedOn", "status", "category", "code", "subject", "encounter", "effectiveDateTime", "effectivePeriod", "issued", "performer", "resultsInterpreter", "specimen", "result", "imagingStudy", "media", "conclusion", "conclusionCode", "presentedForm"],
        ["Consent"] = ["identifier", "status", "scope", "category", "patient", "dateTime", "performer", "organization", "sourceAttachment", "sourceReference", "policy", "policyRule", "verification", "provision"],
        ["Provenance"] = ["target", "occurredPeriod", "occurredDateTime", "recorded", "policy", "location", "reason", "activity", "agent", "entity", "signature"],
        ["Bundle"] = ["identifier", "type", "timestamp", "total", "link", "entry", "signature"],
    };

    private static readonly HashSet<string> BundleTypes = new(StringComparer.Ordinal)
    {
        "document", "message", "transaction", "transaction-response", "batch", "batch-response", "history", "searchset", "collection",
    };

    private static readonly HashSet<string> HttpVerbs = new(StringComparer.Ordinal) { "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH" };

    private readonly string _file;

    public FhirParser(string file) => _file = file ?? throw new ArgumentNullException(nameof(file));

    /// <summary>Reads a file holding one resource (a Bundle or any other) and types it.</summary>
    public static FhirResource ReadFile(string path, FhirJsonLimits? limits = null)
    {
        var node = FhirJson.ReadFile(path, limits);
        return new FhirParser(path).Resource(node);
    }

    /// <summary>Reads a file that must hold a Bundle.</summary>
    public static Bundle ReadBundle(string path, FhirJsonLimits? limits = null) =>
        ReadFile(path, limits) as Bundle
        ?? throw new InputException(new InputError(path, null, null, "$.resourceType", "expected a FHIR Bundle", "export the patient's record as a Bundle"));

    /// <summary>Types a resource from its JSON tree.</summary>
    public FhirResource Resource(FhirNode node)
    {
        var o = node as FhirObject ?? throw Error(node, "a resource must be a JSON object");
        var type = o.Str("resourceType") ?? throw Error(o, "resource has no resourceType", "every FHIR resource in JSON names its type in resourceType");
        FhirResource r = type switch
        {
            "Bundle" => Bundle(o),
            "Patient" => Patient(o),
            "Observation" => Observation(o),
            "Condition" => Condition(o),
            "MedicationRequest" => MedicationRequest(o),
            "MedicationStatement" => MedicationStatement(o),
            "AllergyIntolerance" => AllergyIntolerance(o),
            "FamilyMemberHistory" => FamilyMemberHistory(o),
            "DiagnosticReport" => DiagnosticReport(o),
            "Consent" => Consent(o),
            "Provenance" => Provenance(o),
            _ => new OtherResource { ResourceType = type, Node = o },
        };
        var id = Str(o, "id");
        if (id is not null && (id.Length is 0 or > 64 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.')))
            throw Error(o["id"]!, $"'{id}' is not a valid FHIR id (1–64 of A–Z a–z 0–9 - .)");
        var meta = Obj(o, "meta");
        return r with
        {
            ResourceType = type,
            Id = id,
            LastUpdated = meta is null ? null : Date(meta, "lastUpdated"),
            Node = o,
            UnknownElements = Unknown(type, o),
        };
    }

    private static IReadOnlyList<string> Unknown(string type, FhirObject o)
    {
        if (!KnownElements.TryGetValue(type, out var known))
            return [];
        return [.. o.Members.Select(m => m.Key.TrimStart('_')).Where(n => !known.Contains(n) && !DomainResource.Contains(n)).Distinct()];
    }

    private Bundle Bundle(FhirObject o)
    {
        var type = Str(o, "type") ?? throw Error(o, "Bundle.type is required (transaction, batch, collection, searchset…)");
        if (!BundleTypes.Contains(type))
            throw Error(o["type"]!, $"'{type}' is not a Bundle.type of FHIR R4", string.Join(", ", BundleTypes.Order(StringComparer.Ordinal)));
        var entries = new List<BundleEntry>();
        var fullUrls = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in Objs(o, "entry"))
        {
            var fullUrl = Str(e, "fullUrl");
            var resource = Obj(e, "resource") is { } ro ? Resource(ro) : null;

            // bdl-7: fullUrl must be unique in a bundle, or else must have different meta.versionId.
            if (fullUrl is not null && type is not ("history" or "transaction-response" or "batch-response") && !fullUrls.Add(fullUrl + "|" + (Obj(Obj(e, "resource") ?? new FhirObject(), "meta")?.Str("versionId") ?? "")))
                throw Error(e["fullUrl"]!, $"fullUrl '{fullUrl}' appears twice (FHIR bdl-7)");
            BundleRequest? request = null;
            if (Obj(e, "request") is { } rq)
            {
                var method = Str(rq, "method") ?? throw Error(rq, "request.method is required");
                if (!HttpVerbs.Contains(method))
                    throw Error(rq["method"]!, $"'{method}' is not an HTTP verb FHIR allows");
                request = new BundleRequest(method, Str(rq, "url") ?? throw Error(rq, "request.url is required"));
            }
            else if (type is "transaction" or "batch")
            {
                throw Error(e, $"every entry of a {type} needs a request (FHIR bdl-3)");
            }

            if (resource is null && request?.Method is "POST" or "PUT")
                throw Error(e, $"a {request.Method} entry needs a resource");
            var search = Obj(e, "search");
            if (search is not null && type != "searchset")
                throw Error(search, "entry.search is only allowed in a searchset (FHIR bdl-2)");
            entries.Add(new BundleEntry(fullUrl, resource, request, search is null ? null : Str(search, "mode"), e.Path));
        }

        var total = Num(o, "total");
        if (total is not null && type is not ("searchset" or "history"))
            throw Error(o["total"]!, "Bundle.total is only allowed in a searchset or history (FHIR bdl-1)");
        return new Bundle
        {
            ResourceType = "Bundle",
            Node = o,
            Type = type,
            Timestamp = Date(o, "timestamp"),
            Total = total is null ? null : (int)total.Value,
            Entries = entries,
        };
    }

    private Patient Patient(FhirObject o) => new()
    {
        ResourceType = "Patient",
        Node = o,
        Identifiers = [.. Objs(o, "identifier").Select(Identifier)],
        Names = [.. Objs(o, "name").Select(HumanName)],
        Gender = Code(o, "gender", "male", "female", "other", "unknown"),
        BirthDate = Date(o, "birthDate"),
        BirthDateExtensions = PrimitiveExtensionsOf(o, "birthDate"),
        Deceased = Choice(o, "deceased", "Boolean", "DateTime"),
        Extensions = [.. Objs(o, "extension").Select(Extension)],
    };

    private Observation Observation(FhirObject o) => new()
    {
        ResourceType = "Observation",
        Node = o,
        Status = Code(o, "status", "registered", "preliminary", "final", "amended", "corrected", "cancelled", "entered-in-error", "unknown"),
        Categories = [.. Objs(o, "category").Select(CodeableConcept)],
        Code = Obj(o, "code") is { } c ? CodeableConcept(c) : throw Error(o, "Observation.code is required"),
        Subject = RefOf(o, "subject"),
        Effective = Choice(o, "effective", "DateTime", "Period", "Timing", "Instant"),
        Issued = Date(o, "issued"),
        Value = Choice(o, "value", "Quantity", "CodeableConcept", "String", "Boolean", "Integer", "Range", "Ratio", "SampledData", "Time", "DateTime", "Period"),
        DataAbsentReason = Obj(o, "dataAbsentReason") is { } d ? CodeableConcept(d) : null,
        Components = [.. Objs(o, "component").Select(c => new ObservationComponent(
            Obj(c, "code") is { } cc ? CodeableConcept(cc) : throw Error(c, "Observation.component.code is required"),
            Choice(c, "value", "Quantity", "CodeableConcept", "String", "Boolean", "Integer", "Range", "Ratio", "SampledData", "Time", "DateTime", "Period"),
            Obj(c, "dataAbsentReason") is { } cd ? CodeableConcept(cd) : null,
            c.Path))],
        HasMember = [.. Objs(o, "hasMember").Select(Reference)],
        DerivedFrom = [.. Objs(o, "derivedFrom").Select(Reference)],
    };

    private Condition Condition(FhirObject o) => new()
    {
        ResourceType = "Condition",
        Node = o,
        ClinicalStatus = Obj(o, "clinicalStatus") is { } cs ? CodeableConcept(cs) : null,
        VerificationStatus = Obj(o, "verificationStatus") is { } vs ? CodeableConcept(vs) : null,
        Categories = [.. Objs(o, "category").Select(CodeableConcept)],
        Code = Obj(o, "code") is { } c ? CodeableConcept(c) : null,
        Subject = RefOf(o, "subject") ?? throw Error(o, "Condition.subject is required"),
        Onset = Choice(o, "onset", "DateTime", "Age", "Period", "Range", "String"),
        Abatement = Choice(o, "abatement", "DateTime", "Age", "Period", "Range", "String"),
        RecordedDate = Date(o, "recordedDate"),
    };

    private MedicationRequest MedicationRequest(FhirObject o) => new()
    {
        ResourceType = "MedicationRequest",
        Node = o,
        Status = Code(o, "status", "active", "on-hold", "cancelled", "completed", "entered-in-error", "stopped", "draft", "unknown") ?? throw Error(o, "MedicationRequest.status is required"),
        Intent = Code(o, "intent", "proposal", "plan", "order", "original-order", "reflex-order", "filler-order", "instance-order", "option") ?? throw Error(o, "MedicationRequest.intent is required"),
        Medication = Choice(o, "medication", "CodeableConcept", "Reference") ?? throw Error(o, "MedicationRequest.medication[x] is required"),
        Subject = RefOf(o, "subject"),
        AuthoredOn = Date(o, "authoredOn"),
        ReasonCodes = [.. Objs(o, "reasonCode").Select(CodeableConcept)],
    };

    private MedicationStatement MedicationStatement(FhirObject o) => new()
    {
        ResourceType = "MedicationStatement",
        Node = o,
        Status = Code(o, "status", "active", "completed", "entered-in-error", "intended", "stopped", "on-hold", "unknown", "not-taken") ?? throw Error(o, "MedicationStatement.status is required"),
        Medication = Choice(o, "medication", "CodeableConcept", "Reference") ?? throw Error(o, "MedicationStatement.medication[x] is required"),
        Subject = RefOf(o, "subject"),
        Effective = Choice(o, "effective", "DateTime", "Period"),
        DateAsserted = Date(o, "dateAsserted"),
    };

    private AllergyIntolerance AllergyIntolerance(FhirObject o) => new()
    {
        ResourceType = "AllergyIntolerance",
        Node = o,
        ClinicalStatus = Obj(o, "clinicalStatus") is { } cs ? CodeableConcept(cs) : null,
        VerificationStatus = Obj(o, "verificationStatus") is { } vs ? CodeableConcept(vs) : null,
        Type = Code(o, "type", "allergy", "intolerance"),
        Categories = [.. Strs(o, "category")],
        Criticality = Code(o, "criticality", "low", "high", "unable-to-assess"),
        Code = Obj(o, "code") is { } c ? CodeableConcept(c) : null,
        Patient = RefOf(o, "patient"),
        Onset = Choice(o, "onset", "DateTime", "Age", "Period", "Range", "String"),
        RecordedDate = Date(o, "recordedDate"),
        Reactions = [.. Objs(o, "reaction").Select(r => new AllergyReaction(
            Obj(r, "substance") is { } s ? CodeableConcept(s) : null,
            [.. Objs(r, "manifestation").Select(CodeableConcept)],
            Str(r, "severity")))],
    };

    private FamilyMemberHistory FamilyMemberHistory(FhirObject o) => new()
    {
        ResourceType = "FamilyMemberHistory",
        Node = o,
        Status = Code(o, "status", "partial", "completed", "entered-in-error", "health-unknown") ?? throw Error(o, "FamilyMemberHistory.status is required"),
        Patient = RefOf(o, "patient"),
        Relationship = Obj(o, "relationship") is { } rel ? CodeableConcept(rel) : throw Error(o, "FamilyMemberHistory.relationship is required"),
        Sex = Obj(o, "sex") is { } sex ? CodeableConcept(sex) : null,
        Deceased = Choice(o, "deceased", "Boolean", "Age", "Range", "Date", "String"),
        Conditions = [.. Objs(o, "condition").Select(c => new FamilyMemberCondition(
            Obj(c, "code") is { } cc ? CodeableConcept(cc) : null,
            Obj(c, "outcome") is { } oc ? CodeableConcept(oc) : null,
            Bool(c, "contributedToDeath"),
            Choice(c, "onset", "Age", "Range", "Period", "String")))],
    };

    private DiagnosticReport DiagnosticReport(FhirObject o) => new()
    {
        ResourceType = "DiagnosticReport",
        Node = o,
        Status = Code(o, "status", "registered", "partial", "preliminary", "final", "amended", "corrected", "appended", "cancelled", "entered-in-error", "unknown"),
        Categories = [.. Objs(o, "category").Select(CodeableConcept)],
        Code = Obj(o, "code") is { } c ? CodeableConcept(c) : throw Error(o, "DiagnosticReport.code is required"),
        Subject = RefOf(o, "subject"),
        Effective = Choice(o, "effective", "DateTime", "Period"),
        Issued = Date(o, "issued"),
        Results = [.. Objs(o, "result").Select(Reference)],
        Conclusion = Str(o, "conclusion"),
    };

    private Consent Consent(FhirObject o) => new()
    {
        ResourceType = "Consent",
        Node = o,
        Status = Code(o, "status", "draft", "proposed", "active", "rejected", "inactive", "entered-in-error") ?? throw Error(o, "Consent.status is required"),
        Scope = Obj(o, "scope") is { } s ? CodeableConcept(s) : throw Error(o, "Consent.scope is required"),
        Categories = [.. Objs(o, "category").Select(CodeableConcept)],
        Patient = RefOf(o, "patient"),
        DateTime = Date(o, "dateTime"),
        PolicyRule = Obj(o, "policyRule") is { } rule ? CodeableConcept(rule) : null,
        Provision = Obj(o, "provision") is { } p ? Provision(p) : null,
    };

    private ConsentProvision Provision(FhirObject p) => new(
        Code(p, "type", "deny", "permit"),
        Obj(p, "period") is { } per ? Period(per) : null,
        [.. Objs(p, "action").Select(CodeableConcept)],
        [.. Objs(p, "class").Select(Coding)],
        [.. Objs(p, "code").Select(CodeableConcept)],
        [.. Objs(p, "provision").Select(Provision)],
        [.. Objs(p, "actor").Select(a => new ConsentActor(Obj(a, "role") is { } role ? CodeableConcept(role) : null, RefOf(a, "reference")))],
        [.. Objs(p, "purpose").Select(Coding)]);

    private Provenance Provenance(FhirObject o) => new()
    {
        ResourceType = "Provenance",
        Node = o,
        Targets = Objs(o, "target").Select(Reference).ToList() is { Count: > 0 } t ? t : throw Error(o, "Provenance.target is required"),
        Recorded = Date(o, "recorded") ?? throw Error(o, "Provenance.recorded is required"),
        Agents = [.. Objs(o, "agent").Select(a => new ProvenanceAgent(
            Obj(a, "type") is { } ty ? CodeableConcept(ty) : null,
            RefOf(a, "who") ?? throw Error(a, "Provenance.agent.who is required"),
            RefOf(a, "onBehalfOf")))],
    };

    // ---- data types ----

    private Coding Coding(FhirObject o) => new(Str(o, "system"), Str(o, "code"), Str(o, "display"), Str(o, "version"));

    private CodeableConcept CodeableConcept(FhirObject o) => new([.. Objs(o, "coding").Select(Coding)], Str(o, "text"));

    private Quantity Quantity(FhirObject o) => new(Decimal(o, "value"), Code(o, "comparator", "<", "<=", ">=", ">"), Str(o, "unit"), Str(o, "system"), Str(o, "code"));

    private Reference Reference(FhirObject o) => new(Str(o, "reference"), Str(o, "type"), Str(o, "display"));

    private Reference? RefOf(FhirObject o, string name) => Obj(o, name) is { } r ? Reference(r) : null;

    private Period Period(FhirObject o)
    {
        var p = new Period(Date(o, "start"), Date(o, "end"));
        if (p is { Start: { } s, End: { } e } && e.Start < s.Start && e.Precision >= s.Precision)
            throw Error(o, $"period ends ({e}) before it starts ({s}) (FHIR per-1)");
        return p;
    }

    private Identifier Identifier(FhirObject o) => new(Str(o, "system"), Str(o, "value"), Obj(o, "type") is { } t ? CodeableConcept(t) : null);

    private HumanName HumanName(FhirObject o) => new(Str(o, "use"), Str(o, "text"), Str(o, "family"), [.. Strs(o, "given")], [.. Strs(o, "prefix")]);

    private Extension Extension(FhirObject o)
    {
        var url = Str(o, "url") ?? throw Error(o, "extension.url is required");
        var nested = Objs(o, "extension").Select(Extension).ToList();
        var value = Choice(o, "value", null);
        if (value is not null && nested.Count > 0)
            throw Error(o, "an extension has either a value or nested extensions, not both (FHIR ext-1)");
        return new Extension(url, value, nested);
    }

    private PrimitiveExtensions? PrimitiveExtensionsOf(FhirObject o, string name) =>
        Obj(o, "_" + name) is { } twin ? new PrimitiveExtensions(Str(twin, "id"), [.. Objs(twin, "extension").Select(Extension)]) : null;

    /// <summary>Reads a choice element (value[x]): at most one of its typed names may be present, and only an allowed type.</summary>
    private ChoiceValue? Choice(FhirObject o, string prefix, params string[]? allowed)
    {
        ChoiceValue? found = null;
        foreach (var (name, node) in o.Members)
        {
            if (name.Length <= prefix.Length || !name.StartsWith(prefix, StringComparison.Ordinal) || !char.IsAsciiLetterUpper(name[prefix.Length]))
                continue;
            var type = name[prefix.Length..];
            if (allowed is not null && allowed.Length > 0 && !allowed.Contains(type))
                throw Error(node, $"{prefix}[x] cannot be of type {type} here", "allowed: " + string.Join(", ", allowed));
            if (found is not null)
                throw Error(node, $"{prefix}[x] is given twice ({found.ElementName} and {name}); a choice element has one type");
            found = Typed(name, type, node);
        }

        return found;
    }

    private ChoiceValue Typed(string name, string type, FhirNode node)
    {
        var v = new ChoiceValue(name, type, node);
        FhirObject AsObject() => node as FhirObject ?? throw Error(node, $"{name} must be a JSON object");
        string AsString() => node is FhirPrimitive { Kind: FhirPrimitiveKind.String } p ? p.Text : throw Error(node, $"{name} must be a JSON string");
        return type switch
        {
            "Quantity" or "Age" or "Duration" or "Distance" or "Count" or "SimpleQuantity" => v with { Quantity = Quantity(AsObject()) },
            "CodeableConcept" => v with { CodeableConcept = CodeableConcept(AsObject()) },
            "Coding" => v with { Coding = Coding(AsObject()) },
            "Reference" => v with { Reference = Reference(AsObject()) },
            "Period" => v with { Period = Period(AsObject()) },
            "Range" => v with { Range = new Range(Obj(AsObject(), "low") is { } lo ? Quantity(lo) : null, Obj(AsObject(), "high") is { } hi ? Quantity(hi) : null) },
            "DateTime" or "Date" or "Instant" => v with { DateTime = ParseDate(node, AsString()) },
            "Boolean" => v with { Flag = node is FhirPrimitive { Kind: FhirPrimitiveKind.True or FhirPrimitiveKind.False } b ? b.Kind == FhirPrimitiveKind.True : throw Error(node, $"{name} must be true or false") },
            "Integer" or "Decimal" or "PositiveInt" or "UnsignedInt" => v with { Number = node is FhirPrimitive { Kind: FhirPrimitiveKind.Number } n ? new FhirDecimal(n.Text) : throw Error(node, $"{name} must be a JSON number") },
            "String" or "Code" or "Uri" or "Url" or "Canonical" or "Id" or "Markdown" or "Time" or "Oid" or "Uuid" or "Base64Binary" => v with { Text = AsString() },
            _ => v,
        };
    }

    // ---- primitives with shape checks ----

    private string? Str(FhirObject o, string name)
    {
        var n = o[name];
        return n switch
        {
            null => null,
            FhirPrimitive { Kind: FhirPrimitiveKind.String } p when p.Text.Length == 0 => throw Error(n, $"{name} is an empty string (FHIR JSON forbids empty strings; omit the element)"),
            FhirPrimitive { Kind: FhirPrimitiveKind.String } p => p.Text,
            _ => throw Error(n, $"{name} must be a JSON string"),
        };
    }

    private IEnumerable<string> Strs(FhirObject o, string name)
    {
        var n = o[name];
        if (n is null)
            yield break;
        if (n is not FhirArray a)
            throw Error(n, $"{name} repeats, so it must be a JSON array");
        foreach (var item in a.Items)
            yield return item is FhirPrimitive { Kind: FhirPrimitiveKind.String } p ? p.Text : throw Error(item, $"{name} items must be JSON strings");
    }

    private string? Code(FhirObject o, string name, params string[] allowed)
    {
        var s = Str(o, name);
        if (s is not null && !allowed.Contains(s))
            throw Error(o[name]!, $"'{s}' is not a code of {name}", "allowed: " + string.Join(", ", allowed));
        return s;
    }

    private bool? Bool(FhirObject o, string name) => o[name] switch
    {
        null => null,
        FhirPrimitive { Kind: FhirPrimitiveKind.True } => true,
        FhirPrimitive { Kind: FhirPrimitiveKind.False } => false,
        var n => throw Error(n, $"{name} must be true or false"),
    };

    private FhirDecimal? Decimal(FhirObject o, string name) => o[name] switch
    {
        null => null,
        FhirPrimitive { Kind: FhirPrimitiveKind.Number } p => new FhirDecimal(p.Text),
        var n => throw Error(n, $"{name} must be a JSON number (a quoted number is not a FHIR decimal)"),
    };

    private decimal? Num(FhirObject o, string name) => Decimal(o, name)?.Value;

    private FhirDateTime? Date(FhirObject o, string name) => Str(o, name) is { } s ? ParseDate(o[name]!, s) : null;

    private FhirDateTime ParseDate(FhirNode node, string s) =>
        FhirDateTime.TryParse(s) ?? throw Error(node, $"'{s}' is not a FHIR date/dateTime (YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm:ss+zz:zz)");

    private FhirObject? Obj(FhirObject o, string name) => o[name] switch
    {
        null => null,
        FhirObject x => x,
        var n => throw Error(n, $"{name} must be a JSON object"),
    };

    private IEnumerable<FhirObject> Objs(FhirObject o, string name)
    {
        var n = o[name];
        if (n is null)
            yield break;
        if (n is not FhirArray a)
            throw Error(n, $"{name} repeats, so it must be a JSON array");
        foreach (var item in a.Items)
            yield return item as FhirObject ?? throw Error(item, $"{name} items must be JSON objects");
    }

    private InputException Error(FhirNode at, string reason, string? hint = null) => new(new InputError(_file, null, null, at.Path, reason, hint));
}

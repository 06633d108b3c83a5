namespace Precis.Clinical.Fhir;

/// <summary>
/// A FHIR resource read from JSON. Typed properties expose what Precis uses; <see cref="Node"/> is the lossless
/// tree (every element, including ones this model does not know), which is what is written back.
/// </summary>
public abstract record FhirResource
{
    public required string ResourceType { get; init; }

    public string? Id { get; init; }

    /// <summary>meta.lastUpdated, when given.</summary>
    public FhirDateTime? LastUpdated { get; init; }

    /// <summary>The resource's JSON, member order and number text as read.</summary>
    public required FhirObject Node { get; init; }

    /// <summary>Top-level elements that are not R4 elements of this resource type: kept and written back, listed for review.</summary>
    public IReadOnlyList<string> UnknownElements { get; init; } = [];
}

/// <summary>A resource type this model does not type (Encounter, Claim…): kept whole so bundles round-trip.</summary>
public sealed record OtherResource : FhirResource;

/// <summary>FHIR R4 Patient.</summary>
public sealed record Patient : FhirResource
{
    public IReadOnlyList<Identifier> Identifiers { get; init; } = [];

    public IReadOnlyList<HumanName> Names { get; init; } = [];

    /// <summary>Administrative gender: male, female, other, unknown.</summary>
    public string? Gender { get; init; }

    public FhirDateTime? BirthDate { get; init; }

    /// <summary>Extensions on birthDate (e.g. patient-birthTime), from "_birthDate".</summary>
    public PrimitiveExtensions? BirthDateExtensions { get; init; }

    /// <summary>deceased[x]: boolean or dateTime.</summary>
    public ChoiceValue? Deceased { get; init; }

    public IReadOnlyList<Extension> Extensions { get; init; } = [];
}

/// <summary>One component of an Observation (e.g. the systolic value of a blood-pressure panel).</summary>
public sealed record ObservationComponent(CodeableConcept? Code, ChoiceValue? Value, CodeableConcept? DataAbsentReason, string Path);

/// <summary>FHIR R4 Observation.</summary>
public sealed record Observation : FhirResource
{
    public string? Status { get; init; }

    public IReadOnlyList<CodeableConcept> Categories { get; init; } = [];

    public CodeableConcept? Code { get; init; }

    public Reference? Subject { get; init; }

    /// <summary>effective[x]: dateTime, Period, Timing or instant.</summary>
    public ChoiceValue? Effective { get; init; }

    public FhirDateTime? Issued { get; init; }

    /// <summary>value[x]: Quantity, CodeableConcept, string, boolean, integer, Range, Ratio, SampledData, time, dateTime, Period.</summary>
    public ChoiceValue? Value { get; init; }

    public CodeableConcept? DataAbsentReason { get; init; }

    public IReadOnlyList<ObservationComponent> Components { get; init; } = [];

    public IReadOnlyList<Reference> HasMember { get; init; } = [];

    public IReadOnlyList<Reference> DerivedFrom { get; init; } = [];

    /// <summary>The effective time (dateTime, instant or period start), else issued.</summary>
    public FhirDateTime? When => Effective?.DateTime ?? Effective?.Period?.Start ?? Issued;
}

/// <summary>FHIR R4 Condition.</summary>
public sealed record Condition : FhirResource
{
    public CodeableConcept? ClinicalStatus { get; init; }

    public CodeableConcept? VerificationStatus { get; init; }

    public IReadOnlyList<CodeableConcept> Categories { get; init; } = [];

    public CodeableConcept? Code { get; init; }

    public Reference? Subject { get; init; }

    /// <summary>onset[x]: dateTime, Age, Period, Range or string.</summary>
    public ChoiceValue? Onset { get; init; }

    /// <summary>abatement[x]: dateTime, Age, Period, Range or string.</summary>
    public ChoiceValue? Abatement { get; init; }

    public FhirDateTime? RecordedDate { get; init; }
}

/// <summary>FHIR R4 MedicationRequest.</summary>
public sealed record MedicationRequest : FhirResource
{
    public string? Status { get; init; }

    public string? Intent { get; init; }

    /// <summary>medication[x]: CodeableConcept or Reference.</summary>
    public ChoiceValue? Medication { get; init; }

    public Reference? Subject { get; init; }

    public FhirDateTime? AuthoredOn { get; init; }

    public IReadOnlyList<CodeableConcept> ReasonCodes { get; init; } = [];
}

/// <summary>FHIR R4 MedicationStatement.</summary>
public sealed record MedicationStatement : FhirResource
{
    public string? Status { get; init; }

    public ChoiceValue? Medication { get; init; }

    public Reference? Subject { get; init; }

    /// <summary>effective[x]: dateTime or Period.</summary>
    public ChoiceValue? Effective { get; init; }

    public FhirDateTime? DateAsserted { get; init; }
}

/// <summary>One reaction recorded with an allergy.</summary>
public sealed record AllergyReaction(CodeableConcept? Substance, IReadOnlyList<CodeableConcept> Manifestations, string? Severity);

/// <summary>FHIR R4 AllergyIntolerance.</summary>
public sealed record AllergyIntolerance : FhirResource
{
    public CodeableConcept? ClinicalStatus { get; init; }

    public CodeableConcept? VerificationStatus { get; init; }

    /// <summary>allergy or intolerance.</summary>
    public string? Type { get; init; }

    /// <summary>food, medication, environment, biologic.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    public string? Criticality { get; init; }

    public CodeableConcept? Code { get; init; }

    public Reference? Patient { get; init; }

    public ChoiceValue? Onset { get; init; }

    public FhirDateTime? RecordedDate { get; init; }

    public IReadOnlyList<AllergyReaction> Reactions { get; init; } = [];
}

/// <summary>A condition of a family member.</summary>
public sealed record FamilyMemberCondition(CodeableConcept? Code, CodeableConcept? Outcome, bool? ContributedToDeath, ChoiceValue? Onset);

/// <summary>FHIR R4 FamilyMemberHistory.</summary>
public sealed record FamilyMemberHistory : FhirResource
{
    public string? Status { get; init; }

    public Reference? Patient { get; init; }

    public CodeableConcept? Relationship { get; init; }

    public CodeableConcept? Sex { get; init; }

    /// <summary>deceased[x]: boolean, Age, Range, date or string.</summary>
    public ChoiceValue? Deceased { get; init; }

    public IReadOnlyList<FamilyMemberCondition> Conditions { get; init; } = [];
}

/// <summary>FHIR R4 DiagnosticReport.</summary>
public sealed record DiagnosticReport : FhirResource
{
    public string? Status { get; init; }

    public IReadOnlyList<CodeableConcept> Categories { get; init; } = [];

    public CodeableConcept? Code { get; init; }

    public Reference? Subject { get; init; }

    public ChoiceValue? Effective { get; init; }

    public FhirDateTime? Issued { get; init; }

    public IReadOnlyList<Reference> Results { get; init; } = [];

    public string? Conclusion { get; init; }
}

/// <summary>A Consent provision: permit or deny, for some actions, actors, purposes and data classes, possibly nested.</summary>
/// <param name="Type">"permit" or "deny"; null on a root provision that leaves it to the policy rule.</param>
/// <param name="Period">When the provision applies.</param>
/// <param name="Actions">Actions it covers (consentaction: access, use, disclose, collect, correct).</param>
/// <param name="Classes">Data classes (resource types, profiles) it covers.</param>
/// <param name="Codes">Data codes it covers (e.g. v2-0074 GE for genetics).</param>
/// <param name="Provisions">Nested exceptions.</param>
/// <param name="Actors">Who it covers: a role and a reference (e.g. Organization/f001).</param>
/// <param name="Purposes">Purposes of use it covers (v3-ActReason, e.g. HRESCH research, TREAT treatment).</param>
public sealed record ConsentProvision(string? Type, Period? Period, IReadOnlyList<CodeableConcept> Actions, IReadOnlyList<Coding> Classes, IReadOnlyList<CodeableConcept> Codes, IReadOnlyList<ConsentProvision> Provisions,
    IReadOnlyList<ConsentActor> Actors, IReadOnlyList<Coding> Purposes);

/// <summary>An actor a Consent provision names: the role it plays and who it is.</summary>
public sealed record ConsentActor(CodeableConcept? Role, Reference? Reference);

/// <summary>FHIR R4 Consent.</summary>
public sealed record Consent : FhirResource
{
    public string? Status { get; init; }

    public CodeableConcept? Scope { get; init; }

    public IReadOnlyList<CodeableConcept> Categories { get; init; } = [];

    public Reference? Patient { get; init; }

    public FhirDateTime? DateTime { get; init; }

    /// <summary>The policy the consent is made under (v3-ActCode OPTIN / OPTOUT…), if given.</summary>
    public CodeableConcept? PolicyRule { get; init; }

    public ConsentProvision? Provision { get; init; }
}

/// <summary>Who took part in producing a resource.</summary>
public sealed record ProvenanceAgent(CodeableConcept? Type, Reference? Who, Reference? OnBehalfOf);

/// <summary>FHIR R4 Provenance.</summary>
public sealed record Provenance : FhirResource
{
    public IReadOnlyList<Reference> Targets { get; init; } = [];

    public FhirDateTime? Recorded { get; init; }

    public IReadOnlyList<ProvenanceAgent> Agents { get; init; } = [];
}

/// <summary>The request part of a transaction or batch entry.</summary>
public sealed record BundleRequest(string Method, string Url);

/// <summary>One entry of a Bundle.</summary>
/// <param name="FullUrl">Absolute URL or urn:uuid of the resource.</param>
/// <param name="Resource">The resource, when the entry has one (a DELETE has none).</param>
/// <param name="Request">For transaction and batch bundles.</param>
/// <param name="SearchMode">For searchset bundles: match, include or outcome.</param>
/// <param name="Path">JSON path of the entry.</param>
public sealed record BundleEntry(string? FullUrl, FhirResource? Resource, BundleRequest? Request, string? SearchMode, string Path);

/// <summary>FHIR R4 Bundle.</summary>
public sealed record Bundle : FhirResource
{
    /// <summary>document, message, transaction, transaction-response, batch, batch-response, history, searchset, collection.</summary>
    public required string Type { get; init; }

    public FhirDateTime? Timestamp { get; init; }

    public int? Total { get; init; }

    public IReadOnlyList<BundleEntry> Entries { get; init; } = [];

    /// <summary>The resources of one type, in entry order.</summary>
    public IEnumerable<T> Resources<T>()
        where T : FhirResource => Entries.Select(e => e.Resource).OfType<T>();
}

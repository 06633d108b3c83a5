using Precis.Clinical.Fhir;

namespace Precis.Clinical.Phenopackets;

/// <summary>Members of a JSON object that the model does not type, kept so an export writes them back unchanged.</summary>
public abstract record PhenopacketElement
{
    /// <summary>Unmodelled members in document order.</summary>
    public IReadOnlyList<KeyValuePair<string, FhirNode>> Extra { get; init; } = [];

    /// <summary>Compares the kept members by name and JSON content, so elements read from equal JSON are equal.</summary>
    public virtual bool Equals(PhenopacketElement? other) =>
        other is not null && other.GetType() == GetType() && Extra.Count == other.Extra.Count
        && Extra.Zip(other.Extra).All(p => p.First.Key == p.Second.Key && FhirJson.Serialize(p.First.Value) == FhirJson.Serialize(p.Second.Value));

    public override int GetHashCode() => Extra.Count;
}

/// <summary>A term from an ontology: a CURIE id ("HP:0001250") and its label.</summary>
public sealed record OntologyClass(string Id, string? Label) : PhenopacketElement;

/// <summary>A JSON scalar kept as written: protobuf JSON writes int64 either quoted or bare ("pos": "123" or 123).</summary>
/// <param name="Text">The value's text.</param>
/// <param name="Quoted">True when it was a JSON string.</param>
public sealed record Scalar(string Text, bool Quoted)
{
    public override string ToString() => Text;
}

/// <summary>Gestational age in weeks and days.</summary>
public sealed record GestationalAge(Scalar? Weeks, Scalar? Days) : PhenopacketElement;

/// <summary>A time element (oneof): an age as an ISO 8601 duration, an ontology class, a timestamp or a gestational age.</summary>
public sealed record TimeElement : PhenopacketElement
{
    /// <summary>age.iso8601duration, e.g. "P3Y6M".</summary>
    public string? Age { get; init; }

    public OntologyClass? OntologyClass { get; init; }

    public string? Timestamp { get; init; }

    public GestationalAge? GestationalAge { get; init; }
}

/// <summary>Vital status of the subject.</summary>
public sealed record VitalStatus(string Status, TimeElement? TimeOfDeath, OntologyClass? CauseOfDeath) : PhenopacketElement;

/// <summary>The individual the phenopacket describes.</summary>
public sealed record Individual : PhenopacketElement
{
    public required string Id { get; init; }

    public IReadOnlyList<string> AlternateIds { get; init; } = [];

    public string? DateOfBirth { get; init; }

    public TimeElement? TimeAtLastEncounter { get; init; }

    public VitalStatus? VitalStatus { get; init; }

    /// <summary>UNKNOWN_SEX, FEMALE, MALE, OTHER_SEX.</summary>
    public string? Sex { get; init; }

    public string? KaryotypicSex { get; init; }

    public OntologyClass? Taxonomy { get; init; }
}

/// <summary>A phenotypic feature, observed or explicitly excluded.</summary>
public sealed record PhenotypicFeature : PhenopacketElement
{
    public required OntologyClass Type { get; init; }

    /// <summary>True when the feature was looked for and is absent.</summary>
    public bool? Excluded { get; init; }

    public OntologyClass? Severity { get; init; }

    public IReadOnlyList<OntologyClass> Modifiers { get; init; } = [];

    public TimeElement? Onset { get; init; }

    public TimeElement? Resolution { get; init; }

    public string? Description { get; init; }
}

/// <summary>A quantity with its unit and reference range.</summary>
public sealed record PhenoQuantity(OntologyClass Unit, Scalar Value, ReferenceRange? ReferenceRange) : PhenopacketElement;

/// <summary>A reference range with its unit.</summary>
public sealed record ReferenceRange(OntologyClass Unit, Scalar Low, Scalar High) : PhenopacketElement;

/// <summary>A measurement: an assay and its value (a quantity or an ontology class).</summary>
public sealed record PhenoMeasurement : PhenopacketElement
{
    public required OntologyClass Assay { get; init; }

    public PhenoQuantity? Quantity { get; init; }

    public OntologyClass? ValueOntologyClass { get; init; }

    /// <summary>Members of "value" other than quantity/ontologyClass.</summary>
    public IReadOnlyList<KeyValuePair<string, FhirNode>> ValueExtra { get; init; } = [];

    public TimeElement? TimeObserved { get; init; }

    public string? Description { get; init; }
}

/// <summary>A disease diagnosis.</summary>
public sealed record PhenoDisease : PhenopacketElement
{
    public required OntologyClass Term { get; init; }

    public bool? Excluded { get; init; }

    public TimeElement? Onset { get; init; }

    public TimeElement? Resolution { get; init; }
}

/// <summary>An HGVS or other expression of a variant.</summary>
public sealed record Expression(string Syntax, string Value) : PhenopacketElement;

/// <summary>A VCF-style record of a variant.</summary>
public sealed record VcfRecord(string? GenomeAssembly, string? Chrom, Scalar? Pos, string? Ref, string? Alt) : PhenopacketElement;

/// <summary>A gene, by HGNC id and symbol.</summary>
public sealed record GeneDescriptor(string ValueId, string Symbol) : PhenopacketElement;

/// <summary>The description of a variant (VRSATILE VariationDescriptor).</summary>
public sealed record VariationDescriptor : PhenopacketElement
{
    /// <summary>Required by VRSATILE, but the schema's own example (mcahs1) omits it, so it is read leniently.</summary>
    public string? Id { get; init; }

    public string? Label { get; init; }

    public GeneDescriptor? GeneContext { get; init; }

    public IReadOnlyList<Expression> Expressions { get; init; } = [];

    public VcfRecord? VcfRecord { get; init; }

    public OntologyClass? StructuralType { get; init; }

    public string? MoleculeContext { get; init; }

    /// <summary>Zygosity as a GENO term (heterozygous GENO:0000135, homozygous GENO:0000136, hemizygous GENO:0000134).</summary>
    public OntologyClass? AllelicState { get; init; }
}

/// <summary>A variant's interpretation: ACMG class, actionability and its description.</summary>
public sealed record VariantInterpretation(string? AcmgPathogenicityClassification, string? TherapeuticActionability, VariationDescriptor VariationDescriptor) : PhenopacketElement;

/// <summary>How a variant (or gene) relates to the diagnosis.</summary>
public sealed record GenomicInterpretation(string SubjectOrBiosampleId, string InterpretationStatus, VariantInterpretation? VariantInterpretation) : PhenopacketElement;

/// <summary>A diagnosis with the genomic interpretations supporting it.</summary>
public sealed record Diagnosis(OntologyClass Disease, IReadOnlyList<GenomicInterpretation> GenomicInterpretations) : PhenopacketElement;

/// <summary>An interpretation of the case: its status and diagnosis.</summary>
public sealed record Interpretation(string Id, string? ProgressStatus, Diagnosis? Diagnosis) : PhenopacketElement;

/// <summary>An ontology or other resource the phenopacket uses.</summary>
public sealed record PhenoResource(string Id, string? Name, string? Url, string? Version, string? NamespacePrefix, string? IriPrefix) : PhenopacketElement;

/// <summary>A reference to a publication or other source.</summary>
public sealed record ExternalReference(string? Id, string? Reference, string? Description) : PhenopacketElement;

/// <summary>Who made the phenopacket, when, with which schema version and resources.</summary>
public sealed record MetaData : PhenopacketElement
{
    public string? Created { get; init; }

    public string? CreatedBy { get; init; }

    public string? SubmittedBy { get; init; }

    public IReadOnlyList<PhenoResource> Resources { get; init; } = [];

    /// <summary>As written: "2.0", "2.0.2", "2"…; read leniently (any 2.x).</summary>
    public string? PhenopacketSchemaVersion { get; init; }

    public IReadOnlyList<ExternalReference> ExternalReferences { get; init; } = [];
}

/// <summary>A GA4GH Phenopacket v2: one individual's phenotypes, measurements, diseases and genomic interpretations.</summary>
public sealed record Phenopacket : PhenopacketElement
{
    public required string Id { get; init; }

    public Individual? Subject { get; init; }

    public IReadOnlyList<PhenotypicFeature> PhenotypicFeatures { get; init; } = [];

    public IReadOnlyList<PhenoMeasurement> Measurements { get; init; } = [];

    public IReadOnlyList<PhenoDisease> Diseases { get; init; } = [];

    public IReadOnlyList<Interpretation> Interpretations { get; init; } = [];

    public required MetaData MetaData { get; init; }

    /// <summary>Top-level members this model keeps but does not type (biosamples, medicalActions, files…).</summary>
    public IReadOnlyList<string> UntypedElements => [.. Extra.Select(e => e.Key)];
}

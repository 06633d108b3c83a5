using Precis.Core;

namespace Precis.Oncology.Knowledge;

/// <summary>What kind of clinical statement an evidence item makes (CIViC's evidence types).</summary>
public enum EvidenceType
{
    Predictive,
    Prognostic,
    Diagnostic,
    Predisposing,
    Oncogenic,
    Functional,
}

/// <summary>Whether the evidence supports or refutes its significance.</summary>
public enum EvidenceDirection
{
    Supports,
    DoesNotSupport,
}

/// <summary>The clinical significance of an evidence item (sensitivity, resistance, outcome, diagnosis).</summary>
public enum EvidenceSignificance
{
    Sensitivity,
    Resistance,
    ReducedSensitivity,
    AdverseResponse,
    BetterOutcome,
    PoorOutcome,
    Positive,
    Negative,
    Other,
}

/// <summary>A disease as a knowledge source names it, with the codes used to compare it with the tumour type.</summary>
/// <param name="Name">Name as written by the source.</param>
/// <param name="OncoTree">OncoTree code, "_SOLID_" for any solid tumour, "_ALL_" for any cancer, or null.</param>
/// <param name="Doid">Disease Ontology id (without "DOID:"), or null.</param>
public sealed record Disease(string Name, string? OncoTree, string? Doid)
{
    /// <summary>OncoTree codes the indication leaves out (e.g. colorectal from a tissue-agnostic BRAF V600E label).</summary>
    public IReadOnlyList<string> Excludes { get; init; } = [];
}

/// <summary>
/// One biomarker → significance statement from a knowledge source: the biomarker, disease, evidence type,
/// direction, significance, therapies, the source's level and the AMP/ASCO/CAP evidence level it gives.
/// </summary>
public sealed record EvidenceItem
{
    /// <summary>Id within its source, e.g. "PRC-0001", "EID3017", "CGI-412".</summary>
    public required string Id { get; init; }

    /// <summary>The knowledge base (id and version) this item comes from.</summary>
    public required string KnowledgeBaseId { get; init; }

    public required string KnowledgeBaseVersion { get; init; }

    /// <summary>The biomarker as the source wrote it.</summary>
    public required string BiomarkerText { get; init; }

    public required BiomarkerExpression Biomarker { get; init; }

    public required Disease Disease { get; init; }

    public required EvidenceType Type { get; init; }

    public EvidenceDirection Direction { get; init; } = EvidenceDirection.Supports;

    public required EvidenceSignificance Significance { get; init; }

    /// <summary>Therapies in the regimen (empty for prognostic/diagnostic items).</summary>
    public IReadOnlyList<string> Therapies { get; init; } = [];

    /// <summary>How the therapies combine: combination, substitutes, sequential (null for one therapy).</summary>
    public string? TherapyInteraction { get; init; }

    /// <summary>The source's own level as it writes it ("A", "FDA guidelines", "Early trials").</summary>
    public required string SourceLevel { get; init; }

    /// <summary>AMP/ASCO/CAP level of evidence A–D in the item's own disease (Li et al. 2017).</summary>
    public required char AmpLevel { get; init; }

    /// <summary>True when the item transcribes an FDA-approved indication with this biomarker.</summary>
    public bool FdaApproved { get; init; }

    /// <summary>One line in our words, for reports.</summary>
    public string? Summary { get; init; }

    public required IReadOnlyList<Citation> Citations { get; init; }

    /// <summary>The therapies as one label ("dabrafenib + trametinib").</summary>
    public string TherapyLabel => Therapies.Count == 0 ? "" : string.Join(TherapyInteraction is "substitutes" ? " or " : " + ", Therapies);
}

namespace Precis.Core;

/// <summary>A grading scheme for evidence; levels are only comparable within one scheme.</summary>
public enum EvidenceScheme
{
    /// <summary>CPIC level of evidence and recommendation strength (A/B/C/D; strong/moderate/optional).</summary>
    Cpic,
    /// <summary>Dutch Pharmacogenetics Working Group.</summary>
    Dpwg,
    /// <summary>AMP/ASCO/CAP somatic variant tiers I–IV.</summary>
    AmpAscoCap,
    /// <summary>OncoKB-style therapeutic levels (1, 2, 3A, 3B, 4, R1, R2); levels only, no OncoKB content.</summary>
    OncoKbStyle,
    /// <summary>ESMO Scale for Clinical Actionability of molecular Targets.</summary>
    Escat,
    /// <summary>CIViC evidence levels A–E.</summary>
    Civic,
    /// <summary>A published and validated prediction model or risk equation.</summary>
    ValidatedModel,
    /// <summary>A clinical practice guideline outside the schemes above (e.g. ACC/AHA, ADA).</summary>
    ClinicalGuideline,
    /// <summary>Data from the patient only (e.g. a monitoring trend), no external evidence grading.</summary>
    PatientData,
}

/// <summary>An evidence level in a named scheme, e.g. CPIC "A" or AMP/ASCO/CAP "Tier I".</summary>
/// <param name="Scheme">The grading scheme the level belongs to.</param>
/// <param name="Level">The level as the scheme writes it ("A", "Tier I", "3A").</param>
/// <param name="Description">What the level means, in the scheme's terms.</param>
public sealed record EvidenceLevel(EvidenceScheme Scheme, string Level, string? Description = null)
{
    public override string ToString() => $"{Scheme} {Level}";
}

/// <summary>How strongly a source recommends an action, in the source's own vocabulary mapped to four steps.</summary>
public enum RecommendationStrength
{
    /// <summary>The source gives no strength (e.g. informational statements).</summary>
    NotGraded,
    /// <summary>Optional / weak.</summary>
    Optional,
    /// <summary>Moderate.</summary>
    Moderate,
    /// <summary>Strong.</summary>
    Strong,
}

/// <summary>A reference to the published source of a statement.</summary>
/// <param name="Id">A stable identifier: PMID, DOI, guideline id or URL-derived key.</param>
/// <param name="Title">Human-readable title.</param>
/// <param name="Url">Where to read it.</param>
/// <param name="Publisher">Who publishes it (CPIC, DPWG, CIViC, FDA...).</param>
/// <param name="Year">Publication or last-update year, when known.</param>
public sealed record Citation(string Id, string Title, Uri? Url = null, string? Publisher = null, int? Year = null);

/// <summary>The knowledge-base entry a recommendation or finding rests on.</summary>
/// <param name="KnowledgeBaseId">Id of the knowledge base (e.g. "precis-pgx").</param>
/// <param name="KnowledgeBaseVersion">Its version string.</param>
/// <param name="EntryId">The entry within it.</param>
/// <param name="Guideline">The guideline or source document the entry transcribes.</param>
public sealed record SourceReference(string KnowledgeBaseId, string KnowledgeBaseVersion, string EntryId, string? Guideline = null);

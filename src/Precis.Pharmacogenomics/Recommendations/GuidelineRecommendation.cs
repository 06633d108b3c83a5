namespace Precis.Pharmacogenomics.Recommendations;

/// <summary>One recommendation of a CPIC or DPWG guideline, keyed by the patient's gene results.</summary>
public sealed record GuidelineRecommendation
{
    /// <summary>Stable id: the source's recommendation id (ClinPGx PA…).</summary>
    public required string Id { get; init; }

    /// <summary>CPIC or DPWG.</summary>
    public required string Source { get; init; }

    public required string GuidelineId { get; init; }

    public required string GuidelineName { get; init; }

    public required string GuidelineUrl { get; init; }

    /// <summary>Drugs (lower-case generic names) the recommendation applies to.</summary>
    public required IReadOnlyList<string> Drugs { get; init; }

    /// <summary>Gene → lookup value (phenotype, activity score, or allele status such as "*57:01 positive").</summary>
    public required IReadOnlyDictionary<string, string> Lookup { get; init; }

    /// <summary>Population the recommendation applies to ("general", "adults", "CVI ACS PCI"...).</summary>
    public string? Population { get; init; }

    /// <summary>Strength as the source writes it: Strong, Moderate, Optional, No recommendation, N/A.</summary>
    public required string Strength { get; init; }

    /// <summary>Implications per gene as the source writes them.</summary>
    public IReadOnlyList<string> Implications { get; init; } = [];

    /// <summary>The source's recommendation text, HTML stripped (CPIC: CC0; DPWG: CC BY-SA 4.0, attributed).</summary>
    public required string SourceText { get; init; }

    /// <summary>Our short summary of the recommendation.</summary>
    public required string Summary { get; init; }

    /// <summary>avoid, use-alternative, adjust-dose, use-as-directed, no-recommendation.</summary>
    public required string Action { get; init; }

    /// <summary>Other drugs the text names as alternatives.</summary>
    public IReadOnlyList<string> Alternatives { get; init; } = [];

    /// <summary>Citation ids (of the knowledge base header) this recommendation rests on.</summary>
    public IReadOnlyList<string> Citations { get; init; } = [];
}

/// <summary>A drug with its RxNorm ingredient code and the guidelines that cover it.</summary>
/// <param name="Name">Lower-case generic name.</param>
/// <param name="RxNorm">RxNorm ingredient (IN) code, when known.</param>
/// <param name="Guidelines">Guideline ids (of <see cref="GuidelineRecommendation.GuidelineId"/>) covering the drug.</param>
/// <param name="Genes">Genes the guidelines use for this drug.</param>
/// <param name="Citations">Citation ids of the knowledge base header.</param>
public sealed record DrugEntry(string Name, string? RxNorm, IReadOnlyList<string> Guidelines, IReadOnlyList<string> Genes, IReadOnlyList<string> Citations);

namespace Precis.Pharmacogenomics.Phenotypes;

/// <summary>What one allele does: its CPIC function, activity value (for activity-score genes) and lookup key.</summary>
/// <param name="Allele">Allele name as in the definitions.</param>
/// <param name="Function">CPIC function term, e.g. "No function".</param>
/// <param name="ActivityValue">Activity value as written ("0.5"), for CYP2C9, CYP2D6, DPYD; otherwise null.</param>
/// <param name="LookupKey">The key phenotype rules use: the activity value where there is one, else the function.</param>
public sealed record AlleleFunction(string Allele, string Function, string? ActivityValue, string LookupKey);

/// <summary>A function-pair rule: two allele lookup keys (one for hemizygous) → phenotype and activity score.</summary>
/// <param name="Keys">The allele lookup keys, sorted ordinally; one key for a hemizygous (haploid) call.</param>
/// <param name="Phenotype">Gene result, e.g. "Poor Metabolizer".</param>
/// <param name="ActivityScore">Activity score as written ("1.5"), or null for function-based genes.</param>
/// <param name="LookupKey">What recommendations are keyed on: the activity score or the phenotype.</param>
public sealed record PhenotypeRule(IReadOnlyList<string> Keys, string Phenotype, string? ActivityScore, string LookupKey);

/// <summary>A gene's allele functions and the rules that turn a diplotype into a phenotype.</summary>
public sealed record GenePhenotypes
{
    public required string Gene { get; init; }

    /// <summary>Version of the source phenotype data (CPIC release as bundled by PharmCAT).</summary>
    public required string Version { get; init; }

    public required IReadOnlyList<AlleleFunction> Functions { get; init; }

    public required IReadOnlyList<PhenotypeRule> Rules { get; init; }

    /// <summary>True when phenotypes come from activity scores (CYP2C9, CYP2D6, DPYD).</summary>
    public bool UsesActivityScore => Functions.Any(f => f.ActivityValue is not null);
}

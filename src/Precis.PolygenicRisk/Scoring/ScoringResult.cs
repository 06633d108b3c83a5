using Precis.PolygenicRisk.Matching;
using Precis.PolygenicRisk.ScoringFiles;

namespace Precis.PolygenicRisk.Scoring;

/// <summary>One sample's value of one score, with plink2's columns.</summary>
/// <param name="Sample">Sample name from the VCF header.</param>
/// <param name="Sum">Σ weight × dosage (plink2 SCORE_SUM).</param>
/// <param name="Denominator">Allele copies the score covers for this sample (plink2 DENOM): 2 per diploid variant, 1 per haploid.</param>
/// <param name="AlleleCount">Allele copies actually observed (plink2 ALLELE_CT); lower than DENOM when calls are missing.</param>
/// <param name="NamedAlleleDosageSum">Σ effect-allele dosage over observed calls (plink2 NAMED_ALLELE_DOSAGE_SUM).</param>
/// <param name="MissingVariants">Matched variants with no call for this sample (imputed or dropped, as the policy says).</param>
public sealed record SampleScore(string Sample, double Sum, int Denominator, int AlleleCount, double NamedAlleleDosageSum, int MissingVariants)
{
    /// <summary>SUM / DENOM (plink2 SCORE_AVG); NaN when DENOM is 0.</summary>
    public double Average => Denominator == 0 ? double.NaN : Sum / Denominator;
}

/// <summary>The result of one score: its match report and, when it passed, every sample's value.</summary>
/// <param name="Definition">The score.</param>
/// <param name="Report">The match report.</param>
/// <param name="Variants">The outcome of every row (matched, excluded with reason, unmatched).</param>
/// <param name="Samples">Per-sample values; empty when the score was refused.</param>
/// <param name="RefusedReason">Why no values are reported (overlap below the minimum), or null.</param>
public sealed record ScoreResult(
    PolygenicScoreDefinition Definition,
    MatchReport Report,
    IReadOnlyList<VariantMatch> Variants,
    IReadOnlyList<SampleScore> Samples,
    string? RefusedReason)
{
    /// <summary>True when values are reported.</summary>
    public bool IsScored => RefusedReason is null;
}

/// <summary>Everything a scoring run produced, with the settings that shaped it.</summary>
/// <param name="Input">The genotype file.</param>
/// <param name="SampleNames">Samples in VCF order.</param>
/// <param name="Scores">One result per score, in input order.</param>
/// <param name="Options">The options used.</param>
/// <param name="Notes">Statements the reader needs (imputation used, fallbacks, gVCF handling).</param>
public sealed record ScoringResult(
    string Input,
    IReadOnlyList<string> SampleNames,
    IReadOnlyList<ScoreResult> Scores,
    ScoringOptions Options,
    IReadOnlyList<string> Notes)
{
    /// <summary>A one-line statement of the settings, printed with every output.</summary>
    public string SettingsStatement =>
        $"missing genotypes: {Describe(Options.Missing)}; ploidy: {(Options.Ploidy == PloidyModel.FromGenotype ? "from GT (a haploid call, e.g. a male's X, counts once)" : "always diploid (haploid calls doubled, as plink2 --xchr-model 2)")}; " +
        $"dosage: {(Options.UseDosageField ? "FORMAT/DS where present, else GT" : "GT")}; minimum overlap {Options.Match.MinOverlap:0.###}; " +
        $"strand-ambiguous {(Options.Match.KeepAmbiguous ? "kept" : "excluded")}; multi-allelic {(Options.Match.KeepMultiallelic ? "kept" : "excluded")}; strand flips {(Options.Match.IgnoreStrandFlips ? "excluded" : "matched")}";

    private static string Describe(MissingGenotypePolicy p) => p switch
    {
        MissingGenotypePolicy.MeanImputation => "mean-imputed from the cohort's effect-allele frequency",
        MissingGenotypePolicy.ReferenceFrequency => "mean-imputed from the scoring file's allelefrequency_effect (cohort frequency where absent)",
        _ => "dropped (no contribution, not in DENOM)",
    };
}

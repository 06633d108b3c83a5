using System.Globalization;
using Precis.PolygenicRisk.Knowledge;
using Precis.PolygenicRisk.Scoring;

namespace Precis.PolygenicRisk.Context;

/// <summary>A sample's score placed in one reference population, or the reason it is not.</summary>
/// <param name="Sample">Sample id.</param>
/// <param name="ScoreId">Score id.</param>
/// <param name="ReferenceId">Reference entry id (score and variant set).</param>
/// <param name="Population">Reference population label.</param>
/// <param name="ReferenceCount">Reference samples in that population.</param>
/// <param name="Sum">The sample's SUM.</param>
/// <param name="Percentile">Percent of the reference scoring lower (ties half), or null when not assessed.</param>
/// <param name="ZScore">(SUM − reference mean) / reference sd, or null when not assessed.</param>
/// <param name="NotAssessed">Why no percentile is given (the comparison would not be like for like), or null.</param>
/// <param name="RelativeToMean">The published ratio per SD raised to <paramref name="ZScore"/>, or why not (null only when not computed).</param>
public sealed record ContextValue(string Sample, string ScoreId, string ReferenceId, string Population, int ReferenceCount, double Sum,
    double? Percentile, double? ZScore, string? NotAssessed, RelativeToMean? RelativeToMean = null);

/// <summary>
/// Places scored samples in shipped reference distributions. A percentile is only given when the comparison is like
/// for like: the score was computed with exactly the reference's variants and weights, every one of them matched the
/// sample's genotypes, and no call was missing. Otherwise the row says why not.
/// </summary>
public static class ReferenceComparison
{
    /// <summary>
    /// TSV header of <see cref="WriteTsv"/>. The last five columns (appended) are the ratio versus the reference mean:
    /// measure (OR/HR), the published ratio per SD, ratio^Z, the source of the ratio per SD, and why no ratio is given.
    /// </summary>
    public const string TsvHeader = "IID\tPGS\tSUM\tREFERENCE\tPOPULATION\tREFERENCE_N\tPERCENTILE\tZ\tNOT_ASSESSED"
        + "\tPER_SD_MEASURE\tPER_SD_RATIO\tRATIO_VS_REFERENCE_MEAN\tPER_SD_SOURCE\tRATIO_NOT_ASSESSED";

    /// <summary>Every (sample, score, population) for the scores that have a reference; <paramref name="population"/> keeps one population.</summary>
    public static IReadOnlyList<ContextValue> Compare(ScoringResult result, IReadOnlyList<ShippedReference> references, string? population = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(references);
        var rows = new List<ContextValue>();
        foreach (var score in result.Scores)
        {
            foreach (var reference in references.Where(r => r.Score.Definition.Id == score.Definition.Id))
            {
                var sameSet = SameVariants(reference, score);
                foreach (var pop in reference.Populations.Where(p => population is null || p.Population == population))
                {
                    foreach (var sample in score.Samples)
                    {
                        var reason = sameSet ?? Coverage(reference, score, sample);
                        double? z = reason is null ? pop.Distribution.ZScore(sample.Sum) : null;
                        rows.Add(new ContextValue(sample.Sample, score.Definition.Id, reference.Id, pop.Population, pop.Distribution.Count, sample.Sum,
                            reason is null ? pop.Distribution.Percentile(sample.Sum) : null, z, reason, Relative(reference, score, z, reason)));
                    }
                }
            }
        }

        return rows;
    }

    /// <summary>Null when the scored definition has exactly the reference's variants and weights; else the difference.</summary>
    public static string? SameVariants(ShippedReference reference, ScoreResult score)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(score);
        static HashSet<(string?, long?, string, string?, double)> Set(IEnumerable<ScoringFiles.ScoreVariant> v) =>
            [.. v.Select(x => (x.Chromosome, x.Position, x.EffectAllele, x.OtherAllele, x.Weight))];
        var a = Set(reference.Score.Definition.Variants);
        var b = Set(score.Definition.Variants);
        return a.SetEquals(b) ? null
            : string.Create(CultureInfo.InvariantCulture, $"the reference {reference.Id} was computed on {a.Count} variants and the score given has {b.Count} ({a.Intersect(b).Count()} in common): score with the reference's variant set for a like-for-like percentile");
    }

    // The ratio per SD belongs to the published score: a reference on a subset of its variants is another score,
    // whose SD and effect per SD are not the published ones.
    private static RelativeToMean Relative(ShippedReference reference, ScoreResult score, double? z, string? reason)
    {
        var metadata = RelativeRisk.PublishedEffect(score.Definition.Metadata) is not null ? score.Definition.Metadata : reference.Score.Definition.Metadata;
        var relative = RelativeRisk.Compute(metadata, z, reason);
        var n = reference.Score.Definition.Variants.Count;
        if (relative.Effect is not null && metadata.DeclaredVariants is { } declared && declared != n)
        {
            return relative with
            {
                Ratio = null,
                NotAssessed = string.Create(CultureInfo.InvariantCulture, $"the published effect per SD is for the full {declared}-variant score; the reference {reference.Id} uses {n} variants, a different score whose effect per SD is not published"),
            };
        }

        return relative;
    }

    private static string? Coverage(ShippedReference reference, ScoreResult score, SampleScore sample)
    {
        if (!score.IsScored)
            return "the score was refused: " + score.RefusedReason;
        var n = reference.Score.Definition.Variants.Count;
        if (score.Report.Matched < n)
            return string.Create(CultureInfo.InvariantCulture, $"only {score.Report.Matched} of the reference's {n} variants matched the genotypes (missing sites are not assumed reference), so the sum is not comparable with the reference sums");
        if (sample.MissingVariants > 0)
            return string.Create(CultureInfo.InvariantCulture, $"{sample.MissingVariants} of the {n} variants have no call for this sample, so the sum is not comparable with the reference sums");
        return null;
    }

    // Header values (citations) are free text: a tab or line break would shift the columns.
    private static string Clean(string? text) => text is null ? "" : text.Replace('\t', ' ').Replace('\r', ' ').Replace('\n', ' ');

    /// <summary>Writes the rows at full precision; empty PERCENTILE/Z with the reason when not assessed.</summary>
    public static void WriteTsv(IReadOnlyList<ContextValue> rows, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(writer);
        var inv = CultureInfo.InvariantCulture;
        writer.WriteLine(TsvHeader);
        foreach (var r in rows)
        {
            writer.WriteLine(string.Join('\t', r.Sample, r.ScoreId, r.Sum.ToString("R", inv), r.ReferenceId, r.Population, r.ReferenceCount.ToString(inv),
                r.Percentile?.ToString("R", inv) ?? "", r.ZScore?.ToString("R", inv) ?? "", r.NotAssessed ?? "",
                r.RelativeToMean?.Effect?.Abbreviation ?? "", r.RelativeToMean?.Effect?.Value.ToString("R", inv) ?? "", r.RelativeToMean?.Ratio?.ToString("R", inv) ?? "",
                Clean(r.RelativeToMean?.Effect?.Source), Clean(r.RelativeToMean?.NotAssessed)));
        }
    }
}

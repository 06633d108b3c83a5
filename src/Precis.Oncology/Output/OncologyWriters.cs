using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Precis.Core;
using Precis.Oncology.Annotation;

namespace Precis.Oncology.Output;

/// <summary>The cohort summary of a multi-sample report (shared by the JSON and HTML outputs).</summary>
/// <param name="Samples">Samples in the input.</param>
/// <param name="Variants">Variant rows over all samples.</param>
/// <param name="NonSynonymous">Non-synonymous rows (maftools' classes).</param>
/// <param name="GenesMutated">Genes with a non-synonymous row.</param>
/// <param name="MedianTmbPerMegabase">Median TMB over samples where it was computed, rounded to 4 places.</param>
/// <param name="SamplesWithTierI">Samples with at least one Tier I match.</param>
/// <param name="TopGenes">The ten genes mutated (non-synonymous) in most samples.</param>
/// <param name="Actionable">Tier I biomarkers and how many samples meet each.</param>
public sealed record CohortSummary(int Samples, int Variants, int NonSynonymous, int GenesMutated, double? MedianTmbPerMegabase, int SamplesWithTierI,
    IReadOnlyList<(string Gene, int Samples)> TopGenes, IReadOnlyList<(string Biomarker, int Samples)> Actionable)
{
    /// <summary>Computes the summary of a report.</summary>
    public static CohortSummary From(OncologyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var tmb = report.Samples.Where(s => s.Tmb is not null).Select(s => s.Tmb!.PerMegabase).Order().ToList();
        var nonSyn = report.Samples.SelectMany(s => s.Variants).Where(v => v.Variant.IsNonSynonymous).ToList();
        return new CohortSummary(
            report.Samples.Count,
            report.Samples.Sum(s => s.Variants.Count),
            nonSyn.Count,
            nonSyn.Select(v => v.Variant.Gene).Distinct(StringComparer.Ordinal).Count(),
            tmb.Count == 0 ? null : Math.Round(OncologyWriters.Median(tmb), 4),
            report.Samples.Count(s => s.Matches.Any(m => m.Tier.AmpTier == "Tier I")),
            [.. nonSyn.GroupBy(v => v.Variant.Gene, StringComparer.Ordinal).Select(g => (Gene: g.Key, Samples: g.Select(v => v.Variant.Sample).Distinct(StringComparer.Ordinal).Count()))
                .OrderByDescending(g => g.Samples).ThenBy(g => g.Gene, StringComparer.Ordinal).Take(10)],
            [.. report.Samples.SelectMany(s => s.Matches.Where(m => m.Tier.AmpTier == "Tier I").Select(m => (s.Sample, m.Evidence.BiomarkerText)).Distinct())
                .GroupBy(x => x.BiomarkerText, StringComparer.Ordinal).Select(g => (Biomarker: g.Key, Samples: g.Count())).OrderByDescending(g => g.Samples)]);
    }
}

/// <summary>Renders an <see cref="OncologyReport"/> as JSON (the source of truth), TSV (one row per match) or text.</summary>
public static class OncologyWriters
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>TSV columns, in order.</summary>
    public static readonly IReadOnlyList<string> TsvColumns =
    [
        "sample", "tumour_type", "input_alteration", "biomarker", "match_kinds", "transcript", "evidence_disease", "disease_match", "on_label",
        "evidence_type", "significance", "therapy", "amp_tier", "amp_level", "oncokb_style_level", "escat", "argues_against",
        "knowledge_base", "evidence_id", "source_level", "citations",
    ];

    public static void WriteJson(OncologyReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine(JsonSerializer.Serialize(ToDocument(report), Json));
    }

    /// <summary>The JSON document as an object tree (also used by tests).</summary>
    public static object ToDocument(OncologyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new
        {
            disclaimer = Disclaimers.ResearchUse,
            knowledge = report.Knowledge,
            inputs = report.InputNotes,
            cohort = report.Samples.Count > 1 ? Cohort(report) : null,
            samples = report.Samples.Select(s => new
            {
                sample = s.Sample,
                tumourType = s.TumourType,
                tmb = s.Tmb is { } t ? new { mutations = t.Mutations, callableMegabases = t.Definition.CallableMegabases, denominatorSource = t.Definition.Source, perMegabase = Math.Round(t.PerMegabase, 4), high = t.IsHigh, hypermutated = t.IsHypermutated, definition = t.Explanation, tcga = report.TmbComparisons.GetValueOrDefault(s.Sample) is { } c ? new { cohort = c.Cohort, cohortSize = c.CohortSize, cohortMedian = c.CohortMedian, percentile = Math.Round(c.Percentile, 1), explanation = c.Explanation } : null } : null,
                matches = s.Matches.Select(m => new
                {
                    evidenceId = m.Evidence.Id,
                    knowledgeBase = $"{m.Evidence.KnowledgeBaseId} {m.Evidence.KnowledgeBaseVersion}",
                    biomarker = m.Evidence.BiomarkerText,
                    inputs = m.Hits.Select(h => new { alteration = h.InputLabel, matchKinds = h.Kinds, transcript = h.Variant?.Transcript, line = h.Variant?.Line ?? h.CopyNumber?.Line ?? h.Fusion?.Line }),
                    disease = m.Evidence.Disease,
                    diseaseMatch = m.Disease,
                    onLabel = m.Tier.OnLabel,
                    type = m.Evidence.Type,
                    direction = m.Evidence.Direction,
                    significance = m.Evidence.Significance,
                    therapies = m.Evidence.Therapies,
                    ampTier = m.Tier.AmpTier,
                    ampLevel = m.Tier.AmpLevel.ToString(),
                    oncoKbStyleLevel = m.Tier.OncoKbStyle,
                    escat = m.Tier.Escat,
                    sourceLevel = m.Evidence.SourceLevel,
                    arguesAgainst = m.ArguesAgainst.Count > 0 ? m.ArguesAgainst : null,
                    summary = m.Evidence.Summary,
                    citations = m.Evidence.Citations,
                }),
                variants = s.Variants.Select(v => new
                {
                    gene = v.Variant.Gene,
                    protein = v.Variant.Protein?.Text,
                    chromosome = v.Variant.Chromosome,
                    position = v.Variant.Start,
                    reference = v.Variant.Reference,
                    alternate = v.Variant.Alternate,
                    classification = v.Variant.Classification,
                    alleleFraction = v.Variant.AlleleFraction is { } f ? Math.Round(f, 4) : (double?)null,
                    tier = v.Tier,
                    evidence = v.EvidenceIds.Count > 0 ? v.EvidenceIds : null,
                    line = v.Variant.Line,
                }),
                notAssessed = s.NotAssessed,
            }),
        };
    }

    private static object Cohort(OncologyReport report)
    {
        var c = CohortSummary.From(report);
        return new
        {
            samples = c.Samples,
            variants = c.Variants,
            nonSynonymous = c.NonSynonymous,
            genesMutated = c.GenesMutated,
            medianTmbPerMegabase = c.MedianTmbPerMegabase,
            samplesWithTierI = c.SamplesWithTierI,
            topGenes = c.TopGenes.Select(g => new { gene = g.Gene, samples = g.Samples }),
            actionable = c.Actionable.Select(a => new { biomarker = a.Biomarker, samples = a.Samples }),
        };
    }

    /// <summary>The median of a sorted list (mean of the middle two for an even count).</summary>
    public static double Median(IReadOnlyList<double> sorted)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        var n = sorted.Count;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
    }

    public static void WriteTsv(OncologyReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine(string.Join('\t', TsvColumns));
        foreach (var s in report.Samples)
        {
            foreach (var m in s.Matches)
            {
                string[] row =
                [
                    s.Sample, s.TumourType ?? "", string.Join("; ", m.Hits.Select(h => h.InputLabel).Distinct()), m.Evidence.BiomarkerText,
                    string.Join(",", m.MatchKinds), string.Join(",", m.Hits.Select(h => h.Variant?.Transcript).Where(t => t is not null).Distinct()),
                    $"{m.Evidence.Disease.Name} ({m.Evidence.Disease.OncoTree})", m.Disease.ToString(), m.Tier.OnLabel ? "yes" : "no",
                    m.Evidence.Type.ToString(), m.Evidence.Significance.ToString(), m.Evidence.TherapyLabel, m.Tier.AmpTier, m.Tier.AmpLevel.ToString(),
                    m.Tier.OncoKbStyle, m.Tier.Escat, string.Join(",", m.ArguesAgainst), $"{m.Evidence.KnowledgeBaseId} {m.Evidence.KnowledgeBaseVersion}",
                    m.Evidence.Id, m.Evidence.SourceLevel, string.Join(",", m.Evidence.Citations.Select(c => c.Id)),
                ];
                output.WriteLine(string.Join('\t', row.Select(c => c.Replace('\t', ' ').Replace('\n', ' '))));
            }
        }
    }

    public static void WriteText(OncologyReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        foreach (var note in report.InputNotes)
            output.WriteLine("input: " + note);
        foreach (var s in report.Samples)
        {
            output.WriteLine();
            output.WriteLine($"== {s.Sample} (tumour type {s.TumourType ?? "unknown"})");
            if (s.Tmb is { } t)
                output.WriteLine($"TMB: {t.PerMegabase.ToString("0.##", CultureInfo.InvariantCulture)} mut/Mb{(t.IsHigh ? " — TMB-high" : "")}{(t.IsHypermutated ? ", hypermutated" : "")} [{t.Explanation}]");
            if (report.TmbComparisons.GetValueOrDefault(s.Sample) is { } cmp)
                output.WriteLine("TMB vs TCGA: " + cmp.Explanation);
            if (s.Matches.Count == 0)
                output.WriteLine("No biomarker in the knowledge base was met (this is not a statement that the tumour has no actionable alteration: see 'not assessed').");
            foreach (var m in s.Matches)
            {
                var what = m.Evidence.Therapies.Count > 0 ? m.Evidence.TherapyLabel : m.Evidence.Type.ToString().ToLowerInvariant();
                output.WriteLine($"{m.Tier.AmpLabel,-9} {m.Evidence.Significance,-12} {what} — {string.Join("; ", m.Hits.Select(h => h.InputLabel).Distinct())} meets {m.Evidence.BiomarkerText} " +
                    $"[{string.Join(",", m.MatchKinds)}] in {m.Evidence.Disease.Name} ({m.Disease}); OncoKB-style {m.Tier.OncoKbStyle}, ESCAT {m.Tier.Escat}; {m.Evidence.KnowledgeBaseId} {m.Evidence.Id}" +
                    (m.ArguesAgainst.Count > 0 ? $"; argues against {string.Join(",", m.ArguesAgainst)}" : ""));
            }

            var tiers = s.Variants.GroupBy(v => v.Tier).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}: {g.Count()}");
            output.WriteLine("variants by tier: " + string.Join(", ", tiers));
            foreach (var n in s.NotAssessed)
                output.WriteLine("not assessed: " + n);
        }

        output.WriteLine();
        output.WriteLine("knowledge: " + string.Join(", ", report.Knowledge.Select(k => $"{k.Id} {k.Version} ({k.Licence})")));
        output.WriteLine(Disclaimers.ResearchUse);
    }
}

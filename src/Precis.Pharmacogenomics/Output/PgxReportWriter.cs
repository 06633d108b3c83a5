using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Precis.Knowledge;
using Precis.Pharmacogenomics.Phenotypes;
using Precis.Pharmacogenomics.Recommendations;

namespace Precis.Pharmacogenomics.Output;

/// <summary>One sample's pharmacogenomic report: gene results and drug results.</summary>
public sealed record PgxSampleReport(string SampleId, IReadOnlyList<GeneResult> Genes, IReadOnlyList<DrugResult> Drugs);

/// <summary>Writes pharmacogenomic reports as text, JSON, or PharmCAT's calls-only TSV columns.</summary>
public static class PgxReportWriter
{
    /// <summary>The calls-only TSV header, as PharmCAT writes it (with a leading Sample column for multi-sample input).</summary>
    public static readonly IReadOnlyList<string> TsvColumns =
    [
        "Gene", "Source Diplotype", "Phenotype", "Activity Score", "Haplotype 1", "Haplotype 1 Function", "Haplotype 1 Activity Value",
        "Haplotype 2", "Haplotype 2 Function", "Haplotype 2 Activity Value", "Outside Call", "Match Score", "Missing positions",
        "Recommendation Lookup Diplotype", "Recommendation Lookup Phenotype", "Recommendation Lookup Activity Score",
    ];

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public static void WriteText(TextWriter w, IReadOnlyList<PgxSampleReport> reports, IReadOnlyList<KnowledgeSource> sources)
    {
        ArgumentNullException.ThrowIfNull(reports);
        WriteTextHeader(w, sources);
        foreach (var r in reports)
            WriteTextSample(w, r);
    }

    /// <summary>The text report's header (notice, knowledge versions, attributions); samples follow with <see cref="WriteTextSample"/>.</summary>
    public static void WriteTextHeader(TextWriter w, IReadOnlyList<KnowledgeSource> sources)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(sources);
        w.WriteLine("Research use only; not a medical device. Talk to a doctor before changing any medicine.");
        w.WriteLine("Knowledge: " + string.Join("; ", sources.Select(s => $"{s.Id} {s.Version} ({s.Licence})")));
        foreach (var s in sources.Where(s => s.Attribution is not null && s.Licence.StartsWith("CC-BY", StringComparison.Ordinal)))
            w.WriteLine("Attribution: " + s.Attribution);
    }

    /// <summary>One sample of the text report.</summary>
    public static void WriteTextSample(TextWriter w, PgxSampleReport r)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(r);
        w.WriteLine();
        w.WriteLine($"Sample {r.SampleId}");
        foreach (var g in r.Genes)
        {
            var score = g.ActivityScore is null ? "" : $", activity score {g.ActivityScore}";
            w.WriteLine($"  {g.Gene,-8} {g.Diplotype ?? "-",-28} {g.Phenotype}{score}{(g.Origin == "outside call" ? " [outside call]" : "")}");
            if (g.Call.MissingPositions.Count > 0)
                w.WriteLine($"           missing positions ({g.Call.MissingPositions.Count}, not assumed reference): {Short(g.Call.MissingPositions)}");
            foreach (var n in g.Call.Notes.Concat(g.Notes))
                w.WriteLine($"           note: {n}");
            if (g.Call.UndocumentedVariations.Count > 0)
                w.WriteLine($"           undocumented variation: {string.Join("; ", g.Call.UndocumentedVariations)}");
        }

        foreach (var d in r.Drugs)
        {
            w.WriteLine();
            w.WriteLine($"  {d.Drug}{(d.RxNorm is null ? "" : $" (RxNorm {d.RxNorm})")}: {d.Message}");
            foreach (var m in d.Matches)
            {
                var rec = m.Recommendation;
                w.WriteLine($"    - {rec.Summary}");
                w.WriteLine($"      source: {rec.GuidelineName}; {rec.GuidelineUrl}; {m.Source.Id} {m.Source.Version} entry {rec.Id}");
                w.WriteLine($"      guideline text: {rec.SourceText}");
            }
        }
    }

    public static void WriteTsv(TextWriter w, IReadOnlyList<PgxSampleReport> reports, string versionLine)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var multi = reports.Count > 1;
        WriteTsvHeader(w, versionLine, multi);
        foreach (var r in reports)
            WriteTsvRows(w, r, multi);
    }

    /// <summary>The calls TSV's version line and column header (with a Sample column when <paramref name="multiSample"/>).</summary>
    public static void WriteTsvHeader(TextWriter w, string versionLine, bool multiSample)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.WriteLine(versionLine);
        w.WriteLine((multiSample ? "Sample\t" : "") + string.Join('\t', TsvColumns));
    }

    /// <summary>One sample's rows of the calls TSV (one per gene).</summary>
    public static void WriteTsvRows(TextWriter w, PgxSampleReport r, bool multiSample)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(r);
        foreach (var g in r.Genes)
        {
            var c = g.Call.Candidates.Count == 1 ? g.Call.Candidates[0] : null;
            var (f1, a1) = Function(g, c?.Allele1);
            var (f2, a2) = Function(g, c?.Allele2);
            var cells = new[]
            {
                g.Gene, g.Diplotype ?? "", g.PredictedPhenotype, g.PredictedActivityScore ?? "",
                c?.Allele1 ?? "", f1, a1, c?.Allele2 ?? "", f2, a2,
                g.Origin == "outside call" ? "yes" : "no",
                c is { Score: > 0 } ? c.Score.ToString(CultureInfo.InvariantCulture) : "",
                g.Call.MissingPositions.Count > 0 ? "yes" : "no",
                g.IsActionable ? g.Diplotype ?? "" : "", g.IsActionable ? g.Phenotype : "", g.IsActionable ? g.ActivityScore ?? "" : "",
            };
            w.WriteLine((multiSample ? r.SampleId + "\t" : "") + string.Join('\t', cells.Select(x => x.Replace('\t', ' '))));
        }
    }

    /// <summary>Cohort matrix: one row per sample; per gene three columns (diplotype, phenotype, activity score).</summary>
    public static void WriteMatrix(TextWriter w, IReadOnlyList<PgxSampleReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var genes = reports.SelectMany(r => r.Genes.Select(g => g.Gene)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        WriteMatrixHeader(w, genes);
        foreach (var r in reports)
            WriteMatrixRow(w, r, genes);
    }

    /// <summary>The cohort matrix header for these genes (three columns each).</summary>
    public static void WriteMatrixHeader(TextWriter w, IReadOnlyList<string> genes)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(genes);
        w.WriteLine("Sample\t" + string.Join('\t', genes.SelectMany(g => new[] { $"{g} diplotype", $"{g} phenotype", $"{g} activity score" })));
    }

    /// <summary>One sample's row of the cohort matrix (genotype-predicted phenotype and activity score).</summary>
    public static void WriteMatrixRow(TextWriter w, PgxSampleReport r, IReadOnlyList<string> genes)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(genes);
        var byGene = r.Genes.ToDictionary(g => g.Gene, StringComparer.Ordinal);
        var cells = genes.SelectMany(g => byGene.TryGetValue(g, out var x)
            ? new[] { x.Diplotype ?? "", x.PredictedPhenotype, x.PredictedActivityScore ?? "" }
            : ["", "", ""]);
        w.WriteLine(r.SampleId + "\t" + string.Join('\t', cells.Select(c => c.Replace('\t', ' '))));
    }

    public static void WriteJson(TextWriter w, IReadOnlyList<PgxSampleReport> reports, IReadOnlyList<KnowledgeSource> sources, string engineVersion)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(sources);
        var doc = new
        {
            engine = "precis pgx",
            engineVersion,
            notice = "Research use only; not a medical device.",
            knowledge = sources.Select(s => new { s.Id, s.Version, s.Date, s.Licence, s.Attribution }),
            samples = reports.Select(r => new
            {
                sample = r.SampleId,
                genes = r.Genes.Select(g => new
                {
                    g.Gene,
                    g.Diplotype,
                    g.Phenotype,
                    g.ActivityScore,
                    g.LookupKey,
                    g.Origin,
                    phenoconversion = g.Conversion is not { } c ? null : new
                    {
                        c.Medication,
                        c.Drug,
                        c.Effect,
                        c.Strength,
                        c.RuleId,
                        c.RuleStatement,
                        c.PredictedPhenotype,
                        c.PredictedActivityScore,
                        c.FunctionalPhenotype,
                        c.FunctionalActivityScore,
                        c.LookupActivityScore,
                        knowledgeBase = c.KnowledgeBaseId,
                        knowledgeVersion = c.KnowledgeBaseVersion,
                        citations = c.Citations.Select(x => x.Id),
                        c.OtherModulators,
                    },
                    status = g.Call.Status,
                    candidates = g.Call.Candidates.Select(c => new { c.Name, c.Score }),
                    g.Call.MissingPositions,
                    g.Call.MissingAmp1Positions,
                    g.Call.UndocumentedVariations,
                    g.Call.LowQuality,
                    g.Call.AllelesTested,
                    g.AlleleFunctions,
                    notes = g.Call.Notes.Concat(g.Notes),
                    g.Call.VariantEvidence,
                }),
                drugs = r.Drugs.Select(d => new
                {
                    d.Drug,
                    d.RxNorm,
                    outcome = d.Outcome,
                    d.Message,
                    recommendations = d.Matches.Select(m => new
                    {
                        m.Recommendation.Source,
                        m.Recommendation.Id,
                        m.Recommendation.GuidelineName,
                        m.Recommendation.GuidelineUrl,
                        m.Recommendation.Population,
                        m.Recommendation.Strength,
                        m.Recommendation.Action,
                        m.Recommendation.Lookup,
                        m.Recommendation.Summary,
                        m.Recommendation.SourceText,
                        m.Recommendation.Implications,
                        m.Recommendation.Alternatives,
                        knowledgeBase = m.Source.Id,
                        knowledgeVersion = m.Source.Version,
                        licence = m.Source.Licence,
                    }),
                }),
            }),
        };
        w.WriteLine(JsonSerializer.Serialize(doc, JsonOptions));
    }

    private static (string Function, string Activity) Function(GeneResult g, string? allele)
    {
        if (allele is null)
            return ("", "");
        var prefix = allele + ": ";
        var text = g.AlleleFunctions.FirstOrDefault(f => f.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..] ?? "";
        var at = text.IndexOf(" (activity ", StringComparison.Ordinal);
        return at < 0 ? (text, "") : (text[..at], text[(at + 11)..^1]);
    }

    private static string Short(IReadOnlyList<string> items) =>
        items.Count <= 5 ? string.Join(", ", items) : string.Join(", ", items.Take(5)) + $" and {items.Count - 5} more";
}

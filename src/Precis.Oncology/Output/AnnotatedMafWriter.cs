using System.Globalization;
using Precis.Oncology.Annotation;
using Precis.Oncology.Inputs;
using Precis.Oncology.Knowledge;

namespace Precis.Oncology.Output;

/// <summary>
/// Writes an annotated MAF: the input's rows and columns unchanged and in order (for a VCF input, a MAF made from its
/// variants), followed by the 27 columns the OncoKB MafAnnotator appends, filled from Precis's own knowledge (only
/// the level names are OncoKB's), then three Precis columns naming the knowledge source, AMP tier and evidence ids.
/// </summary>
public static class AnnotatedMafWriter
{
    /// <summary>The annotator-compatible columns, in the annotator's order.</summary>
    public static readonly IReadOnlyList<string> AnnotatorColumns =
    [
        "ANNOTATED", "GENE_IN_ONCOKB", "VARIANT_IN_ONCOKB", "MUTATION_EFFECT", "MUTATION_EFFECT_CITATIONS", "ONCOGENIC",
        "LEVEL_1", "LEVEL_2", "LEVEL_3A", "LEVEL_3B", "LEVEL_4", "LEVEL_R1", "LEVEL_R2",
        "HIGHEST_LEVEL", "HIGHEST_SENSITIVE_LEVEL", "HIGHEST_RESISTANCE_LEVEL", "TX_CITATIONS",
        "LEVEL_Dx1", "LEVEL_Dx2", "LEVEL_Dx3", "HIGHEST_DX_LEVEL", "DX_CITATIONS",
        "LEVEL_Px1", "LEVEL_Px2", "LEVEL_Px3", "HIGHEST_PX_LEVEL", "PX_CITATIONS",
    ];

    /// <summary>Columns added after the annotator's: where the values come from.</summary>
    public static readonly IReadOnlyList<string> PrecisColumns = ["PRECIS_KNOWLEDGE", "PRECIS_AMP_TIER", "PRECIS_EVIDENCE_IDS"];

    /// <summary>Columns of the MAF written for a VCF input, before the annotation columns.</summary>
    public static readonly IReadOnlyList<string> VcfMafColumns =
    [
        "Hugo_Symbol", "NCBI_Build", "Chromosome", "Start_Position", "End_Position", "Variant_Classification", "Reference_Allele",
        "Tumor_Seq_Allele2", "Tumor_Sample_Barcode", "HGVSc", "HGVSp_Short", "Transcript_ID", "t_depth", "t_alt_count",
    ];

    private static readonly string[] Sensitive = ["1", "2", "3A", "3B", "4"];
    private static readonly string[] Resistant = ["R1", "R2"];

    /// <summary>Writes the annotated MAF of <paramref name="report"/>, made from <paramref name="tumourPath"/> (the MAF or VCF it annotated).</summary>
    public static void Write(OncologyReport report, string tumourPath, OncologyKnowledge knowledge, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(tumourPath);
        ArgumentNullException.ThrowIfNull(knowledge);
        ArgumentNullException.ThrowIfNull(output);
        var genes = knowledge.Evidence.SelectMany(e => e.Biomarker.Leaves).Select(l => l.Gene).Where(g => g.Length > 0).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var kbLabel = string.Join(";", report.Knowledge.Select(k => $"{k.Id} {k.Version}"));

        // Matches by the input line of the variant they rest on (a MAF line is unique across samples).
        var byLine = new Dictionary<long, List<ActionableMatch>>();
        var variants = new Dictionary<long, SomaticVariant>();
        foreach (var sample in report.Samples)
        {
            foreach (var v in sample.Variants)
                variants[v.Variant.Line] = v.Variant;
            foreach (var m in sample.Matches)
            {
                foreach (var line in m.Hits.Where(h => h.Variant is not null).Select(h => h.Variant!.Line).Distinct())
                {
                    if (!byLine.TryGetValue(line, out var list))
                        byLine[line] = list = [];
                    list.Add(m);
                }
            }
        }

        output.WriteLine($"#precis annotated MAF: levels and therapies from {kbLabel}; OncoKB-annotator column names and level names only, no OncoKB content");
        if (OncologyPipeline.LooksLikeVcf(tumourPath))
        {
            output.WriteLine(string.Join('\t', VcfMafColumns.Concat(AnnotatorColumns).Concat(PrecisColumns)));
            foreach (var v in variants.Values.OrderBy(v => v.Line))
            {
                var cells = new[]
                {
                    v.Gene, v.Build ?? "", v.Chromosome ?? "", Num(v.Start), Num(v.End), v.Classification, v.Reference ?? "", v.Alternate ?? "", v.Sample,
                    v.Hgvsc ?? "", v.Protein is null ? "" : "p." + v.Protein.Text, v.Transcript ?? "", Num(v.TumourDepth), Num(v.TumourAltCount),
                };
                output.WriteLine(string.Join('\t', cells.Select(Clean).Concat(Annotate(v, byLine.GetValueOrDefault(v.Line) ?? [], genes, kbLabel))));
            }

            return;
        }

        using var reader = TextInput.Open(tumourPath);
        var headerSeen = false;
        var width = 0;
        foreach (var (number, line) in TextInput.Lines(reader, tumourPath))
        {
            if (line.Length == 0)
                continue;
            if (line[0] == '#')
            {
                output.WriteLine(line);
                continue;
            }

            if (!headerSeen)
            {
                headerSeen = true;
                width = line.Split('\t').Length;
                output.WriteLine(string.Join('\t', new[] { line }.Concat(AnnotatorColumns).Concat(PrecisColumns)));
                continue;
            }

            // Short rows are padded so that the appended columns stay under their headers.
            var padding = string.Concat(Enumerable.Repeat("\t", Math.Max(0, width - line.Split('\t').Length)));
            var annotation = variants.TryGetValue(number, out var v)
                ? Annotate(v, byLine.GetValueOrDefault(number) ?? [], genes, kbLabel)
                : Enumerable.Repeat("", AnnotatorColumns.Count + PrecisColumns.Count).Select((s, i) => i == 0 ? "False" : s);
            output.WriteLine(string.Join('\t', new[] { line + padding }.Concat(annotation)));
        }
    }

    private static IEnumerable<string> Annotate(SomaticVariant v, List<ActionableMatch> matches, HashSet<string> genes, string kbLabel)
    {
        var annotated = v.Gene.Length > 0 || v.Start is not null;
        var therapeutic = matches.Where(m => m.Evidence.Type == EvidenceType.Predictive && m.Evidence.Direction == EvidenceDirection.Supports).ToList();
        string Level(string level) => string.Join(",", therapeutic.Where(m => m.Tier.OncoKbStyle == level).Select(m => m.Evidence.TherapyLabel).Where(t => t.Length > 0).Distinct());
        string Diseases(string level) => string.Join(",", matches.Where(m => m.Tier.OncoKbStyle == level).Select(m => m.Evidence.Disease.Name).Distinct());
        string Citations(IEnumerable<ActionableMatch> ms) => string.Join(";", ms.SelectMany(m => m.Evidence.Citations).Select(c => c.Id).Distinct());
        string Highest(IEnumerable<string> order) => order.FirstOrDefault(l => matches.Any(m => m.Tier.OncoKbStyle == l)) is { } h ? "LEVEL_" + h : "";

        var txLevels = therapeutic.Select(m => m.Tier.OncoKbStyle).ToList();
        var highest = Tiering.Tiering.HighestTherapeutic(txLevels);
        var sensitive = Sensitive.FirstOrDefault(txLevels.Contains);
        var resistant = Resistant.FirstOrDefault(txLevels.Contains);
        var oncogenic = matches.Where(m => m.Evidence.Type == EvidenceType.Oncogenic).Select(m => m.Evidence.SourceLevel).FirstOrDefault();
        var effect = matches.Where(m => m.Evidence.Type == EvidenceType.Functional).Select(m => m.Evidence.Significance.ToString()).FirstOrDefault();
        var dx = matches.Where(m => m.Evidence.Type == EvidenceType.Diagnostic).ToList();
        var px = matches.Where(m => m.Evidence.Type == EvidenceType.Prognostic).ToList();
        var best = matches.OrderBy(m => Tiering.Tiering.Rank(m.Tier)).FirstOrDefault();

        string[] cells =
        [
            annotated ? "True" : "False",
            genes.Contains(v.Gene) ? "True" : "False",
            matches.Count > 0 ? "True" : "False",
            effect ?? "Unknown",
            "",
            oncogenic ?? "Unknown",
            Level("1"), Level("2"), Level("3A"), Level("3B"), Level("4"), Level("R1"), Level("R2"),
            highest is null ? "" : "LEVEL_" + highest,
            sensitive is null ? "" : "LEVEL_" + sensitive,
            resistant is null ? "" : "LEVEL_" + resistant,
            Citations(therapeutic),
            Diseases("Dx1"), Diseases("Dx2"), Diseases("Dx3"), Highest(["Dx1", "Dx2", "Dx3"]), Citations(dx),
            Diseases("Px1"), Diseases("Px2"), Diseases("Px3"), Highest(["Px1", "Px2", "Px3"]), Citations(px),
            matches.Count > 0 ? kbLabel : "",
            best?.Tier.AmpLabel ?? "",
            string.Join(";", matches.Select(m => m.Evidence.Id).Distinct()),
        ];
        return cells.Select(Clean);
    }

    private static string Num(long? n) => n?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string Clean(string s) => s.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ');
}

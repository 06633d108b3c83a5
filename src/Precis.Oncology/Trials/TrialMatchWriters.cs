using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Precis.Core;

namespace Precis.Oncology.Trials;

/// <summary>Renders trial matches as JSON (the source of truth), TSV (one row per matching clause) or text.</summary>
public static class TrialMatchWriters
{
    // Relaxed escaping keeps ">=18" readable; the output is a file, never embedded in HTML.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonSerializerOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>TSV columns, in order.</summary>
    public static readonly IReadOnlyList<string> TsvColumns =
        ["sample", "protocol_no", "nct_id", "level", "step", "arm", "dose_level", "open", "status", "path", "paths", "matched_paths", "leaves", "rows"];

    /// <summary>The JSON document: disclaimer, the trials read, and per patient the matching clauses with their leaves.</summary>
    public static JsonObject ToDocument(IReadOnlyList<CtmlTrial> trials, IReadOnlyList<PatientTrialMatches> patients, CtmlOptions options)
    {
        ArgumentNullException.ThrowIfNull(trials);
        ArgumentNullException.ThrowIfNull(patients);
        ArgumentNullException.ThrowIfNull(options);
        return new JsonObject
        {
            ["disclaimer"] = Disclaimers.ResearchUse,
            ["method"] = "CTML match clauses → match tree → DNF paths; a clause matches when one path's leaves all hold. Genomic leaves with a '!' value hold when no row matches them without it.",
            ["asOf"] = options.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["oncoTreeNodes"] = options.Tree.Count,
            ["trials"] = new JsonArray(trials.Select(t => (JsonNode)new JsonObject
            {
                ["protocolNo"] = t.ProtocolNo,
                ["nctId"] = t.NctId,
                ["status"] = t.Status,
                ["source"] = t.Source,
                ["clauses"] = t.Sites.Count,
            }).ToArray()),
            ["patients"] = new JsonArray(patients.Select(p => (JsonNode)new JsonObject
            {
                ["sample"] = p.SampleId,
                ["clausesEvaluated"] = p.ClausesEvaluated,
                ["matches"] = new JsonArray(p.Matches.Select(m => (JsonNode)new JsonObject
                {
                    ["protocolNo"] = m.ProtocolNo,
                    ["nctId"] = m.NctId,
                    ["level"] = m.Site.Level,
                    ["step"] = m.Site.StepCode,
                    ["arm"] = m.Site.ArmCode,
                    ["armDescription"] = m.Site.ArmDescription,
                    ["doseLevel"] = m.Site.DoseLevelCode,
                    ["open"] = m.Site.Open,
                    ["status"] = m.Site.Status,
                    ["path"] = m.PathNumber,
                    ["paths"] = m.PathCount,
                    ["matchedPaths"] = m.MatchedPaths,
                    ["leaves"] = new JsonArray(m.Leaves.Select(l => (JsonNode)new JsonObject
                    {
                        ["kind"] = l.Kind,
                        ["criterion"] = l.Criterion.DeepClone(),
                        ["negated"] = l.Negated,
                        ["reason"] = l.Reason,
                        ["rows"] = new JsonArray(l.Rows.Select(r => (JsonNode)r).ToArray()),
                    }).ToArray()),
                }).ToArray()),
            }).ToArray()),
        };
    }

    /// <summary>Writes the JSON document.</summary>
    public static void WriteJson(IReadOnlyList<CtmlTrial> trials, IReadOnlyList<PatientTrialMatches> patients, CtmlOptions options, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine(ToDocument(trials, patients, options).ToJsonString(Indented));
    }

    /// <summary>One row per matching clause.</summary>
    public static void WriteTsv(IReadOnlyList<PatientTrialMatches> patients, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(patients);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine(string.Join('\t', TsvColumns));
        foreach (var p in patients)
        {
            foreach (var m in p.Matches)
            {
                var leaves = string.Join(" AND ", m.Leaves.Select(l => $"{l.Kind} {l.Criterion.ToJsonString(Compact)}: {l.Reason}"));
                var rows = string.Join(",", m.Leaves.SelectMany(l => l.Rows).Distinct());
                output.WriteLine(string.Join('\t', new[]
                {
                    p.SampleId, m.ProtocolNo, m.NctId ?? "", m.Site.Level, m.Site.StepCode ?? "", m.Site.ArmCode ?? "", m.Site.DoseLevelCode ?? "",
                    m.Site.Open ? "yes" : "no", m.Site.Status, m.PathNumber.ToString(CultureInfo.InvariantCulture), m.PathCount.ToString(CultureInfo.InvariantCulture),
                    m.MatchedPaths.ToString(CultureInfo.InvariantCulture), leaves, rows,
                }.Select(Clean)));
            }
        }
    }

    /// <summary>A short readable summary.</summary>
    public static void WriteText(IReadOnlyList<CtmlTrial> trials, IReadOnlyList<PatientTrialMatches> patients, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(trials);
        ArgumentNullException.ThrowIfNull(patients);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine(Disclaimers.ResearchUse);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{trials.Count} trial(s), {trials.Sum(t => t.Sites.Count)} match clause(s), {patients.Count} patient(s)"));
        foreach (var p in patients)
        {
            output.WriteLine();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{p.SampleId}: {p.Matches.Count} matching clause(s) of {p.ClausesEvaluated}"));
            foreach (var m in p.Matches)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {m.ProtocolNo} {m.Site.Where} [{(m.Site.Open ? "open" : "closed: " + m.Site.Status)}] path {m.PathNumber}/{m.PathCount}"));
                foreach (var l in m.Leaves)
                    output.WriteLine($"    {(l.Negated ? "not " : "")}{l.Kind} {l.Criterion.ToJsonString(Compact)}: {l.Reason}{(l.Rows.Count > 0 ? " [" + string.Join(", ", l.Rows) + "]" : "")}");
            }
        }
    }

    private static string Clean(string s) => s.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ');
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using Precis.PolygenicRisk.Matching;

namespace Precis.PolygenicRisk.Scoring;

/// <summary>Renders a <see cref="ScoringResult"/>: per-sample TSV (full double precision), the match report, and JSON.</summary>
public static class ScoreOutputs
{
    /// <summary>Columns of the per-sample TSV: one row per sample and score, plink2's names.</summary>
    public const string TsvHeader = "IID\tPGS\tSUM\tDENOM\tAVG\tALLELE_CT\tNAMED_ALLELE_DOSAGE_SUM\tMISSING_VARIANTS";

    /// <summary>Writes one row per sample and scored score; refused scores have no rows (see the match report).</summary>
    public static void WriteTsv(ScoringResult result, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine(TsvHeader);
        foreach (var score in result.Scores.Where(s => s.IsScored))
        {
            foreach (var s in score.Samples)
            {
                writer.Write(s.Sample);
                writer.Write('\t');
                writer.Write(score.Definition.Id);
                writer.Write('\t');
                writer.Write(R(s.Sum));
                writer.Write('\t');
                writer.Write(s.Denominator.ToString(CultureInfo.InvariantCulture));
                writer.Write('\t');
                writer.Write(R(s.Average));
                writer.Write('\t');
                writer.Write(s.AlleleCount.ToString(CultureInfo.InvariantCulture));
                writer.Write('\t');
                writer.Write(R(s.NamedAlleleDosageSum));
                writer.Write('\t');
                writer.WriteLine(s.MissingVariants.ToString(CultureInfo.InvariantCulture));
            }
        }
    }

    /// <summary>Writes the human-readable match report of every score, with the settings and notes.</summary>
    public static void WriteMatchReport(IReadOnlyList<MatchReport> reports, TextWriter writer, string? settings = null, IEnumerable<string>? notes = null, IEnumerable<string?>? refusals = null)
    {
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(writer);
        var refused = refusals?.ToList();
        for (var i = 0; i < reports.Count; i++)
        {
            var r = reports[i];
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.ScoreId}: {r.Variants} variants, {r.Matched} matched ({r.MatchRate * 100:0.00}%), {r.Excluded} excluded, {r.Unmatched} unmatched; minimum overlap {r.MinOverlap * 100:0.##}% {(r.Passes ? "passed" : "FAILED")}"));
            if (r.Excluded > 0)
                writer.WriteLine($"  excluded: {r.ExcludedAmbiguous} strand-ambiguous, {r.ExcludedMultiallelic} multi-allelic, {r.ExcludedFlipped} strand-flipped, {r.ExcludedDuplicate} duplicated ID");
            if (r.MatchedFlipped > 0)
                writer.WriteLine($"  matched after a strand flip: {r.MatchedFlipped}");
            if (r.Unpositioned > 0)
                writer.WriteLine($"  unmatched without a position (failed harmonisation or complex alleles): {r.Unpositioned}");
            writer.WriteLine("  status\tambiguous\tis_multiallelic\tmatch_flipped\tduplicate_ID\tcount");
            foreach (var row in r.Summary)
                writer.WriteLine($"  {row.Status.ToString().ToLowerInvariant()}\t{B(row.Ambiguous)}\t{B(row.Multiallelic)}\t{B(row.Flipped)}\t{B(row.DuplicateId)}\t{row.Count}");
            if (refused is not null && i < refused.Count && refused[i] is { } reason)
                writer.WriteLine("  refused: " + reason);
        }

        if (settings is not null)
            writer.WriteLine("settings: " + settings);
        foreach (var note in notes ?? [])
            writer.WriteLine("note: " + note);
    }

    /// <summary>Writes the result as JSON: settings, notes, per score its metadata, match report and samples, and the reference context if given.</summary>
    public static void WriteJson(ScoringResult result, Stream stream, IReadOnlyList<Context.ContextValue>? context = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("input", result.Input);
        w.WriteString("settings", result.SettingsStatement);
        w.WriteStartArray("notes");
        foreach (var n in result.Notes)
            w.WriteStringValue(n);
        w.WriteEndArray();
        w.WriteStartArray("scores");
        foreach (var score in result.Scores)
        {
            var m = score.Definition.Metadata;
            w.WriteStartObject();
            w.WriteString("id", m.Id);
            w.WriteString("name", m.Name);
            w.WriteString("trait", m.TraitReported);
            w.WriteString("genomeBuild", m.GenomeBuild);
            w.WriteString("weightType", m.WeightType);
            w.WriteString("citation", m.Citation);
            w.WriteString("sourceFile", score.Definition.SourceFile);
            WritePerSdEffect(w, m);
            w.WritePropertyName("match");
            WriteReport(w, score.Report);
            if (score.RefusedReason is { } reason)
                w.WriteString("refused", reason);
            w.WriteStartArray("samples");
            foreach (var s in score.Samples)
            {
                w.WriteStartObject();
                w.WriteString("sample", s.Sample);
                w.WriteNumber("sum", s.Sum);
                w.WriteNumber("denom", s.Denominator);
                if (double.IsFinite(s.Average))
                    w.WriteNumber("avg", s.Average);
                w.WriteNumber("alleleCount", s.AlleleCount);
                w.WriteNumber("namedAlleleDosageSum", s.NamedAlleleDosageSum);
                w.WriteNumber("missingVariants", s.MissingVariants);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (context is not null)
        {
            w.WriteStartArray("context");
            foreach (var c in context)
            {
                w.WriteStartObject();
                w.WriteString("sample", c.Sample);
                w.WriteString("score", c.ScoreId);
                w.WriteString("reference", c.ReferenceId);
                w.WriteString("population", c.Population);
                w.WriteNumber("referenceN", c.ReferenceCount);
                w.WriteNumber("sum", c.Sum);
                if (c.Percentile is { } p)
                    w.WriteNumber("percentile", p);
                if (c.ZScore is { } z)
                    w.WriteNumber("z", z);
                if (c.NotAssessed is { } why)
                    w.WriteString("notAssessed", why);
                if (c.RelativeToMean is { } rr)
                    WriteRelativeToMean(w, rr);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    // The published effect per SD, or the explicit statement that the score publishes none (never a default).
    private static void WritePerSdEffect(Utf8JsonWriter w, ScoringFiles.ScoreMetadata m)
    {
        w.WritePropertyName("effectPerSd");
        if (Context.RelativeRisk.PublishedEffect(m) is { } e)
        {
            w.WriteStartObject();
            w.WriteString("measure", e.Abbreviation);
            w.WriteNumber("value", e.Value);
            w.WriteString("headerField", e.HeaderField);
            w.WriteString("source", e.Source);
            if (m.OddsRatioPerSd is not null && m.HazardRatioPerSd is not null)
                w.WriteNumber("alsoHazardRatio", m.HazardRatioPerSd.Value);
            w.WriteEndObject();
        }
        else
        {
            w.WriteStringValue(Context.RelativeRisk.NoPublishedEffect);
        }
    }

    private static void WriteRelativeToMean(Utf8JsonWriter w, Context.RelativeToMean rr)
    {
        w.WriteStartObject("relativeToReferenceMean");
        if (rr.Ratio is { } ratio && rr.Effect is { } e)
        {
            w.WriteString("measure", e.Abbreviation);
            w.WriteNumber("ratio", ratio);
            w.WriteNumber("perSd", e.Value);
            w.WriteNumber("z", rr.ZScore!.Value);
            w.WriteString("formula", Context.RelativeRisk.Formula);
            w.WriteString("source", e.Source);
            w.WriteString("statement", rr.Statement);
            w.WriteStartArray("caveats");
            foreach (var c in Context.RelativeRisk.Caveats)
                w.WriteStringValue(c);
            w.WriteEndArray();
        }
        else
        {
            if (rr.Effect is { } published)
                w.WriteString("source", published.Source);
            w.WriteString("notAssessed", rr.NotAssessed);
        }

        w.WriteEndObject();
    }

    /// <summary>The match reports alone (`prs match --format json`): an array with one object per score, its id
    /// first, then the same counts as in <see cref="WriteJson"/>.</summary>
    public static void WriteMatchReportsJson(IReadOnlyList<MatchReport> reports, Stream output)
    {
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(output);
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        w.WriteStartArray();
        foreach (var r in reports)
            WriteReport(w, r, r.ScoreId);
        w.WriteEndArray();
    }

    private static void WriteReport(Utf8JsonWriter w, MatchReport r, string? scoreId = null)
    {
        w.WriteStartObject();
        if (scoreId is not null)
            w.WriteString("scoreId", scoreId);
        w.WriteNumber("variants", r.Variants);
        w.WriteNumber("matched", r.Matched);
        w.WriteNumber("excluded", r.Excluded);
        w.WriteNumber("excludedAmbiguous", r.ExcludedAmbiguous);
        w.WriteNumber("excludedMultiallelic", r.ExcludedMultiallelic);
        w.WriteNumber("excludedFlipped", r.ExcludedFlipped);
        w.WriteNumber("excludedDuplicateId", r.ExcludedDuplicate);
        w.WriteNumber("unmatched", r.Unmatched);
        w.WriteNumber("unpositioned", r.Unpositioned);
        w.WriteNumber("matchedFlipped", r.MatchedFlipped);
        w.WriteNumber("matchRate", r.MatchRate);
        w.WriteNumber("minOverlap", r.MinOverlap);
        w.WriteBoolean("passes", r.Passes);
        w.WriteEndObject();
    }

    /// <summary>Writes every row's outcome (pgsc_calc's log): row, position, alleles, weight, match type, target ID, status, reason.</summary>
    public static void WriteVariantLog(ScoreResult score, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(score);
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine("row_nr\tchr_name\tchr_position\teffect_allele\tother_allele\teffect_weight\teffect_type\tID\tmatch_type\tmatch_status\treason");
        var sb = new StringBuilder();
        foreach (var o in score.Variants)
        {
            var v = o.Variant;
            sb.Clear();
            sb.Append(v.RowNumber.ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(v.Chromosome).Append('\t')
                .Append(v.Position?.ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(v.EffectAllele).Append('\t')
                .Append(v.OtherAllele).Append('\t')
                .Append(R(v.Weight)).Append('\t')
                .Append(v.EffectType.ToString().ToLowerInvariant()).Append('\t')
                .Append(o.Target?.Id).Append('\t')
                .Append(o.Type?.ToString()).Append('\t')
                .Append(o.Status.ToString().ToLowerInvariant()).Append('\t')
                .Append(o.Reason);
            writer.WriteLine(sb.ToString());
        }
    }

    private static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static string B(bool? b) => b is null ? "" : b.Value ? "true" : "false";
}

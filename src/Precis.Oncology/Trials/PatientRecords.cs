using System.Text.Json;
using System.Text.Json.Nodes;
using Precis.Core;
using Precis.Oncology.Inputs;

namespace Precis.Oncology.Trials;

/// <summary>One row of a patient file (clinical or genomic): its fields by upper-case column name and where it came from.</summary>
/// <param name="File">Source file.</param>
/// <param name="Line">1-based line (CSV/TSV) or item number (JSON) of the row.</param>
/// <param name="Fields">Column → value, keys compared case-insensitively; empty cells are absent.</param>
public sealed record PatientRow(string File, long Line, IReadOnlyDictionary<string, string> Fields)
{
    /// <summary>The field's value, or null when absent or empty.</summary>
    public string? Get(string key) => Fields.TryGetValue(key, out var v) && v.Length > 0 ? v : null;

    /// <summary>"file:line".</summary>
    public string Where => $"{Path.GetFileName(File)}:{Line}";
}

/// <summary>One patient (sample) for trial matching: its clinical row and its genomic rows.</summary>
/// <param name="SampleId">The SAMPLE_ID joining the two files.</param>
/// <param name="Clinical">The clinical row.</param>
/// <param name="Genomic">The genomic rows of this sample (mutations, CNV, SV, signatures, MMR status).</param>
public sealed record TrialPatient(string SampleId, PatientRow Clinical, IReadOnlyList<PatientRow> Genomic);

/// <summary>
/// Reads MatchMiner-style patient files: clinical (one row per sample: SAMPLE_ID, ONCOTREE_PRIMARY_DIAGNOSIS_NAME,
/// BIRTH_DATE, GENDER, TUMOR_MUTATIONAL_BURDEN_PER_MEGABASE…) and genomic (rows keyed by SAMPLE_ID: TRUE_HUGO_SYMBOL,
/// TRUE_PROTEIN_CHANGE, VARIANT_CATEGORY, CNV_CALL…) as CSV, TSV or JSON (an object or an array of objects); a MAF is
/// accepted as the genomic side.
/// </summary>
public static class PatientRecords
{
    /// <summary>Most rows accepted from one patient file.</summary>
    public const int MaxRows = 5_000_000;

    /// <summary>Joins the clinical and genomic files on SAMPLE_ID; samples without genomic rows keep an empty list.</summary>
    public static IReadOnlyList<TrialPatient> Read(string clinicalPath, string? genomicPath)
    {
        var clinical = ReadRows(clinicalPath);
        var genomic = genomicPath is null ? [] : IsMaf(genomicPath) ? FromMaf(genomicPath) : ReadRows(genomicPath);
        var bySample = new Dictionary<string, List<PatientRow>>(StringComparer.Ordinal);
        foreach (var row in genomic)
        {
            var id = row.Get("SAMPLE_ID") ?? throw new InputException(new InputError(row.File, row.Line, null, "SAMPLE_ID", "genomic row has no SAMPLE_ID"));
            if (!bySample.TryGetValue(id, out var list))
                bySample[id] = list = [];
            list.Add(row);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var patients = new List<TrialPatient>();
        foreach (var row in clinical)
        {
            var id = row.Get("SAMPLE_ID") ?? throw new InputException(new InputError(row.File, row.Line, null, "SAMPLE_ID", "clinical row has no SAMPLE_ID"));
            if (!seen.Add(id))
                throw new InputException(new InputError(row.File, row.Line, null, "SAMPLE_ID", $"sample '{id}' appears twice in the clinical file"));
            patients.Add(new TrialPatient(id, row, bySample.GetValueOrDefault(id) ?? []));
        }

        return patients;
    }

    /// <summary>True when the file's header is a MAF's (Hugo_Symbol and Tumor_Sample_Barcode), read as a genomic side.</summary>
    public static bool IsMaf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            return false;
        using var reader = TextInput.Open(path);
        foreach (var (_, text) in TextInput.Lines(reader, path))
        {
            if (text.Length == 0 || text.StartsWith('#'))
                continue;
            var header = text.Split('\t');
            return TextInput.Column(header, "Hugo_Symbol") >= 0 && TextInput.Column(header, "Tumor_Sample_Barcode") >= 0;
        }

        return false;
    }

    /// <summary>
    /// A MAF (the input of <c>precis onco annotate</c>) as MatchMiner genomic rows: sample, gene, protein change in
    /// 1-letter form with "p.", classification, category MUTATION, chromosome and position.
    /// </summary>
    public static IReadOnlyList<PatientRow> FromMaf(string path)
    {
        var maf = MafReader.Read(path);
        return [.. maf.Variants.Select(v =>
        {
            var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["SAMPLE_ID"] = v.Sample,
                ["TRUE_HUGO_SYMBOL"] = v.Gene,
                ["VARIANT_CATEGORY"] = "MUTATION",
            };
            if (v.Protein is not null)
                fields["TRUE_PROTEIN_CHANGE"] = "p." + v.Protein.Text;
            if (v.Classification.Length > 0)
                fields["TRUE_VARIANT_CLASSIFICATION"] = v.Classification;
            if (v.Chromosome is not null)
                fields["CHROMOSOME"] = v.Chromosome;
            if (v.Start is { } start)
                fields["POSITION"] = start.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return new PatientRow(path, v.Line, fields);
        })];
    }

    /// <summary>Reads the rows of a CSV (comma, with quotes), TSV or JSON patient file.</summary>
    public static IReadOnlyList<PatientRow> ReadRows(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var reader = TextInput.Open(path);
        if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            return ReadJson(path, reader.ReadToEnd());
        var rows = new List<PatientRow>();
        string[]? header = null;
        var tab = false;
        foreach (var (number, text) in TextInput.Lines(reader, path))
        {
            if (text.Length == 0 || text.StartsWith('#'))
                continue;
            if (header is null)
            {
                tab = text.Contains('\t', StringComparison.Ordinal);
                header = Split(text, tab, path, number).Select(h => h.Trim().ToUpperInvariant()).ToArray();
                if (header.Distinct(StringComparer.Ordinal).Count() != header.Length)
                    throw new InputException(new InputError(path, number, null, null, "the header repeats a column name"));
                continue;
            }

            var cells = Split(text, tab, path, number);
            if (cells.Count != header.Length)
                throw new InputException(new InputError(path, number, null, null, $"row has {cells.Count} fields, the header has {header.Length}"));
            var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < header.Length; i++)
            {
                if (cells[i].Trim() is { Length: > 0 } v)
                    fields[header[i]] = v;
            }

            rows.Add(new PatientRow(path, number, fields));
            if (rows.Count > MaxRows)
                throw new InputException(new InputError(path, number, null, null, $"more than {MaxRows} rows"));
        }

        if (header is null)
            throw new InputException(new InputError(path, null, null, null, "the file is empty (no header row)"));
        return rows;
    }

    private static List<PatientRow> ReadJson(string path, string text)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw new InputException(InputErrors.FromJson(path, e, "not valid patient JSON"));
        }

        var items = root switch
        {
            JsonObject o => [o],
            JsonArray a => a.ToList(),
            _ => throw new InputException(new InputError(path, null, null, null, "patient JSON must be an object or an array of objects")),
        };
        var rows = new List<PatientRow>();
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not JsonObject o)
                throw new InputException(new InputError(path, i + 1, null, $"[{i}]", "patient JSON array items must be objects"));
            var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (k, v) in o)
            {
                if (CtmlReader.Scalar(v) is { Length: > 0 } s)
                    fields[k.ToUpperInvariant()] = s;
            }

            rows.Add(new PatientRow(path, i + 1, fields));
        }

        return rows;
    }

    // RFC 4180 fields: quotes only in comma-separated files, doubled quotes inside them.
    private static List<string> Split(string line, bool tab, string path, long number)
    {
        if (tab)
            return [.. line.Split('\t')];
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                    quoted = false;
                else
                    cell.Append(c);
            }
            else if (c == '"' && cell.Length == 0)
                quoted = true;
            else if (c == ',')
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
                cell.Append(c);
        }

        if (quoted)
            throw new InputException(new InputError(path, number, cells.Count + 1, null, "a quoted field is not closed on this line"));
        cells.Add(cell.ToString());
        return cells;
    }
}

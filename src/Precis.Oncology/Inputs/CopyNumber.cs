using System.Globalization;
using Precis.Core;

namespace Precis.Oncology.Inputs;

/// <summary>A discrete copy-number state, GISTIC-style (−2 deep deletion … +2 amplification).</summary>
public enum CopyNumberState
{
    DeepDeletion,
    Loss,
    Neutral,
    Gain,
    Amplification,
}

/// <summary>One gene's copy-number state in one sample.</summary>
/// <param name="Sample">Tumour sample id.</param>
/// <param name="Gene">HUGO symbol.</param>
/// <param name="State">The discrete state.</param>
/// <param name="ValueAsWritten">The value as the input wrote it ("2", "-1.5", "Amplification", "CN 9").</param>
/// <param name="Line">1-based line in the input.</param>
public sealed record CopyNumberCall(string Sample, string Gene, CopyNumberState State, string ValueAsWritten, long Line)
{
    /// <summary>True for the states knowledge bases act on: amplification and deep deletion.</summary>
    public bool IsActionableState => State is CopyNumberState.Amplification or CopyNumberState.DeepDeletion;
}

/// <summary>
/// GISTIC-style values and words → states, as the OncoKB annotator maps them: 2 = Amplification,
/// −2 and −1.5 = Deletion; 1/−1 and the words Gain/Loss are only reported when gain/loss calls are asked for.
/// </summary>
public static class CopyNumberValues
{
    /// <summary>The state of a value or word, or null when it is not one (a reader turns that into an error).</summary>
    public static CopyNumberState? Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var v = value.Trim();
        switch (v.ToUpperInvariant())
        {
            case "2" or "2.0" or "AMPLIFICATION" or "AMP":
                return CopyNumberState.Amplification;
            case "-2" or "-2.0" or "-1.5" or "DELETION" or "DEEP DELETION" or "DEEPDELETION" or "HOMDEL" or "DEL":
                return CopyNumberState.DeepDeletion;
            case "1" or "1.0" or "GAIN":
                return CopyNumberState.Gain;
            case "-1" or "-1.0" or "LOSS" or "HETLOSS":
                return CopyNumberState.Loss;
            case "0" or "0.0" or "NEUTRAL" or "DIPLOID":
                return CopyNumberState.Neutral;
            default:
                return null;
        }
    }

    /// <summary>
    /// The alteration name the annotator reports: "Amplification", "Deletion", and "Gain"/"Loss" only when
    /// <paramref name="includeGainLoss"/> (single-copy changes are not actionable by default); otherwise null.
    /// </summary>
    public static string? AlterationName(CopyNumberState state, bool includeGainLoss = false) => state switch
    {
        CopyNumberState.Amplification => "Amplification",
        CopyNumberState.DeepDeletion => "Deletion",
        CopyNumberState.Gain when includeGainLoss => "Gain",
        CopyNumberState.Loss when includeGainLoss => "Loss",
        _ => null,
    };

    /// <summary>The annotator's <c>get_cna</c>: a value or word straight to its alteration name, or null.</summary>
    public static string? AlterationName(string value, bool includeGainLoss = false) =>
        Parse(value) is { } state ? AlterationName(state, includeGainLoss) : null;
}

/// <summary>
/// Reads gene-level copy number: the GISTIC matrix (a gene column, optional Locus ID / Cytoband /
/// Entrez_Gene_Id, one column per sample) or the per-row form (Tumor_Sample_Barcode, Hugo_Symbol,
/// Copy_Number_Alteration). Neutral calls are read but not returned.
/// </summary>
public static class CopyNumberReader
{
    private static readonly string[] AnnotationColumns = ["Locus ID", "Cytoband", "Entrez_Gene_Id", "Locus_ID"];

    public static IReadOnlyList<CopyNumberCall> Read(string path)
    {
        using var reader = TextInput.Open(path);
        return Read(reader, path);
    }

    public static IReadOnlyList<CopyNumberCall> Read(TextReader reader, string file)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var calls = new List<CopyNumberCall>();
        string[]? header = null;
        int gene = -1, sample = -1, value = -1;
        int[] sampleColumns = [];
        foreach (var (number, line) in TextInput.Lines(reader, file))
        {
            if (line.Length == 0 || line[0] == '#')
                continue;
            var f = line.Split('\t');
            if (header is null)
            {
                header = f;
                gene = TextInput.Column(header, "Hugo_Symbol", "Gene Symbol", "Gene", "HUGO_SYMBOL");
                if (gene < 0)
                    throw new InputException(new InputError(file, number, null, "Hugo_Symbol", "copy-number header has no gene column (Hugo_Symbol or Gene Symbol)"));
                sample = TextInput.Column(header, "Tumor_Sample_Barcode", "SAMPLE_ID");
                value = TextInput.Column(header, "Copy_Number_Alteration", "CNA", "Value");
                if (sample < 0 || value < 0)
                {
                    sample = value = -1;
                    sampleColumns = [.. Enumerable.Range(0, header.Length).Where(i => i != gene && !AnnotationColumns.Contains(header[i].Trim(), StringComparer.OrdinalIgnoreCase))];
                    if (sampleColumns.Length == 0)
                        throw new InputException(new InputError(file, number, null, null, "copy-number matrix has no sample columns"));
                }

                continue;
            }

            var g = TextInput.Field(f, gene);
            if (g.Length == 0)
                throw new InputException(new InputError(file, number, gene + 1, header[gene], "gene symbol is empty"));
            if (value >= 0)
            {
                Add(calls, file, number, header, TextInput.Field(f, sample), g, f, value);
            }
            else
            {
                foreach (var col in sampleColumns)
                    Add(calls, file, number, header, header[col].Trim(), g, f, col);
            }
        }

        if (header is null)
            throw new InputException(new InputError(file, 1, null, null, "no header line in the copy-number file"));
        return calls;
    }

    private static void Add(List<CopyNumberCall> calls, string file, long line, string[] header, string sample, string gene, string[] f, int col)
    {
        var text = TextInput.Field(f, col);
        if (text.Length == 0 || text is "NA" or "NaN")
            return;
        var state = CopyNumberValues.Parse(text) ?? throw new InputException(new InputError(file, line, col + 1, header[col],
            $"'{text}' is not a copy-number call", "use GISTIC values -2, -1.5, -1, 0, 1, 2 or the words Amplification, Gain, Loss, Deletion"));
        if (state != CopyNumberState.Neutral)
            calls.Add(new CopyNumberCall(sample, gene, state, text, line));
    }

    /// <summary>Parses a number in the invariant culture (for callers holding segment copy numbers).</summary>
    internal static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
}

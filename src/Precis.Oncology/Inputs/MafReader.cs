using System.Globalization;
using Precis.Core;
using Precis.Oncology.Notation;

namespace Precis.Oncology.Inputs;

/// <summary>The MAF flavour a file was recognised as; it decides which column carries the protein change.</summary>
public enum MafDialect
{
    /// <summary>GDC/VEP-annotated MAF (HGVSp_Short, HGVSc, Transcript_ID, t_depth...).</summary>
    Gdc,
    /// <summary>Older TCGA MAF with the protein change in <c>Protein_Change</c> (e.g. TCGA LAML).</summary>
    TcgaProteinChange,
    /// <summary>cBioPortal / OncoKB-annotator MAF: HGVSp_Short (maybe HGVSp, HGVSg) with few columns.</summary>
    CBioPortal,
    /// <summary>An alteration list (HUGO_SYMBOL, SAMPLE_ID, ALTERATION) as the OncoKB annotator reads it.</summary>
    AlterationList,
    /// <summary>Positions and classification only, no protein change.</summary>
    Minimal,
}

/// <summary>A read MAF: its dialect, the protein column used, the variants and the samples in file order.</summary>
/// <param name="File">The path as given.</param>
/// <param name="Dialect">The recognised flavour.</param>
/// <param name="ProteinColumn">The column the protein change came from, or null.</param>
/// <param name="Variants">Every data row, in file order.</param>
/// <param name="Samples">Every sample id, in order of first appearance (samples with only silent rows included).</param>
public sealed record MafFile(string File, MafDialect Dialect, string? ProteinColumn, IReadOnlyList<SomaticVariant> Variants, IReadOnlyList<string> Samples);

/// <summary>
/// Reads MAF files in the GDC, TCGA (<c>Protein_Change</c>), cBioPortal and OncoKB-annotator layouts, plain or
/// gzip, single- or multi-sample. Columns are found by name, case-insensitively. Where several protein columns
/// exist, HGVSp_Short wins, then Protein_Change, then HGVSp, then ALTERATION (the OncoKB annotator's order).
/// </summary>
public static class MafReader
{
    // The OncoKB annotator's query-type rule: HGVSp_Short first; an ALTERATION-only file reads like HGVSp_Short.
    private static readonly string[] ProteinColumns = ["HGVSp_Short", "Protein_Change", "HGVSp", "ALTERATION", "Amino_Acid_Change", "AAChange"];

    /// <summary>The protein column a header resolves to, in the annotator's order of preference, or null.</summary>
    public static string? ResolveProteinColumn(IReadOnlyList<string> header)
    {
        ArgumentNullException.ThrowIfNull(header);
        return ProteinColumns.FirstOrDefault(p => header.Any(h => string.Equals(h.Trim(), p, StringComparison.OrdinalIgnoreCase)));
    }

    public static MafFile Read(string path)
    {
        using var reader = TextInput.Open(path);
        return Read(reader, path);
    }

    public static MafFile Read(TextReader reader, string file)
    {
        ArgumentNullException.ThrowIfNull(reader);
        string[]? header = null;
        long headerLine = 0;
        var variants = new List<SomaticVariant>();
        var samples = new List<string>();
        var seenSamples = new HashSet<string>(StringComparer.Ordinal);
        Columns c = default;
        var dialect = MafDialect.Minimal;
        string? proteinColumn = null;
        var defaultSample = Path.GetFileNameWithoutExtension(file);

        foreach (var (number, line) in TextInput.Lines(reader, file))
        {
            if (line.Length == 0 || line[0] == '#')
                continue;
            var fields = line.Split('\t');
            if (header is null)
            {
                header = fields;
                headerLine = number;
                c = Columns.Of(header, file, number);
                proteinColumn = c.Protein >= 0 ? header[c.Protein].Trim() : null;
                dialect = Recognise(header, proteinColumn);
                continue;
            }

            if (fields.Length > header.Length)
                throw new InputException(new InputError(file, number, header.Length + 1, null, $"row has {fields.Length} fields but the header (line {headerLine}) has {header.Length}"));

            var gene = TextInput.Field(fields, c.Gene);
            if (gene.Length == 0)
                throw new InputException(new InputError(file, number, c.Gene + 1, header[c.Gene], "gene symbol is empty"));
            var sample = c.Sample >= 0 ? TextInput.Field(fields, c.Sample) : defaultSample;
            if (sample.Length == 0)
                throw new InputException(new InputError(file, number, c.Sample + 1, header[c.Sample], "sample id is empty"));
            if (seenSamples.Add(sample))
                samples.Add(sample);

            var classification = TextInput.Field(fields, c.Classification);
            if (classification.Length > 0 && !MafClassifications.All.Contains(classification))
            {
                throw new InputException(new InputError(file, number, c.Classification + 1, header[c.Classification],
                    $"'{classification}' is not a MAF Variant_Classification", "expected one of " + string.Join(", ", MafClassifications.All.Order(StringComparer.Ordinal))));
            }

            var proteinText = TextInput.Field(fields, c.Protein);
            ProteinChange? protein = ProteinChange.Parse(proteinText);
            var chrom = TextInput.Field(fields, c.Chromosome);
            if (chrom.StartsWith("chr", StringComparison.OrdinalIgnoreCase))
                chrom = chrom[3..];

            variants.Add(new SomaticVariant(
                sample,
                gene,
                chrom.Length > 0 ? chrom : null,
                Position(fields, c.Start, header, file, number),
                Position(fields, c.End, header, file, number),
                Nullable(TextInput.Field(fields, c.Ref)),
                Nullable(AltAllele(fields, c)),
                classification,
                protein,
                Nullable(proteinText),
                Nullable(TextInput.Field(fields, c.Hgvsc)),
                Nullable(TextInput.Field(fields, c.Hgvsg)),
                Nullable(TextInput.Field(fields, c.Transcript)),
                Nullable(TextInput.Field(fields, c.Build)),
                Count(fields, c.Depth, header, file, number),
                Count(fields, c.AltCount, header, file, number),
                number));
        }

        if (header is null)
            throw new InputException(new InputError(file, 1, null, null, "no header line: a MAF needs a tab-separated header naming Hugo_Symbol and Tumor_Sample_Barcode"));
        return new MafFile(file, dialect, proteinColumn, variants, samples);
    }

    private static MafDialect Recognise(string[] header, string? proteinColumn)
    {
        bool Has(string name) => TextInput.Column(header, name) >= 0;
        return proteinColumn switch
        {
            "ALTERATION" or "Alteration" => MafDialect.AlterationList,
            _ when proteinColumn is not null && proteinColumn.Equals("Protein_Change", StringComparison.OrdinalIgnoreCase) && !Has("HGVSp_Short") => MafDialect.TcgaProteinChange,
            _ when Has("HGVSp_Short") && Has("Transcript_ID") && Has("t_depth") && Has("HGVSc") && Has("Allele") => MafDialect.Gdc,
            null => MafDialect.Minimal,
            _ => MafDialect.CBioPortal,
        };
    }

    // The tumour allele is Tumor_Seq_Allele2 unless it equals the reference (some callers put it in Allele1).
    private static string AltAllele(string[] fields, Columns c)
    {
        var reference = TextInput.Field(fields, c.Ref);
        var a2 = TextInput.Field(fields, c.Alt2);
        var a1 = TextInput.Field(fields, c.Alt1);
        return a2.Length > 0 && a2 != reference ? a2 : a1 != reference ? a1 : a2;
    }

    private static string? Nullable(string s) => s.Length == 0 ? null : s;

    private static long? Position(string[] fields, int index, string[] header, string file, long line)
    {
        var text = TextInput.Field(fields, index);
        if (text.Length == 0)
            return null;
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) || v < 1)
            throw new InputException(new InputError(file, line, index + 1, header[index], $"'{text}' is not a 1-based position (a whole number ≥ 1)"));
        return v;
    }

    private static int? Count(string[] fields, int index, string[] header, string file, long line)
    {
        var text = TextInput.Field(fields, index);
        if (text.Length == 0 || text is "." or "NA")
            return null;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v))
            throw new InputException(new InputError(file, line, index + 1, header[index], $"'{text}' is not a read count (a whole number ≥ 0)"));
        return v;
    }

    private readonly record struct Columns(
        int Gene, int Sample, int Classification, int Protein, int Chromosome, int Start, int End, int Ref, int Alt1, int Alt2,
        int Hgvsc, int Hgvsg, int Transcript, int Build, int Depth, int AltCount)
    {
        public static Columns Of(string[] header, string file, long line)
        {
            var gene = TextInput.Column(header, "Hugo_Symbol", "HUGO_SYMBOL", "Gene");
            if (gene < 0)
                throw new InputException(new InputError(file, line, null, "Hugo_Symbol", "header has no Hugo_Symbol column", "is this a MAF? the first non-# line must be the header"));
            var protein = ResolveProteinColumn(header);
            return new Columns(
                gene,
                TextInput.Column(header, "Tumor_Sample_Barcode", "SAMPLE_ID", "Tumor_Sample"),
                TextInput.Column(header, "Variant_Classification"),
                protein is null ? -1 : TextInput.Column(header, protein),
                TextInput.Column(header, "Chromosome", "Chrom"),
                TextInput.Column(header, "Start_Position", "Start_position"),
                TextInput.Column(header, "End_Position"),
                TextInput.Column(header, "Reference_Allele"),
                TextInput.Column(header, "Tumor_Seq_Allele1"),
                TextInput.Column(header, "Tumor_Seq_Allele2"),
                TextInput.Column(header, "HGVSc"),
                TextInput.Column(header, "HGVSg"),
                TextInput.Column(header, "Transcript_ID", "i_transcript_name", "Refseq_mrna_id"),
                TextInput.Column(header, "NCBI_Build"),
                TextInput.Column(header, "t_depth"),
                TextInput.Column(header, "t_alt_count"));
        }
    }
}

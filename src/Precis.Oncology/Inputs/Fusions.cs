using Precis.Core;

namespace Precis.Oncology.Inputs;

/// <summary>A gene fusion (or intragenic rearrangement) in one sample, 5′ partner first.</summary>
/// <param name="Sample">Tumour sample id.</param>
/// <param name="FivePrime">5′ partner gene ("" when the input leaves it unknown).</param>
/// <param name="ThreePrime">3′ partner gene (the same gene for an intragenic event; "" when unknown).</param>
/// <param name="AsWritten">The fusion as the input wrote it.</param>
/// <param name="Line">1-based line in the input.</param>
public sealed record Fusion(string Sample, string FivePrime, string ThreePrime, string AsWritten, long Line)
{
    public bool IsIntragenic => FivePrime.Length > 0 && string.Equals(FivePrime, ThreePrime, StringComparison.OrdinalIgnoreCase);

    /// <summary>"5′::3′" as HGNC writes fusions; an unknown partner ("" in the input) shows as "?".</summary>
    public string Label => IsIntragenic ? $"{FivePrime} intragenic" : $"{Or(FivePrime)}::{Or(ThreePrime)}";

    private static string Or(string gene) => gene.Length == 0 ? "?" : gene;
}

/// <summary>Fusion notations: <c>A--B</c> (STAR-Fusion, PCGR), <c>A::B</c> (HGNC), <c>A__B</c> (CGI), <c>A-B</c>,
/// <c>A-B fusion</c> with trailing words, <c>GENE-intragenic</c>, and a single gene.</summary>
public static class FusionNotation
{
    /// <summary>
    /// The (5′, 3′) genes of a fusion text, as the OncoKB annotator's <c>getgenesfromfusion</c>:
    /// "A-B fusion - archer " → (A, B); "MLL2-intragenic" → (MLL2, MLL2); "A" → (A, A).
    /// A single '-' is split at its first occurrence, so hyphenated symbols need "--" or "::".
    /// </summary>
    public static (string FivePrime, string ThreePrime) Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim();
        var space = t.IndexOfAny([' ', '\t']);
        if (space > 0)
            t = t[..space];
        foreach (var sep in (string[])["--", "::", "__", "/"])
        {
            // With an explicit separator an empty side is an unknown partner ("--ALK" in PCGR's example), kept as "".
            var i = t.IndexOf(sep, StringComparison.Ordinal);
            if (i >= 0)
                return (t[..i], t[(i + sep.Length)..] is var b && b.Equals("intragenic", StringComparison.OrdinalIgnoreCase) ? t[..i] : b);
        }

        var dash = t.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 ? Pair(t[..dash], t[(dash + 1)..]) : (t, t);
    }

    private static (string, string) Pair(string a, string b) =>
        b.Length == 0 || b.Equals("intragenic", StringComparison.OrdinalIgnoreCase) ? (a, a) : (a, b);
}

/// <summary>
/// Reads fusion files: the OncoKB annotator's (Tumor_Sample_Barcode, Fusion), its structural-variant form
/// (GeneA, GeneB, Sv_Type) and PCGR's (FusionGene, LeftBreakpoint, RightBreakpoint, SplitReads; one sample).
/// </summary>
public static class FusionReader
{
    public static IReadOnlyList<Fusion> Read(string path)
    {
        using var reader = TextInput.Open(path);
        return Read(reader, path);
    }

    public static IReadOnlyList<Fusion> Read(TextReader reader, string file)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var result = new List<Fusion>();
        string[]? header = null;
        int sample = -1, fusion = -1, geneA = -1, geneB = -1;
        var defaultSample = Path.GetFileName(file).Split('.')[0];
        foreach (var (number, line) in TextInput.Lines(reader, file))
        {
            if (line.Length == 0 || line[0] == '#')
                continue;
            var f = line.Split('\t');
            if (header is null)
            {
                header = f;
                sample = TextInput.Column(header, "Tumor_Sample_Barcode", "SAMPLE_ID", "Sample");
                fusion = TextInput.Column(header, "Fusion", "FusionGene", "FusionName", "#FusionName");
                geneA = TextInput.Column(header, "GeneA", "Site1_Hugo_Symbol");
                geneB = TextInput.Column(header, "GeneB", "Site2_Hugo_Symbol");
                if (fusion < 0 && (geneA < 0 || geneB < 0))
                    throw new InputException(new InputError(file, number, null, "Fusion", "fusion header needs a Fusion (or FusionGene) column, or GeneA and GeneB"));
                continue;
            }

            var s = sample >= 0 ? TextInput.Field(f, sample) : defaultSample;
            if (fusion >= 0)
            {
                var text = TextInput.Field(f, fusion);
                if (text.Length == 0)
                    throw new InputException(new InputError(file, number, fusion + 1, header[fusion], "fusion is empty"));
                var (five, three) = FusionNotation.Parse(text);
                result.Add(new Fusion(s, five, three, text, number));
            }
            else
            {
                var a = TextInput.Field(f, geneA);
                var b = TextInput.Field(f, geneB);
                if (a.Length == 0)
                    throw new InputException(new InputError(file, number, geneA + 1, header[geneA], "gene is empty"));
                result.Add(new Fusion(s, a, b.Length == 0 ? a : b, $"{a}-{(b.Length == 0 ? a : b)}", number));
            }
        }

        if (header is null)
            throw new InputException(new InputError(file, 1, null, null, "no header line in the fusion file"));
        return result;
    }
}

using System.Text;

namespace Precis.Oncology.Notation;

/// <summary>Amino-acid codes: 3-letter ↔ 1-letter conversion, case-insensitive, with <c>Ter</c> as <c>*</c>.</summary>
public static class AminoAcids
{
    private static readonly Dictionary<string, char> ThreeToOne = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Ala"] = 'A', ["Arg"] = 'R', ["Asn"] = 'N', ["Asp"] = 'D', ["Cys"] = 'C', ["Gln"] = 'Q', ["Glu"] = 'E',
        ["Gly"] = 'G', ["His"] = 'H', ["Ile"] = 'I', ["Leu"] = 'L', ["Lys"] = 'K', ["Met"] = 'M', ["Phe"] = 'F',
        ["Pro"] = 'P', ["Ser"] = 'S', ["Thr"] = 'T', ["Trp"] = 'W', ["Tyr"] = 'Y', ["Val"] = 'V', ["Sec"] = 'U',
        ["Pyl"] = 'O', ["Asx"] = 'B', ["Glx"] = 'Z', ["Xaa"] = 'X', ["Ter"] = '*',
    };

    private static readonly Dictionary<char, string> OneToThree =
        ThreeToOne.Where(kv => kv.Key is not ("Asx" or "Glx" or "Xaa")).ToDictionary(kv => kv.Value, kv => kv.Key);

    // HGVS words that may precede or follow a run of amino-acid codes inside one protein change.
    private static readonly string[] Joiners = ["delins", "del", "ins", "dup", "fs", "ext"];

    /// <summary>The 1-letter code of a 3-letter code (any case), or null.</summary>
    public static char? OneLetter(string threeLetter) =>
        threeLetter is not null && ThreeToOne.TryGetValue(threeLetter, out var c) ? c : null;

    /// <summary>The 3-letter code of a 1-letter code ('*' gives "Ter"), or null.</summary>
    public static string? ThreeLetter(char oneLetter) =>
        OneToThree.TryGetValue(char.ToUpperInvariant(oneLetter), out var s) ? s : null;

    /// <summary>
    /// Replaces every run of 3-letter codes by 1-letter codes, case-insensitively ("TyR100" → "Y100",
    /// "Gly12Cys" → "G12C", "Ser355LysfsTer7" → "S355Kfs*7"). A run is only converted when it stands alone
    /// between non-letters or HGVS words, so ordinary words survive: "Promoter" stays "Promoter".
    /// </summary>
    public static string ToOneLetter(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsLetter(text[i]) && AtBoundary(text, i) && TryRun(text, i, out var converted, out var next))
            {
                sb.Append(converted);
                i = next;
                continue;
            }

            // Copy a joiner word whole so a code right after it ("delinsAlaGly") starts a new run.
            var joiner = Joiners.FirstOrDefault(j => string.Compare(text, i, j, 0, j.Length, StringComparison.OrdinalIgnoreCase) == 0 && AtBoundary(text, i));
            if (joiner is not null)
            {
                sb.Append(joiner);
                i += joiner.Length;
                continue;
            }

            sb.Append(text[i]);
            i++;
        }

        return sb.ToString();
    }

    private static bool AtBoundary(string text, int i) =>
        i == 0 || !char.IsLetter(text[i - 1]) || EndsWithJoiner(text, i);

    private static bool EndsWithJoiner(string text, int i) =>
        Joiners.Any(j => i >= j.Length && string.Compare(text, i - j.Length, j, 0, j.Length, StringComparison.OrdinalIgnoreCase) == 0);

    private static bool TryRun(string text, int start, out string converted, out int next)
    {
        var sb = new StringBuilder();
        var i = start;
        while (i + 3 <= text.Length && ThreeToOne.TryGetValue(text.Substring(i, 3), out var c))
        {
            sb.Append(c);
            i += 3;
        }

        converted = sb.ToString();
        next = i;
        if (sb.Length == 0)
            return false;

        // The run must end at a non-letter, the end, or an HGVS word; otherwise it is part of a word.
        if (i == text.Length || !char.IsLetter(text[i]))
            return true;
        var rest = text.AsSpan(i);
        foreach (var j in Joiners)
        {
            if (rest.StartsWith(j, StringComparison.OrdinalIgnoreCase))
                return true;
        }

        // "splice" follows a position, never a code, so it is not a joiner here.
        return false;
    }
}

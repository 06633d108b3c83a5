using System.Globalization;
using System.Text.RegularExpressions;

namespace Precis.Oncology.Notation;

/// <summary>The kind of a protein change, which decides the consequence classes it can match.</summary>
public enum ProteinChangeKind
{
    Missense,
    Nonsense,
    Synonymous,
    Frameshift,
    InframeDeletion,
    InframeInsertion,
    Delins,
    Duplication,
    Splice,
    StartLost,
    StopLost,
    /// <summary>A position without an alternative ("V600"): a codon, used by wildcards.</summary>
    Codon,
    /// <summary>Not positional ("Promoter", "vIII", "ITD", "Amplification"): kept as written.</summary>
    Other,
}

/// <summary>
/// A protein change in one canonical 1-letter form, whatever notation it was written in: 3- or 1-letter
/// codes in any case, with or without <c>p.</c> and parentheses, <c>*</c>/<c>Ter</c>/<c>X</c> for stop,
/// <c>fs</c> with or without the new stop, and the MAF splice form <c>X1445_splice</c>.
/// </summary>
/// <param name="Text">Canonical text without "p.", e.g. "V600E", "E182*", "S355fs", "E746_A750del", "X1445_splice".</param>
/// <param name="Kind">What the change does to the protein.</param>
/// <param name="Reference">Reference residue(s) at <paramref name="Start"/> ("" when not given).</param>
/// <param name="Start">First affected codon (0 for <see cref="ProteinChangeKind.Other"/>).</param>
/// <param name="End">Last affected codon.</param>
/// <param name="Alternate">New residue(s): the missense residue, the inserted sequence, or "" .</param>
public sealed partial record ProteinChange(string Text, ProteinChangeKind Kind, string Reference, int Start, int End, string Alternate)
{
    /// <summary>Longest protein-change text accepted, so a corrupt field cannot cost much.</summary>
    public const int MaxLength = 500;

    /// <summary>True for nonsense, frameshift and splice-site changes: the "truncating" functional class.</summary>
    public bool IsTruncating => Kind is ProteinChangeKind.Nonsense or ProteinChangeKind.Frameshift or ProteinChangeKind.Splice;

    /// <summary>True when the change alters the protein sequence (everything but synonymous).</summary>
    public bool IsNonSynonymous => Kind != ProteinChangeKind.Synonymous;

    /// <summary>The Sequence Ontology consequence the change implies (as in CGI's <c>::consequence::</c> grammar).</summary>
    public string Consequence => Kind switch
    {
        ProteinChangeKind.Missense => "missense_variant",
        ProteinChangeKind.Nonsense => "stop_gained",
        ProteinChangeKind.Synonymous => "synonymous_variant",
        ProteinChangeKind.Frameshift => "frameshift_variant",
        ProteinChangeKind.InframeDeletion => "inframe_deletion",
        ProteinChangeKind.InframeInsertion or ProteinChangeKind.Duplication => "inframe_insertion",
        ProteinChangeKind.Delins => Alternate.Length > End - Start + 1 ? "inframe_insertion" : "inframe_deletion",
        ProteinChangeKind.Splice => "splice_site_variant",
        ProteinChangeKind.StartLost => "start_lost",
        ProteinChangeKind.StopLost => "stop_lost",
        _ => "other",
    };

    /// <summary>Parses any supported notation; returns null for an empty value.</summary>
    public static ProteinChange? Parse(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
            return null;
        var s = raw.Trim();
        if (s.Length > MaxLength)
            s = s[..MaxLength];
        if (s.StartsWith("p.", StringComparison.OrdinalIgnoreCase))
            s = s[2..];
        if (s.Length > 2 && s[0] == '(' && s[^1] == ')')
            s = s[1..^1];
        if (s.Length == 0 || s is "?" or "=" or "0")
            return null;

        // Only text written in 3-letter codes is converted, so a 1-letter inserted sequence such as
        // "insHIS" (His-Ile-Ser) is never misread as the 3-letter "His".
        var t = ThreeLetterStartRx().IsMatch(s) ? AminoAcids.ToOneLetter(s) : s;
        Match m;
        if ((m = SpliceRx().Match(t)).Success)
        {
            var pos = Int(m.Groups[2].Value);
            return new($"{Up(m.Groups[1].Value, "X")}{pos}_splice", ProteinChangeKind.Splice, Up(m.Groups[1].Value, "X"), pos, pos, "");
        }

        if ((m = FrameshiftRx().Match(t)).Success)
        {
            var pos = Int(m.Groups[2].Value);
            var refAa = m.Groups[1].Value.ToUpperInvariant();
            return new($"{refAa}{pos}fs", ProteinChangeKind.Frameshift, refAa, pos, pos, "");
        }

        if ((m = RangeRx().Match(t)).Success)
        {
            var r1 = m.Groups[1].Value.ToUpperInvariant();
            var p1 = Int(m.Groups[2].Value);
            var r2 = m.Groups[3].Value.ToUpperInvariant();
            var p2 = m.Groups[4].Success && m.Groups[4].Length > 0 ? Int(m.Groups[4].Value) : p1;
            var op = m.Groups[5].Value.ToLowerInvariant();
            var alt = m.Groups[6].Value.ToUpperInvariant().Replace('X', '*');
            if (alt.All(char.IsAsciiDigit))
                alt = "";
            var span = p2 == p1 ? $"{r1}{p1}" : $"{r1}{p1}_{r2}{p2}";
            var kind = op switch
            {
                "del" => ProteinChangeKind.InframeDeletion,
                "ins" => ProteinChangeKind.InframeInsertion,
                "dup" => ProteinChangeKind.Duplication,
                _ => ProteinChangeKind.Delins,
            };
            if (kind == ProteinChangeKind.InframeDeletion && alt.Length > 0)
                kind = ProteinChangeKind.Delins;
            return new($"{span}{(kind == ProteinChangeKind.Delins ? "delins" : op)}{alt}", kind, r1, p1, p2, alt);
        }

        if ((m = StopLostRx().Match(t)).Success)
        {
            var pos = Int(m.Groups[1].Value);
            var alt = m.Groups[2].Value.ToUpperInvariant();
            return new($"*{pos}{alt}ext", ProteinChangeKind.StopLost, "*", pos, pos, alt);
        }

        if ((m = PointRx().Match(t)).Success)
        {
            var refAa = m.Groups[1].Value.ToUpperInvariant();
            var pos = Int(m.Groups[2].Value);
            var alt = m.Groups[3].Value.ToUpperInvariant();

            // "X" as the new residue is the older MAF spelling of a stop; as the reference it means "unknown".
            if (alt == "X")
                alt = "*";
            if (alt.Length == 0)
                return new($"{refAa}{pos}", ProteinChangeKind.Codon, refAa, pos, pos, "");
            if (alt is "=" || alt == refAa)
                return new($"{refAa}{pos}=", ProteinChangeKind.Synonymous, refAa, pos, pos, refAa);
            if (alt == "?" && pos == 1 && refAa == "M")
                return new("M1?", ProteinChangeKind.StartLost, refAa, pos, pos, "?");
            if (pos == 1 && refAa == "M")
                return new($"M1{alt}", ProteinChangeKind.StartLost, refAa, pos, pos, alt);
            var kind = alt == "*" ? ProteinChangeKind.Nonsense : ProteinChangeKind.Missense;
            return new($"{refAa}{pos}{alt}", kind, refAa, pos, pos, alt);
        }

        return new(s, ProteinChangeKind.Other, "", 0, 0, "");
    }

    private static int Int(string s) => int.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture);

    private static string Up(string s, string ifEmpty) => s.Length == 0 ? ifEmpty : s.ToUpperInvariant();

    public override string ToString() => Text;

    [GeneratedRegex(@"^(?:Ala|Arg|Asn|Asp|Cys|Gln|Glu|Gly|His|Ile|Leu|Lys|Met|Phe|Pro|Ser|Thr|Trp|Tyr|Val|Ter|Sec|Pyl|Xaa)\d", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ThreeLetterStartRx();

    [GeneratedRegex(@"^([A-Za-z*]?)(\d{1,6})_?splice$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SpliceRx();

    // "S355Kfs*7", "S355fs", "WQ288fs" (a MAF-lite quirk that names two residues), "R175fsX12".
    [GeneratedRegex(@"^([A-Z*]{1,3}?)(\d{1,6})[A-Z*]?fs(?:[*X]?\d*|\*?\?)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FrameshiftRx();

    [GeneratedRegex(@"^([A-Z*]?)(\d{1,6})(?:_([A-Z*]?)(\d{1,6}))?(delins|del|ins|dup)([A-Z*]*|\d*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RangeRx();

    [GeneratedRegex(@"^\*(\d{1,6})([A-Z])ext\*?\??\d*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StopLostRx();

    [GeneratedRegex(@"^([A-Z*])(\d{1,6})([A-Z*=?]?)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PointRx();
}

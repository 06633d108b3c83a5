using System.Globalization;

namespace Precis.Genomics.Sites;

/// <summary>
/// Contig aliasing for human references: "chr1", "1" and "NC_000001.11" (or .10) name the same chromosome, as do
/// "chrX", "X" and "23", "chrY"/"Y"/"24", and "chrM"/"MT"/"M"/"NC_012920.1".
/// </summary>
public static class ContigNames
{
    /// <summary>The canonical key: "1".."22", "X", "Y", "MT", or the name unchanged for other contigs.</summary>
    public static string Canonical(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var s = name.AsSpan();
        if (s.StartsWith("chr", StringComparison.OrdinalIgnoreCase))
            s = s[3..];
        if (s.StartsWith("NC_0000", StringComparison.Ordinal) && s.Length >= 9)
        {
            // RefSeq chromosome accessions NC_0000NN.v: NN = 1..22, 23 = X, 24 = Y.
            var dot = s.IndexOf('.');
            var digits = dot < 0 ? s[7..] : s[7..dot];
            if (int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var nc) && nc is >= 1 and <= 24)
                return FromNumber(nc);
            return name;
        }

        if (s.StartsWith("NC_012920", StringComparison.Ordinal))
            return "MT";
        if (s.Equals("M", StringComparison.OrdinalIgnoreCase) || s.Equals("MT", StringComparison.OrdinalIgnoreCase))
            return "MT";
        if (s.Equals("X", StringComparison.OrdinalIgnoreCase))
            return "X";
        if (s.Equals("Y", StringComparison.OrdinalIgnoreCase))
            return "Y";
        if (int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 24 && s[0] != '0')
            return FromNumber(n);
        return name;
    }

    /// <summary>True when two names denote the same chromosome.</summary>
    public static bool SameContig(string a, string b) => string.Equals(Canonical(a), Canonical(b), StringComparison.Ordinal);

    /// <summary>The name a file uses for a chromosome, given the names it declares (null when it has none matching).</summary>
    public static string? Resolve(string wanted, IEnumerable<string> available)
    {
        ArgumentNullException.ThrowIfNull(available);
        var key = Canonical(wanted);
        string? match = null;
        foreach (var name in available)
        {
            if (name == wanted)
                return name;
            if (match is null && Canonical(name) == key)
                match = name;
        }

        return match;
    }

    private static string FromNumber(int n) => n switch
    {
        23 => "X",
        24 => "Y",
        _ => n.ToString(CultureInfo.InvariantCulture),
    };
}

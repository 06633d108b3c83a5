namespace Precis.Genomics.Vcf;

/// <summary>Parsimonious allele representation (Tan et al. 2015): trim shared trailing, then leading bases, keeping one.</summary>
public static class AlleleTrimming
{
    /// <summary>Trims a REF/ALT pair; returns the new 1-based position and alleles. Symbolic alleles are returned unchanged.</summary>
    public static (long Pos, string Ref, string Alt) Trim(long pos, string reference, string alt)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(alt);
        if (alt.Length == 0 || alt[0] == '<' || alt == "*" || VcfRecord.IsBreakend(alt))
            return (pos, reference, alt);
        var r = reference.AsSpan();
        var a = alt.AsSpan();
        while (r.Length > 1 && a.Length > 1 && char.ToUpperInvariant(r[^1]) == char.ToUpperInvariant(a[^1]))
        {
            r = r[..^1];
            a = a[..^1];
        }

        while (r.Length > 1 && a.Length > 1 && char.ToUpperInvariant(r[0]) == char.ToUpperInvariant(a[0]))
        {
            r = r[1..];
            a = a[1..];
            pos++;
        }

        // Nothing trimmed (every SNV, most indels): the caller's strings, not copies.
        return (pos, r.Length == reference.Length ? reference : r.ToString(), a.Length == alt.Length ? alt : a.ToString());
    }

    /// <summary>True when two REF/ALT pairs at (possibly different) positions describe the same change once trimmed.</summary>
    public static bool SameVariant(long pos1, string ref1, string alt1, long pos2, string ref2, string alt2) =>
        Trim(pos1, ref1, alt1) == Trim(pos2, ref2, alt2);
}

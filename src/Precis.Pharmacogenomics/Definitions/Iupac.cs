namespace Precis.Pharmacogenomics.Definitions;

/// <summary>IUPAC nucleotide codes as used in allele definitions (e.g. R = A or G).</summary>
public static class Iupac
{
    /// <summary>True for a single-letter ambiguity code (not A, C, G or T).</summary>
    public static bool IsWobble(string allele) =>
        allele is { Length: 1 } && "RYSWKMBDHVN".Contains(allele[0], StringComparison.Ordinal);

    /// <summary>Whether an observed allele satisfies a defined allele, expanding IUPAC codes for SNVs.</summary>
    public static bool Matches(string defined, string observed)
    {
        if (string.Equals(defined, observed, StringComparison.Ordinal))
            return true;
        if (defined.Length != 1 || observed.Length != 1)
            return false;
        var bases = defined[0] switch
        {
            'R' => "AG",
            'Y' => "CT",
            'S' => "CG",
            'W' => "AT",
            'K' => "GT",
            'M' => "AC",
            'B' => "CGT",
            'D' => "AGT",
            'H' => "ACT",
            'V' => "ACG",
            'N' => "ACGT",
            _ => "",
        };
        return bases.Contains(observed[0], StringComparison.Ordinal);
    }
}

using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Precis.Genomics.Vcf;

/// <summary>
/// A decoded GT value: allele indices (-1 = missing '.'), and for each allele whether it is phased to the one
/// before it. The first allele's phase is explicit in VCF 4.4 ("|0/1") or implied: phased when every other
/// separator is '|', so a haploid call is phased.
/// </summary>
public sealed class Genotype : IEquatable<Genotype>
{
    /// <summary>The missing-allele index.</summary>
    public const int Missing = -1;

    private readonly int[] _alleles;
    private readonly bool[] _phased;

    internal Genotype(int[] alleles, bool[] phased, bool firstPhaseExplicit)
    {
        _alleles = alleles;
        _phased = phased;
        FirstPhaseExplicit = firstPhaseExplicit;
        // Genotypes are immutable and shared across records, so the summary flags are worked out once here.
        var missing = 0;
        var reference = 0;
        var max = -1;
        foreach (var a in alleles)
        {
            if (a == Missing)
                missing++;
            else if (a == 0)
                reference++;
            max = Math.Max(max, a);
        }

        MaxAllele = max;
        IsMissing = missing == alleles.Length;
        IsPartiallyMissing = missing > 0 && missing < alleles.Length;
        IsHomozygousReference = alleles.Length > 0 && reference == alleles.Length;
        HasAlternate = max > 0;
        IsPhased = phased.Length > 0 && Array.TrueForAll(phased, p => p);
        for (var k = 1; k < alleles.Length && !IsHeterozygous; k++)
            IsHeterozygous = alleles[k] != alleles[0];
    }

    /// <summary>Some allele differs from the first (missing alleles count as different).</summary>
    internal bool IsHeterozygous { get; }

    /// <summary>A GT that is absent from the sample column (FORMAT without GT, or a truncated sample).</summary>
    public static Genotype Absent { get; } = new([], [], false);

    /// <summary>Allele indices in order; <see cref="Missing"/> for '.'.</summary>
    public IReadOnlyList<int> Alleles => _alleles;

    /// <summary>Number of alleles written (0 when GT is absent).</summary>
    public int Ploidy => _alleles.Length;

    /// <summary>The highest allele index called (-1 when all are missing); checked against the ALT count per record.</summary>
    internal int MaxAllele { get; }

    /// <summary>Whether allele i is phased relative to the previous one (for i = 0: the explicit or implied prefix).</summary>
    public bool IsAllelePhased(int i) => _phased[i];

    /// <summary>True when the first allele carried an explicit VCF 4.4 '/' or '|' prefix.</summary>
    public bool FirstPhaseExplicit { get; }

    /// <summary>True when every separator is '|' (and for haploid calls, when the allele is phased).</summary>
    public bool IsPhased { get; }

    /// <summary>True when GT is absent or every allele is '.'.</summary>
    public bool IsMissing { get; }

    /// <summary>True when some but not all alleles are '.'.</summary>
    public bool IsPartiallyMissing { get; }

    /// <summary>True when every allele is called and is the reference.</summary>
    public bool IsHomozygousReference { get; }

    /// <summary>True when any called allele is non-reference.</summary>
    public bool HasAlternate { get; }

    /// <summary>Number of copies of allele <paramref name="allele"/> among the called alleles.</summary>
    public int CountOf(int allele) => _alleles.Count(a => a == allele);

    /// <summary>Parses a GT value. Returns null (with a reason) when malformed; <paramref name="allowPrefix"/> enables VCF 4.4 prefixes.</summary>
    public static Genotype? Parse(ReadOnlySpan<char> text, bool allowPrefix, int maxPloidy, out string? error)
    {
        error = null;
        if (text.Length == 0)
        {
            error = "GT is empty";
            return null;
        }

        var alleles = new List<int>(2);
        var phased = new List<bool>(2);
        var i = 0;
        bool? prefix = null;
        if (text[0] is '/' or '|')
        {
            if (!allowPrefix)
            {
                error = $"GT '{text}' starts with a phase separator (allowed only from VCF 4.4)";
                return null;
            }

            prefix = text[0] == '|';
            i = 1;
        }

        var expectAllele = true;
        var sep = false;
        while (i < text.Length)
        {
            if (!expectAllele)
            {
                if (text[i] is not ('/' or '|'))
                {
                    error = $"GT '{text}' has '{text[i]}' where a '/' or '|' separator is expected";
                    return null;
                }

                sep = text[i] == '|';
                i++;
                expectAllele = true;
                continue;
            }

            if (text[i] == '.')
            {
                alleles.Add(Missing);
                i++;
            }
            else if (char.IsAsciiDigit(text[i]))
            {
                var start = i;
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                    i++;
                if (i - start > 9 || !int.TryParse(text[start..i], NumberStyles.None, CultureInfo.InvariantCulture, out var a))
                {
                    error = $"GT '{text}' has an allele index out of range";
                    return null;
                }

                alleles.Add(a);
            }
            else
            {
                error = $"GT '{text}' has '{text[i]}' where an allele index or '.' is expected";
                return null;
            }

            phased.Add(sep);
            expectAllele = false;
            if (alleles.Count > maxPloidy)
            {
                error = $"GT '{text}' has more than {maxPloidy} alleles (the ploidy limit)";
                return null;
            }
        }

        if (expectAllele)
        {
            error = $"GT '{text}' ends with a separator";
            return null;
        }

        var arrA = alleles.ToArray();
        var arrP = phased.ToArray();
        arrP[0] = prefix ?? ImpliedFirstPhase(arrA, arrP);
        return new Genotype(arrA, arrP, prefix is not null);
    }

    // Genotypes are immutable and a file uses few distinct GT texts ("0/0", "0|1", "./.", ...), so short ones are
    // parsed once and shared: this removes the per-sample allocation that dominates multi-sample reading.
    private static readonly ConcurrentDictionary<string, Genotype> Cache43 = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, Genotype> Cache44 = new(StringComparer.Ordinal);
    private const int CacheLimit = 4096;
    private string? _text43;
    private string? _text44;

    /// <summary>As <see cref="Parse"/>, sharing the instance for short, frequent GT texts.</summary>
    public static Genotype? ParseShared(ReadOnlySpan<char> text, bool allowPrefix, int maxPloidy, out string? error)
    {
        var cache = allowPrefix ? Cache44 : Cache43;
        if (text.Length <= 12 && cache.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(text, out var hit) && hit.Ploidy <= maxPloidy)
        {
            error = null;
            return hit;
        }

        var g = Parse(text, allowPrefix, maxPloidy, out error);
        if (g is not null && text.Length <= 12 && cache.Count < CacheLimit)
            cache.TryAdd(text.ToString(), g);
        return g;
    }

    /// <summary>
    /// VCF 4.4 §1.6.2: without a prefix the first allele is phased when all other alleles are. htslib, whose output
    /// the fixtures record, treats a lone '.' as unphased; we follow it so round trips agree.
    /// </summary>
    private static bool ImpliedFirstPhase(int[] alleles, bool[] phased)
    {
        if (alleles.Length == 1)
            return alleles[0] != Missing;
        for (var k = 1; k < phased.Length; k++)
            if (!phased[k])
                return false;
        return true;
    }

    /// <summary>The GT text. With <paramref name="vcf44"/> the first allele's phase is written only where it differs
    /// from the implied one (as htslib does); otherwise it is never written.</summary>
    public string Format(bool vcf44) => vcf44 ? _text44 ??= Render(true) : _text43 ??= Render(false);

    private string Render(bool vcf44)
    {
        if (_alleles.Length == 0)
            return ".";
        var sb = new StringBuilder(_alleles.Length * 2);
        if (vcf44 && _phased[0] != ImpliedFirstPhase(_alleles, _phased))
            sb.Append(_phased[0] ? '|' : '/');
        for (var k = 0; k < _alleles.Length; k++)
        {
            if (k > 0)
                sb.Append(_phased[k] ? '|' : '/');
            if (_alleles[k] == Missing)
                sb.Append('.');
            else
                sb.Append(_alleles[k].ToString(CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    public override string ToString() => Format(vcf44: true);

    public bool Equals(Genotype? other) =>
        other is not null && _alleles.AsSpan().SequenceEqual(other._alleles) && _phased.AsSpan().SequenceEqual(other._phased);

    public override bool Equals(object? obj) => Equals(obj as Genotype);

    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var a in _alleles)
            h.Add(a);
        foreach (var p in _phased)
            h.Add(p);
        return h.ToHashCode();
    }
}

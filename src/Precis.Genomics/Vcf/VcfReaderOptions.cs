using System.Collections.Concurrent;
using Precis.Core;

namespace Precis.Genomics.Vcf;

/// <summary>What the reader does with input that breaks a rule of the specification.</summary>
public enum VcfErrorMode
{
    /// <summary>Throw an <see cref="InputException"/> naming file, line, column and the rule broken.</summary>
    Strict,

    /// <summary>Repair what can be repaired, skip records that cannot be trusted, and count both in <see cref="VcfLeniencyReport"/>.</summary>
    Lenient,
}

/// <summary>Reader settings: error mode, validation depth and explicit size limits.</summary>
public sealed record VcfReaderOptions
{
    /// <summary>Strict (default) or lenient.</summary>
    public VcfErrorMode Mode { get; init; } = VcfErrorMode.Strict;

    /// <summary>Check every sample column of every record (GT syntax, allele range, Number/Type of FORMAT values).
    /// Turn off for speed when only site columns are needed; samples are then decoded (and checked) only when read.</summary>
    public bool ValidateSamples { get; init; } = true;

    /// <summary>Check the order of records (contigs contiguous, positions non-decreasing) and exact duplicates.</summary>
    public bool ValidateOrder { get; init; } = true;

    /// <summary>Threads for BGZF inflation (1 = inline).</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Longest line accepted, in bytes.</summary>
    public int MaxLineLength { get; init; } = 256 << 20;

    /// <summary>Most header lines accepted before the #CHROM line.</summary>
    public int MaxHeaderLines { get; init; } = 1_000_000;

    /// <summary>Most samples accepted.</summary>
    public int MaxSamples { get; init; } = 10_000_000;

    /// <summary>Most ALT alleles accepted in one record.</summary>
    public int MaxAlleles { get; init; } = 100_000;

    /// <summary>Largest ploidy accepted in a GT value.</summary>
    public int MaxPloidy { get; init; } = 64;

    /// <summary>Strict defaults.</summary>
    public static VcfReaderOptions Strict { get; } = new();

    /// <summary>Lenient defaults.</summary>
    public static VcfReaderOptions Lenient { get; } = new() { Mode = VcfErrorMode.Lenient };
}

/// <summary>Counts of what a lenient read repaired or skipped, by rule, with the first example of each.</summary>
public sealed class VcfLeniencyReport
{
    private readonly ConcurrentDictionary<string, long> _repaired = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _skipped = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, InputError> _firstExample = new(StringComparer.Ordinal);

    /// <summary>Problems fixed or tolerated, by rule, with the record kept.</summary>
    public IReadOnlyDictionary<string, long> Repaired => _repaired;

    /// <summary>Records (or header lines) dropped, by rule.</summary>
    public IReadOnlyDictionary<string, long> Skipped => _skipped;

    /// <summary>The first occurrence of each rule, for the message shown to the user.</summary>
    public IReadOnlyDictionary<string, InputError> FirstExample => _firstExample;

    /// <summary>Total records or lines skipped.</summary>
    public long SkippedCount => _skipped.Values.Sum();

    /// <summary>Total repairs.</summary>
    public long RepairedCount => _repaired.Values.Sum();

    internal void Repair(InputError error, string rule)
    {
        _repaired.AddOrUpdate(rule, 1, (_, n) => n + 1);
        _firstExample.TryAdd(rule, error);
    }

    internal void Skip(InputError error, string rule)
    {
        _skipped.AddOrUpdate(rule, 1, (_, n) => n + 1);
        _firstExample.TryAdd(rule, error);
    }

    /// <summary>One line per rule: "skipped 3 records: rule (first at file:line:col)".</summary>
    public IEnumerable<string> Describe()
    {
        foreach (var (rule, n) in _skipped.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            yield return $"skipped {n}: {rule} (first: {_firstExample[rule]})";
        foreach (var (rule, n) in _repaired.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            yield return $"repaired {n}: {rule} (first: {_firstExample[rule]})";
    }
}

using System.Globalization;

namespace Precis.Genomics.Vcf;

/// <summary>How many values an INFO/FORMAT field has (VCF §1.4.2 "Number").</summary>
public enum VcfNumberKind
{
    /// <summary>A fixed count (0 for flags).</summary>
    Fixed,

    /// <summary>One value per alternate allele.</summary>
    A,

    /// <summary>One value per allele, reference included.</summary>
    R,

    /// <summary>One value per possible genotype (depends on ploidy).</summary>
    G,

    /// <summary>One value per allele of the sample's ploidy (VCF 4.4).</summary>
    P,

    /// <summary>Unknown or varying ('.').</summary>
    Unbounded,
}

/// <summary>The value type of an INFO/FORMAT field (VCF §1.4.2 "Type").</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The members are the VCF specification's Type names.")]
public enum VcfValueType
{
    Integer,
    Float,
    Flag,
    Character,
    String,
}

/// <summary>The declared cardinality of a field: a kind and, for <see cref="VcfNumberKind.Fixed"/>, the count.</summary>
public readonly record struct VcfNumber(VcfNumberKind Kind, int Count)
{
    public static VcfNumber Unbounded { get; } = new(VcfNumberKind.Unbounded, 0);

    public static VcfNumber One { get; } = new(VcfNumberKind.Fixed, 1);

    /// <summary>Parses "1", "A", "R", "G", "P" or "."; null when invalid.</summary>
    public static VcfNumber? Parse(string text) => text switch
    {
        "A" => new VcfNumber(VcfNumberKind.A, 0),
        "R" => new VcfNumber(VcfNumberKind.R, 0),
        "G" => new VcfNumber(VcfNumberKind.G, 0),
        "P" => new VcfNumber(VcfNumberKind.P, 0),
        "." => Unbounded,
        _ => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? new VcfNumber(VcfNumberKind.Fixed, n) : null,
    };

    /// <summary>The expected number of values for a record with <paramref name="altCount"/> ALT alleles and a sample
    /// of <paramref name="ploidy"/>; null when it cannot be known.</summary>
    public int? Expected(int altCount, int ploidy) => Kind switch
    {
        VcfNumberKind.Fixed => Count,
        VcfNumberKind.A => altCount,
        VcfNumberKind.R => altCount + 1,
        VcfNumberKind.G => ploidy <= 0 ? null : GenotypeCount(altCount + 1, ploidy),
        VcfNumberKind.P => ploidy <= 0 ? null : ploidy,
        _ => null,
    };

    /// <summary>Number of unordered genotypes of <paramref name="ploidy"/> over <paramref name="alleles"/> alleles: C(n+p-1, p).</summary>
    public static int GenotypeCount(int alleles, int ploidy)
    {
        long result = 1;
        for (var i = 1; i <= ploidy; i++)
        {
            result = result * (alleles + i - 1) / i;
            if (result > int.MaxValue)
                return int.MaxValue;
        }

        return (int)result;
    }

    public override string ToString() => Kind switch
    {
        VcfNumberKind.Fixed => Count.ToString(CultureInfo.InvariantCulture),
        VcfNumberKind.Unbounded => ".",
        _ => Kind.ToString(),
    };
}

/// <summary>An INFO or FORMAT definition: ##INFO=&lt;ID=..,Number=..,Type=..,Description=".."&gt;.</summary>
/// <param name="Id">The key used in records.</param>
/// <param name="Number">Declared cardinality.</param>
/// <param name="Type">Declared value type.</param>
/// <param name="Description">Free text (quotes removed, escapes resolved).</param>
/// <param name="Declared">False for a definition implied by the spec's reserved keys or by use without a header line.</param>
public sealed record VcfFieldDefinition(string Id, VcfNumber Number, VcfValueType Type, string Description, bool Declared = true);

/// <summary>A ##FILTER definition.</summary>
public sealed record VcfFilterDefinition(string Id, string Description);

/// <summary>A ##contig definition; <paramref name="Length"/> is null when not stated.</summary>
public sealed record VcfContigDefinition(string Id, long? Length, IReadOnlyDictionary<string, string> Attributes);

/// <summary>One ## meta line: key, raw value and, for structured lines (&lt;...&gt;), its ordered fields.</summary>
public sealed record VcfMetaLine(string Key, string Value, IReadOnlyList<KeyValuePair<string, string>>? Fields)
{
    /// <summary>The value of a structured field, or null.</summary>
    public string? this[string field] => Fields?.FirstOrDefault(f => f.Key == field).Value;
}

/// <summary>A parsed VCF header: meta lines, INFO/FORMAT/FILTER/contig definitions and the sample names.</summary>
public sealed class VcfHeader
{
    private readonly Dictionary<string, int> _sampleIndex;

    internal VcfHeader(
        string fileFormat,
        IReadOnlyList<VcfMetaLine> metaLines,
        Dictionary<string, VcfFieldDefinition> info,
        Dictionary<string, VcfFieldDefinition> format,
        Dictionary<string, VcfFilterDefinition> filters,
        List<VcfContigDefinition> contigs,
        IReadOnlyList<string> samples,
        string headerLine)
    {
        FileFormat = fileFormat;
        MetaLines = metaLines;
        InfoDefinitions = info;
        FormatDefinitions = format;
        Filters = filters;
        ContigList = contigs;
        Samples = samples;
        SampleCount = samples.Count;
        HeaderLine = headerLine;
        _sampleIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < samples.Count; i++)
            _sampleIndex.TryAdd(samples[i], i);
        (MajorVersion, MinorVersion) = ParseVersion(fileFormat);
    }

    /// <summary>The ##fileformat value, e.g. "VCFv4.3".</summary>
    public string FileFormat { get; }

    public int MajorVersion { get; }

    public int MinorVersion { get; }

    /// <summary>True for VCF 4.4 and later, where GT may carry an explicit phase prefix on its first allele.</summary>
    public bool IsVcf44OrLater => MajorVersion > 4 || (MajorVersion == 4 && MinorVersion >= 4);

    /// <summary>Every ## line in file order (including ##fileformat).</summary>
    public IReadOnlyList<VcfMetaLine> MetaLines { get; }

    /// <summary>INFO definitions by ID (declared ones, plus implied ones added while reading undeclared keys).</summary>
    public IReadOnlyDictionary<string, VcfFieldDefinition> InfoDefinitions { get; }

    /// <summary>FORMAT definitions by ID.</summary>
    public IReadOnlyDictionary<string, VcfFieldDefinition> FormatDefinitions { get; }

    /// <summary>FILTER definitions by ID.</summary>
    public IReadOnlyDictionary<string, VcfFilterDefinition> Filters { get; }

    /// <summary>Contigs in header order (declared, then those first seen in records).</summary>
    public IReadOnlyList<VcfContigDefinition> Contigs => ContigList;

    /// <summary>Sample names in column order.</summary>
    public IReadOnlyList<string> Samples { get; }

    /// <summary>Number of samples (the list's count, kept as a field for the per-record loops).</summary>
    internal int SampleCount { get; }

    /// <summary>The #CHROM line as read.</summary>
    public string HeaderLine { get; }

    internal List<VcfContigDefinition> ContigList { get; }

    /// <summary>Column index of a sample, or -1.</summary>
    public int SampleIndex(string name) => _sampleIndex.TryGetValue(name, out var i) ? i : -1;

    /// <summary>The INFO definition for a key, falling back to the spec's reserved definitions, else Number=., Type=String.</summary>
    public VcfFieldDefinition Info(string id) =>
        InfoDefinitions.TryGetValue(id, out var d) ? d : ReservedFields.Info(id) ?? new VcfFieldDefinition(id, VcfNumber.Unbounded, VcfValueType.String, "", false);

    /// <summary>The FORMAT definition for a key, with the same fallbacks as <see cref="Info"/>.</summary>
    public VcfFieldDefinition Format(string id) =>
        FormatDefinitions.TryGetValue(id, out var d) ? d : ReservedFields.Format(id) ?? new VcfFieldDefinition(id, VcfNumber.Unbounded, VcfValueType.String, "", false);

    /// <summary>The text of the header as it was read: meta lines then the #CHROM line.</summary>
    public IEnumerable<string> RawLines()
    {
        foreach (var m in MetaLines)
            yield return "##" + m.Key + "=" + m.Value;
        yield return HeaderLine;
    }

    private static (int, int) ParseVersion(string fileFormat)
    {
        // "VCFv4.3" → (4, 3); unknown forms read as 4.2, the most permissive common version.
        var v = fileFormat.StartsWith("VCFv", StringComparison.Ordinal) ? fileFormat[4..] : "";
        var dot = v.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0 && int.TryParse(v.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var major) &&
            int.TryParse(v.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var minor))
            return (major, minor);
        return (4, 2);
    }
}

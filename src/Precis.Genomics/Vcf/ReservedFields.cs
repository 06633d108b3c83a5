namespace Precis.Genomics.Vcf;

/// <summary>The INFO and FORMAT keys whose Number and Type the VCF 4.3 specification fixes (§1.6.1, §1.6.2).</summary>
public static class ReservedFields
{
    private static readonly Dictionary<string, VcfFieldDefinition> InfoKeys = Build(
        ("AA", "1", VcfValueType.String), ("AC", "A", VcfValueType.Integer), ("AD", "R", VcfValueType.Integer),
        ("ADF", "R", VcfValueType.Integer), ("ADR", "R", VcfValueType.Integer), ("AF", "A", VcfValueType.Float),
        ("AN", "1", VcfValueType.Integer), ("BQ", "1", VcfValueType.Float), ("CIGAR", "A", VcfValueType.String),
        ("DB", "0", VcfValueType.Flag), ("DP", "1", VcfValueType.Integer), ("END", "1", VcfValueType.Integer),
        ("H2", "0", VcfValueType.Flag), ("H3", "0", VcfValueType.Flag), ("MQ", "1", VcfValueType.Float),
        ("MQ0", "1", VcfValueType.Integer), ("NS", "1", VcfValueType.Integer),
        ("SOMATIC", "0", VcfValueType.Flag), ("VALIDATED", "0", VcfValueType.Flag), ("1000G", "0", VcfValueType.Flag));

    private static readonly Dictionary<string, VcfFieldDefinition> FormatKeys = Build(
        ("AD", "R", VcfValueType.Integer), ("ADF", "R", VcfValueType.Integer), ("ADR", "R", VcfValueType.Integer),
        ("DP", "1", VcfValueType.Integer), ("EC", "A", VcfValueType.Integer), ("FT", "1", VcfValueType.String),
        ("GL", "G", VcfValueType.Float), ("GP", "G", VcfValueType.Float), ("GQ", "1", VcfValueType.Integer),
        ("GT", "1", VcfValueType.String), ("HQ", "2", VcfValueType.Integer), ("MQ", "1", VcfValueType.Integer),
        ("PL", "G", VcfValueType.Integer), ("PQ", "1", VcfValueType.Integer), ("PS", "1", VcfValueType.Integer));

    /// <summary>The reserved INFO definition for a key, or null.</summary>
    public static VcfFieldDefinition? Info(string id) => InfoKeys.GetValueOrDefault(id);

    /// <summary>The reserved FORMAT definition for a key, or null.</summary>
    public static VcfFieldDefinition? Format(string id) => FormatKeys.GetValueOrDefault(id);

    /// <summary>True when the spec fixes only the Number of this INFO key (MQ: the 4.3 text leaves its Type open).</summary>
    internal static bool InfoTypeIsOpen(string id) => id == "MQ";

    private static Dictionary<string, VcfFieldDefinition> Build(params (string Id, string Number, VcfValueType Type)[] keys) =>
        keys.ToDictionary(k => k.Id, k => new VcfFieldDefinition(k.Id, VcfNumber.Parse(k.Number)!.Value, k.Type, "reserved by the VCF specification", false), StringComparer.Ordinal);
}

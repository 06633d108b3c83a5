using Precis.Oncology.Inputs;

namespace Precis.Oncology.Matching;

/// <summary>Microsatellite status as given by an external assay (Precis does not call MSI from a MAF).</summary>
public enum MsiStatus
{
    NotGiven,
    MsiHigh,
    MicrosatelliteStable,
}

/// <summary>Everything known about one tumour sample: its type, small variants, copy number, fusions and composite markers.</summary>
/// <param name="Sample">Sample id.</param>
/// <param name="TumourType">OncoTree code, or null when unknown.</param>
/// <param name="Variants">Small variants (all classifications).</param>
/// <param name="CopyNumbers">Non-neutral copy-number calls, when copy number was assessed.</param>
/// <param name="Fusions">Fusions, when fusions were assessed.</param>
public sealed record TumourProfile(
    string Sample,
    string? TumourType,
    IReadOnlyList<SomaticVariant> Variants,
    IReadOnlyList<CopyNumberCall> CopyNumbers,
    IReadOnlyList<Fusion> Fusions)
{
    /// <summary>False when no copy-number input was given: amplification and deep deletion are then not assessed.</summary>
    public bool CopyNumberAssessed { get; init; }

    /// <summary>False when no fusion input was given: fusions are then not assessed.</summary>
    public bool FusionsAssessed { get; init; }

    public MsiStatus Msi { get; init; } = MsiStatus.NotGiven;

    /// <summary>TMB measured from the variants (or given externally), when known.</summary>
    public TmbResult? Tmb { get; init; }
}

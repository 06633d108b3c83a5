using Precis.Core;
using Precis.Oncology.Knowledge;
using Precis.Oncology.Tumours;

namespace Precis.Oncology.Tiering;

/// <summary>One evidence match graded in three schemes side by side, plus whether it is on-label for this tumour.</summary>
/// <param name="AmpTier">AMP/ASCO/CAP tier: "Tier I" or "Tier II" (evidence-bearing matches are never III/IV).</param>
/// <param name="AmpLevel">The AMP/ASCO/CAP level after the tumour-type rule: A/B on-label; C for A/B off-label.</param>
/// <param name="OncoKbStyle">OncoKB-style level name (1, 2, 3A, 3B, 4, R1, R2; Dx1–3, Px1–3): names only, no OncoKB content.</param>
/// <param name="Escat">ESCAT tier (I-A, I-B, I-C, II-B, III-A, IV-A; "n/a" for resistance and non-predictive items).</param>
/// <param name="OnLabel">True when the evidence's disease covers the tumour type.</param>
public sealed record TierAssignment(string AmpTier, char AmpLevel, string OncoKbStyle, string Escat, bool OnLabel)
{
    /// <summary>"Tier IA", "Tier IIC": the tier with its level, as AMP/ASCO/CAP reports write it.</summary>
    public string AmpLabel => $"{AmpTier}{AmpLevel}";

    public EvidenceLevel ToEvidenceLevel() => new(EvidenceScheme.AmpAscoCap, $"{AmpTier} (level {AmpLevel})", Tiering.LevelMeaning(AmpLevel));
}

/// <summary>
/// AMP/ASCO/CAP tiering (Li et al. 2017): level A/B evidence in this tumour type → Tier I; A/B evidence in another
/// tumour type (off-label) counts as level C; C/D → Tier II. Variants with no evidence are Tier III (unknown
/// significance) when non-synonymous and Tier IV otherwise. OncoKB-style and ESCAT levels are derived side by side.
/// </summary>
public static class Tiering
{
    /// <summary>OncoKB-style therapeutic levels from highest to lowest (the annotator's order: R1 &gt; 1 &gt; 2 &gt; 3A &gt; 3B &gt; 4 &gt; R2).</summary>
    public static readonly IReadOnlyList<string> OncoKbTherapeuticOrder = ["R1", "1", "2", "3A", "3B", "4", "R2"];

    public static TierAssignment Assign(EvidenceItem evidence, DiseaseMatch disease)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var onLabel = OncoTree.IsOnLabel(disease);
        var level = evidence.AmpLevel;
        if (!onLabel && level is 'A' or 'B')
            level = 'C';
        var tier = level is 'A' or 'B' ? "Tier I" : "Tier II";
        return new TierAssignment(tier, level, OncoKbStyle(evidence, onLabel), Escat(evidence, disease, onLabel), onLabel);
    }

    /// <summary>The highest of several OncoKB-style therapeutic levels, or null.</summary>
    public static string? HighestTherapeutic(IEnumerable<string> levels)
    {
        ArgumentNullException.ThrowIfNull(levels);
        return levels.Where(l => OncoKbTherapeuticOrder.Contains(l)).OrderBy(l => OncoKbTherapeuticOrder.ToList().IndexOf(l)).FirstOrDefault();
    }

    /// <summary>Sort key of an AMP tier label ("Tier IA" = 0 … "Tier IV" = 5).</summary>
    public static int Rank(TierAssignment t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return (t.AmpTier == "Tier I" ? 0 : 2) + (t.AmpLevel - 'A');
    }

    public static string LevelMeaning(char level) => level switch
    {
        'A' => "Level A: FDA-approved therapy or professional guideline for this biomarker in this tumour type",
        'B' => "Level B: well-powered studies with expert consensus in this tumour type",
        'C' => "Level C: FDA-approved or guideline therapy in another tumour type (off-label), or multiple small studies",
        'D' => "Level D: preclinical studies or case reports",
        _ => "",
    };

    private static string OncoKbStyle(EvidenceItem e, bool onLabel)
    {
        switch (e.Type)
        {
            case EvidenceType.Diagnostic:
                return e.AmpLevel == 'A' && onLabel ? "Dx1" : e.AmpLevel == 'B' && onLabel ? "Dx2" : "Dx3";
            case EvidenceType.Prognostic:
                return e.AmpLevel == 'A' && onLabel ? "Px1" : e.AmpLevel == 'B' && onLabel ? "Px2" : "Px3";
            case EvidenceType.Predictive:
                break;
            default:
                return "n/a";
        }

        if (e.Significance is EvidenceSignificance.Resistance or EvidenceSignificance.ReducedSensitivity)
            return onLabel && e.AmpLevel is 'A' or 'B' ? "R1" : "R2";
        if (e.AmpLevel == 'D')
            return "4";
        if (!onLabel)
            return "3B";
        return e.AmpLevel switch
        {
            'A' when e.FdaApproved => "1",
            'A' => "2",
            _ => "3A",
        };
    }

    private static string Escat(EvidenceItem e, DiseaseMatch disease, bool onLabel)
    {
        if (e.Type != EvidenceType.Predictive || e.Significance is EvidenceSignificance.Resistance or EvidenceSignificance.ReducedSensitivity)
            return "n/a";
        if (e.AmpLevel == 'D')
            return "IV-A";
        if (!onLabel)
            return "III-A";
        return e.AmpLevel switch
        {
            'A' when disease == DiseaseMatch.TumourAgnostic => "I-C",
            'A' => "I-A",
            'B' => "I-B",
            _ => "II-B",
        };
    }
}

using Precis.Oncology.Inputs;
using Precis.Oncology.Knowledge;
using Precis.Oncology.Matching;
using Precis.Oncology.Tiering;
using Precis.Oncology.Tumours;

namespace Precis.Oncology.Annotation;

/// <summary>One evidence item met by the tumour: which inputs met it, how, how the disease relates, and its tiers.</summary>
/// <param name="Evidence">The evidence item.</param>
/// <param name="Hits">The input alterations that meet its biomarker.</param>
/// <param name="Disease">How the evidence's disease relates to the tumour type.</param>
/// <param name="Tier">Its AMP/ASCO/CAP, OncoKB-style and ESCAT grading.</param>
public sealed record ActionableMatch(EvidenceItem Evidence, IReadOnlyList<LeafHit> Hits, DiseaseMatch Disease, TierAssignment Tier)
{
    /// <summary>Every match kind across the hits, most precise first.</summary>
    public IReadOnlyList<MatchKind> MatchKinds => [.. Hits.SelectMany(h => h.Kinds).Distinct().Order()];

    /// <summary>Ids of sensitivity matches this resistance match argues against (same therapy), filled by the annotator.</summary>
    public IReadOnlyList<string> ArguesAgainst { get; init; } = [];

    public bool IsResistance => Evidence.Significance is EvidenceSignificance.Resistance or EvidenceSignificance.ReducedSensitivity;
}

/// <summary>One small variant with its tier: the best tier of the evidence it meets, else III (non-synonymous) or IV.</summary>
/// <param name="Variant">The variant.</param>
/// <param name="Tier">"Tier IA" … "Tier IID", "Tier III" or "Tier IV".</param>
/// <param name="EvidenceIds">Evidence items it contributes to.</param>
public sealed record VariantTier(SomaticVariant Variant, string Tier, IReadOnlyList<string> EvidenceIds);

/// <summary>Everything found for one sample, and what could not be assessed.</summary>
/// <param name="Sample">Sample id.</param>
/// <param name="TumourType">OncoTree code used, or null.</param>
/// <param name="Tmb">TMB with its definition, when computed.</param>
/// <param name="Matches">Evidence matches, best tier first.</param>
/// <param name="Variants">Every small variant with its tier, in input order.</param>
/// <param name="NotAssessed">What could not be assessed, and why.</param>
public sealed record SampleAnnotation(string Sample, string? TumourType, TmbResult? Tmb, IReadOnlyList<ActionableMatch> Matches, IReadOnlyList<VariantTier> Variants, IReadOnlyList<string> NotAssessed);

/// <summary>Matches tumour profiles against the oncology knowledge and tiers the result.</summary>
public sealed class OncologyAnnotator
{
    private readonly OncologyKnowledge _knowledge;
    private readonly Dictionary<string, List<EvidenceItem>> _byGene = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<EvidenceItem> _composite = [];
    private readonly Dictionary<string, List<EvidenceItem>> _byAllele = new(StringComparer.OrdinalIgnoreCase);

    public OncologyAnnotator(OncologyKnowledge knowledge)
    {
        _knowledge = knowledge ?? throw new ArgumentNullException(nameof(knowledge));
        foreach (var e in knowledge.Evidence)
        {
            var genes = e.Biomarker.Leaves.SelectMany(l => new[] { l.Gene, l.Partner ?? "" }).Where(g => g.Length > 0 && g != ".").Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (e.Biomarker.Leaves.Any(l => l.Kind is AlterationKind.MsiHigh or AlterationKind.TmbHigh) || genes.Count == 0)
                _composite.Add(e);
            foreach (var key in e.Biomarker.Leaves.SelectMany(l => l.Genomic).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                if (!_byAllele.TryGetValue(key, out var list))
                    _byAllele[key] = list = [];
                list.Add(e);
            }

            foreach (var g in genes)
            {
                if (!_byGene.TryGetValue(g, out var list))
                    _byGene[g] = list = [];
                list.Add(e);
            }
        }
    }

    public OncologyKnowledge Knowledge => _knowledge;

    public SampleAnnotation Annotate(TumourProfile profile, MatchOptions options)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(options);
        var genes = profile.Variants.Select(v => v.Gene)
            .Concat(profile.CopyNumbers.Select(c => c.Gene))
            .Concat(profile.Fusions.SelectMany(f => new[] { f.FivePrime, f.ThreePrime }))
            .Where(g => g.Length > 0).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var byAllele = profile.Variants.Where(v => v.Gene.Length == 0).Select(BiomarkerMatcher.GenomicKey).Where(k => k is not null).SelectMany(k => _byAllele.GetValueOrDefault(k!) ?? []);
        var candidates = genes.SelectMany(g => _byGene.GetValueOrDefault(g) ?? []).Concat(byAllele).Concat(_composite).Distinct().ToList();

        var matches = new List<ActionableMatch>();
        foreach (var e in candidates)
        {
            if (BiomarkerMatcher.Evaluate(e.Biomarker, profile, options) is not { Count: > 0 } hits)
                continue;
            var disease = _knowledge.Tree.Relate(e.Disease.OncoTree, profile.TumourType);

            // An indication that names exclusions does not cover them (the tumour-agnostic BRAF V600E label excludes colorectal).
            if (profile.TumourType is { } t && e.Disease.Excludes.Count > 0 && (_knowledge.Tree.Lineage(t).Any(c => e.Disease.Excludes.Contains(c, StringComparer.OrdinalIgnoreCase)) || e.Disease.Excludes.Any(x => _knowledge.Tree.Lineage(x).Skip(1).Contains(t, StringComparer.OrdinalIgnoreCase))))
                disease = DiseaseMatch.Other;
            matches.Add(new ActionableMatch(e, hits, disease, Tiering.Tiering.Assign(e, disease)));
        }

        // Resistance is shown with the therapy it argues against.
        matches = [.. matches.Select(m => m.IsResistance
            ? m with { ArguesAgainst = [.. matches.Where(o => !o.IsResistance && o.Evidence.Therapies.Intersect(m.Evidence.Therapies, StringComparer.OrdinalIgnoreCase).Any()).Select(o => o.Evidence.Id)] }
            : m)];
        matches = [.. matches.OrderBy(m => Tiering.Tiering.Rank(m.Tier)).ThenBy(m => m.IsResistance).ThenBy(m => m.Evidence.Id, StringComparer.Ordinal)];

        var variantTiers = profile.Variants.Select(v =>
        {
            var mine = matches.Where(m => m.Hits.Any(h => ReferenceEquals(h.Variant, v))).ToList();
            var tier = mine.Count > 0 ? mine[0].Tier.AmpLabel : v.Classification.Length == 0 && v.Protein is null ? "Not tiered (no consequence annotation)" : v.IsNonSynonymous ? "Tier III" : "Tier IV";
            return new VariantTier(v, tier, [.. mine.Select(m => m.Evidence.Id)]);
        }).ToList();

        return new SampleAnnotation(profile.Sample, profile.TumourType, profile.Tmb, matches, variantTiers, NotAssessed(profile));
    }

    private List<string> NotAssessed(TumourProfile profile)
    {
        var list = new List<string>();
        if (profile.TumourType is null)
            list.Add("tumour type: not given, so on-label vs off-label could not be decided; every match is graded as off-label (at most Tier II)");
        else if (_knowledge.Tree.Find(profile.TumourType) is null)
            list.Add($"tumour type: '{profile.TumourType}' is not in the OncoTree subset shipped; only exact-code evidence counts as on-label");
        if (!profile.CopyNumberAssessed)
            list.Add("copy number: no copy-number input, so amplifications (e.g. ERBB2) and deep deletions (e.g. BRCA2) were not assessed");
        if (!profile.FusionsAssessed)
            list.Add("fusions: no fusion input, so ALK, ROS1, RET, NTRK, FGFR2/3 and BCR::ABL1 fusions were not assessed");
        if (profile.Msi == MsiStatus.NotGiven)
            list.Add("MSI: no external MSI/MMR status was given; MSI-H is not called from a MAF");
        if (profile.Tmb is null)
            list.Add("TMB: not computed");
        return list;
    }
}

using System.Globalization;
using Precis.Core;
using Precis.Oncology.Annotation;
using Precis.Oncology.Knowledge;
using Precis.Oncology.Matching;

namespace Precis.Plans;

/// <summary>
/// The "oncology" section: reads the tumour MAF/VCF (role "tumour-maf"), takes the tumour type from the record's
/// conditions (mapped to OncoTree through the cited condition table, the mapping named), matches and tiers the
/// alterations, and recommends considering the targeted therapies (Tier I) or trials (Tier II) the evidence names.
/// </summary>
public sealed class OncologyContributor : IPlanContributor
{
    private const string Title = "Precision oncology";

    public string SectionId => "oncology";

    public void Contribute(PlanInputs inputs, PlanBuilder builder, IProgress<ProgressUpdate> progress)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(builder);
        var path = inputs.PathOf("tumour-maf");
        if (path is null)
        {
            builder.AddSection(new PlanSection(SectionId, Title, SectionStatus.NoInput, "No tumour MAF or VCF was given."));
            builder.AddNotAssessed(new NotAssessed(SectionId, "Somatic alterations", "No tumour MAF or VCF was given."));
            return;
        }

        var kb = OncologyKnowledge.From(inputs.Knowledge);
        var (tumourType, mapping) = inputs.TumourType is { } given ? Given(given, inputs.Patient, kb) : TumourType(inputs.Patient, kb);
        if (tumourType is null)
            builder.AddNotAssessed(new NotAssessed(SectionId, "Tumour type", mapping));

        var report = OncologyPipeline.Run(new OncologyRequest { TumourPath = path, TumourType = tumourType }, new OncologyAnnotator(kb));
        var file = Path.GetFileName(path);
        var tierI = 0;
        var recommendations = 0;
        foreach (var sample in report.Samples)
        {
            foreach (var na in sample.NotAssessed)
            {
                var colon = na.IndexOf(':', StringComparison.Ordinal);
                builder.AddNotAssessed(new NotAssessed(SectionId, colon > 0 ? na[..colon] : na, colon > 0 ? na[(colon + 1)..].Trim() : na));
            }

            if (sample.Tmb is { } tmb)
                builder.AddFinding(TmbFinding(sample.Sample, tmb, kb, file));

            // One finding per input alteration that meets evidence; recommendations point at it.
            var findingIds = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var group in sample.Matches.GroupBy(m => string.Join("; ", m.Hits.Select(h => h.InputLabel).Distinct()), StringComparer.Ordinal))
            {
                var best = group.First();
                var id = $"onco:{sample.Sample}:{Slug(group.Key)}";
                findingIds[group.Key] = id;
                // The MAF/VCF rows behind the alteration travel as structured variant details (FHIR Variant Observations).
                builder.AddFinding(FindingVariants.WithSomatic(new Finding(id, "oncology", "biomarker", group.Key,
                    $"{group.Key}: {best.Tier.AmpLabel} (AMP/ASCO/CAP), OncoKB-style level {best.Tier.OncoKbStyle}, ESCAT {best.Tier.Escat}; {group.Count()} evidence item(s) in the knowledge base",
                    new Dictionary<string, string>(StringComparer.Ordinal)
                    {
                        ["sample"] = sample.Sample,
                        ["tumourType"] = sample.TumourType ?? "unknown",
                        ["tumourTypeMapping"] = mapping,
                        ["ampTier"] = best.Tier.AmpLabel,
                        ["oncoKbStyleLevel"] = best.Tier.OncoKbStyle,
                        ["escat"] = best.Tier.Escat,
                        ["matchKinds"] = string.Join(",", group.SelectMany(m => m.MatchKinds).Distinct()),
                        ["evidence"] = string.Join(",", group.Select(m => m.Evidence.Id)),
                    },
                    [.. InputSteps(best, file), new RationaleStep(RationaleStepKind.Biomarker, $"Meets {best.Evidence.BiomarkerText} ({string.Join(", ", best.MatchKinds)})")],
                    Quality(best, sample.TumourType),
                    [.. group.SelectMany(m => m.Evidence.Citations).DistinctBy(c => c.Id)]), group.SelectMany(m => m.Hits).Select(h => h.Variant)));
                if (best.Tier.AmpTier == "Tier I")
                    tierI++;
            }

            foreach (var m in sample.Matches.Where(m => m.Evidence.Type == EvidenceType.Predictive && m.Evidence.Therapies.Count > 0 && m.Evidence.Direction == EvidenceDirection.Supports))
            {
                var findingId = findingIds[string.Join("; ", m.Hits.Select(h => h.InputLabel).Distinct())];
                builder.AddRecommendation(ToRecommendation(sample.Sample, m, findingId, file, mapping));
                recommendations++;
            }

            var tiers = sample.Variants.GroupBy(v => v.Tier).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}");
            builder.AddFinding(new Finding($"onco:{sample.Sample}:variant-tiers", "oncology", "biomarker", "Somatic variants by tier",
                $"{sample.Variants.Count} somatic variant(s) in {file}: {string.Join(", ", tiers)}. Tier III variants have no clinical evidence in the knowledge base (unknown significance).",
                new Dictionary<string, string>(StringComparer.Ordinal) { ["sample"] = sample.Sample, ["tiers"] = string.Join("; ", tiers) },
                [new RationaleStep(RationaleStepKind.InputData, $"{sample.Variants.Count} rows of {file} for sample {sample.Sample}"),
                 new RationaleStep(RationaleStepKind.Rule, "AMP/ASCO/CAP 2017: Tier I/II carry evidence; non-synonymous variants without evidence are Tier III; synonymous and non-coding are Tier IV")],
                [], [AmpCitation(inputs)]));
        }

        if (report.Samples.Count > 1)
            builder.AddNotAssessed(new NotAssessed(SectionId, "Several tumour samples", $"{file} holds {report.Samples.Count} samples; each is reported separately."));
        builder.AddSection(new PlanSection(SectionId, Title, SectionStatus.Available,
            $"{file}: tumour type {tumourType ?? "unknown"} ({mapping}); {tierI} alteration(s) at Tier I, {recommendations} therapy recommendation(s) from {string.Join(", ", report.Knowledge.Select(k => k.Id + " " + k.Version))}."));
        progress?.Report(new ProgressUpdate(Title, 1, 1));
    }

    /// <summary>The OncoTree code of the patient's cancer from the record's active conditions, and how it was found.</summary>
    public static (string? Code, string Mapping) TumourType(PatientSummary patient, OncologyKnowledge kb)
    {
        ArgumentNullException.ThrowIfNull(patient);
        ArgumentNullException.ThrowIfNull(kb);
        var found = new List<(string Condition, ConditionMapping Map)>();
        foreach (var condition in patient.ActiveConditions)
        {
            var text = condition.Replace("(disorder)", "", StringComparison.OrdinalIgnoreCase).Trim();
            var map = kb.Conditions.FirstOrDefault(c => c.Name.Equals(text, StringComparison.OrdinalIgnoreCase))
                ?? kb.Conditions.FirstOrDefault(c => text.Contains(c.Name, StringComparison.OrdinalIgnoreCase));
            if (map is not null)
                found.Add((condition, map));
        }

        var codes = found.Select(f => f.Map.OncoTree).Distinct(StringComparer.Ordinal).ToList();
        if (codes.Count == 0)
            return (null, patient.ActiveConditions.Count == 0
                ? "tumour type uncertain: the record has no active condition, so on-label status could not be decided"
                : "tumour type uncertain: no active condition maps to an OncoTree code, so on-label status could not be decided");
        if (codes.Count > 1)
            return (null, $"tumour type uncertain: conditions map to several OncoTree codes ({string.Join(", ", found.Select(f => $"'{f.Condition}' → {f.Map.OncoTree}"))})");
        var (cond, m) = found[0];
        return (m.OncoTree, $"record condition '{cond}' mapped to OncoTree {m.OncoTree} by {(m.Snomed is null ? "name" : "SNOMED CT " + m.Snomed + " / name")} '{m.Name}' (precis-oncology-tumour-types)");
    }

    /// <summary>A tumour type given by the user (OncoTree code), with how it compares to the record's cancer condition.</summary>
    public static (string Code, string Mapping) Given(string code, PatientSummary patient, OncologyKnowledge kb)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(kb);
        var upper = code.Trim().ToUpperInvariant();
        var mapping = $"tumour type {upper} given with --tumor-type";
        if (kb.Tree.Find(upper) is null)
            mapping += $" (not in the OncoTree subset of the knowledge base, so only evidence for exactly {upper} or any tumour type can be on-label)";
        var (recordCode, _) = TumourType(patient, kb);
        if (recordCode is not null && !string.Equals(recordCode, upper, StringComparison.OrdinalIgnoreCase))
            mapping += $"; the record's cancer condition maps to {recordCode}, which was not used";
        return (upper, mapping);
    }

    private static Citation AmpCitation(PlanInputs inputs) =>
        inputs.Knowledge.Find(OncologyKnowledge.BiomarkersId)?.Source.Citations.FirstOrDefault(c => c.Id == "amp-asco-cap-2017")
        ?? new Citation("amp-asco-cap-2017", "Standards and guidelines for the interpretation and reporting of sequence variants in cancer (Li et al., J Mol Diagn 2017)", new Uri("https://pubmed.ncbi.nlm.nih.gov/27993330/"), "AMP/ASCO/CAP", 2017);

    private static Finding TmbFinding(string sample, TmbResult tmb, OncologyKnowledge kb, string file)
    {
        var inv = CultureInfo.InvariantCulture;
        var citations = kb.Thresholds.Values.SelectMany(t => t.Citations).DistinctBy(c => c.Id).ToList();
        var quality = new List<QualityFlag>();
        if (tmb.Definition.Source.StartsWith("default", StringComparison.Ordinal))
            quality.Add(new QualityFlag("tmb-denominator-default", $"The callable size of the assay was not given; {tmb.Definition.CallableMegabases.ToString("0.##", inv)} Mb (maftools' default) was assumed. TMB scales with it."));
        return new Finding($"onco:{sample}:tmb", "oncology", "biomarker", "Tumour mutational burden",
            $"TMB {tmb.PerMegabase.ToString("0.##", inv)} mut/Mb ({(tmb.IsHigh ? "TMB-high" : "below the TMB-high cut-off")} of {tmb.TmbHighThreshold.ToString("0.##", inv)} mut/Mb)",
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["mutations"] = tmb.Mutations.ToString(inv),
                ["callableMegabases"] = tmb.Definition.CallableMegabases.ToString("0.###", inv),
                ["denominatorSource"] = tmb.Definition.Source,
                ["perMegabase"] = tmb.PerMegabase.ToString("0.####", inv),
                ["definition"] = tmb.Explanation,
            },
            [new RationaleStep(RationaleStepKind.InputData, $"{file}, sample {sample}"),
             new RationaleStep(RationaleStepKind.Score, tmb.Explanation)],
            quality, citations);
    }

    private static List<RationaleStep> InputSteps(ActionableMatch m, string file) =>
        [.. m.Hits.DistinctBy(h => h.InputLabel).Select(h => new RationaleStep(RationaleStepKind.InputData, h.Variant is { } v
            ? $"{file} line {v.Line}: {v.Gene} {v.ProteinAsWritten ?? ""} {v.Hgvsc ?? ""} {(v.Transcript is null ? "" : "(" + v.Transcript + ")")} {v.Chromosome}:{v.Start} {v.Reference}>{v.Alternate}, {v.Classification}{(v.AlleleFraction is { } f ? $", VAF {f.ToString("0.00", CultureInfo.InvariantCulture)} ({v.TumourAltCount}/{v.TumourDepth} reads)" : "")}".Replace("  ", " ", StringComparison.Ordinal)
            : $"{file}: {h.InputLabel}"))];

    private static List<QualityFlag> Quality(ActionableMatch m, string? tumourType)
    {
        var q = new List<QualityFlag>();
        if (m.Disease == Oncology.Tumours.DiseaseMatch.Descendant)
            q.Add(new QualityFlag("tumour-type-less-specific", $"The tumour type ({tumourType}) is less specific than the evidence's disease ({m.Evidence.Disease.Name}, {m.Evidence.Disease.OncoTree}); confirm the histology."));
        if (m.Hits.Any(h => h.Variant is { AlleleFraction: < 0.05 }))
            q.Add(new QualityFlag("low-vaf", "Variant allele fraction below 5%: confirm the call."));
        return q;
    }

    private static Recommendation ToRecommendation(string sample, ActionableMatch m, string findingId, string file, string mapping)
    {
        var e = m.Evidence;
        var resistance = m.IsResistance;
        var tierI = m.Tier.AmpTier == "Tier I";
        var action = resistance ? (tierI ? RecommendationAction.Avoid : RecommendationAction.Inform) : tierI ? RecommendationAction.Consider : RecommendationAction.ConsiderTrial;
        var strength = resistance || !tierI ? RecommendationStrength.Optional : m.Tier.AmpLevel == 'A' ? RecommendationStrength.Strong : RecommendationStrength.Moderate;
        var inputs = string.Join("; ", m.Hits.Select(h => h.InputLabel).Distinct());
        var therapy = e.TherapyLabel;
        var clinician = resistance
            ? $"{inputs} is associated with resistance to {therapy} in {e.Disease.Name} ({m.Tier.AmpLabel}, {e.SourceLevel}). {e.Summary}"
            : tierI
                ? $"Consider {therapy}: {inputs} meets the biomarker {e.BiomarkerText} for {e.Disease.Name} ({m.Tier.AmpLabel}; OncoKB-style level {m.Tier.OncoKbStyle}; ESCAT {m.Tier.Escat}). {e.Summary}"
                : $"{therapy} is supported for {inputs} in {e.Disease.Name}, not in this tumour type ({m.Disease}): {m.Tier.AmpLabel}. Consider a clinical trial. {e.Summary}";
        var patient = resistance
            ? $"A change found in your tumour suggests {therapy} may not work well. Talk to your cancer doctor."
            : tierI
                ? $"A change found in your tumour is linked to a targeted medicine ({therapy}). Your cancer doctor can tell you whether it suits you."
                : $"A change found in your tumour may be targeted by {therapy}, which is approved for a different cancer. Your doctor may look for a clinical trial.";
        return new Recommendation
        {
            Id = $"onco:{sample}:{e.Id}",
            Engine = "oncology",
            Action = action,
            Subject = new RecommendationSubject(SubjectKind.Therapy, therapy),
            Strength = strength,
            Evidence = m.Tier.ToEvidenceLevel(),
            Source = new SourceReference(e.KnowledgeBaseId, e.KnowledgeBaseVersion, e.Id, e.SourceLevel),
            ClinicianText = clinician.Trim(),
            PatientText = patient,
            Rationale =
            [
                .. InputSteps(m, file),
                new RationaleStep(RationaleStepKind.Call, $"Matched by {string.Join(", ", m.MatchKinds)}"),
                new RationaleStep(RationaleStepKind.Biomarker, $"Biomarker {e.BiomarkerText} ({e.Id}), {e.Type} / {e.Significance} in {e.Disease.Name} ({e.Disease.OncoTree}); disease match {m.Disease}; {mapping}"),
                new RationaleStep(RationaleStepKind.Rule, $"{m.Tier.AmpLabel}: {Oncology.Tiering.Tiering.LevelMeaning(m.Tier.AmpLevel)} (source level: {e.SourceLevel}); OncoKB-style {m.Tier.OncoKbStyle}; ESCAT {m.Tier.Escat}"),
                new RationaleStep(RationaleStepKind.Action, $"{action} {therapy}"),
            ],
            Citations = e.Citations,
            Population = $"{e.Disease.Name}{(m.Tier.OnLabel ? "" : " (this tumour is outside it: off-label)")}",
            FindingIds = [findingId],
        };
    }

    private static string Slug(string text) =>
        new string([.. text.Select(c => char.IsLetterOrDigit(c) || c is '.' or '*' ? c : '-')]).Trim('-');
}

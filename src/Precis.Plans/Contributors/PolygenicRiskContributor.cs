using System.Globalization;
using Precis.Core;
using Precis.Genomics.Vcf;
using Precis.PolygenicRisk.Context;
using Precis.PolygenicRisk.Knowledge;
using Precis.PolygenicRisk.Scoring;

namespace Precis.Plans;

/// <summary>
/// The "polygenic-risk" section: scores the patient's germline VCF on the PGS Catalog scores shipped in the
/// precis-pgs-catalog knowledge base (raw score and match report: no percentile without a reference distribution)
/// and on the reference-backed scores of precis-pgs-reference (the exact variant set of a shipped 1000 Genomes
/// distribution: percentile and Z, like for like only). No action is recommended without a guideline.
/// </summary>
public sealed class PolygenicRiskContributor : IPlanContributor
{
    private const string Title = "Polygenic risk";

    public string SectionId => "polygenic-risk";

    public void Contribute(PlanInputs inputs, PlanBuilder builder, IProgress<ProgressUpdate> progress)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(builder);
        var vcf = inputs.PathOf("germline-vcf");
        if (vcf is null)
        {
            builder.AddSection(new PlanSection(SectionId, Title, SectionStatus.NoInput, "No germline VCF was given, so no polygenic score was computed."));
            builder.AddNotAssessed(new NotAssessed(SectionId, "Polygenic scores", "No germline VCF was given."));
            return;
        }

        var kb = inputs.Knowledge.Find(PgsKnowledgeBase.Id);
        if (kb is null)
        {
            builder.AddSection(new PlanSection(SectionId, Title, SectionStatus.InsufficientData, "The PGS knowledge base is not loaded."));
            builder.AddNotAssessed(new NotAssessed(SectionId, "Polygenic scores", $"Knowledge base {PgsKnowledgeBase.Id} is not loaded."));
            return;
        }

        var shipped = PgsKnowledgeBase.Scores(kb);
        var refKb = inputs.Knowledge.Find(PgsReferenceKnowledgeBase.Id);
        var references = refKb is null ? [] : PgsReferenceKnowledgeBase.References(refKb);
        var vcfBuild = BuildOf(vcf);
        var usable = new List<ShippedScore>();
        foreach (var s in shipped)
        {
            // Positions are build-specific; scoring a GRCh37 file on GRCh38 positions would match the wrong sites.
            if (vcfBuild is not null && s.Definition.Metadata.GenomeBuild is { } b && !SameBuild(b, vcfBuild))
                builder.AddNotAssessed(new NotAssessed(SectionId, Subject(s), $"The VCF is on {vcfBuild} and the score's positions are on {b}; not scored."));
            else
                usable.Add(s);
        }

        var usableReferences = new List<ShippedReference>();
        foreach (var r in references)
        {
            if (vcfBuild is not null && r.Score.Definition.Metadata.GenomeBuild is { } b && !SameBuild(b, vcfBuild))
                builder.AddNotAssessed(new NotAssessed(SectionId, Subject(r.Score), $"The VCF is on {vcfBuild} and the reference variant set is on {b}; not scored."));
            else
                usableReferences.Add(r);
        }

        if (usable.Count == 0 && usableReferences.Count == 0)
        {
            builder.AddSection(new PlanSection(SectionId, Title, SectionStatus.InsufficientData, "No shipped score is on the VCF's genome build."));
            return;
        }

        // One pass over the VCF for every score; a reference-backed score is its own (restricted) definition.
        var result = PolygenicScorer.Score(vcf, [.. usable.Select(s => s.Definition), .. usableReferences.Select(r => r.Score.Definition)], ScoringOptions.Default);
        var sampleIndex = 0; // a germline VCF of one patient: the first sample column is the patient
        var scored = 0;
        for (var i = 0; i < usable.Count; i++)
        {
            var s = usable[i];
            var r = result.Scores[i];
            if (!r.IsScored)
            {
                builder.AddNotAssessed(new NotAssessed(SectionId, Subject(s), "Score refused: " + r.RefusedReason));
                continue;
            }

            scored++;
            var finding = ToFinding(s, r, r.Samples[sampleIndex], kb.Source, Path.GetFileName(vcf), vcfBuild, result);
            builder.AddFinding(finding);
            builder.AddNotAssessed(new NotAssessed(SectionId, $"{s.Definition.Id} percentile",
                "no reference distribution: percentile not assessed (the raw score is not comparable across scores or ancestries without one)"));
            builder.AddRecommendation(ToInform(s, r, kb.Source, finding));
        }

        var withPercentile = 0;
        for (var i = 0; i < usableReferences.Count; i++)
        {
            var reference = usableReferences[i];
            var r = result.Scores[usable.Count + i];
            if (!r.IsScored)
            {
                builder.AddNotAssessed(new NotAssessed(SectionId, Subject(reference.Score), "Score refused: " + r.RefusedReason));
                continue;
            }

            scored++;
            var sample = r.Samples[sampleIndex];
            var context = ReferenceComparison.Compare(result with { Scores = [r] }, [reference]).Where(c => c.Sample == sample.Sample).ToList();
            var finding = ToReferenceFinding(reference, r, sample, context, refKb!.Source, Path.GetFileName(vcf), vcfBuild, result);
            builder.AddFinding(finding);
            if (context.FirstOrDefault(c => c.Population == PooledPopulation)?.Percentile is not null)
                withPercentile++;
            else
                builder.AddNotAssessed(new NotAssessed(SectionId, $"{reference.Score.Definition.Id} percentile", context.FirstOrDefault()?.NotAssessed ?? "no pooled reference distribution"));
            builder.AddRecommendation(ToInform(reference.Score, r, refKb.Source, finding, reference));
        }

        if (result.SampleNames.Count > 1)
            builder.AddNotAssessed(new NotAssessed(SectionId, "Other VCF samples", $"The VCF has {result.SampleNames.Count} samples; only the first ({result.SampleNames[0]}) was reported as the patient."));
        builder.AddSection(new PlanSection(SectionId, Title, scored > 0 ? SectionStatus.Available : SectionStatus.InsufficientData,
            scored == 0 ? "No score reached the minimum variant overlap."
            : $"{scored} polygenic score(s) computed; {withPercentile} placed as a percentile of a 1000 Genomes reference distribution on the same variants, the others as raw scores (no percentile without a reference distribution)."));
        progress?.Report(new ProgressUpdate(Title, 1, 1));
    }

    // The finding's own percentile detail: a number when assessed, "not assessed: …" otherwise.
    private static bool TryPercentile(Finding f, out double p) =>
        double.TryParse(f.Details.GetValueOrDefault("percentile"), NumberStyles.Float, CultureInfo.InvariantCulture, out p);

    private static string Subject(ShippedScore s) =>
        $"{s.Definition.Id} ({s.Definition.Metadata.TraitReported}, {s.Definition.Metadata.Name})";

    private static Finding ToFinding(ShippedScore s, ScoreResult r, SampleScore sample, Knowledge.KnowledgeSource source, string vcfName, string? build, ScoringResult result)
    {
        var m = r.Report;
        var inv = CultureInfo.InvariantCulture;
        var sum = sample.Sum.ToString("0.######", inv);
        var details = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["score"] = s.Definition.Id,
            ["name"] = s.Definition.Metadata.Name ?? "",
            ["trait"] = s.Definition.Metadata.TraitReported ?? "",
            ["sum"] = sample.Sum.ToString("R", inv),
            ["avg"] = sample.Average.ToString("R", inv),
            ["denom"] = sample.Denominator.ToString(inv),
            ["alleleCount"] = sample.AlleleCount.ToString(inv),
            ["variants"] = m.Variants.ToString(inv),
            ["matched"] = m.Matched.ToString(inv),
            ["excludedAmbiguous"] = m.ExcludedAmbiguous.ToString(inv),
            ["excluded"] = m.Excluded.ToString(inv),
            ["unmatched"] = m.Unmatched.ToString(inv),
            ["matchRate"] = m.MatchRate.ToString("0.0000", inv),
            ["genomeBuild"] = s.Definition.Metadata.GenomeBuild ?? "",
            ["settings"] = result.SettingsStatement,
            ["developedIn"] = s.DevelopedIn ?? "not stated",
            ["percentile"] = "not assessed: no reference distribution",
            ["knowledgeBase"] = $"{source.Id} {source.Version}",
        };
        AddRelativeToMean(details, RelativeRisk.Compute(s.Definition.Metadata, null, "no reference distribution is shipped for this score"));
        var excludedText = m.Excluded == 0 ? "none excluded" : $"{m.Excluded} excluded ({m.ExcludedAmbiguous} strand-ambiguous A/T or C/G, whose strand cannot be told)";
        var rationale = new List<RationaleStep>
        {
            new(RationaleStepKind.InputData, $"{m.Variants} variants of {s.Definition.Id} ({s.Definition.Metadata.GenomeBuild} positions) looked up in {vcfName}{(build is null ? "" : $" ({build})")}"),
            new(RationaleStepKind.Call, $"{m.Matched} matched by position and alleles, {excludedText}, {m.Unmatched} not found in the VCF (not assumed reference); overlap {m.MatchRate * 100:0.0}% ≥ {m.MinOverlap * 100:0}% required"),
            new(RationaleStepKind.Score, $"Raw score SUM = Σ weight × effect-allele dosage = {sum} over {sample.Denominator / 2} variant(s) (AVG {sample.Average.ToString("0.########", inv)})"),
            new(RationaleStepKind.Rule, "No reference distribution is shipped for this score, so the raw score is not converted to a percentile, Z-score or absolute risk"),
        };
        var quality = new List<QualityFlag>();
        if (m.Excluded > 0)
            quality.Add(new QualityFlag("excluded-variants", $"{m.Excluded} of {m.Variants} variants were excluded ({m.ExcludedAmbiguous} strand-ambiguous); the score omits their weights."));
        if (m.Unmatched > 0)
            quality.Add(new QualityFlag("unmatched-variants", $"{m.Unmatched} of {m.Variants} variants are not in the VCF; they are not assumed reference and are left out."));
        if (sample.MissingVariants > 0)
            quality.Add(new QualityFlag("missing-genotypes", $"{sample.MissingVariants} matched variant(s) have no call and were mean-imputed."));
        var summary = $"{s.Definition.Id} ({s.Definition.Metadata.TraitReported}): raw score {sum} from {m.Matched} of {m.Variants} variants; no percentile (no reference distribution)";
        return new Finding($"prs:{s.Definition.Id}", "polygenic-risk", "polygenic-score", Subject(s), summary, details, rationale, quality, s.Citations);
    }

    private static Recommendation ToInform(ShippedScore s, ScoreResult r, Knowledge.KnowledgeSource source, Finding finding, ShippedReference? reference = null)
    {
        var trait = s.Definition.Metadata.TraitReported ?? "the trait";
        if (reference is not null)
            return ToReferenceInform(s, r, source, finding, reference, trait);
        return new Recommendation
        {
            Id = $"prs:{s.Definition.Id}:inform",
            Engine = "polygenic-risk",
            Action = RecommendationAction.Inform,
            Subject = new RecommendationSubject(SubjectKind.Test, $"Polygenic score {s.Definition.Id} ({trait})", $"PGS:{s.Definition.Id}"),
            Strength = RecommendationStrength.NotGraded,
            Evidence = new EvidenceLevel(EvidenceScheme.ValidatedModel, "published score, no guideline",
                "A score published and catalogued in the PGS Catalog; no clinical guideline recommends acting on this score alone"),
            Source = new SourceReference(source.Id, source.Version, s.Definition.Id, $"PGS Catalog {s.Definition.Id}; {s.Definition.Metadata.Citation}"),
            ClinicianText = $"Raw polygenic score for {trait.ToLowerInvariant()} reported for information only. No guideline supports a screening or treatment change on this score alone; " +
                $"without a reference distribution from a comparable population the score cannot be placed as a percentile or converted to absolute risk. " +
                $"Developed in: {s.DevelopedIn ?? "not stated"}; performance may be lower in other ancestries. {r.Report.Excluded + r.Report.Unmatched} of {r.Report.Variants} variants were not used. " +
                $"Effect per SD: {finding.Details["effectPerSd"]}; {finding.Details["relativeToMeanStatement"]}.",
            PatientText = $"We added up small effects of {r.Report.Matched} DNA variants linked to {trait.ToLowerInvariant()}. On its own this number does not tell you your risk, " +
                "because we have no comparison group to rank it against. It does not mean you have or will get the condition. Talk to your doctor before making any decision based on it.",
            Rationale = finding.Rationale,
            Citations = s.Citations,
            Population = s.DevelopedIn,
            FindingIds = [finding.Id],
        };
    }

    /// <summary>The pooled population of a reference (every ancestry): used while the patient's genetic ancestry is not assessed.</summary>
    public const string PooledPopulation = "ALL";

    /// <summary>Reference quantile levels exposed for the percentile curve: 0 %, 1 %, …, 100 %.</summary>
    public const int QuantileSteps = 100;

    private static Finding ToReferenceFinding(ShippedReference reference, ScoreResult r, SampleScore sample, IReadOnlyList<ContextValue> context,
        Knowledge.KnowledgeSource source, string vcfName, string? build, ScoringResult result)
    {
        var s = reference.Score;
        var inv = CultureInfo.InvariantCulture;
        var finding = ToFinding(s, r, sample, source, vcfName, build, result);
        var details = new Dictionary<string, string>(finding.Details, StringComparer.Ordinal);
        var pooled = context.FirstOrDefault(c => c.Population == PooledPopulation);
        var pooledRef = reference.Population(PooledPopulation);
        details["referenceId"] = reference.Id;
        details["variantSet"] = reference.Restriction;
        details["referencePanel"] = reference.ReferencePanel;
        details["ancestry"] = "not assessed: the VCF does not cover the variants of a reference principal-component analysis, so the most similar population cannot be chosen; the pooled panel is used";
        var rationale = finding.Rationale.Where(x => x.Kind != RationaleStepKind.Rule).ToList();
        string summary;
        if (pooled?.Percentile is { } pct && pooledRef is not null)
        {
            var d = pooledRef.Distribution;
            details["percentile"] = pct.ToString("R", inv);
            details["z"] = pooled.ZScore!.Value.ToString("R", inv);
            details["referencePopulation"] = $"{PooledPopulation}: {pooledRef.Description}, n = {d.Count}";
            details["referenceN"] = d.Count.ToString(inv);
            details["referenceMean"] = d.Mean.ToString("R", inv);
            details["referenceSd"] = d.StandardDeviation.ToString("R", inv);
            details["referenceQuantiles"] = string.Join(",", Enumerable.Range(0, QuantileSteps + 1).Select(q => d.Quantile(q / (double)QuantileSteps).ToString("R", inv)));
            details["referenceQuantileLevels"] = $"0,1,...,{QuantileSteps} (percent)";
            foreach (var c in context.Where(c => c.Population != PooledPopulation && c.Percentile is not null))
            {
                details["percentile." + c.Population] = c.Percentile!.Value.ToString("R", inv);
                details["z." + c.Population] = c.ZScore!.Value.ToString("R", inv);
            }

            var relative = pooled.RelativeToMean ?? RelativeRisk.Compute(reference.Score.Definition.Metadata, pooled.ZScore);
            AddRelativeToMean(details, relative);
            var others = context.Where(c => c.Population != PooledPopulation && c.Percentile is not null).ToList();
            var range = others.Count == 0 ? "" : $"; in the single super-populations it would be the {others.Min(c => c.Percentile!.Value):0}th to {others.Max(c => c.Percentile!.Value):0}th ({string.Join(", ", others.Select(c => $"{c.Population} {c.Percentile!.Value:0}"))})";
            rationale.Add(new RationaleStep(RationaleStepKind.Score, string.Create(inv,
                $"Percentile {pct:0.#} (Z {pooled.ZScore!.Value:0.00}): {pct:0.#}% of {d.Count} reference people ({pooledRef.Description}) scored lower on the same {reference.Score.Definition.Variants.Count} variants{range}")));
            rationale.Add(new RationaleStep(RationaleStepKind.Rule,
                "A percentile ranks the score among the reference people; it is not a risk or a probability of the trait, and it is only meaningful against people of similar ancestry scored on the same variants. " +
                "The patient's genetic ancestry was not assessed, so the pooled panel is used and the population-specific percentiles are shown beside it"));
            rationale.Add(RelativeStep(relative));
            summary = string.Create(inv, $"{s.Definition.Id} ({s.Definition.Metadata.TraitReported}, {reference.Score.Definition.Variants.Count}-variant subset): {pct:0.#}th percentile of {d.Count} 1000 Genomes reference samples (ancestries pooled); raw score {sample.Sum:0.######}; {relative.Statement}");
        }
        else
        {
            var why = pooled?.NotAssessed ?? "the reference has no pooled distribution";
            details["percentile"] = "not assessed: " + why;
            AddRelativeToMean(details, pooled?.RelativeToMean ?? RelativeRisk.Compute(reference.Score.Definition.Metadata, null, why));
            rationale.Add(new RationaleStep(RationaleStepKind.Rule, "No percentile: " + why));
            summary = $"{s.Definition.Id} ({s.Definition.Metadata.TraitReported}): raw score {sample.Sum.ToString("0.######", inv)}; percentile not assessed ({why})";
        }

        var quality = finding.Quality.ToList();
        quality.Add(new QualityFlag("restricted-variant-set", $"Only {reference.Score.Definition.Variants.Count} of the {s.Definition.Metadata.DeclaredVariants?.ToString("N0", inv) ?? "published"} variants of {s.Definition.Id} are used (those in the reference panel); this is not the published score and is shown to place the patient in a reference distribution, not to predict the trait."));
        return finding with { Summary = summary, Details = details, Rationale = rationale, Quality = quality, Citations = reference.Citations };
    }

    // Finding details of the ratio versus the reference mean: a number with its measure, formula, source and caveats,
    // or "not assessed: <reason>" ("no published effect size per SD" when the score publishes none; never a default).
    private static void AddRelativeToMean(Dictionary<string, string> details, RelativeToMean relative)
    {
        var inv = CultureInfo.InvariantCulture;
        details["effectPerSd"] = relative.Effect is { } e ? $"{e.Abbreviation} {e.Value.ToString("R", inv)} per SD ({e.Source})" : RelativeRisk.NoPublishedEffect;
        details["relativeToMean"] = relative.Ratio is { } r ? r.ToString("R", inv) : "not assessed: " + relative.NotAssessed;
        details["relativeToMeanStatement"] = relative.Statement;
        if (relative.Ratio is null || relative.Effect is null)
            return;
        details["relativeToMeanMeasure"] = relative.Effect.Measure == PerSdMeasure.OddsRatio ? "odds ratio (approximates relative risk for a rare outcome)" : "hazard ratio";
        details["relativeToMeanFormula"] = RelativeRisk.Formula;
        details["relativeToMeanSource"] = relative.Effect.Source;
        details["relativeToMeanCaveats"] = string.Join(" ", RelativeRisk.Caveats);
    }

    private static RationaleStep RelativeStep(RelativeToMean relative) => relative.Ratio is not null && relative.Effect is { } e
        ? new RationaleStep(RationaleStepKind.Score, $"Relative to the reference mean: {relative.Statement}; source {e.Source}. {string.Join(" ", RelativeRisk.Caveats)}")
        : new RationaleStep(RationaleStepKind.Rule, "No relative risk versus the population average: " + relative.NotAssessed);

    // Plain words for the patient: what the ratio says, or why there is none.
    private static string RelativePatientText(Finding f, string trait)
    {
        if (double.TryParse(f.Details.GetValueOrDefault("relativeToMean"), NumberStyles.Float, CultureInfo.InvariantCulture, out var r))
        {
            var odds = f.Details.GetValueOrDefault("relativeToMeanMeasure", "").StartsWith("odds", StringComparison.Ordinal) ? "odds" : "rate";
            return string.Create(CultureInfo.InvariantCulture,
                $"The study behind the score suggests people with a score like yours have about {r:0.0} times the {odds} of {trait} of an average person in the comparison group. This is not your chance of getting it, and it may be different for people of your background. ");
        }

        return f.Details.GetValueOrDefault("effectPerSd") == RelativeRisk.NoPublishedEffect
            ? "The published score does not say how much the risk changes as the score goes up, so we cannot compare your risk with an average person's. "
            : "";
    }

    private static Recommendation ToReferenceInform(ShippedScore s, ScoreResult r, Knowledge.KnowledgeSource source, Finding finding, ShippedReference reference, string trait)
    {
        var hasPercentile = TryPercentile(finding, out var p);
        var where = hasPercentile
            ? string.Create(CultureInfo.InvariantCulture, $"The score is at the {p:0}th percentile of {finding.Details["referencePopulation"]}: {p:0}% of those reference people scored lower on the same {reference.Score.Definition.Variants.Count} variants. ")
            : $"No percentile: {finding.Details["percentile"]}. ";
        return new Recommendation
        {
            Id = $"prs:{s.Definition.Id}:inform",
            Engine = "polygenic-risk",
            Action = RecommendationAction.Inform,
            Subject = new RecommendationSubject(SubjectKind.Test, $"Polygenic score {s.Definition.Id} ({trait}), reference subset", $"PGS:{s.Definition.Id}"),
            Strength = RecommendationStrength.NotGraded,
            Evidence = new EvidenceLevel(EvidenceScheme.ValidatedModel, "published score, no guideline",
                "A score published and catalogued in the PGS Catalog, here restricted to the variants of a public reference panel; no clinical guideline recommends acting on it"),
            Source = new SourceReference(source.Id, source.Version, reference.Id, $"PGS Catalog {s.Definition.Id}; {s.Definition.Metadata.Citation}; 1000 Genomes high coverage (Byrska-Bishop 2022)"),
            ClinicianText = where + Capitalise(finding.Details["relativeToMeanStatement"]) + ". " +
                "A percentile is a rank among reference people, not a risk; this subset of the score has not been validated for prediction, and the patient's genetic ancestry was not assessed, so the pooled multi-ancestry panel is the comparison " +
                "(population-specific percentiles are in the finding). For information only; no action is recommended.",
            PatientText = $"We compared a small part of a published gene score for {trait.ToLowerInvariant()} with the same score in about 2,500 people from around the world. " +
                (hasPercentile ? string.Create(CultureInfo.InvariantCulture, $"About {p:0} in 100 of them had a lower score. ") : "") +
                "This ranking is not your chance of anything and does not describe you; it shows how such scores are placed. " + RelativePatientText(finding, trait.ToLowerInvariant()) +
                "Talk to your doctor before making any decision based on it.",
            Rationale = finding.Rationale,
            Citations = reference.Citations,
            Population = s.DevelopedIn,
            FindingIds = [finding.Id],
        };
    }

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>The genome build a VCF declares (##reference or ##contig assembly), or null.</summary>
    private static string? BuildOf(string vcf)
    {
        using var reader = VcfReader.Open(vcf);
        var reference = reader.Header.MetaLines.FirstOrDefault(l => l.Key == "reference")?.Value;
        var assembly = reader.Header.Contigs.Select(c => c.Attributes.TryGetValue("assembly", out var a) ? a : null).FirstOrDefault(a => a is not null);
        var text = reference ?? assembly;
        if (text is null)
            return null;
        if (text.Contains("38", StringComparison.Ordinal))
            return "GRCh38";
        if (text.Contains("37", StringComparison.Ordinal) || text.Contains("hg19", StringComparison.OrdinalIgnoreCase))
            return "GRCh37";
        return null;
    }

    private static bool SameBuild(string scoreBuild, string vcfBuild) =>
        (scoreBuild.Contains("38", StringComparison.Ordinal) && vcfBuild == "GRCh38")
        || ((scoreBuild.Contains("37", StringComparison.Ordinal) || scoreBuild.Contains("hg19", StringComparison.OrdinalIgnoreCase)) && vcfBuild == "GRCh37");
}

using System.Globalization;
using Precis.Core;
using Precis.Genomics.Vcf;
using Precis.PolygenicRisk.Knowledge;
using Precis.PolygenicRisk.Scoring;

namespace Precis.Plans;

/// <summary>
/// The "polygenic-risk" section: scores the patient's germline VCF on the PGS Catalog scores shipped in the
/// precis-pgs-catalog knowledge base and reports the raw score with its match report. No percentile or risk is
/// given without a reference distribution, and no action is recommended without a guideline.
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

        if (usable.Count == 0)
        {
            builder.AddSection(new PlanSection(SectionId, Title, SectionStatus.InsufficientData, "No shipped score is on the VCF's genome build."));
            return;
        }

        var result = PolygenicScorer.Score(vcf, [.. usable.Select(s => s.Definition)], ScoringOptions.Default);
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

        if (result.SampleNames.Count > 1)
            builder.AddNotAssessed(new NotAssessed(SectionId, "Other VCF samples", $"The VCF has {result.SampleNames.Count} samples; only the first ({result.SampleNames[0]}) was reported as the patient."));
        builder.AddSection(new PlanSection(SectionId, Title, scored > 0 ? SectionStatus.Available : SectionStatus.InsufficientData,
            scored > 0 ? $"{scored} polygenic score(s) computed as raw scores; no percentile without a reference distribution." : "No score reached the minimum variant overlap."));
        progress?.Report(new ProgressUpdate(Title, 1, 1));
    }

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

    private static Recommendation ToInform(ShippedScore s, ScoreResult r, Knowledge.KnowledgeSource source, Finding finding)
    {
        var trait = s.Definition.Metadata.TraitReported ?? "the trait";
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
                $"Developed in: {s.DevelopedIn ?? "not stated"}; performance may be lower in other ancestries. {r.Report.Excluded + r.Report.Unmatched} of {r.Report.Variants} variants were not used.",
            PatientText = $"We added up small effects of {r.Report.Matched} DNA variants linked to {trait.ToLowerInvariant()}. On its own this number does not tell you your risk, " +
                "because we have no comparison group to rank it against. It does not mean you have or will get the condition. Talk to your doctor before making any decision based on it.",
            Rationale = finding.Rationale,
            Citations = s.Citations,
            Population = s.DevelopedIn,
            FindingIds = [finding.Id],
        };
    }

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

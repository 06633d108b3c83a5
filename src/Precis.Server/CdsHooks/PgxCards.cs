using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Precis.Clinical.Record;
using Precis.Core;
using Precis.Knowledge;
using Precis.Pharmacogenomics.Calling;
using Precis.Pharmacogenomics.Knowledge;
using Precis.Pharmacogenomics.Output;
using Precis.Pharmacogenomics.Phenotypes;
using Precis.Pharmacogenomics.Recommendations;
using Precis.Reporting;
using Precis.Storage;

namespace Precis.Server.CdsHooks;

/// <summary>The patient's pharmacogenomic results and where they came from.</summary>
/// <param name="Genes">Gene results (phenotype and lookup key) as the recommendation matcher needs them.</param>
/// <param name="PatientId">Our patient id when the patient is stored here.</param>
/// <param name="PlanId">The plan the results come from, when stored.</param>
/// <param name="Origin">"stored plan", "prefetched Observations" or "none".</param>
public sealed record PgxProfile(IReadOnlyList<GeneResult> Genes, Guid? PatientId, Guid? PlanId, string Origin);

/// <summary>
/// Pharmacogenomic cards for drugs being ordered: looks the drug up (RxNorm clinical drug → ingredient), matches the
/// patient's gene results against CPIC/DPWG recommendations (the same matcher and mapper as the plan) and turns each
/// actionable recommendation into a card with suggestions (alternative drug, dose change) and links.
/// "Use as directed" results give no card: the order is fine for this genotype.
/// </summary>
public sealed partial class PgxCards(KnowledgeCatalog catalog)
{
    private const string RxNormSystem = "http://www.nlm.nih.gov/research/umls/rxnorm";
    private static readonly CdsCoding Topic = new("https://precis.dev/cds-topics", "pgx", "Pharmacogenomics");
    private readonly PgxKnowledge _pgx = PgxKnowledge.FromCatalog(catalog);
    private readonly RxNormIngredients _rxnorm = RxNormIngredients.From(catalog);
    private readonly ConcurrentDictionary<Guid, IReadOnlyList<GeneResult>> _planGenes = new();
    private readonly ConcurrentDictionary<(Guid Plan, string Drug), DrugMatch?> _planMatches = new();

    /// <summary>
    /// Our patient id for the EHR's patient id and the stamps of their plans, in one statement. Every order-select call
    /// runs it, so it is plain ADO.NET on the context's connection (LINQ translation and materialisation cost more than
    /// the query); the names come from the EF model.
    /// </summary>
    private static async Task<(Guid? Patient, List<PlanStamp> Plans)> PatientAndPlansAsync(PrecisDbContext db, string externalId, CancellationToken ct)
    {
        var sql = ProfileSql.GetOrAdd(db.Model, _ => ProfileQuery(db));
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = sql.Text;
            command.Parameters.Add(sql.ExternalId.GetRelationalTypeMapping().CreateParameter(command, "@externalId", externalId, nullable: false));
            await using var reader = await command.ExecuteReaderAsync(ct);
            Guid? patient = null;
            var plans = new List<PlanStamp>();
            while (await reader.ReadAsync(ct))
            {
                patient = reader.GetFieldValue<Guid>(0);
                if (!await reader.IsDBNullAsync(1, ct))
                    plans.Add(new PlanStamp(reader.GetFieldValue<Guid>(1), reader.GetFieldValue<DateTimeOffset>(2)));
            }

            return (patient, plans);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static readonly ConcurrentDictionary<Microsoft.EntityFrameworkCore.Metadata.IModel, (string Text, Microsoft.EntityFrameworkCore.Metadata.IProperty ExternalId)> ProfileSql = new();

    private static (string Text, Microsoft.EntityFrameworkCore.Metadata.IProperty ExternalId) ProfileQuery(PrecisDbContext db)
    {
        var patients = StoreNames.Of<PatientEntity>(db);
        var plans = StoreNames.Of<PlanEntity>(db);
        var text = $"SELECT p.{patients.Column(nameof(PatientEntity.Id))}, pl.{plans.Column(nameof(PlanEntity.Id))}, pl.{plans.Column(nameof(PlanEntity.CreatedAt))} " +
            $"FROM {patients.Table} p LEFT JOIN {plans.Table} pl ON pl.{plans.Column(nameof(PlanEntity.PatientId))} = p.{patients.Column(nameof(PatientEntity.Id))} " +
            $"WHERE p.{patients.Column(nameof(PatientEntity.ExternalId))} = @externalId";
        return (text, patients.Property(nameof(PatientEntity.ExternalId)));
    }

    private sealed record PlanStamp(Guid Id, DateTimeOffset CreatedAt);

    /// <summary>The patient's results: from their latest stored plan, else from prefetched genotype / therapeutic-implication Observations.</summary>
    public async Task<PgxProfile> ProfileAsync(PrecisDbContext db, string externalPatientId, JsonObject? prefetch, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var (patient, plans) = await PatientAndPlansAsync(db, externalPatientId, ct);
        if (patient is { } pid)
        {
            if (plans.Count > 0)
            {
                // SQLite cannot order by a DateTimeOffset column, so the (few) plan stamps are compared here.
                var latest = plans.MaxBy(p => p.CreatedAt)!.Id;
                if (!_planGenes.TryGetValue(latest, out var genes))
                {
                    // Plans are immutable, so the parsed gene results can be kept for the plan's id.
                    var json = await db.Plans.AsNoTracking().Where(p => p.Id == latest).Select(p => p.Json).FirstAsync(ct);
                    genes = FromPlan(PlanJson.Deserialize(json));
                    _planGenes[latest] = genes;
                }

                if (genes.Count > 0)
                    return new PgxProfile(genes, pid, latest, "stored plan");
            }
        }

        var fromPrefetch = prefetch is null ? [] : FromObservations(prefetch);
        return new PgxProfile(fromPrefetch, patient, null, fromPrefetch.Count > 0 ? "prefetched Observations" : "none");
    }

    /// <summary>Gene results from a plan's phenotype findings.</summary>
    public IReadOnlyList<GeneResult> FromPlan(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var genes = new List<GeneResult>();
        foreach (var f in plan.Findings.Where(f => f.Engine == PgxPlanMapper.Engine && f.Kind == "phenotype"))
        {
            var phenotype = f.Details.GetValueOrDefault("phenotype") ?? PhenotypeResolver.NotCalled;
            var diplotype = f.Details.GetValueOrDefault("diplotype") is { Length: > 0 } d ? d : null;
            var score = f.Details.GetValueOrDefault("activityScore");
            genes.Add(Result(f.Subject, diplotype, phenotype, score, "stored plan"));
        }

        return genes;
    }

    /// <summary>
    /// Gene results from prefetched Observations in the Genomics Reporting IG shape: genotype Observations (LOINC 84413-4
    /// with a gene-studied component) give the diplotype, resolved to a phenotype with our rules; therapeutic-implication
    /// Observations give the genotype they derive from. Bundles and single resources are both read.
    /// </summary>
    public IReadOnlyList<GeneResult> FromObservations(JsonObject prefetch)
    {
        ArgumentNullException.ThrowIfNull(prefetch);
        var byGene = new Dictionary<string, GeneResult>(StringComparer.Ordinal);
        foreach (var obs in Resources(prefetch).Where(r => r["resourceType"]?.ToString() == "Observation"))
        {
            if (obs["status"]?.ToString() is "entered-in-error" or "cancelled")
                continue;
            var codes = Codings(obs["code"]).ToList();
            if (codes.Any(c => c.System == "http://loinc.org" && c.Code == "84413-4"))
            {
                var gene = (obs["component"] as JsonArray ?? [])
                    .Where(c => Codings(c?["code"]).Any(x => x.Code == "48018-6"))
                    .SelectMany(c => Codings(c?["valueCodeableConcept"])).Select(c => c.Display).FirstOrDefault(d => d is not null);
                var text = obs["valueCodeableConcept"]?["text"]?.ToString() ?? Codings(obs["valueCodeableConcept"]).Select(c => c.Display).FirstOrDefault(d => d is not null);
                if (ParseGenotype(text, gene) is { } g && _pgx.Gene(g.Gene) is not null)
                    byGene[g.Gene] = Resolve(g.Gene, g.Diplotype);
            }
            else if (codes.Any(c => c.Code == "therapeutic-implication"))
            {
                foreach (var from in obs["derivedFrom"] as JsonArray ?? [])
                {
                    if (ParseGenotype(from?["display"]?.ToString(), null) is { } g && _pgx.Gene(g.Gene) is not null && !byGene.ContainsKey(g.Gene))
                        byGene[g.Gene] = Resolve(g.Gene, g.Diplotype);
                }
            }
        }

        return [.. byGene.Values];
    }

    /// <summary>Cards for each draft medication; none when the genotype needs no change or no guideline applies.</summary>
    public IReadOnlyList<CdsCard> ForOrders(PgxProfile profile, IReadOnlyList<DraftMedication> medications, string? planUrl)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(medications);
        var cards = new List<CdsCard>();
        if (profile.Genes.Count == 0)
            return cards;
        foreach (var med in medications)
        {
            foreach (var ingredient in Ingredients(med))
            {
                // A stored plan is immutable, so its matches per drug are computed once and kept with the plan's id.
                var matched = profile.PlanId is { } planId
                    ? _planMatches.GetOrAdd((planId, ingredient.ToLowerInvariant()), _ => Match(profile.Genes, ingredient))
                    : Match(profile.Genes, ingredient);
                if (matched is { } m)
                    cards.Add(Card(m.Recommendations, m.Match, med, Indicator(m.Recommendations[0].Action)!, profile, planUrl));
            }
        }

        return cards;
    }

    /// <summary>The actionable recommendations for one drug, most urgent first, and the guideline match of the first; null when none.</summary>
    private DrugMatch? Match(IReadOnlyList<GeneResult> genes, string ingredient)
    {
        if (_planMatches.Count > 50_000)
            _planMatches.Clear(); // a bound, not an eviction policy: entries are cheap to recompute
        var drug = RecommendationMatcher.ForDrug(_pgx, genes, ingredient);
        if (drug.Outcome != DrugOutcome.Recommendation)
            return null;
        var part = PgxPlanMapper.Map(genes, [drug], catalog);
        // One card per ordered drug: the most urgent recommendation leads; the other guidelines' statements
        // (other sources or populations) are listed in its detail and their alternatives offered too.
        var recs = part.Recommendations.Where(r => r.Subject.Kind == SubjectKind.Drug && Indicator(r.Action) is not null)
            .OrderBy(r => Rank(Indicator(r.Action)!)).ThenBy(r => r.Action).ToList();
        if (recs.Count == 0)
            return null;
        return new DrugMatch(recs, drug.Matches.FirstOrDefault(m => m.Recommendation.Id == recs[0].Source.EntryId) ?? drug.Matches[0]);
    }

    private sealed record DrugMatch(List<Recommendation> Recommendations, MatchedRecommendation Match);

    /// <summary>The drug names a draft order resolves to (RxNorm clinical drug → ingredients, ingredient codes, or its text).</summary>
    public IReadOnlyList<string> Ingredients(DraftMedication med)
    {
        ArgumentNullException.ThrowIfNull(med);
        var names = new List<string>();
        foreach (var code in med.RxNormCodes)
        {
            if (_rxnorm.Find(code) is { } product)
                names.AddRange(product.Ingredients.Select(i => i.Name));
            else if (_pgx.Drug(code) is { } entry)
                names.Add(entry.Name);
        }

        if (names.Count == 0 && med.Text is { } text)
        {
            // "Clopidogrel 75 MG Oral Tablet": the first word that is a known drug.
            var word = text.Split([' ', ',', '/'], StringSplitOptions.RemoveEmptyEntries).Select(w => _pgx.Drug(w)).FirstOrDefault(d => d is not null);
            if (word is not null)
                names.Add(word.Name);
        }

        return [.. names.Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>Warning for alternatives and dose changes, critical for "avoid", info for monitor/consider; null (no card) for "use as directed" and "no recommendation for this result".</summary>
    public static string? Indicator(RecommendationAction action) => action switch
    {
        RecommendationAction.Avoid => "critical",
        RecommendationAction.UseAlternative or RecommendationAction.AdjustDose => "warning",
        RecommendationAction.Monitor or RecommendationAction.Consider => "info",
        _ => null,
    };

    private static int Rank(string indicator) => indicator switch { "critical" => 0, "warning" => 1, _ => 2 };

    private static string Phrase(RecommendationAction action, string drug) => action switch
    {
        RecommendationAction.Avoid => $"avoid {drug}",
        RecommendationAction.UseAlternative => $"use an alternative to {drug}",
        RecommendationAction.AdjustDose => $"adjust the {drug} dose",
        RecommendationAction.Monitor => $"monitor {drug}",
        _ => $"{PlanHtml.ActionLabel(action).ToLowerInvariant()}: {drug}",
    };

    private CdsCard Card(List<Recommendation> recs, MatchedRecommendation match, DraftMedication med, string indicator, PgxProfile profile, string? planUrl)
    {
        var rec = recs[0];
        var genes = string.Join(", ", match.Genes.Select(g => $"{g.Gene} {g.Diplotype ?? ""} ({g.Phenotype})".Replace("  ", " ", StringComparison.Ordinal)));
        var summary = $"{string.Join(", ", match.Genes.Select(g => $"{g.Gene} {g.Phenotype}"))}: {Phrase(rec.Action, rec.Subject.Name)}";
        if (summary.Length > 140)
            summary = summary[..139] + "…";
        var detail = new StringBuilder();
        detail.Append(rec.ClinicianText).Append("\n\n");
        detail.Append("**Genotype:** ").Append(genes).Append(" (from ").Append(profile.Origin).Append(").\n\n");
        detail.Append("**Evidence:** ").Append(Precis.Reporting.PlanHtml.EvidenceLabel(rec.Evidence)).Append("; strength ").Append(rec.Strength).Append(".\n\n");
        detail.Append("**Why:**\n");
        foreach (var step in rec.Rationale.Take(8))
            detail.Append("- ").Append(step.Statement).Append('\n');
        if (recs.Count > 1)
        {
            detail.Append("\n**Also:**\n");
            foreach (var other in recs.Skip(1))
                detail.Append("- ").Append(other.ClinicianText).Append('\n');
        }

        var suggestions = new List<CdsSuggestion>();
        foreach (var alt in recs.SelectMany(r => r.Alternatives).Distinct(StringComparer.OrdinalIgnoreCase).Take(4))
        {
            var code = _pgx.Drug(alt)?.RxNorm;
            var replacement = new JsonObject
            {
                ["resourceType"] = "MedicationRequest",
                ["status"] = "draft",
                ["intent"] = "order",
                ["medicationCodeableConcept"] = new JsonObject
                {
                    ["text"] = alt,
                    ["coding"] = code is null ? new JsonArray() : new JsonArray(new JsonObject { ["system"] = RxNormSystem, ["code"] = code, ["display"] = alt }),
                },
                ["subject"] = med.Resource["subject"]?.DeepClone(),
            };
            suggestions.Add(new CdsSuggestion($"Replace {rec.Subject.Name} with {alt}", Guid.NewGuid().ToString(), suggestions.Count == 0, [
                new CdsAction("delete", $"Remove the draft {rec.Subject.Name} order", ResourceId: med.ResourceId),
                new CdsAction("create", $"Order {alt} instead", replacement),
            ]));
        }

        if (recs.Any(r => r.Action == RecommendationAction.AdjustDose))
        {
            var updated = med.Resource.DeepClone().AsObject();
            updated["dosageInstruction"] = new JsonArray(new JsonObject { ["text"] = $"Adjust dose for {genes}: {rec.ClinicianText}" });
            suggestions.Add(new CdsSuggestion($"Adjust the {rec.Subject.Name} dose per the guideline", Guid.NewGuid().ToString(), suggestions.Count == 0, [
                new CdsAction("update", $"Change the {rec.Subject.Name} dosage instruction", updated, med.ResourceId),
            ]));
        }

        var links = new List<CdsLink>();
        if (planUrl is not null)
            links.Add(new CdsLink("Precis plan for this patient", planUrl, "absolute"));
        links.Add(new CdsLink(match.Recommendation.GuidelineName, match.Recommendation.GuidelineUrl, "absolute"));

        return new CdsCard(
            Guid.NewGuid().ToString(),
            summary,
            detail.ToString().TrimEnd(),
            indicator,
            new CdsSource($"{match.Recommendation.GuidelineName} (Precis {rec.Source.KnowledgeBaseId} {rec.Source.KnowledgeBaseVersion})", match.Recommendation.GuidelineUrl, Topic),
            suggestions.Count > 0 ? suggestions : null,
            suggestions.Count > 0 ? "at-most-one" : null,
            [new CdsCoding("https://precis.dev/cds-override", "benefit-outweighs-risk", "Benefit outweighs risk for this patient"),
             new CdsCoding("https://precis.dev/cds-override", "genotype-not-confirmed", "Genotype result not confirmed"),
             new CdsCoding("https://precis.dev/cds-override", "contraindication-to-alternatives", "Contraindication to alternatives")],
            links);
    }

    private GeneResult Resolve(string gene, string diplotype)
    {
        var parts = diplotype.Split('/');
        var call = new GeneCall
        {
            Gene = gene,
            Status = CallStatus.OutsideCall,
            Candidates = [new DiplotypeCandidate(parts[0].Trim(), parts.Length > 1 ? parts[1].Trim() : null, 0)],
            Notes = ["genotype from a prefetched FHIR Observation"],
        };
        return PhenotypeResolver.Resolve(call, _pgx.Gene(gene)?.Phenotypes) with { Origin = "outside call" };
    }

    private GeneResult Result(string gene, string? diplotype, string phenotype, string? activityScore, string origin)
    {
        var rules = _pgx.Gene(gene)?.Phenotypes?.Rules ?? [];
        var rule = rules.FirstOrDefault(r => r.Phenotype == phenotype && (activityScore is null || r.ActivityScore == activityScore))
            ?? rules.FirstOrDefault(r => r.Phenotype == phenotype);
        var actionable = phenotype is not (PhenotypeResolver.Indeterminate or PhenotypeResolver.NotCalled or "No phenotype defined");
        var call = new GeneCall
        {
            Gene = gene,
            Status = CallStatus.OutsideCall,
            Candidates = diplotype is null ? [] : [new DiplotypeCandidate(diplotype, null, 0)],
            Notes = [$"from the {origin}"],
        };
        return new GeneResult
        {
            Gene = gene,
            Call = call,
            Diplotype = diplotype,
            Phenotype = phenotype,
            ActivityScore = activityScore,
            LookupKey = actionable ? rule?.LookupKey ?? activityScore ?? phenotype : null,
            Origin = origin,
        };
    }

    private static (string Gene, string Diplotype)? ParseGenotype(string? text, string? gene)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        var m = GenotypePattern().Match(text.Trim());
        if (m.Success)
            return (m.Groups["gene"].Value, m.Groups["dip"].Value.Replace(" ", "", StringComparison.Ordinal));
        return gene is null ? null : (gene, text.Trim().Replace(" ", "", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"^(?<gene>[A-Z][A-Z0-9-]+)\s*(?<dip>\*[^/\s]+\s*/\s*\*[^/\s]+)$")]
    private static partial Regex GenotypePattern();

    private static IEnumerable<JsonObject> Resources(JsonObject prefetch)
    {
        foreach (var (_, value) in prefetch)
        {
            if (value is not JsonObject r)
                continue;
            if (r["resourceType"]?.ToString() == "Bundle")
            {
                foreach (var e in r["entry"] as JsonArray ?? [])
                {
                    if (e?["resource"] is JsonObject inner)
                        yield return inner;
                }
            }
            else
            {
                yield return r;
            }
        }
    }

    private static IEnumerable<(string? System, string? Code, string? Display)> Codings(JsonNode? concept)
    {
        foreach (var c in concept?["coding"] as JsonArray ?? [])
            yield return (c?["system"]?.ToString(), c?["code"]?.ToString(), c?["display"]?.ToString());
    }
}

using System.Text.Json;
using Precis.Core;

namespace Precis.Plans.Reasoning;

/// <summary>
/// Checks current medicines against each other and against therapies the plan proposes (alternatives named by a
/// genotype-guided recommendation, tumour therapies), using the cited pairs of <c>precis-interactions</c> (FDA labels
/// and Drug Safety Communications). Also checks proposed drugs against recorded conditions (alpelisib with diabetes).
/// Only the listed pairs are checked, and the plan says so.
/// </summary>
public sealed class InteractionRule : IPlanRule
{
    private static readonly EvidenceLevel LabelEvidence = new(EvidenceScheme.ClinicalGuideline, "FDA label", "US prescribing information or FDA Drug Safety Communication; regulatory statements are not graded");

    public string Id => "interactions";

    public void Apply(ReasoningContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Interactions is not { } table)
        {
            context.Builder.AddNotAssessed(new NotAssessed("plan", "Drug interactions", $"the interaction table {PlanRuleBook.InteractionsId} is not in the knowledge catalog"));
            return;
        }

        var classes = table.Entries("classes").ToDictionary(e => PlanRuleBook.Str(e, "id")!, e => PlanRuleBook.Strs(e, "members"), StringComparer.Ordinal);
        var current = context.CurrentIngredients().ToList();
        var proposed = Proposed(context.Builder.Recommendations, current.Select(c => c.Ingredient).ToHashSet(StringComparer.Ordinal));
        var pairs = table.Entries("interactions").ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);

        foreach (var entry in pairs)
        {
            var a = Members(PlanRuleBook.Strs(entry, "a"), classes);
            var b = Members(PlanRuleBook.Strs(entry, "b"), classes);
            var kind = PlanRuleBook.Str(entry, "kind") ?? "drug-drug";

            // Current × current.
            foreach (var x in current.Where(c => a.Contains(c.Ingredient)))
            {
                foreach (var y in current.Where(c => b.Contains(c.Ingredient) && c.Medication != x.Medication))
                {
                    var key = PlanRuleBook.Str(entry, "id") + ":" + string.Join("|", new[] { x.Ingredient, y.Ingredient }.Order(StringComparer.Ordinal));
                    if (seen.Add(key))
                        AddCurrentPair(context, table, entry, kind, x, y);
                }
            }

            // Current × proposed (the proposed drug is not taken now).
            foreach (var (drug, by) in proposed)
            {
                foreach (var c in current)
                {
                    var currentIsA = a.Contains(c.Ingredient) && b.Contains(drug);
                    var currentIsB = b.Contains(c.Ingredient) && a.Contains(drug);
                    if (!(currentIsA || currentIsB) || kind == "duplicate-therapy")
                        continue;
                    var key = PlanRuleBook.Str(entry, "id") + ":" + drug + "|" + c.Ingredient;
                    if (seen.Add(key))
                        AddProposedPair(context, table, entry, c.Medication, c.Ingredient, drug, by, currentIsA);
                }
            }
        }

        foreach (var entry in table.Entries("conditions"))
            AddDrugCondition(context, table, entry, current, proposed);

        context.Builder.AddNotAssessed(new NotAssessed("plan", "Drug interactions beyond the Precis table",
            $"only the {pairs.Count} cited pair rules of {table.Knowledge.Source.Id} {table.Knowledge.Source.Version} were checked; this is not a complete interaction check"));
    }

    private static void AddCurrentPair(ReasoningContext context, PlanRuleBook table, JsonElement entry, string kind, (MedicationSummary Medication, string Ingredient) x, (MedicationSummary Medication, string Ingredient) y)
    {
        var entryId = PlanRuleBook.Str(entry, "id")!;
        var action = PlanRuleBook.Action(entry);
        var max = PlanRuleBook.Num(entry, "maxDoseMg");
        var dosed = PlanRuleBook.Str(entry, "doseOf") == "b" ? y : x;
        var dose = ReasoningContext.StrengthMg(dosed.Medication);
        string doseText = "";
        if (max is { } limit)
        {
            if (dose is { } d && d <= limit)
            {
                // At or under the label's limit: nothing to change now, but the limit must hold.
                action = RecommendationAction.Monitor;
                doseText = $"; current {dosed.Ingredient} {PlanRuleBook.F(d)} mg is within the {PlanRuleBook.F(limit)} mg limit — do not increase above it";
            }
            else
            {
                doseText = dose is { } over
                    ? $"; current {dosed.Ingredient} {PlanRuleBook.F(over)} mg exceeds the {PlanRuleBook.F(limit)} mg limit"
                    : $"; the {dosed.Ingredient} dose could not be read from '{dosed.Medication.Text}'";
            }
        }

        var clinician = PlanRuleBook.Str(entry, "clinician")!;
        var references = context.MedicationReferences(x.Medication).Concat(context.MedicationReferences(y.Medication)).Distinct(StringComparer.Ordinal).ToList();
        var id = $"interaction:{entryId}:{x.Ingredient}+{y.Ingredient}";
        var subject = kind == "duplicate-therapy" ? $"{x.Ingredient} and {y.Ingredient} (duplicate therapy)" : $"{x.Ingredient} with {y.Ingredient}";
        var citations = table.CitationsOf(entry);
        context.Builder.AddRecommendation(new Recommendation
        {
            Id = id,
            Engine = ReasoningContext.Engine,
            Action = action,
            Subject = new RecommendationSubject(SubjectKind.Drug, subject),
            Strength = RecommendationStrength.NotGraded,
            Evidence = LabelEvidence,
            Source = table.Source(entry),
            ClinicianText = $"Current {x.Medication.Text} and {y.Medication.Text}: {clinician}{doseText}.",
            PatientText = PlanRuleBook.Str(entry, "patient")! + " Talk to your doctor before changing any medicine.",
            Rationale =
            [
                context.MedicationStep(x.Medication),
                context.MedicationStep(y.Medication),
                new RationaleStep(RationaleStepKind.Rule, $"{table.Knowledge.Source.Id} {table.Knowledge.Source.Version} entry {entryId} ({string.Join("; ", citations.Select(c => c.Title))}): {clinician}"),
                new RationaleStep(RationaleStepKind.Action, DrugGeneConflictRule.Label(action) + doseText),
            ],
            Citations = citations,
        });
        if (action is RecommendationAction.Avoid or RecommendationAction.AdjustDose or RecommendationAction.UseAlternative || kind == "duplicate-therapy")
            context.Builder.AddConflict(new Conflict(subject, [id], $"currently prescribed together ({string.Join(", ", references)}): {clinician}{doseText}", kind, action, references));
    }

    private static void AddProposedPair(ReasoningContext context, PlanRuleBook table, JsonElement entry, MedicationSummary taken, string takenIngredient, string drug, IReadOnlyList<Recommendation> by, bool currentIsA)
    {
        var entryId = PlanRuleBook.Str(entry, "id")!;
        var clinician = PlanRuleBook.Str(entry, "clinician")!;
        var max = PlanRuleBook.Num(entry, "maxDoseMg");
        var doseOfB = PlanRuleBook.Str(entry, "doseOf") == "b";
        var takenIsDosed = max is not null && (doseOfB ? !currentIsA : currentIsA);
        var dose = takenIsDosed ? ReasoningContext.StrengthMg(taken) : null;
        var doseText = takenIsDosed && dose is { } d && max is { } limit
            ? $"; current {takenIngredient} {PlanRuleBook.F(d)} mg {(d <= limit ? "is within" : "exceeds")} the {PlanRuleBook.F(limit)} mg limit"
            : "";
        var citations = table.CitationsOf(entry);
        var proposers = string.Join(", ", by.Select(r => r.Id));
        context.Builder.AddRecommendation(new Recommendation
        {
            Id = $"interaction:{entryId}:{drug}+{takenIngredient}:proposed",
            Engine = ReasoningContext.Engine,
            Action = RecommendationAction.Inform,
            Subject = new RecommendationSubject(SubjectKind.Drug, $"{drug} (proposed) with current {takenIngredient}"),
            Strength = RecommendationStrength.NotGraded,
            Evidence = LabelEvidence,
            Source = table.Source(entry),
            ClinicianText = $"If {drug} is started (proposed by {proposers}) while the patient takes {taken.Text}: {clinician}{doseText}.",
            PatientText = $"One of the options in this report, {drug}, can interact with {takenIngredient}, which you take now. Your doctor will take this into account.",
            Rationale =
            [
                context.MedicationStep(taken),
                new RationaleStep(RationaleStepKind.Rule, $"{drug} is proposed by {proposers}"),
                new RationaleStep(RationaleStepKind.Rule, $"{table.Knowledge.Source.Id} {table.Knowledge.Source.Version} entry {entryId}: {clinician}"),
                new RationaleStep(RationaleStepKind.Action, $"take the interaction into account when choosing {drug}{doseText}"),
            ],
            Citations = citations,
            FindingIds = [.. by.SelectMany(r => r.FindingIds).Distinct(StringComparer.Ordinal)],
        });
    }

    private static void AddDrugCondition(ReasoningContext context, PlanRuleBook table, JsonElement entry, List<(MedicationSummary Medication, string Ingredient)> current, IReadOnlyList<(string Drug, IReadOnlyList<Recommendation> By)> proposed)
    {
        var drug = PlanRuleBook.Str(entry, "drug")!;
        var terms = PlanRuleBook.Strs(entry, "conditionTerms");
        var excluded = PlanRuleBook.Strs(entry, "excludeTerms");
        bool Matches(string text) => terms.Any(t => text.Contains(t, StringComparison.OrdinalIgnoreCase)) && !excluded.Any(t => text.Contains(t, StringComparison.OrdinalIgnoreCase));
        var condition = context.Record.Conditions.FirstOrDefault(c => Matches(c.Display));
        var conditionText = condition?.Display ?? context.Patient.ActiveConditions.FirstOrDefault(Matches);
        if (conditionText is null)
            return;
        var taken = current.FirstOrDefault(c => c.Ingredient == drug).Medication;
        var by = proposed.FirstOrDefault(p => p.Drug == drug).By;
        if (taken is null && by is null)
            return;

        var entryId = PlanRuleBook.Str(entry, "id")!;
        var clinician = PlanRuleBook.Str(entry, "clinician")!;
        var citations = table.CitationsOf(entry);
        var conditionStep = new RationaleStep(RationaleStepKind.InputData, condition is null ? $"active condition '{conditionText}' (no record entry with an id)" : "active condition " + condition.Describe());
        var drugStep = taken is not null
            ? context.MedicationStep(taken)
            : new RationaleStep(RationaleStepKind.Rule, $"{drug} is proposed by {string.Join(", ", by!.Select(r => r.Id))}");
        var id = $"interaction:{entryId}";
        var monitor = entry.GetProperty("monitor");
        var what = PlanRuleBook.Str(monitor, "what")!;
        var frequency = PlanRuleBook.Str(monitor, "frequency")!;
        context.Builder.AddRecommendation(new Recommendation
        {
            Id = id,
            Engine = ReasoningContext.Engine,
            Action = RecommendationAction.Monitor,
            Subject = new RecommendationSubject(SubjectKind.Test, what),
            Strength = RecommendationStrength.NotGraded,
            Evidence = LabelEvidence,
            Source = table.Source(entry),
            ClinicianText = $"{(taken is null ? $"If {drug} is started" : $"On {taken.Text}")}, with {conditionText}: {clinician}. Monitoring: {frequency}.",
            PatientText = PlanRuleBook.Str(entry, "patient")!,
            Rationale =
            [
                conditionStep,
                drugStep,
                new RationaleStep(RationaleStepKind.Rule, $"{table.Knowledge.Source.Id} {table.Knowledge.Source.Version} entry {entryId}: {clinician}"),
                new RationaleStep(RationaleStepKind.Action, $"monitor {what}: {frequency}"),
            ],
            Citations = citations,
            FindingIds = by is null ? [] : [.. by.SelectMany(r => r.FindingIds).Distinct(StringComparer.Ordinal)],
        });
        context.Builder.AddScheduleItem(new ScheduleItem(what, frequency,
            $"{drug} {(taken is null ? "is proposed" : "is prescribed")} and the record lists {conditionText}{(condition?.Reference is { } r ? $" ({r})" : "")}",
            table.Source(entry), citations, [id, .. by?.Select(x => x.Id) ?? []], []));
    }

    /// <summary>Drugs the plan proposes that the patient does not take: named therapies to consider and named alternatives.</summary>
    internal static IReadOnlyList<(string Drug, IReadOnlyList<Recommendation> By)> Proposed(IReadOnlyList<Recommendation> recommendations, IReadOnlySet<string> taken)
    {
        var map = new Dictionary<string, List<Recommendation>>(StringComparer.Ordinal);
        void Add(string name, Recommendation r)
        {
            foreach (var part in name.Split('+', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var drug = part.ToLowerInvariant();
                if (taken.Contains(drug) || drug.Contains(' ', StringComparison.Ordinal))
                    continue;
                if (!map.TryGetValue(drug, out var list))
                    map[drug] = list = [];
                if (!list.Contains(r))
                    list.Add(r);
            }
        }

        foreach (var r in recommendations)
        {
            if (r.Subject.Kind is SubjectKind.Drug or SubjectKind.Therapy && r.Action is RecommendationAction.Consider or RecommendationAction.ConsiderTrial)
                Add(r.Subject.Name, r);
            // Alternatives only from CPIC entries (curated lists); DPWG free text names interacting drugs alongside
            // alternatives, and a conflict recommendation repeats its sources' lists.
            if (r.Action is RecommendationAction.UseAlternative or RecommendationAction.Avoid && r.Evidence.Scheme == EvidenceScheme.Cpic && r.Engine != ReasoningContext.Engine)
            {
                foreach (var alt in r.Alternatives)
                    Add(alt, r);
            }
        }

        return [.. map.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, (IReadOnlyList<Recommendation>)kv.Value))];
    }

    private static HashSet<string> Members(IReadOnlyList<string> items, Dictionary<string, IReadOnlyList<string>> classes)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (item.StartsWith("class:", StringComparison.Ordinal))
                set.UnionWith(classes.TryGetValue(item[6..], out var m) ? m : throw new InvalidOperationException($"interaction table names unknown class '{item}'"));
            else
                set.Add(item);
        }

        return set;
    }
}

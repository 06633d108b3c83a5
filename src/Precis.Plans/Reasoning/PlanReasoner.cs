using System.Text.RegularExpressions;
using Precis.Core;
using Precis.Prediction.Reference;

namespace Precis.Plans.Reasoning;

/// <summary>One cross-engine rule: reads what the contributors added and adds conflicts, actions, schedule lines or figures.</summary>
public interface IPlanRule
{
    /// <summary>Short id shown in progress and tests, e.g. "drug-gene-conflicts".</summary>
    string Id { get; }

    void Apply(ReasoningContext context);
}

/// <summary>What every rule reads: the inputs, the plan so far, the record entries with their ids and the cited rule books.</summary>
public sealed partial class ReasoningContext
{
    /// <summary>Engine name of every action the reasoning stage adds.</summary>
    public const string Engine = "plan";

    public ReasoningContext(PlanInputs inputs, PlanBuilder builder, RecordIndex record)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        Inputs = inputs;
        Builder = builder ?? throw new ArgumentNullException(nameof(builder));
        Record = record ?? throw new ArgumentNullException(nameof(record));
        Rules = PlanRuleBook.Rules(inputs.Knowledge);
        Interactions = PlanRuleBook.Interactions(inputs.Knowledge);
        Values = RecordInputMapper.FromPatient(inputs.Patient);
    }

    public PlanInputs Inputs { get; }

    public PlanBuilder Builder { get; }

    public RecordIndex Record { get; }

    /// <summary>The embedded (or imported) plan rules.</summary>
    public PlanRuleBook Rules { get; }

    /// <summary>The interaction table, or null when the catalog lacks it.</summary>
    public PlanRuleBook? Interactions { get; }

    /// <summary>The record read as model inputs (flags such as ascvd/diabetes with the condition they came from).</summary>
    public RecordInputs Values { get; }

    public PatientSummary Patient => Inputs.Patient;

    /// <summary>A finding already in the plan, or null.</summary>
    public Finding? Finding(string id) => Builder.Findings.FirstOrDefault(f => f.Id == id);

    /// <summary>
    /// Whether a record flag (ascvd, diabetes, hypertension…) is "yes". The mapper matches condition text, so a
    /// "Prediabetes" condition would read as diabetes; for the diabetes flags that match is not taken.
    /// </summary>
    public bool Flag(string key) =>
        Values.Values.TryGetValue(key, out var v) && v == "yes"
        && !(key.Contains("diabetes", StringComparison.Ordinal) && Values.Origins.TryGetValue(key, out var origin) && origin.Contains("prediabetes", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The Condition entry behind a flag: the mapper names the active condition it matched ("active condition 'X'"),
    /// and the index gives that condition's resource id.
    /// </summary>
    public RecordEntry? ConditionFor(string key) =>
        Values.Origins.TryGetValue(key, out var origin) && ConditionOrigin().Match(origin) is { Success: true } m
            ? Record.Condition(m.Groups[1].Value)
            : null;

    /// <summary>Current medications with their lower-case ingredient names (a combination product has several).</summary>
    public IEnumerable<(MedicationSummary Medication, string Ingredient)> CurrentIngredients() =>
        Patient.CurrentMedications.SelectMany(m => Ingredients(m).Select(i => (m, i)));

    /// <summary>The medication's ingredients, lower case: the resolved ingredient(s), else nothing.</summary>
    public static IReadOnlyList<string> Ingredients(MedicationSummary m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return m.Ingredient is null ? [] : [.. m.Ingredient.Split(" / ").Select(i => i.Trim().ToLowerInvariant()).Where(i => i.Length > 0)];
    }

    /// <summary>The daily strength in mg written in the medication text ("Simvastatin 20 MG Oral Tablet" → 20), or null.</summary>
    public static double? StrengthMg(MedicationSummary m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var match = MgPattern().Match(m.Text);
        return match.Success && double.TryParse(match.Groups[1].Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var mg) ? mg : null;
    }

    /// <summary>A rationale step naming the record entries of a current medication.</summary>
    public RationaleStep MedicationStep(MedicationSummary m)
    {
        var entries = Record.EntriesFor(m);
        return new RationaleStep(RationaleStepKind.InputData, entries.Count == 0
            ? $"current medication '{m.Text}'{(m.Code is null ? "" : $" ({m.Code})")} (no record entry with an id)"
            : "currently prescribed: " + string.Join("; ", entries.Select(e => e.Describe())));
    }

    /// <summary>The "ResourceType/id" references of a medication's entries.</summary>
    public IReadOnlyList<string> MedicationReferences(MedicationSummary m) =>
        [.. Record.EntriesFor(m).Select(e => e.Reference).OfType<string>().Distinct(StringComparer.Ordinal)];

    [GeneratedRegex(@"^active condition '(.+)'$")]
    private static partial Regex ConditionOrigin();

    [GeneratedRegex(@"(\d+(?:\.\d+)?)\s*MG\b(?!\s*/\s*ML)", RegexOptions.IgnoreCase)]
    private static partial Regex MgPattern();
}

/// <summary>
/// The reasoning stage that runs after every contributor: conflicts between the genome and current medicines,
/// interactions among current and proposed therapies, risk-driven prevention, polygenic-score statements, lifestyle
/// actions from the patient's own data, the monitoring schedule, figure data and stale-knowledge checks.
/// </summary>
public static class PlanReasoner
{
    /// <summary>The rules in the order they run (the schedule reads the actions the earlier rules add).</summary>
    public static IReadOnlyList<IPlanRule> DefaultRules() =>
    [
        new DrugGeneConflictRule(),
        new InteractionRule(),
        new StatinPreventionRule(),
        new AnticoagulationRule(),
        new PolygenicScreeningRule(),
        new LifestyleRule(),
        new MonitoringScheduleRule(),
        new FigureDataRule(),
        new StaleKnowledgeRule(),
    ];

    /// <summary>Runs the rules over the plan being built.</summary>
    public static void Run(PlanInputs inputs, PlanBuilder builder, IProgress<ProgressUpdate>? progress = null, IReadOnlyList<IPlanRule>? rules = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(builder);
        var fhir = inputs.PathOf("fhir-bundle");
        var context = new ReasoningContext(inputs, builder, fhir is null ? RecordIndex.Empty : RecordIndex.Read(fhir));
        builder.AddKnowledge([context.Rules.Knowledge.Source.ToVersion()]);
        if (context.Interactions is { } table)
            builder.AddKnowledge([table.Knowledge.Source.ToVersion()]);
        rules ??= DefaultRules();
        for (var i = 0; i < rules.Count; i++)
        {
            progress?.Report(new ProgressUpdate("reasoning across engines: " + rules[i].Id, i, rules.Count));
            rules[i].Apply(context);
        }
    }
}

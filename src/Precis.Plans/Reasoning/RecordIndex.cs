using System.Globalization;
using Precis.Clinical;
using Precis.Clinical.Fhir;
using Precis.Core;

namespace Precis.Plans.Reasoning;

/// <summary>One entry of the clinical record that a derived action rests on, named by resource type and id.</summary>
/// <param name="ResourceType">MedicationRequest, MedicationStatement, Condition, Observation.</param>
/// <param name="Id">The resource's logical id, or null when the bundle gives none.</param>
/// <param name="Code">The code used to match it ("RxNorm:309362", "LOINC:2093-3", "SNOMED:53741008").</param>
/// <param name="Display">Its text as recorded.</param>
/// <param name="Date">Its date (authoredOn, effective, onset), at its recorded precision.</param>
/// <param name="Value">For observations: the value as recorded (with unit); otherwise null.</param>
public sealed record RecordEntry(string ResourceType, string? Id, string? Code, string Display, string? Date, string? Value = null)
{
    /// <summary>"ResourceType/id", the FHIR literal reference, or null without an id.</summary>
    public string? Reference => Id is null ? null : $"{ResourceType}/{Id}";

    /// <summary>E.g. "MedicationRequest/abc 'Clopidogrel 75 MG Oral Tablet' (RxNorm:309362, 2025-03-02)".</summary>
    public string Describe()
    {
        var detail = string.Join(", ", new[] { Value, Code, Date }.Where(x => !string.IsNullOrEmpty(x)));
        return $"{Reference ?? ResourceType + " (no id)"} '{Display}'" + (detail.Length == 0 ? "" : $" ({detail})");
    }
}

/// <summary>
/// The record entries behind the patient summary, with their resource ids, so every derived action can name the
/// MedicationRequest, Condition or Observation it used. Built from the same FHIR bundle the summary was read from;
/// "current" and "active" follow the record builder's rules (active orders and statements, unresolved conditions).
/// </summary>
public sealed class RecordIndex
{
    private const string RxNorm = "http://www.nlm.nih.gov/research/umls/rxnorm";
    private const string Snomed = "http://snomed.info/sct";
    private const string LoincSystem = "http://loinc.org";

    private readonly Dictionary<string, RecordEntry> _latestObservation;

    private RecordIndex(IReadOnlyList<RecordEntry> medications, IReadOnlyList<RecordEntry> conditions, Dictionary<string, RecordEntry> latestObservation)
    {
        Medications = medications;
        Conditions = conditions;
        _latestObservation = latestObservation;
    }

    /// <summary>No record: nothing to name.</summary>
    public static RecordIndex Empty { get; } = new([], [], new Dictionary<string, RecordEntry>(StringComparer.Ordinal));

    /// <summary>Current medication orders and statements.</summary>
    public IReadOnlyList<RecordEntry> Medications { get; }

    /// <summary>Active conditions.</summary>
    public IReadOnlyList<RecordEntry> Conditions { get; }

    /// <summary>Reads the bundle at <paramref name="path"/> (same limits as the summary reader).</summary>
    public static RecordIndex Read(string path)
    {
        var bundle = FhirParser.ReadBundle(path, FhirJsonLimits.Default with { MaxBytes = BundleSummaryReader.MaxBytes });
        return From(bundle);
    }

    /// <summary>Indexes a parsed bundle.</summary>
    public static RecordIndex From(Bundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var meds = new List<RecordEntry>();
        foreach (var m in bundle.Resources<MedicationRequest>())
        {
            if (m.Status == "active" && m.Intent is "order" or "original-order" or "plan" or "instance-order" or "filler-order")
                meds.Add(Medication("MedicationRequest", m.Id, m.Medication, m.AuthoredOn));
        }

        foreach (var m in bundle.Resources<MedicationStatement>())
        {
            if (m.Status is "active" or "intended")
                meds.Add(Medication("MedicationStatement", m.Id, m.Medication, m.Effective?.DateTime ?? m.Effective?.Period?.Start ?? m.DateAsserted));
        }

        var conditions = new List<RecordEntry>();
        foreach (var c in bundle.Resources<Condition>())
        {
            if (c.VerificationStatus?.FirstCoding?.Code is "refuted" or "entered-in-error" || c.Code?.DisplayText is not { } display)
                continue;
            var status = c.ClinicalStatus?.FirstCoding?.Code;
            if (status is null or "active" or "recurrence" or "relapse" && c.Abatement is null)
            {
                var snomed = c.Code.CodeIn(Snomed);
                conditions.Add(new RecordEntry("Condition", c.Id, snomed is null ? null : "SNOMED:" + snomed, display, Day(c.Onset?.DateTime ?? c.Onset?.Period?.Start ?? c.RecordedDate)));
            }
        }

        var latest = new Dictionary<string, (DateTimeOffset When, RecordEntry Entry)>(StringComparer.Ordinal);
        void Offer(string loinc, RecordEntry entry, DateTimeOffset when)
        {
            if (!latest.TryGetValue(loinc, out var seen) || when >= seen.When)
                latest[loinc] = (when, entry);
        }

        foreach (var o in bundle.Resources<Observation>())
        {
            if (o.Status is "entered-in-error" or "cancelled" || o.Code is null)
                continue;
            var when = o.When?.Start ?? DateTimeOffset.MinValue;
            var display = o.Code.DisplayText ?? "(observation)";
            foreach (var code in o.Code.Codings.Where(c => c.System == LoincSystem && c.Code is not null).Select(c => c.Code!))
                Offer(code, new RecordEntry("Observation", o.Id, "LOINC:" + code, display, Day(o.When), ValueText(o.Value)), when);
            foreach (var component in o.Components)
            {
                var code = component.Code?.CodeIn(LoincSystem);
                if (code is not null)
                    Offer(code, new RecordEntry("Observation", o.Id, "LOINC:" + code, component.Code!.DisplayText ?? display, Day(o.When), ValueText(component.Value)), when);
            }
        }

        return new RecordIndex(meds, conditions, latest.ToDictionary(kv => kv.Key, kv => kv.Value.Entry, StringComparer.Ordinal));
    }

    /// <summary>The order(s) or statement(s) behind a current medication of the summary, matched by RxNorm code, else by text.</summary>
    public IReadOnlyList<RecordEntry> EntriesFor(MedicationSummary medication)
    {
        ArgumentNullException.ThrowIfNull(medication);
        return medication.Code is not null
            ? [.. Medications.Where(m => m.Code == medication.Code)]
            : [.. Medications.Where(m => m.Display == medication.Text)];
    }

    /// <summary>The active condition recorded with exactly this text, if any.</summary>
    public RecordEntry? Condition(string display) => Conditions.FirstOrDefault(c => c.Display == display);

    /// <summary>The latest observation with this LOINC code (a panel's component counts under its own code).</summary>
    public RecordEntry? Observation(string loinc) => _latestObservation.GetValueOrDefault(loinc);

    private static RecordEntry Medication(string type, string? id, ChoiceValue? medication, FhirDateTime? date)
    {
        var cc = medication?.CodeableConcept;
        var rx = cc?.CodeIn(RxNorm);
        var display = cc?.Text ?? cc?.Codings.FirstOrDefault(c => c.System == RxNorm)?.Display ?? cc?.DisplayText ?? medication?.Reference?.Ref ?? "(no name)";
        return new RecordEntry(type, id, rx is null ? null : "RxNorm:" + rx, display, Day(date));
    }

    private static string? ValueText(ChoiceValue? value) => value switch
    {
        { Quantity: { Value: { } v } q } => (q.Code ?? q.Unit) is { } u ? $"{v.Text} {u}" : v.Text,
        { CodeableConcept: { } cc } => cc.DisplayText,
        { Text: { } t } => t,
        { Number: { } n } => n.Text,
        { Flag: { } f } => f ? "yes" : "no",
        _ => null,
    };

    private static string? Day(FhirDateTime? when) => when is null ? null : when.Text.Length >= 10 ? when.Text[..10] : when.Text;

    /// <summary>Invariant formatting for numbers shown in rationale text.</summary>
    internal static string F(double v, string format = "0.#") => v.ToString(format, CultureInfo.InvariantCulture);
}

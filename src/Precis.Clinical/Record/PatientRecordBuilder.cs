using System.Globalization;
using Precis.Clinical.Fhir;
using Precis.Core;

namespace Precis.Clinical.Record;

/// <summary>Assembles a <see cref="PatientRecord"/> from a FHIR R4 bundle, listing every data-quality problem it meets.</summary>
public static class PatientRecordBuilder
{
    private const string RxNorm = "http://www.nlm.nih.gov/research/umls/rxnorm";
    private const string Snomed = "http://snomed.info/sct";
    private const string ObservationCategory = "http://terminology.hl7.org/CodeSystem/observation-category";

    // Ranges outside which a vital sign is physiologically implausible (a unit or entry error, not a finding).
    private static readonly Dictionary<string, (decimal Low, decimal High, string Unit)> Plausible = new(StringComparer.Ordinal)
    {
        [Loinc.Systolic] = (40, 300, "mm[Hg]"),
        [Loinc.Diastolic] = (20, 200, "mm[Hg]"),
        [Loinc.HeartRate] = (20, 300, "/min"),
        [Loinc.Bmi] = (8, 120, "kg/m2"),
        [Loinc.BodyWeight] = (0.2m, 650, "kg"),
        [Loinc.BodyHeight] = (20, 280, "cm"),
        ["8310-5"] = (25, 45, "Cel"),
        ["9279-1"] = (2, 80, "/min"),
    };

    /// <summary>Builds the record of the bundle's one Patient.</summary>
    /// <param name="bundle">The bundle.</param>
    /// <param name="file">File name for errors.</param>
    /// <param name="today">The date ages are computed at.</param>
    /// <param name="ingredients">The RxNorm ingredient table (default: embedded).</param>
    public static PatientRecord Build(Bundle bundle, string file, DateOnly today, RxNormIngredients? ingredients = null)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ingredients ??= RxNormIngredients.Embedded;
        var patients = bundle.Resources<Patient>().ToList();
        if (patients.Count == 0)
            throw new InputException(new InputError(file, null, null, "$.entry", "bundle has no Patient resource", "export the patient's record including the Patient"));
        if (patients.Count > 1)
            throw new InputException(new InputError(file, null, null, patients[1].Node.Path, "bundle has more than one Patient", "one bundle per patient"));
        var patient = patients[0];
        var issues = new List<DataQualityIssue>();

        var active = new List<RecordCondition>();
        var past = new List<RecordCondition>();
        foreach (var c in bundle.Resources<Condition>())
        {
            var verification = c.VerificationStatus?.FirstCoding?.Code;
            if (verification is "refuted" or "entered-in-error")
                continue;
            var status = c.ClinicalStatus?.FirstCoding?.Code;
            var display = c.Code?.DisplayText;
            if (display is null)
            {
                issues.Add(new("condition-no-code", c.Node.Path, "Condition has no code or text; it is left out of the record"));
                continue;
            }

            if (status is null)
                issues.Add(new("condition-no-status", c.Node.Path, $"Condition '{display}' has no clinicalStatus; read as active unless abated"));
            var rc = new RecordCondition(CodeOf(c.Code), display, c.Onset?.DateTime ?? c.Onset?.Period?.Start, status);
            var isActive = status is null or "active" or "recurrence" or "relapse" && c.Abatement is null;
            if (status is "active" && c.Abatement is not null)
                issues.Add(new("condition-status-conflict", c.Node.Path, $"Condition '{display}' is active but has an abatement; read as past"));
            (isActive ? active : past).Add(rc);
        }

        var meds = new List<RecordMedication>();
        foreach (var m in bundle.Resources<MedicationRequest>())
        {
            if (m.Status == "active" && m.Intent is "order" or "original-order" or "plan" or "instance-order" or "filler-order")
                AddMedication(meds, issues, ingredients, m.Medication, "MedicationRequest", m.Status, m.AuthoredOn, m.Node);
        }

        foreach (var m in bundle.Resources<MedicationStatement>())
        {
            if (m.Status is "active" or "intended")
                AddMedication(meds, issues, ingredients, m.Medication, "MedicationStatement", m.Status, m.Effective?.DateTime ?? m.Effective?.Period?.Start ?? m.DateAsserted, m.Node);
        }

        var allergies = new List<RecordAllergy>();
        foreach (var a in bundle.Resources<AllergyIntolerance>())
        {
            var status = a.ClinicalStatus?.FirstCoding?.Code;
            if (status is "inactive" or "resolved" || a.VerificationStatus?.FirstCoding?.Code is "refuted" or "entered-in-error")
                continue;
            if (a.Code?.DisplayText is not { } text)
            {
                issues.Add(new("allergy-no-code", a.Node.Path, "AllergyIntolerance has no code or text"));
                continue;
            }

            allergies.Add(new RecordAllergy(text, CodeOf(a.Code), a.Type, a.Categories, a.Criticality));
        }

        var measurements = new List<RecordMeasurement>();
        RecordStatus? smoking = null;
        RecordStatus? alcohol = null;
        foreach (var o in bundle.Resources<Observation>())
        {
            if (o.Status is "entered-in-error" or "cancelled")
                continue;
            var loinc = o.Code?.CodeIn(Loinc.System);
            var kind = KindOf(o, issues);
            if (loinc is null)
            {
                issues.Add(new("observation-no-loinc", o.Node.Path, $"Observation '{o.Code?.DisplayText}' has no LOINC code; not used"));
                continue;
            }

            if (loinc == Loinc.SmokingStatus || Loinc.Alcohol.Contains(loinc))
            {
                var status = StatusOf(o, loinc);
                if (status is null)
                    continue;
                if (loinc == Loinc.SmokingStatus)
                {
                    if (smoking is null || Later(status.When, smoking.When))
                        smoking = status;
                    if (!o.Categories.Any(c => c.Has(ObservationCategory, "social-history")))
                        issues.Add(new("category-nonstandard", o.Node.Path, $"smoking status 72166-2 is categorised '{string.Join(",", o.Categories.SelectMany(c => c.Codings).Select(c => c.Code))}' (US Core uses social-history); read as smoking status"));
                }
                else if (alcohol is null || Later(status.When, alcohol.When))
                {
                    alcohol = status;
                }

                continue;
            }

            if (loinc is Loinc.BloodPressurePanel or Loinc.BloodPressurePanelOld || o.Components.Count > 0 && o.Value is null)
            {
                if (loinc == Loinc.BloodPressurePanelOld)
                    issues.Add(new("bp-panel-variant", o.Node.Path, "blood pressure recorded with the older panel 55284-4; read like 85354-9 (systolic 8480-6, diastolic 8462-4)"));
                foreach (var comp in o.Components)
                {
                    var cl = comp.Code?.CodeIn(Loinc.System);
                    if (cl is null)
                        continue;
                    if (comp.Value?.Quantity is { } cq)
                        AddQuantity(measurements, issues, cl, comp.Code?.DisplayText ?? cl, cq, o.When, kind, loinc, comp.Path + "." + comp.Value.ElementName);
                    else if (comp.DataAbsentReason is null)
                        issues.Add(new("observation-no-value", comp.Path, $"component {cl} of {loinc} has no value and no dataAbsentReason"));
                }

                continue;
            }

            if (o.Value?.Quantity is { } q)
                AddQuantity(measurements, issues, loinc, o.Code?.DisplayText ?? loinc, q, o.When, kind, null, o.Node.Path + "." + o.Value.ElementName);
            else if (o.Value is null && o.DataAbsentReason is null && o.HasMember.Count == 0)
                issues.Add(new("observation-no-value", o.Node.Path, $"Observation {loinc} has no value, no components and no dataAbsentReason"));
        }

        measurements.Sort((a, b) => Nullable.Compare(a.When?.Start, b.When?.Start));

        var family = new List<FamilyHistoryItem>();
        foreach (var f in bundle.Resources<FamilyMemberHistory>())
        {
            if (f.Status == "entered-in-error")
                continue;
            family.Add(new FamilyHistoryItem(
                f.Relationship?.DisplayText ?? "relative",
                f.Relationship?.FirstCoding?.Code,
                [.. f.Conditions.Select(c => c.Code?.DisplayText).OfType<string>()],
                f.Deceased?.Flag ?? (f.Deceased is null ? null : true)));
        }

        var deceasedDate = patient.Deceased?.DateTime;
        var deceased = patient.Deceased?.Flag ?? deceasedDate is not null;
        if (deceased && meds.Count > 0)
            issues.Add(new("patient-deceased", patient.Node.Path, $"patient is deceased ({deceasedDate?.Text ?? "date not given"}); 'current' medications are the orders still active in the record"));
        if (patient.BirthDate is null)
            issues.Add(new("birthdate-missing", patient.Node.Path, "Patient has no birthDate; age-dependent rules cannot run"));
        else if (patient.BirthDate.Precision < DatePrecision.Day)
            issues.Add(new("birthdate-partial", patient.Node.Path + ".birthDate", $"birthDate '{patient.BirthDate}' is given to the {patient.BirthDate.Precision.ToString().ToLowerInvariant()} only; age is a lower bound"));

        return new PatientRecord
        {
            PatientId = patient.Id ?? patient.Identifiers.Select(i => i.Value).FirstOrDefault(v => v is not null) ?? "unknown",
            Name = patient.Names.FirstOrDefault(n => n.Use is null or "official")?.Display ?? (patient.Names.Count > 0 ? patient.Names[0].Display : null),
            Sex = patient.Gender,
            BirthDate = patient.BirthDate,
            AgeYears = Age(patient.BirthDate, deceasedDate?.Date ?? today),
            Deceased = deceased,
            DeceasedDate = deceasedDate,
            ActiveConditions = [.. active.DistinctBy(c => c.Code ?? c.Display).OrderBy(c => c.Display, StringComparer.Ordinal)],
            PastConditions = [.. past.OrderBy(c => c.Display, StringComparer.Ordinal)],
            CurrentMedications = [.. meds.GroupBy(m => m.RxNormCode ?? m.Display, StringComparer.Ordinal).Select(g => g.MaxBy(m => m.Date?.Start ?? DateTimeOffset.MinValue)!)],
            Allergies = [.. allergies.DistinctBy(a => a.Code ?? a.Display)],
            Measurements = measurements,
            Smoking = smoking,
            Alcohol = alcohol,
            FamilyHistory = family,
            DataQuality = [.. issues.GroupBy(i => (i.Code, i.Message)).Select(g => g.First() with { Count = g.Count() })],
        };
    }

    private static void AddMedication(List<RecordMedication> meds, List<DataQualityIssue> issues, RxNormIngredients table, ChoiceValue? medication, string source, string? status, FhirDateTime? date, FhirObject node)
    {
        if (medication?.CodeableConcept is not { } cc)
        {
            issues.Add(new("medication-reference", node.Path, $"{source} names its drug by reference ({medication?.Reference?.Ref}); Medication resources are not resolved, so the ingredient is unknown"));
            return;
        }

        var rx = cc.CodeIn(RxNorm);
        var display = cc.Text ?? cc.Codings.FirstOrDefault(c => c.System == RxNorm)?.Display ?? cc.DisplayText ?? "(no name)";
        IReadOnlyList<Ingredient> ingredients = [];
        if (rx is null)
        {
            issues.Add(new("medication-no-rxnorm", node.Path + "." + medication.ElementName, $"medication '{display}' has no RxNorm code; its ingredient is unknown"));
        }
        else if (table.Find(rx) is { } drug)
        {
            ingredients = drug.Ingredients;
        }
        else
        {
            issues.Add(new("medication-unmapped", node.Path + "." + medication.ElementName, $"RxNorm {rx} ('{display}') is not in the ingredient table {table.Version.Id} {table.Version.Version}; its ingredient is unknown"));
        }

        foreach (var coding in cc.Codings.Where(c => c.Display is not null))
            CheckSpelling(coding.Display!, ingredients, table, node.Path + "." + medication.ElementName, issues);
        meds.Add(new RecordMedication(display, rx is null ? null : "RxNorm:" + rx, ingredients, source, status, date));
    }

    /// <summary>Flags a word of a drug display one or two letters away from an ingredient name ("Simvistatin" for simvastatin).</summary>
    private static void CheckSpelling(string display, IReadOnlyList<Ingredient> ingredients, RxNormIngredients table, string path, List<DataQualityIssue> issues)
    {
        var names = ingredients.Count > 0 ? ingredients.Select(i => i.Name.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal) : table.IngredientNames;
        foreach (var word in display.Split([' ', '/', '[', ']', '(', ')', ','], StringSplitOptions.RemoveEmptyEntries))
        {
            var w = word.ToLowerInvariant();
            if (w.Length < 6 || !w.All(char.IsAsciiLetter) || table.IngredientNames.Contains(w))
                continue;
            var near = names.Where(n => !n.Contains(' ', StringComparison.Ordinal)).FirstOrDefault(n => Math.Abs(n.Length - w.Length) <= 2 && Distance(n, w) is > 0 and <= 2);
            if (near is not null)
            {
                issues.Add(new("display-misspelt", path, $"drug display '{display}' spells '{word}' where RxNorm has '{near}'; the code, not the text, was used"));
                return;
            }
        }
    }

    private static int Distance(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
            prev[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++)
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (prev, cur) = (cur, prev);
        }

        return prev[b.Length];
    }

    private static void AddQuantity(List<RecordMeasurement> list, List<DataQualityIssue> issues, string loinc, string name, Quantity q, FhirDateTime? when, MeasurementKind kind, string? panel, string path)
    {
        if (q.Value is null)
        {
            issues.Add(new("quantity-no-value", path, $"{name} ({loinc}) has a quantity without a value"));
            return;
        }

        var n = Ucum.Normalise(q.Value.Value, q.System == Ucum.System || q.System is null ? q.Code : null, q.Unit);
        if (n is null)
        {
            issues.Add(new("unit-missing", path, $"{name} ({loinc}) = {q.Value} has no unit; kept without one and not compared with thresholds"));
            list.Add(new RecordMeasurement(loinc, name, q.Value.Value, q.Value.Text, null, when, kind, panel, path));
            return;
        }

        if (n.Note is not null)
            issues.Add(new("unit-not-ucum", path, $"{name} ({loinc}): {n.Note}"));
        if (Plausible.TryGetValue(loinc, out var range) && n.Unit == range.Unit && (n.Value < range.Low || n.Value > range.High))
            issues.Add(new("implausible-value", path, $"{name} ({loinc}) = {n.Value.ToString(CultureInfo.InvariantCulture)} {n.Unit} is outside the plausible range {range.Low.ToString(CultureInfo.InvariantCulture)}–{range.High.ToString(CultureInfo.InvariantCulture)}; kept but flagged"));
        list.Add(new RecordMeasurement(loinc, name, n.Value, q.Value.Text, n.Unit, when, kind, panel, path));
    }

    private static MeasurementKind KindOf(Observation o, List<DataQualityIssue> issues)
    {
        var codes = o.Categories.SelectMany(c => c.Codings).Where(c => c.System == ObservationCategory).Select(c => c.Code).ToList();
        if (codes.Contains("vital-sign"))
        {
            // Synthea writes 'vital-sign' for LVEF; the FHIR code is 'vital-signs'.
            issues.Add(new("category-nonstandard", o.Node.Path + ".category", $"category code 'vital-sign' is not in the FHIR observation-category code system (expected 'vital-signs'); read as vital-signs for {o.Code?.DisplayText}"));
            return MeasurementKind.VitalSign;
        }

        return codes.Contains("vital-signs") ? MeasurementKind.VitalSign
            : codes.Contains("laboratory") ? MeasurementKind.Laboratory
            : codes.Contains("survey") ? MeasurementKind.Survey
            : MeasurementKind.Other;
    }

    private static RecordStatus? StatusOf(Observation o, string loinc)
    {
        if (o.Value?.CodeableConcept is { } cc)
            return new RecordStatus(loinc, cc.DisplayText ?? "(no text)", cc.CodeIn(Snomed) ?? cc.FirstCoding?.Code, o.When);
        if (o.Value?.Quantity is { Value: { } v } q)
            return new RecordStatus(loinc, $"{v} {q.Unit ?? q.Code}".Trim(), null, o.When);
        if (o.Value?.Text is { } s)
            return new RecordStatus(loinc, s, null, o.When);
        return null;
    }

    private static bool Later(FhirDateTime? a, FhirDateTime? b) => (a?.Start ?? DateTimeOffset.MinValue) >= (b?.Start ?? DateTimeOffset.MinValue);

    private static string? CodeOf(CodeableConcept? cc)
    {
        if (cc is null)
            return null;
        if (cc.CodeIn(Snomed) is { } sct)
            return "SNOMED:" + sct;
        return cc.Codings.FirstOrDefault(c => c.Code is not null) is { } first ? $"{first.System}|{first.Code}" : null;
    }

    private static int? Age(FhirDateTime? birth, DateOnly end)
    {
        if (birth is null)
            return null;
        // A partial birth date is read as its latest possible day, so the age is never overstated.
        var b = DateOnly.FromDateTime(birth.Start.DateTime);
        if (birth.Precision == DatePrecision.Year)
            b = new DateOnly(b.Year, 12, 31);
        else if (birth.Precision == DatePrecision.Month)
            b = new DateOnly(b.Year, b.Month, DateTime.DaysInMonth(b.Year, b.Month));
        var age = end.Year - b.Year - (end < b.AddYears(end.Year - b.Year) ? 1 : 0);
        return age >= 0 ? age : null;
    }
}

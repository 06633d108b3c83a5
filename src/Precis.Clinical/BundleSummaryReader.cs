using System.Globalization;
using System.Text.Json;
using Precis.Clinical.Fhir;
using Precis.Clinical.Record;
using Precis.Core;

namespace Precis.Clinical;

/// <summary>
/// Reads a FHIR R4 Bundle (JSON) into the <see cref="PatientSummary"/> shown at the top of a plan: demographics,
/// active conditions, current medications with their RxNorm ingredients, allergies, latest vitals and labs, lifestyle.
/// It is a view of the <see cref="PatientRecord"/> built by <see cref="PatientRecordBuilder"/>.
/// </summary>
public static class BundleSummaryReader
{
    /// <summary>Largest bundle accepted (bytes); Synthea's largest lifetime bundles are under 4 MiB.</summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    /// <summary>Reads a bundle file, or throws <see cref="InputException"/> naming the file, line and JSON path.</summary>
    public static PatientSummary ReadFile(string path, DateOnly today) => ReadFile(path, today, RxNormIngredients.Embedded);

    /// <summary>Reads a bundle file with a given ingredient table (e.g. from an imported knowledge directory).</summary>
    public static PatientSummary ReadFile(string path, DateOnly today, RxNormIngredients ingredients) =>
        ToSummary(ReadRecord(path, today, ingredients));

    /// <summary>Reads a bundle file into the full record.</summary>
    public static PatientRecord ReadRecord(string path, DateOnly today, RxNormIngredients? ingredients = null)
    {
        var bundle = FhirParser.ReadBundle(path, FhirJsonLimits.Default with { MaxBytes = MaxBytes });
        return PatientRecordBuilder.Build(bundle, path, today, ingredients);
    }

    /// <summary>Reads a parsed bundle.</summary>
    public static PatientSummary Read(JsonElement bundle, string file, DateOnly today)
    {
        var node = FhirJson.Parse(JsonSerializer.SerializeToUtf8Bytes(bundle), file);
        var parsed = new FhirParser(file).Resource(node) as Bundle
            ?? throw new InputException(new InputError(file, null, null, "$.resourceType", "expected a FHIR Bundle", "export the patient's record as a Bundle"));
        return ToSummary(PatientRecordBuilder.Build(parsed, file, today));
    }

    /// <summary>The plan's summary view of a record.</summary>
    public static PatientSummary ToSummary(PatientRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var latest = new List<Measurement>();
        foreach (var m in record.LatestOf(MeasurementKind.VitalSign).Concat(record.LatestOf(MeasurementKind.Laboratory)))
        {
            if (m.Loinc is Loinc.Systolic or Loinc.Diastolic)
                continue;
            latest.Add(new Measurement(m.Name, m.ValueText, m.Unit, Day(m.When), "LOINC:" + m.Loinc));
        }

        if (record.Latest(Loinc.Systolic) is { } sys && record.Latest(Loinc.Diastolic) is { } dia && sys.When?.Text == dia.When?.Text)
            latest.Add(new Measurement("Blood pressure", $"{Round(sys.Value)}/{Round(dia.Value)}", sys.Unit, Day(sys.When), "LOINC:" + Loinc.BloodPressurePanel));

        var lifestyle = new List<string>();
        if (record.Smoking is { } s)
            lifestyle.Add($"Smoking: {s.Display}" + (s.When is null ? "" : $" (recorded {Day(s.When)})"));
        if (record.Alcohol is { } a)
            lifestyle.Add($"Alcohol: {a.Display}" + (a.When is null ? "" : $" (recorded {Day(a.When)})"));

        return new PatientSummary
        {
            Id = record.PatientId,
            DisplayName = record.Name,
            Sex = record.Sex,
            BirthDate = record.BirthDate?.Text,
            AgeYears = record.AgeYears,
            ActiveConditions = [.. record.ActiveConditions.Select(c => c.Display).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            CurrentMedications = [.. record.CurrentMedications.Select(m => new MedicationSummary(m.Display, m.RxNormCode, m.IngredientText))],
            Allergies = [.. record.Allergies.Select(a => a.Display).Distinct(StringComparer.Ordinal)],
            LatestMeasurements = [.. latest.OrderBy(m => m.Name, StringComparer.Ordinal)],
            Lifestyle = lifestyle,
        };
    }

    private static string? Day(FhirDateTime? when) => when is null ? null : when.Text.Length >= 10 ? when.Text[..10] : when.Text;

    private static string Round(decimal v) => Math.Round(v, 0, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture);
}

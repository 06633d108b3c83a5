using System.Globalization;
using System.Text.Json;
using Precis.Core;

namespace Precis.Clinical;

/// <summary>
/// Reads a FHIR R4 Bundle (JSON) into a <see cref="PatientSummary"/>: demographics, active conditions, active
/// medication orders and statements, allergies, the latest vital signs and labs, and smoking status.
/// It is the first slice of the clinical engine; the full resource models build on it.
/// </summary>
public static class BundleSummaryReader
{
    /// <summary>Largest bundle accepted (bytes); Synthea's largest lifetime bundles are under 4 MiB.</summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    private const string Loinc = "http://loinc.org";

    /// <summary>Reads a bundle file, or throws <see cref="InputException"/> naming the file, line and JSON path.</summary>
    public static PatientSummary ReadFile(string path, DateOnly today)
    {
        using var stream = InputFiles.OpenForReading(path);
        if (stream.Length > MaxBytes)
            throw new InputException(new InputError(path, null, null, null, $"file is larger than the {MaxBytes / (1024 * 1024)} MiB limit for a FHIR bundle"));
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(stream, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            throw new InputException(new InputError(path, (ex.LineNumber ?? 0) + 1, (int?)((ex.BytePositionInLine ?? 0) + 1), ex.Path, "not valid JSON: " + Trim(ex.Message), "the file must be a FHIR R4 Bundle in JSON"), ex);
        }

        using (doc)
            return Read(doc.RootElement, path, today);
    }

    /// <summary>Reads a parsed bundle.</summary>
    public static PatientSummary Read(JsonElement bundle, string file, DateOnly today)
    {
        if (bundle.ValueKind != JsonValueKind.Object || Str(bundle, "resourceType") != "Bundle")
            throw new InputException(new InputError(file, null, null, "$.resourceType", "expected a FHIR Bundle", "export the patient's record as a Bundle"));
        if (!bundle.TryGetProperty("entry", out var entries) || entries.ValueKind != JsonValueKind.Array)
            throw new InputException(new InputError(file, null, null, "$.entry", "bundle has no entries"));

        JsonElement? patient = null;
        var conditions = new List<string>();
        var meds = new List<MedicationSummary>();
        var allergies = new List<string>();
        var latest = new Dictionary<string, (string Date, Measurement M)>(StringComparer.Ordinal);
        string? smoking = null;
        string? smokingDate = null;

        var index = 0;
        foreach (var entry in entries.EnumerateArray())
        {
            var path = $"$.entry[{index++}].resource";
            if (!entry.TryGetProperty("resource", out var r) || r.ValueKind != JsonValueKind.Object)
                throw new InputException(new InputError(file, null, null, path, "entry has no resource object"));
            switch (Str(r, "resourceType"))
            {
                case "Patient":
                    if (patient is not null)
                        throw new InputException(new InputError(file, null, null, path, "bundle has more than one Patient", "one bundle per patient"));
                    patient = r;
                    break;
                case "Condition":
                    if (IsActiveCondition(r) && CodeText(r, "code") is { } c)
                        conditions.Add(c);
                    break;
                case "MedicationRequest":
                    if (Str(r, "status") == "active" && Str(r, "intent") is null or "order" or "plan" or "original-order")
                        AddMedication(meds, r);
                    break;
                case "MedicationStatement":
                    if (Str(r, "status") is "active" or "intended")
                        AddMedication(meds, r);
                    break;
                case "AllergyIntolerance":
                    if (ClinicalStatus(r) is null or "active" && CodeText(r, "code") is { } a)
                        allergies.Add(a);
                    break;
                case "Observation":
                    AddObservation(r, latest, ref smoking, ref smokingDate);
                    break;
                default:
                    break;
            }
        }

        if (patient is not { } p)
            throw new InputException(new InputError(file, null, null, "$.entry", "bundle has no Patient resource"));

        var birth = Str(p, "birthDate");
        int? age = null;
        if (birth is { Length: 10 } && DateOnly.TryParseExact(birth, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var born))
        {
            var end = p.TryGetProperty("deceasedDateTime", out var dd) && DateTimeOffset.TryParse(dd.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var died)
                ? DateOnly.FromDateTime(died.UtcDateTime)
                : today;
            age = end.Year - born.Year - (end < born.AddYears(end.Year - born.Year) ? 1 : 0);
        }

        var lifestyle = new List<string>();
        if (smoking is not null)
            lifestyle.Add($"Smoking: {smoking}" + (smokingDate is null ? "" : $" (recorded {smokingDate})"));

        return new PatientSummary
        {
            Id = Str(p, "id") ?? "unknown",
            DisplayName = Name(p),
            Sex = Str(p, "gender"),
            BirthDate = birth,
            AgeYears = age,
            ActiveConditions = [.. conditions.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            CurrentMedications = [.. meds.DistinctBy(m => m.Code ?? m.Text)],
            Allergies = [.. allergies.Distinct(StringComparer.Ordinal)],
            LatestMeasurements = [.. latest.Values.Select(v => v.M).OrderBy(m => m.Name, StringComparer.Ordinal)],
            Lifestyle = lifestyle,
        };
    }

    private static void AddMedication(List<MedicationSummary> meds, JsonElement r)
    {
        if (!r.TryGetProperty("medicationCodeableConcept", out var cc))
            return;
        var text = Str(cc, "text");
        string? code = null;
        if (cc.TryGetProperty("coding", out var codings))
        {
            foreach (var coding in codings.EnumerateArray())
            {
                text ??= Str(coding, "display");
                if (Str(coding, "system") == "http://www.nlm.nih.gov/research/umls/rxnorm" && Str(coding, "code") is { } rx)
                    code = "RxNorm:" + rx;
            }
        }

        if (text is not null)
            meds.Add(new MedicationSummary(text, code, null));
    }

    private static void AddObservation(JsonElement r, Dictionary<string, (string Date, Measurement M)> latest, ref string? smoking, ref string? smokingDate)
    {
        if (Str(r, "status") is "entered-in-error" or "cancelled")
            return;
        var loinc = FirstCode(r, "code", Loinc);
        if (loinc is null)
            return;
        var date = Str(r, "effectiveDateTime") ?? Str(r, "issued") ?? "";
        var shortDate = date.Length >= 10 ? date[..10] : date;
        var name = CodeText(r, "code") ?? loinc;

        if (loinc == "72166-2")
        {
            if (string.CompareOrdinal(date, smokingDate ?? "") >= 0 && r.TryGetProperty("valueCodeableConcept", out var sv))
            {
                smoking = Str(sv, "text") ?? FirstDisplay(sv);
                smokingDate = shortDate;
            }

            return;
        }

        if (r.TryGetProperty("valueQuantity", out var q) && q.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.Number)
        {
            Keep(latest, loinc, date, new Measurement(name, v.GetRawText(), Str(q, "unit") ?? Str(q, "code"), shortDate, "LOINC:" + loinc));
        }
        else if (r.TryGetProperty("component", out var comps) && loinc is "85354-9" or "55284-4")
        {
            // Blood pressure panels carry systolic (8480-6) and diastolic (8462-4) as components.
            string? sys = null, dia = null, unit = null;
            foreach (var c in comps.EnumerateArray())
            {
                var cl = FirstCode(c, "code", Loinc);
                if (!c.TryGetProperty("valueQuantity", out var cq) || !cq.TryGetProperty("value", out var cv) || cv.ValueKind != JsonValueKind.Number)
                    continue;
                unit ??= Str(cq, "unit") ?? Str(cq, "code");
                if (cl == "8480-6")
                    sys = Round(cv);
                else if (cl == "8462-4")
                    dia = Round(cv);
            }

            if (sys is not null && dia is not null)
                Keep(latest, "85354-9", date, new Measurement("Blood pressure", $"{sys}/{dia}", unit, shortDate, "LOINC:85354-9"));
        }
    }

    private static string Round(JsonElement v) => Math.Round(v.GetDouble(), 0).ToString(CultureInfo.InvariantCulture);

    private static void Keep(Dictionary<string, (string Date, Measurement M)> latest, string key, string date, Measurement m)
    {
        if (!latest.TryGetValue(key, out var prev) || string.CompareOrdinal(date, prev.Date) > 0)
            latest[key] = (date, m);
    }

    private static bool IsActiveCondition(JsonElement r)
    {
        var status = ClinicalStatus(r);
        return status is null or "active" or "recurrence" or "relapse" && !r.TryGetProperty("abatementDateTime", out _);
    }

    private static string? ClinicalStatus(JsonElement r) =>
        r.TryGetProperty("clinicalStatus", out var cs) && cs.TryGetProperty("coding", out var codings)
            ? codings.EnumerateArray().Select(c => Str(c, "code")).FirstOrDefault(c => c is not null)
            : null;

    private static string? CodeText(JsonElement r, string property) =>
        r.TryGetProperty(property, out var cc) ? Str(cc, "text") ?? FirstDisplay(cc) : null;

    private static string? FirstDisplay(JsonElement cc) =>
        cc.TryGetProperty("coding", out var codings)
            ? codings.EnumerateArray().Select(c => Str(c, "display")).FirstOrDefault(d => d is not null)
            : null;

    private static string? FirstCode(JsonElement r, string property, string system) =>
        r.TryGetProperty(property, out var cc) && cc.TryGetProperty("coding", out var codings)
            ? codings.EnumerateArray().Where(c => Str(c, "system") == system).Select(c => Str(c, "code")).FirstOrDefault(c => c is not null)
            : null;

    private static string? Name(JsonElement p)
    {
        if (!p.TryGetProperty("name", out var names) || names.ValueKind != JsonValueKind.Array)
            return null;
        foreach (var n in names.EnumerateArray())
        {
            if (Str(n, "text") is { } text)
                return text;
            var given = n.TryGetProperty("given", out var g) ? string.Join(' ', g.EnumerateArray().Select(x => x.GetString())) : "";
            var family = Str(n, "family") ?? "";
            var full = $"{given} {family}".Trim();
            if (full.Length > 0)
                return full;
        }

        return null;
    }

    private static string? Str(JsonElement e, string property) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string Trim(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}

using System.Text.Json;

namespace Precis.Plans.Tests;

/// <summary>Every "ResourceType/id" in a FHIR bundle, read with System.Text.Json independently of the code under test.</summary>
internal static class BundleIds
{
    public static HashSet<string> Of(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in doc.RootElement.GetProperty("entry").EnumerateArray())
        {
            var r = e.GetProperty("resource");
            if (r.TryGetProperty("id", out var id))
                ids.Add(r.GetProperty("resourceType").GetString() + "/" + id.GetString());
        }

        return ids;
    }

    /// <summary>The "Type/id" references written in a text (rationale statements, explanations).</summary>
    public static IEnumerable<string> ReferencesIn(string text) =>
        System.Text.RegularExpressions.Regex.Matches(text, @"\b(MedicationRequest|MedicationStatement|Condition|Observation)/([A-Za-z0-9\-.]{1,64})")
            .Select(m => m.Value.TrimEnd('.'));
}

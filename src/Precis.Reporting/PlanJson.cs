using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Precis.Core;

namespace Precis.Reporting;

/// <summary>Writes and reads a <see cref="Plan"/> as JSON, the source of truth every other rendering derives from.</summary>
public static class PlanJson
{
    /// <summary>The options used for every plan document: camelCase members, kebab-case enum values, indented.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Serialises a plan.</summary>
    public static string Serialize(Plan plan) => JsonSerializer.Serialize(plan, Options);

    /// <summary>Writes a plan to a stream as UTF-8 JSON.</summary>
    public static void Write(Plan plan, Stream stream) => JsonSerializer.Serialize(stream, plan, Options);

    /// <summary>Reads a plan back (e.g. to re-render a stored report).</summary>
    public static Plan Deserialize(string json) =>
        JsonSerializer.Deserialize<Plan>(json, Options) ?? throw new JsonException("plan document is null");

    /// <summary>The JSON schema of the plan document (draft 2020-12), as shipped in docs/schema/plan.schema.json.</summary>
    public static string Schema()
    {
        using var stream = typeof(PlanJson).Assembly.GetManifestResourceStream("Precis.Reporting.plan.schema.json")
            ?? throw new InvalidOperationException("plan schema resource missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Precis.Reporting;

/// <summary>
/// Validates a JSON document against the subset of JSON Schema 2020-12 our schemas use: type, required,
/// properties, additionalProperties, items, enum, const, minItems, minLength, minimum, maximum, pattern,
/// $ref to #/$defs, and anyOf. No JSON Schema library restores from our feed, so this is our own.
/// </summary>
public sealed class JsonSchemaValidator
{
    private readonly JsonElement _root;

    public JsonSchemaValidator(string schemaJson)
    {
        using var doc = JsonDocument.Parse(schemaJson);
        _root = doc.RootElement.Clone();
    }

    /// <summary>Every violation, as "path: message"; empty when valid.</summary>
    public IReadOnlyList<string> Validate(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var errors = new List<string>();
        Check(_root, doc.RootElement, "$", errors);
        return errors;
    }

    private void Check(JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        if (schema.ValueKind == JsonValueKind.True)
            return;
        if (schema.ValueKind == JsonValueKind.False)
        {
            errors.Add($"{path}: no value is allowed here");
            return;
        }

        if (schema.TryGetProperty("$ref", out var reference))
        {
            Check(Resolve(reference.GetString()!), value, path, errors);
        }

        if (schema.TryGetProperty("anyOf", out var anyOf))
        {
            var matched = anyOf.EnumerateArray().Any(s =>
            {
                var sub = new List<string>();
                Check(s, value, path, sub);
                return sub.Count == 0;
            });
            if (!matched)
                errors.Add($"{path}: matches none of the allowed shapes");
        }

        if (schema.TryGetProperty("type", out var type) && !TypeMatches(type, value))
        {
            errors.Add($"{path}: expected {type.GetRawText()}, found {value.ValueKind.ToString().ToLowerInvariant()}");
            return;
        }

        if (schema.TryGetProperty("enum", out var en) && !en.EnumerateArray().Any(e => JsonElement.DeepEquals(e, value)))
            errors.Add($"{path}: {value.GetRawText()} is not one of {en.GetRawText()}");
        if (schema.TryGetProperty("const", out var cn) && !JsonElement.DeepEquals(cn, value))
            errors.Add($"{path}: must equal {cn.GetRawText()}");

        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                CheckObject(schema, value, path, errors);
                break;
            case JsonValueKind.Array:
                if (schema.TryGetProperty("minItems", out var minItems) && value.GetArrayLength() < minItems.GetInt32())
                    errors.Add($"{path}: needs at least {minItems.GetInt32()} item(s)");
                if (schema.TryGetProperty("items", out var items))
                {
                    var i = 0;
                    foreach (var item in value.EnumerateArray())
                        Check(items, item, $"{path}[{i++}]", errors);
                }

                break;
            case JsonValueKind.String:
                var s = value.GetString()!;
                if (schema.TryGetProperty("minLength", out var minLength) && s.Length < minLength.GetInt32())
                    errors.Add($"{path}: must have at least {minLength.GetInt32()} character(s)");
                if (schema.TryGetProperty("pattern", out var pattern) && !Regex.IsMatch(s, pattern.GetString()!, RegexOptions.None, TimeSpan.FromSeconds(1)))
                    errors.Add($"{path}: '{s}' does not match {pattern.GetString()}");
                break;
            case JsonValueKind.Number:
                var d = value.GetDouble();
                if (schema.TryGetProperty("minimum", out var min) && d < min.GetDouble())
                    errors.Add($"{path}: {d.ToString(CultureInfo.InvariantCulture)} is below {min.GetRawText()}");
                if (schema.TryGetProperty("maximum", out var max) && d > max.GetDouble())
                    errors.Add($"{path}: {d.ToString(CultureInfo.InvariantCulture)} is above {max.GetRawText()}");
                break;
            default:
                break;
        }
    }

    private void CheckObject(JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        if (schema.TryGetProperty("required", out var required))
        {
            foreach (var r in required.EnumerateArray())
            {
                if (!value.TryGetProperty(r.GetString()!, out _))
                    errors.Add($"{path}: required property '{r.GetString()}' is missing");
            }
        }

        schema.TryGetProperty("properties", out var props);
        var hasAdditional = schema.TryGetProperty("additionalProperties", out var additional);
        foreach (var p in value.EnumerateObject())
        {
            if (props.ValueKind == JsonValueKind.Object && props.TryGetProperty(p.Name, out var ps))
                Check(ps, p.Value, $"{path}.{p.Name}", errors);
            else if (hasAdditional)
                Check(additional, p.Value, $"{path}.{p.Name}", errors);
        }
    }

    private JsonElement Resolve(string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
            throw new NotSupportedException($"only local references are supported: {reference}");
        var node = _root;
        foreach (var part in reference[2..].Split('/'))
        {
            if (!node.TryGetProperty(part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal), out node))
                throw new InvalidOperationException($"schema reference {reference} does not resolve");
        }

        return node;
    }

    private static bool TypeMatches(JsonElement type, JsonElement value) =>
        type.ValueKind == JsonValueKind.Array
            ? type.EnumerateArray().Any(t => Is(t.GetString()!, value))
            : Is(type.GetString()!, value);

    private static bool Is(string type, JsonElement value) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => throw new NotSupportedException($"unknown schema type {type}"),
    };
}

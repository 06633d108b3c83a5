using System.Text.Json;

namespace Precis.Clinical.Tests;

/// <summary>Strict JSON equality for round-trip tests: same members in the same order, numbers by their exact text.</summary>
internal static class JsonAssert
{
    public static void StrictlyEqual(string expected, string actual)
    {
        using var a = JsonDocument.Parse(expected, new JsonDocumentOptions { MaxDepth = 256 });
        using var b = JsonDocument.Parse(actual, new JsonDocumentOptions { MaxDepth = 256 });
        Assert.True(JsonElement.DeepEquals(a.RootElement, b.RootElement), "JsonElement.DeepEquals failed");
        var diff = FirstDifference(a.RootElement, b.RootElement, "$");
        Assert.True(diff is null, "first difference at " + diff);
    }

    public static string? FirstDifference(JsonElement a, JsonElement b, string path)
    {
        if (a.ValueKind != b.ValueKind)
            return $"{path}: {a.ValueKind} vs {b.ValueKind}";
        switch (a.ValueKind)
        {
            case JsonValueKind.Object:
                var am = a.EnumerateObject().ToList();
                var bm = b.EnumerateObject().ToList();
                if (am.Count != bm.Count)
                    return $"{path}: {am.Count} vs {bm.Count} members";
                for (var i = 0; i < am.Count; i++)
                {
                    if (am[i].Name != bm[i].Name)
                        return $"{path}: member {i} is '{am[i].Name}' vs '{bm[i].Name}'";
                    if (FirstDifference(am[i].Value, bm[i].Value, path + "." + am[i].Name) is { } d)
                        return d;
                }

                return null;
            case JsonValueKind.Array:
                if (a.GetArrayLength() != b.GetArrayLength())
                    return $"{path}: {a.GetArrayLength()} vs {b.GetArrayLength()} items";
                for (var i = 0; i < a.GetArrayLength(); i++)
                {
                    if (FirstDifference(a[i], b[i], $"{path}[{i}]") is { } d)
                        return d;
                }

                return null;
            case JsonValueKind.Number:
                return a.GetRawText() == b.GetRawText() ? null : $"{path}: {a.GetRawText()} vs {b.GetRawText()}";
            case JsonValueKind.String:
                return a.GetString() == b.GetString() ? null : $"{path}: string differs";
            default:
                return null;
        }
    }
}

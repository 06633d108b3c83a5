using System.Globalization;
using System.Text;

namespace Precis.Clinical.Fhir;

/// <summary>
/// A node of the lossless JSON tree every FHIR resource is read into: objects keep their property order,
/// numbers keep their exact text (FHIR decimals carry precision: 1.50 is not 1.5), unknown elements are kept.
/// </summary>
public abstract class FhirNode
{
    /// <summary>The containing node, or null for the root.</summary>
    public FhirNode? Parent { get; internal set; }

    /// <summary>The property name (object member) or index (array item) under <see cref="Parent"/>.</summary>
    public object? Key { get; internal set; }

    /// <summary>The JSON path of this node from the document root, e.g. <c>$.entry[3].resource.code</c>.</summary>
    public string Path
    {
        get
        {
            var parts = new Stack<object>();
            for (var n = this; n.Parent is not null; n = n.Parent)
                parts.Push(n.Key!);
            var sb = new StringBuilder("$");
            foreach (var p in parts)
            {
                if (p is int i)
                    sb.Append('[').Append(i.ToString(CultureInfo.InvariantCulture)).Append(']');
                else
                    sb.Append('.').Append((string)p);
            }

            return sb.ToString();
        }
    }
}

/// <summary>A JSON object with its members in document order.</summary>
public sealed class FhirObject : FhirNode
{
    private readonly List<KeyValuePair<string, FhirNode>> _members = [];
    private readonly Dictionary<string, FhirNode> _index = new(StringComparer.Ordinal);

    /// <summary>The members in document order.</summary>
    public IReadOnlyList<KeyValuePair<string, FhirNode>> Members => _members;

    /// <summary>The member named <paramref name="name"/>, or null.</summary>
    public FhirNode? this[string name] => _index.GetValueOrDefault(name);

    public int Count => _members.Count;

    /// <summary>Adds a member; returns false when the name is already present (the caller reports the duplicate).</summary>
    public bool TryAdd(string name, FhirNode value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!_index.TryAdd(name, value))
            return false;
        value.Parent = this;
        value.Key = name;
        _members.Add(new(name, value));
        return true;
    }

    /// <summary>Adds a member, throwing on a duplicate name (for code that builds resources).</summary>
    public FhirObject Add(string name, FhirNode value)
    {
        if (!TryAdd(name, value))
            throw new ArgumentException($"member '{name}' already present", nameof(name));
        return this;
    }

    /// <summary>A string member's value, or null when absent or not a string.</summary>
    public string? Str(string name) => this[name] is FhirPrimitive { Kind: FhirPrimitiveKind.String } p ? p.Text : null;
}

/// <summary>A JSON array.</summary>
public sealed class FhirArray : FhirNode
{
    private readonly List<FhirNode> _items = [];

    public IReadOnlyList<FhirNode> Items => _items;

    public FhirArray Add(FhirNode item)
    {
        ArgumentNullException.ThrowIfNull(item);
        item.Parent = this;
        item.Key = _items.Count;
        _items.Add(item);
        return this;
    }
}

/// <summary>The JSON kinds a primitive can have.</summary>
#pragma warning disable CA1720 // the JSON kinds are named as RFC 8259 names them
public enum FhirPrimitiveKind
{
    String,
    Number,
    True,
    False,
    Null,
}
#pragma warning restore CA1720

/// <summary>A JSON primitive; numbers keep their exact source text so decimals round-trip unchanged.</summary>
/// <param name="kind">String, number, boolean or null.</param>
/// <param name="text">The string value, or the number's text as written, or "true"/"false"/"null".</param>
public sealed class FhirPrimitive(FhirPrimitiveKind kind, string text) : FhirNode
{
    public FhirPrimitiveKind Kind { get; } = kind;

    public string Text { get; } = text;

    public static FhirPrimitive Of(string value) => new(FhirPrimitiveKind.String, value);

    public static FhirPrimitive Of(bool value) => new(value ? FhirPrimitiveKind.True : FhirPrimitiveKind.False, value ? "true" : "false");

    /// <summary>A number from its exact decimal text (validated as a JSON number).</summary>
    public static FhirPrimitive Number(string text)
    {
        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            throw new ArgumentException($"'{text}' is not a number", nameof(text));
        return new(FhirPrimitiveKind.Number, text);
    }

    public static FhirPrimitive Number(decimal value) => new(FhirPrimitiveKind.Number, value.ToString(CultureInfo.InvariantCulture));
}

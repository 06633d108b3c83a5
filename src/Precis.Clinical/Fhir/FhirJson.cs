using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Precis.Core;

namespace Precis.Clinical.Fhir;

/// <summary>Limits applied while reading FHIR JSON, so a hostile or mistaken file cannot exhaust memory.</summary>
/// <param name="MaxBytes">Largest document accepted.</param>
/// <param name="MaxDepth">Deepest nesting of objects and arrays (Synthea bundles nest about 12 deep).</param>
/// <param name="MaxStringBytes">Longest string value (attachments with base64 data are the large ones).</param>
/// <param name="MaxArrayItems">Most items in one array (a bundle's entries).</param>
public sealed record FhirJsonLimits(long MaxBytes, int MaxDepth, int MaxStringBytes, int MaxArrayItems)
{
    /// <summary>64 MiB, depth 64, 16 MiB strings, 1,000,000 items per array.</summary>
    public static FhirJsonLimits Default { get; } = new(64L * 1024 * 1024, 64, 16 * 1024 * 1024, 1_000_000);
}

/// <summary>
/// Strict, lossless FHIR JSON reading and writing: duplicate member names, excess depth, size and count are errors
/// naming the file, line, column and JSON path; the tree keeps member order and the exact text of numbers.
/// </summary>
public static class FhirJson
{
    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// <summary>Reads a file into a tree, or throws <see cref="InputException"/>.</summary>
    public static FhirNode ReadFile(string path, FhirJsonLimits? limits = null)
    {
        limits ??= FhirJsonLimits.Default;
        using var stream = InputFiles.OpenForReading(path);
        if (stream.Length > limits.MaxBytes)
            throw new InputException(new InputError(path, null, null, null, $"file is {stream.Length} bytes, over the {limits.MaxBytes}-byte limit for FHIR JSON"));
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return Parse(bytes, path, limits);
    }

    /// <summary>Parses UTF-8 JSON into a tree, or throws <see cref="InputException"/> naming <paramref name="file"/>.</summary>
    public static FhirNode Parse(ReadOnlySpan<byte> utf8, string file, FhirJsonLimits? limits = null)
    {
        limits ??= FhirJsonLimits.Default;
        if (utf8.Length > limits.MaxBytes)
            throw new InputException(new InputError(file, null, null, null, $"document is {utf8.Length} bytes, over the {limits.MaxBytes}-byte limit for FHIR JSON"));
        if (utf8.StartsWith("\uFEFF"u8))
            utf8 = utf8[3..];

        // The reader's own depth limit is one above ours so our message (with the path) is the one users see.
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = limits.MaxDepth + 2, CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false });
        var state = new ParseState(limits);
        try
        {
            if (!reader.Read())
                throw ParseState.Error(0, null, "document is empty");
            var root = ReadValue(ref reader, state, null, 0);
            if (reader.Read())
                throw ParseState.Error(reader.TokenStartIndex, null, "unexpected content after the top-level value");
            return root;
        }
        catch (ParseError e)
        {
            throw ToInputError(e, utf8, file);
        }
        catch (JsonException ex)
        {
            throw new InputException(InputErrors.FromJson(file, ex, "not valid JSON", "FHIR resources must be JSON (RFC 8259)", state.LastPath), ex);
        }
    }

    /// <summary>Parses a string (for tests and small inputs).</summary>
    public static FhirNode Parse(string json, string file, FhirJsonLimits? limits = null) => Parse(Encoding.UTF8.GetBytes(json), file, limits);

    /// <summary>Writes a tree as JSON (UTF-8, numbers as their original text).</summary>
    public static void Write(FhirNode node, Stream stream, bool indented = false)
    {
        ArgumentNullException.ThrowIfNull(node);
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented, Encoder = Encoder, SkipValidation = false, MaxDepth = 1000 });
        WriteNode(writer, node);
    }

    /// <summary>Writes a tree to a JSON string.</summary>
    public static string Serialize(FhirNode node, bool indented = false)
    {
        using var ms = new MemoryStream();
        Write(node, ms, indented);
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    /// <summary>Writes a tree into an existing writer.</summary>
    public static void WriteNode(Utf8JsonWriter writer, FhirNode node)
    {
        ArgumentNullException.ThrowIfNull(writer);
        switch (node)
        {
            case FhirObject o:
                writer.WriteStartObject();
                foreach (var (name, value) in o.Members)
                {
                    writer.WritePropertyName(name);
                    WriteNode(writer, value);
                }

                writer.WriteEndObject();
                break;
            case FhirArray a:
                writer.WriteStartArray();
                foreach (var item in a.Items)
                    WriteNode(writer, item);
                writer.WriteEndArray();
                break;
            case FhirPrimitive p:
                switch (p.Kind)
                {
                    case FhirPrimitiveKind.String: writer.WriteStringValue(p.Text); break;

                    // The original text, so 0.50 stays 0.50 and 1e2 stays 1e2 (FHIR decimals carry precision).
                    case FhirPrimitiveKind.Number: writer.WriteRawValue(p.Text, skipInputValidation: false); break;
                    case FhirPrimitiveKind.True: writer.WriteBooleanValue(true); break;
                    case FhirPrimitiveKind.False: writer.WriteBooleanValue(false); break;
                    default: writer.WriteNullValue(); break;
                }

                break;
            default:
                throw new ArgumentException("unknown node type " + node?.GetType().Name, nameof(node));
        }
    }

    private static FhirNode ReadValue(ref Utf8JsonReader reader, ParseState state, string? path, int depth)
    {
        state.LastPath = path ?? "$";
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
            {
                if (depth >= state.Limits.MaxDepth)
                    throw ParseState.Error(reader.TokenStartIndex, path, $"nesting deeper than the limit of {state.Limits.MaxDepth}");
                var obj = new FhirObject();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var at = reader.TokenStartIndex;
                    var name = reader.GetString()!;
                    var childPath = (path ?? "$") + "." + name;
                    reader.Read();
                    var value = ReadValue(ref reader, state, childPath, depth + 1);
                    if (!obj.TryAdd(name, value))
                        throw ParseState.Error(at, childPath, $"duplicate member '{name}' (JSON members must be unique: RFC 8259 §4, FHIR JSON §2.6.2)");
                }

                return obj;
            }

            case JsonTokenType.StartArray:
            {
                if (depth >= state.Limits.MaxDepth)
                    throw ParseState.Error(reader.TokenStartIndex, path, $"nesting deeper than the limit of {state.Limits.MaxDepth}");
                var array = new FhirArray();
                var i = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (i >= state.Limits.MaxArrayItems)
                        throw ParseState.Error(reader.TokenStartIndex, path, $"array has more than the limit of {state.Limits.MaxArrayItems} items");
                    array.Add(ReadValue(ref reader, state, $"{path ?? "$"}[{i}]", depth + 1));
                    i++;
                }

                return array;
            }

            case JsonTokenType.String:
            {
                var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
                if (length > state.Limits.MaxStringBytes)
                    throw ParseState.Error(reader.TokenStartIndex, path, $"string of {length} bytes is over the limit of {state.Limits.MaxStringBytes}");
                return FhirPrimitive.Of(reader.GetString()!);
            }

            case JsonTokenType.Number:
                return new FhirPrimitive(FhirPrimitiveKind.Number, Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan));
            case JsonTokenType.True:
                return FhirPrimitive.Of(true);
            case JsonTokenType.False:
                return FhirPrimitive.Of(false);
            case JsonTokenType.Null:
                return new FhirPrimitive(FhirPrimitiveKind.Null, "null");
            default:
                throw ParseState.Error(reader.TokenStartIndex, path, $"unexpected JSON token {reader.TokenType}");
        }
    }

    private static InputException ToInputError(ParseError e, ReadOnlySpan<byte> utf8, string file)
    {
        long line = 1;
        long lineStart = 0;
        var scan = (int)Math.Min(e.Offset, utf8.Length);
        for (var i = 0; i < scan; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return new InputException(new InputError(file, line, (int)(e.Offset - lineStart + 1), e.JsonPath, e.Reason));
    }

    private sealed class ParseState(FhirJsonLimits limits)
    {
        public FhirJsonLimits Limits { get; } = limits;

        public string? LastPath { get; set; }

        public static ParseError Error(long offset, string? path, string reason) => new(offset, path ?? "$", reason);
    }

    // Thrown inside the recursive reader, which cannot hold the input span, and turned into an InputException with the line.
#pragma warning disable CA1032, CA1064 // private control-flow exception, never seen outside this class
    private sealed class ParseError(long offset, string jsonPath, string reason) : Exception(reason)
#pragma warning restore CA1032, CA1064
    {
        public long Offset { get; } = offset;

        public string JsonPath { get; } = jsonPath;

        public string Reason { get; } = reason;
    }
}

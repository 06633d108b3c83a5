using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Precis.Core;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Precis.Oncology.Trials;

/// <summary>Where in a trial a match clause sits: step, arm or dose level, and whether that part is open.</summary>
/// <param name="Level">"step", "arm" or "dose level".</param>
/// <param name="StepCode">The step's code.</param>
/// <param name="ArmCode">The arm's code (null for a step-level clause).</param>
/// <param name="ArmDescription">The arm's description, when given.</param>
/// <param name="DoseLevelCode">The dose level's code (dose-level clauses only).</param>
/// <param name="Open">False when the trial is not open to accrual or the arm/dose level is suspended.</param>
/// <param name="Status">Why it is open or closed, in words.</param>
/// <param name="Match">The CTML match clause (a JSON array of and/or/clinical/genomic objects).</param>
public sealed record CtmlMatchSite(string Level, string? StepCode, string? ArmCode, string? ArmDescription, string? DoseLevelCode, bool Open, string Status, JsonArray Match)
{
    /// <summary>"step 1 / arm ARM1 / dose level 2".</summary>
    public string Where => string.Join(" / ", new[] { StepCode is null ? null : $"step {StepCode}", ArmCode is null ? null : $"arm {ArmCode}", DoseLevelCode is null ? null : $"dose level {DoseLevelCode}" }.Where(s => s is not null));
}

/// <summary>One CTML trial document: protocol number, status and the match clauses of its treatment list.</summary>
/// <param name="ProtocolNo">The trial's <c>protocol_no</c>.</param>
/// <param name="NctId">The trial's <c>nct_id</c>, when given.</param>
/// <param name="Status">The trial's <c>status</c>, when given.</param>
/// <param name="Source">File the trial was read from.</param>
/// <param name="Sites">Every match clause under treatment_list (step, arm and dose level), in document order.</param>
public sealed record CtmlTrial(string ProtocolNo, string? NctId, string? Status, string Source, IReadOnlyList<CtmlMatchSite> Sites);

/// <summary>
/// Reads CTML trial documents: JSON (one object, an array of objects, or several objects one after another) or YAML,
/// from a file or every *.json/*.yml/*.yaml file of a directory.
/// </summary>
public static class CtmlReader
{
    /// <summary>Largest trial file accepted; CTML documents are a few kilobytes.</summary>
    public const long MaxFileBytes = 16L << 20;

    /// <summary>Most trials accepted from one directory or file.</summary>
    public const int MaxTrials = 100_000;

    /// <summary>Reads a trial file or a directory of trial files (sorted by name).</summary>
    public static IReadOnlyList<CtmlTrial> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            var files = Directory.EnumerateFiles(path)
                .Where(f => f.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal).ToList();
            if (files.Count == 0)
                throw new InputException(new InputError(path, null, null, null, "directory holds no .json, .yml or .yaml trial file"));
            var all = new List<CtmlTrial>();
            foreach (var f in files)
            {
                all.AddRange(ReadFile(f));
                if (all.Count > MaxTrials)
                    throw new InputException(new InputError(path, null, null, null, $"more than {MaxTrials} trials"));
            }

            return all;
        }

        return ReadFile(path);
    }

    /// <summary>Reads every trial document of one file.</summary>
    public static IReadOnlyList<CtmlTrial> ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        using (var stream = InputFiles.OpenForReading(path))
        {
            if (stream.CanSeek && stream.Length > MaxFileBytes)
                throw new InputException(new InputError(path, null, null, null, $"trial file is larger than {MaxFileBytes >> 20} MiB"));
            using var reader = new StreamReader(stream, Encoding.UTF8);
            text = reader.ReadToEnd();
        }

        var docs = path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase)
            ? ReadYaml(path, text)
            : ReadJson(path, text);
        var trials = new List<CtmlTrial>();
        for (var i = 0; i < docs.Count; i++)
            trials.Add(ToTrial(path, docs[i], docs.Count == 1 ? "trial" : $"trial {i + 1}"));
        return trials;
    }

    /// <summary>Reads one trial from a JSON object already parsed (used by tests and callers holding documents).</summary>
    public static CtmlTrial ToTrial(string source, JsonObject doc, string where = "trial")
    {
        ArgumentNullException.ThrowIfNull(doc);
        // A file holding one trial may leave protocol_no out (MatchMiner's 11-112.json does): the file name stands in.
        var protocol = Scalar(doc["protocol_no"])
            ?? (where == "trial" && source.Length > 0 ? Path.GetFileNameWithoutExtension(source) : null)
            ?? throw new InputException(new InputError(source, null, null, "protocol_no", $"{where} has no protocol_no"));
        var status = Scalar(doc["status"]);
        var trialOpen = status is null || status.Equals("open to accrual", StringComparison.OrdinalIgnoreCase);
        var sites = new List<CtmlMatchSite>();
        if (doc["treatment_list"] is not JsonObject treatments || treatments["step"] is not JsonArray steps)
            throw new InputException(new InputError(source, null, null, "treatment_list.step", $"{where} {protocol}: no treatment_list.step list"));
        var stepIndex = 0;
        foreach (var stepNode in steps)
        {
            var stepPath = $"treatment_list.step[{stepIndex++}]";
            if (stepNode is not JsonObject step)
                throw new InputException(new InputError(source, null, null, stepPath, $"{protocol}: a step must be an object"));
            var stepCode = Scalar(step["step_code"]);
            AddSite(source, protocol, stepPath, step, "step", stepCode, null, null, null, trialOpen, status, sites);
            var armIndex = 0;
            foreach (var armNode in step["arm"] as JsonArray ?? [])
            {
                var armPath = $"{stepPath}.arm[{armIndex++}]";
                if (armNode is not JsonObject arm)
                    throw new InputException(new InputError(source, null, null, armPath, $"{protocol}: an arm must be an object"));
                var armCode = Scalar(arm["arm_code"]);
                var armOpen = trialOpen && !IsYes(Scalar(arm["arm_suspended"]));
                var armStatus = !trialOpen ? $"trial status '{status}'" : armOpen ? "open" : "arm suspended";
                AddSite(source, protocol, armPath, arm, "arm", stepCode, armCode, Scalar(arm["arm_description"]), null, armOpen, armStatus, sites);
                var levelIndex = 0;
                foreach (var levelNode in arm["dose_level"] as JsonArray ?? [])
                {
                    var levelPath = $"{armPath}.dose_level[{levelIndex++}]";
                    if (levelNode is not JsonObject level)
                        throw new InputException(new InputError(source, null, null, levelPath, $"{protocol}: a dose level must be an object"));
                    var levelOpen = armOpen && !IsYes(Scalar(level["level_suspended"]));
                    var levelStatus = !armOpen ? armStatus : levelOpen ? "open" : "dose level suspended";
                    AddSite(source, protocol, levelPath, level, "dose level", stepCode, armCode, Scalar(arm["arm_description"]), Scalar(level["level_code"]), levelOpen, levelStatus, sites);
                }
            }
        }

        return new CtmlTrial(protocol, Scalar(doc["nct_id"]), status, source, sites);
    }

    private static void AddSite(string source, string protocol, string path, JsonObject owner, string level, string? step, string? arm, string? description, string? dose, bool open, string? status, List<CtmlMatchSite> sites)
    {
        if (owner["match"] is null)
            return;
        if (owner["match"] is not JsonArray match)
            throw new InputException(new InputError(source, null, null, path + ".match", $"{protocol}: match must be a list of clauses"));
        try
        {
            _ = MatchTree.Build(match); // refuse a malformed clause when reading, with its place in the document
        }
        catch (FormatException e)
        {
            throw new InputException(new InputError(source, null, null, path + ".match", $"{protocol}: {e.Message}"));
        }

        sites.Add(new CtmlMatchSite(level, step, arm, description, dose, open, status ?? "open (no trial status given)", (JsonArray)match.DeepClone()));
    }

    private static bool IsYes(string? value) => value is not null && (value.Equals("Y", StringComparison.OrdinalIgnoreCase) || value.Equals("yes", StringComparison.OrdinalIgnoreCase) || value.Equals("true", StringComparison.OrdinalIgnoreCase));

    /// <summary>A scalar JSON value as text (numbers and booleans in invariant form), or null.</summary>
    internal static string? Scalar(JsonNode? node) => node is JsonValue v
        ? v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.Number => v.ToJsonString(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        }
        : null;

    private static List<JsonObject> ReadJson(string path, string text)
    {
        var docs = new List<JsonObject>();
        var bytes = Encoding.UTF8.GetBytes(text);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { AllowMultipleValues = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256 });
        try
        {
            // Each Read positions the reader on the next top-level value; Parse then consumes that value whole.
            while (reader.Read())
            {
                var node = JsonNode.Parse(ref reader);
                switch (node)
                {
                    case JsonObject o:
                        docs.Add(o);
                        break;
                    case JsonArray a:
                        foreach (var item in a)
                            docs.Add(item as JsonObject ?? throw new InputException(new InputError(path, null, null, null, "a trial array must hold objects")));
                        break;
                    default:
                        throw new InputException(new InputError(path, null, null, null, "a trial document must be a JSON object or an array of objects"));
                }

                if (docs.Count > MaxTrials)
                    throw new InputException(new InputError(path, null, null, null, $"more than {MaxTrials} trials"));
            }
        }
        catch (JsonException e)
        {
            throw new InputException(InputErrors.FromJson(path, e, "not valid CTML JSON"));
        }

        if (docs.Count == 0)
            throw new InputException(new InputError(path, null, null, null, "no trial document in the file"));
        return docs;
    }

    private static List<JsonObject> ReadYaml(string path, string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new InputException(new InputError(path, e.Start.Line, (int)e.Start.Column, null, "not valid CTML YAML: " + (e.InnerException?.Message ?? e.Message)));
        }

        var docs = new List<JsonObject>();
        foreach (var doc in stream.Documents)
        {
            JsonNode? node;
            try
            {
                node = ToJson(doc.RootNode, 0);
            }
            catch (FormatException e)
            {
                throw new InputException(new InputError(path, doc.RootNode.Start.Line, (int)doc.RootNode.Start.Column, null, e.Message));
            }

            if (node is not JsonObject o)
                throw new InputException(new InputError(path, doc.RootNode.Start.Line, (int)doc.RootNode.Start.Column, null, "a trial document must be a mapping"));
            docs.Add(o);
        }

        if (docs.Count == 0)
            throw new InputException(new InputError(path, null, null, null, "no trial document in the file"));
        return docs;
    }

    // YAML → JSON: quoted scalars stay text; plain scalars become numbers, booleans or null when they read as such.
    private static JsonNode? ToJson(YamlNode node, int depth)
    {
        if (depth > 256)
            throw new FormatException("YAML nested deeper than 256 levels");
        switch (node)
        {
            case YamlMappingNode map:
                var o = new JsonObject();
                foreach (var (k, v) in map.Children)
                {
                    var key = (k as YamlScalarNode)?.Value ?? throw new FormatException($"line {k.Start.Line}: a mapping key must be a plain scalar");
                    o[key] = ToJson(v, depth + 1);
                }
                return o;
            case YamlSequenceNode seq:
                return new JsonArray(seq.Children.Select(c => ToJson(c, depth + 1)).ToArray());
            case YamlScalarNode s:
                var value = s.Value ?? "";
                if (s.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
                    return JsonValue.Create(value);
                if (value.Length == 0 || value is "~" or "null" or "Null" or "NULL")
                    return null;
                if (value is "true" or "True" or "TRUE")
                    return JsonValue.Create(true);
                if (value is "false" or "False" or "FALSE")
                    return JsonValue.Create(false);
                // "00001" stays text (an id), as YAML 1.2's core schema has it.
                if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole) && (!value.StartsWith('0') || value == "0"))
                    return JsonValue.Create(whole);
                if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && value.Contains('.', StringComparison.Ordinal))
                    return JsonValue.Create(d);
                return JsonValue.Create(value);
            default:
                return null;
        }
    }
}

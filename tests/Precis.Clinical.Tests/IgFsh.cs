using System.Text.RegularExpressions;
using Precis.Testing;

namespace Precis.Clinical.Tests;

/// <summary>
/// Reads what the tests compare against from the Genomics Reporting IG's FSH sources (../shared/data): aliases,
/// the component slices of the profiles (slice name → code) and the rules of an example instance.
/// </summary>
internal sealed partial class IgFsh
{
    private readonly Dictionary<string, string> _aliases;
    private readonly Dictionary<string, (string System, string Code)> _slices = new(StringComparer.Ordinal);

    private IgFsh(string dir)
    {
        Directory = dir;
        AllText = string.Join("\n", System.IO.Directory.GetFiles(dir, "*.fsh").Order(StringComparer.Ordinal).Select(File.ReadAllText));
        _aliases = AliasRule().Matches(File.ReadAllText(Path.Combine(dir, "Aliases.fsh"))).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.Trim(), StringComparer.Ordinal);
        _aliases["TbdCodesCS"] = "http://hl7.org/fhir/uv/genomics-reporting/CodeSystem/tbd-codes-cs";
        foreach (Match m in SliceCodeRule().Matches(AllText))
            _slices.TryAdd(m.Groups[1].Value, Resolve(m.Groups[2].Value));
    }

    public string Directory { get; }

    /// <summary>Every FSH file, concatenated.</summary>
    public string AllText { get; }

    public static IgFsh Load() => new(TestPaths.Shared("clinical/fhir-r4/genomics-reporting-ig/fsh-stu4-cibuild"));

    /// <summary>"$LNC#48013-7" or "http://loinc.org#48013-7" → (system, code).</summary>
    public (string System, string Code) Resolve(string systemHashCode)
    {
        var hash = systemHashCode.IndexOf('#', StringComparison.Ordinal);
        var sys = systemHashCode[..hash].Trim();
        var code = systemHashCode[(hash + 1)..].Trim().Split(' ', '"')[0];
        return (_aliases.GetValueOrDefault(sys, sys), code);
    }

    /// <summary>The code a profile fixes for a component slice, e.g. "genomic-ref-seq" → (LOINC, 48013-7).</summary>
    public (string System, string Code) SliceCode(string slice) => _slices[slice];

    /// <summary>The fixed code of a profile (<c>* code = $LNC#69548-6</c> in its block).</summary>
    public (string System, string Code) ProfileCode(string profile)
    {
        var block = Block("Profile:", profile);
        return Resolve(Regex.Match(block, @"^\* code = (\S+)", RegexOptions.Multiline).Groups[1].Value);
    }

    /// <summary>The rules of an example instance, without commented-out lines.</summary>
    public IgInstance Instance(string name) => new(this, Block("Instance:", name));

    private string Block(string keyword, string name)
    {
        var start = Regex.Match(AllText, "^" + Regex.Escape(keyword) + @"\s+" + Regex.Escape(name) + @"\s*$", RegexOptions.Multiline);
        Assert.True(start.Success, $"{keyword} {name} not found in the IG sources");
        var next = Regex.Match(AllText[(start.Index + start.Length)..], @"^(Instance|Profile|Extension|ValueSet|CodeSystem|Alias|Invariant):", RegexOptions.Multiline);
        var end = next.Success ? start.Index + start.Length + next.Index : AllText.Length;
        return string.Join("\n", AllText[start.Index..end].Split('\n').Where(l => !l.TrimStart().StartsWith("//", StringComparison.Ordinal)));
    }

    [GeneratedRegex(@"^Alias:\s*(\$\w+)\s*=\s*(\S+)", RegexOptions.Multiline)]
    private static partial Regex AliasRule();

    [GeneratedRegex(@"^\* component\[([\w-]+)\]\.code = (\S+#[\w.-]+)", RegexOptions.Multiline)]
    private static partial Regex SliceCodeRule();
}

/// <summary>One FSH example instance, read as the (system, code) pairs a test compares.</summary>
internal sealed partial class IgInstance(IgFsh ig, string text)
{
    public string Text { get; } = text;

    public string Profile => Regex.Match(Text, "^\\* meta\\.profile = \"([^\"]+)\"", RegexOptions.Multiline).Groups[1].Value;

    public HashSet<(string, string)> Categories => [.. Regex.Matches(Text, @"^\* category\[\w+\] = (\S+)", RegexOptions.Multiline).Select(m => ig.Resolve(m.Groups[1].Value))];

    public (string System, string Code) Value => ig.Resolve(Regex.Match(Text, @"^\* valueCodeableConcept(?:\.coding)? = (\S+)", RegexOptions.Multiline).Groups[1].Value);

    /// <summary>Component code → the value element it uses ("valueString", "valueRange", …) and, for codes, the value's (system, code).</summary>
    public Dictionary<(string System, string Code), (string Element, (string System, string Code)? Coding)> Components()
    {
        var result = new Dictionary<(string, string), (string, (string, string)?)>();
        (string, string)? current = null;
        foreach (var line in Text.Split('\n'))
        {
            var m = ComponentRule().Match(line);
            if (!m.Success)
                continue;
            var (slice, path, value) = (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value.Trim());
            if (slice is not ("+" or "="))
                current = ig.SliceCode(slice);
            if (path.StartsWith("code", StringComparison.Ordinal))
            {
                current = ig.Resolve(value);
                continue;
            }

            var element = path.Split('.')[0];
            (string, string)? coding = element == "valueCodeableConcept" ? ig.Resolve(value) : null;
            result[current!.Value] = (element, coding);
        }

        return result;
    }

    [GeneratedRegex(@"^\* component\[([\w+=-]+)\]\.(\S+) = (.+)$")]
    private static partial Regex ComponentRule();
}

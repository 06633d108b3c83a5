using System.Globalization;
using Precis.Core;

namespace Precis.Prediction.Reference;

/// <summary>One input a reference model needs: its key, meaning, unit and the range the model was derived on.</summary>
/// <param name="Key">Key used in <see cref="RiskInputs"/> and on the command line (--set key=value).</param>
/// <param name="Description">What the value is, for readers.</param>
/// <param name="Unit">UCUM unit, or "yes/no" / a list of categories.</param>
/// <param name="Min">Lowest value inside the intended population, if bounded.</param>
/// <param name="Max">Highest value inside the intended population, if bounded.</param>
/// <param name="Required">Whether the model cannot run without it (optional inputs default to "absent" and are reported so).</param>
public sealed record ModelInput(string Key, string Description, string Unit, double? Min = null, double? Max = null, bool Required = true);

/// <summary>What a reference model is, whom it is for and where it is published.</summary>
/// <param name="Id">Short id used by the CLI (pce, cha2ds2vasc, qrisk3, iwpc-pg, iwpc-clinical).</param>
/// <param name="Name">Full name.</param>
/// <param name="Version">Version of the equations transcribed (the publication's version or year).</param>
/// <param name="Outcome">What is predicted, e.g. "10-year risk of a first hard ASCVD event (%)".</param>
/// <param name="IntendedPopulation">Who the model was derived for, in words.</param>
/// <param name="Inputs">Every input, with its range.</param>
/// <param name="Citations">The publication(s) that define the model.</param>
/// <param name="Licence">Licence of the equations as implemented here.</param>
/// <param name="Disclaimer">Text that must accompany every displayed result, if the licence asks for one.</param>
public sealed record ModelCard(
    string Id,
    string Name,
    string Version,
    string Outcome,
    string IntendedPopulation,
    IReadOnlyList<ModelInput> Inputs,
    IReadOnlyList<Citation> Citations,
    string Licence,
    string? Disclaimer = null);

/// <summary>The outcome of applying a reference model to one person: a value, or the reason it was withheld.</summary>
/// <param name="Model">The model card.</param>
/// <param name="Value">The prediction (unit in <see cref="Unit"/>), or null when withheld.</param>
/// <param name="Unit">"%" for risks, "points" for scores, "mg/week" for doses.</param>
/// <param name="WithheldReason">Why no prediction is given (outside the intended population, missing input).</param>
/// <param name="InputsUsed">The inputs as the model read them, e.g. "age" → "62".</param>
/// <param name="Notes">What a reader should know (defaults assumed, which equation set was used).</param>
public sealed record RiskPrediction(
    ModelCard Model,
    double? Value,
    string Unit,
    string? WithheldReason,
    IReadOnlyDictionary<string, string> InputsUsed,
    IReadOnlyList<string> Notes)
{
    /// <summary>True when the model gave a value.</summary>
    public bool IsAvailable => Value is not null;

    /// <summary>One line: the value with its unit, or "withheld: reason".</summary>
    public string Describe() => Value is { } v
        ? $"{Model.Name}: {v.ToString("0.0", CultureInfo.InvariantCulture)} {Unit}"
        : $"{Model.Name}: withheld — {WithheldReason}";
}

/// <summary>A published reference model: a fixed equation with an intended population.</summary>
public interface IReferenceModel
{
    ModelCard Card { get; }

    /// <summary>Applies the model; withholds the value (never throws) when the person is outside the intended population.</summary>
    RiskPrediction Predict(RiskInputs inputs);
}

/// <summary>
/// Named input values (key → text as given: "62", "female", "yes"). Parsing is strict, and problems are reported
/// through the returned reason so a model can withhold with it instead of guessing a value.
/// </summary>
public sealed class RiskInputs
{
    private readonly Dictionary<string, string> _values;

    public RiskInputs(IReadOnlyDictionary<string, string> values, string source = "--set")
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = new Dictionary<string, string>(values, StringComparer.OrdinalIgnoreCase);
        Source = source;
    }

    /// <summary>Where the values came from (a file name or "--set"), for messages.</summary>
    public string Source { get; }

    /// <summary>Every value as given.</summary>
    public IReadOnlyDictionary<string, string> Values => _values;

    /// <summary>Parses "key=value" pairs as given on the command line; a malformed pair is an <see cref="InputException"/>.</summary>
    public static RiskInputs FromPairs(IEnumerable<string> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        foreach (var pair in pairs)
        {
            i++;
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || eq == pair.Length - 1)
                throw new InputException(new InputError("--set", null, i, pair, "expected key=value", "e.g. --set age=55 --set sex=female"));
            values[pair[..eq].Trim()] = pair[(eq + 1)..].Trim();
        }

        return new RiskInputs(values);
    }

    public bool Has(string key) => _values.ContainsKey(key);

    /// <summary>A number, or the reason it cannot be read.</summary>
    public bool TryNumber(string key, out double value, out string? problem)
    {
        value = double.NaN;
        problem = null;
        if (!_values.TryGetValue(key, out var text) || text.Length == 0)
        {
            problem = $"'{key}' is missing";
            return false;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) || !double.IsFinite(value))
        {
            problem = $"'{key}' is not a number: '{text}'";
            return false;
        }

        return true;
    }

    /// <summary>A yes/no value (yes/no, true/false, 1/0); an absent optional flag reads as <paramref name="absent"/>.</summary>
    public bool TryFlag(string key, bool? absent, out bool value, out string? problem)
    {
        problem = null;
        value = false;
        if (!_values.TryGetValue(key, out var text) || text.Length == 0)
        {
            if (absent is { } d)
            {
                value = d;
                return true;
            }

            problem = $"'{key}' is missing";
            return false;
        }

        switch (text.ToUpperInvariant())
        {
            case "1" or "YES" or "TRUE" or "Y":
                value = true;
                return true;
            case "0" or "NO" or "FALSE" or "N":
                value = false;
                return true;
            default:
                problem = $"'{key}' must be yes or no, not '{text}'";
                return false;
        }
    }

    /// <summary>A category from a fixed list (case-insensitive), or the reason it cannot be read.</summary>
    public bool TryCategory(string key, IReadOnlyList<string> allowed, out string value, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        value = "";
        problem = null;
        if (!_values.TryGetValue(key, out var text) || text.Length == 0)
        {
            problem = $"'{key}' is missing";
            return false;
        }

        var match = allowed.FirstOrDefault(a => string.Equals(a, text, StringComparison.OrdinalIgnoreCase));
        if (match is null)
        {
            problem = $"'{key}' must be one of {string.Join(", ", allowed)}, not '{text}'";
            return false;
        }

        value = match;
        return true;
    }
}

/// <summary>Reads a model's inputs against its card, keeping the values used, notes, and the first reason to withhold.</summary>
public sealed class InputReader(ModelCard card, RiskInputs inputs)
{
    public Dictionary<string, string> Used { get; } = new(StringComparer.Ordinal);

    public List<string> Notes { get; } = [];

    public string? Problem { get; private set; }

    public double Number(string key)
    {
        var spec = card.Inputs.First(i => i.Key == key);
        if (!inputs.TryNumber(key, out var v, out var problem))
        {
            Problem ??= problem + $" ({spec.Description})";
            return double.NaN;
        }

        Used[key] = v.ToString("G", CultureInfo.InvariantCulture);
        if ((spec.Min is { } min && v < min) || (spec.Max is { } max && v > max))
        {
            Problem ??= $"{spec.Description} {v.ToString("G", CultureInfo.InvariantCulture)} {spec.Unit} is outside the model's range " +
                $"{spec.Min?.ToString("G", CultureInfo.InvariantCulture) ?? "-∞"}–{spec.Max?.ToString("G", CultureInfo.InvariantCulture) ?? "∞"} {spec.Unit}";
        }

        return v;
    }

    public bool Flag(string key)
    {
        var spec = card.Inputs.First(i => i.Key == key);
        var present = inputs.Has(key);
        if (!inputs.TryFlag(key, spec.Required ? null : false, out var v, out var problem))
        {
            Problem ??= problem + $" ({spec.Description})";
            return false;
        }

        Used[key] = v ? "yes" : "no";
        if (!present)
            Notes.Add($"{spec.Description}: not recorded, taken as no");
        return v;
    }

    public string Category(string key, IReadOnlyList<string> allowed)
    {
        var spec = card.Inputs.First(i => i.Key == key);
        if (!inputs.TryCategory(key, allowed, out var v, out var problem))
        {
            Problem ??= problem + $" ({spec.Description})";
            return "";
        }

        Used[key] = v;
        return v;
    }

    public void Exclude(string reason) => Problem ??= reason;

    public RiskPrediction Result(double value, string unit) => Problem is { } p
        ? new RiskPrediction(card, null, unit, p, Used, Notes)
        : new RiskPrediction(card, value, unit, null, Used, Notes);
}

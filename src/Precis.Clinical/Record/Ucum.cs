using System.Globalization;

namespace Precis.Clinical.Record;

/// <summary>A value in a UCUM unit, with what was done to get it there.</summary>
/// <param name="Value">The value (converted when the unit was).</param>
/// <param name="Unit">The UCUM code.</param>
/// <param name="Note">What was changed ("unit 'K/uL' read as UCUM '10*3/uL'"), or null when nothing was.</param>
public sealed record UcumValue(decimal Value, string Unit, string? Note);

/// <summary>
/// Normalises units to UCUM codes (https://ucum.org): common non-UCUM spellings are mapped to their UCUM code,
/// and body weight, height and temperature are converted to kg, cm and Cel so values compare.
/// </summary>
public static class Ucum
{
    /// <summary>The UCUM code system URI.</summary>
    public const string System = "http://unitsofmeasure.org";

    // Spellings seen in EHR exports and device files that are not UCUM codes, and the UCUM code they mean.
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["mmHg"] = "mm[Hg]", ["mm Hg"] = "mm[Hg]", ["bpm"] = "/min", ["beats/min"] = "/min", ["beats/minute"] = "/min",
        ["breaths/min"] = "/min", ["kg/m^2"] = "kg/m2", ["kg/m²"] = "kg/m2", ["lb"] = "[lb_av]", ["lbs"] = "[lb_av]",
        ["in"] = "[in_i]", ["inch"] = "[in_i]", ["°C"] = "Cel", ["degC"] = "Cel", ["C"] = "Cel", ["°F"] = "[degF]", ["degF"] = "[degF]",
        ["F"] = "[degF]", ["K/uL"] = "10*3/uL", ["K/µL"] = "10*3/uL", ["x10^3/uL"] = "10*3/uL", ["M/uL"] = "10*6/uL",
        ["x10^6/uL"] = "10*6/uL", ["(score)"] = "{score}", ["score"] = "{score}", ["pH"] = "[pH]", ["mg/dl"] = "mg/dL",
        ["mmol/l"] = "mmol/L", ["g/dl"] = "g/dL", ["count"] = "{count}", ["steps"] = "{steps}", ["/min "] = "/min",
        ["percent"] = "%", ["hrs"] = "h", ["hours"] = "h", ["minutes"] = "min", ["mins"] = "min",
    };

    /// <summary>The UCUM code for a unit as written, and whether it had to be mapped; null when no unit was given.</summary>
    public static (string Code, bool Mapped)? Code(string? code, string? unit)
    {
        var u = !string.IsNullOrWhiteSpace(code) ? code : unit;
        if (string.IsNullOrWhiteSpace(u))
            return null;
        u = u.Trim();
        return Aliases.TryGetValue(u, out var mapped) ? (mapped, true) : (u, false);
    }

    /// <summary>Normalises a value and unit; returns null when the unit is missing.</summary>
    public static UcumValue? Normalise(decimal value, string? code, string? unit)
    {
        if (Code(code, unit) is not var (ucum, mapped))
            return null;
        var note = mapped ? $"unit '{(string.IsNullOrWhiteSpace(code) ? unit : code)}' read as UCUM '{ucum}'" : null;

        // Weight, height and temperature in one unit each, so trends and thresholds need no per-source logic.
        (decimal v, string u)? converted = ucum switch
        {
            "[lb_av]" => (value * 0.45359237m, "kg"),
            "[in_i]" => (value * 2.54m, "cm"),
            "m" => (value * 100m, "cm"),
            "[degF]" => ((value - 32m) * 5m / 9m, "Cel"),
            _ => null,
        };
        if (converted is var (cv, cu))
        {
            var rounded = Math.Round(cv, 2, MidpointRounding.AwayFromZero);
            return new UcumValue(rounded, cu, (note is null ? "" : note + "; ") + $"converted {value.ToString(CultureInfo.InvariantCulture)} {ucum} to {rounded.ToString(CultureInfo.InvariantCulture)} {cu}");
        }

        return new UcumValue(value, ucum, note);
    }
}

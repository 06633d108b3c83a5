using System.Globalization;
using System.Text.RegularExpressions;

namespace Precis.Clinical.Fhir;

/// <summary>How much of a FHIR date, dateTime or instant was given: "2019", "2019-03", "2019-03-14" or with a time.</summary>
public enum DatePrecision
{
    Year,
    Month,
    Day,
    Second,
    FractionOfSecond,
}

/// <summary>
/// A FHIR date, dateTime or instant kept at the precision it was written with (a year stays a year, never a
/// made-up 1 January). <see cref="Start"/> is the earliest instant it can mean, for ordering.
/// </summary>
/// <param name="Text">The value exactly as written.</param>
/// <param name="Precision">How much was given.</param>
public sealed partial record FhirDateTime(string Text, DatePrecision Precision)
{
    /// <summary>The earliest instant the value covers (UTC when no offset is given, as FHIR dates have none).</summary>
    public DateTimeOffset Start
    {
        get
        {
            var m = Pattern().Match(Text);
            int Part(string g, int fallback) => m.Groups[g].Success ? int.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture) : fallback;
            var offset = TimeSpan.Zero;
            if (m.Groups["tz"].Success && m.Groups["tz"].Value != "Z")
            {
                var tz = m.Groups["tz"].Value;
                offset = new TimeSpan(int.Parse(tz.AsSpan(1, 2), CultureInfo.InvariantCulture), int.Parse(tz.AsSpan(4, 2), CultureInfo.InvariantCulture), 0);
                if (tz[0] == '-')
                    offset = -offset;
            }

            var frac = m.Groups["f"].Success ? decimal.Parse("0." + m.Groups["f"].Value, CultureInfo.InvariantCulture) : 0m;
            var dt = new DateTime(Part("y", 1), Part("mo", 1), Part("d", 1), Part("h", 0), Part("mi", 0), Math.Min(Part("s", 0), 59), DateTimeKind.Unspecified);
            return new DateTimeOffset(dt, offset).AddTicks((long)(frac * TimeSpan.TicksPerSecond));
        }
    }

    /// <summary>The calendar date when at least day precision was given.</summary>
    public DateOnly? Date => Precision >= DatePrecision.Day ? DateOnly.FromDateTime(Start.DateTime) : null;

    /// <summary>Parses a FHIR date/dateTime/instant, or returns null when it does not match the FHIR regular expression.</summary>
    public static FhirDateTime? TryParse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var m = Pattern().Match(text);
        if (!m.Success)
            return null;
        if (m.Groups["h"].Success && !m.Groups["tz"].Success)
            return null; // FHIR: "If hours and minutes are specified, a time zone SHALL be populated".
        var precision = m.Groups["f"].Success ? DatePrecision.FractionOfSecond
            : m.Groups["h"].Success ? DatePrecision.Second
            : m.Groups["d"].Success ? DatePrecision.Day
            : m.Groups["mo"].Success ? DatePrecision.Month
            : DatePrecision.Year;
        var month = m.Groups["mo"].Success ? int.Parse(m.Groups["mo"].Value, CultureInfo.InvariantCulture) : 1;
        var year = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
        if (m.Groups["d"].Success && int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture) > DateTime.DaysInMonth(year, month))
            return null;
        return new FhirDateTime(text, precision);
    }

    public override string ToString() => Text;

    // FHIR R4 dateTime regex (datatypes §2.24.0.1), with named groups; seconds are required once a time is given.
    [GeneratedRegex(@"^(?<y>[0-9]{4})(-(?<mo>0[1-9]|1[0-2])(-(?<d>0[1-9]|[12][0-9]|3[01])(T(?<h>[01][0-9]|2[0-3]):(?<mi>[0-5][0-9]):(?<s>[0-5][0-9]|60)(\.(?<f>[0-9]+))?(?<tz>Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?)?)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}

/// <summary>A FHIR decimal kept as written ("0.50" keeps its two decimal places), with its numeric value.</summary>
/// <param name="Text">The JSON number text.</param>
public sealed record FhirDecimal(string Text)
{
    public decimal Value => decimal.Parse(Text, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>Digits after the decimal point as written (the precision FHIR asks systems to keep).</summary>
    public int Scale => Text.Contains('e', StringComparison.OrdinalIgnoreCase) ? Value.Scale : Text.Contains('.', StringComparison.Ordinal) ? Text.Length - Text.IndexOf('.', StringComparison.Ordinal) - 1 : 0;

    public override string ToString() => Text;
}

/// <summary>A code from a code system.</summary>
public sealed record Coding(string? System, string? Code, string? Display, string? Version = null);

/// <summary>A concept as codes plus text.</summary>
public sealed record CodeableConcept(IReadOnlyList<Coding> Codings, string? Text)
{
    /// <summary>The first coding, or null.</summary>
    public Coding? FirstCoding => Codings.Count > 0 ? Codings[0] : null;

    /// <summary>The first code in <paramref name="system"/>, or null.</summary>
    public string? CodeIn(string system) => Codings.FirstOrDefault(c => c.System == system && c.Code is not null)?.Code;

    /// <summary>True when any coding has this system and code.</summary>
    public bool Has(string system, string code) => Codings.Any(c => c.System == system && c.Code == code);

    /// <summary>The text, else the first display, else the first code.</summary>
    public string? DisplayText => Text ?? Codings.Select(c => c.Display).FirstOrDefault(d => d is not null) ?? Codings.Select(c => c.Code).FirstOrDefault(c => c is not null);
}

/// <summary>A measured amount with its unit (UCUM when <see cref="System"/> is http://unitsofmeasure.org).</summary>
public sealed record Quantity(FhirDecimal? Value, string? Comparator, string? Unit, string? System, string? Code);

/// <summary>A reference to another resource ("Patient/1", "urn:uuid:…") or a logical identifier.</summary>
public sealed record Reference(string? Ref, string? Type, string? Display);

/// <summary>A time interval; either end may be open.</summary>
public sealed record Period(FhirDateTime? Start, FhirDateTime? End);

/// <summary>A range of quantities (e.g. an age range).</summary>
public sealed record Range(Quantity? Low, Quantity? High);

/// <summary>A person's name.</summary>
public sealed record HumanName(string? Use, string? Text, string? Family, IReadOnlyList<string> Given, IReadOnlyList<string> Prefix)
{
    public string Display => Text ?? string.Join(' ', Given.Append(Family ?? "").Where(s => s.Length > 0));
}

/// <summary>An identifier in a namespace.</summary>
public sealed record Identifier(string? System, string? Value, CodeableConcept? Type);

/// <summary>An extension: a URL and either a value or nested extensions.</summary>
public sealed record Extension(string Url, ChoiceValue? Value, IReadOnlyList<Extension> Extensions);

/// <summary>The id and extensions carried by a primitive in its "_name" twin (FHIR JSON §2.6.2.5).</summary>
public sealed record PrimitiveExtensions(string? Id, IReadOnlyList<Extension> Extensions);

/// <summary>
/// The value of a choice element such as Observation.value[x]: which type was used and the value in that type.
/// Only the accessor for <see cref="TypeName"/> is non-null; <see cref="Node"/> keeps the raw JSON.
/// </summary>
public sealed record ChoiceValue(string ElementName, string TypeName, FhirNode Node)
{
    public Quantity? Quantity { get; init; }

    public CodeableConcept? CodeableConcept { get; init; }

    public string? Text { get; init; }

    public bool? Flag { get; init; }

    public FhirDecimal? Number { get; init; }

    public FhirDateTime? DateTime { get; init; }

    public Period? Period { get; init; }

    public Range? Range { get; init; }

    public Reference? Reference { get; init; }

    public Coding? Coding { get; init; }
}

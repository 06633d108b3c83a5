using System.Text.Json;
using Precis.Core;
using Precis.Knowledge;

namespace Precis.Clinical.Monitoring;

/// <summary>A consensus target for one CGM metric, e.g. time in range &gt; 70 %.</summary>
/// <param name="Id">Entry id in the knowledge base (tir, tbr70…).</param>
/// <param name="Metric">The metric it applies to.</param>
/// <param name="Comparator">&gt;, &lt;, &lt;= or &gt;=: the value meets the target when "value Comparator Threshold" holds.</param>
/// <param name="Threshold">The target value (percent).</param>
/// <param name="Population">Whom the target is for.</param>
/// <param name="Citations">Sources.</param>
public sealed record CgmTarget(string Id, string Metric, string Comparator, decimal Threshold, string Population, IReadOnlyList<Citation> Citations)
{
    /// <summary>True when <paramref name="value"/> meets the target.</summary>
    public bool IsMet(decimal value) => Comparator switch
    {
        ">" => value > Threshold,
        ">=" => value >= Threshold,
        "<" => value < Threshold,
        "<=" => value <= Threshold,
        _ => throw new InvalidOperationException($"unknown comparator {Comparator}"),
    };

    public override string ToString() => $"{Comparator} {Threshold} %";
}

/// <summary>
/// The CGM metric definitions and targets of the International Consensus on Time in Range (Battelino 2019) and the
/// GMI formula (Bergenstal 2018), loaded from the cited knowledge file <c>precis-cgm-consensus.kb.json</c>.
/// </summary>
public sealed class CgmConsensus
{
    private CgmConsensus(KnowledgeBase kb)
    {
        Knowledge = kb;
        Targets = [.. kb.EntriesOf("targets").Select(e => new CgmTarget(
            e.GetProperty("id").GetString()!, e.GetProperty("metric").GetString()!, e.GetProperty("comparator").GetString()!,
            e.GetProperty("value").GetDecimal(), e.GetProperty("population").GetString()!, kb.CitationsOf(e)))];
        JsonElement Entry(string kind, string id) => kb.EntriesOf(kind).Single(e => e.GetProperty("id").GetString() == id);
        var ranges = kb.EntriesOf("ranges").ToDictionary(e => e.GetProperty("id").GetString()!, StringComparer.Ordinal);
        RangeLow = ranges["tir"].GetProperty("low").GetDecimal();
        RangeHigh = ranges["tir"].GetProperty("high").GetDecimal();
        Below = ranges["tbr70"].GetProperty("below").GetDecimal();
        VeryLow = ranges["tbr54"].GetProperty("below").GetDecimal();
        Above = ranges["tar180"].GetProperty("above").GetDecimal();
        VeryHigh = ranges["tar250"].GetProperty("above").GetDecimal();
        var gmi = Entry("formulas", "gmi");
        GmiIntercept = gmi.GetProperty("intercept").GetDecimal();
        GmiSlope = gmi.GetProperty("slope").GetDecimal();
        var s = Entry("sufficiency", "cgm-data-sufficiency");
        SufficientDays = s.GetProperty("days").GetInt32();
        SufficientActivePercent = s.GetProperty("minimumActivePercent").GetDecimal();
        EventMinutes = Entry("events", "hypo-level1").GetProperty("minimumMinutes").GetInt32();
        Citations = kb.Source.Citations;
    }

    /// <summary>The embedded consensus.</summary>
    public static CgmConsensus Embedded { get; } = Load();

    /// <summary>The knowledge base it was read from (id, version, citations) for provenance.</summary>
    public KnowledgeBase Knowledge { get; }

    public IReadOnlyList<CgmTarget> Targets { get; }

    public IReadOnlyList<Citation> Citations { get; }

    public decimal RangeLow { get; }

    public decimal RangeHigh { get; }

    public decimal Below { get; }

    public decimal VeryLow { get; }

    public decimal Above { get; }

    public decimal VeryHigh { get; }

    public decimal GmiIntercept { get; }

    public decimal GmiSlope { get; }

    public int SufficientDays { get; }

    public decimal SufficientActivePercent { get; }

    /// <summary>Shortest run of readings that counts as a hypoglycaemia event (minutes).</summary>
    public int EventMinutes { get; }

    private static CgmConsensus Load()
    {
        const string name = "Precis.Clinical.Monitoring.precis-cgm-consensus.kb.json";
        using var stream = typeof(CgmConsensus).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded knowledge {name} is missing from this build");
        var kb = KnowledgeFile.Load(stream, "precis-cgm-consensus.kb.json", "embedded");

        // An invalid embedded file is a build defect, not a user error.
        return kb.IsSuccess ? new CgmConsensus(kb.Value!) : throw new InvalidOperationException("embedded CGM consensus is invalid: " + kb.Errors[0]);
    }
}

using System.Globalization;
using Precis.Core;
using Precis.Prediction.Learners;

namespace Precis.Prediction.Data;

/// <summary>How to turn a table into a <see cref="Dataset"/>: the outcome, numeric columns, categorical columns.</summary>
/// <param name="Outcome">Outcome column.</param>
/// <param name="OutcomeValue">Maps the outcome text to a number (e.g. "M" → 1); null to parse it as a number.</param>
/// <param name="Numeric">Columns read as numbers (a missing token reads as NaN).</param>
/// <param name="Categorical">Columns one-hot encoded (most frequent levels first; rarer levels pooled as "other").</param>
/// <param name="MissingTokens">Texts meaning "missing" (e.g. "", "?", "NA").</param>
/// <param name="MaxLevels">Most one-hot columns per categorical column before pooling.</param>
/// <param name="GroupColumn">Optional column carried as the subgroup label (for fairness audits).</param>
public sealed record TabularSpec(
    string Outcome,
    Func<string, double>? OutcomeValue,
    IReadOnlyList<string> Numeric,
    IReadOnlyList<string> Categorical,
    IReadOnlySet<string> MissingTokens,
    int MaxLevels = 30,
    string? GroupColumn = null);

/// <summary>Builds a numeric dataset from a table, with errors naming the file, line and column of a bad value.</summary>
public static class TabularLoader
{
    public static Dataset Load(CsvTable table, TabularSpec spec, string name)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(spec);
        var outcome = table.Column(spec.Outcome);
        var numeric = spec.Numeric.Select(table.Column).ToArray();
        var categorical = spec.Categorical.Select(table.Column).ToArray();
        var levels = categorical.Select(c => table.Rows
                .Select(r => r[c])
                .GroupBy(v => v, StringComparer.Ordinal)
                .OrderByDescending(g => g.Count())
                .ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => g.Key)
                .Take(spec.MaxLevels)
                .ToArray())
            .ToArray();
        var names = new List<string>(spec.Numeric);
        for (var k = 0; k < categorical.Length; k++)
        {
            // The most frequent level is the reference (no column), as in treatment coding.
            names.AddRange(levels[k].Skip(1).Select(l => $"{spec.Categorical[k]}={l}"));
        }

        var x = new double[table.Rows.Count][];
        var y = new double[table.Rows.Count];
        var groups = spec.GroupColumn is null ? null : new string[table.Rows.Count];
        var group = spec.GroupColumn is null ? -1 : table.Column(spec.GroupColumn);
        for (var i = 0; i < table.Rows.Count; i++)
        {
            var row = table.Rows[i];
            var line = table.LineNumbers[i];
            var o = row[outcome];
            if (spec.MissingTokens.Contains(o))
                throw new InputException(new InputError(table.File, line, outcome + 1, spec.Outcome, "outcome is missing", "drop rows without an outcome before training"));
            y[i] = spec.OutcomeValue is { } f ? f(o) : Parse(o, table.File, line, outcome, spec.Outcome);
            var v = new double[names.Count];
            for (var k = 0; k < numeric.Length; k++)
            {
                var text = row[numeric[k]];
                v[k] = spec.MissingTokens.Contains(text) ? double.NaN : Parse(text, table.File, line, numeric[k], spec.Numeric[k]);
            }

            var pos = numeric.Length;
            for (var k = 0; k < categorical.Length; k++)
            {
                var text = row[categorical[k]];
                for (var l = 1; l < levels[k].Length; l++)
                    v[pos + l - 1] = text == levels[k][l] ? 1 : 0;
                pos += levels[k].Length - 1;
            }

            x[i] = v;
            if (groups is not null)
                groups[i] = row[group];
        }

        return new Dataset(name, names, x, y, groups);
    }

    private static double Parse(string text, string file, long line, int column, string field) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
            ? v
            : throw new InputException(new InputError(file, line, column + 1, field, $"'{text}' is not a number"));
}

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

/// <summary>
/// The column encoding of a model: numeric columns as they are, categorical columns one-hot against their most
/// frequent level. Saved with a model so new data is encoded exactly as the training data was.
/// </summary>
/// <param name="Outcome">Outcome column.</param>
/// <param name="PositiveValue">Outcome text meaning 1 for a binary outcome (null: the outcome is numeric).</param>
/// <param name="Numeric">Numeric columns.</param>
/// <param name="Categorical">Categorical columns with their levels; the first level is the reference.</param>
/// <param name="MissingTokens">Texts meaning "missing".</param>
public sealed record FeatureEncoder(string Outcome, string? PositiveValue, IReadOnlyList<string> Numeric, IReadOnlyList<CategoricalColumn> Categorical, IReadOnlyList<string> MissingTokens)
{
    /// <summary>Feature names in model order: numeric columns, then "column=level" indicators.</summary>
    public IReadOnlyList<string> FeatureNames() =>
        [.. Numeric, .. Categorical.SelectMany(c => c.Levels.Skip(1).Select(l => $"{c.Name}={l}"))];

    /// <summary>Encodes every row of a table; errors name the file, line and column.</summary>
    public Dataset Encode(CsvTable table, string name, string? groupColumn = null, bool requireOutcome = true, Func<string, double>? outcomeValue = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        var missing = MissingTokens.ToHashSet(StringComparer.Ordinal);
        var outcome = requireOutcome || table.HasColumn(Outcome) ? table.Column(Outcome) : -1;
        var numeric = Numeric.Select(table.Column).ToArray();
        var categorical = Categorical.Select(c => table.Column(c.Name)).ToArray();
        var names = FeatureNames();
        var group = groupColumn is null ? -1 : table.Column(groupColumn);
        var x = new double[table.Rows.Count][];
        var y = new double[table.Rows.Count];
        var groups = group < 0 ? null : new string[table.Rows.Count];
        for (var i = 0; i < table.Rows.Count; i++)
        {
            var row = table.Rows[i];
            var line = table.LineNumbers[i];
            if (outcome >= 0)
            {
                var o = row[outcome];
                if (missing.Contains(o))
                    throw new InputException(new InputError(table.File, line, outcome + 1, Outcome, "outcome is missing", "drop rows without an outcome"));
                y[i] = outcomeValue is not null ? outcomeValue(o) : PositiveValue is { } pv ? (o == pv ? 1 : 0) : Parse(o, table.File, line, outcome, Outcome);
            }
            else
            {
                y[i] = double.NaN;
            }

            var v = new double[names.Count];
            for (var k = 0; k < numeric.Length; k++)
            {
                var text = row[numeric[k]];
                v[k] = missing.Contains(text) ? double.NaN : Parse(text, table.File, line, numeric[k], Numeric[k]);
            }

            var pos = numeric.Length;
            for (var k = 0; k < categorical.Length; k++)
            {
                var text = row[categorical[k]];
                var levels = Categorical[k].Levels;
                for (var l = 1; l < levels.Count; l++)
                    v[pos + l - 1] = text == levels[l] ? 1 : 0;
                pos += levels.Count - 1;
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

/// <summary>A categorical column and its levels (most frequent first; that one is the reference).</summary>
/// <param name="Name">Column name.</param>
/// <param name="Levels">Levels kept as indicators; others read as the reference.</param>
public sealed record CategoricalColumn(string Name, IReadOnlyList<string> Levels);

/// <summary>Builds a numeric dataset from a table, with errors naming the file, line and column of a bad value.</summary>
public static class TabularLoader
{
    /// <summary>Fits the encoder (categorical levels from this table) and encodes the table.</summary>
    public static Dataset Load(CsvTable table, TabularSpec spec, string name) => FitEncoder(table, spec).Encode(table, name, spec?.GroupColumn, outcomeValue: spec?.OutcomeValue);

    /// <summary>
    /// The encoder for a table: the most frequent <see cref="TabularSpec.MaxLevels"/> levels of each categorical column.
    /// A saved encoder knows the outcome only as a number or one <paramref name="positiveValue"/>, not the spec's mapping function.
    /// </summary>
    public static FeatureEncoder FitEncoder(CsvTable table, TabularSpec spec, string? positiveValue = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(spec);
        var categorical = spec.Categorical.Select(c =>
        {
            var col = table.Column(c);
            var levels = table.Rows.Select(r => r[col])
                .GroupBy(v => v, StringComparer.Ordinal)
                .OrderByDescending(g => g.Count())
                .ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => g.Key)
                .Take(spec.MaxLevels)
                .ToArray();
            return new CategoricalColumn(c, levels);
        }).ToArray();
        return new FeatureEncoder(spec.Outcome, positiveValue, spec.Numeric, categorical, [.. spec.MissingTokens]);
    }

    /// <summary>
    /// A spec for a table whose columns are not described: every column except the outcome and
    /// <paramref name="exclude"/> is numeric when all its non-missing values are numbers, otherwise categorical.
    /// </summary>
    public static TabularSpec Infer(CsvTable table, string outcome, IReadOnlyCollection<string>? exclude = null, IReadOnlySet<string>? missingTokens = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        table.Column(outcome);
        var missing = missingTokens ?? new HashSet<string>(["", "NA", "?", "NaN"], StringComparer.Ordinal);
        var numeric = new List<string>();
        var categorical = new List<string>();
        foreach (var (name, i) in table.Header.Select((h, i) => (h, i)))
        {
            if (name == outcome || (exclude?.Contains(name) ?? false) || name.Length == 0)
                continue;
            var isNumber = table.Rows.All(r => missing.Contains(r[i]) || double.TryParse(r[i], NumberStyles.Float, CultureInfo.InvariantCulture, out _));
            (isNumber ? numeric : categorical).Add(name);
        }

        return new TabularSpec(outcome, null, numeric, categorical, missing);
    }
}

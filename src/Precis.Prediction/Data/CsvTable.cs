using System.Globalization;
using System.Text;
using Precis.Core;

namespace Precis.Prediction.Data;

/// <summary>
/// A delimited text table with a header row, read strictly: RFC 4180 quoting, every row with the header's field
/// count, and errors that name the file, line and column. Used for training and validation datasets.
/// </summary>
public sealed class CsvTable
{
    /// <summary>Largest table accepted (bytes), so a wrong file cannot exhaust memory.</summary>
    public const long MaxBytes = 512L * 1024 * 1024;

    /// <summary>Most columns accepted.</summary>
    public const int MaxColumns = 10_000;

    private readonly Dictionary<string, int> _index;

    private CsvTable(string file, IReadOnlyList<string> header, List<string[]> rows, List<long> lines)
    {
        File = file;
        Header = header;
        Rows = rows;
        LineNumbers = lines;
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Count; i++)
            _index.TryAdd(header[i], i);
    }

    /// <summary>The file the table was read from, for messages.</summary>
    public string File { get; }

    public IReadOnlyList<string> Header { get; }

    public IReadOnlyList<string[]> Rows { get; }

    /// <summary>The 1-based line on which each row starts.</summary>
    public IReadOnlyList<long> LineNumbers { get; }

    /// <summary>The index of a column, or an <see cref="InputException"/> naming the columns that exist.</summary>
    public int Column(string name) => _index.TryGetValue(name, out var i)
        ? i
        : throw new InputException(new InputError(File, 1, null, name, "column not found", "columns are: " + string.Join(", ", Header.Take(40))));

    public bool HasColumn(string name) => _index.ContainsKey(name);

    /// <summary>Reads a file (comma-separated unless <paramref name="separator"/> says otherwise).</summary>
    public static CsvTable ReadFile(string path, char separator = ',', bool hasHeader = true)
    {
        using var stream = InputFiles.OpenForReading(path);
        if (stream.Length > MaxBytes)
            throw new InputException(new InputError(path, null, null, null, $"file is larger than the {MaxBytes / (1024 * 1024)} MiB limit for a table"));
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Read(reader, path, separator, hasHeader);
    }

    /// <summary>Reads from a text reader; <paramref name="file"/> names the source in errors.</summary>
    public static CsvTable Read(TextReader reader, string file, char separator = ',', bool hasHeader = true)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var rows = new List<string[]>();
        var lines = new List<long>();
        string[]? header = null;
        long line = 0;
        var fields = new List<string>();
        var sb = new StringBuilder();
        while (true)
        {
            var text = reader.ReadLine();
            if (text is null)
                break;
            line++;
            var start = line;
            if (text.Length == 0)
                continue;
            fields.Clear();
            sb.Clear();
            var inQuotes = false;
            var i = 0;
            while (true)
            {
                if (i == text.Length)
                {
                    if (inQuotes)
                    {
                        // A quoted field may span lines.
                        var next = reader.ReadLine() ?? throw new InputException(new InputError(file, start, fields.Count + 1, null, "quoted field is not closed before the end of the file"));
                        line++;
                        sb.Append('\n');
                        text = next;
                        i = 0;
                        continue;
                    }

                    fields.Add(sb.ToString());
                    break;
                }

                var c = text[i];
                if (inQuotes)
                {
                    if (c == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            sb.Append('"');
                            i += 2;
                            continue;
                        }

                        inQuotes = false;
                    }
                    else
                    {
                        sb.Append(c);
                    }
                }
                else if (c == '"' && sb.Length == 0)
                {
                    inQuotes = true;
                }
                else if (c == separator)
                {
                    fields.Add(sb.ToString());
                    sb.Clear();
                    if (fields.Count > MaxColumns)
                        throw new InputException(new InputError(file, start, fields.Count, null, $"more than {MaxColumns} columns"));
                }
                else
                {
                    sb.Append(c);
                }

                i++;
            }

            if (header is null)
            {
                if (hasHeader)
                {
                    header = [.. fields.Select(f => f.Trim())];
                    continue;
                }

                header = [.. Enumerable.Range(1, fields.Count).Select(k => "V" + k.ToString(CultureInfo.InvariantCulture))];
            }

            if (fields.Count != header.Length)
            {
                throw new InputException(new InputError(file, start, null, null,
                    $"row has {fields.Count} fields but the header has {header.Length}", "every row needs one value per column (use an empty field for a missing value)"));
            }

            rows.Add([.. fields]);
            lines.Add(start);
        }

        if (header is null)
            throw new InputException(new InputError(file, null, null, null, "the table is empty"));
        return new CsvTable(file, header, rows, lines);
    }
}

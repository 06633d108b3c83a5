using System.Text.Json;
using Precis.Testing;

namespace Precis.Cli.Tests;

public class KbCommandTests
{
    [Fact]
    public void Kb_list_prints_each_source_with_version_date_licence_and_entry_counts()
    {
        var (exit, output, _) = CliRunner.Run("kb", "list");

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.StartsWith("ID", output, StringComparison.Ordinal);
        Assert.Matches(@"precis-glossary\s+\S+\s+\d{4}-\d{2}-\d{2}\s+Apache-2\.0\s+plans\s+terms=\d+\s+embedded", output);
    }

    [Fact]
    public void Kb_list_as_json_is_machine_readable()
    {
        var (exit, output, _) = CliRunner.Run("kb", "list", "--format", "json");

        Assert.Equal(ExitCodes.Ok, exit);
        using var doc = JsonDocument.Parse(output);
        var glossary = doc.RootElement.EnumerateArray().Single(e => e.GetProperty("id").GetString() == "precis-glossary");
        Assert.True(glossary.GetProperty("entries").GetProperty("terms").GetInt32() >= 20);
    }

    [Fact]
    public void Kb_validate_reports_each_problem_with_its_json_path_and_exits_1()
    {
        var path = Path.Combine(TestPaths.TempDir(), "bad.kb.json");
        File.WriteAllText(path, """
            { "id": "x", "title": "X", "version": "1", "date": "2026-01-01", "licence": "CC0-1.0", "area": "test",
              "citations": [ { "id": "c", "title": "C" } ],
              "entries": { "rules": [ { "name": "uncited" } ] } }
            """);

        var (exit, _, err) = CliRunner.Run("kb", "validate", path);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains($"{path}: $.entries.rules[0]: entry has no citations", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Kb_validate_accepts_a_valid_file_and_summarises_it()
    {
        var path = Path.Combine(TestPaths.TempDir(), "ok.kb.json");
        File.WriteAllText(path, """
            { "id": "x", "title": "X", "version": "1", "date": "2026-01-01", "licence": "CC0-1.0", "area": "test",
              "citations": [ { "id": "c", "title": "C" } ],
              "entries": { "rules": [ { "name": "cited", "citations": ["c"] } ] } }
            """);

        var (exit, output, _) = CliRunner.Run("kb", "validate", path);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("valid — x 1 (2026-01-01, CC0-1.0); 1 rules", output, StringComparison.Ordinal);
    }
}

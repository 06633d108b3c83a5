using System.Text;
using Precis.Testing;

namespace Precis.Knowledge.Tests;

public class KnowledgeFileTests
{
    private const string Valid = """
        {
          "id": "test-kb", "title": "Test", "version": "1.0", "date": "2026-01-31", "licence": "CC0-1.0", "area": "pharmacogenomics",
          "citations": [ { "id": "c1", "title": "A guideline", "year": 2020 } ],
          "entries": { "rules": [ { "name": "r1", "citations": ["c1"] }, { "name": "r2", "citations": ["c1"] } ], "drugs": [] }
        }
        """;

    private static Precis.Core.Result<KnowledgeBase> Load(string json) =>
        KnowledgeFile.Load(new MemoryStream(Encoding.UTF8.GetBytes(json)), "test.kb.json", "test");

    [Fact]
    public void A_valid_file_loads_with_its_header_and_entry_counts()
    {
        var kb = Load(Valid).GetValueOrThrow();

        Assert.Equal("test-kb", kb.Source.Id);
        Assert.Equal("1.0", kb.Source.Version);
        Assert.Equal("CC0-1.0", kb.Source.Licence);
        Assert.Equal(2, kb.Source.EntryCounts["rules"]);
        Assert.Equal(0, kb.Source.EntryCounts["drugs"]);
        Assert.Equal("A guideline", Assert.Single(kb.CitationsOf(kb.EntriesOf("rules").First())).Title);
    }

    [Fact]
    public void An_entry_without_citations_is_refused_with_its_json_path()
    {
        var result = Load(Valid.Replace("{ \"name\": \"r2\", \"citations\": [\"c1\"] }", "{ \"name\": \"r2\" }", StringComparison.Ordinal));

        var error = Assert.Single(result.Errors);
        Assert.Equal("$.entries.rules[1]", error.Field);
        Assert.Equal("entry has no citations", error.Reason);
    }

    [Fact]
    public void An_entry_citing_an_unknown_citation_is_refused()
    {
        var result = Load(Valid.Replace("\"name\": \"r1\", \"citations\": [\"c1\"]", "\"name\": \"r1\", \"citations\": [\"c9\"]", StringComparison.Ordinal));

        var error = Assert.Single(result.Errors);
        Assert.Equal("$.entries.rules[0].citations", error.Field);
        Assert.Contains("c9", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_date_that_is_not_iso_is_refused()
    {
        var result = Load(Valid.Replace("2026-01-31", "31/01/2026", StringComparison.Ordinal));

        Assert.Equal("$.date", Assert.Single(result.Errors).Field);
    }

    [Fact]
    public void Missing_header_fields_are_each_reported()
    {
        var result = Load("""{ "citations": [], "entries": {} }""");

        Assert.Equal(
            ["$.id", "$.title", "$.version", "$.date", "$.licence", "$.area"],
            result.Errors.Select(e => e.Field));
    }

    [Fact]
    public void Garbled_json_is_reported_with_its_line_number()
    {
        var result = Load("{\n  \"id\": \"x\",\n  \"title\": oops\n}");

        var error = Assert.Single(result.Errors);
        Assert.Equal(3, error.Line);
        Assert.StartsWith("not valid JSON", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_embedded_catalog_lists_the_glossary_with_version_licence_and_term_count()
    {
        var catalog = KnowledgeCatalog.Embedded();

        var glossary = catalog.Find("precis-glossary");
        Assert.NotNull(glossary);
        Assert.Equal("Apache-2.0", glossary.Source.Licence);
        Assert.Equal("embedded", glossary.Source.Origin);
        Assert.True(glossary.Source.EntryCounts["terms"] >= 20);
        Assert.Contains(catalog.Versions, v => v.Id == "precis-glossary" && v.Version == glossary.Source.Version);
    }

    [Fact]
    public void Every_embedded_knowledge_base_has_a_licence_date_and_citations_for_every_entry()
    {
        // Loading validates every entry's citations; this asserts the catalog is non-empty and well-formed.
        var catalog = KnowledgeCatalog.Embedded();

        Assert.NotEmpty(catalog.Bases);
        Assert.All(catalog.Bases, b =>
        {
            Assert.False(string.IsNullOrWhiteSpace(b.Source.Licence));
            Assert.NotEmpty(b.Source.Citations);
            Assert.True(DateOnly.TryParse(b.Source.Date, System.Globalization.CultureInfo.InvariantCulture, out _));
        });
    }

    [Fact]
    public void A_knowledge_directory_overrides_an_embedded_base_with_the_same_id()
    {
        var dir = TestPaths.TempDir();
        File.WriteAllText(Path.Combine(dir, "glossary.kb.json"), Valid.Replace("\"test-kb\"", "\"precis-glossary\"", StringComparison.Ordinal).Replace("\"1.0\"", "\"9.9\"", StringComparison.Ordinal));

        var catalog = KnowledgeCatalog.Create(dir);

        var glossary = catalog.Find("precis-glossary")!;
        Assert.Equal("9.9", glossary.Source.Version);
        Assert.Equal(Path.Combine(dir, "glossary.kb.json"), glossary.Source.Origin);
    }
}

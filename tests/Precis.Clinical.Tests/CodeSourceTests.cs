using System.Text.Json;
using Precis.Clinical.Export;
using Precis.Testing;

namespace Precis.Clinical.Tests;

/// <summary>
/// The codes Precis ships (HGNC ids, RefSeq chromosome accessions, RxNorm ingredient RxCUIs) checked against the
/// source files in ../shared/data, so a mistyped code fails a test instead of reaching a FHIR export.
/// </summary>
public class CodeSourceTests
{
    /// <summary>A table of the CPIC database dump (<c>COPY name (cols) FROM stdin;</c> … <c>\.</c>) as rows of named columns.</summary>
    private static List<Dictionary<string, string>> CpicTable(string table)
    {
        var lines = File.ReadAllLines(TestPaths.Shared("pgx/cpic/V2__initial_data.sql"));
        var start = Array.FindIndex(lines, l => l.StartsWith($"COPY {table} (", StringComparison.Ordinal));
        Assert.True(start >= 0, $"table {table} not in the CPIC dump");
        var header = lines[start];
        var columns = header[(header.IndexOf('(', StringComparison.Ordinal) + 1)..header.IndexOf(')', StringComparison.Ordinal)].Split(", ");
        return [.. lines.Skip(start + 1).TakeWhile(l => l != "\\.").Select(l => columns.Zip(l.Split('\t')).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal))];
    }

    [SkippableFact]
    public void Every_HGNC_id_of_the_exporter_is_the_CPIC_gene_tables_id_for_that_symbol()
    {
        var cpic = CpicTable("gene").ToDictionary(r => r["symbol"], r => r["hgncid"], StringComparer.Ordinal);
        Assert.Equal(17, GenomicsReportExporter.HgncIds.Count);
        Assert.False(GenomicsReportExporter.HgncIds.ContainsKey("DPYD"));   // sources disagree (see the exporter); sent as the symbol only
        Assert.All(GenomicsReportExporter.HgncIds, kv =>
        {
            Assert.True(cpic.ContainsKey(kv.Key), $"{kv.Key} is not in the CPIC gene table, so its HGNC id has no source");
            Assert.Equal(cpic[kv.Key], kv.Value);
        });
    }

    [SkippableFact]
    public void Every_RefSeq_chromosome_accession_matches_PharmCATs_build_mapping()
    {
        var mapping = File.ReadAllLines(TestPaths.Shared("pgx/pharmcat/definition/chr_build_mapping.tsv"))
            .Select(l => l.Split('\t')).Where(f => f[0] is "b37" or "b38")
            .ToDictionary(f => (f[0] == "b37" ? "GRCh37" : "GRCh38", f[1]), f => f[3]);
        Assert.Equal(50, mapping.Count);
        Assert.Equal(mapping.OrderBy(kv => kv.Key), GenomicsReportExporter.RefSeqChromosomes.OrderBy(kv => kv.Key));

        // And the CPIC gene table's chromosome accession (GRCh38) for each gene agrees too.
        foreach (var row in CpicTable("gene").Where(r => r["chromosequenceid"].StartsWith("NC_", StringComparison.Ordinal) && r["chr"].StartsWith("chr", StringComparison.Ordinal)))
            Assert.Equal(row["chromosequenceid"], GenomicsReportExporter.RefSeqChromosomes[("GRCh38", row["chr"][3..] is "M" ? "MT" : row["chr"][3..])]);
    }

    private static JsonElement RxNormKb()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "src/Precis.Knowledge/Data/precis-rxnorm-ingredients.kb.json")));
        return doc.RootElement.Clone();
    }

    /// <summary>RxNorm (code, display) pairs of every MedicationRequest/MedicationStatement in the 30 Synthea bundles and the demo bundle.</summary>
    private static HashSet<(string Code, string Display)> RecordCodings()
    {
        var files = Directory.GetFiles(TestPaths.Shared("clinical/fhir-r4/synthea"), "*.json").Append(Path.Combine(TestPaths.RepoRoot, "samples/demo/demo.fhir.json"));
        var set = new HashSet<(string, string)>();
        foreach (var f in files)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(f));
            foreach (var e in doc.RootElement.GetProperty("entry").EnumerateArray())
            {
                var r = e.GetProperty("resource");
                if (r.GetProperty("resourceType").GetString() is not ("MedicationRequest" or "MedicationStatement") || !r.TryGetProperty("medicationCodeableConcept", out var mcc))
                    continue;
                foreach (var c in mcc.GetProperty("coding").EnumerateArray())
                {
                    if (c.GetProperty("system").GetString() == "http://www.nlm.nih.gov/research/umls/rxnorm")
                        set.Add((c.GetProperty("code").GetString()!, c.TryGetProperty("display", out var d) ? d.GetString()! : ""));
                }
            }
        }

        return set;
    }

    [SkippableFact]
    public void Every_shipped_ingredient_RxCUI_is_the_one_its_named_source_gives_and_every_null_has_no_source()
    {
        var cpic = CpicTable("drug").Where(r => r["rxnormid"] is { Length: > 0 } id && id != "\\N").ToDictionary(r => r["name"].ToLowerInvariant(), r => r["rxnormid"], StringComparer.Ordinal);
        var records = RecordCodings();
        var checkedCodes = 0;
        foreach (var i in RxNormKb().GetProperty("entries").GetProperty("ingredients").EnumerateArray())
        {
            var name = i.GetProperty("name").GetString()!;
            var fromCpic = cpic.GetValueOrDefault(name.ToLowerInvariant());
            var fromRecords = records.Where(r => string.Equals(r.Display, name, StringComparison.OrdinalIgnoreCase)).Select(r => r.Code).FirstOrDefault();
            var expected = fromCpic ?? fromRecords;
            var shipped = i.GetProperty("rxcui").ValueKind == JsonValueKind.String ? i.GetProperty("rxcui").GetString() : null;
            Assert.True(expected == shipped, $"{name}: the knowledge base says {shipped ?? "null"}, the sources say {expected ?? "nothing"}");
            if (shipped is null)
                Assert.Contains("no source", i.GetProperty("rxcuiNote").GetString(), StringComparison.Ordinal);
            else
                checkedCodes++;
        }

        Assert.Equal(32, checkedCodes);   // 31 from the CPIC drug table, remifentanil from a Synthea ingredient-level order
    }

    [SkippableFact]
    public void Every_clinical_drug_display_in_the_records_names_the_ingredients_the_table_gives_it()
    {
        // The has_ingredient transcription checked against the drug names the records carry: each ingredient must be
        // named in the clinical drug's display (salt forms and RxNorm's word order aside).
        var aliases = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["insulin isophane, human"] = ["isophane"],
            ["insulin regular, human"] = ["regular insulin, human", "insulin regular"],
            ["penicillin V"] = ["penicillin v"],
            ["simvastatin"] = ["simvastatin", "simvistatin"],   // the known Synthea misspelling, flagged by the record builder
            ["furosemide"] = ["furosemide", "lasix"],   // the demo record writes the brand name
            ["alendronate"] = ["alendronate", "alendronic acid"],
            ["cyanocobalamin"] = ["cyanocobalamin", "vitamin b 12"],
        };

        // Brand-name packs and devices whose display names no ingredient ("Yaz 28 Day Pack"): their ingredients are
        // RxNorm's has_ingredient as transcribed, with no source here to check them against; listed so any other
        // mismatch fails.
        string[] brandOnly = ["748856", "748879", "748962", "749762", "749882", "751905", "807283", "831533", "1367439", "1605257"];
        var unchecked_ = new List<string>();
        var displays = RecordCodings().GroupBy(c => c.Code).ToDictionary(g => g.Key, g => g.Select(c => c.Display.ToLowerInvariant()).ToList(), StringComparer.Ordinal);
        var drugs = RxNormKb().GetProperty("entries").GetProperty("drugs").EnumerateArray().ToList();
        Assert.Equal(88, drugs.Count);
        foreach (var d in drugs)
        {
            var code = d.GetProperty("rxcui").GetString()!;
            Assert.True(displays.ContainsKey(code), $"{code} is not used by any record, so nothing backs its entry");
            if (brandOnly.Contains(code))
            {
                unchecked_.Add(code);
                Assert.DoesNotContain(d.GetProperty("ingredients").EnumerateArray(), i => displays[code].Any(t => t.Contains(i.GetProperty("name").GetString()!, StringComparison.OrdinalIgnoreCase)));
                continue;
            }

            foreach (var ingredient in d.GetProperty("ingredients").EnumerateArray().Select(i => i.GetProperty("name").GetString()!))
            {
                var names = aliases.GetValueOrDefault(ingredient, [ingredient.ToLowerInvariant()]);
                Assert.True(displays[code].Any(text => names.Any(n => text.Contains(n, StringComparison.Ordinal))),
                    $"RxNorm {code} ('{string.Join("' / '", displays[code])}') does not name its ingredient {ingredient}");
            }
        }

        Assert.Equal(brandOnly, unchecked_);
    }
}

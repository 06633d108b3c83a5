using System.Text;
using System.Text.Json;
using Precis.Core;
using Precis.Pharmacogenomics.Phenotypes;
using Precis.Pharmacogenomics.Recommendations;

namespace Precis.Pharmacogenomics.Knowledge;

/// <summary>Where the PharmCAT/CPIC source files are, for <see cref="PgxKnowledgeBuilder"/>.</summary>
/// <param name="DefinitionDir">Folder of <c>*_translation.json</c> and <c>exemptions.json</c>.</param>
/// <param name="PhenotypeDir">Folder of PharmCAT phenotype files (<c>GENE.json</c>).</param>
/// <param name="LegacyPhenotypeDir">Optional folder of older phenotype files (<c>GENE.vX.Y.Z.json</c>) for genes absent from <paramref name="PhenotypeDir"/>.</param>
/// <param name="GuidelineDir">Folder of PharmCAT guideline annotation files (<c>CPIC_*.json</c>, <c>DPWG_*.json</c>).</param>
/// <param name="CpicSeedSql">CPIC database seed (<c>V2__initial_data.sql</c>) for drug RxNorm ids.</param>
public sealed record PgxSourcePaths(string DefinitionDir, string PhenotypeDir, string? LegacyPhenotypeDir, string GuidelineDir, string CpicSeedSql)
{
    /// <summary>The layout of <c>data/pgx</c> in the shared test data (PharmCAT files under <c>pharmcat/</c>).</summary>
    public static PgxSourcePaths FromStagedData(string pgxDir) => new(
        Path.Combine(pgxDir, "pharmcat", "definition"),
        Path.Combine(pgxDir, "pharmcat", "phenotype"),
        Path.Combine(pgxDir, "pharmcat", "phenotype_legacy"),
        Path.Combine(pgxDir, "pharmcat", "guidelines_v2.12.0"),
        Path.Combine(pgxDir, "cpic", "V2__initial_data.sql"));
}

/// <summary>
/// Builds the project's own pharmacogenomic knowledge bases from PharmCAT/CPIC source files: one CC0 base
/// (CPIC allele definitions, functions, phenotype rules, CPIC recommendations, drugs) and one CC BY-SA 4.0
/// base (DPWG recommendations and ClinPGx-only gene definitions), every entry citing its sources.
/// Output is deterministic: the same inputs give the same bytes.
/// </summary>
public static class PgxKnowledgeBuilder
{
    /// <summary>Genes whose definitions come from ClinPGx rather than CPIC (CC BY-SA 4.0), so they go in the DPWG/ClinPGx base.</summary>
    public static readonly IReadOnlySet<string> ClinPgxOnlyGenes = new HashSet<string>(StringComparer.Ordinal) { "CYP3A4" };

    /// <summary>
    /// Drugs that guideline texts name as alternatives but that have no guideline of their own (so they are absent
    /// from the CPIC drug table); vocabulary only, used to list alternatives.
    /// </summary>
    private static readonly string[] ExtraDrugNames =
    [
        "prasugrel", "ticagrelor", "dipyridamole", "acetylsalicylic acid", "aspirin", "bisoprolol", "amiodarone",
        "sotalol", "disopyramide", "verapamil", "moclobemide", "clonidine", "atenolol", "paliperidone",
        "eslicarbazepine", "ticlopidine", "ranolazine", "granisetron", "ketorolac", "naproxen", "sulindac",
        "flupentixol", "penfluridol",
    ];

    /// <summary>Genes PharmVar curates (star-allele nomenclature authority).</summary>
    private static readonly HashSet<string> PharmVarGenes = new(StringComparer.Ordinal)
    {
        "CYP2B6", "CYP2C19", "CYP2C9", "CYP2D6", "CYP3A4", "CYP3A5", "CYP4F2", "DPYD", "NUDT15", "SLCO1B1",
    };

    /// <summary>The two knowledge files as JSON text.</summary>
    /// <param name="Cpic">precis-pgx-cpic.kb.json (CC0-1.0).</param>
    /// <param name="Dpwg">precis-pgx-dpwg.kb.json (CC-BY-SA-4.0).</param>
    public sealed record Output(string Cpic, string Dpwg);

    public static Output Build(PgxSourcePaths paths, string version, string date)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var exemptionsPath = Path.Combine(paths.DefinitionDir, "exemptions.json");
        var exemptions = PharmcatImporter.ReadExemptions(exemptionsPath);
        var definitionFiles = Directory.Exists(paths.DefinitionDir)
            ? Directory.GetFiles(paths.DefinitionDir, "*_translation.json").OrderBy(f => f, StringComparer.Ordinal).ToList()
            : throw new InputException(new InputError(paths.DefinitionDir, null, null, null, "definition folder not found"));
        if (definitionFiles.Count == 0)
            throw new InputException(new InputError(paths.DefinitionDir, null, null, null, "no *_translation.json allele definition files"));

        var definitions = definitionFiles.Select(f => PharmcatImporter.ReadDefinition(f, exemptions)).ToDictionary(d => d.Gene, StringComparer.Ordinal);
        var phenotypes = new Dictionary<string, (GenePhenotypes P, string File)>(StringComparer.Ordinal);
        foreach (var f in Directory.GetFiles(paths.PhenotypeDir, "*.json").OrderBy(f => f, StringComparer.Ordinal))
        {
            var p = PharmcatImporter.ReadPhenotypes(f);
            phenotypes[p.Gene] = (p, "phenotype/" + Path.GetFileName(f));
        }

        if (paths.LegacyPhenotypeDir is { } legacy && Directory.Exists(legacy))
        {
            foreach (var f in Directory.GetFiles(legacy, "*.v*.json").OrderBy(f => f, StringComparer.Ordinal))
            {
                var p = PharmcatImporter.ReadPhenotypes(f);
                phenotypes.TryAdd(p.Gene, (p, "phenotype_legacy/" + Path.GetFileName(f)));
            }
        }

        var rxnorm = PharmcatImporter.ReadCpicDrugRxNorm(paths.CpicSeedSql);
        var guidelineFiles = Directory.GetFiles(paths.GuidelineDir, "*.json").OrderBy(f => f, StringComparer.Ordinal).ToList();
        var knownDrugs = rxnorm.Keys.Select(k => k.ToLowerInvariant()).Concat(ExtraDrugNames).ToHashSet(StringComparer.Ordinal);
        var guidelines = guidelineFiles.Select(f => PharmcatImporter.ReadGuideline(f, [])).ToList();
        knownDrugs.UnionWith(guidelines.SelectMany(g => g.Drugs));
        guidelines = [.. guidelineFiles.Select(f => PharmcatImporter.ReadGuideline(f, knownDrugs))];

        var cpic = new KbWriter("precis-pgx-cpic", "Precis pharmacogenomics knowledge: CPIC allele definitions, functions, phenotypes and recommendations",
            version, date, "CC0-1.0",
            "Transcribed from CPIC data (CC0 1.0) as bundled by PharmCAT 3.1.1 (definitions 2025-11-05; guideline annotations 2024-03-25) and the CPIC database seed 1.56.0. Summaries are written by the Precis contributors.",
            "https://cpicpgx.org/guidelines/");
        var dpwg = new KbWriter("precis-pgx-dpwg", "Precis pharmacogenomics knowledge: DPWG recommendations and ClinPGx allele definitions",
            version, date, "CC-BY-SA-4.0",
            "Contains DPWG guideline annotations and allele definitions from ClinPGx (PharmGKB), licensed CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/); adapted (HTML removed, summaries added) by the Precis contributors and shared under the same licence.",
            "https://www.clinpgx.org/");
        foreach (var w in new[] { cpic, dpwg })
        {
            w.Cite("pharmcat", "PharmCAT: a pharmacogenomics clinical annotation tool (Sangkuhl et al., Clin Pharmacol Ther 2020;107:203-210), data bundled with release 3.1.1", "https://pharmcat.clinpgx.org/", "PharmGKB/ClinPGx", 2020);
            w.Cite("pharmvar", "Pharmacogene Variation Consortium (PharmVar) allele definitions (Gaedigk et al., Clin Pharmacol Ther 2018;103:399-401)", "https://www.pharmvar.org/", "PharmVar", 2018);
            w.Cite("amp-minimum-panels", "AMP Pharmacogenomics Working Group recommendations for clinical pharmacogenomic genotyping allele selection (tier 1 alleles; Pratt et al., J Mol Diagn 2018-2023)", "https://www.amp.org/", "Association for Molecular Pathology", 2023);
        }

        cpic.Cite("cpic-gene-tables", "CPIC gene resources: allele definition, allele functionality and diplotype-phenotype tables", "https://cpicpgx.org/genes-drugs/", "CPIC", 2025);
        cpic.Cite("cpic-terms", "Standardizing terms for clinical pharmacogenetic test results: consensus terms from CPIC (Caudle et al., Genet Med 2017;19:215-223)", "https://pubmed.ncbi.nlm.nih.gov/27441996/", "CPIC", 2017);
        cpic.Cite("cpic-database", "CPIC database release 1.56.0 (drug table with RxNorm identifiers)", "https://github.com/cpicpgx/cpic-data", "CPIC", 2026);
        dpwg.Cite("clinpgx", "ClinPGx (PharmGKB) guideline annotations and allele definitions, CC BY-SA 4.0", "https://www.clinpgx.org/", "ClinPGx", 2024);

        // Genes: CPIC definitions + phenotypes in the CC0 base; ClinPGx-only genes in the CC BY-SA base.
        foreach (var gene in definitions.Keys.Union(phenotypes.Keys).OrderBy(g => g, StringComparer.Ordinal))
        {
            definitions.TryGetValue(gene, out var def);
            var hasPhen = phenotypes.TryGetValue(gene, out var phen);
            var clinPgx = ClinPgxOnlyGenes.Contains(gene);
            var w = clinPgx ? dpwg : cpic;
            var cites = new List<string> { "pharmcat" };
            if (PharmVarGenes.Contains(gene))
                cites.Add("pharmvar");
            cites.Add(clinPgx ? "clinpgx" : "cpic-gene-tables");
            if (def is { Amp1Alleles.Count: > 0 })
                cites.Add("amp-minimum-panels");
            if (hasPhen && !clinPgx)
                cites.Add("cpic-terms");
            w.Add("genes", new GeneEntry(gene, def, hasPhen ? phen.P : null, cites));
        }

        // Recommendations, with their guideline's publications as citations.
        var drugGuidelines = new SortedDictionary<string, (SortedSet<string> Ids, SortedSet<string> Genes, string Source)>(StringComparer.Ordinal);
        foreach (var g in guidelines)
        {
            var w = g.Source == "DPWG" ? dpwg : cpic;
            var pubIds = new List<string>();
            foreach (var p in g.Publications)
            {
                var id = "pmid:" + p.Pmid;
                w.Cite(id, p.Title, $"https://pubmed.ncbi.nlm.nih.gov/{p.Pmid}/", p.Journal, p.Year);
                pubIds.Add(id);
            }

            var guideCite = "guideline:" + g.Id;
            w.Cite(guideCite, g.Name, g.Url, g.Source, null);
            pubIds.Insert(0, guideCite);
            if (g.Source == "DPWG")
                pubIds.Add("clinpgx");
            foreach (var r in g.Recommendations.OrderBy(r => r.Id, StringComparer.Ordinal))
                w.Add("recommendations", r with { Citations = pubIds });
            foreach (var d in g.Drugs)
            {
                if (!drugGuidelines.TryGetValue(d, out var entry))
                    drugGuidelines[d] = entry = (new SortedSet<string>(StringComparer.Ordinal), new SortedSet<string>(StringComparer.Ordinal), g.Source);
                entry.Ids.Add(g.Id);
                foreach (var gene in g.Genes)
                    entry.Genes.Add(gene);
            }
        }

        foreach (var (drug, (ids, genes, _)) in drugGuidelines)
        {
            rxnorm.TryGetValue(drug, out var code);
            cpic.Add("drugs", new DrugEntry(drug, code, [.. ids], [.. genes], code is null ? ["pharmcat"] : ["cpic-database", "pharmcat"]));
        }

        return new Output(cpic.ToJson(), dpwg.ToJson());
    }

    /// <summary>Writes a *.kb.json with one entry per line, so diffs of regenerated files stay readable.</summary>
    private sealed class KbWriter(string id, string title, string version, string date, string licence, string attribution, string url)
    {
        private readonly SortedDictionary<string, Citation> _citations = new(StringComparer.Ordinal);
        private readonly SortedDictionary<string, List<string>> _entries = new(StringComparer.Ordinal);

        public void Cite(string cid, string ctitle, string? curl, string? publisher, int? year) =>
            _citations.TryAdd(cid, new Citation(cid, ctitle, curl is null ? null : new Uri(curl), publisher, year));

        public void Add<T>(string kind, T entry)
        {
            if (!_entries.TryGetValue(kind, out var list))
                _entries[kind] = list = [];
            list.Add(JsonSerializer.Serialize(entry, PgxKnowledge.Json));
        }

        public string ToJson()
        {
            var sb = new StringBuilder();
            sb.Append("{\n");
            void Field(string name, string value) => sb.Append("  ").Append(JsonSerializer.Serialize(name)).Append(": ").Append(JsonSerializer.Serialize(value)).Append(",\n");
            Field("id", id);
            Field("title", title);
            Field("version", version);
            Field("date", date);
            Field("licence", licence);
            Field("area", "pharmacogenomics");
            Field("attribution", attribution);
            Field("url", url);
            sb.Append("  \"citations\": [\n");
            sb.Append(string.Join(",\n", _citations.Values.Select(c =>
            {
                var o = new SortedDictionary<string, object?>(StringComparer.Ordinal) { ["id"] = c.Id, ["title"] = c.Title };
                if (c.Url is not null)
                    o["url"] = c.Url.ToString();
                if (c.Publisher is not null)
                    o["publisher"] = c.Publisher;
                if (c.Year is not null)
                    o["year"] = c.Year;
                return "    " + JsonSerializer.Serialize(o);
            })));
            sb.Append("\n  ],\n  \"entries\": {\n");
            sb.Append(string.Join(",\n", _entries.Select(kv =>
                "    " + JsonSerializer.Serialize(kv.Key) + ": [\n" + string.Join(",\n", kv.Value.Select(e => "      " + e)) + "\n    ]")));
            sb.Append("\n  }\n}\n");
            return sb.ToString();
        }
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;
using Precis.Core;
using Precis.Knowledge;
using Precis.Pharmacogenomics.Definitions;
using Precis.Pharmacogenomics.Phenoconversion;
using Precis.Pharmacogenomics.Phenotypes;
using Precis.Pharmacogenomics.Recommendations;

namespace Precis.Pharmacogenomics.Knowledge;

/// <summary>One gene of the knowledge base: allele definitions (null for outside-call-only genes) and phenotype rules.</summary>
/// <param name="Gene">HGNC symbol.</param>
/// <param name="Definition">Allele definitions, or null when the gene is only reported through outside calls (MT-RNR1).</param>
/// <param name="Phenotypes">Allele functions and phenotype rules, or null when the source has none (CYP4F2).</param>
/// <param name="Citations">Citation ids of the knowledge base header.</param>
public sealed record GeneEntry(string Gene, GeneDefinition? Definition, GenePhenotypes? Phenotypes, IReadOnlyList<string> Citations);

/// <summary>
/// The pharmacogenomic knowledge the engine runs on, read from every <c>precis-pgx-*</c> knowledge base in a
/// catalog (embedded CPIC and DPWG bases by default, or imported replacements). Typed access by gene and drug.
/// </summary>
public sealed class PgxKnowledge
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
    };

    private readonly Dictionary<string, GeneEntry> _genes;
    private readonly Dictionary<string, DrugEntry> _drugs;

    public PgxKnowledge(IEnumerable<KnowledgeBase> bases)
    {
        ArgumentNullException.ThrowIfNull(bases);
        _genes = new(StringComparer.OrdinalIgnoreCase);
        _drugs = new(StringComparer.OrdinalIgnoreCase);
        var recs = new List<(GuidelineRecommendation Rec, KnowledgeBase Base)>();
        var sources = new List<KnowledgeSource>();
        foreach (var kb in bases.Where(b => b.Source.Id.StartsWith("precis-pgx", StringComparison.Ordinal)))
        {
            sources.Add(kb.Source);
            foreach (var e in kb.EntriesOf("genes"))
            {
                var g = e.Deserialize<GeneEntry>(Json) ?? throw new InvalidOperationException($"{kb.Source.Id}: null gene entry");
                // A gene may come in two bases (definitions in one, phenotypes in another); merge rather than replace.
                _genes[g.Gene] = _genes.TryGetValue(g.Gene, out var prior)
                    ? prior with { Definition = g.Definition ?? prior.Definition, Phenotypes = g.Phenotypes ?? prior.Phenotypes, Citations = [.. prior.Citations.Union(g.Citations)] }
                    : g;
            }

            foreach (var e in kb.EntriesOf("recommendations"))
                recs.Add((e.Deserialize<GuidelineRecommendation>(Json)!, kb));
            foreach (var e in kb.EntriesOf("drugs"))
            {
                var d = e.Deserialize<DrugEntry>(Json)!;
                _drugs[d.Name] = _drugs.TryGetValue(d.Name, out var prior)
                    ? prior with { RxNorm = prior.RxNorm ?? d.RxNorm, Guidelines = [.. prior.Guidelines.Union(d.Guidelines)], Genes = [.. prior.Genes.Union(d.Genes)] }
                    : d;
            }
        }

        Recommendations = recs;
        Sources = sources;
        var pheno = bases.FirstOrDefault(b => b.Source.Id == PhenoconversionKnowledge.BaseId);
        Phenoconversion = pheno is null ? null : PhenoconversionKnowledge.FromBase(pheno);
    }

    /// <summary>The knowledge of the default catalog (embedded bases plus any imported ones).</summary>
    public static PgxKnowledge FromCatalog(KnowledgeCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new PgxKnowledge(catalog.Bases);
    }

    /// <summary>Headers of the knowledge bases in use (versions go into every output).</summary>
    public IReadOnlyList<KnowledgeSource> Sources { get; }

    public IReadOnlyCollection<GeneEntry> Genes => _genes.Values;

    /// <summary>Modulators and phenoconversion rules, or null when no phenoconversion base is loaded.</summary>
    public PhenoconversionKnowledge? Phenoconversion { get; }

    /// <summary>Every recommendation with the knowledge base it came from.</summary>
    public IReadOnlyList<(GuidelineRecommendation Rec, KnowledgeBase Base)> Recommendations { get; }

    public IReadOnlyCollection<DrugEntry> Drugs => _drugs.Values;

    public GeneEntry? Gene(string symbol) => _genes.GetValueOrDefault(symbol);

    /// <summary>A drug by generic name or RxNorm ingredient code ("32968" or "RxNorm:32968").</summary>
    public DrugEntry? Drug(string nameOrCode)
    {
        ArgumentNullException.ThrowIfNull(nameOrCode);
        var key = nameOrCode.Trim();
        if (_drugs.TryGetValue(key, out var d))
            return d;
        var code = key.StartsWith("RxNorm:", StringComparison.OrdinalIgnoreCase) ? key[7..] : key;
        return _drugs.Values.FirstOrDefault(x => x.RxNorm == code);
    }

    /// <summary>The citations of a knowledge base entry, resolved against its header.</summary>
    public static IReadOnlyList<Citation> Resolve(KnowledgeBase kb, IEnumerable<string> ids)
    {
        ArgumentNullException.ThrowIfNull(kb);
        var table = kb.Source.Citations.ToDictionary(c => c.Id, StringComparer.Ordinal);
        return [.. ids.Where(table.ContainsKey).Select(i => table[i])];
    }
}

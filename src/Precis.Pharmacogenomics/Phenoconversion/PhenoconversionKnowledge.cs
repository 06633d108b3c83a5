using System.Text.Json;
using Precis.Core;
using Precis.Knowledge;
using Precis.Pharmacogenomics.Knowledge;

namespace Precis.Pharmacogenomics.Phenoconversion;

/// <summary>A rule that turns a genotype-predicted phenotype into a functional one when a modulator is taken.</summary>
/// <param name="Id">Stable id, e.g. "CYP2D6-inhibitor-strong".</param>
/// <param name="Gene">The enzyme's gene.</param>
/// <param name="Effect">inhibitor, inducer or any.</param>
/// <param name="Strength">strong, moderate, weak or any.</param>
/// <param name="Method">activity-score-factor, set-phenotype, shift-class, or none (reported, phenotype unchanged).</param>
/// <param name="Factor">Activity-score multiplier (activity-score-factor).</param>
/// <param name="Phenotype">Resulting phenotype (set-phenotype).</param>
/// <param name="Steps">Classes to move towards poor metabolism (shift-class).</param>
/// <param name="Statement">The rule in words, as shown in rationale chains.</param>
/// <param name="Citations">Citation ids of the knowledge base header.</param>
public sealed record ConversionRule(
    string Id, string Gene, string Effect, string Strength, string Method, double? Factor, string? Phenotype, int? Steps,
    string Statement, IReadOnlyList<string> Citations);

/// <summary>A medication that inhibits or induces a pharmacogene's enzyme, with its strength class.</summary>
/// <param name="Id">"drug:GENE".</param>
/// <param name="Drug">Lower-case generic name.</param>
/// <param name="RxNorm">RxNorm ingredient code, where a source confirms it.</param>
/// <param name="Aliases">Other generic names (rifampicin for rifampin).</param>
/// <param name="Gene">The enzyme's gene.</param>
/// <param name="Effect">inhibitor or inducer.</param>
/// <param name="Strength">strong, moderate or weak (FDA classes).</param>
/// <param name="Note">Caveat on the classification, if any.</param>
/// <param name="Citations">Citation ids of the knowledge base header.</param>
public sealed record Modulator(
    string Id, string Drug, string? RxNorm, IReadOnlyList<string> Aliases, string Gene, string Effect, string Strength, string? Note,
    IReadOnlyList<string> Citations);

/// <summary>The phenoconversion knowledge base (<c>precis-pgx-phenoconversion</c>): modulators and conversion rules.</summary>
public sealed class PhenoconversionKnowledge
{
    /// <summary>Id of the embedded base.</summary>
    public const string BaseId = "precis-pgx-phenoconversion";

    private PhenoconversionKnowledge(KnowledgeBase kb, IReadOnlyList<ConversionRule> rules, IReadOnlyList<Modulator> modulators)
    {
        Base = kb;
        Rules = rules;
        Modulators = modulators;
    }

    /// <summary>The knowledge base the rules came from (id, version and citations go into every rationale).</summary>
    public KnowledgeBase Base { get; }

    public IReadOnlyList<ConversionRule> Rules { get; }

    public IReadOnlyList<Modulator> Modulators { get; }

    /// <summary>The phenoconversion base of a catalog, or null when the catalog has none (then nothing is converted).</summary>
    public static PhenoconversionKnowledge? FromCatalog(KnowledgeCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return catalog.Find(BaseId) is { } kb ? FromBase(kb) : null;
    }

    /// <summary>Reads the rules and modulators of a phenoconversion knowledge base.</summary>
    public static PhenoconversionKnowledge FromBase(KnowledgeBase kb)
    {
        ArgumentNullException.ThrowIfNull(kb);
        var rules = kb.EntriesOf("rules").Select(e => e.Deserialize<ConversionRule>(PgxKnowledge.Json)!).ToList();
        var modulators = kb.EntriesOf("modulators").Select(e => e.Deserialize<Modulator>(PgxKnowledge.Json)!).ToList();
        return new PhenoconversionKnowledge(kb, rules, modulators);
    }

    /// <summary>The rule for a gene, effect and strength (exact match before "any").</summary>
    public ConversionRule? RuleFor(string gene, string effect, string strength) =>
        Rules.Where(r => r.Gene == gene && (r.Effect == effect || r.Effect == "any") && (r.Strength == strength || r.Strength == "any"))
            .OrderBy(r => (r.Effect == "any" ? 1 : 0) + (r.Strength == "any" ? 1 : 0))
            .FirstOrDefault();

    /// <summary>
    /// The modulators a medication is: matched by generic name or alias, RxNorm ingredient code ("RxNorm:32937" or
    /// "32937"), or a whole word of its text ("Paroxetine 20 MG Oral Tablet").
    /// </summary>
    public IReadOnlyList<Modulator> Match(string medication)
    {
        ArgumentNullException.ThrowIfNull(medication);
        var text = medication.Trim();
        var code = text.StartsWith("RxNorm:", StringComparison.OrdinalIgnoreCase) ? text[7..] : text;
        var words = text.ToLowerInvariant().Split([' ', ',', '/', '(', ')', '-', '[', ']', ';'], StringSplitOptions.RemoveEmptyEntries);
        return [.. Modulators.Where(m =>
            (m.RxNorm is not null && m.RxNorm == code)
            || words.Contains(m.Drug, StringComparer.Ordinal)
            || m.Aliases.Any(a => words.Contains(a, StringComparer.Ordinal)))];
    }

    /// <summary>The citations of an entry, resolved against the base's header.</summary>
    public IReadOnlyList<Citation> Cite(IEnumerable<string> ids) => PgxKnowledge.Resolve(Base, ids);
}

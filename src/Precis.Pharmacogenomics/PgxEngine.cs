using Precis.Pharmacogenomics.Calling;
using Precis.Pharmacogenomics.Input;
using Precis.Pharmacogenomics.Knowledge;
using Precis.Pharmacogenomics.Phenoconversion;
using Precis.Pharmacogenomics.Phenotypes;
using Precis.Pharmacogenomics.Recommendations;

namespace Precis.Pharmacogenomics;

/// <summary>
/// The pharmacogenomics pipeline for one sample: call every gene with definitions from the genotypes, merge
/// outside calls (reporting conflicts), resolve phenotypes, and look up recommendations for the medications.
/// </summary>
public sealed class PgxEngine(PgxKnowledge knowledge)
{
    /// <summary>Genes that are only taken from outside calls: a VCF cannot show their copy number or hybrids.</summary>
    public static readonly IReadOnlySet<string> OutsideCallOnlyGenes = new HashSet<string>(StringComparer.Ordinal) { "CYP2D6" };

    /// <summary>SLCO1B1 c.521T&gt;C (rs4149056), used alone when the full SLCO1B1 diplotype cannot be called.</summary>
    public const long Rs4149056Position = 21178615;

    public PgxKnowledge Knowledge { get; } = knowledge ?? throw new ArgumentNullException(nameof(knowledge));

    /// <summary>Calls and phenotypes every gene for one sample, ordered by gene.</summary>
    public IReadOnlyList<GeneResult> CallGenes(SampleGenotypes sample, IReadOnlyList<OutsideCall>? outsideCalls = null)
    {
        ArgumentNullException.ThrowIfNull(sample);
        outsideCalls ??= [];
        var results = new SortedDictionary<string, GeneResult>(StringComparer.Ordinal);
        foreach (var gene in Knowledge.Genes.Where(g => g.Definition is not null))
        {
            if (OutsideCallOnlyGenes.Contains(gene.Gene))
            {
                var call = new GeneCall
                {
                    Gene = gene.Gene,
                    Status = CallStatus.NotTested,
                    Candidates = [],
                    Notes = [$"{gene.Gene} is not called from VCF (copy number and hybrid alleles are not visible); give it as an outside call"],
                };
                results[gene.Gene] = PhenotypeResolver.Resolve(call, gene.Phenotypes);
                continue;
            }

            var c = AlleleMatcher.Call(gene.Definition!, sample, gene.Phenotypes);
            var r = PhenotypeResolver.Resolve(c, gene.Phenotypes);
            if (gene.Gene == "SLCO1B1" && !r.IsActionable)
                r = Slco1b1Fallback(r, sample, gene.Definition!.Chromosome) ?? r;
            results[gene.Gene] = r;
        }

        foreach (var o in outsideCalls)
        {
            var outside = FromOutsideCall(o);
            if (results.TryGetValue(o.Gene, out var fromVcf) && fromVcf.Call.Status is CallStatus.Called or CallStatus.Ambiguous)
            {
                var agree = string.Equals(fromVcf.Diplotype, outside.Diplotype, StringComparison.Ordinal);
                outside = outside with
                {
                    Notes = [.. outside.Notes, agree
                        ? $"the genotypes give the same diplotype ({fromVcf.Diplotype})"
                        : $"CONFLICT: the genotypes give {fromVcf.Diplotype} ({fromVcf.Phenotype}) but the outside call (line {o.Line}) gives {outside.Diplotype ?? outside.Phenotype}; the outside call is used, check both"],
                };
            }

            results[o.Gene] = outside;
        }

        return [.. results.Values];
    }

    private GeneResult FromOutsideCall(OutsideCall o)
    {
        var entry = Knowledge.Gene(o.Gene);
        var candidates = new List<DiplotypeCandidate>();
        if (o.Diplotype is not null)
        {
            var parts = o.Diplotype.Split('/');
            candidates.Add(new DiplotypeCandidate(parts[0].Trim(), parts.Length > 1 ? parts[1].Trim() : null, 0));
        }

        var call = new GeneCall
        {
            Gene = o.Gene,
            Status = CallStatus.OutsideCall,
            Candidates = candidates,
            Notes = [$"outside call (line {o.Line})"],
        };
        if (o.Phenotype is not null || candidates.Count == 0 || entry?.Phenotypes is null)
        {
            // The caller's own phenotype wins; for genes without phenotype rules (HLA) the diplotype is the result.
            var phenotype = o.Phenotype ?? (o.ActivityScore is not null && entry?.Phenotypes is { } p
                ? p.Rules.FirstOrDefault(r => r.ActivityScore == o.ActivityScore)?.Phenotype
                : null) ?? o.Diplotype ?? PhenotypeResolver.NotCalled;
            return new GeneResult
            {
                Gene = o.Gene,
                Call = call,
                Diplotype = o.Diplotype,
                Phenotype = phenotype,
                ActivityScore = o.ActivityScore,
                // "Not available" (GeT-RM) or similar is a statement that there is no call, not a phenotype.
                LookupKey = phenotype.Equals("Not available", StringComparison.OrdinalIgnoreCase) ? null : o.ActivityScore ?? phenotype,
                Origin = "outside call",
            };
        }

        return PhenotypeResolver.Resolve(call, entry.Phenotypes) with { Origin = "outside call" };
    }

    private GeneResult? Slco1b1Fallback(GeneResult failed, SampleGenotypes sample, string chromosome)
    {
        var site = sample.At(chromosome, Rs4149056Position);
        if (site is not { IsComplete: true } || site.Alleles.Count != 2)
            return null;
        var c = site.Alleles.Count(a => a == "C");
        if (site.Alleles.Any(a => a is not ("C" or "T")))
            return null;
        var phenotype = c switch { 0 => "Normal Function", 1 => "Decreased Function", _ => "Poor Function" };
        var allele1 = site.Alleles.Contains("T") ? "rs4149056T" : "rs4149056C";
        var allele2 = c >= 1 ? "rs4149056C" : "rs4149056T";
        var rules = Knowledge.Gene("SLCO1B1")?.Phenotypes?.Rules;
        var lookup = rules?.FirstOrDefault(r => r.Phenotype == phenotype)?.LookupKey ?? phenotype;
        return failed with
        {
            Diplotype = $"{allele1}/{allele2}",
            Phenotype = phenotype,
            LookupKey = lookup,
            AlleleFunctions = ["rs4149056C (c.521T>C): decreased function allele"],
            Notes = [.. failed.Notes, $"SLCO1B1 diplotype could not be called ({failed.Call.Status}); phenotype assigned from rs4149056 alone ({site}), as the CPIC statin guideline allows"],
        };
    }

    /// <summary>
    /// Phenoconversion: the gene results with phenotypes converted by inhibitors among the current medications
    /// (names, RxNorm ingredient codes or record texts); see <see cref="PhenoconversionApplier"/> for the rules.
    /// </summary>
    public IReadOnlyList<GeneResult> Phenoconvert(IReadOnlyList<GeneResult> genes, IEnumerable<string> medications) =>
        PhenoconversionApplier.Apply(genes, medications, Knowledge.Phenoconversion, g => Knowledge.Gene(g)?.Phenotypes);

    /// <summary>Recommendations for each medication (generic name or RxNorm ingredient code).</summary>
    public IReadOnlyList<DrugResult> Recommend(IReadOnlyList<GeneResult> genes, IEnumerable<string> medications)
    {
        ArgumentNullException.ThrowIfNull(genes);
        ArgumentNullException.ThrowIfNull(medications);
        return [.. medications.Select(m => RecommendationMatcher.ForDrug(Knowledge, PhenoconversionApplier.ForDrug(genes, Knowledge.Drug(m)?.Name ?? m.Trim()), m))];
    }
}

using Precis.Core;
using Precis.Pharmacogenomics.Knowledge;

namespace Precis.Pharmacogenomics.Input;

/// <summary>A gene call made outside Precis (PharmCAT outside-call TSV): diplotype and/or phenotype, activity score.</summary>
/// <param name="Gene">Gene symbol (HLA-B, CYP2D6, MT-RNR1...).</param>
/// <param name="Diplotype">Diplotype ("*1/*3"), or a single allele for haploid genes (MT-RNR1 "1555A>G"); null when only a phenotype is given.</param>
/// <param name="Phenotype">Phenotype given by the caller, if any.</param>
/// <param name="ActivityScore">Activity score given by the caller, if any.</param>
/// <param name="Line">1-based line in the file.</param>
public sealed record OutsideCall(string Gene, string? Diplotype, string? Phenotype, string? ActivityScore, long Line);

/// <summary>
/// Reads PharmCAT's outside-call format: tab-separated <c>gene, diplotype[, phenotype[, activity score]]</c>, one gene
/// per line, <c>#</c> comments. Unknown genes, unknown alleles and a gene given twice are errors naming the line.
/// </summary>
public static class OutsideCallReader
{
    /// <summary>Most lines accepted; an outside-call file has one line per gene.</summary>
    public const int MaxLines = 10_000;

    public static IReadOnlyList<OutsideCall> Read(string path, PgxKnowledge knowledge)
    {
        using var stream = InputFiles.OpenForReading(path);
        using var reader = new StreamReader(stream);
        return Read(reader, path, knowledge);
    }

    public static IReadOnlyList<OutsideCall> Read(TextReader reader, string name, PgxKnowledge knowledge)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(knowledge);
        var result = new List<OutsideCall>();
        var seen = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        string? line;
        long n = 0;
        while ((line = reader.ReadLine()) is not null)
        {
            n++;
            if (n > MaxLines)
                throw new InputException(new InputError(name, n, null, null, $"more than {MaxLines} lines; an outside-call file has one line per gene"));
            if (line.Length == 0 || line.StartsWith('#') || string.IsNullOrWhiteSpace(line))
                continue;
            var cols = line.Split('\t');
            var gene = cols[0].Trim();
            if (gene.Length == 0)
                throw new InputException(new InputError(name, n, 1, "gene", "gene is empty"));
            string? Col(int i) => cols.Length > i && cols[i].Trim() is { Length: > 0 } v ? v : null;
            var diplotype = Col(1);
            var phenotype = Col(2);
            var activity = Col(3);
            if (diplotype is null && phenotype is null && activity is null)
                throw new InputException(new InputError(name, n, 2, "diplotype", $"{gene}: neither a diplotype, a phenotype nor an activity score is given"));

            var entry = knowledge.Gene(gene);
            var isHla = gene.StartsWith("HLA-", StringComparison.OrdinalIgnoreCase);
            var guidelineGene = knowledge.Recommendations.Any(r => r.Rec.Lookup.ContainsKey(gene));
            if (entry is null && !isHla && !guidelineGene)
                throw new InputException(new InputError(name, n, 1, "gene", $"'{gene}' is not a gene the knowledge base knows", "check the gene symbol (e.g. CYP2D6, HLA-B, MT-RNR1)"));
            if (seen.TryGetValue(gene, out var first))
                throw new InputException(new InputError(name, n, 1, "gene", $"{gene} is given twice (first on line {first})"));
            seen[gene] = n;

            if (diplotype is not null && !isHla && entry is not null)
            {
                var known = new HashSet<string>(StringComparer.Ordinal);
                if (entry.Definition is not null)
                    known.UnionWith(entry.Definition.Alleles.Select(a => a.Name));
                if (entry.Phenotypes is not null)
                    known.UnionWith(entry.Phenotypes.Functions.Select(f => f.Allele));
                var normalised = new List<string>();
                foreach (var raw in diplotype.Split('/'))
                {
                    // Mitochondrial variants are often written without the "m." prefix (PharmCAT accepts "1555A>G").
                    var allele = raw.Trim();
                    if (!known.Contains(allele) && known.Contains("m." + allele))
                        allele = "m." + allele;
                    normalised.Add(allele);
                    // Tandem arrangements (CYP2D6 *36x2+*10) are known when every part is.
                    if (!known.Contains(allele) && allele.Contains('+', StringComparison.Ordinal) && allele.Split('+').All(known.Contains))
                        continue;
                    if (!known.Contains(allele))
                        throw new InputException(new InputError(name, n, 2, "diplotype", $"{gene}: allele '{allele}' is not defined in the knowledge base", "use the allele names of the CPIC/PharmVar tables"));
                }

                diplotype = string.Join('/', normalised);
            }

            result.Add(new OutsideCall(entry?.Gene ?? gene.ToUpperInvariant(), diplotype, phenotype, activity, n));
        }

        return result;
    }
}

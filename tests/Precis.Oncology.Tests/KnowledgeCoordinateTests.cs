using System.Globalization;
using Precis.Oncology.Inputs;
using Precis.Oncology.Knowledge;
using Precis.Testing;

namespace Precis.Oncology.Tests;

/// <summary>The hand-typed coordinates of the knowledge (gene loci, known alleles) checked against public position tables.</summary>
public sealed class KnowledgeCoordinateTests
{
    private static readonly OncologyKnowledge Kb = OncologyKnowledge.Embedded();

    // cancerhotspots v2 (maftools copy): chrom, pos, ref, alt, gene, class, AA change, SIFT; no header.
    private static List<(string Gene, string Chrom, long Pos, string Ref, string Alt, string Change)> Hotspots(string build) =>
        File.ReadLines(TestPaths.Shared($"oncology/maftools/cancerhotspots_v2_{build}.tsv"))
            .Select(l => l.Split('\t'))
            .Select(f => (f[4], f[0], long.Parse(f[1], CultureInfo.InvariantCulture), f[2], f[3], f[6]))
            .ToList();

    /// <summary>Every way a locus table can be wrong that the position tables can show, one message per problem.</summary>
    internal static List<string> LocusProblems(IReadOnlyList<GeneLocus> loci, IReadOnlyDictionary<string, List<(string Gene, string Chrom, long Pos, string Ref, string Alt, string Change)>> positions)
    {
        var problems = new List<string>();
        foreach (var locus in loci)
        {
            // Every hotspot (and MAF row) of the gene in this build lies on the locus's chromosome, inside it.
            foreach (var p in positions[locus.Build].Where(p => p.Gene == locus.Gene))
            {
                if (p.Chrom != locus.Chromosome || p.Pos < locus.Start || p.Pos > locus.End)
                    problems.Add($"{locus.Gene} {locus.Build} {locus.Chromosome}:{locus.Start}-{locus.End} does not contain {p.Gene} {p.Change} at {p.Chrom}:{p.Pos}");
            }
        }

        // Between builds, a gene moves by the same offset as its hotspots: GRCh38 − GRCh37 of the locus start and end
        // agree with the hotspots' offset to within 10 kb (gene-model edges differ a little between Ensembl releases).
        foreach (var gene in loci.Select(l => l.Gene).Distinct())
        {
            var l37 = loci.Single(l => l.Gene == gene && l.Build == "GRCh37");
            var l38 = loci.Single(l => l.Gene == gene && l.Build == "GRCh38");
            var h38 = positions["GRCh38"].Where(p => p.Gene == gene).GroupBy(p => (p.Change, p.Ref, p.Alt)).ToDictionary(g => g.Key, g => g.First().Pos);
            var offsets = positions["GRCh37"].Where(p => p.Gene == gene && h38.ContainsKey((p.Change, p.Ref, p.Alt))).Select(p => h38[(p.Change, p.Ref, p.Alt)] - p.Pos).Distinct().ToList();
            foreach (var offset in offsets.Take(1))
            {
                if (Math.Abs(l38.Start - l37.Start - offset) > 10_000 || Math.Abs(l38.End - l37.End - offset) > 10_000)
                    problems.Add($"{gene}: locus moves {l38.Start - l37.Start}/{l38.End - l37.End} from GRCh37 to GRCh38, its hotspots {offset}");
            }

            if (Math.Abs((l38.End - l38.Start) - (l37.End - l37.Start)) > 10_000 || l37.Chromosome != l38.Chromosome)
                problems.Add($"{gene}: locus length or chromosome differs between builds");
        }

        return problems;
    }

    private static Dictionary<string, List<(string Gene, string Chrom, long Pos, string Ref, string Alt, string Change)>> Positions()
    {
        var laml = MafReader.Read(TestPaths.Shared("oncology/maftools/tcga_laml.maf.gz")).Variants
            .Where(v => v.Chromosome is not null && v.Start is not null)
            .Select(v => (v.Gene, v.Chromosome!, v.Start!.Value, v.Reference ?? "", v.Alternate ?? "", v.Protein?.Text ?? ""));
        return new Dictionary<string, List<(string, string, long, string, string, string)>>
        {
            ["GRCh37"] = [.. Hotspots("GRCh37"), .. laml], // TCGA LAML is GRCh37
            ["GRCh38"] = Hotspots("GRCh38"),
        };
    }

    [SkippableFact]
    public void Every_gene_locus_contains_the_genes_hotspots_and_LAML_rows_in_both_builds_and_moves_with_them()
    {
        var positions = Positions();
        Assert.Equal(30, Kb.Loci.Count);
        Assert.Empty(LocusProblems(Kb.Loci, positions));
        // Which loci the tables actually test: all but BRCA1 (no position anywhere in ../shared/data) in GRCh37, and
        // all but BRCA1 and MDM2 in GRCh38; those are checked only by the between-builds length rule.
        var covered37 = Kb.Loci.Where(l => l.Build == "GRCh37" && positions["GRCh37"].Any(p => p.Gene == l.Gene)).Select(l => l.Gene);
        var covered38 = Kb.Loci.Where(l => l.Build == "GRCh38" && positions["GRCh38"].Any(p => p.Gene == l.Gene)).Select(l => l.Gene);
        Assert.Equal(["BRCA1"], Kb.Loci.Where(l => l.Build == "GRCh37").Select(l => l.Gene).Except(covered37));
        Assert.Equal(["BRCA1", "MDM2"], Kb.Loci.Where(l => l.Build == "GRCh38").Select(l => l.Gene).Except(covered38));
    }

    [SkippableFact]
    public void A_mistyped_locus_is_caught_by_the_same_check()
    {
        var positions = Positions();
        var erbb2 = Kb.Loci.Single(l => l.Gene == "ERBB2" && l.Build == "GRCh37");
        // One digit wrong in the start (37844167 → 37744167) still contains every hotspot but no longer moves with them;
        // a GRCh38 locus typed into the GRCh37 slot misses every hotspot.
        var typo = Kb.Loci.Select(l => l == erbb2 ? l with { Start = 37744167 } : l).ToList();
        Assert.Equal(["ERBB2: locus moves 1943747/1843747 from GRCh37 to GRCh38, its hotspots 1843747", "ERBB2: locus length or chromosome differs between builds"], LocusProblems(typo, positions));
        var swapped = Kb.Loci.Select(l => l == erbb2 ? l with { Start = 39687914, End = 39730426 } : l).ToList();
        Assert.Contains(LocusProblems(swapped, positions), p => p.StartsWith("ERBB2 GRCh37 17:39687914-39730426 does not contain ERBB2 V842I", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void Every_known_allele_of_the_knowledge_is_a_cancerhotspots_allele_of_that_protein_change_in_its_build()
    {
        var hotspots = new Dictionary<string, HashSet<string>>
        {
            ["GRCh37"] = Hotspots("GRCh37").Select(h => $"{h.Gene}:{h.Change}|{h.Chrom}:{h.Pos}:{h.Ref}:{h.Alt}").ToHashSet(),
            ["GRCh38"] = Hotspots("GRCh38").Select(h => $"{h.Gene}:{h.Change}|{h.Chrom}:{h.Pos}:{h.Ref}:{h.Alt}").ToHashSet(),
        };
        var alleles = Kb.Evidence.SelectMany(e => e.Biomarker.Leaves).Where(l => l.Genomic.Count > 0 && l.Change is not null)
            .SelectMany(l => l.Genomic.Select(g => (Key: $"{l.Gene}:{l.Change!.Text}", Allele: g))).Distinct().ToList();
        Assert.Equal(10, alleles.Count); // BRAF V600E, PIK3CA H1047R, KRAS G12C, EGFR L858R and T790M, each in two builds
        foreach (var (key, allele) in alleles)
        {
            var build = allele[..allele.IndexOf(':', StringComparison.Ordinal)];
            Assert.True(hotspots[build].Contains($"{key}|{allele[(build.Length + 1)..]}"), $"{key} {allele} is not in cancerhotspots {build}");
        }
    }
}

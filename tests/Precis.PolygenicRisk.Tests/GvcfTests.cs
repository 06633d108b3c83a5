using System.Text;
using Precis.PolygenicRisk.Matching;
using Precis.PolygenicRisk.Scoring;
using Precis.PolygenicRisk.ScoringFiles;
using Precis.Testing;

namespace Precis.PolygenicRisk.Tests;

/// <summary>gVCF input: reference blocks are observed reference; positions with no data are missing, never reference.</summary>
public sealed class GvcfTests
{
    private const string Gvcf = "genomics/synthetic/sample_small.g.vcf.gz";

    // chr1:10001 C>T het; block chr1:10002-10694 (REF T at its start); chr1:11858 T>C hom-alt; nothing before 10001.
    private const string Score =
        "#pgs_id=gvcf_test\nchr_name\tchr_position\teffect_allele\tother_allele\teffect_weight\n" +
        "1\t10001\tT\tC\t1\n" +   // variant record, 0/1 → 1 × 1
        "1\t10002\tG\tT\t2\n" +   // block start: REF T observed on both copies → 0 × 2
        "1\t10500\tA\tG\t4\n" +   // inside the block: reference base only known from a FASTA
        "1\t10600\tG\tA\t8\n" +   // inside the block, effect allele = reference base (from the FASTA)
        "1\t5000\tA\tG\t16\n" +   // no record and no block: not observed
        "1\t11858\tC\tT\t0.5\n";  // 1/1 → 2 × 0.5

    [SkippableFact]
    public void Block_start_is_observed_reference_and_positions_without_data_are_unmatched_not_reference()
    {
        var result = Run(null);
        var score = Assert.Single(result.Scores);
        Assert.Equal((6, 3, 3), (score.Report.Variants, score.Report.Matched, score.Report.Unmatched));
        Assert.Equal([MatchStatus.Matched, MatchStatus.Matched, MatchStatus.Unmatched, MatchStatus.Unmatched, MatchStatus.Unmatched, MatchStatus.Matched],
            score.Variants.Select(v => v.Status));
        Assert.True(score.Variants[1].Target!.FromReferenceBlock);
        var sample = Assert.Single(score.Samples);
        Assert.Equal((2.0, 6, 0), (sample.Sum, sample.Denominator, sample.MissingVariants));
        Assert.Contains(result.Notes, n => n.StartsWith("2 scoring position(s) lay inside gVCF reference blocks but the reference base is unknown", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void With_a_reference_FASTA_positions_inside_blocks_are_observed_reference_calls()
    {
        var dir = TestPaths.TempDir();
        var fasta = Path.Combine(dir, "ref.fa");
        var seq = new StringBuilder(new string('N', 12000));
        seq[10500 - 1] = 'G';
        seq[10600 - 1] = 'G';
        var text = new StringBuilder(">chr1 test\n");
        for (var i = 0; i < seq.Length; i += 60)
            text.Append(seq.ToString(i, Math.Min(60, seq.Length - i))).Append('\n');
        File.WriteAllText(fasta, text.ToString());
        File.WriteAllText(fasta + ".fai", $"chr1\t12000\t{">chr1 test\n".Length}\t60\t61\n");
        using var reference = FastaReference.Open(fasta);
        Assert.Equal('G', reference.BaseAt("1", 10500));

        var score = Assert.Single(Run(reference).Scores);
        Assert.Equal((5, 1), (score.Report.Matched, score.Report.Unmatched));
        Assert.Equal(MatchStatus.Unmatched, score.Variants[4].Status); // chr1:5000 stays not observed
        var sample = Assert.Single(score.Samples);
        Assert.Equal((1 + 0 + 0 + 16 + 1.0, 10), (sample.Sum, sample.Denominator));
    }

    private static ScoringResult Run(FastaReference? reference)
    {
        var scores = ScoringFileReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(Score)), "gvcf_test.txt");
        var options = new ScoringOptions { Match = new MatchOptions { MinOverlap = 0 } };
        return PolygenicScorer.Score(TestPaths.Shared(Gvcf), scores, options, reference);
    }
}

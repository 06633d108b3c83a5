using System.Globalization;
using Precis.Core;
using Precis.PolygenicRisk.Context;
using Precis.Testing;

namespace Precis.PolygenicRisk.Tests;

/// <summary>
/// Projection onto reference PCs from plink2 SNP loadings, checked against plink2 2.00a3.5 --score projection of the
/// same target (Data/pca/make_fixture.sh: PCA of tiny1000G's autosomes, 40 samples with calls masked missing).
/// </summary>
public sealed class PcProjectionTests
{
    private static readonly string Fixture = Path.Combine(TestPaths.RepoRoot, "tests", "Precis.PolygenicRisk.Tests", "Data", "pca");
    private static string F(string name) => Path.Combine(Fixture, name);

    [SkippableFact]
    public void Projection_of_a_target_with_missing_calls_equals_plink2_score_projection()
    {
        var projector = PcProjector.Read(F("tiny1000G.autosomes.eigenvec.allele.gz"), F("tiny1000G.autosomes.acount"));
        Assert.Equal(10, projector.PcCount);
        Assert.Equal(968, projector.VariantCount);
        var vcf = AncestryFixture.MaskedTarget(TestPaths.TempDir());
        var result = projector.Project(vcf);
        Assert.Equal(968, result.ProjectedVariants);
        Assert.Equal(0, result.AlleleMismatches);
        var expected = Tsv.Read(F("target40-masked.plink2.sscore"));
        Assert.Equal(40, expected.Count);
        Assert.Contains(expected, e => e.D("ALLELE_CT") < 1936); // the masking made some calls missing
        foreach (var (e, got) in expected.Zip(result.Samples))
        {
            Assert.Equal(e["IID"], got.Sample);
            Assert.Equal((int)e.D("ALLELE_CT"), got.AlleleCount);
            for (var j = 0; j < 10; j++)
            {
                var pc = "PC" + (j + 1).ToString(CultureInfo.InvariantCulture);
                // plink2 prints 6 significant digits.
                Tsv.Close(e.D(pc + "_SUM"), got.Sums[j], 5e-6, $"{got.Sample} {pc}_SUM");
                Tsv.Close(e.D(pc + "_AVG"), got.Average(j), 5e-6, $"{got.Sample} {pc}_AVG");
            }
        }
    }

    [SkippableFact]
    public void Projected_reference_samples_are_their_eigenvectors_scaled_by_root_eigenvalue_times_variant_count()
    {
        // plink2's allele weights make the projection of a reference sample −√λ_j × M × its eigenvector entry (M = 968
        // variants): an independent check that the loadings were read and applied the right way round. Samples whose
        // calls were masked are excluded; the others are exactly the reference samples.
        var projector = PcProjector.Read(F("tiny1000G.autosomes.eigenvec.allele.gz"), F("tiny1000G.autosomes.acount"));
        var eigenval = File.ReadAllLines(F("tiny1000G.autosomes.eigenval")).Select(l => double.Parse(l, CultureInfo.InvariantCulture)).ToList();
        var eigenvec = Tsv.Read(F("tiny1000G.autosomes.first40.eigenvec")).ToDictionary(r => r["IID"]);
        var result = projector.Project(AncestryFixture.MaskedTarget(TestPaths.TempDir()));
        var complete = result.Samples.Where(s => s.AlleleCount == 2 * 968).ToList();
        Assert.Equal(20, complete.Count); // samples 20–39 are not masked
        foreach (var s in complete)
        {
            for (var j = 0; j < 10; j++)
                Tsv.Close(-Math.Sqrt(eigenval[j]) * 968 * eigenvec[s.Sample].D("PC" + (j + 1).ToString(CultureInfo.InvariantCulture)), s.Sums[j], 2e-4, $"{s.Sample} PC{j + 1}");
        }
    }

    [Fact]
    public void A_loadings_file_without_a_frequency_for_a_variant_is_refused_with_its_line()
    {
        var dir = TestPaths.TempDir();
        var loadings = Path.Combine(dir, "x.eigenvec.allele");
        var counts = Path.Combine(dir, "x.acount");
        File.WriteAllText(loadings, "#CHROM\tID\tREF\tALT\tA1\tPC1\tPC2\n1\t1:10:A:G\tA\tG\tG\t0.5\t-0.1\n1\t1:20:C:T\tC\tT\tT\t0.2\t0.3\n");
        File.WriteAllText(counts, "#CHROM\tID\tREF\tALT\tALT_CTS\tOBS_CT\n1\t1:10:A:G\tA\tG\t10\t100\n");
        var e = Assert.Throws<InputException>(() => PcProjector.Read(loadings, counts));
        Assert.Equal(3, e.Error.Line);
        Assert.Equal("ID", e.Error.Field);
        Assert.Contains("'1:20:C:T' has no frequency", e.Error.Reason, StringComparison.Ordinal);

        File.WriteAllText(loadings, "#CHROM\tID\tREF\tALT\tA1\tPC1\tPC2\n1\t1:10:A:G\tA\tG\tT\t0.5\t-0.1\n");
        e = Assert.Throws<InputException>(() => PcProjector.Read(loadings, counts));
        Assert.Equal("A1", e.Error.Field);
        Assert.Contains("neither REF 'A' nor ALT 'G'", e.Error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_call_adds_nothing_and_a_record_without_an_id_is_found_by_chrom_pos_ref_alt()
    {
        var dir = TestPaths.TempDir();
        var loadings = Path.Combine(dir, "x.eigenvec.allele");
        var counts = Path.Combine(dir, "x.acount");
        File.WriteAllText(loadings, "#CHROM\tID\tREF\tALT\tA1\tPC1\n1\t1:10:A:G\tA\tG\tG\t0.5\n1\t1:10:A:G\tA\tG\tA\t-0.5\n");
        File.WriteAllText(counts, "#CHROM\tID\tREF\tALT\tALT_CTS\tOBS_CT\n1\t1:10:A:G\tA\tG\t25\t100\n");
        var vcf = Path.Combine(dir, "t.vcf");
        File.WriteAllText(vcf, "##fileformat=VCFv4.3\n##contig=<ID=1>\n##FORMAT=<ID=GT,Number=1,Type=String,Description=\"GT\">\n" +
            "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\ts1\ts2\ts3\n1\t10\t.\tA\tG\t.\t.\t.\tGT\t0/1\t./.\t1|1\n");
        var p = PcProjector.Read(loadings, counts).Project(vcf);
        Assert.Equal(1, p.ProjectedVariants);
        // p(G) = 0.25, sd = √(2·0.25·0.75); each of the two rows adds the same: 2 × 0.5 × (d − 0.5)/sd.
        var sd = Math.Sqrt(2 * 0.25 * 0.75);
        Assert.Equal(2 * 0.5 * (1 - 0.5) / sd, p.Samples[0].Sums[0], 12);
        Assert.Equal(0, p.Samples[1].Sums[0]);
        Assert.Equal(0, p.Samples[1].AlleleCount);
        Assert.Equal(2 * 0.5 * (2 - 0.5) / sd, p.Samples[2].Sums[0], 12);
    }
}

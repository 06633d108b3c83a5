using Precis.Core;
using Precis.Pharmacogenomics.Input;
using Precis.Pharmacogenomics.Phenotypes;
using Precis.Testing;

namespace Precis.Pharmacogenomics.Tests;

/// <summary>End to end from VCF files: the demo patient, PharmCAT's golden examples, bad input.</summary>
public sealed class VcfCallingTests
{
    private static readonly PgxEngine Engine = new(GenotypeBuilder.Knowledge);

    private static IReadOnlyList<GeneResult> CallVcf(string path, string? outsideCalls = null)
    {
        var sample = VcfGenotypeReader.Read(path, Engine.Knowledge).Single();
        var outside = outsideCalls is null ? null : OutsideCallReader.Read(outsideCalls, Engine.Knowledge);
        return Engine.CallGenes(sample, outside);
    }

    [Fact]
    public void Demo_patient_is_CYP2C19_poor_metabolizer_SLCO1B1_decreased_function_CYP2C9_star1_star3()
    {
        var genes = CallVcf(Path.Combine(TestPaths.RepoRoot, "samples", "demo", "demo.germline.vcf")).ToDictionary(g => g.Gene);
        Assert.Equal("*2/*2", genes["CYP2C19"].Diplotype);
        Assert.Equal("Poor Metabolizer", genes["CYP2C19"].Phenotype);
        Assert.Empty(genes["CYP2C19"].Call.MissingPositions);
        Assert.Equal("*1/*5", genes["SLCO1B1"].Diplotype);
        Assert.Equal("Decreased Function", genes["SLCO1B1"].Phenotype);
        Assert.Equal("*1/*3", genes["CYP2C9"].Diplotype);
        Assert.Equal("1.0", genes["CYP2C9"].ActivityScore);
        Assert.Equal("rs9923231 reference (C)/rs9923231 variant (T)", genes["VKORC1"].Diplotype);
        // DPYD is only partly covered: its missing positions are listed, never assumed reference.
        Assert.NotEmpty(genes["DPYD"].Call.MissingPositions);
    }

    /// <summary>PharmCAT's calls-only TSV: gene → (source diplotype, phenotype, activity score).</summary>
    private static Dictionary<string, (string Diplotype, string Phenotype, string Score)> ReadReportTsv(string path) =>
        File.ReadLines(path).Skip(2).Select(l => l.Split('\t'))
            .ToDictionary(c => c[0], c => (c[1], c[2], c[3]), StringComparer.Ordinal);

    [SkippableTheory]
    [InlineData("pharmcat.example")]
    [InlineData("pharmcat.example2")]
    public void PharmCAT_golden_example_diplotypes_phenotypes_and_activity_scores_are_reproduced(string name)
    {
        var dir = TestPaths.Shared("pgx/pharmcat/examples");
        var outside = Path.Combine(dir, name + ".outsideCall.tsv");
        var ours = CallVcf(Path.Combine(dir, name + ".vcf"), File.Exists(outside) ? outside : null).ToDictionary(g => g.Gene);
        var expected = ReadReportTsv(Path.Combine(dir, name + ".report.tsv"));
        var compared = 0;
        foreach (var (gene, (dip, phen, score)) in expected)
        {
            if (!ours.TryGetValue(gene, out var r))
                continue; // HLA-A etc. without a call on either side
            Assert.True(dip == r.Diplotype, $"{gene}: PharmCAT {dip}, Precis {r.Diplotype}");
            if (!string.IsNullOrWhiteSpace(phen))
                Assert.True(phen == r.Phenotype, $"{gene}: PharmCAT phenotype {phen}, Precis {r.Phenotype}");
            Assert.True(score == (r.ActivityScore ?? ""), $"{gene}: PharmCAT activity score '{score}', Precis '{r.ActivityScore}'");
            compared++;
        }

        Assert.True(compared >= 19, $"only {compared} genes compared");
    }

    [Fact]
    public void A_GRCh37_VCF_is_refused_with_a_message_that_says_so()
    {
        var dir = TestPaths.TempDir();
        var path = Path.Combine(dir, "b37.vcf");
        File.WriteAllText(path, "##fileformat=VCFv4.2\n##contig=<ID=1,length=249250621>\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1\n1\t97450058\t.\tC\tT\t.\tPASS\t.\tGT\t0/1\n");
        var ex = Assert.Throws<InputException>(() => VcfGenotypeReader.Read(path, Engine.Knowledge));
        Assert.Contains("GRCh37", ex.Error.Reason, StringComparison.Ordinal);
        Assert.Equal(path, ex.Error.File);
    }

    [Fact]
    public void A_sample_that_is_not_in_the_file_is_an_error_listing_the_samples()
    {
        var path = Path.Combine(TestPaths.RepoRoot, "samples", "demo", "demo.germline.vcf");
        var ex = Assert.Throws<InputException>(() => VcfGenotypeReader.Read(path, Engine.Knowledge, sample: "NOPE"));
        Assert.Contains("'NOPE' is not in the file; samples: DEMO-001", ex.Error.Reason, StringComparison.Ordinal);
    }
}

/// <summary>The streaming reader (chunked passes, flat memory) gives the same genotypes as the one-pass reader.</summary>
public sealed class StreamingReaderTests
{
    [SkippableFact]
    public void Reading_100samples_in_chunks_of_7_gives_every_sample_the_same_calls_as_reading_it_at_once()
    {
        var path = TestPaths.Shared("pgx/pharmcat/tests/100samples.vcf.bgz");
        var knowledge = GenotypeBuilder.Knowledge;
        var whole = VcfGenotypeReader.Read(path, knowledge, lenient: true);
        var stream = VcfGenotypeReader.ReadStreaming(path, knowledge, lenient: true, chunkSize: 7);
        Assert.Equal(whole.Select(s => s.SampleId), stream.SampleIds);
        var streamed = stream.Samples.ToList();
        Assert.Equal(100, streamed.Count);
        for (var i = 0; i < whole.Count; i++)
        {
            Assert.Equal(whole[i].SampleId, streamed[i].SampleId);
            Assert.Equal(whole[i].Sites.Count, streamed[i].Sites.Count);
            foreach (var (site, call) in whole[i].Sites)
                Assert.Equal(call.ToString() + call.PhaseSet + call.Quality, streamed[i].Sites[site].ToString() + streamed[i].Sites[site].PhaseSet + streamed[i].Sites[site].Quality);
        }

        var one = VcfGenotypeReader.ReadStreaming(path, knowledge, sample: whole[42].SampleId, lenient: true);
        Assert.Equal([whole[42].SampleId], one.SampleIds);
        Assert.Equal(whole[42].Sites.Count, one.Samples.Single().Sites.Count);
        var missing = Assert.Throws<InputException>(() => VcfGenotypeReader.ReadStreaming(path, knowledge, sample: "nobody", lenient: true));
        Assert.StartsWith("sample 'nobody' is not in the file; samples: ", missing.Error.Reason, StringComparison.Ordinal);
    }
}

using System.IO.Compression;
using Precis.Core;
using Precis.Oncology.Annotation;
using Precis.Oncology.Knowledge;
using Precis.Testing;

namespace Precis.Oncology.Tests;

/// <summary>TMB placed in its TCGA cohort (maftools' per-sample totals), with the percentile checked by hand.</summary>
public sealed class TmbComparisonTests
{
    private static readonly OncologyAnnotator Annotator = new(OncologyKnowledge.Embedded());

    [SkippableFact]
    public void LAML_samples_are_placed_in_TCGA_LAML_by_mid_rank_percentile_counted_from_the_cohort_file()
    {
        var counts = TestPaths.Shared("oncology/maftools/tcga_cohort.txt.gz");
        var report = OncologyPipeline.Run(new OncologyRequest
        {
            TumourPath = TestPaths.Shared("oncology/maftools/tcga_laml.maf.gz"),
            TumourType = "AML",
            TcgaCohortCountsPath = counts,
        }, Annotator);

        var laml = new List<int>();
        using (var reader = new StreamReader(new GZipStream(File.OpenRead(counts), CompressionMode.Decompress)))
        {
            reader.ReadLine();
            while (reader.ReadLine() is { } line)
            {
                var f = line.Split('\t');
                if (f[0] == "LAML")
                    laml.Add(int.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        Assert.Equal(137, laml.Count);
        Assert.Equal(report.Samples.Count(s => s.Tmb is not null), report.TmbComparisons.Count);
        foreach (var s in report.Samples.Where(s => s.Tmb is not null))
        {
            var c = report.TmbComparisons[s.Sample];
            var n = s.Tmb!.Mutations;
            var expected = 100.0 * (laml.Count(t => t < n) + (0.5 * laml.Count(t => t == n))) / laml.Count;
            Assert.Equal(("LAML", 137, 9.0), (c.Cohort, c.CohortSize, c.CohortMedian));
            Assert.Equal(expected, c.Percentile, 9);
        }

        var top = report.Samples.OrderByDescending(s => s.Tmb!.Mutations).First();
        Assert.Equal(34, top.Tmb!.Mutations);
        Assert.Equal(92.7, Math.Round(report.TmbComparisons[top.Sample].Percentile, 1)); // 127 of 137 TCGA LAML samples have fewer than 34
        Assert.Contains("of TCGA LAML (n = 137, median 9;", report.TmbComparisons[top.Sample].Explanation, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void A_named_cohort_missing_from_the_table_is_refused_with_the_cohorts_it_has()
    {
        var e = Assert.Throws<InputException>(() => OncologyPipeline.Run(new OncologyRequest
        {
            TumourPath = TestPaths.Shared("oncology/maftools/tcga_laml.maf.gz"),
            TumourType = "AML",
            TcgaCohortCountsPath = TestPaths.Shared("oncology/maftools/tcga_cohort.txt.gz"),
            TcgaCohort = "XYZ",
        }, Annotator));
        Assert.Equal("no TCGA cohort 'XYZ' in the table", e.Error.Reason);
        Assert.Contains("LAML", e.Error.Hint, StringComparison.Ordinal);
    }
}

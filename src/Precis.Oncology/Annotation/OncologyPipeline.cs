using System.Text.RegularExpressions;
using Precis.Core;
using Precis.Oncology.Inputs;
using Precis.Oncology.Matching;

namespace Precis.Oncology.Annotation;

/// <summary>What to annotate and how: the tumour input and optional copy number, fusions, MSI and TMB settings.</summary>
public sealed record OncologyRequest
{
    /// <summary>Somatic variants: a MAF (any dialect) or a VCF (detected from the content).</summary>
    public required string TumourPath { get; init; }

    /// <summary>OncoTree code for every sample, or null (then per-sample codes or "unknown").</summary>
    public string? TumourType { get; init; }

    /// <summary>Per-sample OncoTree codes (e.g. from an annotator clinical file), overriding <see cref="TumourType"/>.</summary>
    public IReadOnlyDictionary<string, string> SampleTumourTypes { get; init; } = new Dictionary<string, string>();

    /// <summary>Gene-level CNA (GISTIC matrix or per-row) or allele-specific segments; detected from the header.</summary>
    public string? CopyNumberPath { get; init; }

    public string? FusionsPath { get; init; }

    public MsiStatus Msi { get; init; } = MsiStatus.NotGiven;

    /// <summary>TMB denominator; null keeps the default with its source stated.</summary>
    public double? CallableMegabases { get; init; }

    /// <summary>GRCh37/GRCh38, when the input does not say.</summary>
    public string? GenomeBuild { get; init; }

    /// <summary>Total copy number from which a segment amplifies a gene (PCGR 2.3 default 5).</summary>
    public int AmplificationMinimum { get; init; } = 5;

    public MatchOptions Match { get; init; } = new();

    /// <summary>maftools' tcga_cohort.txt(.gz): per-sample totals of TCGA cohorts, to place each sample's TMB (optional).</summary>
    public string? TcgaCohortCountsPath { get; init; }

    /// <summary>The TCGA cohort to compare with; by default the one matching the sample's OncoTree code.</summary>
    public string? TcgaCohort { get; init; }
}

/// <summary>A whole run: each sample's annotation, the knowledge used and notes about the inputs.</summary>
/// <param name="Samples">One annotation per tumour sample, in input order.</param>
/// <param name="InputNotes">What was read and how (dialect, build, annotation source).</param>
/// <param name="Knowledge">Knowledge-base versions used.</param>
public sealed record OncologyReport(IReadOnlyList<SampleAnnotation> Samples, IReadOnlyList<string> InputNotes, IReadOnlyList<KnowledgeVersion> Knowledge)
{
    /// <summary>Per sample, where its TMB falls in a TCGA cohort (only when cohort counts were given and a cohort applies).</summary>
    public IReadOnlyDictionary<string, TmbComparison> TmbComparisons { get; init; } = new Dictionary<string, TmbComparison>();
}

/// <summary>Reads the inputs of a request, builds one tumour profile per sample, and annotates each.</summary>
public static partial class OncologyPipeline
{
    /// <summary>True when a file starts like a VCF.</summary>
    public static bool LooksLikeVcf(string path)
    {
        using var reader = TextInput.Open(path);
        var first = reader.ReadLine() ?? "";
        return first.StartsWith("##fileformat=VCF", StringComparison.Ordinal);
    }

    public static OncologyReport Run(OncologyRequest request, OncologyAnnotator annotator)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(annotator);
        var kb = annotator.Knowledge;
        if (request.TumourType is { } code && !CodeRx().IsMatch(code))
            throw new InputException(new InputError("--tumour-type", null, null, null, $"'{code}' is not an OncoTree code (letters, digits and '_')", "e.g. LUAD, BRCA, COADREAD, AML"));

        var notes = new List<string>();
        IReadOnlyList<SomaticVariant> variants;
        IReadOnlyList<string> samples;
        string? build = request.GenomeBuild;
        var annotated = true;
        if (LooksLikeVcf(request.TumourPath))
        {
            var vcf = SomaticVcfReader.Read(request.TumourPath, request.GenomeBuild);
            variants = vcf.Variants;
            samples = [vcf.Sample];
            build = vcf.Build;
            annotated = vcf.Annotation is not null;
            notes.Add($"{Path.GetFileName(request.TumourPath)}: VCF, {vcf.Variants.Count} PASS variant alleles, {vcf.NonPassSkipped} non-PASS records skipped; build {vcf.Build ?? "unknown"}; consequence annotation {vcf.Annotation ?? "none (matching by exact alleles only)"}; tumour depth from {vcf.DepthSource ?? "nowhere"}");
        }
        else
        {
            var maf = MafReader.Read(request.TumourPath);
            variants = maf.Variants;
            samples = maf.Samples;
            build ??= variants.Select(v => BiomarkerMatcher.NormaliseBuild(v.Build)).FirstOrDefault(b => b is not null);
            notes.Add($"{Path.GetFileName(request.TumourPath)}: MAF ({maf.Dialect}), {maf.Variants.Count} rows, {maf.Samples.Count} sample(s); protein changes from {maf.ProteinColumn ?? "no column"}");
        }

        IReadOnlyList<CopyNumberCall> cna = [];
        if (request.CopyNumberPath is { } cnaPath)
        {
            if (IsSegmentFile(cnaPath))
            {
                var b = build ?? throw new InputException(new InputError(cnaPath, null, null, null, "copy-number segments need a genome build", "give --genome-build GRCh37 or GRCh38"));
                cna = new CopyNumberSegments(request.AmplificationMinimum).Call(cnaPath, samples.Count == 1 ? samples[0] : Path.GetFileName(cnaPath), b, kb.Loci);
                notes.Add($"{Path.GetFileName(cnaPath)}: segments on {b}; amplification = total copy number >= {request.AmplificationMinimum}, deep deletion = 0, for the {kb.Loci.Count / 2} genes in the locus table");
            }
            else
            {
                cna = CopyNumberReader.Read(cnaPath);
                notes.Add($"{Path.GetFileName(cnaPath)}: gene-level copy number, {cna.Count} non-neutral calls (GISTIC 2 = amplification, -2/-1.5 = deep deletion)");
            }
        }

        var fusions = request.FusionsPath is { } fp ? FusionReader.Read(fp) : [];
        if (request.FusionsPath is not null)
            notes.Add($"{Path.GetFileName(request.FusionsPath)}: {fusions.Count} fusion(s)");

        var definition = request.CallableMegabases is { } mb ? new TmbDefinition(mb, "--callable-mb") : TmbDefinition.Default;
        var tmbHigh = kb.Thresholds.TryGetValue("tmb-high", out var th) ? th.Value : 10;
        var hyper = kb.Thresholds.TryGetValue("hypermutated", out var hy) ? hy.Value : 20;
        var single = samples.Count == 1;
        var result = new List<SampleAnnotation>();
        foreach (var sample in samples)
        {
            var mine = variants.Where(v => v.Sample == sample).ToList();
            var type = request.SampleTumourTypes.GetValueOrDefault(sample) ?? request.TumourType;

            // A single-sample input owns every copy-number and fusion call, whatever sample name those files use.
            var profile = new TumourProfile(sample, type, mine,
                [.. cna.Where(c => single || c.Sample == sample)],
                [.. fusions.Where(f => single || f.Sample == sample)])
            {
                CopyNumberAssessed = request.CopyNumberPath is not null,
                FusionsAssessed = request.FusionsPath is not null,
                Msi = request.Msi,
                Tmb = annotated ? TmbResult.Compute(sample, mine, definition, tmbHigh, hyper) : null,
            };
            result.Add(annotator.Annotate(profile, request.Match));
        }

        var comparisons = new Dictionary<string, TmbComparison>(StringComparer.Ordinal);
        if (request.TcgaCohortCountsPath is { } cohortPath)
        {
            var counts = TcgaCohortCounts.Read(cohortPath);
            if (request.TcgaCohort is { } named && !counts.Cohorts.Contains(named, StringComparer.OrdinalIgnoreCase))
                throw new InputException(new InputError(cohortPath, null, null, "cohort", $"no TCGA cohort '{named}' in the table", "cohorts: " + string.Join(", ", counts.Cohorts.Order(StringComparer.Ordinal))));
            foreach (var s in result.Where(s => s.Tmb is not null))
            {
                var cohort = request.TcgaCohort ?? counts.CohortFor(s.TumourType, kb.Tree);
                if (cohort is not null && counts.Compare(cohort, s.Tmb!.Mutations) is { } c)
                    comparisons[s.Sample] = c;
            }

            notes.Add($"{Path.GetFileName(cohortPath)}: TMB compared with {(request.TcgaCohort is { } n ? "TCGA " + n : "the TCGA cohort of each sample's tumour type")} for {comparisons.Count} of {result.Count} sample(s)");
        }

        return new OncologyReport(result, notes, kb.Versions) { TmbComparisons = comparisons };
    }

    private static bool IsSegmentFile(string path)
    {
        using var reader = TextInput.Open(path);
        var header = reader.ReadLine() ?? "";
        return header.Contains("nMajor", StringComparison.Ordinal) || (header.Contains("Start", StringComparison.OrdinalIgnoreCase) && header.Contains("End", StringComparison.OrdinalIgnoreCase) && header.Contains("Chrom", StringComparison.OrdinalIgnoreCase));
    }

    [GeneratedRegex("^[A-Za-z0-9_]{1,30}$", RegexOptions.CultureInvariant)]
    private static partial Regex CodeRx();
}

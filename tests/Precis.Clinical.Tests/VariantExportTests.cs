using Precis.Clinical.Export;
using Precis.Clinical.Fhir;
using Precis.Core;
using Precis.Knowledge;
using Precis.Plans;
using Precis.Testing;

namespace Precis.Clinical.Tests;

/// <summary>The demo patient's plan, composed once from samples/demo by every contributor of this build.</summary>
internal static class DemoPlan
{
    private static readonly Lazy<Plan> Composed = new(() =>
    {
        var demo = Path.Combine(TestPaths.RepoRoot, "samples/demo");
        List<PlanInput> files =
        [
            new("germline-vcf", Path.Combine(demo, "demo.germline.vcf")),
            new("tumour-maf", Path.Combine(demo, "demo.tumour.maf")),
            new("fhir-bundle", Path.Combine(demo, "demo.fhir.json")),
            new("wearable-csv", Path.Combine(demo, "demo.wearable.csv")),
        ];
        return PlanComposer.Compose(files, KnowledgeCatalog.Embedded(), new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero), "precis", "test", new Progress<ProgressUpdate>());
    });

    public static Plan Plan => Composed.Value;

    /// <summary>The plan as `precis export fhir` writes it, read back through our strict parser.</summary>
    public static Bundle GenomicsBundle()
    {
        var plan = Plan;
        var json = FhirJson.Serialize(GenomicsReportExporter.Export(plan.Patient, plan.Findings, plan.Recommendations, plan.Provenance.GeneratedAt));
        return (Bundle)new FhirParser("export.json").Resource(FhirJson.Parse(json, "export.json"));
    }
}

public class VariantExportTests
{
    private const string Loinc = "http://loinc.org";

    private static string Profile(FhirResource r) => ((FhirArray)((FhirObject)r.Node["meta"]!)["profile"]!).Items.Cast<FhirPrimitive>().Single().Text;

    private static HashSet<(string, string)> Codes(IEnumerable<CodeableConcept> concepts) => [.. concepts.SelectMany(c => c.Codings).Select(c => (c.System!, c.Code!))];

    private static Observation VariantAt(Bundle bundle, long position) =>
        bundle.Resources<Observation>().Single(o => Profile(o).EndsWith("/variant", StringComparison.Ordinal)
            && o.Components.Any(c => c.Code!.CodeIn(Loinc) == "81254-5" && FhirJson.Serialize(c.Value!.Node).Contains($"\"low\":{{\"value\":{position}}}", StringComparison.Ordinal)));

    private static ObservationComponent Component(Observation o, string loinc) => o.Components.Single(c => c.Code!.CodeIn(Loinc) == loinc);

    private static (string?, string?) Coding(ObservationComponent c) => (c.Value!.CodeableConcept!.FirstCoding!.System, c.Value!.CodeableConcept!.FirstCoding!.Code);

    /// <summary>Component code → (value element, value coding) of an exported Observation, in the shape <see cref="IgInstance.Components"/> reads.</summary>
    private static Dictionary<(string, string), (string Element, (string, string)? Coding)> Shape(Observation o) =>
        o.Components.ToDictionary(
            c => (c.Code!.FirstCoding!.System!, c.Code!.FirstCoding!.Code!),
            c => (c.Value!.ElementName, c.Value.CodeableConcept?.FirstCoding is { Code: not null } f ? ((string, string)?)(f.System!, f.Code!) : null));

    [SkippableFact]
    public void The_CYP2C19_star2_defining_variant_rs4244285_is_a_homozygous_germline_Variant_shaped_like_the_IG_example_Pgx_var_1011()
    {
        var ig = IgFsh.Load();
        var example = ig.Instance("Pgx-var-1011");   // CYP2C19, germline, homozygous: the same kind of call
        var bundle = DemoPlan.GenomicsBundle();
        var v = VariantAt(bundle, 94781859);

        Assert.Equal(example.Profile, Profile(v));
        Assert.Equal(ig.ProfileCode("Variant"), (v.Code!.FirstCoding!.System!, v.Code.FirstCoding.Code!));   // 69548-6
        Assert.Equal(example.Categories, Codes(v.Categories));
        Assert.Equal(example.Value, (v.Value!.CodeableConcept!.FirstCoding!.System!, v.Value.CodeableConcept.FirstCoding.Code!));   // LA9633-4 Present

        // Every component the example and our export share has the same value element and, for codes, the same
        // system (and the same answer code where the call is the same: germline, homozygous, 1-based).
        var ours = Shape(v);
        var theirs = example.Components();
        (string, string)[] expectedShared =
        [
            ig.SliceCode("gene-studied"), ig.SliceCode("genomic-ref-seq"), ig.SliceCode("coordinate-system"), ig.SliceCode("exact-start-end"),
            ig.SliceCode("ref-allele"), ig.SliceCode("alt-allele"), ig.SliceCode("genomic-source-class"), ig.SliceCode("allelic-state"),
        ];
        Assert.Equal(expectedShared.ToHashSet(), ours.Keys.Intersect(theirs.Keys).ToHashSet());
        foreach (var code in expectedShared)
        {
            Assert.Equal(theirs[code].Element, ours[code].Element);
            Assert.Equal(theirs[code].Coding?.Item1, ours[code].Coding?.Item1);
        }

        foreach (var slice in new[] { "coordinate-system", "genomic-source-class", "allelic-state" })
            Assert.Equal(theirs[ig.SliceCode(slice)].Coding, ours[ig.SliceCode(slice)].Coding);   // LA30102-0, LA6683-2, LA6705-3

        // The values: GRCh38 chr10 is NC_000010.11; G>A at 94781859; HGNC:2621; genomic HGVS.
        Assert.Equal(("http://www.ncbi.nlm.nih.gov/refseq", "NC_000010.11"), Coding(Component(v, "48013-7")));
        Assert.Equal(("http://www.genenames.org", "HGNC:2621"), Coding(Component(v, "48018-6")));
        Assert.Equal("G", Component(v, "69547-8").Value!.Text);
        Assert.Equal("A", Component(v, "69551-0").Value!.Text);
        Assert.Contains("\"high\":{\"value\":94781859}", FhirJson.Serialize(Component(v, "81254-5").Value!.Node), StringComparison.Ordinal);
        Assert.Equal(("http://varnomen.hgvs.org", "NC_000010.11:g.94781859G>A"), Coding(Component(v, "81290-9")));
        Assert.Contains("rs4244285", FhirJson.Serialize(v.Node["note"]!), StringComparison.Ordinal);
    }

    [SkippableFact]
    public void The_CYP2C19_genotype_is_derived_from_its_defining_variants_and_the_report_lists_them()
    {
        var ig = IgFsh.Load();
        var bundle = DemoPlan.GenomicsBundle();
        var urls = bundle.Entries.ToDictionary(e => e.FullUrl!, e => e.Resource!);
        var genotype = bundle.Resources<Observation>().Single(o => Profile(o).EndsWith("/genotype", StringComparison.Ordinal) && o.Value!.CodeableConcept!.Text == "CYP2C19*2/*2");
        var variant = VariantAt(bundle, 94781859);
        var variantUrl = bundle.Entries.Single(e => ReferenceEquals(e.Resource, variant)).FullUrl!;

        // As Pgx-geno-1001: derivedFrom points at Variant Observations (and here also at the two haplotypes).
        Assert.Contains("derivedFrom[+] = Reference(Pgx-var-", ig.Instance("Pgx-geno-1001").Text, StringComparison.Ordinal);
        Assert.Contains(genotype.DerivedFrom, d => d.Ref == variantUrl);
        var derivedVariants = genotype.DerivedFrom.Select(d => urls[d.Ref!]).OfType<Observation>().Where(o => Profile(o).EndsWith("/variant", StringComparison.Ordinal)).ToList();
        // The demo VCF carries three non-reference CYP2C19 defining positions (rs12769205, rs4244285, rs3758581), all G/G or A/A.
        Assert.Equal(3, derivedVariants.Count);
        Assert.All(derivedVariants, o => Assert.Equal("LA6705-3", Component(o, "53034-5").Value!.CodeableConcept!.CodeIn(Loinc)));

        var report = bundle.Resources<DiagnosticReport>().Single();
        Assert.Contains(report.Results, r => r.Ref == variantUrl);
        Assert.All(bundle.Entries.SelectMany(e => References(e.Resource!.Node)), r => Assert.True(urls.ContainsKey(r), $"{r} does not resolve"));
    }

    [SkippableFact]
    public void The_PIK3CA_H1047R_tumour_row_is_a_somatic_Variant_with_VAF_reads_and_HGVS_as_in_the_IG_examples()
    {
        var ig = IgFsh.Load();
        var example = ig.Instance("VariantExample2");   // a variant given by VCF columns
        var bundle = DemoPlan.GenomicsBundle();
        var v = VariantAt(bundle, 179234297);

        Assert.Equal(example.Profile, Profile(v));
        Assert.Equal(example.Categories, Codes(v.Categories));
        var theirs = example.Components();
        var ours = Shape(v);
        // Every component of the example but allelic state (a MAF gives no zygosity), with the same value element.
        Assert.Subset(ours.Keys.ToHashSet(), theirs.Keys.Where(k => k != ig.SliceCode("allelic-state")).ToHashSet());
        foreach (var code in theirs.Keys.Intersect(ours.Keys))
            Assert.Equal(theirs[code].Element, ours[code].Element);

        // Somatic as VariantExample1 codes it; the demo MAF line 3: chr3 179234297 A>G GRCh38, t_depth 143, t_alt_count 54.
        Assert.Equal(ig.Instance("VariantExample1").Components()[ig.SliceCode("genomic-source-class")].Coding, ours[ig.SliceCode("genomic-source-class")].Coding);
        Assert.False(ours.ContainsKey(ig.SliceCode("allelic-state")));
        Assert.Equal(("http://www.ncbi.nlm.nih.gov/refseq", "NC_000003.12"), Coding(Component(v, "48013-7")));
        Assert.Equal(("A", "G"), (Component(v, "69547-8").Value!.Text, Component(v, "69551-0").Value!.Text));
        var vaf = (FhirObject)Component(v, "81258-6").Value!.Node;
        Assert.Equal(("0.3776", "http://unitsofmeasure.org", "1"), (((FhirPrimitive)vaf["value"]!).Text, vaf.Str("system"), vaf.Str("code")));   // 54/143
        Assert.Equal("54", ((FhirPrimitive)((FhirObject)Component(v, "82121-5").Value!.Node)["value"]!).Text);
        Assert.Equal(("http://varnomen.hgvs.org", "ENST00000263967:c.3140A>G"), Coding(Component(v, "48004-6")));
        Assert.Equal("p.H1047R", Component(v, "48005-3").Value!.CodeableConcept!.Text);
        Assert.Empty(Component(v, "48005-3").Value!.CodeableConcept!.Codings);   // no protein reference sequence: not a complete HGVS expression
        Assert.Equal(("http://varnomen.hgvs.org", "NC_000003.12:g.179234297A>G"), Coding(Component(v, "81290-9")));
        Assert.Equal("PIK3CA", Component(v, "48018-6").Value!.CodeableConcept!.Text);
        foreach (var slice in new[] { "sample-allelic-frequency", "allelic-read-depth", "representative-coding-hgvs", "representative-protein-hgvs", "genomic-hgvs", "coordinate-system" })
            Assert.Contains(ig.SliceCode(slice), ours.Keys);
    }

    [SkippableFact]
    public void The_oncology_therapy_implications_are_derived_from_the_PIK3CA_variant_and_coded_responsive()
    {
        var bundle = DemoPlan.GenomicsBundle();
        var variantUrl = bundle.Entries.Single(e => ReferenceEquals(e.Resource, VariantAt(bundle, 179234297))).FullUrl!;
        var implications = bundle.Resources<Observation>().Where(o => Profile(o).EndsWith("/therapeutic-implication", StringComparison.Ordinal)
            && o.DerivedFrom.Any(d => d.Ref == variantUrl)).ToList();
        Assert.Equal(["alpelisib + fulvestrant", "capivasertib + fulvestrant", "inavolisib"],
            implications.Select(o => Component(o, "51963-7").Value!.CodeableConcept!.Text).Order(StringComparer.Ordinal));
        Assert.All(implications, o => Assert.Contains(o.Components, c => c.Value?.CodeableConcept?.CodeIn(Loinc) == "LA6677-4"));   // Responsive (Tier I)
    }

    [SkippableFact]
    public void Every_LOINC_code_the_export_writes_appears_in_the_IG_sources()
    {
        var ig = IgFsh.Load();
        var json = FhirJson.Serialize(GenomicsReportExporter.Export(DemoPlan.Plan.Patient, DemoPlan.Plan.Findings, DemoPlan.Plan.Recommendations, DemoPlan.Plan.Provenance.GeneratedAt));
        var codes = System.Text.RegularExpressions.Regex.Matches(json, "\"system\":\"http://loinc.org\",\"code\":\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToHashSet();
        Assert.True(codes.Count >= 25, $"only {codes.Count} LOINC codes exported");
        Assert.All(codes, c => Assert.True(ig.AllText.Contains("#" + c, StringComparison.Ordinal), $"LOINC {c} is not in the IG sources"));
    }

    [Fact]
    public void Variant_details_round_trip_through_a_finding_and_a_bad_value_names_the_finding_and_key()
    {
        var v = new VariantDetail { Gene = "CYP2C19", Build = "GRCh38.p14", Chromosome = "chr10", Position = 94781859, Reference = "G", Alternate = "A", Origin = VariantOrigin.Germline, Zygosity = Zygosity.Homozygous, Rsid = "rs4244285" };
        var f = new Finding("pgx:CYP2C19:diplotype", "pharmacogenomics", "diplotype", "CYP2C19", "CYP2C19 *2/*2",
            VariantDetails.With(new Dictionary<string, string> { ["diplotype"] = "*2/*2" }, [v]), [], [], []);
        Assert.Equal("94781859", f.Details["variant.1.pos"]);
        Assert.Equal("*2/*2", f.Details["diplotype"]);
        Assert.Equal(v, Assert.Single(VariantDetails.Read(f)));

        var bad = f with { Details = new Dictionary<string, string>(f.Details) { ["variant.1.zygosity"] = "triploid" } };
        var ex = Assert.Throws<InputException>(() => VariantDetails.Read(bad, "plan/report.json"));
        Assert.Equal("plan/report.json: finding pgx:CYP2C19:diplotype: details.variant.1.zygosity: 'triploid' is not heterozygous, homozygous or hemizygous (hint: variant details are written by Precis engines; re-create the report)", ex.Message);
    }

    [Fact]
    public void A_hemizygous_variant_states_its_allelic_state_as_text_because_the_IG_sources_give_no_answer_code()
    {
        var v = new VariantDetail { Gene = "G6PD", Build = "GRCh38", Chromosome = "chrX", Position = 154536002, Reference = "C", Alternate = "T", Origin = VariantOrigin.Germline, Zygosity = Zygosity.Hemizygous };
        var f = new Finding("pgx:G6PD:diplotype", "pharmacogenomics", "diplotype", "G6PD", "G6PD A- 202A_376G",
            VariantDetails.With(new Dictionary<string, string> { ["diplotype"] = "A- 202A_376G" }, [v]), [], [], []);
        var bundle = (Bundle)new FhirParser("e.json").Resource(FhirJson.Parse(FhirJson.Serialize(GenomicsReportExporter.Export(new PatientSummary { Id = "p" }, [f], [], DateTimeOffset.UnixEpoch)), "e.json"));
        var variant = bundle.Resources<Observation>().Single(o => o.Code!.CodeIn(Loinc) == "69548-6");
        var state = Component(variant, "53034-5").Value!.CodeableConcept!;
        Assert.Equal("Hemizygous", state.Text);
        Assert.Empty(state.Codings);
        Assert.Equal(("http://www.ncbi.nlm.nih.gov/refseq", "NC_000023.11"), Coding(Component(variant, "48013-7")));
        Assert.Equal(("http://www.genenames.org", "HGNC:4057"), Coding(Component(variant, "48018-6")));
    }

    internal static IEnumerable<string> References(FhirNode node)
    {
        switch (node)
        {
            case FhirObject o:
                foreach (var (name, child) in o.Members)
                {
                    if (name == "reference" && child is FhirPrimitive p)
                        yield return p.Text;
                    foreach (var r in References(child))
                        yield return r;
                }

                break;
            case FhirArray a:
                foreach (var item in a.Items)
                {
                    foreach (var r in References(item))
                        yield return r;
                }

                break;
        }
    }
}

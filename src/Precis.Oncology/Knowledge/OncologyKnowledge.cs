using System.Globalization;
using System.Text.Json;
using Precis.Core;
using Precis.Knowledge;
using Precis.Oncology.Tumours;

namespace Precis.Oncology.Knowledge;

/// <summary>A record condition (SNOMED CT code or name) mapped to an OncoTree code.</summary>
/// <param name="Snomed">SNOMED CT concept id, or null.</param>
/// <param name="Name">Condition text as records write it (matched case-insensitively).</param>
/// <param name="OncoTree">The OncoTree code it maps to.</param>
/// <param name="Citations">Where the mapping comes from.</param>
public sealed record ConditionMapping(string? Snomed, string Name, string OncoTree, IReadOnlyList<Citation> Citations);

/// <summary>Where a gene lies on one build (1-based, inclusive).</summary>
/// <param name="Gene">HUGO symbol.</param>
/// <param name="Build">GRCh37 or GRCh38.</param>
/// <param name="Chromosome">Chromosome without "chr".</param>
/// <param name="Start">Gene start.</param>
/// <param name="End">Gene end.</param>
public sealed record GeneLocus(string Gene, string Build, string Chromosome, long Start, long End);

/// <summary>A numeric threshold with its source, e.g. TMB-high ≥ 10 mut/Mb.</summary>
/// <param name="Id">"tmb-high".</param>
/// <param name="Value">The cut-off.</param>
/// <param name="Unit">Its unit.</param>
/// <param name="Rule">The comparison in words, e.g. "≥".</param>
/// <param name="Citations">Where it comes from.</param>
public sealed record Threshold(string Id, double Value, string Unit, string Rule, IReadOnlyList<Citation> Citations);

/// <summary>
/// The oncology knowledge of a run: evidence items from every oncology knowledge base in the catalog (the
/// embedded Precis set by default), protein regions, the OncoTree hierarchy, condition mappings and thresholds.
/// </summary>
public sealed class OncologyKnowledge
{
    private static readonly string[] Builds = ["GRCh37", "GRCh38"];

    /// <summary>Id of the embedded curated biomarker → therapy set.</summary>
    public const string BiomarkersId = "precis-oncology-biomarkers";

    /// <summary>Id of the embedded OncoTree subset and condition mappings.</summary>
    public const string TumourTypesId = "precis-oncology-tumour-types";

    public required IReadOnlyList<EvidenceItem> Evidence { get; init; }

    public required ExonTable Regions { get; init; }

    public required OncoTree Tree { get; init; }

    public required IReadOnlyList<ConditionMapping> Conditions { get; init; }

    public required IReadOnlyDictionary<string, Threshold> Thresholds { get; init; }

    /// <summary>Gene loci per build ("GRCh37"/"GRCh38"), for calling gene copy number from segments.</summary>
    public IReadOnlyList<GeneLocus> Loci { get; init; } = [];

    /// <summary>Disease Ontology id (no prefix) → OncoTree code, for CIViC diseases.</summary>
    public IReadOnlyDictionary<string, string> DoidToOncoTree { get; init; } = new Dictionary<string, string>();

    /// <summary>CGI tumour acronym → OncoTree code, for the CGI biomarker table.</summary>
    public IReadOnlyDictionary<string, string> CgiToOncoTree { get; init; } = new Dictionary<string, string>();

    /// <summary>The knowledge bases read, for provenance.</summary>
    public required IReadOnlyList<KnowledgeVersion> Versions { get; init; }

    /// <summary>The embedded curated knowledge.</summary>
    public static OncologyKnowledge Embedded() => From(KnowledgeCatalog.Embedded());

    /// <summary>Reads the tumour types and regions first (the biomarkers need the regions), then every oncology base's evidence.</summary>
    public static OncologyKnowledge From(KnowledgeCatalog catalog, IEnumerable<EvidenceItem>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var types = catalog.Find(TumourTypesId) ?? throw new InvalidOperationException($"knowledge base {TumourTypesId} is missing from this build");
        var bio = catalog.Find(BiomarkersId) ?? throw new InvalidOperationException($"knowledge base {BiomarkersId} is missing from this build");

        var tree = new OncoTree(types.EntriesOf("oncotree").Select(e => new OncoTreeNode(Str(e, "code"), Str(e, "name"), OptStr(e, "parent"), Str(e, "tissue"))));
        var conditions = types.EntriesOf("conditions").Select(e => new ConditionMapping(OptStr(e, "snomed"), Str(e, "name"), Str(e, "oncotree"), types.CitationsOf(e))).ToList();
        var regions = new ExonTable(bio.EntriesOf("regions").Select(e =>
            new ProteinRegion(Str(e, "gene"), Str(e, "name"), Str(e, "transcript"), e.GetProperty("start").GetInt32(), e.GetProperty("end").GetInt32())));
        var thresholds = bio.EntriesOf("thresholds").Select(e => new Threshold(Str(e, "id"), e.GetProperty("value").GetDouble(), Str(e, "unit"), Str(e, "rule"), bio.CitationsOf(e)))
            .ToDictionary(t => t.Id, StringComparer.Ordinal);

        var evidence = new List<EvidenceItem>();
        foreach (var kb in catalog.Bases.Where(b => b.Source.Area == "oncology"))
            evidence.AddRange(ReadEvidence(kb));
        if (extra is not null)
            evidence.AddRange(extra);

        return new OncologyKnowledge
        {
            Evidence = evidence,
            Regions = regions,
            Tree = tree,
            Conditions = conditions,
            Thresholds = thresholds,
            Loci = [.. bio.EntriesOf("loci").SelectMany(e => Builds.Select(b =>
                new GeneLocus(Str(e, "gene"), b, Str(e, "chrom"), e.GetProperty(b.ToLowerInvariant())[0].GetInt64(), e.GetProperty(b.ToLowerInvariant())[1].GetInt64())))],
            DoidToOncoTree = types.EntriesOf("diseases").ToDictionary(e => Str(e, "doid"), e => Str(e, "oncotree"), StringComparer.Ordinal),
            CgiToOncoTree = types.EntriesOf("cgi_tumour_types").ToDictionary(e => Str(e, "cgi"), e => Str(e, "oncotree"), StringComparer.OrdinalIgnoreCase),
            Versions = [.. catalog.Bases.Where(b => b.Source.Area == "oncology").Select(b => b.Source.ToVersion())],
        };
    }

    /// <summary>Reads the "evidence" entries of one knowledge base in the Precis oncology entry format.</summary>
    public static IEnumerable<EvidenceItem> ReadEvidence(KnowledgeBase kb)
    {
        ArgumentNullException.ThrowIfNull(kb);

        // Known alleles (genomic and coding HGVS) of protein changes, applied to every leaf naming that change.
        var alleles = kb.EntriesOf("alleles").ToDictionary(
            a => $"{Str(a, "gene")}:{Notation.ProteinChange.Parse(Str(a, "protein"))!.Text}",
            a => (Genomic: Strings(a, "genomic"), Hgvsc: Strings(a, "hgvsc")),
            StringComparer.OrdinalIgnoreCase);
        var i = 0;
        foreach (var e in kb.EntriesOf("evidence"))
        {
            var path = $"{kb.Source.Id}: $.entries.evidence[{i++}]";
            var biomarkerText = Str(e, "biomarker");
            var expr = BiomarkerExpression.ParseCgi(biomarkerText).Map(leaf =>
                leaf.Change is not null && alleles.TryGetValue($"{leaf.Gene}:{leaf.Change.Text}", out var a) ? leaf with { Genomic = a.Genomic, Hgvsc = a.Hgvsc } : leaf);

            var d = e.GetProperty("disease");
            var level = Str(e, "level");
            if (level.Length != 1 || level[0] is < 'A' or > 'D')
                throw new InvalidOperationException($"{path}.level: '{level}' is not an AMP/ASCO/CAP level A-D");
            yield return new EvidenceItem
            {
                Id = Str(e, "id"),
                KnowledgeBaseId = kb.Source.Id,
                KnowledgeBaseVersion = kb.Source.Version,
                BiomarkerText = biomarkerText,
                Biomarker = expr,
                Disease = new Disease(Str(d, "name"), OptStr(d, "oncotree"), OptStr(d, "doid")) { Excludes = Strings(d, "excludes") },
                Type = Parse<EvidenceType>(Str(e, "type"), path + ".type"),
                Direction = OptStr(e, "direction") is { } dir ? Parse<EvidenceDirection>(dir.Replace("_", "", StringComparison.Ordinal), path + ".direction") : EvidenceDirection.Supports,
                Significance = Parse<EvidenceSignificance>(Str(e, "significance").Replace("_", "", StringComparison.Ordinal), path + ".significance"),
                Therapies = Strings(e, "therapies"),
                TherapyInteraction = OptStr(e, "interaction"),
                SourceLevel = OptStr(e, "source_level") ?? level,
                AmpLevel = level[0],
                FdaApproved = e.TryGetProperty("fda", out var fda) && fda.ValueKind == JsonValueKind.True,
                Summary = OptStr(e, "summary"),
                Citations = kb.CitationsOf(e),
            };
        }
    }

    private static T Parse<T>(string text, string path)
        where T : struct, Enum =>
        Enum.TryParse<T>(text, ignoreCase: true, out var v) ? v : throw new InvalidOperationException($"{path}: '{text}' is not one of {string.Join(", ", Enum.GetNames<T>())}");

    private static string Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new InvalidOperationException($"oncology knowledge entry lacks '{name}'");

    private static string? OptStr(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static IReadOnlyList<string> Strings(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? [.. v.EnumerateArray().Select(x => x.GetString()!)] : [];

    /// <summary>The threshold value as text ("10"), for messages.</summary>
    public static string Format(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}

using System.Globalization;
using System.Text.Json;
using Precis.Core;
using Precis.Oncology.Inputs;

namespace Precis.Oncology.Knowledge;

/// <summary>
/// Imports CIViC evidence (CC0): the nightly/monthly <c>ClinicalEvidenceSummaries.tsv</c> layout, and CIViC JSON
/// records (GraphQL-era evidence/assertion/molecular-profile/variant objects, or the older REST harvester arrays
/// with evidence, variants and genes). Molecular profiles become AND/OR/NOT expressions; single-variant profiles
/// carry the variant's GRCh37 alleles and coding HGVS for exact matching.
/// </summary>
public static class CivicImporter
{
    /// <summary>Knowledge-base id given to imported CIViC items.</summary>
    public const string KnowledgeBaseId = "civic";

    private static readonly string[] TsvRequired = ["molecular_profile", "disease", "doid", "therapies", "evidence_type", "evidence_direction", "evidence_level", "significance", "citation_id", "evidence_id"];

    /// <summary>Reads the ClinicalEvidenceSummaries TSV; only accepted items are kept.</summary>
    public static IReadOnlyList<EvidenceItem> ReadTsv(string path, ExonTable regions, IReadOnlyDictionary<string, string> doidToOncoTree)
    {
        ArgumentNullException.ThrowIfNull(regions);
        ArgumentNullException.ThrowIfNull(doidToOncoTree);
        using var reader = TextInput.Open(path);
        var items = new List<EvidenceItem>();
        string[]? header = null;
        var col = new Dictionary<string, int>(StringComparer.Ordinal);
        var fileName = Path.GetFileName(path);
        var cut = fileName.IndexOf("-ClinicalEvidenceSummaries", StringComparison.OrdinalIgnoreCase);
        var version = cut > 0 ? fileName[..cut] : fileName; // "01-Nov-2026" or "nightly"
        foreach (var (number, line) in TextInput.Lines(reader, path))
        {
            if (line.Length == 0)
                continue;
            var f = line.Split('\t');
            if (header is null)
            {
                header = f;
                foreach (var name in TsvRequired.Concat(["therapy_interaction_type", "evidence_status", "source_type", "citation", "evidence_statement", "variant_origin"]))
                    col[name] = TextInput.Column(header, name);
                var missing = TsvRequired.FirstOrDefault(r => col[r] < 0);
                if (missing is not null)
                    throw new InputException(new InputError(path, number, null, missing, $"CIViC evidence TSV has no '{missing}' column", "expected the ClinicalEvidenceSummaries.tsv layout"));
                continue;
            }

            string F(string name) => TextInput.Field(f, col[name]);
            var status = F("evidence_status");
            if (status.Length > 0 && !status.Equals("accepted", StringComparison.OrdinalIgnoreCase))
                continue;
            var level = F("evidence_level");
            if (level.Length != 1 || level[0] is < 'A' or > 'E')
                throw new InputException(new InputError(path, number, col["evidence_level"] + 1, "evidence_level", $"'{level}' is not a CIViC evidence level A-E"));
            var id = F("evidence_id");
            if (!int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                throw new InputException(new InputError(path, number, col["evidence_id"] + 1, "evidence_id", $"'{id}' is not a CIViC evidence id"));
            var profile = F("molecular_profile");
            var doid = F("doid");
            items.Add(new EvidenceItem
            {
                Id = "EID" + id,
                KnowledgeBaseId = KnowledgeBaseId,
                KnowledgeBaseVersion = version,
                BiomarkerText = profile,
                Biomarker = BiomarkerExpression.ParseCivic(profile, regions),
                Disease = new Disease(F("disease"), doidToOncoTree.GetValueOrDefault(doid), doid.Length > 0 ? doid : null),
                Type = EvidenceTypeOf(F("evidence_type"), path, number),
                Direction = DirectionOf(F("evidence_direction")),
                Significance = SignificanceOf(F("significance")),
                Therapies = [.. F("therapies").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
                TherapyInteraction = F("therapy_interaction_type") is { Length: > 0 } ti ? ti.ToLowerInvariant() : null,
                SourceLevel = "CIViC " + level,
                AmpLevel = level[0] == 'E' ? 'D' : level[0],
                Summary = F("evidence_statement") is { Length: > 0 } st ? st : null,
                Citations = [CiteSource(F("citation_id"), F("source_type"), F("citation")), CiteEvidence(id)],
            });
        }

        if (header is null)
            throw new InputException(new InputError(path, 1, null, null, "empty CIViC evidence file"));
        return items;
    }

    /// <summary>
    /// Reads CIViC JSON files together (a profile's name may be in one file and its evidence in another). Each file
    /// holds one object or an array of objects; evidence items and assertions become evidence.
    /// </summary>
    public static IReadOnlyList<EvidenceItem> ReadJson(IEnumerable<string> paths, ExonTable regions, IReadOnlyDictionary<string, string> doidToOncoTree)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(regions);
        ArgumentNullException.ThrowIfNull(doidToOncoTree);
        var objects = new List<(string File, JsonElement Element)>();
        foreach (var path in paths)
        {
            using var stream = InputFiles.OpenForReading(path);
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(stream);
            }
            catch (JsonException ex)
            {
                throw new InputException(InputErrors.FromJson(path, ex, "not valid JSON"), ex);
            }

            var root = doc.RootElement.Clone();
            doc.Dispose();
            if (root.ValueKind == JsonValueKind.Array)
                objects.AddRange(root.EnumerateArray().Select(e => (path, e)));
            else if (root.ValueKind == JsonValueKind.Object)
                objects.Add((path, root));
        }

        var profiles = new Dictionary<int, (string Name, IReadOnlyList<int> VariantIds)>();
        var variants = new Dictionary<int, JsonElement>();
        var genes = new Dictionary<int, string>();
        foreach (var (_, o) in objects)
        {
            var type = Str(o, "type");
            if (type == "molecular_profile" && Int(o, "id") is { } mp)
                profiles[mp] = (Str(o, "name") ?? "", o.TryGetProperty("variant_ids", out var vi) ? [.. vi.EnumerateArray().Select(x => x.GetInt32())] : []);
            else if ((type is "variant" || o.TryGetProperty("entrez_name", out _)) && Int(o, "id") is { } v && o.TryGetProperty("coordinates", out _))
                variants[v] = o;
            else if (o.TryGetProperty("entrez_id", out _) && !o.TryGetProperty("entrez_name", out _) && Int(o, "id") is { } g && Str(o, "name") is { } gn)
                genes[g] = gn;
        }

        var items = new List<EvidenceItem>();
        foreach (var (file, o) in objects)
        {
            var type = Str(o, "type");
            if (type is not ("evidence" or "assertion"))
                continue;
            var isAssertion = type == "assertion";
            var id = Int(o, "id") ?? throw new InputException(new InputError(file, null, null, "$.id", "CIViC record has no id"));

            // The profile: v2 records name a molecular profile; harvester records name a variant and gene.
            string? name = null;
            var variantIds = new List<int>();
            if (Int(o, "molecular_profile_id") is { } mpId && profiles.TryGetValue(mpId, out var prof))
            {
                name = prof.Name;
                variantIds.AddRange(prof.VariantIds);
            }
            else if (Int(o, "variant_id") is { } vid && variants.TryGetValue(vid, out var ve))
            {
                var gene = Str(ve, "entrez_name") ?? (Int(o, "gene_id") is { } gid ? genes.GetValueOrDefault(gid) : null);
                name = $"{gene} {Str(ve, "name")}";
                variantIds.Add(vid);
            }

            if (name is null)
                continue; // The record's profile is not among the files given: nothing to match on.

            var expr = BiomarkerExpression.ParseCivic(name, regions);
            if (expr is BiomarkerExpression.Leaf leaf && variantIds.Count == 1 && variants.TryGetValue(variantIds[0], out var v))
                expr = new BiomarkerExpression.Leaf(leaf.Pattern with { Genomic = Genomic(v), Hgvsc = [.. Strings(v, "hgvs_expressions").Where(h => h.Contains(":c.", StringComparison.Ordinal))] });

            var disease = o.TryGetProperty("disease", out var d) ? d : default;
            var doid = disease.ValueKind == JsonValueKind.Object ? Str(disease, "doid") : null;
            var level = isAssertion ? AssertionLevel(Str(o, "amp_level")) : Str(o, "evidence_level") ?? "";
            var therapies = (o.TryGetProperty("therapies", out var th) || o.TryGetProperty("drugs", out th)) && th.ValueKind == JsonValueKind.Array
                ? th.EnumerateArray().Select(t => Str(t, "name") ?? "").Where(t => t.Length > 0).ToList()
                : [];
            var source = o.TryGetProperty("source", out var src) && src.ValueKind == JsonValueKind.Object
                ? CiteSource(Str(src, "citation_id") ?? "", Str(src, "source_type") ?? "", Str(src, "citation") ?? "")
                : null;
            var own = isAssertion
                ? new Citation("civic:AID" + id.ToString(CultureInfo.InvariantCulture), $"CIViC assertion AID{id}", new Uri($"https://civicdb.org/assertions/{id}"), "CIViC")
                : CiteEvidence(id.ToString(CultureInfo.InvariantCulture));
            items.Add(new EvidenceItem
            {
                Id = (isAssertion ? "AID" : "EID") + id.ToString(CultureInfo.InvariantCulture),
                KnowledgeBaseId = KnowledgeBaseId,
                KnowledgeBaseVersion = "json",
                BiomarkerText = name,
                Biomarker = expr,
                Disease = new Disease(disease.ValueKind == JsonValueKind.Object ? Str(disease, "name") ?? "" : "", doid is null ? null : doidToOncoTree.GetValueOrDefault(doid), doid),
                Type = EvidenceTypeOf(Str(o, isAssertion ? "assertion_type" : "evidence_type") ?? Str(o, "evidence_type") ?? "", file, null),
                Direction = DirectionOf(Str(o, isAssertion ? "assertion_direction" : "evidence_direction") ?? Str(o, "evidence_direction") ?? ""),
                Significance = SignificanceOf(Str(o, "significance") ?? Str(o, "clinical_significance") ?? ""),
                Therapies = therapies,
                TherapyInteraction = (Str(o, "therapy_interaction_type") ?? Str(o, "drug_interaction_type"))?.ToLowerInvariant(),
                SourceLevel = isAssertion ? "CIViC assertion " + (Str(o, "amp_level") ?? "") : "CIViC " + level,
                AmpLevel = level.Length == 1 && level[0] is >= 'A' and <= 'D' ? level[0] : 'D',
                FdaApproved = o.TryGetProperty("fda_regulatory_approval", out var fda) && fda.ValueKind == JsonValueKind.True,
                Summary = Str(o, "summary"),
                Citations = source is null ? [own] : [own, source],
            });
        }

        return items;
    }

    /// <summary>"TIER_I_LEVEL_A" or "Tier I - Level A" → "A".</summary>
    public static string AssertionLevel(string? ampLevel)
    {
        var t = (ampLevel ?? "").ToUpperInvariant();
        var i = t.LastIndexOf("LEVEL", StringComparison.Ordinal);
        return i < 0 ? "" : t[(i + 5)..].Trim(' ', '_', '-');
    }

    private static IReadOnlyList<string> Genomic(JsonElement variant)
    {
        if (!variant.TryGetProperty("coordinates", out var c) || c.ValueKind != JsonValueKind.Object)
            return [];
        var build = Str(c, "reference_build");
        var chrom = Str(c, "chromosome");
        var start = Int(c, "start");
        var refBases = Str(c, "reference_bases");
        var alt = Str(c, "variant_bases");
        return build is null || chrom is null || start is null || refBases is null || alt is null ? [] : [$"{build}:{chrom}:{start}:{refBases}:{alt}"];
    }

    private static EvidenceType EvidenceTypeOf(string text, string file, long? line) =>
        Enum.TryParse<EvidenceType>(text, ignoreCase: true, out var t) ? t : throw new InputException(new InputError(file, line, null, "evidence_type", $"'{text}' is not a CIViC evidence type"));

    private static EvidenceDirection DirectionOf(string text) =>
        text.Replace("_", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).Equals("DOESNOTSUPPORT", StringComparison.OrdinalIgnoreCase) ? EvidenceDirection.DoesNotSupport : EvidenceDirection.Supports;

    private static EvidenceSignificance SignificanceOf(string text) =>
        text.Replace("/", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).ToUpperInvariant() switch
        {
            "SENSITIVITYRESPONSE" or "SENSITIVITY" => EvidenceSignificance.Sensitivity,
            "RESISTANCE" => EvidenceSignificance.Resistance,
            "REDUCEDSENSITIVITY" => EvidenceSignificance.ReducedSensitivity,
            "ADVERSERESPONSE" => EvidenceSignificance.AdverseResponse,
            "BETTEROUTCOME" => EvidenceSignificance.BetterOutcome,
            "POOROUTCOME" => EvidenceSignificance.PoorOutcome,
            "POSITIVE" => EvidenceSignificance.Positive,
            "NEGATIVE" => EvidenceSignificance.Negative,
            _ => EvidenceSignificance.Other,
        };

    private static Citation CiteEvidence(string id) =>
        new("civic:EID" + id, $"CIViC evidence item EID{id}", new Uri($"https://civicdb.org/evidence/{id}"), "CIViC");

    private static Citation CiteSource(string citationId, string sourceType, string citation) =>
        sourceType.Equals("PubMed", StringComparison.OrdinalIgnoreCase) && citationId.Length > 0
            ? new Citation("PMID:" + citationId, citation.Length > 0 ? citation : "PubMed " + citationId, new Uri($"https://pubmed.ncbi.nlm.nih.gov/{citationId}/"), "PubMed")
            : new Citation(citationId.Length > 0 ? citationId : "civic-source", citation.Length > 0 ? citation : sourceType, null, sourceType);

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            _ => null,
        } : null;

    private static int? Int(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : null;

    private static IEnumerable<string> Strings(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().Select(x => x.GetString() ?? "") : [];
}

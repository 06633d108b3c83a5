using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Precis.Core;
using Precis.Pharmacogenomics.Definitions;
using Precis.Pharmacogenomics.Phenotypes;
using Precis.Pharmacogenomics.Recommendations;

namespace Precis.Pharmacogenomics.Knowledge;

/// <summary>
/// Reads PharmCAT's bundled data formats: allele definitions (<c>*_translation.json</c>, formatVersion 2),
/// <c>exemptions.json</c>, phenotype files (<c>phenotype/*.json</c>) and guideline annotations
/// (<c>guidelines/*.json</c>), plus the CPIC database seed's drug table (RxNorm ids). Errors name the file
/// and the JSON path of the offending field.
/// </summary>
public static partial class PharmcatImporter
{
    /// <summary>Largest JSON file read, so a wrong path cannot exhaust memory.</summary>
    public const long MaxFileBytes = 64L * 1024 * 1024;

    /// <summary>Reads exemptions.json: gene → exemption fields, applied by <see cref="ReadDefinition"/>.</summary>
    public static IReadOnlyDictionary<string, JsonElement> ReadExemptions(string path)
    {
        using var doc = Parse(path);
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
            throw Error(path, "$", "top level must be an object keyed by gene");
        return doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);
    }

    /// <summary>Reads one <c>GENE_translation.json</c> and applies the gene's exemptions.</summary>
    public static GeneDefinition ReadDefinition(string path, IReadOnlyDictionary<string, JsonElement>? exemptions = null)
    {
        using var doc = Parse(path);
        var root = doc.RootElement;
        var gene = Str(root, "gene", path, "$");
        var chromosome = Str(root, "chromosome", path, "$");
        var build = Str(root, "genomeBuild", path, "$");
        var version = Str(root, "version", path, "$");
        if (!build.StartsWith("GRCh38", StringComparison.Ordinal))
            throw Error(path, "$.genomeBuild", $"'{build}' is not GRCh38; only GRCh38 definitions are supported");

        var positions = new List<DefinitionPosition>();
        var variants = Arr(root, "variants", path, "$");
        var i = 0;
        foreach (var v in variants.EnumerateArray())
        {
            positions.Add(ReadPosition(v, path, $"$.variants[{i}]"));
            i++;
        }

        var alleles = new List<NamedAlleleDefinition>();
        var n = 0;
        foreach (var a in Arr(root, "namedAlleles", path, "$").EnumerateArray())
        {
            var at = $"$.namedAlleles[{n}]";
            var name = Str(a, "name", path, at);
            var values = Arr(a, "alleles", path, at);
            if (values.GetArrayLength() != positions.Count)
                throw Error(path, at + ".alleles", $"has {values.GetArrayLength()} alleles but the gene has {positions.Count} positions");
            var map = new SortedDictionary<long, string>();
            var k = 0;
            foreach (var x in values.EnumerateArray())
            {
                if (x.ValueKind == JsonValueKind.String)
                    map[positions[k].Position] = x.GetString()!;
                else if (x.ValueKind != JsonValueKind.Null)
                    throw Error(path, $"{at}.alleles[{k}]", "must be a string or null");
                k++;
            }

            var isRef = a.TryGetProperty("reference", out var r) && r.ValueKind == JsonValueKind.True;
            var id = a.TryGetProperty("id", out var idEl) && idEl.ValueKind == JsonValueKind.String ? idEl.GetString() : null;
            alleles.Add(new NamedAlleleDefinition(name, id, isRef, map));
            n++;
        }

        var subs = root.TryGetProperty("suballelesMap", out var sm) && sm.ValueKind == JsonValueKind.Object
            ? sm.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String).ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal)
            : [];
        var definition = new GeneDefinition
        {
            Gene = gene,
            Suballeles = new SortedDictionary<string, string>(subs, StringComparer.Ordinal),
            Chromosome = chromosome,
            GenomeBuild = build,
            Version = version,
            Positions = positions,
            Alleles = alleles,
        };
        if (exemptions is null || !exemptions.TryGetValue(gene, out var ex))
            return definition;

        var at2 = $"exemptions.json $.{gene}";
        var ignoredAlleles = StrList(ex, "ignoredAlleles").ToHashSet(StringComparer.OrdinalIgnoreCase);
        return definition with
        {
            Alleles = [.. alleles.Where(a => !ignoredAlleles.Contains(a.Name))],
            IgnoredPositions = [.. PositionList(ex, "ignoredPositions", path, at2)],
            RequiredPositions = [.. LongList(ex, "requiredPositions")],
            Amp1Alleles = [.. StrList(ex, "amp1Alleles")],
            Amp1Positions = [.. LongList(ex, "amp1Positions")],
            ExtraPositions = ex.TryGetProperty("extraPositions", out var extra) && extra.ValueKind == JsonValueKind.Array
                ? [.. extra.EnumerateArray().Select((e, j) => ReadPosition(e, path, $"{at2}.extraPositions[{j}]"))]
                : [],
            UnphasedPriorities = ex.TryGetProperty("unphasedDiplotypePriorities", out var pri) && pri.ValueKind == JsonValueKind.Array
                ? [.. pri.EnumerateArray().Select(p => new DiplotypePriority([.. StrList(p, "list")], p.GetProperty("pick").GetString()!))]
                : [],
        };
    }

    /// <summary>
    /// Reads a PharmCAT phenotype file and collapses its enumerated diplotypes into function-pair rules; refuses
    /// a file where the same pair of allele keys gives two different results.
    /// </summary>
    public static GenePhenotypes ReadPhenotypes(string path)
    {
        using var doc = Parse(path);
        var root = doc.RootElement;
        var gene = Str(root, "gene", path, "$");
        var version = Str(root, "version", path, "$");
        var functions = new Dictionary<string, AlleleFunction>(StringComparer.Ordinal);
        if (root.TryGetProperty("namedAlleles", out var named) && named.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var a in named.EnumerateArray())
            {
                var name = Str(a, "name", path, $"$.namedAlleles[{i}]");
                var fn = OptStr(a, "functionValue") ?? "";
                var av = OptStr(a, "activityValue");
                functions[name] = new AlleleFunction(name, fn, av, OptStr(a, "lookupKey") ?? av ?? fn);
                i++;
            }
        }
        else
        {
            // Older files (G6PD v2.6.0) have only the haplotypes map: allele → function.
            foreach (var h in Obj(root, "haplotypes", path, "$").EnumerateObject())
            {
                var fn = h.Value.GetString() ?? "";
                functions[h.Name] = new AlleleFunction(h.Name, fn, null, fn);
            }
        }

        var rules = new Dictionary<string, PhenotypeRule>(StringComparer.Ordinal);
        var d = 0;
        foreach (var dip in Arr(root, "diplotypes", path, "$").EnumerateArray())
        {
            var at = $"$.diplotypes[{d}]";
            var keys = new List<string>();
            foreach (var kv in Obj(dip, "diplotypekey", path, at).EnumerateObject())
            {
                if (!functions.TryGetValue(kv.Name, out var f))
                    throw Error(path, at + ".diplotypekey." + kv.Name, "allele has no function in this file");
                for (var c = 0; c < kv.Value.GetInt32(); c++)
                    keys.Add(f.LookupKey);
            }

            keys.Sort(StringComparer.Ordinal);
            var result = Str(dip, "generesult", path, at);
            var score = OptStr(dip, "activityScore");
            var lookup = OptStr(dip, "lookupkey") ?? result;
            var rule = new PhenotypeRule(keys, result, score, lookup);
            var key = string.Join('\u0001', keys);
            if (rules.TryGetValue(key, out var existing))
            {
                if (existing.Phenotype != rule.Phenotype || existing.ActivityScore != rule.ActivityScore || existing.LookupKey != rule.LookupKey)
                    throw Error(path, at, $"allele keys [{string.Join(", ", keys)}] give '{rule.Phenotype}' here but '{existing.Phenotype}' elsewhere");
            }
            else
            {
                rules[key] = rule;
            }

            d++;
        }

        return new GenePhenotypes
        {
            Gene = gene,
            Version = version,
            Functions = [.. functions.Values.OrderBy(f => f.Allele, StringComparer.Ordinal)],
            Rules = [.. rules.Values.OrderBy(r => string.Join('/', r.Keys), StringComparer.Ordinal)],
        };
    }

    /// <summary>The citation of a guideline publication: PMID, title, journal and year.</summary>
    public sealed record Publication(string Pmid, string Title, string? Journal, int? Year);

    /// <summary>A guideline annotation file: its recommendations and the publications it cites.</summary>
    public sealed record GuidelineFile(string Id, string Source, string Name, string Url, IReadOnlyList<string> Drugs,
        IReadOnlyList<string> Genes, IReadOnlyList<GuidelineRecommendation> Recommendations, IReadOnlyList<Publication> Publications);

    /// <summary>Reads one PharmCAT guideline annotation file (guidelines/*.json).</summary>
    /// <param name="path">The file.</param>
    /// <param name="knownDrugs">Drug names to recognise as alternatives in recommendation text.</param>
    public static GuidelineFile ReadGuideline(string path, IReadOnlyCollection<string> knownDrugs)
    {
        ArgumentNullException.ThrowIfNull(knownDrugs);
        using var doc = Parse(path);
        var root = doc.RootElement;
        var g = Obj(root, "guideline", path, "$");
        var id = Str(g, "id", path, "$.guideline");
        var source = Str(g, "source", path, "$.guideline");
        var name = Str(g, "name", path, "$.guideline");
        var url = Str(g, "url", path, "$.guideline");
        var drugs = Arr(g, "relatedChemicals", path, "$.guideline").EnumerateArray().Select(c => c.GetProperty("name").GetString()!.ToLowerInvariant()).ToList();
        var genes = Arr(g, "relatedGenes", path, "$.guideline").EnumerateArray().Select(c => c.GetProperty("symbol").GetString()!).ToList();
        var pubs = root.TryGetProperty("citations", out var cits) && cits.ValueKind == JsonValueKind.Array
            ? cits.EnumerateArray().Where(c => OptStr(c, "pmid") is not null)
                .Select(c => new Publication(OptStr(c, "pmid")!, OptStr(c, "title") ?? "", OptStr(c, "journal"),
                    c.TryGetProperty("year", out var y) && y.ValueKind == JsonValueKind.Number ? y.GetInt32() : null)).ToList()
            : [];

        var recs = new List<GuidelineRecommendation>();
        var i = 0;
        foreach (var r in Arr(root, "recommendations", path, "$").EnumerateArray())
        {
            var at = $"$.recommendations[{i}]";
            i++;
            if (!r.TryGetProperty("lookupKey", out var lk) || lk.ValueKind != JsonValueKind.Object)
                continue; // no lookup key: PharmCAT matches these by custom code (warfarin); not transcribed.
            var lookup = lk.EnumerateObject().ToDictionary(p => p.Name, p => LookupValue(p.Value, path, at + ".lookupKey." + p.Name), StringComparer.Ordinal);
            var recDrugs = r.TryGetProperty("relatedChemicals", out var rc) && rc.ValueKind == JsonValueKind.Array
                ? rc.EnumerateArray().Select(c => c.GetProperty("name").GetString()!.ToLowerInvariant()).ToList()
                : drugs;
            var strength = r.TryGetProperty("classification", out var cl) && cl.ValueKind == JsonValueKind.Object ? OptStr(cl, "term") ?? "N/A" : "N/A";
            var html = r.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.Object ? OptStr(t, "html") ?? "" : "";
            var text = StripHtml(html);
            if (text.Length == 0)
                throw Error(path, at + ".text.html", "recommendation has no text");
            var implications = r.TryGetProperty("implications", out var im) && im.ValueKind == JsonValueKind.Array
                ? im.EnumerateArray().Select(x => x.GetString() ?? "").Where(x => x.Length > 0).ToList()
                : [];
            var alt = r.TryGetProperty("alternateDrugAvailable", out var ad) && ad.ValueKind == JsonValueKind.True;
            var dosing = r.TryGetProperty("dosingInformation", out var di) && di.ValueKind == JsonValueKind.True;
            var action = ClassifyAction(strength, text, alt, dosing);
            // Paragraph and list-item ends are sentence ends for the alternatives reader (the plain text joins them).
            var alternatives = FindAlternatives(StripHtml(BlockEnd().Replace(html, " \u00b6 ")), recDrugs, knownDrugs);
            var population = OptStr(r, "population");
            recs.Add(new GuidelineRecommendation
            {
                Id = Str(r, "id", path, at),
                Source = source,
                GuidelineId = id,
                GuidelineName = name,
                GuidelineUrl = url,
                Drugs = recDrugs,
                Lookup = lookup,
                Population = population,
                Strength = strength,
                Implications = implications,
                SourceText = text,
                Summary = Summarise(source, strength, action, recDrugs, lookup, alternatives, population),
                Action = action,
                Alternatives = alternatives,
            });
        }

        return new GuidelineFile(id, source, name, url, drugs, genes, recs, pubs);
    }

    /// <summary>Reads drug name → RxNorm ingredient id from the CPIC database seed (COPY drug block).</summary>
    public static IReadOnlyDictionary<string, string> ReadCpicDrugRxNorm(string sqlPath)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        using var stream = InputFiles.OpenForReading(sqlPath);
        using var reader = new StreamReader(stream);
        var inDrug = false;
        string? line;
        long lineNo = 0;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNo++;
            if (line.StartsWith("COPY drug ", StringComparison.Ordinal))
            {
                inDrug = true;
                continue;
            }

            if (!inDrug)
                continue;
            if (line == "\\.")
                break;
            var cols = line.Split('\t');
            if (cols.Length < 4)
                throw new InputException(new InputError(sqlPath, lineNo, null, "drug", $"expected at least 4 tab-separated columns, found {cols.Length}"));
            if (cols[3].Length > 0 && cols[3] != "\\N")
                result[cols[1]] = cols[3];
        }

        if (result.Count == 0)
            throw new InputException(new InputError(sqlPath, null, null, "COPY drug", "no drug rows with RxNorm ids found"));
        return result;
    }

    /// <summary>
    /// A lookup value: a phenotype, activity score or allele status string, or a diplotype given as allele → count
    /// (DPWG CYP2C9), written "diplotype:*1/*3" with alleles in natural order.
    /// </summary>
    private static string LookupValue(JsonElement v, string path, string at)
    {
        if (v.ValueKind == JsonValueKind.String)
            return v.GetString() ?? "";
        if (v.ValueKind != JsonValueKind.Object)
            throw Error(path, at, "must be a string or an allele → count object");
        var alleles = new List<string>();
        foreach (var p in v.EnumerateObject())
        {
            for (var i = 0; i < (int)p.Value.GetDouble(); i++)
                alleles.Add(p.Name);
        }

        alleles.Sort(Calling.AlleleNameComparer.Instance);
        return "diplotype:" + string.Join("/", alleles);
    }

    /// <summary>What the recommendation asks for, from the source's flags and wording.</summary>
    internal static string ClassifyAction(string strength, string text, bool alternateDrug, bool dosing)
    {
        if (strength.Equals("No recommendation", StringComparison.OrdinalIgnoreCase) || text.StartsWith("No recommendation", StringComparison.OrdinalIgnoreCase))
            return "no-recommendation";
        if (alternateDrug)
            return "use-alternative";
        if (AvoidWords().IsMatch(text))
            return "avoid";
        if (dosing)
            return "adjust-dose";
        return "use-as-directed";
    }

    internal static string Summarise(string source, string strength, string action, IReadOnlyList<string> drugs,
        IReadOnlyDictionary<string, string> lookup, IReadOnlyList<string> alternatives, string? population)
    {
        var drug = string.Join("/", drugs);
        var who = string.Join(" and ", lookup.Select(kv => $"{kv.Key} {kv.Value}"));
        var what = action switch
        {
            "use-alternative" => alternatives.Count > 0
                ? $"choose an alternative to {drug} (the guideline names {string.Join(", ", alternatives)})"
                : $"choose an alternative to {drug}, or follow the guideline's dosing advice",
            "avoid" => $"avoid {drug}",
            "adjust-dose" => $"adjust the {drug} dose as the guideline specifies",
            "no-recommendation" => $"the guideline makes no recommendation for {drug}",
            _ => $"use {drug} at the usual dose",
        };
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{source} ({strength.ToLowerInvariant()}");
        if (!string.IsNullOrEmpty(population) && population != "general")
            sb.Append(CultureInfo.InvariantCulture, $"; population: {population}");
        sb.Append(CultureInfo.InvariantCulture, $"): for {who}, {what}.");
        return sb.ToString();
    }

    /// <summary>
    /// Drugs the recommendation text offers as alternatives. The text is read sentence by sentence and a mention
    /// counts only when the sentence does not say the drug is not to be used or is not an option: "not an
    /// alternative", "also metabolised by", "avoid", "contraindicated", a risk/SJS warning, a plasma-concentration or
    /// dose statement (a metabolite to monitor), a condition for the drug itself ("if X or Y are clinically
    /// appropriate", "combined with", "extrapolation from"). Drugs named after a CYP inhibitor/inducer or a
    /// co-medication in the same sentence are interacting drugs, never alternatives ("not influenced by CYP3A4
    /// inhibitors such as amiodarone, verapamil" keeps the statins before "inhibitors" and drops the rest).
    /// A drug is an alternative when at least one of its mentions survives.
    /// </summary>
    internal static List<string> FindAlternatives(string text, IReadOnlyList<string> own, IReadOnlyCollection<string> knownDrugs)
    {
        var sentences = SentenceEnd().Split(text);
        var found = new List<(int Sentence, int At, string Drug)>();
        foreach (var d in knownDrugs)
        {
            if (d.Length < 4 || own.Contains(d, StringComparer.OrdinalIgnoreCase))
                continue;
            // "a non-tramadol opioid", "avoid tramadol", "do not select tramadol" name a drug NOT to use: never an alternative.
            var pattern = new Regex($@"(?<!\bnon-)(?<!\bavoid )(?<!\bnot select )(?<!\bnot use )(?<!\bnot prescribe )(?<!\bnot choose )\b{Regex.Escape(d)}\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            for (var si = 0; si < sentences.Length; si++)
            {
                var sentence = sentences[si];
                if (NotAnAlternative().IsMatch(sentence))
                    continue;
                var interacting = InteractingDrugs().Match(sentence);
                var m = pattern.Matches(sentence).FirstOrDefault(x => !interacting.Success || x.Index < interacting.Index);
                if (m is not null)
                {
                    found.Add((si, m.Index, d.ToLowerInvariant()));
                    break;
                }
            }
        }

        return [.. found.OrderBy(f => f.Sentence).ThenBy(f => f.At).Select(f => f.Drug).Distinct(StringComparer.Ordinal)];
    }

    internal static string StripHtml(string html)
    {
        var noTags = Tags().Replace(html, " ");
        return Spaces().Replace(WebUtility.HtmlDecode(noTags), " ").Trim();
    }

    private static DefinitionPosition ReadPosition(JsonElement v, string path, string at)
    {
        if (!v.TryGetProperty("position", out var p) || p.ValueKind != JsonValueKind.Number)
            throw Error(path, at + ".position", "required number is missing");
        var alts = v.TryGetProperty("alts", out var a) && a.ValueKind == JsonValueKind.Array
            ? a.EnumerateArray().Select(x => x.GetString() ?? "").ToList()
            : [];
        return new DefinitionPosition(p.GetInt64(), OptStr(v, "rsid"), Str(v, "ref", path, at), alts, OptStr(v, "chromosomeHgvsName"));
    }

    private static IEnumerable<long> PositionList(JsonElement ex, string field, string path, string at) =>
        ex.TryGetProperty(field, out var arr) && arr.ValueKind == JsonValueKind.Array
            ? arr.EnumerateArray().Select((e, j) => ReadPosition(e, path, $"{at}.{field}[{j}]").Position)
            : [];

    private static IEnumerable<long> LongList(JsonElement e, string field) =>
        e.TryGetProperty(field, out var arr) && arr.ValueKind == JsonValueKind.Array
            ? arr.EnumerateArray().Select(x => x.GetInt64())
            : [];

    private static IEnumerable<string> StrList(JsonElement e, string field) =>
        e.TryGetProperty(field, out var arr) && arr.ValueKind == JsonValueKind.Array
            ? arr.EnumerateArray().Select(x => x.GetString() ?? "")
            : [];

    private static JsonDocument Parse(string path)
    {
        using var stream = InputFiles.OpenForReading(path);
        if (stream.Length > MaxFileBytes)
            throw new InputException(new InputError(path, null, null, null, $"file is larger than {MaxFileBytes} bytes"));
        try
        {
            return JsonDocument.Parse(stream);
        }
        catch (JsonException ex)
        {
            throw new InputException(InputErrors.FromJson(path, ex, "not valid JSON"), ex);
        }
    }

    private static string Str(JsonElement e, string field, string path, string at) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s
            ? s
            : e.ValueKind == JsonValueKind.Object && e.TryGetProperty(field, out var n) && n.ValueKind == JsonValueKind.Number
                ? n.GetRawText()
                : throw Error(path, at + "." + field, "required string is missing or empty");

    private static string? OptStr(JsonElement e, string field) =>
        e.TryGetProperty(field, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            _ => null,
        } : null;

    private static JsonElement Arr(JsonElement e, string field, string path, string at) =>
        e.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.Array ? v : throw Error(path, at + "." + field, "required array is missing");

    private static JsonElement Obj(JsonElement e, string field, string path, string at) =>
        e.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.Object ? v : throw Error(path, at + "." + field, "required object is missing");

    private static InputException Error(string path, string field, string reason) =>
        new(new InputError(path, null, null, field, reason));

    // A sentence ends at . ! ? followed by space (not after e.g., i.e., vs., approx., cf.) or at a paragraph mark.
    [GeneratedRegex(@"(?<=[.!?])(?<!\b(?:e\.g|i\.e|vs|approx|cf)\.)\s+|\s*\u00b6\s*", RegexOptions.IgnoreCase)]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"</(?:p|li|div|h[1-6]|tr|ul|ol)\s*>|<br\s*/?>", RegexOptions.IgnoreCase)]
    private static partial Regex BlockEnd();

    [GeneratedRegex(@"\bnot (a |an |suitable )?alternatives?\b|\b(is|are|be) also metaboli[sz]ed|\balso (pose|carr)|\bavoid\b|\bdo not (use|choose|select)\b|\bshould not\b|contra-?indicated|\brisk\b|SJS|\bthe same applies|aromatic anticonvulsants|plasma concentrations?|concentrations of|mg/kg|clinically appropriate|extrapolation|analogy|combined with|linkage disequilibrium|previously used|negative predictive value|does not provide a recommendation|active metabolite|\btolerated\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NotAnAlternative();

    [GeneratedRegex(@"\bCYP\w*\s+(inhibitor|inducer)s?\b|co-?medication|co-?administration", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex InteractingDrugs();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\b(avoid|contraindicated|do not use|not recommended)\b", RegexOptions.IgnoreCase)]
    private static partial Regex AvoidWords();
}

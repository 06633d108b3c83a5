using System.Globalization;
using System.Text.Json.Nodes;
using Precis.Oncology.Notation;
using Precis.Oncology.Tumours;

namespace Precis.Oncology.Trials;

/// <summary>How one leaf criterion of a path fared for a patient.</summary>
/// <param name="Kind">"clinical" or "genomic".</param>
/// <param name="Criterion">The leaf as written in the trial, e.g. {"hugo_symbol": "BRAF", "wildcard_protein_change": "p.V600"}.</param>
/// <param name="Matched">True when the leaf holds for the patient.</param>
/// <param name="Negated">True for a genomic leaf with a "!" value: it holds when no row matches the leaf without the "!".</param>
/// <param name="Reason">In words: which field compared how, or why it could not hold.</param>
/// <param name="Rows">The patient rows that satisfied it ("file:line"), or for a negated leaf those that broke it.</param>
public sealed record LeafOutcome(string Kind, JsonObject Criterion, bool Matched, bool Negated, string Reason, IReadOnlyList<string> Rows);

/// <summary>A trial match clause (step, arm or dose level) that one patient satisfies, and why.</summary>
/// <param name="ProtocolNo">The trial.</param>
/// <param name="NctId">The trial's NCT id, when given.</param>
/// <param name="Site">Where the clause sits and whether it is open.</param>
/// <param name="PathNumber">1-based number of the first alternative (DNF path) that matched.</param>
/// <param name="PathCount">How many alternatives the clause has.</param>
/// <param name="MatchedPaths">How many alternatives matched.</param>
/// <param name="Leaves">The leaves of every matching alternative with their outcomes (first alternative first, each leaf once).</param>
public sealed record TrialArmMatch(string ProtocolNo, string? NctId, CtmlMatchSite Site, int PathNumber, int PathCount, int MatchedPaths, IReadOnlyList<LeafOutcome> Leaves);

/// <summary>One patient's trial matches.</summary>
/// <param name="SampleId">The sample.</param>
/// <param name="Matches">Matching clauses: open ones first, then by trial and place.</param>
/// <param name="ClausesEvaluated">How many match clauses were evaluated for the patient.</param>
public sealed record PatientTrialMatches(string SampleId, IReadOnlyList<TrialArmMatch> Matches, int ClausesEvaluated);

/// <summary>Options of the CTML evaluation.</summary>
/// <param name="AsOf">Date ages are computed at (MatchMiner uses the day of the run).</param>
/// <param name="Tree">The OncoTree used to expand diagnoses (a trial's "Lung" covers "Lung Adenocarcinoma"; _SOLID_/_LIQUID_).</param>
public sealed record CtmlOptions(DateOnly AsOf, OncoTree Tree);

/// <summary>
/// Evaluates CTML match clauses against patients. A clause is turned into its match tree and DNF paths; a path
/// holds when every leaf holds; a clause matches when any path holds. A clinical leaf compares the patient's clinical
/// row key by key; a genomic leaf needs one genomic row that satisfies all its keys, or, when any of its values is
/// negated with "!", no row satisfying the leaf with the "!" removed. Unknown keys never hold (never assumed met).
/// Not thread-safe: one evaluator per thread.
/// </summary>
public sealed class CtmlEvaluator
{
    // Keys MatchMiner's DFCI configuration marks "ignore": present in trials, not compared with patient data.
    private static readonly HashSet<string> IgnoredClinical = new(StringComparer.OrdinalIgnoreCase) { "her2_status", "pr_status", "er_status", "disease_status" };
    private static readonly HashSet<string> IgnoredGenomic = new(StringComparer.OrdinalIgnoreCase) { "display_name" };

    // CTML's CNV words → the calls written in patient files.
    private static readonly Dictionary<string, string> CnvCalls = new(StringComparer.OrdinalIgnoreCase)
    {
        ["High Amplification"] = "High level amplification",
        ["Low Amplification"] = "Gain",
        ["Homozygous Deletion"] = "Homozygous deletion",
        ["Heterozygous Deletion"] = "Heterozygous deletion",
    };

    // CTML's signature keys → the patient column holding "Yes"/"No" (the DFCI spelling "TABACCO" kept as found in data).
    private static readonly Dictionary<string, string[]> Signatures = new(StringComparer.OrdinalIgnoreCase)
    {
        ["apobec_signature"] = ["APOBEC_STATUS"],
        ["pole_signature"] = ["POLE_STATUS"],
        ["tobacco_signature"] = ["TABACCO_STATUS", "TOBACCO_STATUS"],
        ["temozolomide_signature"] = ["TEMOZOLOMIDE_STATUS"],
        ["uva_signature"] = ["UVA_STATUS"],
    };

    private readonly CtmlOptions _options;
    private readonly Dictionary<string, OncoTreeNode> _byName;

    // Paths of each clause, built once per clause rather than once per patient (keyed by the clause object itself).
    private readonly Dictionary<JsonArray, IReadOnlyList<MatchPath>> _paths = new(ReferenceEqualityComparer.Instance);

    /// <summary>Creates an evaluator over an OncoTree and a reference date.</summary>
    public CtmlEvaluator(CtmlOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _byName = new Dictionary<string, OncoTreeNode>(StringComparer.OrdinalIgnoreCase);
        foreach (var code in options.Tree.Codes)
        {
            if (options.Tree.Find(code) is { } n)
                _byName.TryAdd(n.Name, n);
        }
    }

    /// <summary>Every open or closed clause of every trial that the patient matches.</summary>
    public PatientTrialMatches Evaluate(TrialPatient patient, IEnumerable<CtmlTrial> trials)
    {
        ArgumentNullException.ThrowIfNull(patient);
        ArgumentNullException.ThrowIfNull(trials);
        var matches = new List<TrialArmMatch>();
        var evaluated = 0;
        foreach (var trial in trials)
        {
            foreach (var site in trial.Sites)
            {
                evaluated++;
                if (EvaluateClause(patient, site.Match) is { } m)
                    matches.Add(new TrialArmMatch(trial.ProtocolNo, trial.NctId, site, m.Path, m.Count, m.Matched, m.Leaves));
            }
        }

        var ordered = matches.OrderBy(m => m.Site.Open ? 0 : 1).ToList(); // stable: trial and document order kept within
        return new PatientTrialMatches(patient.SampleId, ordered, evaluated);
    }

    /// <summary>The first matching path's number, the path counts and the leaves of the matching paths, or null when no path holds.</summary>
    public (int Path, int Count, int Matched, IReadOnlyList<LeafOutcome> Leaves)? EvaluateClause(TrialPatient patient, JsonArray clause)
    {
        ArgumentNullException.ThrowIfNull(patient);
        if (!_paths.TryGetValue(clause, out var paths))
            _paths[clause] = paths = MatchTree.Build(clause).Paths();
        int? first = null;
        var matched = 0;
        var leaves = new List<LeafOutcome>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < paths.Count; i++)
        {
            var outcomes = new List<LeafOutcome>();
            var holds = true;
            foreach (var leaf in paths[i].Leaves)
            {
                foreach (var outcome in EvaluateLeaf(patient, leaf))
                {
                    outcomes.Add(outcome);
                    holds &= outcome.Matched;
                }
            }

            if (!holds)
                continue;
            matched++;
            first ??= i + 1;
            leaves.AddRange(outcomes.Where(o => seen.Add(o.Kind + o.Criterion.ToJsonString())));
        }

        return first is { } f ? (f, paths.Count, matched, leaves) : null;
    }

    /// <summary>Outcomes of one leaf object ({"clinical": {…}} or {"genomic": {…}}; an object holding both yields both).</summary>
    public IEnumerable<LeafOutcome> EvaluateLeaf(TrialPatient patient, JsonObject leaf)
    {
        ArgumentNullException.ThrowIfNull(patient);
        ArgumentNullException.ThrowIfNull(leaf);
        foreach (var (kind, body) in leaf)
        {
            if (body is not JsonObject criteria)
            {
                yield return new LeafOutcome(kind, leaf, false, false, $"'{kind}' is not an object of criteria", []);
                continue;
            }

            yield return kind.ToLowerInvariant() switch
            {
                "clinical" => Clinical(patient.Clinical, criteria),
                "genomic" => Genomic(patient.Genomic, criteria),
                _ => new LeafOutcome(kind, criteria, false, false, $"'{kind}' criteria are not evaluated (only clinical and genomic)", []),
            };
        }
    }

    private LeafOutcome Clinical(PatientRow row, JsonObject criteria)
    {
        var reasons = new List<string>();
        foreach (var (key, valueNode) in criteria)
        {
            var value = CtmlReader.Scalar(valueNode) ?? (valueNode is JsonArray ? valueNode.ToJsonString() : "");
            if (IgnoredClinical.Contains(key))
            {
                reasons.Add($"{key} not compared (not in patient data)");
                continue;
            }

            var (ok, why) = key.ToLowerInvariant() switch
            {
                "age_numerical" => Age(row, value),
                "oncotree_primary_diagnosis" => Diagnosis(row, value),
                "gender" => Text(row, "GENDER", value),
                "tmb_numerical" => Numeric(row, "TUMOR_MUTATIONAL_BURDEN_PER_MEGABASE", value, "TMB"),
                _ => (false, $"{key} is not a supported clinical key"),
            };
            if (!ok)
                return new LeafOutcome("clinical", criteria, false, false, why, []);
            reasons.Add(why);
        }

        return new LeafOutcome("clinical", criteria, true, false, string.Join("; ", reasons), [row.Where]);
    }

    private static LeafOutcome Genomic(IReadOnlyList<PatientRow> rows, JsonObject criteria)
    {
        // A "!" on any value negates the whole leaf: the patient must have no row matching it without the "!".
        var negated = criteria.Any(p => CtmlReader.Scalar(p.Value) is { } s && s.StartsWith('!'));
        var keys = criteria.Where(p => !IgnoredGenomic.Contains(p.Key))
            .Select(p => (Key: p.Key.ToLowerInvariant(), Value: (CtmlReader.Scalar(p.Value) ?? "").TrimStart('!')))
            .ToList();
        var unsupported = keys.FirstOrDefault(k => !IsGenomicKey(k.Key));
        if (unsupported.Key is not null)
            return new LeafOutcome("genomic", criteria, false, negated, $"{unsupported.Key} is not a supported genomic key", []);

        var hits = new List<string>();
        string? firstWhy = null;
        foreach (var row in rows)
        {
            var whys = new List<string>();
            var all = true;
            foreach (var (key, value) in keys)
            {
                var (ok, why) = GenomicKey(row, key, value);
                if (!ok)
                {
                    all = false;
                    break;
                }

                whys.Add(why);
            }

            if (all)
            {
                hits.Add(row.Where);
                firstWhy ??= string.Join("; ", whys);
            }
        }

        var described = string.Join(", ", keys.Select(k => $"{k.Key}={k.Value}"));
        if (negated)
        {
            return hits.Count == 0
                ? new LeafOutcome("genomic", criteria, true, true, $"no genomic row has {described} ({rows.Count} row(s) checked)", [])
                : new LeafOutcome("genomic", criteria, false, true, $"{hits.Count} row(s) have {described}, which the trial excludes", hits);
        }

        return hits.Count > 0
            ? new LeafOutcome("genomic", criteria, true, false, firstWhy!, hits)
            : new LeafOutcome("genomic", criteria, false, false, $"no genomic row has {described} ({rows.Count} row(s) checked)", []);
    }

    private static bool IsGenomicKey(string key) => key is "hugo_symbol" or "protein_change" or "wildcard_protein_change" or "variant_classification"
        or "true_variant_classification" or "variant_category" or "cnv_call" or "wildtype" or "exon" or "mmr_status" or "ms_status"
        or "fusion_partner_hugo_symbol" || Signatures.ContainsKey(key);

    private static (bool, string) GenomicKey(PatientRow row, string key, string value)
    {
        switch (key)
        {
            case "hugo_symbol":
                return Text(row, "TRUE_HUGO_SYMBOL", value);
            case "protein_change":
                return Text(row, "TRUE_PROTEIN_CHANGE", value);
            case "wildcard_protein_change":
                return Wildcard(row, value);
            case "variant_classification":
            case "true_variant_classification":
                return Text(row, "TRUE_VARIANT_CLASSIFICATION", value);
            case "variant_category":
                return Category(row, value);
            case "cnv_call":
                return Text(row, "CNV_CALL", CnvCalls.GetValueOrDefault(value, value));
            case "wildtype":
                return Text(row, "WILDTYPE", value);
            case "exon":
                return row.Get("TRUE_TRANSCRIPT_EXON") is { } exon && double.TryParse(exon, NumberStyles.Float, CultureInfo.InvariantCulture, out var e)
                    && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var want) && e == want
                    ? (true, $"exon {exon}") : (false, "");
            case "mmr_status":
            case "ms_status":
                return Mmr(row, value);
            case "fusion_partner_hugo_symbol":
                if (row.Get("FUSION_PARTNER_HUGO_SYMBOL") is not { } partner)
                    return (false, "");
                return value.Equals("any_gene", StringComparison.OrdinalIgnoreCase) || partner.Equals(value, StringComparison.OrdinalIgnoreCase)
                    ? (true, $"fusion partner {partner}") : (false, "");
            default:
                var columns = Signatures[key];
                var column = columns.FirstOrDefault(c => row.Get(c) is not null);
                return column is not null ? Text(row, column, value) : (false, "");
        }
    }

    private static (bool, string) Text(PatientRow row, string column, string want)
    {
        var negate = want.StartsWith('!');
        var target = negate ? want[1..] : want;
        var have = row.Get(column);
        if (have is null)
            return (false, $"{column} not given ({row.Where})");
        var equal = have.Equals(target, StringComparison.OrdinalIgnoreCase);
        return equal != negate ? (true, negate ? $"{column} {have} is not {target}" : $"{column} {have}") : (false, $"{column} is {have}, trial wants {want}");
    }

    private static (bool, string) Category(PatientRow row, string want)
    {
        var have = row.Get("VARIANT_CATEGORY");
        if (have is null)
            return (false, "");
        var normal = want.ToUpperInvariant() switch
        {
            "MUTATION" => "MUTATION",
            "CNV" or "COPY NUMBER VARIATION" => "CNV",
            "STRUCTURAL VARIATION" or "SV" => "SV",
            "SIGNATURE" => "SIGNATURE",
            "ANY VARIATION" => "*",
            var other => other,
        };
        var ok = normal == "*" ? have.ToUpperInvariant() is "MUTATION" or "CNV" or "SV" : have.Equals(normal, StringComparison.OrdinalIgnoreCase);
        return ok ? (true, $"variant category {have}") : (false, "");
    }

    // "p.V600" matches a change at codon 600 of reference V: substitutions, and in-frame deletions, duplications and
    // delins that cover the codon or insertions that start at it. Synonymous changes do not count.
    private static (bool, string) Wildcard(PatientRow row, string want)
    {
        if (ProteinChange.Parse(want) is not { Kind: ProteinChangeKind.Codon } codon)
            return (false, $"wildcard '{want}' is not a codon such as p.V600");
        if (ProteinChange.Parse(row.Get("TRUE_PROTEIN_CHANGE")) is not { } change)
            return (false, "");
        var covers = change.Kind switch
        {
            ProteinChangeKind.InframeDeletion or ProteinChangeKind.Delins or ProteinChangeKind.Duplication => change.Start <= codon.Start && codon.Start <= change.End,
            ProteinChangeKind.Synonymous or ProteinChangeKind.Other or ProteinChangeKind.Codon => false,
            _ => change.Start == codon.Start,
        };
        var reference = change.Start == codon.Start ? change.Reference[..Math.Min(1, change.Reference.Length)] : codon.Reference;
        if (!covers || (codon.Reference.Length > 0 && reference.Length > 0 && !reference.Equals(codon.Reference, StringComparison.Ordinal)))
            return (false, "");
        return (true, $"protein change p.{change.Text} at codon {codon.Reference}{codon.Start} ({change.Kind})");
    }

    private static (bool, string) Mmr(PatientRow row, string want)
    {
        var have = row.Get("MMR_STATUS");
        if (have is null)
            return (false, "");
        static string? Class(string s)
        {
            var u = s.ToUpperInvariant();
            if (u.Contains("DEFICIENT", StringComparison.Ordinal) || u.Contains("MSI-H", StringComparison.Ordinal) || u == "MMR-D")
                return "deficient";
            if (u.Contains("PROFICIENT", StringComparison.Ordinal) || u.Contains("MSS", StringComparison.Ordinal) || u.Contains("MSI-L", StringComparison.Ordinal) || u == "MMR-P")
                return "proficient";
            return null;
        }

        var a = Class(have);
        return a is not null && a == Class(want) ? (true, $"MMR status {have}") : (false, "");
    }

    private (bool, string) Age(PatientRow row, string expression)
    {
        var birth = row.Get("BIRTH_DATE");
        if (birth is null || !DateOnly.TryParse(birth.Length >= 10 ? birth[..10] : birth, CultureInfo.InvariantCulture, out var born))
            return (false, birth is null ? $"age: no BIRTH_DATE ({row.Where})" : $"age: BIRTH_DATE '{birth}' is not a date ({row.Where})");
        var asOf = _options.AsOf;
        var years = asOf.Year - born.Year - (asOf < born.AddYears(asOf.Year - born.Year) ? 1 : 0);
        var exact = (asOf.DayNumber - born.DayNumber) / 365.2425;
        if (!TryCompare(expression, out var op, out var limit))
            return (false, $"age_numerical '{expression}' is not a comparison such as >=18");
        // Whole years against whole-number limits (18 means the 18th birthday), fractional years otherwise.
        var value = limit == Math.Floor(limit) ? years : exact;
        return Compare(value, op, limit) ? (true, string.Create(CultureInfo.InvariantCulture, $"age {years} {expression} on {asOf:yyyy-MM-dd}")) : (false, string.Create(CultureInfo.InvariantCulture, $"age {years} is not {expression}"));
    }

    private static (bool, string) Numeric(PatientRow row, string column, string expression, string name)
    {
        if (row.Get(column) is not { } text || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            return (false, $"{name}: no numeric {column} ({row.Where})");
        if (!TryCompare(expression, out var op, out var limit))
            return (false, $"{name} '{expression}' is not a comparison such as >=10");
        return Compare(value, op, limit) ? (true, $"{name} {text} {expression}") : (false, $"{name} {text} is not {expression}");
    }

    private (bool, string) Diagnosis(PatientRow row, string want)
    {
        var negate = want.StartsWith('!');
        var target = negate ? want[1..] : want;
        if (row.Get("ONCOTREE_PRIMARY_DIAGNOSIS_NAME") is not { } have)
            return (false, $"no ONCOTREE_PRIMARY_DIAGNOSIS_NAME ({row.Where})");
        bool? within;
        if (have.Equals(target, StringComparison.OrdinalIgnoreCase))
            within = true;
        else if (!_byName.TryGetValue(have, out var node))
            within = null; // not in the tree: only an exact name can be decided
        else if (target is "_SOLID_" or "_LIQUID_")
            within = _options.Tree.IsLiquid(node.Code) == (target == "_LIQUID_");
        else
            within = _byName.TryGetValue(target, out var t) && _options.Tree.Lineage(node.Code).Contains(t.Code, StringComparer.OrdinalIgnoreCase);
        if (within is null)
            return (false, $"diagnosis '{have}' is not in the OncoTree used, so '{want}' cannot be decided");
        return within.Value != negate
            ? (true, negate ? $"diagnosis {have} is outside {target}" : $"diagnosis {have} within {target}")
            : (false, $"diagnosis {have} is {(negate ? "within" : "outside")} {target}");
    }

    private static bool TryCompare(string expression, out string op, out double limit)
    {
        var e = expression.Trim();
        op = e.StartsWith(">=", StringComparison.Ordinal) || e.StartsWith("<=", StringComparison.Ordinal) || e.StartsWith("==", StringComparison.Ordinal) ? e[..2]
            : e.StartsWith('>') || e.StartsWith('<') ? e[..1] : "==";
        var number = e[(op == "==" && !e.StartsWith("==", StringComparison.Ordinal) ? 0 : op.Length)..].Trim();
        return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out limit);
    }

    private static bool Compare(double value, string op, double limit) => op switch
    {
        ">=" => value >= limit,
        "<=" => value <= limit,
        ">" => value > limit,
        "<" => value < limit,
        _ => value == limit,
    };
}

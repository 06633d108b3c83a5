using System.Globalization;
using Precis.Pharmacogenomics.Calling;

namespace Precis.Pharmacogenomics.Phenotypes;

/// <summary>A gene's call turned into what it means: phenotype, activity score and the key recommendations use.</summary>
public sealed record GeneResult
{
    public required string Gene { get; init; }

    public required GeneCall Call { get; init; }

    /// <summary>The diplotype as reported ("*2/*2"; "*1/*2 or *1/*3" when tied candidates share a phenotype), or null.</summary>
    public string? Diplotype { get; init; }

    /// <summary>CPIC phenotype ("Poor Metabolizer"), "Indeterminate", or "Not called".</summary>
    public required string Phenotype { get; init; }

    /// <summary>Activity score for activity-score genes (CYP2C9, CYP2D6, DPYD), as written ("1.5").</summary>
    public string? ActivityScore { get; init; }

    /// <summary>What recommendations are looked up with (phenotype or activity score); null when no lookup is safe.</summary>
    public string? LookupKey { get; init; }

    /// <summary>Each allele with its function, e.g. "*2: No function (activity 0.0)".</summary>
    public IReadOnlyList<string> AlleleFunctions { get; init; } = [];

    /// <summary>Where the call came from: "genotypes" or "outside call".</summary>
    public string Origin { get; init; } = "genotypes";

    /// <summary>Caveats and rules applied (in addition to <see cref="GeneCall.Notes"/>).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>
    /// Set when a current medication converted the genotype-predicted phenotype (phenoconversion); then
    /// <see cref="Phenotype"/>, <see cref="ActivityScore"/> and <see cref="LookupKey"/> are the functional values.
    /// </summary>
    public Phenoconversion.PhenotypeConversion? Conversion { get; init; }

    /// <summary>The phenotype predicted from the genotype alone (before any phenoconversion).</summary>
    public string PredictedPhenotype => Conversion?.PredictedPhenotype ?? Phenotype;

    /// <summary>The activity score from the genotype alone (before any phenoconversion).</summary>
    public string? PredictedActivityScore => Conversion is null ? ActivityScore : Conversion.PredictedActivityScore;

    /// <summary>True when a phenotype was determined and recommendations may be looked up.</summary>
    public bool IsActionable => LookupKey is not null;
}

/// <summary>Turns gene calls into phenotypes with the CPIC function-pair rules; ties that disagree become Indeterminate.</summary>
public static class PhenotypeResolver
{
    public const string Indeterminate = "Indeterminate";
    public const string NotCalled = "Not called";

    /// <summary>Resolves one gene call.</summary>
    public static GeneResult Resolve(GeneCall call, GenePhenotypes? phenotypes)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (call.Status is CallStatus.NotTested or CallStatus.NoCall || call.Candidates.Count == 0)
            return new GeneResult { Gene = call.Gene, Call = call, Phenotype = NotCalled };

        var diplotype = string.Join(" or ", call.Candidates.Select(c => c.Name));
        if (phenotypes is null || phenotypes.Rules.Count == 0)
        {
            return new GeneResult
            {
                Gene = call.Gene,
                Call = call,
                Diplotype = diplotype,
                Phenotype = "No phenotype defined",
                Notes = [$"the knowledge base has no phenotype rules for {call.Gene}; the diplotype is reported without a phenotype"],
            };
        }

        var resolved = call.Candidates.Select(c => Lookup(phenotypes, c)).ToList();
        var functions = call.Candidates.SelectMany(c => new[] { c.Allele1, c.Allele2 }).OfType<string>().Distinct(StringComparer.Ordinal)
            .Select(a => phenotypes.Functions.FirstOrDefault(f => f.Allele == a) is { } f
                ? f.ActivityValue is null ? $"{a}: {f.Function}" : $"{a}: {f.Function} (activity {f.ActivityValue})"
                : KeyOf(phenotypes, a) is { } tandem ? $"{a}: tandem (activity {tandem})" : $"{a}: function unknown")
            .ToList();
        if (resolved.Any(r => r is null))
        {
            return new GeneResult
            {
                Gene = call.Gene,
                Call = call,
                Diplotype = diplotype,
                Phenotype = Indeterminate,
                AlleleFunctions = functions,
                Notes = ["an allele in the call has no function assignment, so no phenotype can be given"],
            };
        }

        var distinct = resolved.Select(r => (r!.Phenotype, r.ActivityScore, r.LookupKey)).Distinct().ToList();
        if (distinct.Count > 1)
        {
            return new GeneResult
            {
                Gene = call.Gene,
                Call = call,
                Diplotype = diplotype,
                Phenotype = Indeterminate,
                AlleleFunctions = functions,
                Notes = [$"the tied candidates give different phenotypes ({string.Join("; ", call.Candidates.Zip(resolved, (c, r) => $"{c.Name}: {r!.Phenotype}"))}); no dose recommendation is made"],
            };
        }

        var rule = resolved[0]!;
        var notes = new List<string>();
        if (call.Candidates.Count > 1)
            notes.Add($"{call.Candidates.Count} diplotypes tie; all give {rule.Phenotype}");
        return new GeneResult
        {
            Gene = call.Gene,
            Call = call,
            Diplotype = diplotype,
            Phenotype = rule.Phenotype,
            ActivityScore = rule.ActivityScore,
            LookupKey = rule.LookupKey,
            AlleleFunctions = functions,
            Notes = notes,
            Origin = call.Status == CallStatus.OutsideCall ? "outside call" : "genotypes",
        };
    }

    /// <summary>
    /// An allele's lookup key. A tandem arrangement written with "+" (CYP2D6 *36x2+*10) has the sum of its parts'
    /// activity values (CPIC CYP2D6 activity-score convention).
    /// </summary>
    private static string? KeyOf(GenePhenotypes phenotypes, string allele)
    {
        if (phenotypes.Functions.FirstOrDefault(x => x.Allele == allele) is { } f)
            return f.LookupKey;
        if (!allele.Contains('+', StringComparison.Ordinal) || !phenotypes.UsesActivityScore)
            return null;
        var sum = 0.0;
        foreach (var part in allele.Split('+'))
        {
            var pf = phenotypes.Functions.FirstOrDefault(x => x.Allele == part);
            if (pf is null || !double.TryParse(pf.ActivityValue, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                return null;
            sum += v;
        }

        return sum.ToString("0.0#", CultureInfo.InvariantCulture);
    }

    /// <summary>The phenotype rule for a diplotype, or null when an allele has no function or no rule fits.</summary>
    public static PhenotypeRule? Lookup(GenePhenotypes phenotypes, DiplotypeCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(phenotypes);
        ArgumentNullException.ThrowIfNull(candidate);
        var keys = new List<string>();
        foreach (var a in new[] { candidate.Allele1, candidate.Allele2 }.OfType<string>())
        {
            var key = KeyOf(phenotypes, a);
            if (key is null)
                return null;
            keys.Add(key);
        }

        keys.Sort(StringComparer.Ordinal);
        var rule = phenotypes.Rules.FirstOrDefault(r => r.Keys.SequenceEqual(keys, StringComparer.Ordinal));
        if (rule is not null || !phenotypes.UsesActivityScore)
            return rule;

        // Activity-score genes: the score is the sum of activity values even for pairs the source did not enumerate.
        var sum = 0.0;
        foreach (var k in keys)
        {
            if (!double.TryParse(k, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                return null;
            sum += v;
        }

        var score = sum.ToString("0.0#", CultureInfo.InvariantCulture);
        return phenotypes.Rules.FirstOrDefault(r => r.ActivityScore == score);
    }
}

using Precis.Pharmacogenomics.Definitions;
using Precis.Pharmacogenomics.Phenotypes;

namespace Precis.Pharmacogenomics.Calling;

/// <summary>
/// Calls a gene's diplotype from one sample's genotypes, following PharmCAT's NamedAlleleMatcher: missing
/// positions are removed from every definition (never filled with reference); a definition's blank positions
/// mean "reference"; each allele scores the number of concrete positions it defines among those observed; the
/// pair(s) of alleles that explain the genotypes with the highest total score win, and ties are all reported.
/// Phasing and phase sets (PS) constrain which copy each allele sits on. DPYD, RYR1 and CACNA1S use the
/// lowest-function rule on the variant alleles found (CPIC DPYD guideline 2017/2024 update).
/// </summary>
public static class AlleleMatcher
{
    /// <summary>Genes called variant by variant, keeping the two lowest-function alleles.</summary>
    public static readonly IReadOnlySet<string> LowestFunctionGenes = new HashSet<string>(StringComparer.Ordinal) { "DPYD", "RYR1", "CACNA1S" };

    /// <summary>
    /// Genes where an undocumented allele is matched as the reference allele (and flagged), as PharmCAT does
    /// (NamedAlleleMatcher.TREAT_UNDOCUMENTED_VARIATIONS_AS_REFERENCE): their definitions list only the variants
    /// with known function, so other rare variants are not evidence against the defined alleles.
    /// </summary>
    public static readonly IReadOnlySet<string> UndocumentedAsReferenceGenes = new HashSet<string>(StringComparer.Ordinal)
    {
        "CACNA1S", "DPYD", "G6PD", "NUDT15", "RYR1", "TPMT",
    };

    /// <summary>Genotype quality (GQ) below which a genotype is flagged as low quality.</summary>
    public const int LowGenotypeQuality = 20;

    /// <summary>Upper bound on candidate alleles per gene, so a pathological definition set cannot explode pairing.</summary>
    public const int MaxCandidateAlleles = 4096;

    /// <summary>Calls one gene.</summary>
    /// <param name="definition">The gene's allele definitions.</param>
    /// <param name="sample">The sample's genotypes.</param>
    /// <param name="phenotypes">Allele functions, used by the lowest-function rule; may be null.</param>
    public static GeneCall Call(GeneDefinition definition, SampleGenotypes sample, GenePhenotypes? phenotypes = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(sample);
        var chr = definition.Chromosome;
        // An "ignored" position (PharmCAT exemptions) is skipped only where no remaining allele needs it: in G6PD,
        // rs5030869 is listed as ignored (it belongs to the ignored Mediterranean haplotype) but still defines Chatham.
        var reference0 = definition.Reference;
        var ignored = definition.IgnoredPositions
            .Where(pos => !definition.Alleles.Any(a => !a.IsReference && a.Alleles.TryGetValue(pos, out var x)
                && (reference0 is null || !reference0.Alleles.TryGetValue(pos, out var r) || r != x)))
            .ToHashSet();
        var amp1 = definition.Amp1Positions.ToHashSet();
        var used = definition.Positions.Where(p => !ignored.Contains(p.Position)).ToList();

        var available = new List<DefinitionPosition>();
        var calls = new List<SiteCall>();
        var missing = new List<string>();
        var missingAmp1 = new List<string>();
        var undocumented = new List<string>();
        var evidence = new List<string>();
        var variantEvidence = new List<string>();
        var lowQuality = new List<string>();
        var haploidMale = chr is "chrX" && string.Equals(sample.Sex, "male", StringComparison.OrdinalIgnoreCase);
        foreach (var p in used)
        {
            var call = sample.At(chr, p.Position);
            if (call is null || !call.IsComplete)
            {
                missing.Add(p.Label(chr));
                if (amp1.Contains(p.Position))
                    missingAmp1.Add(p.Label(chr));
                continue;
            }

            // A male's chrX genotype written as diploid homozygous (common in VCFs) is one hemizygous allele.
            if (haploidMale && call.Alleles.Count == 2 && call.Alleles[0] == call.Alleles[1])
                call = call with { Alleles = [call.Alleles[0]], Phased = true };
            foreach (var a in call.Alleles.Distinct(StringComparer.Ordinal))
            {
                if (a != p.Ref && !p.Alts.Contains(a, StringComparer.Ordinal))
                    undocumented.Add($"{p.Label(chr)} {p.Ref}>{a}");
            }

            if (UndocumentedAsReferenceGenes.Contains(definition.Gene) && call.Alleles.Any(a => a != p.Ref && !p.Alts.Contains(a, StringComparer.Ordinal)))
                call = call with { Alleles = [.. call.Alleles.Select(a => a != p.Ref && !p.Alts.Contains(a, StringComparer.Ordinal) ? p.Ref : a)] };

            available.Add(p);
            calls.Add(call);
            var line = $"{p.Label(chr)} {call}{(call.ReferenceBlock ? " (reference block)" : "")}{(call.Quality is { } gq ? $" GQ {gq}" : "")}";
            evidence.Add(line);
            if (call.Alleles.Any(a => a != p.Ref))
                variantEvidence.Add(line);
            if (call.Quality < LowGenotypeQuality)
                lowQuality.Add(line);
        }

        var phased = calls.Count > 0 && calls.All(c => c.Phased);
        var baseCall = new GeneCall
        {
            Gene = definition.Gene,
            Status = CallStatus.NotTested,
            Candidates = [],
            MissingPositions = missing,
            MissingAmp1Positions = missingAmp1,
            UndocumentedVariations = undocumented,
            Evidence = evidence,
            VariantEvidence = variantEvidence,
            LowQuality = lowQuality,
            Phased = phased,
        };
        if (available.Count == 0)
            return baseCall with { Notes = ["none of the gene's defining positions is in the input"] };

        var missingRequired = definition.RequiredPositions.Where(r => sample.At(chr, r) is not { IsComplete: true }).ToList();
        if (missingRequired.Count > 0)
        {
            return baseCall with
            {
                Status = CallStatus.NoCall,
                Notes = [$"required position(s) {string.Join(", ", missingRequired.Select(r => $"{chr}:{r}"))} not in the input; {definition.Gene} is not called without them"],
            };
        }

        var notes = new List<string>();
        if (undocumented.Count > 0 && UndocumentedAsReferenceGenes.Contains(definition.Gene))
        {
            notes.Add($"undocumented variation at {undocumented.Count} position(s) treated as reference for matching, as PharmCAT does for {definition.Gene}; review the variant(s)");
        }
        else if (undocumented.Count > 0)
        {
            return baseCall with
            {
                Status = CallStatus.NoCall,
                Notes = ["undocumented variation: an allele no definition describes was observed; not called rather than assumed reference"],
            };
        }

        var alleles = Prepare(definition, available);
        baseCall = baseCall with { AllelesTested = [.. alleles.Where(a => a.Score > 0).Select(a => a.Name)] };
        if (calls.Count > 0 && calls.All(c => c.Alleles.Count == 1))
            return Finish(baseCall, MatchHaploid(alleles, calls), notes, definition);
        if (calls.Any(c => c.Alleles.Count != 2))
        {
            return baseCall with
            {
                Status = CallStatus.NoCall,
                Notes = ["mixed haploid and diploid genotypes; cannot be called"],
            };
        }

        if (LowestFunctionGenes.Contains(definition.Gene))
            return LowestFunction(baseCall with { Notes = notes }, definition, alleles, available, calls, phenotypes);

        var all = MatchDiploidAll(alleles, calls);
        var pairs = Top(all);
        baseCall = baseCall with
        {
            AllCandidates = [.. all.GroupBy(p => p.Name).Select(g => g.MaxBy(p => p.Score)!).OrderByDescending(p => p.Score).ThenBy(p => p.Name, StringComparer.Ordinal)],
        };
        if (!phased && definition.UnphasedPriorities.Count > 0)
        {
            // Unphased data cannot tell these diplotypes apart (they give the same genotypes); the gene's priority
            // list (PharmCAT exemptions, NAT2) says which one to report, whatever the definitions' sizes score.
            var names = pairs.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
            var allNames = baseCall.AllCandidates.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
            var rule = definition.UnphasedPriorities.FirstOrDefault(r => r.Candidates.ToHashSet(StringComparer.Ordinal).SetEquals(names))
                ?? definition.UnphasedPriorities.FirstOrDefault(r => r.Candidates.Any(names.Contains) && r.Candidates.All(allNames.Contains));
            if (rule is not null && rule.Pick != string.Join("|", names))
            {
                var pick = baseCall.AllCandidates.First(p => p.Name == rule.Pick);
                pairs = [pick];
                notes.Add($"unphased priority rule: {string.Join(" or ", rule.Candidates)} reported as {rule.Pick}");
            }
        }

        return Finish(baseCall, pairs, notes, definition);
    }

    /// <summary>A definition reduced to the available positions: expected allele per position and its score.</summary>
    internal sealed record PreparedAllele(string Name, bool IsReference, string[] Expected, int Score, int Order);

    internal static List<PreparedAllele> Prepare(GeneDefinition definition, IReadOnlyList<DefinitionPosition> available)
    {
        var reference = definition.Reference;
        var result = new List<PreparedAllele>();
        var order = 0;
        foreach (var a in definition.Alleles)
        {
            var expected = new string[available.Count];
            var defined = 0;
            var score = 0;
            for (var i = 0; i < available.Count; i++)
            {
                var pos = available[i].Position;
                if (a.Alleles.TryGetValue(pos, out var allele))
                {
                    expected[i] = allele;
                    defined++;
                    // An IUPAC code matches several bases, so it is not evidence of this allele (PharmCAT scores it 0).
                    if (!Iupac.IsWobble(allele))
                        score++;
                }
                else
                {
                    // Blank = same as the reference allele (PharmCAT's default "assume reference" for definitions).
                    var refAllele = reference is not null && reference.Alleles.TryGetValue(pos, out var r) ? r : available[i].Ref;
                    expected[i] = Iupac.IsWobble(refAllele) ? available[i].Ref : refAllele;
                }
            }

            // An allele none of whose defining positions was observed cannot be told apart: drop it.
            if (defined > 0)
                result.Add(new PreparedAllele(definition.Suballeles.GetValueOrDefault(a.Name, a.Name), a.IsReference, expected, score, order));
            order++;
        }

        return result;
    }

    private static List<DiplotypeCandidate> MatchHaploid(List<PreparedAllele> alleles, List<SiteCall> calls)
    {
        var found = new List<DiplotypeCandidate>();
        foreach (var a in alleles)
        {
            var ok = true;
            for (var i = 0; i < calls.Count && ok; i++)
                ok = Iupac.Matches(a.Expected[i], calls[i].Alleles[0]);
            if (ok)
                found.Add(new DiplotypeCandidate(a.Name, null, a.Score));
        }

        return Top(found);
    }

    internal static List<DiplotypeCandidate> MatchDiploid(List<PreparedAllele> alleles, List<SiteCall> calls) => Top(MatchDiploidAll(alleles, calls));

    /// <summary>Every allele pair consistent with the genotypes (and their phase), with its score.</summary>
    internal static List<DiplotypeCandidate> MatchDiploidAll(List<PreparedAllele> alleles, List<SiteCall> calls)
    {
        // Keep only alleles compatible with one of the two observed alleles at every position.
        var compatible = new List<PreparedAllele>();
        foreach (var a in alleles)
        {
            var ok = true;
            for (var i = 0; i < calls.Count && ok; i++)
                ok = Iupac.Matches(a.Expected[i], calls[i].Alleles[0]) || Iupac.Matches(a.Expected[i], calls[i].Alleles[1]);
            if (ok)
                compatible.Add(a);
        }

        if (compatible.Count > MaxCandidateAlleles)
            compatible = compatible.Take(MaxCandidateAlleles).ToList();

        // Phase groups: one per PS among phased calls (phased calls without PS share one); unphased calls are free.
        var group = new int[calls.Count];
        var groupIds = new Dictionary<long, int>();
        for (var i = 0; i < calls.Count; i++)
        {
            if (!calls[i].Phased)
            {
                group[i] = -1;
                continue;
            }

            var key = calls[i].PhaseSet ?? long.MinValue;
            if (!groupIds.TryGetValue(key, out var g))
                groupIds[key] = g = groupIds.Count;
            group[i] = g;
        }

        var found = new List<DiplotypeCandidate>();
        var orientation = new int[groupIds.Count];
        for (var x = 0; x < compatible.Count; x++)
        {
            for (var y = x; y < compatible.Count; y++)
            {
                var a = compatible[x];
                var b = compatible[y];
                Array.Fill(orientation, 3);
                var ok = true;
                for (var i = 0; i < calls.Count && ok; i++)
                {
                    var g0 = calls[i].Alleles[0];
                    var g1 = calls[i].Alleles[1];
                    var straight = Iupac.Matches(a.Expected[i], g0) && Iupac.Matches(b.Expected[i], g1) ? 1 : 0;
                    var swapped = Iupac.Matches(a.Expected[i], g1) && Iupac.Matches(b.Expected[i], g0) ? 2 : 0;
                    var allowed = straight | swapped;
                    if (allowed == 0)
                    {
                        ok = false;
                    }
                    else if (group[i] >= 0)
                    {
                        orientation[group[i]] &= allowed;
                        ok = orientation[group[i]] != 0;
                    }
                }

                if (ok)
                    found.Add(Ordered(a, b));
            }
        }

        return found;
    }

    private static GeneCall LowestFunction(GeneCall baseCall, GeneDefinition definition, List<PreparedAllele> alleles,
        List<DefinitionPosition> available, List<SiteCall> calls, GenePhenotypes? phenotypes)
    {
        var reference = alleles.FirstOrDefault(a => a.IsReference);
        var refName = reference?.Name ?? definition.Reference?.Name ?? "Reference";

        // For each non-reference allele: how many copies carry it (the fewest copies over its defining positions).
        var found = new List<(PreparedAllele Allele, int Copies, HashSet<int> Defines)>();
        var explained = new HashSet<int>();
        foreach (var a in alleles.Where(a => !a.IsReference))
        {
            var copies = 2;
            var defines = new List<int>();
            for (var i = 0; i < available.Count; i++)
            {
                var refAllele = reference?.Expected[i] ?? available[i].Ref;
                if (a.Expected[i] == refAllele)
                    continue;
                defines.Add(i);
                copies = Math.Min(copies, calls[i].Alleles.Count(o => Iupac.Matches(a.Expected[i], o)));
            }

            if (defines.Count > 0 && copies > 0)
            {
                found.Add((a, copies, [.. defines]));
                explained.UnionWith(defines);
            }
        }

        // A sub-allele (one position of a multi-position allele such as HapB3) is counted only on the copies the
        // larger allele does not already explain.
        found = [.. found
            .Select(f => (f.Allele, Copies: f.Copies - found.Where(g => g.Defines.Count > f.Defines.Count && f.Defines.IsSubsetOf(g.Defines)).Sum(g => g.Copies), f.Defines))
            .Where(f => f.Copies > 0)];

        // Alleles that the observed positions cannot tell apart (the same variant positions, e.g. HapB3 with
        // c.1236G>A missing and c.1129-5923C>G alone) are one finding, not two: counting both would double a
        // single variant. The allele fully observed is kept (else the lowest function, then definition order).
        var sameEvidence = new List<string>();
        var distinct = new List<(PreparedAllele Allele, int Copies, HashSet<int> Defines)>();
        int Defined(PreparedAllele a)
        {
            var named = definition.Alleles.First(n => n.Name == a.Name);
            var refNamed = definition.Reference;
            return named.Alleles.Count(kv => refNamed is null || !refNamed.Alleles.TryGetValue(kv.Key, out var r) || r != kv.Value);
        }

        foreach (var group in found.GroupBy(f => string.Join(",", f.Defines.Order())))
        {
            var members = group.ToList();
            var keep = members.OrderBy(f => Defined(f.Allele) == f.Defines.Count ? 0 : 1).ThenBy(f => FunctionRank(phenotypes, f.Allele.Name)).ThenBy(f => f.Allele.Order).First();
            distinct.Add(keep);
            if (members.Count > 1)
            {
                sameEvidence.Add($"{string.Join(" and ", members.Select(m => m.Allele.Name))} cannot be told apart at the observed positions " +
                                 $"(the others are not tested); counted once, as {keep.Allele.Name}");
            }
        }

        found = distinct;

        // A non-reference allele at a position no found allele explains means a partial haplotype: do not guess.
        for (var i = 0; i < available.Count; i++)
        {
            var refAllele = reference?.Expected[i] ?? available[i].Ref;
            if (!explained.Contains(i) && calls[i].Alleles.Any(o => o != refAllele))
            {
                return baseCall with
                {
                    Status = CallStatus.NoCall,
                    Notes = [$"variant at {available[i].Label(definition.Chromosome)} is not part of a complete defined allele"],
                };
            }
        }

        var copiesList = found.SelectMany(f => Enumerable.Repeat(f.Allele, f.Copies)).ToList();
        double Rank(PreparedAllele a) => FunctionRank(phenotypes, a.Name);
        var sorted = copiesList.OrderBy(Rank).ThenBy(a => a.Order).ToList();
        var notes = new List<string>(baseCall.Notes);
        notes.AddRange(sameEvidence);
        if (sorted.Count > 2)
        {
            notes.Add($"{definition.Gene} lowest-function rule: {sorted.Count} variant alleles found ({string.Join(", ", sorted.Select(a => a.Name))}); " +
                      "the two with the lowest function are used, as CPIC advises when phase is unknown");
        }

        var first = sorted.Count > 0 ? sorted[0].Name : refName;
        var second = sorted.Count > 1 ? sorted[1].Name : refName;
        var score = (sorted.Count > 0 ? sorted[0].Score : reference?.Score ?? 0) + (sorted.Count > 1 ? sorted[1].Score : reference?.Score ?? 0);
        var candidate = first == refName ? new DiplotypeCandidate(first, second, score)
            : second == refName ? new DiplotypeCandidate(second, first, score)
            : new DiplotypeCandidate(first, second, score);
        return baseCall with { Status = CallStatus.Called, Candidates = [candidate], Notes = notes, FoundAlleles = [.. sorted.Select(a => a.Name)] };
    }

    /// <summary>Lower = less function: the activity value when numeric, else the CPIC function term's order.</summary>
    internal static double FunctionRank(GenePhenotypes? phenotypes, string allele)
    {
        var f = phenotypes?.Functions.FirstOrDefault(x => x.Allele == allele);
        if (f is null)
            return 5;
        if (double.TryParse(f.ActivityValue, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v))
            return v;
        return f.Function.ToUpperInvariant() switch
        {
            "NO FUNCTION" or "MALIGNANT HYPERTHERMIA ASSOCIATED" => 0,
            "DECREASED FUNCTION" => 0.5,
            "POSSIBLE DECREASED FUNCTION" => 0.75,
            "UNCERTAIN FUNCTION" or "UNKNOWN FUNCTION" => 0.9,
            _ => 1,
        };
    }

    private static GeneCall Finish(GeneCall baseCall, List<DiplotypeCandidate> pairs, List<string> notes, GeneDefinition definition)
    {
        if (pairs.Count == 0)
        {
            notes.Add($"the observed genotypes fit no pair of defined {definition.Gene} alleles");
            return baseCall with { Status = CallStatus.NoCall, Notes = notes };
        }

        return baseCall with
        {
            Status = pairs.Count == 1 ? CallStatus.Called : CallStatus.Ambiguous,
            Candidates = pairs,
            Notes = notes,
        };
    }

    private static DiplotypeCandidate Ordered(PreparedAllele a, PreparedAllele b)
    {
        // Reference-like allele first, then natural order of names (*2 before *17).
        var swap = b.IsReference && !a.IsReference || a.IsReference == b.IsReference && AlleleNameComparer.Instance.Compare(a.Name, b.Name) > 0;
        return swap ? new DiplotypeCandidate(b.Name, a.Name, a.Score + b.Score) : new DiplotypeCandidate(a.Name, b.Name, a.Score + b.Score);
    }

    private static List<DiplotypeCandidate> Top(List<DiplotypeCandidate> found)
    {
        if (found.Count == 0)
            return found;
        var best = found.Max(f => f.Score);
        return [.. found.Where(f => f.Score == best).DistinctBy(f => f.Name).OrderBy(f => f.Name, StringComparer.Ordinal)];
    }
}

/// <summary>Orders allele names naturally: *2 before *10, numbers compared as numbers.</summary>
public sealed class AlleleNameComparer : IComparer<string>
{
    public static readonly AlleleNameComparer Instance = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
            return 0;
        if (x is null)
            return -1;
        if (y is null)
            return 1;
        int i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            if (char.IsDigit(x[i]) && char.IsDigit(y[j]))
            {
                int si = i, sj = j;
                while (i < x.Length && char.IsDigit(x[i]))
                    i++;
                while (j < y.Length && char.IsDigit(y[j]))
                    j++;
                var nx = x[si..i].TrimStart('0');
                var ny = y[sj..j].TrimStart('0');
                var c = nx.Length != ny.Length ? nx.Length.CompareTo(ny.Length) : string.CompareOrdinal(nx, ny);
                if (c != 0)
                    return c;
            }
            else
            {
                var c = x[i].CompareTo(y[j]);
                if (c != 0)
                    return c;
                i++;
                j++;
            }
        }

        return (x.Length - i).CompareTo(y.Length - j);
    }
}

using Precis.Genomics.Sites;
using Precis.PolygenicRisk.ScoringFiles;

namespace Precis.PolygenicRisk.Matching;

/// <summary>
/// Matches scoring-file rows to target variants the way pgsc_calc (pgscatalog.match) does: by chromosome, position and
/// alleles, trying REF/ALT, ALT/REF, then the strand-flipped alleles, then effect-allele-only for rows without an other
/// allele; keeping the best match type per row; flagging strand-ambiguous, multi-allelic, flipped and duplicated
/// matches and excluding them by the options. Sites are fed one position at a time (streaming), so a VCF is read once.
/// </summary>
public sealed class VariantMatcher
{
    private static readonly HashSet<string> MatchableChromosomes =
        [.. Enumerable.Range(1, 22).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), "X", "Y"];

    private readonly IReadOnlyList<PolygenicScoreDefinition> _scores;
    private readonly Dictionary<(string Chrom, long Pos), List<(int Score, int Row)>> _index = new(PositionKeyComparer.Instance);
    private readonly VariantMatch?[][] _outcomes;
    private Dictionary<string, long[]>? _sortedPositions;

    /// <summary>Prepares the position index of every score's rows.</summary>
    public VariantMatcher(IReadOnlyList<PolygenicScoreDefinition> scores, MatchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(scores);
        _scores = scores;
        Options = options ?? MatchOptions.Default;
        _outcomes = new VariantMatch?[scores.Count][];
        for (var s = 0; s < scores.Count; s++)
        {
            var variants = scores[s].Variants;
            _outcomes[s] = new VariantMatch?[variants.Count];
            for (var r = 0; r < variants.Count; r++)
            {
                var v = variants[r];
                if (v.Chromosome is null || v.Position is null)
                    continue;
                var key = (ContigNames.Canonical(v.Chromosome), v.Position.Value);
                if (!_index.TryGetValue(key, out var list))
                    _index[key] = list = [];
                list.Add((s, r));
            }
        }
    }

    /// <summary>Positions with rows on a chromosome within [start, end], ascending (for gVCF reference blocks).</summary>
    public IEnumerable<long> PositionsIn(string chromosome, long start, long end)
    {
        _sortedPositions ??= _index.Keys.GroupBy(k => k.Chrom, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(k => k.Pos).Order().ToArray(), StringComparer.Ordinal);
        if (!_sortedPositions.TryGetValue(ContigNames.Canonical(chromosome), out var positions))
            yield break;
        var i = Array.BinarySearch(positions, start);
        if (i < 0)
            i = ~i;
        for (; i < positions.Length && positions[i] <= end; i++)
            yield return positions[i];
    }

    /// <summary>The rules in force.</summary>
    public MatchOptions Options { get; }

    /// <summary>The scores being matched.</summary>
    public IReadOnlyList<PolygenicScoreDefinition> Scores => _scores;

    /// <summary>True when some score has a row at this position (a cheap test before decoding a record).</summary>
    public bool HasRowsAt(string chromosome, long position) =>
        _index.ContainsKey((ContigNames.Canonical(chromosome), position));

    /// <summary>As <see cref="HasRowsAt"/> for a chromosome name already in <see cref="ContigNames.Canonical"/> form.</summary>
    internal bool HasRowsAtCanonical(string canonicalChromosome, long position) =>
        _index.ContainsKey((canonicalChromosome, position));

    /// <summary>
    /// Matches the rows at one position against every target variant at that position (all records sharing CHROM and
    /// POS, so multi-allelic sites split over several records are seen together). Returns the best match of each row
    /// that found one (matched or excluded), with its score index.
    /// </summary>
    public IReadOnlyList<(int Score, VariantMatch Match)> MatchSite(IReadOnlyList<TargetVariant> site)
    {
        ArgumentNullException.ThrowIfNull(site);
        if (site.Count == 0)
            return [];
        var chrom = ContigNames.Canonical(site[0].Chromosome);
        if (!MatchableChromosomes.Contains(chrom) || !_index.TryGetValue((chrom, site[0].Position), out var rows))
            return [];
        if (rows.Count == 1)
            return MatchSingleRow(rows[0].Score, rows[0].Row, site);
        var best = new List<Candidate>();
        foreach (var (s, r) in rows)
        {
            if (_outcomes[s][r] is not null)
                continue; // a position seen twice (unsorted input): the first match stands
            var candidates = Candidates(_scores[s].Variants[r], site);
            if (candidates.Count == 0)
                continue;
            var bestType = candidates.Min(c => c.Type);
            var ofBestType = candidates.Where(c => c.Type == bestType).ToList();
            // pgsc_calc: several candidates of the best type (a position with different REFs) keep the first and are
            // marked duplicate_best_match, which also separates them in the duplicated-ID window below.
            best.Add(ofBestType[0] with { Score = s, Row = r, DuplicateBestMatch = ofBestType.Count > 1 });
        }

        // Rows of one score whose best matches land on the same target variant: pgsc_calc excludes all of them
        // (or all but the lowest row with --keep_first_match), because one variant cannot carry two weights.
        var results = new List<(int Score, VariantMatch Match)>(best.Count);
        foreach (var group in best.GroupBy(c => (c.Score, c.Target.Id, c.DuplicateBestMatch)))
        {
            var members = group.ToList();
            var duplicated = members.Count > 1;
            var firstRow = members.Min(m => _scores[m.Score].Variants[m.Row].RowNumber);
            foreach (var c in members)
            {
                var v = _scores[c.Score].Variants[c.Row];
                var excludeDuplicate = duplicated && (!Options.KeepFirstMatch || v.RowNumber != firstRow);
                var flipped = c.Type is AlleleMatchType.RefAltFlip or AlleleMatchType.AltRefFlip or AlleleMatchType.NoOtherAlleleRefFlip or AlleleMatchType.NoOtherAlleleAltFlip;
                var exclude = excludeDuplicate
                    || (c.Ambiguous && !Options.KeepAmbiguous)
                    || (c.Target.IsMultiallelic && !Options.KeepMultiallelic)
                    || (flipped && Options.IgnoreStrandFlips);
                var match = new VariantMatch(v, exclude ? MatchStatus.Excluded : MatchStatus.Matched, c.Type, c.Target, c.EffectAlleleIndex,
                    c.Ambiguous, c.Target.IsMultiallelic, flipped, duplicated);
                _outcomes[c.Score][c.Row] = match;
                results.Add((c.Score, match));
            }
        }

        return results;
    }

    /// <summary>
    /// <see cref="MatchSite"/> for a position with a single score row (almost every position), without the grouping:
    /// one row cannot collide with another on a target, so only its own exclusion rules apply.
    /// </summary>
    private IReadOnlyList<(int Score, VariantMatch Match)> MatchSingleRow(int s, int r, IReadOnlyList<TargetVariant> site)
    {
        if (_outcomes[s][r] is not null)
            return [];
        var candidates = Candidates(_scores[s].Variants[r], site);
        if (candidates.Count == 0)
            return [];
        var c = candidates[0]; // sorted by type, stable: the first of the best type
        var v = _scores[s].Variants[r];
        var flipped = c.Type is AlleleMatchType.RefAltFlip or AlleleMatchType.AltRefFlip or AlleleMatchType.NoOtherAlleleRefFlip or AlleleMatchType.NoOtherAlleleAltFlip;
        var exclude = (c.Ambiguous && !Options.KeepAmbiguous)
            || (c.Target.IsMultiallelic && !Options.KeepMultiallelic)
            || (flipped && Options.IgnoreStrandFlips);
        var match = new VariantMatch(v, exclude ? MatchStatus.Excluded : MatchStatus.Matched, c.Type, c.Target, c.EffectAlleleIndex,
            c.Ambiguous, c.Target.IsMultiallelic, flipped, false);
        _outcomes[s][r] = match;
        return [(s, match)];
    }

    /// <summary>One outcome per row of a score, in row order; rows never matched are <see cref="MatchStatus.Unmatched"/>.</summary>
    public IReadOnlyList<VariantMatch> Outcomes(int score)
    {
        var variants = _scores[score].Variants;
        var list = new VariantMatch[variants.Count];
        for (var r = 0; r < variants.Count; r++)
            list[r] = _outcomes[score][r] ?? new VariantMatch(variants[r], MatchStatus.Unmatched, null, null, -1, false, false, false, false);
        return list;
    }

    /// <summary>The match report of a score once every site has been fed.</summary>
    public MatchReport Report(int score)
    {
        var outcomes = Outcomes(score);
        var def = _scores[score];
        var matched = outcomes.Where(o => o.Status == MatchStatus.Matched).ToList();
        var excluded = outcomes.Where(o => o.Status == MatchStatus.Excluded).ToList();
        var unmatched = outcomes.Count(o => o.Status == MatchStatus.Unmatched) + def.RefusedRows.Count;
        var summary = outcomes
            .GroupBy(o => o.Status == MatchStatus.Unmatched
                ? (o.Status, (bool?)null, (bool?)null, (bool?)null, (bool?)null)
                : (o.Status, o.Ambiguous, o.Multiallelic, o.Flipped, o.DuplicateId))
            .Select(g => new MatchSummaryRow(g.Key.Status, g.Key.Item2, g.Key.Item3, g.Key.Item4, g.Key.Item5,
                g.Count() + (g.Key.Status == MatchStatus.Unmatched ? def.RefusedRows.Count : 0)))
            .ToList();
        if (def.RefusedRows.Count > 0 && summary.All(r => r.Status != MatchStatus.Unmatched))
            summary.Add(new MatchSummaryRow(MatchStatus.Unmatched, null, null, null, null, def.RefusedRows.Count));
        summary = [.. summary.OrderBy(r => r.Status).ThenBy(r => r.Ambiguous).ThenBy(r => r.Multiallelic).ThenBy(r => r.Flipped).ThenBy(r => r.DuplicateId)];
        return new MatchReport(
            def.Id,
            def.TotalRows,
            matched.Count,
            excluded.Count,
            excluded.Count(o => o.Ambiguous && !Options.KeepAmbiguous),
            excluded.Count(o => o.Multiallelic && !Options.KeepMultiallelic),
            excluded.Count(o => o.Flipped && Options.IgnoreStrandFlips),
            excluded.Count(o => o.DuplicateId),
            unmatched,
            outcomes.Count(o => o.Status == MatchStatus.Unmatched && o.Variant.Unpositioned is not null) + def.RefusedRows.Count,
            matched.Count(o => o.Flipped),
            Options.MinOverlap,
            summary);
    }

    /// <summary>Matches a whole list of target variants (e.g. a plink2 .pvar) and returns one report per score.</summary>
    public static IReadOnlyList<MatchReport> MatchAll(IReadOnlyList<PolygenicScoreDefinition> scores, IEnumerable<TargetVariant> targets, MatchOptions? options, out VariantMatcher matcher)
    {
        ArgumentNullException.ThrowIfNull(targets);
        matcher = new VariantMatcher(scores, options);
        foreach (var site in targets.GroupBy(t => (ContigNames.Canonical(t.Chromosome), t.Position)))
            matcher.MatchSite([.. site]);
        var m = matcher;
        return [.. Enumerable.Range(0, scores.Count).Select(m.Report)];
    }

    private static List<Candidate> Candidates(ScoreVariant v, IReadOnlyList<TargetVariant> site)
    {
        var list = new List<Candidate>();
        var ea = v.EffectAllele;
        var oa = v.OtherAllele;
        var eaFlip = Complement(ea);
        var oaFlip = oa is null ? null : Complement(oa);
        foreach (var t in site)
        {
            for (var k = 0; k < t.Alts.Count; k++)
            {
                var alt = t.Alts[k];
                var ambiguous = Complement(t.Ref) == alt;
                void Add(AlleleMatchType type, int effectIndex) =>
                    list.Add(new Candidate(type, t, effectIndex, ambiguous));
                if (oa is not null)
                {
                    if (ea == t.Ref && oa == alt)
                        Add(AlleleMatchType.RefAlt, 0);
                    if (ea == alt && oa == t.Ref)
                        Add(AlleleMatchType.AltRef, k + 1);
                    if (eaFlip == t.Ref && oaFlip == alt)
                        Add(AlleleMatchType.RefAltFlip, 0);
                    if (eaFlip == alt && oaFlip == t.Ref)
                        Add(AlleleMatchType.AltRefFlip, k + 1);
                }
                else
                {
                    if (ea == t.Ref)
                        Add(AlleleMatchType.NoOtherAlleleRef, 0);
                    if (ea == alt)
                        Add(AlleleMatchType.NoOtherAlleleAlt, k + 1);
                    if (eaFlip == t.Ref)
                        Add(AlleleMatchType.NoOtherAlleleRefFlip, 0);
                    if (eaFlip == alt)
                        Add(AlleleMatchType.NoOtherAlleleAltFlip, k + 1);
                }
            }
        }

        // Stable: candidates of equal type keep target order, so "first" means first in the input.
        return list.Count <= 1 ? list : [.. list.OrderBy(c => c.Type)];
    }

    /// <summary>Complements a DNA allele (no reversal, as pgsc_calc); anything not purely ACGT is left unchanged.</summary>
    internal static string Complement(string allele)
    {
        if (allele.Length == 1)
        {
            // The common SNV case without allocating.
            return allele[0] switch { 'A' => "T", 'T' => "A", 'C' => "G", 'G' => "C", _ => allele };
        }

        Span<char> buffer = allele.Length <= 256 ? stackalloc char[allele.Length] : new char[allele.Length];
        for (var i = 0; i < allele.Length; i++)
        {
            var c = allele[i] switch
            {
                'A' => 'T',
                'T' => 'A',
                'C' => 'G',
                'G' => 'C',
                _ => '\0',
            };
            if (c == '\0')
                return allele;
            buffer[i] = c;
        }

        return new string(buffer);
    }

    private sealed record Candidate(AlleleMatchType Type, TargetVariant Target, int EffectAlleleIndex, bool Ambiguous)
    {
        public int Score { get; init; }

        public int Row { get; init; }

        public bool DuplicateBestMatch { get; init; }
    }

    /// <summary>
    /// Hashes a (contig, position) key by its position and the contig name's length and last character: positions
    /// already spread the keys, and hashing the contig text on every VCF site was a measurable share of a scoring run.
    /// </summary>
    private sealed class PositionKeyComparer : IEqualityComparer<(string Chrom, long Pos)>
    {
        public static readonly PositionKeyComparer Instance = new();

        public bool Equals((string Chrom, long Pos) x, (string Chrom, long Pos) y) =>
            x.Pos == y.Pos && string.Equals(x.Chrom, y.Chrom, StringComparison.Ordinal);

        public int GetHashCode((string Chrom, long Pos) obj) =>
            HashCode.Combine(obj.Pos, obj.Chrom.Length, obj.Chrom.Length > 0 ? obj.Chrom[^1] : '\0');
    }
}

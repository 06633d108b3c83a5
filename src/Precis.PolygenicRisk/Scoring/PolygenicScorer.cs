using System.Globalization;
using System.Runtime.CompilerServices;
using Precis.Genomics.Sites;
using Precis.Genomics.Vcf;
using Precis.PolygenicRisk.Matching;
using Precis.PolygenicRisk.ScoringFiles;

namespace Precis.PolygenicRisk.Scoring;

/// <summary>
/// Computes many polygenic scores in one streaming pass over a VCF/gVCF (read through Precis.Genomics): each position
/// is matched as pgsc_calc would, and each matched variant's weighted effect-allele dosage is added per sample with
/// plink2 --score's arithmetic (SUM, DENOM, ALLELE_CT, NAMED_ALLELE_DOSAGE_SUM, mean imputation of missing calls).
/// Memory grows with scores × samples, not with the number of variants.
/// </summary>
public static class PolygenicScorer
{
    /// <summary>Scores every sample of <paramref name="vcfPath"/> on every score.</summary>
    public static ScoringResult Score(string vcfPath, IReadOnlyList<PolygenicScoreDefinition> scores, ScoringOptions? options = null,
        FastaReference? reference = null, IProgress<Core.ProgressUpdate>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(vcfPath);
        ArgumentNullException.ThrowIfNull(scores);
        options ??= ScoringOptions.Default;
        // GT-only scoring of a VCF without gVCF reference blocks takes the byte-level path (same arithmetic, same
        // matching; scored records are validated, others only for CHROM/POS); everything else the full reader.
        if (!options.UseDosageField && options.FastGtPath)
        {
            try
            {
                using var fast = FastGtSource.Open(vcfPath, options.Vcf.MaxPloidy);
                var run = new Run(fast.Name, fast.Samples, scores, options, reference);
                run.Execute(fast, progress);
                return run.Result();
            }
            catch (GvcfBlockException)
            {
                // A gVCF: its blocks need the full reader; nothing of the partial pass is kept.
            }
        }

        using var reader = VcfReader.Open(vcfPath, options.Vcf);
        return Score(reader, scores, options, reference, progress);
    }

    /// <summary>Scores from an open reader (positioned before the first record).</summary>
    public static ScoringResult Score(VcfReader reader, IReadOnlyList<PolygenicScoreDefinition> scores, ScoringOptions? options = null,
        FastaReference? reference = null, IProgress<Core.ProgressUpdate>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(scores);
        options ??= ScoringOptions.Default;
        var run = new Run(reader.Name, reader.Header.Samples, scores, options, reference);
        run.Execute(reader, progress);
        return run.Result();
    }

    private sealed class Run(string inputName, IReadOnlyList<string> sampleNames, IReadOnlyList<PolygenicScoreDefinition> scores, ScoringOptions options, FastaReference? reference)
    {
        private readonly VariantMatcher _matcher = new(scores, options.Match);
        private readonly int _n = sampleNames.Count;
        private readonly double[][] _sum = NewArrays<double>(scores.Count, sampleNames.Count);
        private readonly double[][] _named = NewArrays<double>(scores.Count, sampleNames.Count);
        private readonly int[][] _denom = NewArrays<int>(scores.Count, sampleNames.Count);
        private readonly int[][] _alleleCt = NewArrays<int>(scores.Count, sampleNames.Count);
        private readonly int[][] _missing = NewArrays<int>(scores.Count, sampleNames.Count);
        private long _blockSites;
        private long _blockSitesUnknownBase;
        private long _referenceFrequencyFallbacks;

        /// <summary>The byte-level path: records at a score position arrive with their GT calls decoded.</summary>
        public void Execute(FastGtSource source, IProgress<Core.ProgressUpdate>? progress)
        {
            var group = new List<FastGtRecord>();
            string? chrom = null;
            long pos = -1;
            foreach (var record in source.Records(_matcher.HasRowsAtCanonical, progress))
            {
                if (group.Count > 0 && (record.Pos != pos || !ReferenceEquals(record.Chrom, chrom)))
                    FlushFast(group, source);
                chrom = record.Chrom;
                pos = record.Pos;
                group.Add(record);
            }

            FlushFast(group, source);
        }

        private void FlushFast(List<FastGtRecord> group, FastGtSource source)
        {
            if (group.Count == 0)
                return;
            var chrom = ContigNames.Canonical(group[0].Chrom);
            var targets = new List<TargetVariant>(group.Count);
            for (var t = 0; t < group.Count; t++)
            {
                var r = group[t];
                var alts = new string[r.Alts.Length];
                for (var a = 0; a < alts.Length; a++)
                    alts[a] = r.Alts[a].ToUpperInvariant();
                targets.Add(new TargetVariant(r.Chrom, r.Pos, $"{chrom}:{r.Pos}:{r.Ref}:{string.Join(',', r.Alts)}", r.Ref.ToUpperInvariant(), alts, t));
            }

            var matches = _matcher.MatchSite(targets);
            PrepareKeys(matches);
            foreach (var (s, m) in matches)
            {
                if (m.Status != MatchStatus.Matched)
                    continue;
                var calls = group[m.Target!.Tag].Calls;
                if (FastAdditive(m.Variant))
                    AddAdditive(s, m.Variant.Weight, Prepared(m.Target.Tag, m.EffectAlleleIndex, calls));
                else
                    Add(s, m, (calls, null), false);
            }

            foreach (var k in _keys)
            {
                if (k.Dosage is not null)
                    _dosagePool.Push(k.Dosage);
                _keyPool.Push(k);
            }

            _keys.Clear();
            foreach (var r in group)
                source.Return(r);
            group.Clear();
        }

        public void Execute(VcfReader reader, IProgress<Core.ProgressUpdate>? progress)
        {
            var group = new List<VcfRecord>();
            long records = 0;
            foreach (var record in reader.Records())
            {
                if (++records % 100_000 == 0)
                    progress?.Report(new Core.ProgressUpdate("scoring", records, null));
                if (record.IsReferenceBlock)
                {
                    Flush(group);
                    ReferenceBlock(record);
                    continue;
                }

                if (group.Count > 0 && (group[0].Pos != record.Pos || group[0].Chrom != record.Chrom))
                    Flush(group);
                group.Add(record);
            }

            Flush(group);
        }

        public ScoringResult Result()
        {
            FoldBuckets();
            var notes = new List<string>();
            var results = new List<ScoreResult>(scores.Count);
            for (var s = 0; s < scores.Count; s++)
            {
                var report = _matcher.Report(s);
                var outcomes = _matcher.Outcomes(s);
                string? refused = null;
                if (report.Matched == 0)
                    refused = $"no variant of {report.ScoreId} matched the genotypes ({report.Variants} rows): the score is not computed";
                else if (!report.Passes)
                    refused = string.Create(CultureInfo.InvariantCulture,
                        $"only {report.Matched} of {report.Variants} variants matched ({report.MatchRate * 100:0.00}%), below the minimum overlap {report.MinOverlap * 100:0.##}%: the score is refused rather than reported on a fraction of its variants");
                var samples = refused is not null ? [] : Enumerable.Range(0, _n)
                    .Select(i => new SampleScore(sampleNames[i], _sum[s][i], _denom[s][i], _alleleCt[s][i], _named[s][i], _missing[s][i]))
                    .ToArray();
                results.Add(new ScoreResult(scores[s], report, outcomes, samples, refused));
            }

            if (_blockSites > 0)
                notes.Add($"{_blockSites} scoring position(s) lay inside gVCF reference blocks and were read as observed reference calls.");
            if (_blockSitesUnknownBase > 0)
                notes.Add($"{_blockSitesUnknownBase} scoring position(s) lay inside gVCF reference blocks but the reference base is unknown without a reference FASTA: they are not observed (unmatched), never assumed reference.");
            if (_referenceFrequencyFallbacks > 0)
                notes.Add($"{_referenceFrequencyFallbacks} missing call(s) were imputed from the cohort frequency because the scoring file gives no allelefrequency_effect for that variant.");
            return new ScoringResult(inputName, sampleNames, results, options, notes);
        }

        private void Flush(List<VcfRecord> group)
        {
            if (group.Count == 0)
                return;
            var first = group[0];
            if (_matcher.HasRowsAt(first.Chrom, first.Pos))
            {
                var chrom = ContigNames.Canonical(first.Chrom);
                var targets = new List<TargetVariant>(group.Count);
                for (var t = 0; t < group.Count; t++)
                {
                    var r = group[t];
                    // pgsc_calc relabels target IDs to chrom:pos:ref:alt before matching.
                    targets.Add(new TargetVariant(r.Chrom, r.Pos, $"{chrom}:{r.Pos}:{r.Ref}:{string.Join(',', r.Alts)}", r.Ref.ToUpperInvariant(),
                        [.. r.Alts.Select(a => a.ToUpperInvariant())], t));
                }

                Accumulate(_matcher.MatchSite(targets), group);
            }

            group.Clear();
        }

        private void ReferenceBlock(VcfRecord block)
        {
            foreach (var pos in _matcher.PositionsIn(block.Chrom, block.Pos, block.End).ToList())
            {
                // The block writes the reference base only at its first position; elsewhere it comes from the FASTA.
                char? b = pos == block.Pos && block.Ref.Length > 0 ? char.ToUpperInvariant(block.Ref[0]) : reference?.BaseAt(block.Chrom, pos);
                if (b is null)
                {
                    _blockSitesUnknownBase++;
                    continue;
                }

                var refBase = b.Value.ToString();
                // The rows at this position name the candidate alleles; the sample carries the reference on both copies.
                var alleles = scores.SelectMany(sc => sc.Variants)
                    .Where(v => v.Position == pos && v.Chromosome is not null && ContigNames.SameContig(v.Chromosome, block.Chrom))
                    .SelectMany(v => new[] { v.EffectAllele, v.OtherAllele, v.OtherAllele is null ? null : VariantMatcher.Complement(v.OtherAllele), VariantMatcher.Complement(v.EffectAllele) })
                    .Where(a => a is not null && a != refBase)
                    .Distinct(StringComparer.Ordinal)
                    .ToList();
                var chrom = ContigNames.Canonical(block.Chrom);
                var target = new TargetVariant(block.Chrom, pos, $"{chrom}:{pos}:{refBase}:<REF-BLOCK>", refBase, alleles!, 0, FromReferenceBlock: true);
                var matches = _matcher.MatchSite([target]);
                if (matches.Count > 0)
                    _blockSites++;
                Accumulate(matches, [block]);
            }
        }

        private void Accumulate(IReadOnlyList<(int Score, VariantMatch Match)> matches, List<VcfRecord> group)
        {
            if (!matches.Any(m => m.Match.Status == MatchStatus.Matched))
                return;
            foreach (var byRecord in matches.Where(m => m.Match.Status == MatchStatus.Matched).GroupBy(m => m.Match.Target!.Tag))
            {
                var record = group[byRecord.Key];
                var calls = Decode(record);
                foreach (var (s, m) in byRecord)
                    Add(s, m, calls, record.IsReferenceBlock);
            }
        }

        /// <summary>Per sample: ploidy (0 = no GT), allele indexes (-1 missing) and DS values when used.</summary>
        private (GtCall[] Gt, double[]?[]? Ds) Decode(VcfRecord record)
        {
            var gts = new GtCall[_n];
            var useDs = options.UseDosageField && record.FormatKeys.Contains("DS");
            var ds = useDs ? new double[]?[_n] : null;
            for (var i = 0; i < _n; i++)
            {
                var sample = record.Sample(i);
                gts[i] = GtCall.From(sample.Genotype);
                if (useDs && sample.GetFloats("DS") is { } values && values.All(v => v is not null))
                    ds![i] = [.. values.Select(v => v!.Value)];
            }

            return (gts, ds);
        }

        // Per-variant work arrays, reused: allocating them per variant and score dominated large cohorts.
        private readonly int[] _ploidy = new int[sampleNames.Count];
        private readonly double[] _dosage = new double[sampleNames.Count];
        private readonly bool[] _observed = new bool[sampleNames.Count];

        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // the per-sample loop: skip tier-0 code
        private void Add(int s, VariantMatch m, (GtCall[] Gt, double[]?[]? Ds) calls, bool referenceBlock)
        {
            var v = m.Variant;
            var e = m.EffectAlleleIndex;
            var ploidy = _ploidy;
            var dosage = _dosage;
            var observed = _observed;
            double effectCopies = 0, alleleCopies = 0;
            for (var i = 0; i < _n; i++)
            {
                var g = calls.Gt[i];
                var p = g.Ploidy == 0 ? 2 : g.Ploidy;
                double d;
                var ok = g.Complete;
                if (calls.Ds?[i] is { } ds && !referenceBlock)
                {
                    // DS is the expected count of each ALT allele (Number=A); the REF dosage is the rest of the ploidy.
                    d = e == 0 ? p - ds.Sum() : e - 1 < ds.Length ? ds[e - 1] : double.NaN;
                    ok = !double.IsNaN(d);
                }
                else if (ok && referenceBlock && g.HasAlternate)
                {
                    ok = false; // a block call with a non-reference allele says nothing about this position's alleles
                    d = 0;
                }
                else
                {
                    d = ok ? (referenceBlock && e > 0 ? 0 : g.CountOf(e)) : 0;
                }

                if (options.Ploidy == PloidyModel.AlwaysDiploid && p == 1)
                {
                    d *= 2;
                    p = 2;
                }

                ploidy[i] = p;
                dosage[i] = d;
                observed[i] = ok;
                if (ok)
                {
                    effectCopies += d;
                    alleleCopies += p;
                }
            }

            var frequency = alleleCopies > 0 ? effectCopies / alleleCopies : 0;
            if (options.Missing == MissingGenotypePolicy.ReferenceFrequency)
            {
                if (v.EffectAlleleFrequency is { } f)
                    frequency = f;
                else if (Array.IndexOf(observed, false) >= 0)
                    _referenceFrequencyFallbacks += observed.Count(o => !o);
            }

            for (var i = 0; i < _n; i++)
            {
                if (observed[i])
                {
                    _sum[s][i] += ScorerMath.Contribution(v, dosage[i], ploidy[i]);
                    _named[s][i] += dosage[i];
                    _alleleCt[s][i] += ploidy[i];
                    _denom[s][i] += ploidy[i];
                }
                else
                {
                    _missing[s][i]++;
                    if (options.Missing == MissingGenotypePolicy.Drop)
                        continue;
                    _sum[s][i] += ScorerMath.Expected(v, frequency, ploidy[i]);
                    _denom[s][i] += ploidy[i];
                }
            }
        }

        // Additive GT scoring on the byte-level path. A record's effect-allele dosages are decoded once per (record,
        // effect allele) whatever the number of scores using them; each score then adds weight × dosage over the samples
        // with SIMD, and the per-sample counts (named dosage, allele count, denominator, missing) are kept once per set
        // of scores sharing the variant ("bucket") and folded into each score at the end. The arithmetic and the order
        // of the SUM additions per score are those of Add (GT dosages are integers, so the counts are exact sums).
        private sealed class Bucket(int[] scoreIndexes, int n)
        {
            public int[] Scores { get; } = scoreIndexes;

            public double[] Named { get; } = new double[n];

            public int[] AlleleCt { get; } = new int[n];

            public int[] Denom { get; } = new int[n];

            public int[] Missing { get; } = new int[n];
        }

        private sealed class PreparedKey
        {
            public int Tag { get; set; }

            public int Effect { get; set; }

            public List<int> Scores { get; } = [];

            public double[]? Dosage { get; set; }

            public double Frequency { get; set; }

            public List<(int Sample, int Ploidy)> MissingCalls { get; } = [];
        }

        private readonly List<PreparedKey> _keys = [];
        private readonly Stack<PreparedKey> _keyPool = new();
        private readonly Stack<double[]> _dosagePool = new();
        private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
        private readonly System.Text.StringBuilder _bucketKey = new();

        private bool FastAdditive(ScoreVariant v) =>
            v.EffectType == EffectType.Additive && options.Missing != MissingGenotypePolicy.ReferenceFrequency;

        /// <summary>Collects, per (record, effect allele) used by an additive match, the scores using it.</summary>
        private void PrepareKeys(IReadOnlyList<(int Score, VariantMatch Match)> matches)
        {
            foreach (var (s, m) in matches)
            {
                if (m.Status != MatchStatus.Matched || !FastAdditive(m.Variant))
                    continue;
                var key = FindKey(m.Target!.Tag, m.EffectAlleleIndex);
                if (key is null)
                {
                    key = _keyPool.Count > 0 ? _keyPool.Pop() : new PreparedKey();
                    key.Tag = m.Target.Tag;
                    key.Effect = m.EffectAlleleIndex;
                    key.Scores.Clear();
                    key.Dosage = null;
                    key.MissingCalls.Clear();
                    _keys.Add(key);
                }

                if (!key.Scores.Contains(s))
                    key.Scores.Add(s);
            }
        }

        private PreparedKey? FindKey(int tag, int effect)
        {
            foreach (var k in _keys)
            {
                if (k.Tag == tag && k.Effect == effect)
                    return k;
            }

            return null;
        }

        /// <summary>The dosages of (record, effect allele), decoded at first use; counts go to the key's bucket.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // the per-sample loop: skip tier-0 code
        private PreparedKey Prepared(int tag, int effect, GtCall[] calls)
        {
            var key = FindKey(tag, effect)!;
            if (key.Dosage is not null)
                return key;
            var bucket = BucketFor(key.Scores);
            var x = key.Dosage = _dosagePool.Count > 0 ? _dosagePool.Pop() : new double[_n];
            var named = bucket.Named;
            var alleleCt = bucket.AlleleCt;
            var denom = bucket.Denom;
            var missing = bucket.Missing;
            var doubleHaploid = options.Ploidy == PloidyModel.AlwaysDiploid;
            var drop = options.Missing == MissingGenotypePolicy.Drop;
            double effectCopies = 0, alleleCopies = 0;
            for (var i = 0; i < _n; i++)
            {
                var g = calls[i];
                var p = g.Ploidy == 0 ? 2 : g.Ploidy;
                if (g.Complete)
                {
                    double d = g.CountOf(effect);
                    if (doubleHaploid && p == 1)
                    {
                        d *= 2;
                        p = 2;
                    }

                    x[i] = d;
                    effectCopies += d;
                    alleleCopies += p;
                    named[i] += d;
                    alleleCt[i] += p;
                    denom[i] += p;
                }
                else
                {
                    if (doubleHaploid && p == 1)
                        p = 2;
                    x[i] = 0;
                    missing[i]++;
                    if (drop)
                        continue;
                    denom[i] += p;
                    key.MissingCalls.Add((i, p));
                }
            }

            key.Frequency = alleleCopies > 0 ? effectCopies / alleleCopies : 0;
            return key;
        }

        // Variants in one score only (the usual case) find their bucket by index, without building a key string.
        private readonly Dictionary<int, Bucket> _singleBuckets = [];

        private Bucket BucketFor(List<int> scoreIndexes)
        {
            if (scoreIndexes.Count == 1 && _singleBuckets.TryGetValue(scoreIndexes[0], out var single))
                return single;
            var found = BucketByKey(scoreIndexes);
            if (scoreIndexes.Count == 1)
                _singleBuckets[scoreIndexes[0]] = found;
            return found;
        }

        private Bucket BucketByKey(List<int> scoreIndexes)
        {
            _bucketKey.Clear();
            foreach (var s in scoreIndexes)
                _bucketKey.Append(s).Append(',');
            var id = _bucketKey.ToString();
            if (!_buckets.TryGetValue(id, out var bucket))
                _buckets[id] = bucket = new Bucket([.. scoreIndexes], _n);
            return bucket;
        }

        /// <summary>SUM += weight × dosage over the samples (SIMD; multiply then add, as the scalar code), imputed calls after.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void AddAdditive(int s, double w, PreparedKey key)
        {
            var sum = _sum[s].AsSpan(0, _n);
            var x = key.Dosage!.AsSpan(0, _n);
            var i = 0;
            if (System.Numerics.Vector.IsHardwareAccelerated && _n >= System.Numerics.Vector<double>.Count)
            {
                var wv = new System.Numerics.Vector<double>(w);
                var sv = System.Runtime.InteropServices.MemoryMarshal.Cast<double, System.Numerics.Vector<double>>(sum);
                var xv = System.Runtime.InteropServices.MemoryMarshal.Cast<double, System.Numerics.Vector<double>>(x);
                for (var k = 0; k < sv.Length; k++)
                    sv[k] += wv * xv[k];
                i = sv.Length * System.Numerics.Vector<double>.Count;
            }

            for (; i < sum.Length; i++)
                sum[i] += w * x[i];
            // A missing call added w × 0 above; its expected value (plink2's 2pw, Add's ScorerMath.Expected) now.
            foreach (var (sample, ploidy) in key.MissingCalls)
                sum[sample] += w * ploidy * key.Frequency;
        }

        /// <summary>Adds each bucket's counts to its scores (after the pass; exact for GT dosages).</summary>
        private void FoldBuckets()
        {
            foreach (var b in _buckets.Values)
            {
                foreach (var s in b.Scores)
                {
                    for (var i = 0; i < _n; i++)
                    {
                        _named[s][i] += b.Named[i];
                        _alleleCt[s][i] += b.AlleleCt[i];
                        _denom[s][i] += b.Denom[i];
                        _missing[s][i] += b.Missing[i];
                    }
                }
            }

            _buckets.Clear();
        }

        private static T[][] NewArrays<T>(int rows, int columns)
        {
            var a = new T[rows][];
            for (var i = 0; i < rows; i++)
                a[i] = new T[columns];
            return a;
        }
    }
}

/// <summary>plink2 --score arithmetic for one variant: effect-type transforms and expected values for imputation.</summary>
internal static class ScorerMath
{
    /// <summary>The weighted contribution of an observed dosage, by effect type (plink2's dominant/recessive modifiers).</summary>
    internal static double Contribution(ScoreVariant v, double d, int ploidy) => v.EffectType switch
    {
        EffectType.Additive => v.Weight * d,
        EffectType.Dominant => v.Weight * Math.Min(d, 1),
        // A hemizygous call (ploidy 1) carrying the allele expresses it: recessive counts it.
        EffectType.Recessive => v.Weight * (ploidy == 1 ? d : Math.Max(d - 1, 0)),
        _ => DosageWeight(v.DosageWeights!, ploidy == 1 ? d * 2 : d),
    };

    private static double DosageWeight(IReadOnlyList<double> w, double d)
    {
        // Hard calls pick their weight; fractional DS interpolates between the neighbouring dosages.
        var lo = (int)Math.Clamp(Math.Floor(d), 0, 2);
        var hi = Math.Min(lo + 1, 2);
        var t = d - lo;
        return (w[lo] * (1 - t)) + (w[hi] * t);
    }

    /// <summary>Expected contribution at frequency p under Hardy–Weinberg (2p·w for additive, as plink2).</summary>
    internal static double Expected(ScoreVariant v, double p, int ploidy)
    {
        if (v.EffectType == EffectType.Additive)
            return v.Weight * ploidy * p;
        if (ploidy == 1)
            return (Contribution(v, 1, 1) * p) + (Contribution(v, 0, 1) * (1 - p));
        var q = 1 - p;
        return (Contribution(v, 0, 2) * q * q) + (Contribution(v, 1, 2) * 2 * p * q) + (Contribution(v, 2, 2) * p * p);
    }
}

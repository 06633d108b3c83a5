using System.Text;
using Precis.Core;
using Precis.Genomics.Io;
using Precis.Genomics.Vcf;

namespace Precis.Genomics.Indexing;

/// <summary>Builds and writes .tbi and .csi indexes for a BGZF-compressed, coordinate-sorted VCF (as tabix/bcftools index do).</summary>
public static class IndexBuilder
{
    /// <summary>
    /// Indexes a BGZF VCF in one streaming pass: memory grows with the number of bins and 16 kb windows, not with the
    /// number of records. TBI cannot hold positions at or beyond 2^29 and fails with a clear error; CSI takes its
    /// depth from the header's longest contig and, when a record ends beyond that, reads the file a second time with
    /// the depth that fits (htslib raises the depth the same way).
    /// </summary>
    public static GenomicIndex Build(string vcfPath, IndexKind kind, int minShift = 14, VcfReaderOptions? options = null)
    {
        options ??= VcfReaderOptions.Strict with { ValidateSamples = false };
        var depth = 5;
        if (kind == IndexKind.Tabix)
        {
            minShift = 14;
        }
        else
        {
            using var probe = VcfReader.Open(vcfPath, options);
            var longest = probe.Header.ContigList.Select(c => c.Length ?? 0).DefaultIfEmpty(0).Max();
            // htslib starts CSI at the depth that spans 2^31 or more with this min_shift ((31 - min_shift + 2) / 3 levels,
            // 6 for the default 14), deeper only when a contig needs it: the same depth gives the same index.
            depth = Math.Max((31 - minShift + 2) / 3, DepthFor(longest, minShift));
        }

        return BuildPass(vcfPath, kind, minShift, depth, options, out var needed) ?? BuildPass(vcfPath, kind, minShift, needed, options, out _)!;
    }

    private static int DepthFor(long end, int minShift)
    {
        var depth = 5;
        while (end > 1L << (minShift + 3 * depth))
            depth++;
        return depth;
    }

    /// <summary>One pass; null (with the depth that fits) when a CSI record ends beyond the scheme of <paramref name="depth"/>.</summary>
    private static GenomicIndex? BuildPass(string vcfPath, IndexKind kind, int minShift, int depth, VcfReaderOptions options, out int needed)
    {
        needed = depth;
        using var reader = VcfReader.Open(vcfPath, options);
        if (reader.Compression != InputCompression.Bgzf)
            throw new InputException(new InputError(vcfPath, null, null, null, "only BGZF-compressed files can be indexed", "compress it with bgzip (or precis vcf view -Oz)"));
        var names = new List<string>();
        var tids = new Dictionary<string, int>(StringComparer.Ordinal);
        var refs = new List<ReferenceIndex>();
        var pseudo = (uint)(((1 << ((depth + 1) * 3)) - 1) / 7 + 1);
        var limit = 1L << (minShift + 3 * depth);
        long maxEnd = 0;
        string? lastChrom = null;
        long lastPos = 0;
        ReferenceState? current = null;
        foreach (var r in reader.Records())
        {
            if (!tids.TryGetValue(r.Chrom, out var tid))
            {
                tid = names.Count;
                tids[r.Chrom] = tid;
                names.Add(r.Chrom);
                refs.Add(ReferenceIndex.Empty());
            }
            else if (r.Chrom != lastChrom)
            {
                throw new InputException(new InputError(vcfPath, r.LineNumber, 1, "CHROM", $"records for {r.Chrom} are not contiguous: the file must be sorted to be indexed", "sort it (bcftools sort)"));
            }

            if (r.Chrom == lastChrom && r.Pos < lastPos)
                throw new InputException(new InputError(vcfPath, r.LineNumber, r.ColumnCharacter(1), "POS", $"POS {r.Pos} comes after {lastPos}: the file must be sorted to be indexed", "sort it (bcftools sort)"));
            lastChrom = r.Chrom;
            lastPos = r.Pos;
            var beg = Math.Max(0, r.Pos - 1);
            var end = Math.Max(beg + 1, r.End);
            maxEnd = Math.Max(maxEnd, end);
            if (end > limit)
            {
                if (kind == IndexKind.Tabix)
                    throw new InputException(new InputError(vcfPath, r.LineNumber, null, "POS", $"a record ends at {end}, beyond the 2^29 (536,870,912) limit of a .tbi index", "build a CSI index instead (precis vcf index --csi)"));
                current = null;
                continue; // keep reading for the largest end, then build again deeper
            }

            if (maxEnd > limit)
                continue;
            if (current is null || current.Tid != tid)
            {
                if (current is not null)
                    refs[current.Tid] = current.Finish(kind, pseudo, depth);
                current = new ReferenceState(tid, r.StartOffset);
            }

            current.Add(beg, end, r.StartOffset, r.EndOffset, minShift, depth);
        }

        if (maxEnd > limit)
        {
            needed = DepthFor(maxEnd, minShift);
            return null;
        }

        if (current is not null)
            refs[current.Tid] = current.Finish(kind, pseudo, depth);
        return new GenomicIndex(kind, minShift, depth, names, refs, 0);
    }

    /// <summary>One reference's bins, chunks and linear windows as its records stream past.</summary>
    /// <remarks>Held in flat arrays while records stream past (each bin a linked list of chunks), not an object per
    /// bin: a genome has up to ~190,000 occupied 16 kb bins per index, so memory follows the bins and windows, never
    /// the records. Only <see cref="Finish"/> lists one reference's bins, to merge them as htslib does.</remarks>
    private sealed class ReferenceState(int tid, long start)
    {
        private readonly long _refStart = start;
        private long _refEnd;
        private long _mapped;
        private uint? _bin;
        private long _chunkStart;
        private long _chunkEnd;

        private readonly Dictionary<uint, int> _slots = [];
        private uint[] _binIds = new uint[256];
        private int[] _head = new int[256];
        private int[] _tail = new int[256];
        private Chunk[] _chunks = new Chunk[256];
        private int[] _next = new int[256];
        private int _chunkCount;
        private long[] _linear = new long[256];
        private int _linearCount;

        public int Tid { get; } = tid;

        // Chunks per bin follow htslib's hts_idx_push: consecutive records in the same bin extend one chunk.
        public void Add(long beg, long end, long startOffset, long endOffset, int minShift, int depth)
        {
            var bin = Binning.BinOf(beg, end, minShift, depth);
            if (_bin != bin)
            {
                if (_bin is { } previous)
                    AddChunk(previous, _chunkStart, _chunkEnd);
                _bin = bin;
                _chunkStart = startOffset;
            }

            _chunkEnd = endOffset;
            var w0 = (int)(beg >> minShift);
            var w1 = (int)((end - 1) >> minShift);
            if (w1 >= _linearCount)
            {
                if (w1 >= _linear.Length)
                    Array.Resize(ref _linear, Math.Max(w1 + 1, _linear.Length * 2));
                _linear.AsSpan(_linearCount, w1 + 1 - _linearCount).Fill(-1);
                _linearCount = w1 + 1;
            }

            for (var w = w0; w <= w1; w++)
                if (_linear[w] == -1)
                    _linear[w] = startOffset;
            _refEnd = endOffset;
            _mapped++;
        }

        private void AddChunk(uint bin, long begin, long end)
        {
            if (_slots.TryGetValue(bin, out var slot))
            {
                var tail = _tail[slot];
                if (_chunks[tail].End == begin)
                {
                    _chunks[tail] = _chunks[tail] with { End = end };
                    return;
                }

                // NewChunk may replace _next with a larger array: take the new chunk first, then link it.
                var added = NewChunk(begin, end);
                _next[tail] = added;
                _tail[slot] = added;
                return;
            }

            slot = _slots.Count;
            _slots[bin] = slot;
            if (slot == _binIds.Length)
            {
                Array.Resize(ref _binIds, _binIds.Length * 2);
                Array.Resize(ref _head, _head.Length * 2);
                Array.Resize(ref _tail, _tail.Length * 2);
            }

            _binIds[slot] = bin;
            var first = NewChunk(begin, end);
            _head[slot] = first;
            _tail[slot] = first;
        }

        private int NewChunk(long begin, long end)
        {
            if (_chunkCount == _chunks.Length)
            {
                Array.Resize(ref _chunks, _chunks.Length * 2);
                Array.Resize(ref _next, _next.Length * 2);
            }

            var c = _chunkCount++;
            _chunks[c] = new Chunk(begin, end);
            _next[c] = -1;
            return c;
        }

        /// <summary>The finished reference: bins in ascending order (as written), chunks in one array, linear offsets
        /// filled leftwards (TBI) or turned into per-bin loffsets (CSI, which stores no linear index).</summary>
        public ReferenceIndex Finish(IndexKind kind, uint pseudo, int depth)
        {
            if (_bin is { } last)
                AddChunk(last, _chunkStart, _chunkEnd);

            // An empty linear window takes the offset of the next filled window to its right, as htslib 1.16 writes it:
            // no record of this reference starts before that offset and overlaps the empty window (a record sets every
            // window it spans), so a query starting there can skip what lies before it.
            var next = _refEnd;
            for (var w = _linearCount - 1; w >= 0; w--)
            {
                if (_linear[w] == -1)
                    _linear[w] = next;
                else
                    next = _linear[w];
            }

            var lists = CompressBinning(depth);

            // The surviving bins in ascending order; the pseudo-bin (the highest bin number) records the reference's
            // span and counts (mapped, unmapped), as htslib writes it.
            var order = new List<int>();
            for (var slot = 0; slot < lists.Length; slot++)
                if (lists[slot] is not null)
                    order.Add(slot);
            order.Sort((a, b) => _binIds[a].CompareTo(_binIds[b]));
            var bins = order.Count;
            var binIds = new uint[bins + 1];
            var binFirst = new int[bins + 2];
            var chunks = new Chunk[_chunkCount + 2];
            var loffsets = kind == IndexKind.Csi ? new long[bins + 1] : null;
            var n = 0;
            for (var i = 0; i < bins; i++)
            {
                var slot = order[i];
                binIds[i] = _binIds[slot];
                binFirst[i] = n;
                foreach (var c in lists[slot]!)
                    chunks[n++] = c;
                if (loffsets is not null)
                {
                    // CSI loffset = the linear offset of the bin's first window (htslib update_loff).
                    var bot = BottomWindow(binIds[i], depth);
                    loffsets[i] = bot >= 0 && bot < _linearCount ? _linear[(int)bot] : 0;
                }
            }

            binIds[bins] = pseudo;
            binFirst[bins] = n;
            chunks[n++] = new Chunk(_refStart, _refEnd);
            chunks[n++] = new Chunk(_mapped, 0);
            binFirst[bins + 1] = n;
            return new ReferenceIndex(binIds, binFirst, chunks, loffsets, kind == IndexKind.Tabix ? _linear[.._linearCount] : []);
        }

        /// <summary>
        /// htslib's compress_binning (hts.c), so the index is the one tabix and bcftools write: from the deepest level
        /// up, a bin whose chunks span less than 64 KiB of compressed file (HTS_MIN_MARKER_DIST) joins its parent when
        /// the parent exists, and then each bin's chunks, sorted by start, are merged when one starts in the BGZF block
        /// where the previous ends. Returns each slot's chunks, null for a bin merged away.
        /// </summary>
        private List<Chunk>?[] CompressBinning(int depth)
        {
            var bins = _slots.Count;
            var lists = new List<Chunk>?[bins];
            for (var slot = 0; slot < bins; slot++)
            {
                var list = new List<Chunk>(1);
                for (var c = _head[slot]; c >= 0; c = _next[c])
                    list.Add(_chunks[c]);
                lists[slot] = list;
            }

            Comparison<Chunk> byBegin = (a, b) => a.Begin.CompareTo(b.Begin);
            for (var level = depth; level > 0; level--)
            {
                var first = (uint)(((1L << (3 * level)) - 1) / 7);
                var next = (uint)(((1L << (3 * (level + 1))) - 1) / 7);
                for (var slot = 0; slot < bins; slot++)
                {
                    var bin = _binIds[slot];
                    if (lists[slot] is not { } p || bin < first || bin >= next)
                        continue;
                    if (level < depth && p.Count > 1)
                        p.Sort(byBegin);
                    if ((p[^1].End >> 16) - (p[0].Begin >> 16) < 0x10000 && _slots.TryGetValue((bin - 1) >> 3, out var up) && lists[up] is { } parent)
                    {
                        parent.AddRange(p);
                        lists[slot] = null;
                    }
                }
            }

            foreach (var p in lists)
            {
                if (p is null || p.Count < 2)
                    continue;
                p.Sort(byBegin);
                var m = 0;
                for (var i = 1; i < p.Count; i++)
                {
                    if (p[m].End >> 16 >= p[i].Begin >> 16)
                        p[m] = p[m] with { End = p[i].End };
                    else
                        p[++m] = p[i];
                }

                p.RemoveRange(m + 1, p.Count - m - 1);
            }

            return lists;
        }
    }

    /// <summary>The first bottom-level window of a bin (htslib hts_bin_bot).</summary>
    private static long BottomWindow(uint bin, int depth)
    {
        var level = 0;
        for (var b = bin; b != 0; b = (b - 1) >> 3)
            level++;
        var first = ((1L << (level * 3)) - 1) / 7;
        return (bin - first) << ((depth - level) * 3);
    }

    /// <summary>Serialises an index (tabix meta for VCF: col_seq 1, col_beg 2, col_end 0, meta '#') and BGZF-compresses it.</summary>
    public static void Write(GenomicIndex index, Stream output)
    {
        ArgumentNullException.ThrowIfNull(index);
        // Sized to the exact inflated length up front: a genome's index is megabytes, and a growing stream would hold
        // several copies of it at once.
        var sorted = index.References.Select(ri => ri.Sorted()).ToList();
        var size = 64L + index.Names.Sum(n => Encoding.UTF8.GetByteCount(n) + 1);
        foreach (var (binIds, _, _, _, linear) in sorted)
            size += 8 + (binIds.Length * (index.Kind == IndexKind.Csi ? 16L : 8L)) + (linear.Length * 8L);
        size += sorted.Sum(r => 16L * r.BinFirst[^1]);
        using var raw = new MemoryStream((int)Math.Min(size, int.MaxValue));
        using var w = new BinaryWriter(raw, Encoding.UTF8, leaveOpen: true);
        var names = new MemoryStream();
        foreach (var n in index.Names)
        {
            names.Write(Encoding.UTF8.GetBytes(n));
            names.WriteByte(0);
        }

        void TabixMeta()
        {
            w.Write(GenomicIndex.FormatVcf);
            w.Write(1);
            w.Write(2);
            w.Write(0);
            w.Write((int)'#');
            w.Write(0);
            w.Write((int)names.Length);
            w.Write(names.ToArray());
        }

        if (index.Kind == IndexKind.Tabix)
        {
            w.Write("TBI\u0001"u8);
            w.Write(index.Names.Count);
            TabixMeta();
        }
        else
        {
            w.Write("CSI\u0001"u8);
            w.Write(index.MinShift);
            w.Write(index.Depth);
            w.Write(28 + (int)names.Length);
            TabixMeta();
            w.Write(index.Names.Count);
        }

        foreach (var (binIds, binFirst, chunks, loffsets, linear) in sorted)
        {
            w.Write(binIds.Length);
            for (var b = 0; b < binIds.Length; b++)
            {
                w.Write(binIds[b]);
                if (index.Kind == IndexKind.Csi)
                    w.Write(loffsets is null ? 0 : loffsets[b]);
                w.Write(binFirst[b + 1] - binFirst[b]);
                foreach (var c in chunks.AsSpan(binFirst[b], binFirst[b + 1] - binFirst[b]))
                {
                    w.Write(c.Begin);
                    w.Write(c.End);
                }
            }

            if (index.Kind == IndexKind.Tabix)
            {
                w.Write(linear.Length);
                foreach (var o in linear)
                    w.Write(o);
            }
        }

        w.Write(index.Unplaced ?? 0);
        w.Flush();
        using var bgzf = new BgzfWriteStream(output, ownsStream: false);
        bgzf.Write(raw.GetBuffer().AsSpan(0, (int)raw.Length));
    }

    /// <summary>Builds and writes &lt;vcf&gt;.tbi or &lt;vcf&gt;.csi; returns the index path.</summary>
    public static string BuildAndWrite(string vcfPath, IndexKind kind, int minShift = 14, string? outputPath = null, VcfReaderOptions? options = null)
    {
        var index = Build(vcfPath, kind, minShift, options);
        var path = outputPath ?? vcfPath + (kind == IndexKind.Tabix ? ".tbi" : ".csi");
        using var f = File.Create(path);
        Write(index, f);
        return path;
    }
}

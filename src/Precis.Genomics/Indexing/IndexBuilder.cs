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
            depth = DepthFor(longest, minShift);
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
                refs.Add(new ReferenceIndex());
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
                current?.Finish(kind, pseudo, depth);
                current = new ReferenceState(tid, refs[tid], r.StartOffset);
            }

            current.Add(beg, end, r.StartOffset, r.EndOffset, minShift, depth);
        }

        if (maxEnd > limit)
        {
            needed = DepthFor(maxEnd, minShift);
            return null;
        }

        current?.Finish(kind, pseudo, depth);
        return new GenomicIndex(kind, minShift, depth, names, refs, 0);
    }

    /// <summary>One reference's bins, chunks and linear windows as its records stream past.</summary>
    private sealed class ReferenceState(int tid, ReferenceIndex index, long start)
    {
        private readonly long _refStart = start;
        private long _refEnd;
        private long _mapped;
        private uint? _bin;
        private long _chunkStart;
        private long _chunkEnd;

        public int Tid { get; } = tid;

        // Chunks per bin follow htslib's hts_idx_push: consecutive records in the same bin extend one chunk.
        public void Add(long beg, long end, long startOffset, long endOffset, int minShift, int depth)
        {
            var bin = Binning.BinOf(beg, end, minShift, depth);
            if (_bin != bin)
            {
                if (_bin is { } previous)
                    AddChunk(index, previous, _chunkStart, _chunkEnd);
                _bin = bin;
                _chunkStart = startOffset;
            }

            _chunkEnd = endOffset;
            var w0 = (int)(beg >> minShift);
            var w1 = (int)((end - 1) >> minShift);
            while (index.Linear.Count <= w1)
                index.Linear.Add(-1);
            for (var w = w0; w <= w1; w++)
                if (index.Linear[w] == -1)
                    index.Linear[w] = startOffset;
            _refEnd = endOffset;
            _mapped++;
        }

        public void Finish(IndexKind kind, uint pseudo, int depth)
        {
            if (_bin is { } last)
                AddChunk(index, last, _chunkStart, _chunkEnd);

            // The pseudo-bin records the reference's span and counts (mapped, unmapped), as htslib writes it.
            index.Bins[pseudo] = [new Chunk(_refStart, _refEnd), new Chunk(_mapped, 0)];
            index.BinOffsets[pseudo] = 0;

            // Empty linear windows take the filled offset to their left, so queries never start too late.
            long prev = 0;
            for (var w = 0; w < index.Linear.Count; w++)
            {
                if (index.Linear[w] == -1)
                    index.Linear[w] = prev;
                else
                    prev = index.Linear[w];
            }

            if (kind == IndexKind.Csi)
            {
                // CSI loffset = the linear offset of the bin's first window (htslib update_loff); no linear index is stored.
                foreach (var bin in index.Bins.Keys)
                {
                    var bot = bin == pseudo ? -1 : BottomWindow(bin, depth);
                    index.BinOffsets[bin] = bot >= 0 && bot < index.Linear.Count ? index.Linear[(int)bot] : 0;
                }

                index.Linear.Clear();
            }
        }
    }

    private static void AddChunk(ReferenceIndex ri, uint bin, long start, long end)
    {
        if (!ri.Bins.TryGetValue(bin, out var list))
            ri.Bins[bin] = list = [];
        if (list.Count > 0 && list[^1].End == start)
            list[^1] = list[^1] with { End = end };
        else
            list.Add(new Chunk(start, end));
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
        using var raw = new MemoryStream();
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

        foreach (var ri in index.References)
        {
            w.Write(ri.Bins.Count);
            foreach (var (bin, chunks) in ri.Bins.OrderBy(kv => kv.Key))
            {
                w.Write(bin);
                if (index.Kind == IndexKind.Csi)
                    w.Write(ri.BinOffsets.GetValueOrDefault(bin));
                w.Write(chunks.Count);
                foreach (var c in chunks)
                {
                    w.Write(c.Begin);
                    w.Write(c.End);
                }
            }

            if (index.Kind == IndexKind.Tabix)
            {
                w.Write(ri.Linear.Count);
                foreach (var o in ri.Linear)
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

using System.Text;
using Precis.Core;
using Precis.Genomics.Io;
using Precis.Genomics.Vcf;

namespace Precis.Genomics.Indexing;

/// <summary>Builds and writes .tbi and .csi indexes for a BGZF-compressed, coordinate-sorted VCF (as tabix/bcftools index do).</summary>
public static class IndexBuilder
{
    /// <summary>
    /// Indexes a BGZF VCF. TBI cannot hold positions at or beyond 2^29 and fails with a clear error; CSI raises its
    /// depth until the largest position fits (htslib does the same).
    /// </summary>
    public static GenomicIndex Build(string vcfPath, IndexKind kind, int minShift = 14, VcfReaderOptions? options = null)
    {
        options ??= VcfReaderOptions.Strict with { ValidateSamples = false };
        using var reader = VcfReader.Open(vcfPath, options);
        if (reader.Compression != InputCompression.Bgzf)
            throw new InputException(new InputError(vcfPath, null, null, null, "only BGZF-compressed files can be indexed", "compress it with bgzip (or precis vcf view -Oz)"));
        var names = new List<string>();
        var tids = new Dictionary<string, int>(StringComparer.Ordinal);
        var entries = new List<(int Tid, long Beg, long End, long Start, long Stop)>();
        long maxEnd = 0;
        string? lastChrom = null;
        long lastPos = 0;
        foreach (var r in reader.Records())
        {
            if (!tids.TryGetValue(r.Chrom, out var tid))
            {
                tid = names.Count;
                tids[r.Chrom] = tid;
                names.Add(r.Chrom);
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
            entries.Add((tid, beg, end, r.StartOffset, r.EndOffset));
        }

        var depth = 5;
        if (kind == IndexKind.Tabix)
        {
            if (maxEnd > 1L << 29)
                throw new InputException(new InputError(vcfPath, null, null, "POS", $"a record ends at {maxEnd}, beyond the 2^29 (536,870,912) limit of a .tbi index", "build a CSI index instead (precis vcf index --csi)"));
            minShift = 14;
        }
        else
        {
            while (maxEnd > 1L << (minShift + 3 * depth))
                depth++;
        }

        var refs = new List<ReferenceIndex>();
        for (var i = 0; i < names.Count; i++)
            refs.Add(new ReferenceIndex());
        var pseudo = (uint)(((1 << ((depth + 1) * 3)) - 1) / 7 + 1);

        // Chunks per bin follow htslib's hts_idx_push: consecutive records in the same bin extend one chunk.
        var k = 0;
        while (k < entries.Count)
        {
            var tid = entries[k].Tid;
            var ri = refs[tid];
            var refStart = entries[k].Start;
            long refEnd = 0;
            long mapped = 0;
            uint? curBin = null;
            long chunkStart = 0;
            long chunkEnd = 0;
            for (; k < entries.Count && entries[k].Tid == tid; k++)
            {
                var e = entries[k];
                var bin = Binning.BinOf(e.Beg, e.End, minShift, depth);
                if (curBin != bin)
                {
                    if (curBin is { } cb)
                        AddChunk(ri, cb, chunkStart, chunkEnd);
                    curBin = bin;
                    chunkStart = e.Start;
                }

                chunkEnd = e.Stop;
                var w0 = (int)(e.Beg >> minShift);
                var w1 = (int)((e.End - 1) >> minShift);
                while (ri.Linear.Count <= w1)
                    ri.Linear.Add(-1);
                for (var w = w0; w <= w1; w++)
                    if (ri.Linear[w] == -1)
                        ri.Linear[w] = e.Start;

                refEnd = e.Stop;
                mapped++;
            }

            if (curBin is { } last)
                AddChunk(ri, last, chunkStart, chunkEnd);

            // The pseudo-bin records the reference's span and counts (mapped, unmapped), as htslib writes it.
            ri.Bins[pseudo] = [new Chunk(refStart, refEnd), new Chunk(mapped, 0)];
            ri.BinOffsets[pseudo] = 0;

            // Empty linear windows take the filled offset to their left, so queries never start too late.
            long prev = 0;
            for (var w = 0; w < ri.Linear.Count; w++)
            {
                if (ri.Linear[w] == -1)
                    ri.Linear[w] = prev;
                else
                    prev = ri.Linear[w];
            }

            if (kind == IndexKind.Csi)
            {
                // CSI loffset = the linear offset of the bin's first window (htslib update_loff); no linear index is stored.
                foreach (var bin in ri.Bins.Keys)
                {
                    var bot = bin == pseudo ? -1 : BottomWindow(bin, depth);
                    ri.BinOffsets[bin] = bot >= 0 && bot < ri.Linear.Count ? ri.Linear[(int)bot] : 0;
                }

                ri.Linear.Clear();
            }
        }

        return new GenomicIndex(kind, minShift, depth, names, refs, 0);
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

using System.Buffers.Binary;
using System.Text;
using Precis.Core;
using Precis.Genomics.Io;

namespace Precis.Genomics.Indexing;

/// <summary>A contiguous span of a BGZF file between two virtual offsets [Begin, End).</summary>
public readonly record struct Chunk(long Begin, long End);

/// <summary>Which index file format.</summary>
public enum IndexKind
{
    /// <summary>Tabix .tbi (min_shift 14, depth 5: positions below 2^29).</summary>
    Tabix,

    /// <summary>Coordinate-sorted index .csi (configurable min_shift and depth).</summary>
    Csi,
}

/// <summary>The bins, chunks and linear offsets of one reference sequence.</summary>
/// <remarks>
/// Kept packed, as read from a file or built by <see cref="IndexBuilder"/>: bin numbers, one chunk array, no object per
/// bin, because a genome's index has hundreds of thousands of bins and a region query needs a few of them. A bin lookup
/// table is made only for a reference that is queried; <see cref="Bins"/> and <see cref="BinOffsets"/> are views made
/// on request.
/// </remarks>
public sealed class ReferenceIndex
{
    // Bin i has number _binIds[i] and chunks _chunks[_binFirst[i] .. _binFirst[i + 1]).
    private readonly uint[] _binIds;
    private readonly int[] _binFirst;
    private readonly Chunk[] _chunks;
    private readonly long[]? _loffsets;
    private readonly long[] _linear;
    private Dictionary<uint, int>? _slots;
    private int[]? _direct;

    internal ReferenceIndex(uint[] binIds, int[] binFirst, Chunk[] chunks, long[]? loffsets, long[] linear)
    {
        _binIds = binIds;
        _binFirst = binFirst;
        _chunks = chunks;
        _loffsets = loffsets;
        _linear = linear;
    }

    /// <summary>A reference with no bins (named in the index, no record indexed).</summary>
    internal static ReferenceIndex Empty() => new([], [0], [], null, []);

    /// <summary>Chunks per bin number.</summary>
    public IReadOnlyDictionary<uint, IReadOnlyList<Chunk>> Bins =>
        Enumerable.Range(0, _binIds.Length).ToDictionary(i => _binIds[i], i => (IReadOnlyList<Chunk>)ChunksAt(i).ToArray());

    /// <summary>CSI: the smallest virtual offset of records in each bin (loffset); empty for TBI.</summary>
    public IReadOnlyDictionary<uint, long> BinOffsets =>
        _loffsets is null ? new Dictionary<uint, long>() : Enumerable.Range(0, _binIds.Length).ToDictionary(i => _binIds[i], i => _loffsets[i]);

    /// <summary>TBI: the smallest virtual offset of records overlapping each 16 kb window.</summary>
    public IReadOnlyList<long> Linear => _linear;

    /// <summary>The chunks of one bin (empty when the bin is absent).</summary>
    internal ReadOnlySpan<Chunk> ChunksOf(uint bin) => Slot(bin) is >= 0 and var i ? ChunksAt(i) : [];

    /// <summary>CSI: the loffset of a bin, when the bin is present.</summary>
    internal bool TryGetBinOffset(uint bin, out long offset)
    {
        offset = 0;
        if (_loffsets is not { } loffsets || Slot(bin) is var i && i < 0)
            return false;
        offset = loffsets[i];
        return true;
    }

    /// <summary>Number of linear-index windows.</summary>
    internal int LinearCount => _linear.Length;

    /// <summary>The linear-index offset of a window.</summary>
    internal long LinearAt(int window) => _linear[window];

    /// <summary>The bins in ascending order with their chunks (and CSI loffsets), and the linear index: the order an
    /// index file is written in. The builder's are in order already; htslib writes them in hash order.</summary>
    internal (uint[] BinIds, int[] BinFirst, Chunk[] Chunks, long[]? Loffsets, long[] Linear) Sorted()
    {
        if (IsAscending(_binIds))
            return (_binIds, _binFirst, _chunks, _loffsets, _linear);
        var order = new int[_binIds.Length];
        for (var i = 0; i < order.Length; i++)
            order[i] = i;
        var binIds = (uint[])_binIds.Clone();
        Array.Sort(binIds, order);
        var binFirst = new int[order.Length + 1];
        var chunks = new List<Chunk>();
        var loffsets = _loffsets is null ? null : new long[order.Length];
        for (var i = 0; i < order.Length; i++)
        {
            binFirst[i] = chunks.Count;
            chunks.AddRange(ChunksAt(order[i]));
            if (loffsets is not null)
                loffsets[i] = _loffsets![order[i]];
        }

        binFirst[order.Length] = chunks.Count;
        return (binIds, binFirst, [.. chunks], loffsets, _linear);
    }

    private ReadOnlySpan<Chunk> ChunksAt(int i) => _chunks.AsSpan(_binFirst[i], _binFirst[i + 1] - _binFirst[i]);

    private static bool IsAscending(uint[] values)
    {
        for (var i = 1; i < values.Length; i++)
            if (values[i] <= values[i - 1])
                return false;
        return true;
    }

    /// <summary>The position of a bin in the packed arrays, or -1. The lookup is made on first use: a direct table
    /// when bin numbers are small (TBI and depth-5 CSI: at most 37,450, 146 KiB), else a dictionary.</summary>
    private int Slot(uint bin)
    {
        if (_direct is null && _slots is null)
        {
            var max = 0u;
            foreach (var b in _binIds)
                max = Math.Max(max, b);
            if (max < 1 << 16)
            {
                // Stored as position + 1, so the zeroed table means "absent" without a fill.
                var direct = new int[max + 1];
                for (var i = 0; i < _binIds.Length; i++)
                    direct[_binIds[i]] = i + 1;
                _direct = direct;
            }
            else
            {
                var slots = new Dictionary<uint, int>(_binIds.Length);
                for (var i = 0; i < _binIds.Length; i++)
                    slots[_binIds[i]] = i;
                _slots = slots;
            }
        }

        if (_direct is { } table)
            return bin < table.Length ? table[bin] - 1 : -1;
        return _slots!.TryGetValue(bin, out var slot) ? slot : -1;
    }
}

/// <summary>
/// A tabix (.tbi) or CSI (.csi) index as specified in SAMv1 §5 and tabix.pdf: binning scheme with
/// <see cref="MinShift"/>/<see cref="Depth"/>, per-reference bins of chunks, and the tabix column meta-data.
/// </summary>
public sealed class GenomicIndex
{
    /// <summary>Tabix format code for VCF (TBX_VCF).</summary>
    public const int FormatVcf = 2;

    internal GenomicIndex(IndexKind kind, int minShift, int depth, IReadOnlyList<string> names, IReadOnlyList<ReferenceIndex> references, long? unplaced)
    {
        Kind = kind;
        MinShift = minShift;
        Depth = depth;
        Names = names;
        References = references;
        Unplaced = unplaced;
        for (var i = 0; i < names.Count; i++)
            _tid[names[i]] = i;
    }

    private readonly Dictionary<string, int> _tid = new(StringComparer.Ordinal);

    public IndexKind Kind { get; }

    public int MinShift { get; }

    public int Depth { get; }

    /// <summary>Reference (contig) names in index order.</summary>
    public IReadOnlyList<string> Names { get; }

    public IReadOnlyList<ReferenceIndex> References { get; }

    /// <summary>Number of records without coordinates, when stored.</summary>
    public long? Unplaced { get; }

    /// <summary>The pseudo-bin holding per-reference statistics (37450 for TBI).</summary>
    public uint PseudoBin => (uint)(((1 << ((Depth + 1) * 3)) - 1) / 7 + 1);

    /// <summary>Largest position (exclusive, 0-based) the binning scheme can hold.</summary>
    public long MaxPosition => 1L << (MinShift + 3 * Depth);

    /// <summary>Index of a reference name, or -1.</summary>
    public int ReferenceId(string name) => _tid.TryGetValue(name, out var i) ? i : -1;

    /// <summary>Reads a .tbi or .csi file (BGZF-compressed), detecting the kind from its magic.</summary>
    public static GenomicIndex Read(string path)
    {
        using var stream = InputFiles.OpenForReading(path);
        using var bgzf = new BgzfReader(stream, path, 1, ownsStream: false);
        // Indexes inflate to a few times their file size: the buffer starts near that and is not zeroed first (every
        // byte used is written by the inflater).
        var data = GC.AllocateUninitializedArray<byte>((int)Math.Min(1L << 30, Math.Max(65536, stream.CanSeek ? stream.Length * 4 : 0)));
        var length = 0;
        int n;
        while ((n = bgzf.Read(data.AsSpan(length))) > 0 || length == data.Length)
        {
            length += n;
            if (length < data.Length)
                continue;
            if ((long)data.Length * 2 > 1L << 31)
                throw new InputException(new InputError(path, null, null, null, "index larger than 1 GiB once inflated"));
            var bigger = GC.AllocateUninitializedArray<byte>(data.Length * 2);
            data.AsSpan(0, length).CopyTo(bigger);
            data = bigger;
        }

        return Parse(data.AsSpan(0, length), path);
    }

    /// <summary>Parses an inflated index.</summary>
    public static GenomicIndex Parse(ReadOnlySpan<byte> data, string name)
    {
        var r = new SpanReader(data, name);
        var magic = r.Bytes(4);
        if (magic.SequenceEqual("TBI\u0001"u8))
        {
            var nRef = r.Int32();
            var names = ReadTabixMeta(ref r, name, hasCount: false);
            if (names.Count != nRef)
                throw r.Error($"header says {nRef} references but names {names.Count}");
            var refs = new List<ReferenceIndex>(nRef);
            var chunks = new ChunkStore(r.Remaining);
            for (var i = 0; i < nRef; i++)
            {
                var (binIds, binFirst) = ReadBins(ref r, chunks, null);
                var nIntv = r.Count();
                var linear = new long[nIntv];
                for (var k = 0; k < nIntv; k++)
                    linear[k] = r.Int64();
                refs.Add(new ReferenceIndex(binIds, binFirst, chunks.Array, null, linear));
            }

            long? unplaced = r.Remaining >= 8 ? r.Int64() : null;
            return new GenomicIndex(IndexKind.Tabix, 14, 5, names, refs, unplaced);
        }

        if (magic.SequenceEqual("CSI\u0001"u8))
        {
            var minShift = r.Int32();
            var depth = r.Int32();
            if (minShift is < 0 or > 31 || depth is < 0 or > 20 || minShift + 3 * depth > 62)
                throw r.Error($"CSI min_shift {minShift} / depth {depth} out of range");
            var lAux = r.Count();
            var names = new List<string>();
            if (lAux >= 28)
            {
                var aux = new SpanReader(r.Bytes(lAux), name);
                names = ReadTabixMeta(ref aux, name, hasCount: false);
            }
            else
            {
                r.Bytes(lAux);
            }

            var nRef = r.Count();
            var refs = new List<ReferenceIndex>(nRef);
            var chunks = new ChunkStore(r.Remaining);
            for (var i = 0; i < nRef; i++)
            {
                var loffsets = new List<long>();
                var (binIds, binFirst) = ReadBins(ref r, chunks, loffsets);
                refs.Add(new ReferenceIndex(binIds, binFirst, chunks.Array, [.. loffsets], []));
            }

            long? unplaced = r.Remaining >= 8 ? r.Int64() : null;
            return new GenomicIndex(IndexKind.Csi, minShift, depth, names, refs, unplaced);
        }

        throw new InputException(new InputError(name, null, null, null, "not a tabix (.tbi) or CSI (.csi) index: bad magic"));
    }

    private static List<string> ReadTabixMeta(ref SpanReader r, string name, bool hasCount)
    {
        _ = hasCount;
        r.Int32(); // format
        r.Int32(); // col_seq
        r.Int32(); // col_beg
        r.Int32(); // col_end
        r.Int32(); // meta char
        r.Int32(); // skip
        var lNm = r.Count();
        var raw = r.Bytes(lNm);
        var names = new List<string>();
        foreach (var range in raw.Split((byte)0))
        {
            var s = raw[range];
            if (s.Length > 0)
                names.Add(Encoding.UTF8.GetString(s));
        }

        _ = name;
        return names;
    }

    /// <summary>One reference's bins: their numbers and where each one's chunks start in the shared store (CSI: the
    /// loffset before each bin's chunks, collected into <paramref name="loffsets"/>).</summary>
    private static (uint[] BinIds, int[] BinFirst) ReadBins(ref SpanReader r, ChunkStore chunks, List<long>? loffsets)
    {
        var nBin = r.Count();
        var binIds = new uint[nBin];
        var binFirst = new int[nBin + 1];
        for (var b = 0; b < nBin; b++)
        {
            binIds[b] = r.UInt32();
            if (loffsets is not null)
                loffsets.Add(r.Int64());
            binFirst[b] = chunks.Count;
            var nChunk = r.Count();
            for (var c = 0; c < nChunk; c++)
                chunks.Add(new Chunk(r.Int64(), r.Int64()));
        }

        binFirst[nBin] = chunks.Count;
        return (binIds, binFirst);
    }

    /// <summary>All chunks of an index in one array: each takes 16 bytes of the file, so the inflated size bounds the
    /// count and the array never grows (it is not zeroed first: only the part written is used).</summary>
    private sealed class ChunkStore(int bytes)
    {
        public Chunk[] Array { get; } = GC.AllocateUninitializedArray<Chunk>(bytes / 16);

        public int Count { get; private set; }

        public void Add(Chunk chunk) => Array[Count++] = chunk;
    }

    /// <summary>
    /// The merged chunks that may hold records overlapping [beg, end) (0-based, half-open) on reference
    /// <paramref name="tid"/>, following htslib's hts_itr_query: candidate bins, a minimum offset from the linear
    /// index (TBI) or the nearest enclosing bin's loffset (CSI), then sort and merge.
    /// </summary>
    public IReadOnlyList<Chunk> Query(int tid, long beg, long end)
    {
        if (tid < 0 || tid >= References.Count)
            return [];
        beg = Math.Max(0, beg);
        end = Math.Min(end, MaxPosition);
        if (beg >= end)
            return [];
        var ri = References[tid];
        long minOff = 0;
        if (Kind == IndexKind.Tabix)
        {
            if (ri.LinearCount > 0)
            {
                var w = (int)Math.Min(beg >> MinShift, ri.LinearCount - 1);
                minOff = ri.LinearAt(w);
            }
        }
        else
        {
            // Walk up from the deepest bin containing beg to the first one present in the index.
            var bin = Binning.BinOf(beg, beg + 1, MinShift, Depth);
            while (true)
            {
                if (ri.TryGetBinOffset(bin, out var off))
                {
                    minOff = off;
                    break;
                }

                if (bin == 0)
                    break;
                bin = (bin - 1) >> 3;
            }
        }

        var chunks = new List<Chunk>();
        foreach (var bin in Binning.BinsOverlapping(beg, end, MinShift, Depth))
        {
            if (bin == PseudoBin)
                continue;
            foreach (var c in ri.ChunksOf(bin))
                if (c.End > minOff)
                    chunks.Add(c);
        }

        chunks.Sort((a, b) => a.Begin.CompareTo(b.Begin));
        var merged = new List<Chunk>(chunks.Count);
        foreach (var c in chunks)
        {
            var b = Math.Max(c.Begin, minOff);
            if (merged.Count > 0 && merged[^1].End >= b)
                merged[^1] = merged[^1] with { End = Math.Max(merged[^1].End, c.End) };
            else
                merged.Add(new Chunk(b, c.End));
        }

        return merged;
    }

    /// <summary>Little-endian reader over the inflated index with bounds checks that name the file.</summary>
    private ref struct SpanReader(ReadOnlySpan<byte> data, string name)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _pos;

        public readonly int Remaining => _data.Length - _pos;

        public ReadOnlySpan<byte> Bytes(int n)
        {
            if (n < 0 || _pos + n > _data.Length)
                throw Error("truncated index");
            var s = _data.Slice(_pos, n);
            _pos += n;
            return s;
        }

        public int Int32() => BinaryPrimitives.ReadInt32LittleEndian(Bytes(4));

        public uint UInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Bytes(4));

        public long Int64() => BinaryPrimitives.ReadInt64LittleEndian(Bytes(8));

        /// <summary>A count: non-negative and no more than the bytes left could hold (bounded memory on corrupt input).</summary>
        public int Count()
        {
            var n = Int32();
            if (n < 0 || n > Remaining)
                throw Error($"count {n} is negative or larger than the rest of the index");
            return n;
        }

        public readonly InputException Error(string reason) =>
            new(new InputError(name, null, null, "index", $"{reason} (at byte {_pos} of the inflated index)"));
    }
}

/// <summary>The UCSC/htslib hierarchical binning scheme generalised to CSI's min_shift and depth (SAMv1 §5.3).</summary>
public static class Binning
{
    /// <summary>The smallest bin containing [beg, end) (0-based, half-open).</summary>
    public static uint BinOf(long beg, long end, int minShift, int depth)
    {
        var l = depth;
        var s = minShift;
        var t = ((1L << (depth * 3)) - 1) / 7;
        end--;
        for (; l > 0; l--, s += 3, t -= 1L << (l * 3))
            if (beg >> s == end >> s)
                return (uint)(t + (beg >> s));
        return 0;
    }

    /// <summary>Every bin that may hold records overlapping [beg, end).</summary>
    public static IEnumerable<uint> BinsOverlapping(long beg, long end, int minShift, int depth)
    {
        end--;
        var s = minShift + depth * 3;
        long t = 0;
        for (var l = 0; l <= depth; s -= 3, t += 1L << (l * 3), l++)
        {
            var b = t + (beg >> s);
            var e = t + (end >> s);
            for (var i = b; i <= e; i++)
                yield return (uint)i;
        }
    }
}

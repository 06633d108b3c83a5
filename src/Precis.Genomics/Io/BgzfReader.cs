using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using Precis.Core;

namespace Precis.Genomics.Io;

/// <summary>
/// Reads a BGZF file block by block, exposing htslib virtual offsets (compressed block address &lt;&lt; 16 | offset
/// in the inflated block) so that tabix/CSI chunks can be seeked to; inflates read-ahead blocks in parallel.
/// </summary>
public sealed class BgzfReader : IDisposable
{
    /// <summary>BGZF blocks hold at most 64 KiB of input (SAM spec §4.1), so anything larger is corrupt.</summary>
    public const int MaxBlockSize = 65536;

    private readonly Stream _stream;
    private readonly string _name;
    private readonly bool _ownsStream;
    private readonly int _threads;
    private readonly Queue<Block> _ready = new();
    // Inflated and compressed block buffers are reused: a region query seeks a thousand times, and a fresh 64 KiB
    // array per block was most of its cost (page faults on new memory). Lines are copied out of a block before it
    // is recycled, so no caller holds a view of a recycled buffer.
    private readonly Stack<byte[]> _freeData = new();
    private readonly Stack<byte[]> _freeCompressed = new();
    private Block _current = Block.Empty;
    private long _nextBlockAddress;
    private bool _eof;

    /// <summary>Opens a BGZF stream; <paramref name="threads"/> &gt; 1 inflates that many read-ahead blocks at once.</summary>
    public BgzfReader(Stream stream, string name, int threads = 1, bool ownsStream = true)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _name = name;
        _ownsStream = ownsStream;
        _threads = Math.Max(1, threads);
        _nextBlockAddress = stream.CanSeek ? stream.Position : 0;
    }

    /// <summary>The virtual offset of the next unread byte.</summary>
    public long VirtualOffset
    {
        get
        {
            // At the end of a block the next byte lives at offset 0 of the next block (htslib does the same).
            if (_current.Position >= _current.Length && (_ready.Count > 0 || !_eof))
            {
                var next = _ready.Count > 0 ? _ready.Peek().Address : _nextBlockAddress;
                return next << 16;
            }

            return (_current.Address << 16) | (uint)_current.Position;
        }
    }

    /// <summary>True when the first bytes of <paramref name="head"/> are a gzip header with the BGZF "BC" extra field.</summary>
    public static bool IsBgzf(ReadOnlySpan<byte> head) =>
        head.Length >= 18 && head[0] == 0x1f && head[1] == 0x8b && head[2] == 8 && (head[3] & 4) != 0 &&
        head[12] == (byte)'B' && head[13] == (byte)'C' && head[14] == 2 && head[15] == 0;

    /// <summary>Positions the reader at a virtual offset taken from an index.</summary>
    public void Seek(long virtualOffset)
    {
        if (!_stream.CanSeek)
            throw new NotSupportedException("BGZF seek needs a seekable stream");
        var address = virtualOffset >>> 16;
        var within = (int)(virtualOffset & 0xFFFF);

        // Region queries often land in the block already inflated (neighbouring regions): reuse it.
        // The read-ahead queue still holds the blocks that follow it, so it stays valid.
        if (_current.Length > 0 && _current.Address == address && within <= _current.Length)
        {
            _current.Position = within;
            return;
        }

        while (_ready.Count > 0)
            Recycle(_ready.Dequeue());
        Recycle(_current);
        _eof = false;
        _stream.Position = address;
        _nextBlockAddress = address;
        _current = Block.Empty;
        if (!LoadNext())
        {
            if (within != 0)
                throw Error(address, "virtual offset points past the end of the file");
            return;
        }

        if (within > _current.Length)
            throw Error(address, $"virtual offset {within} is beyond the block's {_current.Length} bytes");
        _current.Position = within;
    }

    /// <summary>Reads one line (without the newline, CR stripped) into <paramref name="line"/>; false at end of input.</summary>
    /// <param name="line">Receives the line bytes; cleared first.</param>
    /// <param name="endedWithNewline">False for a last line that lacks its terminating newline.</param>
    /// <param name="maxLength">Lines longer than this raise an <see cref="InputException"/> (bounded memory).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool ReadLine(ByteBuffer line, out bool endedWithNewline, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(line);
        line.Clear();
        endedWithNewline = false;
        var any = false;
        while (true)
        {
            if (_current.Position >= _current.Length && !LoadNext())
                return any;
            var span = _current.Data.AsSpan(_current.Position, _current.Length - _current.Position);
            var nl = span.IndexOf((byte)'\n');
            if (nl >= 0)
            {
                line.Append(span[..nl]);
                _current.Position += nl + 1;
                endedWithNewline = true;
                line.TrimCarriageReturn();
                return true;
            }

            any = true;
            line.Append(span);
            _current.Position = _current.Length;
            if (line.Length > maxLength)
                throw Error(_current.Address, $"line longer than the limit of {maxLength} bytes");
        }
    }

    /// <summary>Reads up to <paramref name="buffer"/>.Length inflated bytes; 0 at end of input.</summary>
    public int Read(Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            if (_current.Position >= _current.Length && !LoadNext())
                break;
            var n = Math.Min(buffer.Length - total, _current.Length - _current.Position);
            _current.Data.AsSpan(_current.Position, n).CopyTo(buffer[total..]);
            _current.Position += n;
            total += n;
        }

        return total;
    }

    public void Dispose()
    {
        if (_ownsStream)
            _stream.Dispose();
    }

    private bool LoadNext()
    {
        while (true)
        {
            if (_ready.Count == 0 && !_eof)
                FillReadAhead();
            if (_ready.Count == 0)
                return false;
            Recycle(_current);
            _current = _ready.Dequeue();
            if (_current.Length > 0)
                return true;

            // Empty blocks (the EOF marker, or flush points) carry no data: skip to the next one.
        }
    }

    private void FillReadAhead()
    {
        var batch = new List<(long Address, byte[] Compressed, int Length, int Xlen)>(_threads * 4);
        var want = _threads == 1 ? 1 : _threads * 4;
        while (batch.Count < want)
        {
            var raw = ReadRawBlock();
            if (raw is null)
            {
                _eof = true;
                break;
            }

            batch.Add(raw.Value);
        }

        var blocks = new Block[batch.Count];
        var outputs = new byte[batch.Count][];
        for (var i = 0; i < batch.Count; i++)
            outputs[i] = _freeData.Count > 0 ? _freeData.Pop() : new byte[MaxBlockSize];
        if (batch.Count > 1 && _threads > 1)
            Parallel.For(0, batch.Count, new ParallelOptions { MaxDegreeOfParallelism = _threads }, i => blocks[i] = Inflate(batch[i], outputs[i]));
        else
            for (var i = 0; i < batch.Count; i++)
                blocks[i] = Inflate(batch[i], outputs[i]);
        foreach (var raw in batch)
            if (_freeCompressed.Count < 64)
                _freeCompressed.Push(raw.Compressed);
        foreach (var b in blocks)
            _ready.Enqueue(b);
    }

    private void Recycle(Block block)
    {
        if (block.Data.Length == MaxBlockSize && _freeData.Count < 64)
            _freeData.Push(block.Data);
    }

    private (long Address, byte[] Compressed, int Length, int Xlen)? ReadRawBlock()
    {
        var address = _nextBlockAddress;
        Span<byte> header = stackalloc byte[18];
        var got = ReadFully(header);
        if (got == 0)
            return null;
        if (got < 18)
            throw Error(address, "truncated BGZF block header");
        if (!IsBgzf(header))
            throw Error(address, "not a BGZF block (gzip magic with a BC extra field expected)");
        var xlen = BinaryPrimitives.ReadUInt16LittleEndian(header[10..]);
        var bsize = BinaryPrimitives.ReadUInt16LittleEndian(header[16..]) + 1;
        if (xlen < 6 || bsize < 18 + xlen - 6 + 8)
            throw Error(address, "invalid BGZF block size");
        var restLength = bsize - 18;
        var rest = _freeCompressed.Count > 0 ? _freeCompressed.Pop() : new byte[MaxBlockSize];
        if (ReadFully(rest.AsSpan(0, restLength)) != restLength)
            throw Error(address, "truncated BGZF block (the file ends inside a block)");
        _nextBlockAddress = address + bsize;
        return (address, rest, restLength, xlen);
    }

    private Block Inflate((long Address, byte[] Compressed, int Length, int Xlen) raw, byte[] data)
    {
        // Layout after the fixed 18-byte header: the remaining extra subfields (xlen - 6), CDATA, CRC32, ISIZE.
        var extraRest = raw.Xlen - 6;
        var cdataLength = raw.Length - extraRest - 8;
        if (cdataLength < 0)
            throw Error(raw.Address, "invalid BGZF block layout");
        var isize = BinaryPrimitives.ReadInt32LittleEndian(raw.Compressed.AsSpan(raw.Length - 4));
        if (isize is < 0 or > MaxBlockSize)
            throw Error(raw.Address, $"BGZF block claims {isize} inflated bytes (at most {MaxBlockSize})");
        if (isize > 0 && NativeInflate.Available)
        {
            if (!NativeInflate.TryInflate(raw.Compressed, extraRest, cdataLength, data, isize))
                throw Error(raw.Address, $"corrupt deflate data, or it does not inflate to the {isize} bytes its ISIZE says");
        }
        else if (isize > 0)
        {
            try
            {
                using var ms = new MemoryStream(raw.Compressed, extraRest, cdataLength, writable: false);
                using var deflate = new DeflateStream(ms, CompressionMode.Decompress);
                var total = 0;
                while (total < isize)
                {
                    var n = deflate.Read(data, total, isize - total);
                    if (n == 0)
                        break;
                    total += n;
                }

                if (total != isize)
                    throw Error(raw.Address, $"BGZF block inflated to {total} bytes but its ISIZE says {isize}");
            }
            catch (InvalidDataException ex)
            {
                throw new InputException(new InputError(_name, null, null, "BGZF", $"corrupt deflate data in the block at byte {raw.Address}: {ex.Message}"), ex);
            }
        }

        return new Block(raw.Address, data, isize);
    }

    private int ReadFully(Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = _stream.Read(buffer[total..]);
            if (n == 0)
                break;
            total += n;
        }

        return total;
    }

    private InputException Error(long address, string reason) =>
        new(new InputError(_name, null, null, "BGZF", $"{reason} (block at byte {address})"));

    private sealed class Block(long address, byte[] data, int length)
    {
        public static Block Empty { get; } = new(0, [], 0);

        public long Address { get; } = address;

        public byte[] Data { get; } = data;

        public int Length { get; } = length;

        public int Position { get; set; }
    }
}

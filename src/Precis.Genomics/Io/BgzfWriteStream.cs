using System.Buffers.Binary;
using System.IO.Compression;

namespace Precis.Genomics.Io;

/// <summary>Writes BGZF: gzip members of at most 64 KiB input each with the "BC" extra field, then the EOF block.</summary>
public sealed class BgzfWriteStream : Stream
{
    /// <summary>Input bytes per block, as htslib uses (BGZF_BLOCK_SIZE 0xff00), so compressed blocks stay under 64 KiB.</summary>
    public const int BlockInput = 0xff00;

    private static readonly byte[] EofBlock =
    [
        0x1f, 0x8b, 0x08, 0x04, 0, 0, 0, 0, 0, 0xff, 0x06, 0, 0x42, 0x43, 0x02, 0, 0x1b, 0, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];

    private readonly Stream _out;
    private readonly bool _ownsStream;
    private readonly byte[] _buffer = new byte[BlockInput];
    private int _length;
    private long _blockAddress;
    private bool _closed;

    public BgzfWriteStream(Stream output, bool ownsStream = true)
    {
        ArgumentNullException.ThrowIfNull(output);
        _out = output;
        _ownsStream = ownsStream;
    }

    /// <summary>The virtual offset of the next byte written.</summary>
    public long VirtualOffset => (_blockAddress << 16) | (uint)_length;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (buffer.Length > 0)
        {
            var n = Math.Min(buffer.Length, BlockInput - _length);
            buffer[..n].CopyTo(_buffer.AsSpan(_length));
            _length += n;
            buffer = buffer[n..];
            if (_length == BlockInput)
                FlushBlock();
        }
    }

    /// <summary>Ends the current block so the next write starts a new one (used between header and records).</summary>
    public override void Flush()
    {
        if (_length > 0)
            FlushBlock();
        _out.Flush();
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_closed)
        {
            _closed = true;
            if (_length > 0)
                FlushBlock();
            _out.Write(EofBlock);
            _out.Flush();
            if (_ownsStream)
                _out.Dispose();
        }

        base.Dispose(disposing);
    }

    private MemoryStream Deflate(CompressionLevel level)
    {
        var cdata = new MemoryStream();
        using (var deflate = new DeflateStream(cdata, level, leaveOpen: true))
            deflate.Write(_buffer, 0, _length);
        return cdata;
    }

    private void FlushBlock()
    {
        var cdata = Deflate(CompressionLevel.Optimal);
        if (18 + cdata.Length + 8 > 65536)
            cdata = Deflate(CompressionLevel.NoCompression); // incompressible input: stored blocks always fit
        var compressed = cdata.GetBuffer().AsSpan(0, (int)cdata.Length);
        var total = 18 + compressed.Length + 8;
        Span<byte> header = stackalloc byte[18];
        header[0] = 0x1f;
        header[1] = 0x8b;
        header[2] = 8;
        header[3] = 4;
        header[9] = 0xff;
        header[10] = 6;
        header[12] = (byte)'B';
        header[13] = (byte)'C';
        header[14] = 2;
        BinaryPrimitives.WriteUInt16LittleEndian(header[16..], (ushort)(total - 1));
        _out.Write(header);
        _out.Write(compressed);
        Span<byte> trailer = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, Crc32.Compute(_buffer.AsSpan(0, _length)));
        BinaryPrimitives.WriteInt32LittleEndian(trailer[4..], _length);
        _out.Write(trailer);
        _blockAddress += total;
        _length = 0;
    }
}

/// <summary>CRC-32 (IEEE 802.3, as gzip uses), table-driven.</summary>
internal static class Crc32
{
    private static readonly uint[] Table = Build();

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return ~crc;
    }

    private static uint[] Build()
    {
        var t = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[i] = c;
        }

        return t;
    }
}

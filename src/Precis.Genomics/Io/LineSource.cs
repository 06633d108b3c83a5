using System.IO.Compression;
using System.Text;
using Precis.Core;

namespace Precis.Genomics.Io;

/// <summary>A growable byte buffer reused across lines so that reading does not allocate per line.</summary>
public sealed class ByteBuffer
{
    private byte[] _data = new byte[4096];

    /// <summary>Number of bytes held.</summary>
    public int Length { get; private set; }

    /// <summary>The bytes held.</summary>
    public ReadOnlySpan<byte> Span => _data.AsSpan(0, Length);

    public void Clear() => Length = 0;

    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (Length + bytes.Length > _data.Length)
            Array.Resize(ref _data, Math.Max(_data.Length * 2, Length + bytes.Length));
        bytes.CopyTo(_data.AsSpan(Length));
        Length += bytes.Length;
    }

    internal void TrimCarriageReturn()
    {
        if (Length > 0 && _data[Length - 1] == (byte)'\r')
            Length--;
    }
}

/// <summary>Where a text line came from: its 1-based number and, for BGZF input, the virtual offsets around it.</summary>
/// <param name="Number">1-based line number in the (decompressed) file.</param>
/// <param name="StartOffset">Virtual offset (BGZF) or byte offset (plain) of the line's first byte.</param>
/// <param name="EndOffset">Offset just after the line's newline.</param>
public readonly record struct LineLocation(long Number, long StartOffset, long EndOffset);

/// <summary>
/// Reads lines from plain text, gzip or BGZF input, detected from the magic bytes (never the file name).
/// BGZF goes through <see cref="BgzfReader"/> so virtual offsets are known; other gzip through GZipStream,
/// which decodes concatenated members.
/// </summary>
public sealed class LineSource : IDisposable
{
    private readonly BgzfReader? _bgzf;
    private readonly Stream? _plain;
    private readonly ByteBuffer _line = new();
    private readonly byte[] _buffer;
    private int _bufferPos;
    private int _bufferLen;
    private long _plainOffset;
    private bool _plainEof;

    private LineSource(string name, BgzfReader? bgzf, Stream? plain, InputCompression compression, int maxLineLength)
    {
        Name = name;
        _bgzf = bgzf;
        _plain = plain;
        Compression = compression;
        MaxLineLength = maxLineLength;
        _buffer = plain is null ? [] : new byte[1 << 16];
    }

    /// <summary>The file name used in error messages.</summary>
    public string Name { get; }

    /// <summary>How the input was compressed.</summary>
    public InputCompression Compression { get; }

    /// <summary>The longest line accepted, in bytes.</summary>
    public int MaxLineLength { get; }

    /// <summary>The BGZF reader, when the input is BGZF (for index-driven seeks).</summary>
    public BgzfReader? Bgzf => _bgzf;

    /// <summary>Number of the last line read (1-based).</summary>
    public long LineNumber { get; private set; }

    /// <summary>False when the last line read had no terminating newline.</summary>
    public bool LastLineEndedWithNewline { get; private set; } = true;

    /// <summary>Opens a file, detecting plain, gzip or BGZF from its first bytes.</summary>
    public static LineSource Open(string path, int threads = 1, int maxLineLength = DefaultMaxLineLength)
    {
        var stream = InputFiles.OpenForReading(path);
        return Open(stream, path, threads, maxLineLength);
    }

    /// <summary>The default line-length limit: 256 MiB (a 3,202-sample 1000 Genomes line is ~13 KB).</summary>
    public const int DefaultMaxLineLength = 256 << 20;

    /// <summary>Wraps a stream (owned), detecting plain, gzip or BGZF from its first bytes.</summary>
    public static LineSource Open(Stream stream, string name, int threads = 1, int maxLineLength = DefaultMaxLineLength)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffered = stream.CanSeek ? stream : new BufferedStream(stream, 1 << 16);
        Span<byte> head = stackalloc byte[18];
        var n = 0;
        var start = buffered.CanSeek ? buffered.Position : 0;
        while (n < head.Length)
        {
            var r = buffered.Read(head[n..]);
            if (r == 0)
                break;
            n += r;
        }

        if (!buffered.CanSeek)
            throw new NotSupportedException("input stream must be seekable for format detection");
        buffered.Position = start;
        if (BgzfReader.IsBgzf(head[..n]))
            return new LineSource(name, new BgzfReader(buffered, name, threads), null, InputCompression.Bgzf, maxLineLength);
        if (n >= 2 && head[0] == 0x1f && head[1] == 0x8b)
            return new LineSource(name, null, new GZipStream(buffered, CompressionMode.Decompress), InputCompression.Gzip, maxLineLength);
        return new LineSource(name, null, buffered, InputCompression.None, maxLineLength);
    }

    /// <summary>Reads the next line as UTF-8 text; null at end of input.</summary>
    public string? ReadLine(out LineLocation location)
    {
        var bytes = ReadLineBytes(out location);
        if (bytes is null)
            return null;
        return Encoding.UTF8.GetString(_line.Span);
    }

    /// <summary>Reads the next line's bytes into an internal buffer (valid until the next call); null at end.</summary>
    public ByteBuffer? ReadLineBytes(out LineLocation location)
    {
        long start;
        bool ended;
        bool got;
        if (_bgzf is not null)
        {
            start = _bgzf.VirtualOffset;
            try
            {
                got = _bgzf.ReadLine(_line, out ended, MaxLineLength);
            }
            catch (InputException ex) when (ex.Error.Line is null)
            {
                throw new InputException(ex.Error with { Line = LineNumber + 1 }, ex);
            }
        }
        else
        {
            start = _plainOffset;
            got = ReadPlainLine(out ended);
        }

        if (!got)
        {
            location = default;
            return null;
        }

        LineNumber++;
        LastLineEndedWithNewline = ended;
        location = new LineLocation(LineNumber, start, _bgzf?.VirtualOffset ?? _plainOffset);
        return _line;
    }

    /// <summary>Seeks a BGZF input to a virtual offset; line numbers become unknown (reported as 0-based from here).</summary>
    public void SeekVirtual(long virtualOffset)
    {
        if (_bgzf is null)
            throw new InvalidOperationException("only BGZF input can be seeked by virtual offset; compress the file with bgzip");
        _bgzf.Seek(virtualOffset);
        LineNumber = 0;
    }

    public void Dispose()
    {
        _bgzf?.Dispose();
        _plain?.Dispose();
    }

    private bool ReadPlainLine(out bool ended)
    {
        _line.Clear();
        ended = false;
        var any = false;
        while (true)
        {
            if (_bufferPos >= _bufferLen)
            {
                if (_plainEof)
                    return any;
                try
                {
                    _bufferLen = _plain!.Read(_buffer, 0, _buffer.Length);
                }
                catch (InvalidDataException ex)
                {
                    throw new InputException(new InputError(Name, LineNumber + 1, null, "gzip", "corrupt gzip data: " + ex.Message), ex);
                }

                _bufferPos = 0;
                if (_bufferLen == 0)
                {
                    _plainEof = true;
                    return any;
                }
            }

            var span = _buffer.AsSpan(_bufferPos, _bufferLen - _bufferPos);
            var nl = span.IndexOf((byte)'\n');
            if (nl >= 0)
            {
                _line.Append(span[..nl]);
                _bufferPos += nl + 1;
                _plainOffset += nl + 1;
                ended = true;
                _line.TrimCarriageReturn();
                return true;
            }

            any = true;
            _line.Append(span);
            _plainOffset += span.Length;
            _bufferPos = _bufferLen;
            if (_line.Length > MaxLineLength)
                throw new InputException(new InputError(Name, LineNumber + 1, null, null, $"line longer than the limit of {MaxLineLength} bytes"));
        }
    }
}

/// <summary>The compression detected on an input.</summary>
public enum InputCompression
{
    /// <summary>Plain text.</summary>
    None,

    /// <summary>Ordinary gzip (one or more members), readable only sequentially.</summary>
    Gzip,

    /// <summary>Blocked gzip (bgzip): seekable through virtual offsets.</summary>
    Bgzf,
}

using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using Precis.Genomics.Vcf;

namespace Precis.Genomics.Query;

/// <summary>
/// Writes a GT matrix (<c>precis vcf query -f '[%GT\t]\n'</c>) straight from the line bytes, byte-identical to
/// <see cref="QueryFormat.Format"/>. In lenient mode a line takes the fast path when everything that could make the
/// full reader skip it or print it differently is checked in place: column and sample counts, CHROM (same as the
/// previous record), POS digits, REF/ALT bases, no INFO/END, a FORMAT already accepted with GT first, no sample with
/// more fields than FORMAT, and each GT a valid call whose alleles are in range. Any other line goes through the
/// full reader. What the fast path does not read (ID, QUAL, FILTER, INFO values, the other FORMAT values, sort order)
/// cannot make a lenient read skip a line, so the output is the same; only the lenient repair counts for those
/// columns are not collected. Strict mode reads every line in full (every column is checked).
/// </summary>
public sealed class GenotypeMatrixWriter
{
    private const int MaxFastGenotypeBytes = 8;
    private static readonly SearchValues<byte> Bases = SearchValues.Create("ACGTNacgtn"u8);
    private static readonly GenotypeText Invalid = new([], int.MaxValue);
    private readonly QueryFormat _format;
    private readonly byte[] _afterGenotype;
    private readonly byte[] _afterLine;

    private GenotypeMatrixWriter(QueryFormat format, string afterGenotype, string afterLine)
    {
        _format = format;
        _afterGenotype = Encoding.UTF8.GetBytes(afterGenotype);
        _afterLine = Encoding.UTF8.GetBytes(afterLine);
    }

    /// <summary>Lines written through the byte fast path by the last <see cref="Write"/>.</summary>
    public long FastLines { get; private set; }

    /// <summary>Lines that went through the full reader in the last <see cref="Write"/> (including skipped ones).</summary>
    public long FullLines { get; private set; }

    /// <summary>A writer for a bare GT-matrix format (<c>[%GT&lt;text&gt;]&lt;text&gt;</c>); null for any other format.</summary>
    public static GenotypeMatrixWriter? TryCreate(QueryFormat format)
    {
        ArgumentNullException.ThrowIfNull(format);
        return format.IsGenotypeMatrix(out var afterGenotype, out var afterLine) ? new GenotypeMatrixWriter(format, afterGenotype, afterLine) : null;
    }

    /// <summary>Writes the matrix of every remaining record of <paramref name="reader"/> (all samples) to <paramref name="output"/> as UTF-8.</summary>
    /// <returns>The number of records written.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public long Write(VcfReader reader, Stream output)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(output);
        var state = new State(reader, _afterGenotype.Length, _afterLine.Length);
        var fast = reader.Options.Mode == VcfErrorMode.Lenient && reader.Options.ValidateSamples && reader.Header.Samples.Count > 0;
        var text = new StringBuilder();
        long records = 0;
        FastLines = FullLines = 0;
        while (reader.ReadLineBytes(out var location) is { } buffer)
        {
            var line = buffer.Span;
            state.EnsureRoom(line.Length);
            if (fast && reader.LastLineEndedWithNewline && TryWriteFast(line, state))
            {
                FastLines++;
                records++;
            }
            else
            {
                FullLines++;
                var record = reader.ParseLine(Encoding.UTF8.GetString(line), location);
                if (record is not null)
                {
                    state.Learn(record);
                    text.Clear();
                    _format.Format(record, null, text);
                    state.Append(text);
                    records++;
                }
            }

            if (state.Length > 1 << 16)
                state.Flush(output);
        }

        state.Flush(output);
        return records;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryWriteFast(ReadOnlySpan<byte> line, State state)
    {
        Span<int> starts = stackalloc int[10];
        var p = 0;
        for (var c = 0; c < 9; c++)
        {
            starts[c] = p;
            var t = line[p..].IndexOf((byte)'\t');
            if (t < 0)
                return false;
            p += t + 1;
        }

        starts[9] = p;
        static ReadOnlySpan<byte> Column(Span<int> s, ReadOnlySpan<byte> l, int c) => l[s[c]..(s[c + 1] - 1)];

        var chrom = Column(starts, line, 0);
        if (chrom.Length == 0 || !chrom.SequenceEqual(state.Chrom))
            return false;
        var pos = Column(starts, line, 1);
        if (pos.Length is 0 or > 18 || pos.IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0)
            return false;
        var reference = Column(starts, line, 3);
        if (reference.Length == 0 || reference.IndexOfAnyExcept(Bases) >= 0)
            return false;
        var alt = Column(starts, line, 4);
        var altCount = 0;
        if (alt is not [(byte)'.'])
        {
            foreach (var range in alt.Split((byte)','))
            {
                var a = alt[range];
                if (a.Length == 0 || (a is not [(byte)'*'] && a.IndexOfAnyExcept(Bases) >= 0))
                    return false;
                altCount++;
            }

            if (altCount > state.MaxAlleles)
                return false;
        }

        if (Column(starts, line, 7).IndexOf("END="u8) >= 0)
            return false;
        if (state.FormatKeys == 0 || !Column(starts, line, 8).SequenceEqual(state.Format))
            return false;

        var rest = line[p..];
        var samples = state.Samples;
        var keys = state.FormatKeys;
        var buffer = state.Buffer;
        var o = state.Length;
        var after = _afterGenotype;
        var diploid = state.Diploid;
        var i = 0;
        for (var s = 0; s < samples; s++)
        {
            // The usual diploid call "a/b" or "a|b" is recognised without a search.
            int gtEnd;
            if (i + 3 < rest.Length && rest[i + 1] is (byte)'/' or (byte)'|' && rest[i + 3] is (byte)'\t' or (byte)':')
            {
                gtEnd = i + 3;
            }
            else
            {
                var k = rest[i..].IndexOfAny((byte)'\t', (byte)':');
                gtEnd = k < 0 ? rest.Length : i + k;
            }

            var columnEnd = gtEnd;
            if (gtEnd < rest.Length && rest[gtEnd] == ':')
            {
                if (keys == 1)
                    return false;
                var k = rest[gtEnd..].IndexOf((byte)'\t');
                columnEnd = k < 0 ? rest.Length : gtEnd + k;
                if (rest[gtEnd..columnEnd].Count((byte)':') > keys - 1)
                    return false;
            }

            if ((columnEnd == rest.Length) != (s == samples - 1))
                return false;
            GenotypeText text;
            if (gtEnd - i == 3 && Code(rest[i]) is >= 0 and var a && Code(rest[i + 2]) is >= 0 and var b && rest[i + 1] is (byte)'/' or (byte)'|')
                text = diploid[(((a * 2) + (rest[i + 1] == '|' ? 1 : 0)) * 11) + b] ?? state.Lookup(rest[i..gtEnd]);
            else
                text = state.Lookup(rest[i..gtEnd]);
            var bytes = text.Bytes;
            if (bytes.Length == 0 || (text.MaxAllele > altCount && altCount > 0))
                return false;
            if (bytes.Length == 3)
            {
                buffer[o] = bytes[0];
                buffer[o + 1] = bytes[1];
                buffer[o + 2] = bytes[2];
                o += 3;
            }
            else
            {
                bytes.CopyTo(buffer, o);
                o += bytes.Length;
            }

            if (after.Length == 1)
                buffer[o++] = after[0];
            else
            {
                after.CopyTo(buffer, o);
                o += after.Length;
            }

            i = columnEnd + 1;
        }

        state.Length = o;
        state.Append(_afterLine);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Code(byte c) => State.Code(c);

    /// <summary>A GT as the full reader prints it, and its highest allele index (-1 when all missing).</summary>
    private sealed record GenotypeText(byte[] Bytes, int MaxAllele);

    private sealed class State(VcfReader reader, int afterGenotype, int afterLine)
    {
        private readonly GenotypeText?[] _diploid = new GenotypeText?[11 * 2 * 11];
        private readonly GenotypeText?[] _haploid = new GenotypeText?[11];
        private readonly Dictionary<ulong, GenotypeText> _other = [];
        private readonly bool _vcf44 = reader.Header.IsVcf44OrLater;
        private readonly int _maxPloidy = reader.Options.MaxPloidy;
        private byte[] _buffer = new byte[1 << 17];

        public int Samples { get; } = reader.Header.Samples.Count;

        public int MaxAlleles { get; } = reader.Options.MaxAlleles;

        public byte[] Chrom { get; private set; } = [];

        public byte[] Format { get; private set; } = [];

        /// <summary>Number of FORMAT keys of <see cref="Format"/>; 0 when no FORMAT with GT first was accepted yet.</summary>
        public int FormatKeys { get; private set; }

        public int Length { get; set; }

        /// <summary>The output buffer; <see cref="EnsureRoom"/> guarantees space for one fast line.</summary>
        public byte[] Buffer => _buffer;

        /// <summary>Makes room for the fast output of a line (fast GTs print at most 2 × 8 bytes each).</summary>
        public void EnsureRoom(int lineLength)
        {
            var need = Length + ((long)Samples * (2 * MaxFastGenotypeBytes + afterGenotype)) + afterLine + lineLength;
            if (need > _buffer.Length)
                Array.Resize(ref _buffer, (int)Math.Min(Array.MaxLength, Math.Max(need, 2L * _buffer.Length)));
        }

        /// <summary>Remembers the CHROM and FORMAT of a record the full reader accepted, so the lines after it can be fast.</summary>
        public void Learn(VcfRecord record)
        {
            Chrom = Encoding.UTF8.GetBytes(record.Chrom);
            var keys = record.FormatKeys;
            var formatText = record.Column(8);
            if (formatText.IndexOf('\t') is >= 0 and var tab)
                formatText = formatText[..tab];
            if (keys.Count > 0 && keys[0] == "GT" && formatText.SequenceEqual(string.Join(':', keys)))
            {
                Format = Encoding.UTF8.GetBytes(formatText.ToString());
                FormatKeys = keys.Count;
            }
            else
            {
                Format = [];
                FormatKeys = 0;
            }
        }

        public void Append(ReadOnlySpan<byte> bytes)
        {
            if (Length + bytes.Length > _buffer.Length)
                Array.Resize(ref _buffer, Math.Max(2 * _buffer.Length, Length + bytes.Length));
            bytes.CopyTo(_buffer.AsSpan(Length));
            Length += bytes.Length;
        }

        public void Append(StringBuilder text)
        {
            foreach (var chunk in text.GetChunks())
            {
                var bytes = Encoding.UTF8.GetByteCount(chunk.Span);
                if (Length + bytes > _buffer.Length)
                    Array.Resize(ref _buffer, Math.Max(2 * _buffer.Length, Length + bytes));
                Length += Encoding.UTF8.GetBytes(chunk.Span, _buffer.AsSpan(Length));
            }
        }

        public void Flush(Stream output)
        {
            output.Write(_buffer, 0, Length);
            Length = 0;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public GenotypeText Lookup(ReadOnlySpan<byte> gt)
        {
            if (gt.Length == 3 && gt[1] is (byte)'/' or (byte)'|' && Code(gt[0]) is >= 0 and var a && Code(gt[2]) is >= 0 and var b)
                return _diploid[(((a * 2) + (gt[1] == '|' ? 1 : 0)) * 11) + b] ??= Make(gt);
            if (gt.Length == 1 && Code(gt[0]) is >= 0 and var h)
                return _haploid[h] ??= Make(gt);
            if (gt.Length is 0 or > MaxFastGenotypeBytes)
                return Invalid;
            Span<byte> key = stackalloc byte[8];
            key.Clear();
            gt.CopyTo(key);
            var k = BinaryPrimitives.ReadUInt64LittleEndian(key);
            if (_other.TryGetValue(k, out var hit))
                return hit;
            var made = Make(gt);
            if (_other.Count < 4096)
                _other[k] = made;
            return made;
        }

        public GenotypeText?[] Diploid => _diploid;

        public static int Code(byte c) => c == '.' ? 10 : c is >= (byte)'0' and <= (byte)'9' ? c - '0' : -1;

        /// <summary>Decodes a GT exactly as the full reader does (same parser, same rendering); <see cref="Invalid"/> when it would not accept it.</summary>
        private GenotypeText Make(ReadOnlySpan<byte> gt)
        {
            if (gt.Contains((byte)0) || gt.IndexOfAnyExceptInRange((byte)0x21, (byte)0x7E) >= 0)
                return Invalid;
            Span<char> chars = stackalloc char[gt.Length];
            for (var i = 0; i < gt.Length; i++)
                chars[i] = (char)gt[i];
            var genotype = Genotype.ParseShared(chars, _vcf44, _maxPloidy, out _);
            if (genotype is null)
                return Invalid;
            var max = -1;
            foreach (var allele in genotype.Alleles)
                max = Math.Max(max, allele);
            var text = genotype.Ploidy == 0 ? "." : genotype.Format(_vcf44);
            var bytes = Encoding.UTF8.GetBytes(text);
            return bytes.Length > 2 * MaxFastGenotypeBytes ? Invalid : new GenotypeText(bytes, max);
        }
    }
}

using System.Globalization;
using Precis.Core;
using Precis.Genomics.Sites;

namespace Precis.PolygenicRisk.Scoring;

/// <summary>
/// Random access to reference bases of an uncompressed FASTA through its samtools .fai index. Used only to learn the
/// reference base inside gVCF reference blocks, where the VCF does not write it.
/// </summary>
public sealed class FastaReference : IDisposable
{
    private readonly FileStream _stream;
    private readonly Dictionary<string, (long Length, long Offset, int LineBases, int LineWidth)> _index = new(StringComparer.Ordinal);

    private FastaReference(string path, FileStream stream)
    {
        Path = path;
        _stream = stream;
    }

    /// <summary>The FASTA file.</summary>
    public string Path { get; }

    /// <summary>Opens FASTA + .fai (the index must exist: `samtools faidx` makes it).</summary>
    public static FastaReference Open(string fastaPath)
    {
        ArgumentNullException.ThrowIfNull(fastaPath);
        var fai = fastaPath + ".fai";
        if (!File.Exists(fai))
            throw new InputException(new InputError(fai, null, null, null, "FASTA index not found", "create it with `samtools faidx " + fastaPath + "` (bgzipped FASTA is not supported: use plain FASTA)"));
        var reference = new FastaReference(fastaPath, InputFiles.OpenForReading(fastaPath));
        long n = 0;
        foreach (var line in File.ReadLines(fai))
        {
            n++;
            var f = line.Split('\t');
            if (f.Length < 5
                || !long.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out var length)
                || !long.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
                || !int.TryParse(f[3], NumberStyles.None, CultureInfo.InvariantCulture, out var bases)
                || !int.TryParse(f[4], NumberStyles.None, CultureInfo.InvariantCulture, out var width)
                || bases <= 0 || width < bases)
            {
                reference.Dispose();
                throw new InputException(new InputError(fai, n, null, null, "not a .fai line (NAME, LENGTH, OFFSET, LINEBASES, LINEWIDTH)"));
            }

            reference._index[f[0]] = (length, offset, bases, width);
        }

        return reference;
    }

    /// <summary>The upper-case reference base at a 1-based position, or null when the contig or position is not in the FASTA.</summary>
    public char? BaseAt(string contig, long position)
    {
        var name = ContigNames.Resolve(contig, _index.Keys);
        if (name is null || !_index.TryGetValue(name, out var e) || position < 1 || position > e.Length)
            return null;
        var zero = position - 1;
        _stream.Seek(e.Offset + (zero / e.LineBases * e.LineWidth) + (zero % e.LineBases), SeekOrigin.Begin);
        var b = _stream.ReadByte();
        return b < 0 ? null : char.ToUpperInvariant((char)b);
    }

    /// <summary>Closes the file.</summary>
    public void Dispose() => _stream.Dispose();
}

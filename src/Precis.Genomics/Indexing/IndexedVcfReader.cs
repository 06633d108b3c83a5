using System.Globalization;
using System.Text;
using Precis.Core;
using Precis.Genomics.Io;
using Precis.Genomics.Sites;
using Precis.Genomics.Vcf;

namespace Precis.Genomics.Indexing;

/// <summary>A 1-based, inclusive genomic interval; <see cref="End"/> is <see cref="long.MaxValue"/> for "to the end".</summary>
public sealed record GenomicRegion(string Contig, long Start, long End)
{
    /// <summary>
    /// Parses "chr", "chr:pos", "chr:beg-end", "chr:beg-" (thousands separators allowed) and "{name:with:colons}:beg-end".
    /// When a text is both a contig name and name:range of another contig, it is ambiguous and must use braces.
    /// </summary>
    public static GenomicRegion Parse(string text, IReadOnlyCollection<string>? contigs = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.StartsWith('{'))
        {
            var close = text.IndexOf('}', StringComparison.Ordinal);
            if (close < 0)
                throw Bad(text, "has '{' without a closing '}'");
            var name = text[1..close];
            var rest = text[(close + 1)..];
            if (rest.Length == 0)
                return new GenomicRegion(name, 1, long.MaxValue);
            if (rest[0] != ':')
                throw Bad(text, "expects ':' after the braced contig name");
            return WithRange(name, rest[1..], text);
        }

        var colon = text.LastIndexOf(':');
        var known = contigs is not null && contigs.Contains(text);
        if (colon < 0)
            return new GenomicRegion(text, 1, long.MaxValue);
        var prefix = text[..colon];
        var rangeText = text[(colon + 1)..];
        var rangeOk = TryRange(rangeText, out var s, out var e);
        if (known && rangeOk && contigs!.Contains(prefix))
            throw Bad(text, $"is ambiguous: contig '{text}' or '{prefix}' positions {rangeText}; write {{{text}}} or {{{prefix}}}:{rangeText}");
        if (known)
            return new GenomicRegion(text, 1, long.MaxValue);
        if (!rangeOk)
            throw Bad(text, "is not chrom, chrom:pos or chrom:beg-end");
        return new GenomicRegion(prefix, s, e);
    }

    private static GenomicRegion WithRange(string name, string range, string text) =>
        TryRange(range, out var s, out var e) ? new GenomicRegion(name, s, e) : throw Bad(text, "has a range that is not pos or beg-end");

    private static bool TryRange(string range, out long start, out long end)
    {
        start = 1;
        end = long.MaxValue;
        var r = range.Replace(",", "", StringComparison.Ordinal);
        var dash = r.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            if (!long.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out start) || start < 1)
                return false;
            end = start;
            return true;
        }

        if (!long.TryParse(r.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out start))
            return false;
        start = Math.Max(1, start);
        var e = r[(dash + 1)..];
        if (e.Length == 0)
            return true;
        return long.TryParse(e, NumberStyles.None, CultureInfo.InvariantCulture, out end) && end >= start;
    }

    private static InputException Bad(string text, string why) =>
        new(new InputError("region", null, null, null, $"region '{text}' {why}"));

    public override string ToString() => End == long.MaxValue ? $"{Contig}:{Start}-" : $"{Contig}:{Start}-{End}";
}

/// <summary>
/// Region queries on a BGZF VCF through its .csi or .tbi index. Records overlap a region by their full span,
/// so gVCF blocks and deletions that start before the region but reach into it (INFO/END) are returned.
/// </summary>
public sealed class IndexedVcfReader : IDisposable
{
    private readonly VcfReader _reader;

    private IndexedVcfReader(VcfReader reader, GenomicIndex index)
    {
        _reader = reader;
        Index = index;
    }

    public VcfHeader Header => _reader.Header;

    public GenomicIndex Index { get; }

    /// <summary>Lenient-mode counts, when reading leniently.</summary>
    public VcfLeniencyReport Report => _reader.Report;

    /// <summary>Opens a BGZF VCF with its index (the given one, else &lt;file&gt;.csi, else &lt;file&gt;.tbi).</summary>
    public static IndexedVcfReader Open(string path, VcfReaderOptions? options = null, string? indexPath = null)
    {
        indexPath ??= File.Exists(path + ".csi") ? path + ".csi" : File.Exists(path + ".tbi") ? path + ".tbi" : null;
        if (indexPath is null)
            throw new InputException(new InputError(path, null, null, null, "no index found (expected " + path + ".csi or .tbi)", "create one with: precis vcf index " + path));
        var index = GenomicIndex.Read(indexPath);
        // Records come out of file order across regions, so order checks are off here.
        var reader = VcfReader.Open(path, (options ?? VcfReaderOptions.Strict) with { ValidateOrder = false });
        if (reader.Compression != InputCompression.Bgzf)
        {
            reader.Dispose();
            throw new InputException(new InputError(path, null, null, null, "an indexed file must be BGZF-compressed (bgzip), not " + reader.Compression));
        }

        return new IndexedVcfReader(reader, index);
    }

    /// <summary>Records overlapping a region given as text (see <see cref="GenomicRegion.Parse"/>).</summary>
    public IEnumerable<VcfRecord> Query(string region) => Query(GenomicRegion.Parse(region, Index.Names));

    /// <summary>
    /// Records overlapping any of the regions, each once and in file order, as bcftools prints them for -r/-R. The
    /// regions are taken by contig (in file order) and start; a record at or before the last one returned is passed
    /// over, because in a sorted file it overlapped an earlier region and was returned then. So no set of returned
    /// records is kept, and memory does not grow with the output.
    /// </summary>
    public IEnumerable<VcfRecord> Query(IEnumerable<GenomicRegion> regions)
    {
        ArgumentNullException.ThrowIfNull(regions);
        var ordered = regions
            .Select(r => (Tid: ReferenceIdOf(r.Contig), Region: r))
            .Where(x => x.Tid >= 0)
            .OrderBy(x => x.Tid).ThenBy(x => x.Region.Start)
            .ToList();
        long last = -1;
        foreach (var (_, region) in ordered)
        {
            foreach (var r in Query(region))
            {
                if (r.StartOffset <= last)
                    continue;
                last = r.StartOffset;
                yield return r;
            }
        }
    }

    /// <summary>The index's reference id of a contig name or alias (chr1 = 1), or -1.</summary>
    private int ReferenceIdOf(string contig) =>
        Index.ReferenceId(contig) is >= 0 and var tid ? tid :
        ContigNames.Resolve(contig, Index.Names) is { } name ? Index.ReferenceId(name) : -1;

    /// <summary>Records overlapping a region, in file order. Contig names resolve through aliases (chr1 = 1).</summary>
    public IEnumerable<VcfRecord> Query(GenomicRegion region)
    {
        ArgumentNullException.ThrowIfNull(region);
        var name = Index.ReferenceId(region.Contig) >= 0 ? region.Contig : ContigNames.Resolve(region.Contig, Index.Names);
        if (name is null)
            yield break;
        var tid = Index.ReferenceId(name);
        var beg0 = region.Start - 1;
        var end = region.End == long.MaxValue ? Index.MaxPosition : region.End;
        var nameBytes = Encoding.UTF8.GetBytes(name);
        foreach (var chunk in Index.Query(tid, beg0, end))
        {
            _reader.SeekVirtual(chunk.Begin);
            while (_reader.ReadLineBytes(out var location) is { } buffer)
            {
                if (location.StartOffset >= chunk.End)
                    break;

                // Lines that cannot overlap are passed over from their bytes, as tabix does; the rest are read in full.
                var verdict = Prefilter(buffer.Span, nameBytes, region.Start, end);
                if (verdict == LineVerdict.Outside)
                    continue;
                if (verdict == LineVerdict.PastEnd)
                    yield break;
                if (_reader.ParseLine(Encoding.UTF8.GetString(buffer.Span), location) is not { } r)
                    continue;
                if (r.Chrom != name)
                    continue;
                if (r.Pos > end)
                    yield break;
                if (r.End >= region.Start)
                    yield return r;
            }
        }
    }

    public void Dispose() => _reader.Dispose();

    /// <summary>
    /// Decides from the raw line whether a record on contig <paramref name="name"/> can overlap [start, end]:
    /// another contig or a span ending before <paramref name="start"/> (no INFO/END) is outside, a POS past
    /// <paramref name="end"/> ends the chunk; anything unclear (malformed, INFO/END) is read in full.
    /// </summary>
    private static LineVerdict Prefilter(ReadOnlySpan<byte> line, ReadOnlySpan<byte> name, long start, long end)
    {
        var t0 = line.IndexOf((byte)'\t');
        if (t0 <= 0)
            return LineVerdict.Read;
        if (!line[..t0].SequenceEqual(name))
            return LineVerdict.Outside;
        var rest = line[(t0 + 1)..];
        var t1 = rest.IndexOf((byte)'\t');
        if (t1 is <= 0 or > 18)
            return LineVerdict.Read;
        long pos = 0;
        foreach (var c in rest[..t1])
        {
            if (c is < (byte)'0' or > (byte)'9')
                return LineVerdict.Read;
            pos = (pos * 10) + (c - '0');
        }

        if (pos > end)
            return LineVerdict.PastEnd;
        if (pos >= start)
            return LineVerdict.Read;

        // Starts before the region: does REF (or INFO/END) reach into it?
        Span<int> tabs = stackalloc int[6];
        var p = t0 + 1 + t1 + 1;
        for (var i = 0; i < tabs.Length; i++)
        {
            var t = line[p..].IndexOf((byte)'\t');
            if (t < 0 && i == tabs.Length - 1)
            {
                tabs[i] = line.Length + 1; // a sites-only line ends after INFO
                break;
            }

            if (t < 0)
                return LineVerdict.Read;
            p += t + 1;
            tabs[i] = p;
        }

        // tabs[0] starts REF, tabs[1] ALT, tabs[4] INFO, tabs[5] FORMAT (or the sample columns).
        var info = line[tabs[4]..(tabs[5] - 1)];
        if (info.IndexOf("END="u8) >= 0)
            return LineVerdict.Read;
        var refLength = tabs[1] - 1 - tabs[0];
        return pos + Math.Max(refLength, 1) - 1 < start ? LineVerdict.Outside : LineVerdict.Read;
    }

    private enum LineVerdict
    {
        Read,
        Outside,
        PastEnd,
    }
}

using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Precis.Genomics.Vcf;

/// <summary>Genotype counts of one sample across a file.</summary>
public sealed class SampleGenotypeCounts(string sample)
{
    public string Sample { get; } = sample;

    public long HomozygousReference { get; internal set; }

    public long Heterozygous { get; internal set; }

    public long HomozygousAlternate { get; internal set; }

    /// <summary>GT missing ('.', './.') or partially missing, or absent.</summary>
    public long Missing { get; internal set; }

    /// <summary>Calls with one allele (e.g. male chrX).</summary>
    public long Haploid { get; internal set; }

    /// <summary>Calls phased with '|'.</summary>
    public long Phased { get; internal set; }
}

/// <summary>Counts over a whole VCF: record kinds, filters, contigs and per-sample genotypes (<c>precis vcf stats</c>).</summary>
public sealed class VcfStatistics
{
    private readonly Dictionary<string, StrongBox<long>> _perContig = new(StringComparer.Ordinal);
    private string? _lastContig;
    private StrongBox<long> _lastContigCount = new();
    private readonly List<string> _contigOrder = [];

    private VcfStatistics(VcfHeader header, string name)
    {
        Header = header;
        Name = name;
        _samples = [.. header.Samples.Select(s => new SampleGenotypeCounts(s))];
        Samples = _samples;
    }

    public VcfHeader Header { get; }

    public string Name { get; }

    public long Records { get; private set; }

    /// <summary>Biallelic or multi-allelic single-base substitutions (per record, any ALT of length 1 = REF length 1).</summary>
    public long Snvs { get; private set; }

    public long Indels { get; private set; }

    /// <summary>Records whose ALT alleles are equal-length multi-base substitutions.</summary>
    public long Mnvs { get; private set; }

    /// <summary>Records with a symbolic ALT other than the gVCF &lt;NON_REF&gt;/&lt;*&gt;.</summary>
    public long Symbolic { get; private set; }

    public long Breakends { get; private set; }

    public long ReferenceBlocks { get; private set; }

    /// <summary>Records with no ALT ('.') outside gVCF blocks.</summary>
    public long ReferenceOnly { get; private set; }

    public long MultiAllelic { get; private set; }

    public long Pass { get; private set; }

    public long Filtered { get; private set; }

    public long FilterMissing { get; private set; }

    public IReadOnlyList<SampleGenotypeCounts> Samples { get; }

    private readonly SampleGenotypeCounts[] _samples;

    /// <summary>Records per contig in file order.</summary>
    public IEnumerable<KeyValuePair<string, long>> RecordsPerContig => _contigOrder.Select(c => KeyValuePair.Create(c, _perContig[c].Value));

    /// <summary>Reads every record of <paramref name="reader"/> and counts.</summary>
    public static VcfStatistics Collect(VcfReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var s = new VcfStatistics(reader.Header, reader.Name);
        foreach (var r in reader.Records())
            s.Add(r);
        return s;
    }

    private void Add(VcfRecord r)
    {
        Records++;
        // Records of one contig come together: the count lives in a box, so a repeat is one reference comparison.
        if (!ReferenceEquals(r.Chrom, _lastContig))
        {
            ref var box = ref CollectionsMarshal.GetValueRefOrAddDefault(_perContig, r.Chrom, out var exists);
            if (!exists)
            {
                box = new StrongBox<long>();
                _contigOrder.Add(r.Chrom);
            }

            _lastContig = r.Chrom;
            _lastContigCount = box!;
        }

        _lastContigCount.Value++;
        if (r.IsPass)
            Pass++;
        else if (r.FilterCount == 0)
            FilterMissing++;
        else
            Filtered++;

        // Counted in one pass over the ALT alleles, ignoring <NON_REF>/<*> and '*' (no list per record).
        int real = 0, symbolic = 0, breakends = 0, indels = 0, snvs = 0;
        foreach (var a in r.AltArray)
        {
            if (VcfRecord.IsUnspecifiedAllele(a) || a == "*")
                continue;
            real++;
            if (VcfRecord.IsSymbolic(a))
                symbolic++;
            else if (VcfRecord.IsBreakend(a))
                breakends++;
            else if (a.Length != r.Ref.Length)
                indels++;
            else if (a.Length == 1 && r.Ref.Length == 1)
                snvs++;
        }

        if (r.IsReferenceBlock)
            ReferenceBlocks++;
        else if (real == 0)
            ReferenceOnly++;
        if (real > 1)
            MultiAllelic++;
        if (symbolic > 0)
            Symbolic++;
        else if (breakends > 0)
            Breakends++;
        else if (indels > 0)
            Indels++;
        else if (snvs > 0)
            Snvs++;
        else if (real > 0)
            Mnvs++;

        var decoded = r.CachedGenotypes;
        var samples = _samples;
        for (var i = 0; i < samples.Length; i++)
        {
            var gt = decoded?[i] ?? r.Sample(i).Genotype;
            var c = samples[i];
            if (gt.Ploidy == 0 || gt.IsMissing || gt.IsPartiallyMissing)
                c.Missing++;
            else if (gt.IsHomozygousReference)
                c.HomozygousReference++;
            else if (gt.IsHeterozygous)
                c.Heterozygous++;
            else
                c.HomozygousAlternate++;
            if (gt.Ploidy == 1)
                c.Haploid++;
            if (gt.Ploidy > 1 && gt.IsPhased)
                c.Phased++;
        }
    }

    /// <summary>Writes "key&lt;TAB&gt;value" lines, then per-contig and per-sample tables.</summary>
    public void Write(TextWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        string N(long v) => v.ToString(CultureInfo.InvariantCulture);
        w.Write($"file\t{Name}\nfileformat\t{Header.FileFormat}\nsamples\t{N(Header.Samples.Count)}\nrecords\t{N(Records)}\n");
        w.Write($"contigs_with_records\t{N(_contigOrder.Count)}\nsnv_records\t{N(Snvs)}\nmnv_records\t{N(Mnvs)}\nindel_records\t{N(Indels)}\n");
        w.Write($"symbolic_records\t{N(Symbolic)}\nbreakend_records\t{N(Breakends)}\nreference_blocks\t{N(ReferenceBlocks)}\nreference_only_records\t{N(ReferenceOnly)}\n");
        w.Write($"multiallelic_records\t{N(MultiAllelic)}\nfilter_pass\t{N(Pass)}\nfilter_failed\t{N(Filtered)}\nfilter_missing\t{N(FilterMissing)}\n");
        w.Write("#contig\trecords\n");
        foreach (var (c, n) in RecordsPerContig)
            w.Write($"{c}\t{N(n)}\n");
        if (Samples.Count > 0)
        {
            w.Write("#sample\thom_ref\thet\thom_alt\tmissing\thaploid\tphased\n");
            foreach (var s in Samples)
                w.Write($"{s.Sample}\t{N(s.HomozygousReference)}\t{N(s.Heterozygous)}\t{N(s.HomozygousAlternate)}\t{N(s.Missing)}\t{N(s.Haploid)}\t{N(s.Phased)}\n");
        }
    }
}

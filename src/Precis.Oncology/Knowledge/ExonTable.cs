namespace Precis.Oncology.Knowledge;

/// <summary>A named protein region of a gene: an exon's codons on the canonical transcript, or a domain such as FLT3 ITD.</summary>
/// <param name="Gene">HUGO symbol.</param>
/// <param name="Name">"19" for exon 19, or a region name ("ITD").</param>
/// <param name="Transcript">Transcript the codons refer to.</param>
/// <param name="Start">First codon.</param>
/// <param name="End">Last codon.</param>
public sealed record ProteinRegion(string Gene, string Name, string Transcript, int Start, int End);

/// <summary>Exon and region codon ranges, used to read "Exon 19 Deletion"-style biomarkers.</summary>
public sealed class ExonTable
{
    private readonly Dictionary<(string Gene, string Name), ProteinRegion> _regions;

    public ExonTable(IEnumerable<ProteinRegion> regions)
    {
        ArgumentNullException.ThrowIfNull(regions);
        _regions = regions.ToDictionary(r => (r.Gene.ToUpperInvariant(), r.Name.ToUpperInvariant()));
    }

    public static ExonTable Empty { get; } = new([]);

    public IReadOnlyCollection<ProteinRegion> Regions => _regions.Values;

    public ProteinRegion? Find(string gene, int exon) => Find(gene, exon.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public ProteinRegion? Find(string gene, string name) =>
        _regions.GetValueOrDefault((gene.ToUpperInvariant(), name.ToUpperInvariant()));

    /// <summary>The exon of a gene that holds a codon, if known (for "exon 19" in rationale text).</summary>
    public ProteinRegion? ExonOf(string gene, int codon) =>
        _regions.Values.FirstOrDefault(r => r.Gene.Equals(gene, StringComparison.OrdinalIgnoreCase) && char.IsAsciiDigit(r.Name[0]) && codon >= r.Start && codon <= r.End);
}

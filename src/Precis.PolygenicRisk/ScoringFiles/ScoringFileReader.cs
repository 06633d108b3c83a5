using System.Globalization;
using System.IO.Compression;
using System.Text;
using Precis.Core;

namespace Precis.PolygenicRisk.ScoringFiles;

/// <summary>Options for reading scoring files.</summary>
public sealed record ScoringFileReadOptions
{
    /// <summary>Use hm_chr/hm_pos (and hm_inferOtherAllele) when the file has them; otherwise chr_name/chr_position.</summary>
    public bool UseHarmonisedPositions { get; init; } = true;

    /// <summary>Set haplotype/diplotype/HLA/APOE rows aside (counted as unmatched) instead of refusing the file.</summary>
    public bool SetAsideComplexRows { get; init; }

    /// <summary>Most variant rows accepted in one file (the largest PGS Catalog scores have ~7 million).</summary>
    public int MaxVariants { get; init; } = 20_000_000;

    /// <summary>Longest line accepted, in characters.</summary>
    public int MaxLineLength { get; init; } = 1 << 20;

    /// <summary>The default options.</summary>
    public static ScoringFileReadOptions Default { get; } = new();
}

/// <summary>
/// Reads PGS Catalog scoring files (format version 2, author-reported or harmonised, plain or gzip), custom files
/// with the same column names, pgscatalog-format "normalised" files (many accessions) and OmicsPred files. Invalid
/// files are refused with an <see cref="InputException"/> naming the file, line, column and rule broken.
/// </summary>
public static class ScoringFileReader
{
    private static readonly string[] DosageWeightColumns = ["dosage_0_weight", "dosage_1_weight", "dosage_2_weight"];

    /// <summary>Reads every score in a file (one for PGS Catalog/custom files, one per accession for normalised files).</summary>
    public static IReadOnlyList<PolygenicScoreDefinition> Read(string path, ScoringFileReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = InputFiles.OpenForReading(path);
        return Read(stream, path, options);
    }

    /// <summary>Reads from a stream (plain or gzip, detected from the first bytes); <paramref name="name"/> is used in messages.</summary>
    public static IReadOnlyList<PolygenicScoreDefinition> Read(Stream stream, string name, ScoringFileReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(name);
        options ??= ScoringFileReadOptions.Default;
        using var reader = new StreamReader(Decompress(stream), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return new Parser(name, options).Parse(reader);
    }

    private static Stream Decompress(Stream stream)
    {
        var buffered = new BufferedStream(stream, 1 << 16);
        Span<byte> magic = stackalloc byte[2];
        var n = buffered.Read(magic);
        if (buffered.CanSeek)
            buffered.Seek(0, SeekOrigin.Begin);
        else
            throw new InvalidOperationException("scoring-file streams must be seekable");
        // gzip and BGZF both start with 1f 8b; GZipStream reads the concatenated members of BGZF.
        return n == 2 && magic[0] == 0x1f && magic[1] == 0x8b ? new GZipStream(buffered, CompressionMode.Decompress) : buffered;
    }

    private sealed class Parser(string file, ScoringFileReadOptions options)
    {
        private readonly Dictionary<string, string> _meta = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, long> _metaLine = new(StringComparer.OrdinalIgnoreCase);
        private readonly ScoringFileReadOptions _options = options;
        private Dictionary<string, int> _columns = new(StringComparer.OrdinalIgnoreCase);
        private string[] _header = [];
        private long _headerLine;

        public IReadOnlyList<PolygenicScoreDefinition> Parse(TextReader reader)
        {
            long lineNumber = 0;
            string? line;
            while ((line = reader.ReadLine()) is not null)
            {
                lineNumber++;
                CheckLength(line, lineNumber);
                if (line.StartsWith('#'))
                {
                    ReadMetaLine(line, lineNumber);
                    continue;
                }

                if (line.Trim().Length == 0)
                    throw Error(lineNumber, null, null, "empty line before the column header");
                ReadHeader(line, lineNumber);
                break;
            }

            if (_header.Length == 0)
                throw Error(lineNumber == 0 ? 1 : lineNumber, null, null, "no column header line: a scoring file needs a tab-separated header (chr_name, chr_position, effect_allele, effect_weight...) after its '#' metadata");
            var layout = Layout.From(this);
            var byAccession = new Dictionary<string, (List<ScoreVariant> Variants, List<RefusedRow> Refused)>(StringComparer.Ordinal);
            var order = new List<string>();
            var defaultId = DefaultId();
            var rowInScore = new Dictionary<string, int>(StringComparer.Ordinal);
            long rows = 0;
            while ((line = reader.ReadLine()) is not null)
            {
                lineNumber++;
                CheckLength(line, lineNumber);
                if (line.Length == 0)
                    throw Error(lineNumber, null, null, "empty line in the variant table");
                if (line.StartsWith('#'))
                    throw Error(lineNumber, 1, null, "'#' metadata line after the column header (metadata must come first)");
                if (++rows > _options.MaxVariants)
                    throw Error(lineNumber, null, null, $"more than {_options.MaxVariants:N0} variant rows (the limit; raise MaxVariants if the score is really this large)");
                var fields = SplitRow(line);
                if (fields.Length > _header.Length && fields.Skip(_header.Length).Any(f => f.Trim().Length > 0))
                    throw Error(lineNumber, _header.Length + 1, null, $"{fields.Length} fields but the header has {_header.Length} columns");
                var accession = layout.Accession >= 0 ? Required(fields, layout.Accession, lineNumber) : defaultId;
                if (!byAccession.TryGetValue(accession, out var score))
                {
                    score = ([], []);
                    byAccession[accession] = score;
                    order.Add(accession);
                }

                var rowNr = rowInScore.GetValueOrDefault(accession);
                rowInScore[accession] = rowNr + 1;
                if (layout.RowNr >= 0)
                    rowNr = ParseInt(fields, layout.RowNr, lineNumber);
                var parsed = ParseRow(fields, layout, lineNumber, rowNr);
                if (parsed.Refused is { } refused)
                    score.Refused.Add(refused);
                else
                    score.Variants.Add(parsed.Variant!);
            }

            if (rows == 0)
                throw Error(lineNumber + 1, null, null, "the file has a header but no variant rows");
            return [.. order.Select(a => new PolygenicScoreDefinition(Metadata(a, layout), layout.Format, file, byAccession[a].Variants, byAccession[a].Refused))];
        }

        private void CheckLength(string line, long lineNumber)
        {
            if (line.Length > _options.MaxLineLength)
                throw Error(lineNumber, null, null, $"line longer than {_options.MaxLineLength:N0} characters");
        }

        private void ReadMetaLine(string line, long lineNumber)
        {
            // "##SECTION" and "###PGS CATALOG..." lines are titles; "#key=value" lines are metadata. Some published
            // files pad the header lines with trailing tabs (spreadsheet exports), so values are trimmed.
            if (line.StartsWith("##", StringComparison.Ordinal))
                return;
            var text = line[1..].TrimEnd('\t', ' ', '\r');
            var eq = text.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
                return;
            _meta[text[..eq].Trim()] = text[(eq + 1)..].Trim();
            _metaLine[text[..eq].Trim()] = lineNumber;
        }

        private void ReadHeader(string line, long lineNumber)
        {
            _headerLine = lineNumber;
            _header = line.TrimEnd('\r').Split('\t');
            while (_header.Length > 0 && _header[^1].Trim().Length == 0)
                _header = _header[..^1];
            _columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < _header.Length; i++)
            {
                var name = _header[i].Trim();
                if (name.Length == 0)
                    throw Error(lineNumber, i + 1, null, "empty column name in the header");
                if (!_columns.TryAdd(name, i))
                    throw Error(lineNumber, i + 1, name, "duplicate column name");
            }
        }

        private string DefaultId() =>
            Meta("pgs_id") ?? Meta("omicspred_id") ?? Meta("pgs_name") ?? Path.GetFileNameWithoutExtension(Path.GetFileNameWithoutExtension(file));

        private string? Meta(string key) => _meta.TryGetValue(key, out var v) && v.Length > 0 ? v : null;

        private ScoreMetadata Metadata(string accession, Layout layout)
        {
            var build = layout.Harmonised ? Meta("HmPOS_build") ?? Meta("genome_build") : Meta("genome_build");
            return new ScoreMetadata(
                accession,
                Name: Meta("pgs_name"),
                TraitReported: Meta("trait_reported"),
                TraitMapped: Meta("trait_mapped"),
                TraitEfo: Meta("trait_efo"),
                WeightType: Meta("weight_type"),
                GenomeBuild: build,
                AuthorGenomeBuild: Meta("genome_build"),
                DeclaredVariants: long.TryParse(Meta("variants_number"), NumberStyles.None, CultureInfo.InvariantCulture, out var nv) ? nv : null,
                Citation: Meta("citation"),
                PublicationId: Meta("pgp_id"),
                FormatVersion: Meta("format_version"),
                Licence: Meta("license") ?? Meta("licence"),
                OddsRatioPerSd: RatioPerSd("or_per_sd"),
                HazardRatioPerSd: RatioPerSd("hr_per_sd"));
        }

        // A ratio per SD becomes the patient's ratio versus the mean (ratio^Z); a value that is not a positive finite
        // number is refused rather than read as "not published", which would hide a broken header.
        private double? RatioPerSd(string key)
        {
            if (Meta(key) is not { } text)
                return null;
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) && v > 0)
                return v;
            throw Error(_metaLine.GetValueOrDefault(key, 1), null, key, $"'#{key}={text}' is not a positive number (a ratio per standard deviation of the score)");
        }

        private (ScoreVariant? Variant, RefusedRow? Refused) ParseRow(string[] f, Layout l, long line, int rowNr)
        {
            var effect = Get(f, l.EffectAllele);
            var complex = ComplexReason(f, l);
            if (complex is not null)
            {
                var reason = $"{complex}: haplotype, diplotype, HLA and APOE alleles cannot be scored from VCF genotypes";
                if (!_options.SetAsideComplexRows)
                    throw Error(line, l.EffectAllele + 1, "effect_allele", $"complex allele '{effect}' ({reason}); the score is refused rather than computed without it");
                return (null, new RefusedRow(line, effect, reason));
            }

            if (effect.Length == 0)
                throw Error(line, l.EffectAllele + 1, "effect_allele", "empty effect allele");
            if (!IsAllele(effect))
                throw Error(line, l.EffectAllele + 1, "effect_allele", $"'{effect}' is not a nucleotide allele (A, C, G, T, N; or '-' for a deletion)");
            string? other = l.OtherAllele >= 0 ? NullIfEmpty(Get(f, l.OtherAllele)) : null;
            if (other is null && l.Harmonised && l.InferOtherAllele >= 0)
            {
                // pgsc_calc uses the inferred other allele only when harmonisation found exactly one.
                var inferred = Get(f, l.InferOtherAllele);
                if (inferred.Length > 0 && !inferred.Contains('/', StringComparison.Ordinal) && IsAllele(inferred))
                    other = inferred;
            }

            if (other is not null && !IsAllele(other))
                throw Error(line, l.OtherAllele + 1, "other_allele", $"'{other}' is not a nucleotide allele");
            string? chrom;
            long? pos;
            string? unpositioned = null;
            if (l.Harmonised)
            {
                chrom = NullIfEmpty(Get(f, l.Chrom));
                var posText = Get(f, l.Pos);
                pos = posText.Length == 0 ? null : ParsePosition(posText, line, l.Pos);
                if (chrom is null || pos is null)
                {
                    chrom = null;
                    pos = null;
                    var source = l.HmSource >= 0 ? Get(f, l.HmSource) : "";
                    unpositioned = $"harmonisation found no position (hm_source={(source.Length == 0 ? "empty" : source)})";
                }
            }
            else
            {
                if (l.Chrom < 0)
                    throw Error(line, null, "chr_position", "the file has no chr_name/chr_position columns, so this variant cannot be positioned");
                chrom = NullIfEmpty(Get(f, l.Chrom));
                var posText = Get(f, l.Pos);
                if (chrom is null && posText.Length == 0)
                {
                    // pgscatalog-format writes variants that failed harmonisation with empty positions; they stay in
                    // the score's row count (so they lower the overlap) but cannot be matched.
                    pos = null;
                    unpositioned = "no chromosome and position given (not harmonised)";
                }
                else if (chrom is null)
                {
                    throw Error(line, l.Chrom + 1, _header[l.Chrom], "empty chromosome with a position given");
                }
                else
                {
                    pos = ParsePosition(posText, line, l.Pos);
                }
            }

            var type = EffectType.Additive;
            IReadOnlyList<double>? dosageWeights = null;
            double weight = 0;
            if (l.DosageWeights is { } dw)
            {
                type = EffectType.DosageWeights;
                dosageWeights = [.. dw.Select(c => ParseDouble(f, c, line))];
            }
            else
            {
                weight = ParseDouble(f, l.Weight, line);
                type = EffectTypeOf(f, l, line);
            }

            double? frequency = null;
            if (l.Frequency >= 0 && Get(f, l.Frequency) is { Length: > 0 } ft)
            {
                if (!double.TryParse(ft, NumberStyles.Float, CultureInfo.InvariantCulture, out var fv) || fv is < 0 or > 1)
                    throw Error(line, l.Frequency + 1, "allelefrequency_effect", $"'{ft}' is not a frequency between 0 and 1");
                frequency = fv;
            }

            var rsid = l.HmRsId >= 0 && Get(f, l.HmRsId) is { Length: > 0 } hr ? hr : l.RsId >= 0 ? NullIfEmpty(Get(f, l.RsId)) : null;
            return (new ScoreVariant(rowNr, line, rsid, chrom, pos, effect.ToUpperInvariant(), other?.ToUpperInvariant(), weight, type, dosageWeights, frequency, unpositioned), null);
        }

        private static string? ComplexReason(string[] f, Layout l)
        {
            if (l.IsHaplotype >= 0 && IsTrue(Get(f, l.IsHaplotype)))
                return "is_haplotype=TRUE";
            if (l.IsDiplotype >= 0 && IsTrue(Get(f, l.IsDiplotype)))
                return "is_diplotype=TRUE";
            if (l.VariantType >= 0 && Get(f, l.VariantType) is { Length: > 0 } vt)
                return $"variant_type={vt}";
            return null;
        }

        private EffectType EffectTypeOf(string[] f, Layout l, long line)
        {
            if (l.EffectTypeColumn >= 0)
            {
                return Get(f, l.EffectTypeColumn).ToUpperInvariant() switch
                {
                    "ADDITIVE" or "" => EffectType.Additive,
                    "DOMINANT" => EffectType.Dominant,
                    "RECESSIVE" => EffectType.Recessive,
                    var other => throw Error(line, l.EffectTypeColumn + 1, "effect_type", $"'{other}' is not additive, dominant or recessive"),
                };
            }

            var dominant = l.IsDominant >= 0 && ParseBool(f, l.IsDominant, line);
            var recessive = l.IsRecessive >= 0 && ParseBool(f, l.IsRecessive, line);
            if (dominant && recessive)
                throw Error(line, l.IsRecessive + 1, "is_recessive", "a variant cannot be both dominant and recessive");
            return dominant ? EffectType.Dominant : recessive ? EffectType.Recessive : EffectType.Additive;
        }

        private bool ParseBool(string[] f, int c, long line)
        {
            var v = Get(f, c);
            if (v.Length == 0 || v.Equals("FALSE", StringComparison.OrdinalIgnoreCase))
                return false;
            if (v.Equals("TRUE", StringComparison.OrdinalIgnoreCase))
                return true;
            throw Error(line, c + 1, _header[c], $"'{v}' is not TRUE or FALSE");
        }

        private static bool IsTrue(string v) => v.Equals("TRUE", StringComparison.OrdinalIgnoreCase);

        private long ParsePosition(string text, long line, int c)
        {
            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pos) || pos < 1)
                throw Error(line, c + 1, _header[c], $"'{text}' is not a positive integer position");
            return pos;
        }

        private double ParseDouble(string[] f, int c, long line)
        {
            var text = Get(f, c);
            if (text.Length == 0)
                throw Error(line, c + 1, _header[c], "missing weight");
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
                throw Error(line, c + 1, _header[c], $"'{text}' is not a finite number");
            return v;
        }

        private int ParseInt(string[] f, int c, long line)
        {
            var text = Get(f, c);
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v))
                throw Error(line, c + 1, _header[c], $"'{text}' is not a non-negative integer");
            return v;
        }

        private string Required(string[] f, int c, long line)
        {
            var v = Get(f, c);
            return v.Length > 0 ? v : throw Error(line, c + 1, _header[c], "empty value in a required column");
        }

        // Short fields (chromosomes, alleles, effect types) repeat on every row: one shared string each, not one per row.
        private readonly Dictionary<string, string> _pool = new(StringComparer.Ordinal);

        private string[] SplitRow(string line)
        {
            var fields = new string[1 + line.AsSpan().Count('\t')];
            var pool = _pool.GetAlternateLookup<ReadOnlySpan<char>>();
            var start = 0;
            for (var i = 0; i < fields.Length; i++)
            {
                var tab = line.IndexOf('\t', start);
                var end = tab < 0 ? line.Length : tab;
                var span = line.AsSpan(start, end - start);
                if (span.Length > 6)
                {
                    fields[i] = span.ToString();
                }
                else if (pool.TryGetValue(span, out var shared))
                {
                    fields[i] = shared;
                }
                else
                {
                    fields[i] = span.ToString();
                    if (_pool.Count < 4096)
                        _pool[fields[i]] = fields[i];
                }

                start = end + 1;
            }

            return fields;
        }

        private static string Get(string[] f, int c) => c >= 0 && c < f.Length ? f[c].Trim() : "";

        private static string? NullIfEmpty(string v) => v.Length == 0 ? null : v;

        // PGS Catalog alleles are nucleotide strings; '-' marks a deletion in some author files, and P/N, I/D code
        // presence/absence and insertion/deletion in older author files (kept, but they cannot match VCF alleles).
        private static bool IsAllele(string a)
        {
            if (a == "-")
                return true;
            foreach (var ch in a)
            {
                if (ch is not ('A' or 'C' or 'G' or 'T' or 'N' or 'a' or 'c' or 'g' or 't' or 'n' or 'P' or 'I' or 'D'))
                    return false;
            }

            return a.Length > 0;
        }

        private InputException Error(long line, int? column, string? field, string reason) =>
            new(new InputError(file, line, column, field, reason));

        /// <summary>Column positions resolved once from the header.</summary>
        private sealed class Layout
        {
            public int Chrom { get; private set; } = -1;
            public int Pos { get; private set; } = -1;
            public int EffectAllele { get; private set; } = -1;
            public int OtherAllele { get; private set; } = -1;
            public int Weight { get; private set; } = -1;
            public int[]? DosageWeights { get; private set; }
            public int EffectTypeColumn { get; private set; } = -1;
            public int IsDominant { get; private set; } = -1;
            public int IsRecessive { get; private set; } = -1;
            public int IsHaplotype { get; private set; } = -1;
            public int IsDiplotype { get; private set; } = -1;
            public int VariantType { get; private set; } = -1;
            public int Frequency { get; private set; } = -1;
            public int RsId { get; private set; } = -1;
            public int HmRsId { get; private set; } = -1;
            public int HmSource { get; private set; } = -1;
            public int InferOtherAllele { get; private set; } = -1;
            public int Accession { get; private set; } = -1;
            public int RowNr { get; private set; } = -1;
            public bool Harmonised { get; private set; }
            public ScoringFileFormat Format { get; private set; }

            public static Layout From(Parser p)
            {
                int Col(string name) => p._columns.TryGetValue(name, out var i) ? i : -1;
                var l = new Layout
                {
                    EffectAllele = Col("effect_allele"),
                    OtherAllele = Col("other_allele"),
                    Weight = Col("effect_weight"),
                    EffectTypeColumn = Col("effect_type"),
                    IsDominant = Col("is_dominant"),
                    IsRecessive = Col("is_recessive"),
                    IsHaplotype = Col("is_haplotype"),
                    IsDiplotype = Col("is_diplotype"),
                    VariantType = Col("variant_type"),
                    Frequency = Col("allelefrequency_effect"),
                    RsId = Col("rsID") >= 0 ? Col("rsID") : Col("rsid"),
                    HmRsId = Col("hm_rsID"),
                    HmSource = Col("hm_source"),
                    InferOtherAllele = Col("hm_inferOtherAllele"),
                    Accession = Col("accession"),
                    RowNr = Col("row_nr"),
                };
                var line = p._headerLine;
                if (l.EffectAllele < 0)
                    throw p.Error(line, null, "effect_allele", "missing required column effect_allele");
                var dosage = DosageWeightColumns.Select(Col).ToArray();
                if (dosage.All(i => i >= 0))
                    l.DosageWeights = dosage;
                else if (dosage.Any(i => i >= 0))
                    throw p.Error(line, null, DosageWeightColumns[Array.IndexOf(dosage, -1)], "dosage-specific weights need all three columns dosage_0_weight, dosage_1_weight and dosage_2_weight");
                if (l.Weight < 0 && l.DosageWeights is null)
                    throw p.Error(line, null, "effect_weight", "missing required column effect_weight (or dosage_0/1/2_weight)");
                if (p._options.UseHarmonisedPositions && Col("hm_chr") >= 0 && Col("hm_pos") >= 0)
                {
                    l.Harmonised = true;
                    l.Chrom = Col("hm_chr");
                    l.Pos = Col("hm_pos");
                }
                else if (Col("chr_name") >= 0 && Col("chr_position") >= 0)
                {
                    l.Chrom = Col("chr_name");
                    l.Pos = Col("chr_position");
                }
                else if (l.IsHaplotype < 0 && l.IsDiplotype < 0 && l.VariantType < 0)
                {
                    throw p.Error(line, null, "chr_position",
                        "no positions: the file has neither chr_name + chr_position nor hm_chr + hm_pos columns, and variants identified only by rsID cannot be matched to genotypes (download the harmonised hmPOS file from the PGS Catalog)");
                }
                else
                {
                    // Complex-allele files (e.g. HLA diplotypes) may lack positions; their first complex row is reported.
                    l.Chrom = -1;
                    l.Pos = -1;
                    l.Harmonised = false;
                }

                l.Format = l.Accession >= 0 ? ScoringFileFormat.Normalised
                    : p.Meta("omicspred_id") is not null ? ScoringFileFormat.OmicsPred
                    : l.Harmonised ? ScoringFileFormat.PgsCatalogHarmonised
                    : p.Meta("format_version") is not null && p.Meta("pgs_id") is { } id && id.StartsWith("PGS", StringComparison.Ordinal) ? ScoringFileFormat.PgsCatalog
                    : ScoringFileFormat.Custom;
                return l;
            }
        }
    }
}

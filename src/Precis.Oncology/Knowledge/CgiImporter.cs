using System.Globalization;
using Precis.Core;
using Precis.Oncology.Inputs;

namespace Precis.Oncology.Knowledge;

/// <summary>
/// Imports the Cancer Genome Interpreter biomarker table (<c>cgi_biomarkers_*.tsv</c>): one evidence item per row
/// and primary tumour type, the alteration read with the CGI grammar. CGI content is free for research and
/// non-commercial use; it is read from the user's copy at run time and never shipped.
/// </summary>
public static class CgiImporter
{
    /// <summary>Knowledge-base id given to imported CGI rows.</summary>
    public const string KnowledgeBaseId = "cgi-biomarkers";

    private static readonly string[] Required = ["Alteration", "Drug", "Association", "Evidence level", "Primary Tumor type", "Source"];

    public static IReadOnlyList<EvidenceItem> Read(string path, IReadOnlyDictionary<string, string> tumourTypes)
    {
        ArgumentNullException.ThrowIfNull(tumourTypes);
        using var reader = TextInput.Open(path);
        var version = Path.GetFileNameWithoutExtension(path).Split('_').LastOrDefault(p => p.Length == 8 && p.All(char.IsAsciiDigit)) ?? "unknown";
        var items = new List<EvidenceItem>();
        string[]? header = null;
        var col = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (number, line) in TextInput.Lines(reader, path))
        {
            if (line.Length == 0)
                continue;
            var f = line.Split('\t');
            if (header is null)
            {
                header = f;
                foreach (var name in Required.Concat(["Drug family", "Drug full name", "Biomarker"]))
                    col[name] = TextInput.Column(header, name);
                var missing = Required.FirstOrDefault(r => col[r] < 0);
                if (missing is not null)
                    throw new InputException(new InputError(path, number, null, missing, $"CGI biomarker table has no '{missing}' column"));
                continue;
            }

            string F(string name) => TextInput.Field(f, col[name]);
            var alteration = F("Alteration");
            if (alteration.Length == 0)
                throw new InputException(new InputError(path, number, col["Alteration"] + 1, "Alteration", "alteration is empty"));
            var (significance, direction) = F("Association").ToUpperInvariant() switch
            {
                "RESPONSIVE" => (EvidenceSignificance.Sensitivity, EvidenceDirection.Supports),
                "RESISTANT" => (EvidenceSignificance.Resistance, EvidenceDirection.Supports),
                "NO RESPONSIVE" => (EvidenceSignificance.Sensitivity, EvidenceDirection.DoesNotSupport),
                "INCREASED TOXICITY" or "INCREASED TOXICITY (MYELOSUPPRESSION)" or "INCREASED TOXICITY (OSTEONECROSIS)" or "INCREASED TOXICITY (HYPERSENSITIVITY)" => (EvidenceSignificance.AdverseResponse, EvidenceDirection.Supports),
                var other when other.StartsWith("INCREASED TOXICITY", StringComparison.Ordinal) => (EvidenceSignificance.AdverseResponse, EvidenceDirection.Supports),
                _ => (EvidenceSignificance.Other, EvidenceDirection.Supports),
            };
            var level = F("Evidence level");
            var amp = AmpLevel(level);
            var drugs = Therapies(F("Drug"));
            if (drugs.Count == 0)
                drugs = Therapies(F("Drug family"));
            var citations = F("Source").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Cite).ToList();
            if (citations.Count == 0)
                citations.Add(new Citation("CGI", "Cancer Genome Interpreter biomarker database", new Uri("https://www.cancergenomeinterpreter.org/biomarkers"), "CGI"));
            var expr = BiomarkerExpression.ParseCgi(alteration);
            foreach (var tumour in F("Primary Tumor type").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).DefaultIfEmpty(""))
            {
                items.Add(new EvidenceItem
                {
                    Id = $"CGI-{number.ToString(CultureInfo.InvariantCulture)}{(tumour.Length > 0 ? "-" + tumour : "")}",
                    KnowledgeBaseId = KnowledgeBaseId,
                    KnowledgeBaseVersion = version,
                    BiomarkerText = alteration,
                    Biomarker = expr,
                    Disease = new Disease(tumour, tumourTypes.GetValueOrDefault(tumour), null),
                    Type = EvidenceType.Predictive,
                    Direction = direction,
                    Significance = significance,
                    Therapies = drugs,
                    TherapyInteraction = drugs.Count > 1 ? "combination" : null,
                    SourceLevel = level,
                    AmpLevel = amp,
                    FdaApproved = level.Equals("FDA guidelines", StringComparison.OrdinalIgnoreCase),
                    Citations = citations,
                });
            }
        }

        if (header is null)
            throw new InputException(new InputError(path, 1, null, null, "empty CGI biomarker table"));
        return items;
    }

    /// <summary>
    /// CGI evidence levels → AMP/ASCO/CAP levels: guidelines (FDA, NCCN, ELN, CPIC) = A, late trials = B,
    /// early trials = C, case reports and pre-clinical = D.
    /// </summary>
    public static char AmpLevel(string cgiLevel) => (cgiLevel ?? "").Trim().ToUpperInvariant() switch
    {
        "FDA GUIDELINES" or "NCCN GUIDELINES" or "EUROPEAN LEUKEMIANET" or "CPIC" or "NCCN/CAP GUIDELINES" => 'A',
        "LATE TRIALS" => 'B',
        "EARLY TRIALS" => 'C',
        _ => 'D',
    };

    private static List<string> Therapies(string text) =>
        [.. text.Trim('[', ']', ' ').Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(d => d.Trim('[', ']', ' ')).Where(d => d.Length > 0)];

    private static Citation Cite(string source) =>
        source.StartsWith("PMID:", StringComparison.OrdinalIgnoreCase)
            ? new Citation(source.ToUpperInvariant(), "PubMed " + source[5..], new Uri("https://pubmed.ncbi.nlm.nih.gov/" + source[5..].Trim() + "/"), "PubMed")
            : new Citation(source, source, null, "CGI source");
}

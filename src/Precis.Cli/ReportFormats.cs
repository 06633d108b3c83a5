using Precis.Core;
using Precis.Knowledge;
using Precis.Reporting;

namespace Precis.Cli;

/// <summary>
/// The report files a plan is written as: report.json (source of truth), report.html (clinician view),
/// report.patient.html (patient view), report.pdf (the clinician HTML printed by headless Chromium) and plan.fhir.json
/// (a FHIR R4 collection Bundle: Genomics Reporting IG resources and a RequestGroup of the ranked recommendations).
/// </summary>
internal static class ReportFormats
{
    private static readonly string[] Known = ["json", "html", "patient", "pdf", "fhir"];

    /// <summary>Default: json, html and patient; "all" adds pdf and fhir. Unknown names are a usage error.</summary>
    public static IReadOnlySet<string> Parse(string? format)
    {
        if (string.IsNullOrWhiteSpace(format))
            return new HashSet<string>(["json", "html", "patient"], StringComparer.Ordinal);
        if (format == "all")
            return new HashSet<string>(Known, StringComparer.Ordinal);
        var set = format.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var unknown = set.FirstOrDefault(f => !Known.Contains(f));
        if (unknown is not null)
            throw new UsageException($"--format: '{unknown}' is not a report format; use any of json, html, patient, pdf, fhir (comma-separated) or all");
        return set;
    }

    public static IReadOnlyList<string> Write(Plan plan, string directory, IReadOnlySet<string> formats, KnowledgeCatalog knowledge, CliContext ctx)
    {
        var written = new List<string>();
        var html = PlanHtml.Render(plan);
        if (formats.Contains("json"))
            written.Add(WriteAtomically(Path.Combine(directory, "report.json"), PlanJson.Serialize(plan)));
        if (formats.Contains("html"))
            written.Add(WriteAtomically(Path.Combine(directory, "report.html"), html));
        if (formats.Contains("patient"))
            written.Add(WriteAtomically(Path.Combine(directory, "report.patient.html"), PatientHtml.Render(plan, Glossary(knowledge))));
        if (formats.Contains("fhir"))
            written.Add(WriteAtomically(Path.Combine(directory, "plan.fhir.json"), Clinical.Fhir.FhirJson.Serialize(Clinical.Export.PlanFhirExporter.Export(plan), indented: true) + Environment.NewLine));
        if (formats.Contains("pdf"))
        {
            var pdf = Path.Combine(directory, "report.pdf");
            // A console command: blocking on the print (a child process) is fine here.
            var printed = PdfPrinter.PrintAsync(html).GetAwaiter().GetResult();
            if (printed.Pdf is { } bytes)
                written.Add(WriteAtomically(pdf, bytes));
            else
                ctx.Error.WriteLine($"precis: no PDF written: {printed.Error}. The HTML report prints to PDF from any browser.");
        }

        return written;
    }

    /// <summary>The plain-language glossary from the precis-glossary knowledge base.</summary>
    public static IReadOnlyList<GlossaryTerm> Glossary(KnowledgeCatalog knowledge) =>
        knowledge.Find("precis-glossary") is { } kb
            ? [.. kb.EntriesOf("terms").Select(t => new GlossaryTerm(t.GetProperty("term").GetString()!, t.GetProperty("plain").GetString()!))]
            : [];

    /// <summary>Writes to a temporary file and renames it, so a failed run never leaves half a report.</summary>
    internal static string WriteAtomically(string path, string content)
    {
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, content);
        File.Move(tmp, path, overwrite: true);
        return path;
    }

    /// <summary>Writes bytes to a temporary file and renames it.</summary>
    internal static string WriteAtomically(string path, byte[] content)
    {
        var tmp = path + ".tmp";
        File.WriteAllBytes(tmp, content);
        File.Move(tmp, path, overwrite: true);
        return path;
    }
}

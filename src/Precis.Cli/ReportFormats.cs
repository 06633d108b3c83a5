using System.Diagnostics;
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
            if (PdfPrinter.TryPrint(html, pdf, out var reason))
                written.Add(pdf);
            else
                ctx.Error.WriteLine($"precis: no PDF written: {reason}. The HTML report prints to PDF from any browser.");
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
}

/// <summary>
/// Prints HTML to PDF with headless Chromium (decision 0001: no AGPL PDF library). Chromium is found at
/// $PRECIS_CHROMIUM or on PATH (chromium, chromium-browser, google-chrome).
/// </summary>
internal static class PdfPrinter
{
    public static string? FindChromium()
    {
        if (Environment.GetEnvironmentVariable("PRECIS_CHROMIUM") is { Length: > 0 } configured)
            return File.Exists(configured) ? configured : null;
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in new[] { "chromium", "chromium-browser", "google-chrome" })
            {
                var candidate = Path.Combine(dir, name);
                if (File.Exists(candidate))
                    return candidate;
            }
        }

        return null;
    }

    public static bool TryPrint(string html, string pdfPath, out string reason)
    {
        var chromium = FindChromium();
        if (chromium is null)
        {
            reason = "Chromium was not found (apt-get install chromium, or set PRECIS_CHROMIUM)";
            return false;
        }

        var work = Path.Combine(Path.GetTempPath(), "precis-pdf-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            var source = Path.Combine(work, "report.html");
            File.WriteAllText(source, html);
            var tmpPdf = Path.Combine(work, "report.pdf");
            var psi = new ProcessStartInfo(chromium) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--user-data-dir=" + Path.Combine(work, "profile"),
                "--no-pdf-header-footer", "--print-to-pdf=" + tmpPdf, new Uri(source).AbsoluteUri,
            })
            {
                psi.ArgumentList.Add(a);
            }

            using var p = Process.Start(psi)!;
            _ = p.StandardOutput.ReadToEndAsync();
            _ = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(120_000))
            {
                p.Kill(entireProcessTree: true);
                reason = "Chromium did not finish printing within 120 s";
                return false;
            }

            if (p.ExitCode != 0 || !File.Exists(tmpPdf) || new FileInfo(tmpPdf).Length == 0)
            {
                reason = $"Chromium exited with code {p.ExitCode} without writing a PDF";
                return false;
            }

            File.Move(tmpPdf, pdfPath, overwrite: true);
            reason = "";
            return true;
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temporary profile is harmless; the PDF itself was moved out already.
            }
        }
    }
}

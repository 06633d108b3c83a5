using System.Diagnostics;

namespace Precis.Reporting;

/// <summary>The outcome of printing: the PDF's bytes, or why there is none.</summary>
/// <param name="Pdf">The PDF document, or null when printing failed.</param>
/// <param name="Error">Why no PDF was printed (Chromium missing, timed out, exited without a file); empty on success.</param>
public sealed record PdfPrintResult(byte[]? Pdf, string Error)
{
    /// <summary>True when a PDF was printed.</summary>
    public bool Succeeded => Pdf is not null;
}

/// <summary>
/// Prints an HTML report to PDF with headless Chromium (decision 0001: no AGPL PDF library), for `precis plan --format
/// pdf` and the server's `format=pdf`. Chromium is found at $PRECIS_CHROMIUM, else on PATH (chromium, chromium-browser,
/// google-chrome). Each print uses its own temporary directory (the HTML, a throw-away profile and the PDF), deleted after.
/// </summary>
public static class PdfPrinter
{
    private static readonly string[] Names = ["chromium", "chromium-browser", "google-chrome"];

    /// <summary>The default limit on one print.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(120);

    /// <summary>The Chromium executable: $PRECIS_CHROMIUM when set (null if that file does not exist), else the first on PATH.</summary>
    public static string? FindChromium()
    {
        if (Environment.GetEnvironmentVariable("PRECIS_CHROMIUM") is { Length: > 0 } configured)
            return File.Exists(configured) ? configured : null;
        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(dir => Names.Select(name => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>Prints <paramref name="html"/> (a self-contained document) to PDF.</summary>
    public static async Task<PdfPrintResult> PrintAsync(string html, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(html);
        var chromium = FindChromium();
        if (chromium is null)
            return new PdfPrintResult(null, "Chromium was not found (apt-get install chromium, or set PRECIS_CHROMIUM)");
        var limit = timeout ?? DefaultTimeout;
        var work = Path.Combine(Path.GetTempPath(), "precis-pdf-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            var source = Path.Combine(work, "report.html");
            await File.WriteAllTextAsync(source, html, cancellationToken);
            var pdf = Path.Combine(work, "report.pdf");
            var psi = new ProcessStartInfo(chromium) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--user-data-dir=" + Path.Combine(work, "profile"),
                "--no-pdf-header-footer", "--print-to-pdf=" + pdf, new Uri(source).AbsoluteUri,
            })
            {
                psi.ArgumentList.Add(a);
            }

            using var p = Process.Start(psi) ?? throw new InvalidOperationException($"{chromium} could not be started");
            _ = p.StandardOutput.ReadToEndAsync(CancellationToken.None);
            _ = p.StandardError.ReadToEndAsync(CancellationToken.None);
            using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timer.CancelAfter(limit);
            try
            {
                await p.WaitForExitAsync(timer.Token);
            }
            catch (OperationCanceledException)
            {
                p.Kill(entireProcessTree: true);
                cancellationToken.ThrowIfCancellationRequested();
                return new PdfPrintResult(null, $"Chromium did not finish printing within {limit.TotalSeconds:0} s");
            }

            return p.ExitCode == 0 && File.Exists(pdf) && new FileInfo(pdf).Length > 0
                ? new PdfPrintResult(await File.ReadAllBytesAsync(pdf, cancellationToken), "")
                : new PdfPrintResult(null, $"Chromium exited with code {p.ExitCode} without writing a PDF");
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temporary profile is harmless; the PDF's bytes were read already.
            }
        }
    }
}

using Precis.Reporting;
using Precis.Testing;

namespace Precis.Cli.Tests;

public class PdfReportTests
{
    [SkippableFact]
    public void Format_all_writes_a_pdf_printed_by_chromium_beside_the_html_reports()
    {
        Skip.If(PdfPrinter.FindChromium() is null, "Chromium is not installed (apt-get install -y chromium); ./test.sh installs it");
        var dir = TestPaths.TempDir();

        var (exit, output, _) = CliRunner.Run("demo", "-o", dir, "--format", "all", "--quiet");

        Assert.Equal(ExitCodes.Ok, exit);
        var pdf = Path.Combine(dir, "report.pdf");
        Assert.Contains(pdf, output, StringComparison.Ordinal);
        var bytes = File.ReadAllBytes(pdf);
        Assert.Equal("%PDF-"u8.ToArray(), bytes[..5]);
        Assert.True(bytes.Length > 10_000, "the PDF is too small to hold the report");
        Assert.True(File.Exists(Path.Combine(dir, "report.patient.html")));
        Assert.True(File.Exists(Path.Combine(dir, "report.json")));
    }

    [Fact]
    public void Without_chromium_the_pdf_is_skipped_with_a_message_and_the_other_reports_are_written()
    {
        var dir = TestPaths.TempDir();
        Environment.SetEnvironmentVariable("PRECIS_CHROMIUM", "/nonexistent/chromium");
        try
        {
            var (exit, output, err) = CliRunner.Run("demo", "-o", dir, "--format", "json,html,pdf");

            Assert.Equal(ExitCodes.Ok, exit);
            Assert.Contains("no PDF written: Chromium was not found", err, StringComparison.Ordinal);
            Assert.DoesNotContain("report.pdf", output, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(dir, "report.html")));
        }
        finally
        {
            Environment.SetEnvironmentVariable("PRECIS_CHROMIUM", null);
        }
    }
}

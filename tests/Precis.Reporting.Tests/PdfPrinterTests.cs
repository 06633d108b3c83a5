using System.Text;
using Precis.Testing;

namespace Precis.Reporting.Tests;

/// <summary>The one Chromium printer the CLI (`--format pdf`) and the server (`format=pdf`) share. Tests set $PRECIS_CHROMIUM, so they run one at a time.</summary>
[Collection(nameof(PdfPrinterTests))]
public sealed class PdfPrinterTests : IDisposable
{
    private readonly string _dir = TestPaths.TempDir();

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("PRECIS_CHROMIUM", null);
        Directory.Delete(_dir, recursive: true);
    }

    [SkippableFact]
    public async Task The_clinician_report_prints_to_a_pdf()
    {
        Skip.If(PdfPrinter.FindChromium() is null, "Chromium is not installed (apt-get install -y chromium); ./test.sh installs it");
        var result = await PdfPrinter.PrintAsync(PlanHtml.Render(SamplePlans.Full()));
        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("%PDF-"u8.ToArray(), result.Pdf![..5]);
        Assert.True(result.Pdf.Length > 5_000, $"a {result.Pdf.Length}-byte PDF is too small to hold the report");
    }

    [Fact]
    public async Task A_configured_chromium_that_does_not_exist_is_named_as_missing()
    {
        Environment.SetEnvironmentVariable("PRECIS_CHROMIUM", Path.Combine(_dir, "no-such-chromium"));
        Assert.Null(PdfPrinter.FindChromium());
        var result = await PdfPrinter.PrintAsync("<html></html>");
        Assert.False(result.Succeeded);
        Assert.Equal("Chromium was not found (apt-get install chromium, or set PRECIS_CHROMIUM)", result.Error);
    }

    [SkippableFact]
    public async Task A_chromium_that_exits_without_a_pdf_or_hangs_gives_the_reason_and_leaves_no_temporary_directory()
    {
        Skip.If(OperatingSystem.IsWindows(), "the stand-in Chromium is a shell script");
        Environment.SetEnvironmentVariable("PRECIS_CHROMIUM", Script("failing", "exit 3"));
        var failed = await PdfPrinter.PrintAsync("<html></html>");
        Assert.Equal("Chromium exited with code 3 without writing a PDF", failed.Error);

        var marker = Path.Combine(_dir, "work-dir.txt");
        Environment.SetEnvironmentVariable("PRECIS_CHROMIUM", Script("hanging", $"for a in \"$@\"; do case \"$a\" in --user-data-dir=*) echo \"${{a#--user-data-dir=}}\" > '{marker}';; esac; done\nexec sleep 30"));
        var hung = await PdfPrinter.PrintAsync("<html></html>", TimeSpan.FromSeconds(1));
        Assert.Equal("Chromium did not finish printing within 1 s", hung.Error);
        var profile = File.ReadAllText(marker).Trim();
        Assert.StartsWith(Path.Combine(Path.GetTempPath(), "precis-pdf-"), profile, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.GetDirectoryName(profile)), "the print's temporary directory was not deleted");
    }

    private string Script(string name, string body)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n", new UTF8Encoding(false));
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}

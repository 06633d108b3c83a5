using Precis.Testing;

namespace Precis.Cli.Tests;

public class ExitCodeTests
{
    [Fact]
    public void Version_prints_the_engine_version_and_every_knowledge_base_version()
    {
        var (exit, output, _) = CliRunner.Run("--version");

        Assert.Equal(ExitCodes.Ok, exit);
        var lines = output.Trim().Split('\n');
        Assert.Equal($"precis {PrecisCli.Version}", lines[0].Trim());
        Assert.Matches(@"^\d+\.\d+\.\d+", PrecisCli.Version);
        Assert.Contains(lines, l => l.StartsWith("knowledge precis-glossary ", StringComparison.Ordinal) && l.Contains("Apache-2.0", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unknown_command_is_a_usage_error_with_exit_code_2()
    {
        var (exit, _, err) = CliRunner.Run("frobnicate");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("frobnicate", err, StringComparison.Ordinal);
        Assert.Contains("precis --help", err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_argument_is_a_usage_error_with_exit_code_2()
    {
        var (exit, _, _) = CliRunner.Run("kb", "validate");

        Assert.Equal(ExitCodes.Usage, exit);
    }

    [Fact]
    public void Help_succeeds_and_lists_the_command_groups()
    {
        var (exit, output, _) = CliRunner.Run("--help");

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("demo", output, StringComparison.Ordinal);
        Assert.Contains("plan", output, StringComparison.Ordinal);
        Assert.Contains("kb", output, StringComparison.Ordinal);
        Assert.Contains("--quiet", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_input_file_exits_1_and_names_the_file()
    {
        var path = Path.Combine(TestPaths.TempDir(), "no-such-bundle.json");

        var (exit, _, err) = CliRunner.Run("plan", "--record", path, "-o", TestPaths.TempDir());

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains($"precis: error: {path}: file not found", err, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_input_file_exits_1_and_names_the_file_and_line()
    {
        var path = Path.Combine(TestPaths.TempDir(), "empty.json");
        File.WriteAllText(path, "");

        var (exit, _, err) = CliRunner.Run("plan", "--record", path, "-o", TestPaths.TempDir());

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains($"{path}:1: file is empty", err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_garbled_bundle_exits_1_and_names_the_file_line_and_column()
    {
        var path = Path.Combine(TestPaths.TempDir(), "garbled.json");
        File.WriteAllText(path, "{\n  \"resourceType\": \"Bundle\",\n  \"entry\": [ { \"resource\": { \"resourceType\": \"Patient\" } ,, ]\n}\n");
        var outDir = Path.Combine(TestPaths.TempDir(), "out");

        var (exit, _, err) = CliRunner.Run("plan", "--record", path, "-o", outDir);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Matches($@"precis: error: {System.Text.RegularExpressions.Regex.Escape(path)}:3:\d+: .*not valid JSON", err);
        Assert.False(Directory.Exists(outDir), "a failed run must not leave a report directory behind");
    }

    [Fact]
    public void A_json_file_that_is_not_a_bundle_names_the_json_path()
    {
        var path = Path.Combine(TestPaths.TempDir(), "patient.json");
        File.WriteAllText(path, """{ "resourceType": "Patient", "id": "x" }""");

        var (exit, _, err) = CliRunner.Run("plan", "--record", path);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains($"{path}: $.resourceType: expected a FHIR Bundle", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_without_any_input_is_a_usage_error()
    {
        var (exit, _, err) = CliRunner.Run("plan");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("at least one input", err, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_report_format_is_a_usage_error()
    {
        var (exit, _, err) = CliRunner.Run("demo", "-o", TestPaths.TempDir(), "--format", "docx");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("'docx' is not a report format", err, StringComparison.Ordinal);
    }
}

public class InternalErrorTests
{
    [Fact]
    public async Task An_unexpected_exception_exits_3_with_a_bug_report_hint_and_no_stack_trace()
    {
        var root = new System.CommandLine.RootCommand();
        var boom = new System.CommandLine.Command("boom");
        boom.SetAction((Func<System.CommandLine.ParseResult, int>)(_ => throw new InvalidOperationException("index out of step")));
        root.Subcommands.Add(boom);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await CommandRunner.RunAsync(root, ["boom"], output, error, CancellationToken.None);

        Assert.Equal(ExitCodes.InternalError, exit);
        Assert.Contains("precis: internal error (InvalidOperationException): index out of step", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("This is a bug in Precis", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_output_path_that_is_a_file_exits_1_and_names_it()
    {
        var file = Path.Combine(Precis.Testing.TestPaths.TempDir(), "taken");
        File.WriteAllText(file, "x");

        var (exit, _, err) = CliRunner.Run("demo", "-o", file, "--quiet");

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("precis: error:", err, StringComparison.Ordinal);
        Assert.Contains("taken", err, StringComparison.Ordinal);
    }
}

using Precis.Testing;

namespace Precis.Core.Tests;

public class InputErrorTests
{
    [Fact]
    public void An_error_names_file_line_column_field_reason_and_hint_in_one_line()
    {
        var e = new InputError("patient.vcf", 12, 2, "POS", "position must be a positive integer", "check the column order");

        Assert.Equal("patient.vcf:12:2: POS: position must be a positive integer (hint: check the column order)", e.ToString());
    }

    [Fact]
    public void An_error_without_line_names_the_file_and_the_json_path()
    {
        var e = new InputError("bundle.json", null, null, "$.entry[3].resource", "entry has no resource object");

        Assert.Equal("bundle.json: $.entry[3].resource: entry has no resource object", e.ToString());
    }

    [Fact]
    public void A_failed_result_throws_an_input_exception_carrying_its_first_error()
    {
        var error = new InputError("x.tsv", 3, null, "weight", "not a number");
        var result = Result.Failure<int>(error, new InputError("x.tsv", 4, null, null, "second"));

        Assert.False(result.IsSuccess);
        var ex = Assert.Throws<InputException>(() => result.GetValueOrThrow());
        Assert.Same(error, ex.Error);
        Assert.Equal("x.tsv:3: weight: not a number", ex.Message);
    }

    [Fact]
    public void A_failure_needs_at_least_one_error()
    {
        Assert.Throws<ArgumentException>(() => Result.Failure<int>());
    }

    [Fact]
    public void Opening_a_missing_file_names_it_and_says_it_was_not_found()
    {
        var path = Path.Combine(TestPaths.TempDir(), "absent.vcf");

        var ex = Assert.Throws<InputException>(() => InputFiles.OpenForReading(path));

        Assert.Equal(path, ex.Error.File);
        Assert.Equal("file not found", ex.Error.Reason);
    }

    [Fact]
    public void Opening_an_empty_file_reports_line_one_and_that_it_is_empty()
    {
        var path = Path.Combine(TestPaths.TempDir(), "empty.vcf");
        File.WriteAllBytes(path, []);

        var ex = Assert.Throws<InputException>(() => InputFiles.OpenForReading(path));

        Assert.Equal($"{path}:1: file is empty", ex.Message);
    }

    [Fact]
    public void Opening_a_directory_says_a_file_was_expected()
    {
        var dir = TestPaths.TempDir();

        var ex = Assert.Throws<InputException>(() => InputFiles.OpenForReading(dir));

        Assert.Contains("is a directory", ex.Error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_checksum_is_the_sha256_of_its_bytes_and_keeps_only_the_file_name()
    {
        var path = Path.Combine(TestPaths.TempDir(), "abc.txt");
        File.WriteAllText(path, "abc");

        var c = InputChecksum.OfFile("test", path);

        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", c.Sha256);
        Assert.Equal("abc.txt", c.FileName);
        Assert.Equal(3, c.Bytes);
    }
}

public class JsonInputErrorTests
{
    [Fact]
    public void A_json_syntax_error_becomes_an_input_error_at_its_one_based_line_and_column_without_the_parser_tail()
    {
        var ex = Assert.ThrowsAny<System.Text.Json.JsonException>(() => System.Text.Json.JsonDocument.Parse("{\n  \"a\": 1,\n  \"b\": oops\n}"));

        var error = InputErrors.FromJson("x.json", ex, "not valid JSON", "check the file");

        Assert.Equal("x.json", error.File);
        Assert.Equal(3, error.Line);
        Assert.Equal(8, error.Column);
        Assert.StartsWith("not valid JSON: ", error.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", error.Reason, StringComparison.Ordinal);
        Assert.Equal("check the file", error.Hint);
    }
}

using System.Globalization;
using System.Text;

namespace Precis.Core;

/// <summary>Where and why an input could not be read: the error every reader reports.</summary>
/// <param name="File">The file (as the user named it), or a logical name such as "stdin".</param>
/// <param name="Line">1-based line, when the format is line-oriented.</param>
/// <param name="Column">1-based column or field number, when known.</param>
/// <param name="Field">Field or JSON path, e.g. "POS" or "$.entry[3].resource.code".</param>
/// <param name="Reason">What is wrong, naming the rule broken.</param>
/// <param name="Hint">What the user can do about it.</param>
public sealed record InputError(string File, long? Line, int? Column, string? Field, string Reason, string? Hint = null)
{
    /// <summary>One line: "file:line:column: field: reason (hint)".</summary>
    public override string ToString()
    {
        var sb = new StringBuilder(File);
        if (Line is { } line)
        {
            sb.Append(':').Append(line.ToString(CultureInfo.InvariantCulture));
            if (Column is { } col)
                sb.Append(':').Append(col.ToString(CultureInfo.InvariantCulture));
        }

        sb.Append(": ");
        if (!string.IsNullOrEmpty(Field))
            sb.Append(Field).Append(": ");
        sb.Append(Reason);
        if (!string.IsNullOrEmpty(Hint))
            sb.Append(" (hint: ").Append(Hint).Append(')');
        return sb.ToString();
    }
}

/// <summary>Thrown by readers when an input is unusable; carries the <see cref="InputError"/> to show the user.</summary>
public sealed class InputException : Exception
{
    public InputException(InputError error)
        : base(error?.ToString())
    {
        ArgumentNullException.ThrowIfNull(error);
        Error = error;
    }

    public InputException(InputError error, Exception inner)
        : base(error?.ToString(), inner)
    {
        ArgumentNullException.ThrowIfNull(error);
        Error = error;
    }

    public InputException()
        : this(new InputError("(unknown)", null, null, null, "invalid input"))
    {
    }

    public InputException(string message)
        : this(new InputError("(unknown)", null, null, null, message))
    {
    }

    public InputException(string message, Exception innerException)
        : this(new InputError("(unknown)", null, null, null, message), innerException)
    {
    }

    public InputError Error { get; }
}

/// <summary>An outcome that can fail in an expected way: a value or the input errors that prevented it.</summary>
/// <typeparam name="T">The value type.</typeparam>
public readonly record struct Result<T>
{
    internal Result(T? value, IReadOnlyList<InputError> errors)
    {
        Value = value;
        Errors = errors;
    }

    public T? Value { get; }

    public IReadOnlyList<InputError> Errors { get; }

    public bool IsSuccess => Errors.Count == 0;

    /// <summary>The value, or an <see cref="InputException"/> for the first error.</summary>
    public T GetValueOrThrow() => IsSuccess ? Value! : throw new InputException(Errors[0]);
}

/// <summary>Creates <see cref="Result{T}"/> values.</summary>
public static class Result
{
    public static Result<T> Success<T>(T value) => new(value, []);

    public static Result<T> Failure<T>(params InputError[] errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Length == 0)
            throw new ArgumentException("A failure needs at least one error.", nameof(errors));
        return new(default, errors);
    }
}

/// <summary>Builds <see cref="InputError"/>s from parser exceptions, so every JSON reader reports them alike.</summary>
public static class InputErrors
{
    /// <summary>
    /// An error at the 1-based line and column where System.Text.Json stopped, with the JSON path.
    /// The reason is <paramref name="reason"/> followed by the parser's own sentence (without its trailing path/position).
    /// </summary>
    public static InputError FromJson(string file, System.Text.Json.JsonException exception, string reason, string? hint = null, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new InputError(
            file,
            (exception.LineNumber ?? 0) + 1,
            (int)(exception.BytePositionInLine ?? 0) + 1,
            path ?? exception.Path,
            reason + ": " + JsonMessage(exception),
            hint);
    }

    /// <summary>The parser's message without the " Path: …" / " LineNumber: …" tail it appends (the error carries those as fields).</summary>
    public static string JsonMessage(System.Text.Json.JsonException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var message = exception.Message;
        foreach (var tail in new[] { " Path:", " LineNumber:" })
        {
            var cut = message.IndexOf(tail, StringComparison.Ordinal);
            if (cut > 0)
                message = message[..cut];
        }

        return message;
    }
}

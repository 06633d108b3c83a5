namespace Precis.Server.Services;

/// <summary>How a service call ended; the API maps each to one HTTP status.</summary>
public enum ServiceStatus
{
    Ok,
    Created,
    Accepted,
    NotFound,
    Forbidden,
    Invalid,
    Conflict,
    TooLarge,
}

/// <summary>A service's answer: a value or why there is none.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Value">The value when the status is Ok, Created or Accepted.</param>
/// <param name="Error">A message for the client (never health data).</param>
#pragma warning disable CA1000 // Ok/Fail on the result type read best at the call sites
public sealed record ServiceResult<T>(ServiceStatus Status, T? Value, string? Error = null)
{
    public bool IsSuccess => Status is ServiceStatus.Ok or ServiceStatus.Created or ServiceStatus.Accepted;

    public static ServiceResult<T> Ok(T value) => new(ServiceStatus.Ok, value);

    public static ServiceResult<T> Fail(ServiceStatus status, string error) => new(status, default, error);

    public static implicit operator ServiceResult<T>(T value) => Ok(value);
}
#pragma warning restore CA1000

using Precis.Storage;

namespace Precis.Server.Services;

/// <summary>A patient as the API shows it.</summary>
public sealed record PatientDto(Guid Id, string ExternalId, string DisplayName, string? BirthDate, DateTimeOffset CreatedAt)
{
    internal static PatientDto From(PatientEntity p) => new(p.Id, p.ExternalId, p.DisplayName, p.BirthDate, p.CreatedAt);
}

/// <summary>A new patient; the creating clinician joins its care team.</summary>
public sealed record NewPatient(string ExternalId, string DisplayName, string? BirthDate);

/// <summary>An upload as the API shows it (no path, no key).</summary>
public sealed record UploadDto(Guid Id, Guid PatientId, string Kind, string OriginalName, long SizeBytes, string Sha256, string Status, DateTimeOffset CreatedAt)
{
    internal static UploadDto From(UploadEntity u) =>
        new(u.Id, u.PatientId, UploadKinds.Name(u.Kind), u.OriginalName, u.SizeBytes, u.Sha256, u.Status.ToString().ToLowerInvariant(), u.CreatedAt);
}

/// <summary>An analysis job as the API shows it.</summary>
public sealed record JobDto(Guid Id, Guid PatientId, string Status, int Progress, string? Stage, string InputsHash, string? Error,
    int Attempts, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, Guid? PlanId)
{
    internal static JobDto From(AnalysisJobEntity j) => new(j.Id, j.PatientId, j.Status.ToString().ToLowerInvariant(), j.Progress, j.Stage,
        j.InputsHash, j.Error, j.Attempts, j.CreatedAt, j.StartedAt, j.FinishedAt, j.PlanId);
}

/// <summary>A stored plan's summary.</summary>
public sealed record PlanDto(Guid Id, Guid PatientId, Guid JobId, string InputsHash, DateTimeOffset CreatedAt);

/// <summary>A rendered plan: bytes and content type.</summary>
public sealed record RenderedPlan(byte[] Content, string ContentType, string FileName);

/// <summary>A local user as the API shows it (no hash).</summary>
public sealed record UserDto(Guid Id, string UserName, string Role, Guid? PatientId, bool Disabled)
{
    internal static UserDto From(UserAccount u) => new(u.Id, u.UserName, u.Role, u.PatientId, u.Disabled);
}

/// <summary>A new local user.</summary>
public sealed record NewUser(string UserName, string Password, string Role, Guid? PatientId);

/// <summary>Upload kind names on the wire: vcf, bcf, maf, fhir, csv.</summary>
public static class UploadKinds
{
    public static string Name(UploadKind kind) => kind switch
    {
        UploadKind.Vcf => "vcf",
        UploadKind.Bcf => "bcf",
        UploadKind.Maf => "maf",
        UploadKind.FhirBundle => "fhir",
        UploadKind.Csv => "csv",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static UploadKind? Parse(string? name) => name?.ToLowerInvariant() switch
    {
        "vcf" => UploadKind.Vcf,
        "bcf" => UploadKind.Bcf,
        "maf" => UploadKind.Maf,
        "fhir" or "fhir-bundle" => UploadKind.FhirBundle,
        "csv" => UploadKind.Csv,
        _ => null,
    };
}

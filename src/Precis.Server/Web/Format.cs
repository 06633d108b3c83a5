using System.Globalization;
using Precis.Storage;

namespace Precis.Server.Web;

/// <summary>How the UI words job statuses, upload kinds, sizes and times (UTC, unambiguous day-month order).</summary>
public static class Format
{
    /// <summary>A job status as the API spells it (queued, running, …) in words.</summary>
    public static string Status(string status) => status switch
    {
        "queued" => "Queued",
        "running" => "Running",
        "succeeded" => "Finished",
        "failed" => "Failed",
        "cancelled" => "Cancelled",
        _ => status,
    };

    /// <summary>True once a job will not change any more.</summary>
    public static bool IsFinished(string status) => status is "succeeded" or "failed" or "cancelled";

    public static string Kind(UploadKind kind) => kind switch
    {
        UploadKind.Vcf => "Germline genome (VCF, plain or gzip/BGZF)",
        UploadKind.Bcf => "Germline genome (BCF)",
        UploadKind.Maf => "Tumour variants (MAF)",
        UploadKind.FhirBundle => "Health record (FHIR R4 bundle, JSON)",
        UploadKind.Csv => "Wearable data (CSV)",
        _ => kind.ToString(),
    };

    /// <summary>An upload kind as the API spells it (vcf, bcf, maf, fhir, csv) in words.</summary>
    public static string Kind(string wireName) =>
        Services.UploadKinds.Parse(wireName) is { } kind ? Kind(kind) : wireName;

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("d MMM yyyy HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => bytes.ToString(CultureInfo.InvariantCulture) + " bytes",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KB",
        _ => (bytes / 1024.0 / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " MB",
    };
}

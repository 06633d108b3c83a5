namespace Precis.Core;

/// <summary>Progress of long work, reported by engines through <see cref="IProgress{T}"/>; the CLI draws it.</summary>
/// <param name="Stage">What is being done, e.g. "reading germline.vcf.gz".</param>
/// <param name="Done">Units done.</param>
/// <param name="Total">Units in all, when known.</param>
public sealed record ProgressUpdate(string Stage, long Done, long? Total);

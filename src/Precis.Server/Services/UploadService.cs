using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Precis.Server.Security;
using Precis.Storage;

namespace Precis.Server.Services;

/// <summary>
/// Streams an upload into the encrypted blob store (SHA-256 and size limit while streaming), checks its header,
/// then commits the row and its audit entry in one transaction. A failure at any step leaves no row and no blob.
/// </summary>
public sealed class UploadService(AuditedAccess audited, BlobStore blobs, IOptions<PrecisServerOptions> options, TimeProvider clock) : IUploadService
{
    private PrecisDbContext Db => audited.Db;

    public async Task<ServiceResult<UploadDto>> UploadAsync(Caller caller, Guid patientId, UploadKind kind, string originalName, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var resource = $"patient/{patientId:D}/uploads";
        if (await audited.DenyAsync(caller, patientId, PatientAccess.Write, "Upload", "create", resource, cancellationToken) is { } deny)
            return ServiceResult<UploadDto>.Fail(ServiceStatus.Forbidden, deny);
        if (!await Db.Patients.AnyAsync(p => p.Id == patientId, cancellationToken))
            return ServiceResult<UploadDto>.Fail(ServiceStatus.NotFound, $"no patient {patientId}");
        var name = SafeName(originalName);

        StoredBlob blob;
        try
        {
            blob = await blobs.WriteAsync(content, options.Value.MaxUploadBytes, cancellationToken);
        }
        catch (UploadTooLargeException e)
        {
            return ServiceResult<UploadDto>.Fail(ServiceStatus.TooLarge, $"{name}: {e.Message}");
        }

        try
        {
            if (UploadValidator.Check(kind, name, blob.Head, complete: blob.SizeBytes == blob.Head.Length) is { } invalid)
            {
                blobs.Delete(blob.RelativePath);
                return ServiceResult<UploadDto>.Fail(ServiceStatus.Invalid, invalid);
            }

            var entity = new UploadEntity
            {
                Id = Guid.NewGuid(),
                PatientId = patientId,
                Kind = kind,
                OriginalName = name,
                SizeBytes = blob.SizeBytes,
                Sha256 = blob.Sha256,
                BlobPath = blob.RelativePath,
                KeyId = blob.KeyId,
                Status = UploadStatus.Stored,
                UploadedBy = caller.UserId ?? Guid.Empty,
                CreatedAt = clock.GetUtcNow(),
            };
            await audited.WriteAsync(caller, "create", $"upload/{entity.Id:D}", patientId, () =>
            {
                Db.Uploads.Add(entity);
                return Task.FromResult(true);
            }, cancellationToken);
            return new ServiceResult<UploadDto>(ServiceStatus.Created, UploadDto.From(entity));
        }
        catch
        {
            blobs.Delete(blob.RelativePath);
            throw;
        }
    }

    public async Task<ServiceResult<IReadOnlyList<UploadDto>>> ListAsync(Caller caller, Guid patientId, CancellationToken cancellationToken = default)
    {
        var resource = $"patient/{patientId:D}/uploads";
        if (await audited.DenyAsync(caller, patientId, PatientAccess.Read, "Upload", "read", resource, cancellationToken) is { } deny)
            return ServiceResult<IReadOnlyList<UploadDto>>.Fail(ServiceStatus.Forbidden, deny);
        var rows = await Db.Uploads.AsNoTracking().Where(u => u.PatientId == patientId).ToListAsync(cancellationToken);
        await audited.ReadAsync(caller, resource, patientId, cancellationToken);
        return rows.OrderBy(u => u.CreatedAt).Select(UploadDto.From).ToList();
    }

    // The client's file name is display text only; keep it short and free of path separators and control characters.
    private static string SafeName(string? name)
    {
        var n = Path.GetFileName((name ?? "").Replace('\\', '/'));
        n = new string([.. n.Where(c => !char.IsControl(c))]);
        if (n.Length == 0)
            n = "upload";
        return n.Length > 200 ? n[..200] : n;
    }
}

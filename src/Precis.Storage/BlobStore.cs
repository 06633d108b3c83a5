using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Precis.Storage;

/// <summary>An AES-256 key with its id; the id is stored with every blob so keys can be rotated.</summary>
/// <param name="Id">Short key id, e.g. "k1".</param>
/// <param name="Key">32 bytes.</param>
public sealed record EncryptionKey(string Id, byte[] Key)
{
    /// <summary>Parses "id:base64" (the configuration form).</summary>
    public static EncryptionKey Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var i = text.IndexOf(':', StringComparison.Ordinal);
        if (i <= 0)
            throw new FormatException("an encryption key is written 'id:base64-of-32-bytes'");
        byte[] key;
        try
        {
            key = Convert.FromBase64String(text[(i + 1)..]);
        }
        catch (FormatException)
        {
            throw new FormatException($"encryption key '{text[..i]}': the key is not valid base64");
        }

        if (key.Length != 32)
            throw new FormatException($"encryption key '{text[..i]}': AES-256 needs 32 bytes, got {key.Length}");
        return new EncryptionKey(text[..i], key);
    }

    /// <summary>A fresh random key, written "id:base64".</summary>
    public static string Generate(string id) => id + ":" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}

/// <summary>The upload was larger than the configured limit; nothing was stored.</summary>
public sealed class UploadTooLargeException(long limit)
    : Exception($"the upload is larger than the limit of {limit} bytes; nothing was stored")
{
    public long Limit { get; } = limit;
}

/// <summary>A blob failed authentication: it was modified, truncated or encrypted with another key.</summary>
public sealed class BlobTamperedException(string message) : Exception(message);

/// <summary>What was written: where, how big, its checksum, the key and the first bytes of plaintext for header checks.</summary>
public sealed record StoredBlob(string RelativePath, long SizeBytes, string Sha256, string KeyId, byte[] Head);

/// <summary>
/// Encrypted files at rest. Each blob is AES-256-GCM in 1 MiB chunks with a random per-file nonce prefix; each chunk's
/// associated data binds the file id, the chunk index and whether it is the last chunk, so reordering, truncation or
/// any edit fails authentication. Writes go to <c>tmp/</c>, are flushed to disk and renamed into <c>blobs/</c>: a
/// killed process leaves only a temp file, which <see cref="SweepTemp"/> removes on start-up.
/// </summary>
public sealed class BlobStore
{
    private const int ChunkSize = 1 << 20;
    private const int HeadSize = 64 * 1024;
    private static readonly byte[] Magic = "PRECISB1"u8.ToArray();
    private readonly EncryptionKey _current;
    private readonly Dictionary<string, EncryptionKey> _keys;

    /// <summary>Creates the store under <paramref name="root"/>; <paramref name="current"/> encrypts, every key decrypts.</summary>
    public BlobStore(string root, EncryptionKey current, IEnumerable<EncryptionKey>? older = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(current);
        Root = Path.GetFullPath(root);
        _current = current;
        _keys = new Dictionary<string, EncryptionKey>(StringComparer.Ordinal) { [current.Id] = current };
        foreach (var k in older ?? [])
            _keys.TryAdd(k.Id, k);
        Directory.CreateDirectory(Path.Combine(Root, "blobs"));
        Directory.CreateDirectory(Path.Combine(Root, "tmp"));
    }

    public string Root { get; }

    /// <summary>Encrypts a stream into a new blob, hashing the plaintext as it goes; throws <see cref="UploadTooLargeException"/> past <paramref name="maxBytes"/>.</summary>
    public async Task<StoredBlob> WriteAsync(Stream plaintext, long maxBytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        var id = Guid.NewGuid().ToString("N");
        var temp = Path.Combine(Root, "tmp", id + ".part");
        var relative = Path.Combine("blobs", id[..2], id + ".blob");
        var final = Path.Combine(Root, relative);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var head = new MemoryStream();
        long total = 0;
        try
        {
            await using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                var keyId = Encoding.UTF8.GetBytes(_current.Id);
                var prefix = RandomNumberGenerator.GetBytes(8);
                await output.WriteAsync(Magic, cancellationToken);
                output.WriteByte((byte)keyId.Length);
                await output.WriteAsync(keyId, cancellationToken);
                await output.WriteAsync(prefix, cancellationToken);
                using var aes = new AesGcm(_current.Key, 16);
                var buffer = new byte[ChunkSize];
                var next = new byte[ChunkSize];
                var filled = await FillAsync(plaintext, buffer, cancellationToken);
                uint index = 0;
                while (true)
                {
                    // Read one chunk ahead so the last chunk can be marked as last.
                    var nextFilled = filled == ChunkSize ? await FillAsync(plaintext, next, cancellationToken) : 0;
                    var last = nextFilled == 0;
                    total += filled;
                    if (total > maxBytes)
                        throw new UploadTooLargeException(maxBytes);
                    sha.AppendData(buffer, 0, filled);
                    if (head.Length < HeadSize)
                        head.Write(buffer, 0, (int)Math.Min(filled, HeadSize - head.Length));
                    await WriteChunkAsync(output, aes, prefix, index, last, id, buffer.AsMemory(0, filled), cancellationToken);
                    if (last)
                        break;
                    (buffer, next) = (next, buffer);
                    filled = nextFilled;
                    index++;
                }

                await output.FlushAsync(cancellationToken);
                output.Flush(flushToDisk: true);
            }

            Directory.CreateDirectory(Path.GetDirectoryName(final)!);
            File.Move(temp, final);
            return new StoredBlob(relative, total, Convert.ToHexStringLower(sha.GetHashAndReset()), _current.Id, head.ToArray());
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Decrypts a blob into a file (for engines that read paths), checking every chunk; returns the plaintext SHA-256.</summary>
    public async Task<string> DecryptToFileAsync(string relativePath, string destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var path = Resolve(relativePath);
        var id = Path.GetFileNameWithoutExtension(path);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous);
        var magic = new byte[Magic.Length];
        await input.ReadExactlyAsync(magic, cancellationToken);
        if (!magic.AsSpan().SequenceEqual(Magic))
            throw new BlobTamperedException($"{relativePath}: not a Precis encrypted blob (bad magic)");
        var keyIdLength = input.ReadByte();
        if (keyIdLength <= 0)
            throw new BlobTamperedException($"{relativePath}: truncated header");
        var keyIdBytes = new byte[keyIdLength];
        await input.ReadExactlyAsync(keyIdBytes, cancellationToken);
        var keyId = Encoding.UTF8.GetString(keyIdBytes);
        if (!_keys.TryGetValue(keyId, out var key))
            throw new BlobTamperedException($"{relativePath}: encrypted with key '{keyId}', which is not configured");
        var prefix = new byte[8];
        await input.ReadExactlyAsync(prefix, cancellationToken);
        using var aes = new AesGcm(key.Key, 16);
        var lengthBytes = new byte[5];
        var tag = new byte[16];
        var plain = new byte[ChunkSize];
        var cipher = new byte[ChunkSize];
        await using var output = new FileStream(destination, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        for (uint index = 0; ; index++)
        {
            if (await input.ReadAtLeastAsync(lengthBytes, 5, throwOnEndOfStream: false, cancellationToken) < 5)
                throw new BlobTamperedException($"{relativePath}: truncated after chunk {index} (the last chunk is missing)");
            var length = BinaryPrimitives.ReadInt32LittleEndian(lengthBytes);
            var last = lengthBytes[4] == 1;
            if (length is < 0 or > ChunkSize)
                throw new BlobTamperedException($"{relativePath}: chunk {index} has an impossible length {length}");
            try
            {
                await input.ReadExactlyAsync(cipher.AsMemory(0, length), cancellationToken);
                await input.ReadExactlyAsync(tag, cancellationToken);
            }
            catch (EndOfStreamException)
            {
                throw new BlobTamperedException($"{relativePath}: chunk {index} is truncated");
            }

            try
            {
                aes.Decrypt(Nonce(prefix, index), cipher.AsSpan(0, length), tag, plain.AsSpan(0, length), Aad(id, index, last));
            }
            catch (AuthenticationTagMismatchException)
            {
                throw new BlobTamperedException($"{relativePath}: chunk {index} failed AES-GCM authentication; the file was modified or the key is wrong");
            }

            sha.AppendData(plain, 0, length);
            await output.WriteAsync(plain.AsMemory(0, length), cancellationToken);
            if (last)
                break;
        }

        if (input.Position != input.Length)
            throw new BlobTamperedException($"{relativePath}: data after the last chunk");
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>Deletes a blob (used when the database commit that would reference it fails).</summary>
    public void Delete(string relativePath) => TryDelete(Resolve(relativePath));

    /// <summary>Removes temp files left by a killed process; returns how many.</summary>
    public int SweepTemp()
    {
        var n = 0;
        foreach (var f in Directory.EnumerateFiles(Path.Combine(Root, "tmp")))
        {
            TryDelete(f);
            n++;
        }

        return n;
    }

    /// <summary>Removes blobs no upload row references (renamed but never committed); returns how many.</summary>
    public int SweepUnreferenced(IReadOnlySet<string> referenced)
    {
        ArgumentNullException.ThrowIfNull(referenced);
        var n = 0;
        foreach (var f in Directory.EnumerateFiles(Path.Combine(Root, "blobs"), "*.blob", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Root, f);
            if (!referenced.Contains(relative))
            {
                TryDelete(f);
                n++;
            }
        }

        return n;
    }

    private string Resolve(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        var full = Path.GetFullPath(Path.Combine(Root, relativePath));
        if (!full.StartsWith(Path.Combine(Root, "blobs") + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException($"blob path {relativePath} is outside the blob directory", nameof(relativePath));
        return full;
    }

    private static async Task WriteChunkAsync(Stream output, AesGcm aes, byte[] prefix, uint index, bool last, string id, ReadOnlyMemory<byte> plain, CancellationToken ct)
    {
        var cipher = new byte[plain.Length];
        var tag = new byte[16];
        aes.Encrypt(Nonce(prefix, index), plain.Span, cipher, tag, Aad(id, index, last));
        var header = new byte[5];
        BinaryPrimitives.WriteInt32LittleEndian(header, plain.Length);
        header[4] = last ? (byte)1 : (byte)0;
        await output.WriteAsync(header, ct);
        await output.WriteAsync(cipher, ct);
        await output.WriteAsync(tag, ct);
    }

    private static byte[] Nonce(byte[] prefix, uint index)
    {
        var nonce = new byte[12];
        prefix.CopyTo(nonce, 0);
        BinaryPrimitives.WriteUInt32BigEndian(nonce.AsSpan(8), index);
        return nonce;
    }

    private static byte[] Aad(string id, uint index, bool last) =>
        Encoding.ASCII.GetBytes($"{id}:{index}:{(last ? "last" : "more")}");

    private static async Task<int> FillAsync(Stream s, byte[] buffer, CancellationToken ct) =>
        await s.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // A file still open elsewhere is removed by the next sweep.
        }
    }
}

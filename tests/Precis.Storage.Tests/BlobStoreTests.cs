using System.Security.Cryptography;

namespace Precis.Storage.Tests;

public sealed class BlobStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "precis-blobs-" + Guid.NewGuid().ToString("N"));
    private readonly EncryptionKey _key = EncryptionKey.Parse(EncryptionKey.Generate("k1"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
            Directory.Delete(_root, recursive: true);
    }

    private static byte[] Data(int size)
    {
        var data = new byte[size];
        new Random(7).NextBytes(data);
        return data;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(1 << 20)]
    [InlineData((3 << 20) + 17)]
    public async Task A_blob_decrypts_to_the_same_bytes_and_checksum(int size)
    {
        var store = new BlobStore(_root, _key);
        var data = Data(size);
        var blob = await store.WriteAsync(new MemoryStream(data), long.MaxValue);
        Assert.Equal(size, blob.SizeBytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data)), blob.Sha256);
        Assert.Equal("k1", blob.KeyId);
        Assert.Equal(data.AsSpan(0, Math.Min(size, 65536)).ToArray(), blob.Head);
        // Encrypted at rest: the plaintext does not appear in the file.
        var onDisk = await File.ReadAllBytesAsync(Path.Combine(_root, blob.RelativePath));
        if (size >= 64)
            Assert.Equal(-1, onDisk.AsSpan().IndexOf(data.AsSpan(0, 64)));
        var output = Path.Combine(_root, "out.bin");
        Assert.Equal(blob.Sha256, await store.DecryptToFileAsync(blob.RelativePath, output));
        Assert.Equal(data, await File.ReadAllBytesAsync(output));
        Assert.Empty(Directory.GetFiles(Path.Combine(_root, "tmp")));
    }

    [Fact]
    public async Task A_flipped_byte_fails_authentication_naming_the_chunk()
    {
        var store = new BlobStore(_root, _key);
        var blob = await store.WriteAsync(new MemoryStream(Data((2 << 20) + 5)), long.MaxValue);
        var path = Path.Combine(_root, blob.RelativePath);
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[^10] ^= 1; // in the tag of the last chunk (chunk 2 holds the final 5 bytes)
        await File.WriteAllBytesAsync(path, bytes);
        var e = await Assert.ThrowsAsync<BlobTamperedException>(() => store.DecryptToFileAsync(blob.RelativePath, Path.Combine(_root, "o")));
        Assert.Contains("chunk 2 failed AES-GCM authentication", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_blob_is_detected_even_at_a_chunk_boundary()
    {
        var store = new BlobStore(_root, _key);
        var blob = await store.WriteAsync(new MemoryStream(Data(2 << 20)), long.MaxValue);
        var path = Path.Combine(_root, blob.RelativePath);
        var bytes = await File.ReadAllBytesAsync(path);
        // Drop the whole last chunk (5-byte header + 1 MiB + 16-byte tag): what remains is a valid-looking prefix.
        await File.WriteAllBytesAsync(path, bytes[..^((1 << 20) + 21)]);
        var e = await Assert.ThrowsAsync<BlobTamperedException>(() => store.DecryptToFileAsync(blob.RelativePath, Path.Combine(_root, "o")));
        Assert.Contains("the last chunk is missing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_blob_of_an_unconfigured_key_says_which_key_is_missing_and_old_keys_still_decrypt()
    {
        var old = new BlobStore(_root, _key);
        var blob = await old.WriteAsync(new MemoryStream(Data(100)), long.MaxValue);
        var rotated = new BlobStore(_root, EncryptionKey.Parse(EncryptionKey.Generate("k2")));
        var e = await Assert.ThrowsAsync<BlobTamperedException>(() => rotated.DecryptToFileAsync(blob.RelativePath, Path.Combine(_root, "o")));
        Assert.Contains("key 'k1', which is not configured", e.Message, StringComparison.Ordinal);
        var withOld = new BlobStore(_root, EncryptionKey.Parse(EncryptionKey.Generate("k2")), [_key]);
        Assert.Equal(blob.Sha256, await withOld.DecryptToFileAsync(blob.RelativePath, Path.Combine(_root, "o")));
    }

    [Fact]
    public async Task Swapping_two_blobs_files_fails_because_the_file_id_is_authenticated()
    {
        var store = new BlobStore(_root, _key);
        var a = await store.WriteAsync(new MemoryStream(Data(50)), long.MaxValue);
        var b = await store.WriteAsync(new MemoryStream(Data(60)), long.MaxValue);
        File.Copy(Path.Combine(_root, b.RelativePath), Path.Combine(_root, a.RelativePath), overwrite: true);
        await Assert.ThrowsAsync<BlobTamperedException>(() => store.DecryptToFileAsync(a.RelativePath, Path.Combine(_root, "o")));
    }

    [Fact]
    public async Task An_upload_over_the_limit_throws_and_leaves_no_file()
    {
        var store = new BlobStore(_root, _key);
        var e = await Assert.ThrowsAsync<UploadTooLargeException>(() => store.WriteAsync(new MemoryStream(Data((1 << 20) + 1)), 1 << 20));
        Assert.Equal(1 << 20, e.Limit);
        Assert.Empty(Directory.GetFiles(_root, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_stream_that_breaks_mid_upload_leaves_no_file()
    {
        var store = new BlobStore(_root, _key);
        await Assert.ThrowsAsync<IOException>(() => store.WriteAsync(new BreakingStream(Data(3 << 20), 2 << 20), long.MaxValue));
        Assert.Empty(Directory.GetFiles(_root, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task The_sweeps_remove_temp_files_and_unreferenced_blobs_only()
    {
        var store = new BlobStore(_root, _key);
        var kept = await store.WriteAsync(new MemoryStream(Data(10)), long.MaxValue);
        var orphan = await store.WriteAsync(new MemoryStream(Data(10)), long.MaxValue);
        await File.WriteAllTextAsync(Path.Combine(_root, "tmp", "dead.part"), "partial");
        Assert.Equal(1, store.SweepTemp());
        Assert.Equal(1, store.SweepUnreferenced(new HashSet<string> { kept.RelativePath }));
        Assert.True(File.Exists(Path.Combine(_root, kept.RelativePath)));
        Assert.False(File.Exists(Path.Combine(_root, orphan.RelativePath)));
    }

    [Theory]
    [InlineData("k1", "key is written 'id:base64-of-32-bytes'")]
    [InlineData("k1:!!!", "not valid base64")]
    [InlineData("k1:AAAA", "AES-256 needs 32 bytes, got 3")]
    public void A_bad_key_setting_says_what_is_wrong(string text, string message)
    {
        var e = Assert.Throws<FormatException>(() => EncryptionKey.Parse(text));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    /// <summary>Gives <paramref name="failAfter"/> bytes, then fails like a dropped connection.</summary>
    private sealed class BreakingStream(byte[] data, int failAfter) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) =>
            Position >= failAfter ? throw new IOException("connection reset") : base.Read(buffer, offset, (int)Math.Min(count, failAfter - Position));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Position >= failAfter ? throw new IOException("connection reset") : base.ReadAsync(buffer[..(int)Math.Min(buffer.Length, failAfter - Position)], cancellationToken);
    }
}

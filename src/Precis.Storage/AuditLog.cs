using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace Precis.Storage;

/// <summary>What happened, by whom, to what: the fields of an audit entry before it is chained.</summary>
/// <param name="Actor">User id or CDS client id.</param>
/// <param name="Role">The actor's role.</param>
/// <param name="Action">read, create, update, sign-in, cds-hook...</param>
/// <param name="Resource">e.g. "patient/{id}/plan" — ids only, never names or genotypes.</param>
/// <param name="PatientId">The patient whose data it is, if any.</param>
/// <param name="Outcome">allowed, denied or failed.</param>
public sealed record AuditEvent(string Actor, string Role, string Action, string Resource, Guid? PatientId, string Outcome);

/// <summary>The result of recomputing the chain.</summary>
/// <param name="Entries">How many entries were checked.</param>
/// <param name="FirstBad">Sequence number of the first entry whose hash or link does not match, or null.</param>
/// <param name="Reason">Why it does not match.</param>
public sealed record AuditVerification(long Entries, long? FirstBad, string? Reason)
{
    public bool IsIntact => FirstBad is null;
}

/// <summary>
/// The append-only, hash-chained audit trail. Each entry's hash is SHA-256 over the previous entry's hash and
/// the entry's canonical fields, so editing, deleting or reordering any entry breaks every later link.
/// </summary>
public sealed class AuditLog(TimeProvider clock)
{
    /// <summary>The previous hash of the first entry.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    // One writer at a time in this process; PostgreSQL also takes a transaction-scoped advisory lock so that
    // several server processes on one database still build a single chain.
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private const long AdvisoryLockKey = 0x5052_4543_4953; // "PRECIS"

    // Entries waiting to be appended on their own (group commit, see AppendAsync), per database: a batch is only
    // ever written to the database its entries were meant for.
    private readonly ConcurrentDictionary<string, ConcurrentQueue<PendingEntry>> _pending = new(StringComparer.Ordinal);

    /// <summary>
    /// Appends an entry on its own (a read, a denial, a sign-in, a CDS call) and returns once it is committed.
    /// Group commit: entries that arrive while another append holds the writer's turn queue up, and the next caller to
    /// get the turn writes every queued entry, in arrival order, in one transaction. The chain and the durability of
    /// each entry are the same as one transaction per entry, with one disk flush per batch instead of per entry.
    /// </summary>
    public async Task AppendAsync(PrecisDbContext db, AuditEvent entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(entry);
        var mine = new PendingEntry(entry);
        var queue = _pending.GetOrAdd(db.Database.GetConnectionString() ?? "", _ => new ConcurrentQueue<PendingEntry>());
        queue.Enqueue(mine);
        // Once queued, the entry is written even if this caller gives up waiting: the access it records happened.
        await Gate.WaitAsync(CancellationToken.None);
        try
        {
            if (!mine.Committed.Task.IsCompleted)
            {
                var batch = new List<PendingEntry>();
                while (batch.Count < MaxBatch && queue.TryDequeue(out var next))
                    batch.Add(next);
                try
                {
                    await AppendLockedAsync<bool>(db, batch.Select(b => b.Entry).ToList(), null, CancellationToken.None);
                    batch.ForEach(b => b.Committed.TrySetResult());
                }
                catch (Exception e)
                {
                    batch.ForEach(b => b.Committed.TrySetException(e));
                }
            }
        }
        finally
        {
            Gate.Release();
        }

        await mine.Committed.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="work"/> (which adds or changes entities without saving) and appends the entry in the
    /// same transaction: either both are stored or neither is.
    /// </summary>
    public async Task<T?> WriteAsync<T>(PrecisDbContext db, AuditEvent entry, Func<Task<T>>? work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(entry);
        await Gate.WaitAsync(cancellationToken);
        try
        {
            return await AppendLockedAsync(db, [entry], work, cancellationToken);
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Runs the work and appends the entries, in order, in one transaction (the caller holds <see cref="Gate"/>).</summary>
    private async Task<T?> AppendLockedAsync<T>(PrecisDbContext db, IReadOnlyList<AuditEvent> entries, Func<Task<T>>? work, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            if (db.Database.IsNpgsql())
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", cancellationToken);
            var result = work is null ? default : await work();
            var last = await LastEntry(db);
            var (sequence, hash) = (last?.Sequence ?? 0, last?.Hash ?? Genesis);
            var time = Truncate(clock.GetUtcNow());
            foreach (var entry in entries)
            {
                var row = Chain(sequence, hash, entry, time);
                db.Audit.Add(row);
                (sequence, hash) = (row.Sequence, row.Hash);
            }

            await db.SaveChangesAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return result;
        });
    }

    private const int MaxBatch = 256;

    // Compiled once: every append reads the chain's head.
    private static readonly Func<PrecisDbContext, Task<ChainHead?>> LastEntry = EF.CompileAsyncQuery(
        (PrecisDbContext db) => db.Audit.AsNoTracking().OrderByDescending(a => a.Sequence).Select(a => new ChainHead(a.Sequence, a.Hash)).FirstOrDefault());

    private sealed record ChainHead(long Sequence, string Hash);

    private sealed class PendingEntry(AuditEvent entry)
    {
        public AuditEvent Entry { get; } = entry;

        public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Builds the entry that follows <paramref name="previousHash"/>.</summary>
    public static AuditEntryEntity Chain(long previousSequence, string previousHash, AuditEvent e, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(e);
        var row = new AuditEntryEntity
        {
            Sequence = previousSequence + 1,
            Time = time,
            Actor = e.Actor,
            Role = e.Role,
            Action = e.Action,
            Resource = e.Resource,
            PatientId = e.PatientId,
            Outcome = e.Outcome,
            PreviousHash = previousHash,
            Hash = "",
        };
        row.Hash = ComputeHash(row);
        return row;
    }

    /// <summary>SHA-256 (lower-case hex) over the previous hash and the canonical fields, one per line.</summary>
    public static string ComputeHash(AuditEntryEntity e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var canonical = string.Join('\n',
            e.PreviousHash,
            e.Sequence.ToString(CultureInfo.InvariantCulture),
            e.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
            e.Actor, e.Role, e.Action, e.Resource,
            e.PatientId?.ToString("D") ?? "-",
            e.Outcome);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>Recomputes the whole chain in order and names the first entry that does not match.</summary>
    public static async Task<AuditVerification> VerifyAsync(PrecisDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        long expected = 1, count = 0;
        var previous = Genesis;
        await foreach (var e in db.Audit.AsNoTracking().OrderBy(a => a.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            count++;
            if (e.Sequence != expected)
                return new AuditVerification(count, e.Sequence, $"entry {e.Sequence}: expected sequence {expected} (an entry was deleted or inserted)");
            if (e.PreviousHash != previous)
                return new AuditVerification(count, e.Sequence, $"entry {e.Sequence}: previous hash does not equal the hash of entry {expected - 1}");
            var hash = ComputeHash(e);
            if (hash != e.Hash)
                return new AuditVerification(count, e.Sequence, $"entry {e.Sequence}: stored hash {e.Hash[..Math.Min(12, e.Hash.Length)]}… does not match its fields (recomputed {hash[..12]}…); the entry was edited");
            previous = e.Hash;
            expected++;
        }

        return new AuditVerification(count, null, null);
    }

    // PostgreSQL keeps microseconds; truncating first makes the hashed time equal the stored time on both providers.
    private static DateTimeOffset Truncate(DateTimeOffset t) => new(t.UtcTicks - (t.UtcTicks % 10), TimeSpan.Zero);
}

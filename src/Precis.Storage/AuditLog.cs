using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

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
                    await AppendBatchAsync(db, batch.Select(b => b.Entry).ToList(), CancellationToken.None);
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
            var last = await db.Audit.AsNoTracking().OrderByDescending(a => a.Sequence)
                .Select(a => new { a.Sequence, a.Hash }).FirstOrDefaultAsync(cancellationToken);
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

    /// <summary>
    /// Appends entries that come with no other change (the caller holds <see cref="Gate"/>): the same transaction as
    /// <see cref="AppendLockedAsync{T}"/> — lock, read the chain's head, insert, commit — in plain ADO.NET on the
    /// context's connection. Every hook call and read ends here, and EF's change tracking and command building cost
    /// more than the statements. Names and parameter types come from the EF model, so both write the same rows.
    /// </summary>
    private async Task AppendBatchAsync(PrecisDbContext db, List<AuditEvent> entries, CancellationToken cancellationToken)
    {
        var sql = AuditSql.For(db);
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                var connection = db.Database.GetDbConnection();
                await using var tx = await connection.BeginTransactionAsync(cancellationToken);
                if (sql.LockStatement is { } lockSql)
                {
                    await using var lockCommand = connection.CreateCommand();
                    lockCommand.Transaction = tx;
                    lockCommand.CommandText = lockSql;
                    await lockCommand.ExecuteNonQueryAsync(cancellationToken);
                }

                var (sequence, hash) = (0L, Genesis);
                await using (var head = connection.CreateCommand())
                {
                    head.Transaction = tx;
                    head.CommandText = sql.Head;
                    await using var reader = await head.ExecuteReaderAsync(cancellationToken);
                    if (await reader.ReadAsync(cancellationToken))
                        (sequence, hash) = (reader.GetInt64(0), reader.GetString(1));
                }

                var time = Truncate(clock.GetUtcNow());
                await using var insert = connection.CreateCommand();
                insert.Transaction = tx;
                insert.CommandText = sql.Insert;
                foreach (var entry in entries)
                {
                    var row = Chain(sequence, hash, entry, time);
                    insert.Parameters.Clear();
                    sql.Bind(insert, row);
                    await insert.ExecuteNonQueryAsync(cancellationToken);
                    (sequence, hash) = (row.Sequence, row.Hash);
                }

                await tx.CommitAsync(cancellationToken);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        });
    }

    /// <summary>The audit table's statements for one provider, with names and parameter types from the EF model.</summary>
    private sealed class AuditSql
    {
        private static readonly ConcurrentDictionary<(string Provider, IModel Model), AuditSql> Cache = new();
        private readonly (IProperty Property, string Parameter, Func<AuditEntryEntity, object?> Value)[] _columns;

        private AuditSql(PrecisDbContext db)
        {
            var audit = StoreNames.Of<AuditEntryEntity>(db);
            Func<AuditEntryEntity, object?>[] values =
            [
                e => e.Sequence, e => e.Time, e => e.Actor, e => e.Role, e => e.Action, e => e.Resource, e => e.PatientId, e => e.Outcome,
                e => e.PreviousHash, e => e.Hash,
            ];
            string[] names = [nameof(AuditEntryEntity.Sequence), nameof(AuditEntryEntity.Time), nameof(AuditEntryEntity.Actor), nameof(AuditEntryEntity.Role),
                nameof(AuditEntryEntity.Action), nameof(AuditEntryEntity.Resource), nameof(AuditEntryEntity.PatientId), nameof(AuditEntryEntity.Outcome),
                nameof(AuditEntryEntity.PreviousHash), nameof(AuditEntryEntity.Hash)];
            if (audit.PropertyCount != names.Length)
                throw new InvalidOperationException("the audit entity's columns changed: update AuditLog.AuditSql");
            _columns = [.. names.Select((n, i) => (audit.Property(n), "@p" + i.ToString(CultureInfo.InvariantCulture), values[i]))];
            Head = $"SELECT {audit.Column(nameof(AuditEntryEntity.Sequence))}, {audit.Column(nameof(AuditEntryEntity.Hash))} FROM {audit.Table} " +
                $"ORDER BY {audit.Column(nameof(AuditEntryEntity.Sequence))} DESC LIMIT 1";
            Insert = $"INSERT INTO {audit.Table} ({string.Join(", ", names.Select(audit.Column))}) VALUES ({string.Join(", ", _columns.Select(c => c.Parameter))})";
            LockStatement = db.Database.IsNpgsql() ? $"SELECT pg_advisory_xact_lock({AdvisoryLockKey})" : null;
        }

        public string Head { get; }

        public string Insert { get; }

        /// <summary>PostgreSQL: the transaction-scoped advisory lock that serialises writers across processes.</summary>
        public string? LockStatement { get; }

        public static AuditSql For(PrecisDbContext db) =>
            Cache.GetOrAdd((db.Database.ProviderName ?? "", db.Model), _ => new AuditSql(db));

        public void Bind(DbCommand command, AuditEntryEntity row)
        {
            foreach (var (property, parameter, value) in _columns)
                command.Parameters.Add(property.GetRelationalTypeMapping().CreateParameter(command, parameter, value(row), property.IsNullable));
        }
    }

    private const int MaxBatch = 256;



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

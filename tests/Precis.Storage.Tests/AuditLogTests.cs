using Microsoft.EntityFrameworkCore;

namespace Precis.Storage.Tests;

public class AuditLogTests
{
    private static readonly AuditLog Log = new(TimeProvider.System);

    private static async Task<PrecisDbContext> WithEntriesAsync(string provider, int n)
    {
        var db = await TestDatabases.MigratedAsync(provider);
        var patient = Guid.NewGuid();
        for (var i = 0; i < n; i++)
            await Log.AppendAsync(db, new AuditEvent($"user-{i}", "clinician", "read", $"patient/{patient:D}", i % 2 == 0 ? patient : null, "allowed"));
        return db;
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task An_untouched_chain_verifies_and_links_each_entry_to_the_previous(string provider)
    {
        await using var db = await WithEntriesAsync(provider, 5);
        var v = await AuditLog.VerifyAsync(db);
        Assert.True(v.IsIntact, v.Reason);
        Assert.Equal(5, v.Entries);
        var rows = await db.Audit.OrderBy(a => a.Sequence).ToListAsync();
        Assert.Equal(AuditLog.Genesis, rows[0].PreviousHash);
        for (var i = 1; i < rows.Count; i++)
            Assert.Equal(rows[i - 1].Hash, rows[i].PreviousHash);
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Editing_an_entry_in_the_database_is_detected_at_that_entry(string provider)
    {
        await using var db = await WithEntriesAsync(provider, 6);
        await db.Database.ExecuteSqlRawAsync("UPDATE audit SET \"Outcome\" = 'denied' WHERE \"Sequence\" = 4");
        var v = await AuditLog.VerifyAsync(db);
        Assert.Equal(4, v.FirstBad);
        Assert.Contains("entry 4", v.Reason, StringComparison.Ordinal);
        Assert.Contains("was edited", v.Reason, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Deleting_an_entry_is_detected_at_the_gap(string provider)
    {
        await using var db = await WithEntriesAsync(provider, 6);
        await db.Database.ExecuteSqlRawAsync("DELETE FROM audit WHERE \"Sequence\" = 3");
        var v = await AuditLog.VerifyAsync(db);
        Assert.Equal(4, v.FirstBad);
        Assert.Contains("expected sequence 3", v.Reason, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Rewriting_an_entry_and_its_hash_is_detected_at_the_next_link(string provider)
    {
        await using var db = await WithEntriesAsync(provider, 4);
        var row = await db.Audit.SingleAsync(a => a.Sequence == 2);
        row.Actor = "someone-else";
        row.Hash = AuditLog.ComputeHash(row);
        await db.SaveChangesAsync();
        var v = await AuditLog.VerifyAsync(db);
        Assert.Equal(3, v.FirstBad);
        Assert.Contains("previous hash does not equal the hash of entry 2", v.Reason, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_write_that_fails_stores_neither_the_row_nor_its_audit_entry(string provider)
    {
        await using var db = await TestDatabases.MigratedAsync(provider);
        await Assert.ThrowsAsync<InvalidOperationException>(() => Log.WriteAsync<bool>(db, new AuditEvent("u", "clinician", "create", "patient/x", null, "allowed"), () =>
        {
            db.Patients.Add(new PatientEntity { Id = Guid.NewGuid(), ExternalId = "p1", DisplayName = "P", CreatedAt = DateTimeOffset.UtcNow });
            throw new InvalidOperationException("the write failed");
        }));
        db.ChangeTracker.Clear();
        Assert.Equal(0, await db.Patients.CountAsync());
        Assert.Equal(0, await db.Audit.CountAsync());
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Concurrent_appends_from_many_contexts_build_one_gap_free_chain(string provider)
    {
        var cs = TestDatabases.New(provider);
        await using (var db = PrecisDatabase.Open(cs))
            await PrecisDatabase.MigrateAsync(db);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async w =>
        {
            await using var db = PrecisDatabase.Open(cs);
            for (var i = 0; i < 10; i++)
                await Log.AppendAsync(db, new AuditEvent($"w{w}", "clinician", "read", "patients", null, "allowed"));
        }));
        await using var check = PrecisDatabase.Open(cs);
        var v = await AuditLog.VerifyAsync(check);
        Assert.True(v.IsIntact, v.Reason);
        Assert.Equal(80, v.Entries);
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Appends_batched_together_reach_only_their_own_database_in_each_writers_order(string provider)
    {
        // One AuditLog, two databases, many concurrent writers: group commit must never put an entry in a batch
        // written to the other database, and each writer's entries keep their order in the chain.
        var databases = new[] { TestDatabases.New(provider), TestDatabases.New(provider) };
        foreach (var cs in databases)
        {
            await using var db = PrecisDatabase.Open(cs);
            await PrecisDatabase.MigrateAsync(db);
        }

        await Task.WhenAll(Enumerable.Range(0, 12).Select(async w =>
        {
            await using var db = PrecisDatabase.Open(databases[w % 2]);
            for (var i = 0; i < 15; i++)
                await Log.AppendAsync(db, new AuditEvent($"db{w % 2}-w{w}", "clinician", "read", $"item/{i}", null, "allowed"));
        }));
        for (var d = 0; d < 2; d++)
        {
            await using var check = PrecisDatabase.Open(databases[d]);
            var v = await AuditLog.VerifyAsync(check);
            Assert.True(v.IsIntact, v.Reason);
            Assert.Equal(90, v.Entries);
            var rows = await check.Audit.AsNoTracking().OrderBy(a => a.Sequence).ToListAsync();
            Assert.All(rows, r => Assert.StartsWith($"db{d}-", r.Actor, StringComparison.Ordinal));
            foreach (var writer in rows.GroupBy(r => r.Actor))
                Assert.Equal(Enumerable.Range(0, 15).Select(i => $"item/{i}"), writer.Select(r => r.Resource));
        }
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Entries_appended_on_their_own_and_with_a_write_read_back_through_EF_with_every_field_and_one_chain(string provider)
    {
        // AppendAsync writes with plain ADO.NET, WriteAsync through EF: both must store the same representation.
        await using var db = await TestDatabases.MigratedAsync(provider);
        var patient = Guid.NewGuid();
        await Log.AppendAsync(db, new AuditEvent("client-1", "cds-client", "cds-order-select", "cds-services/x", patient, "allowed"));
        await Log.WriteAsync<bool>(db, new AuditEvent("user-2", "clinician", "create", "patient/y", null, "allowed"), () => Task.FromResult(true));
        await Log.AppendAsync(db, new AuditEvent("user-3", "admin", "read", "patient/z", patient, "denied"));
        var rows = await db.Audit.AsNoTracking().OrderBy(a => a.Sequence).ToListAsync();
        Assert.Equal([1L, 2L, 3L], rows.Select(r => r.Sequence));
        Assert.Equal(("client-1", "cds-client", "cds-order-select", "cds-services/x", (Guid?)patient, "allowed"),
            (rows[0].Actor, rows[0].Role, rows[0].Action, rows[0].Resource, rows[0].PatientId, rows[0].Outcome));
        Assert.Null(rows[1].PatientId);
        Assert.Equal(patient, rows[2].PatientId);
        Assert.Equal("denied", rows[2].Outcome);
        Assert.All(rows, r => Assert.Equal(AuditLog.ComputeHash(r), r.Hash));
        Assert.InRange(rows[0].Time, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
        // The raw-inserted patient id matches EF's own query translation of a Guid parameter.
        Assert.Equal(2, await db.Audit.CountAsync(a => a.PatientId == patient));
        var v = await AuditLog.VerifyAsync(db);
        Assert.True(v.IsIntact, v.Reason);
        Assert.Equal(3, v.Entries);
    }

    [Theory]
    [InlineData(SqliteSynchronous.Normal, 1)]
    [InlineData(SqliteSynchronous.Full, 2)]
    public async Task Every_SQLite_connection_runs_with_the_configured_synchronous_mode(SqliteSynchronous mode, long expected)
    {
        var cs = TestDatabases.NewSqlite();
        try
        {
            var options = new DbContextOptionsBuilder<PrecisDbContext>();
            PrecisDatabase.Configure(options, cs, mode);
            await using var db = new PrecisDbContext(options.Options);
            await PrecisDatabase.MigrateAsync(db);
            for (var i = 0; i < 2; i++)
            {
                // Twice: the second open takes the pooled native connection.
                await db.Database.OpenConnectionAsync();
                await using (var command = db.Database.GetDbConnection().CreateCommand())
                {
                    command.CommandText = "PRAGMA synchronous";
                    Assert.Equal(expected, Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
                    command.CommandText = "PRAGMA journal_mode";
                    Assert.Equal("wal", await command.ExecuteScalarAsync());
                }

                await db.Database.CloseConnectionAsync();
            }
        }
        finally
        {
            await TestDatabases.DropAsync(cs);
        }
    }

    [Fact]
    public async Task With_background_checkpoints_commits_leave_the_WAL_to_the_checkpointer_which_empties_it()
    {
        var cs = TestDatabases.NewSqlite();
        var path = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(cs).DataSource;
        try
        {
            var options = new DbContextOptionsBuilder<PrecisDbContext>();
            PrecisDatabase.Configure(options, cs, SqliteSynchronous.Normal, sqliteBackgroundCheckpoints: true);
            await using var db = new PrecisDbContext(options.Options);
            await PrecisDatabase.MigrateAsync(db);
            await db.Database.OpenConnectionAsync();
            await using (var command = db.Database.GetDbConnection().CreateCommand())
            {
                command.CommandText = "PRAGMA wal_autocheckpoint";
                Assert.Equal(0L, Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
            }

            await db.Database.CloseConnectionAsync();
            // Far more than SQLite's default threshold of 1,000 pages: no commit checkpoints, so the WAL keeps every frame.
            for (var i = 0; i < 1500; i++)
                await Log.AppendAsync(db, new AuditEvent($"user-{i}", "clinician", "read", $"patient/{i}", null, "allowed"));
            await using var checkpointer = new SqliteCheckpointer(cs, TimeSpan.FromHours(1));
            var (busy, frames, done) = await checkpointer.CheckpointAsync();
            Assert.False(busy);
            Assert.True(frames > 1000, $"WAL frames {frames}");
            Assert.Equal(frames, done);
            await checkpointer.DisposeAsync();
            Assert.Equal(0, new FileInfo(path + "-wal").Length);
            Assert.True((await AuditLog.VerifyAsync(db)).IsIntact);
            Assert.Equal(1500, await db.Audit.CountAsync());
        }
        finally
        {
            await TestDatabases.DropAsync(cs);
        }
    }

    [Fact]
    public void A_password_verifies_only_against_its_own_hash()
    {
        var hash = PasswordHasher.Hash("correct horse battery", iterations: 1000);
        Assert.StartsWith("pbkdf2-sha256$1000$", hash, StringComparison.Ordinal);
        Assert.True(PasswordHasher.Verify("correct horse battery", hash));
        Assert.False(PasswordHasher.Verify("correct horse batterY", hash));
        Assert.False(PasswordHasher.Verify("x", "not-a-hash"));
        Assert.False(PasswordHasher.Verify("x", null));
        Assert.NotEqual(hash, PasswordHasher.Hash("correct horse battery", iterations: 1000));
    }
}

using System.Collections.Concurrent;
using Npgsql;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Storage.Postgres;
using OrleansPlatform.Tests.Infrastructure;

namespace OrleansPlatform.Tests.Storage;

/// <summary>
/// The global feed's hardest promise on PostgreSQL: a reader paging by nextPosition while writers commit concurrently
/// (some slowly, some rolling back) sees every committed event exactly once, in position order.
/// </summary>
[Collection(PostgresStorageCollection.Name)]
public sealed class PostgresGlobalFeedTests(PostgresEventLogFixture fixture)
{
    [Fact]
    public async Task ReadAll_WhileSlowAndRolledBackTransactionsInterleave_NeverSkipsACommittedEvent()
    {
        var type = "Gap" + Guid.NewGuid().ToString("N");
        var committed = new ConcurrentBag<Guid>();
        using var writing = new CancellationTokenSource();

        var fastWriters = Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 40; i++)
            {
                var append = EventLogContractTests.Append(EventLogContractTests.Stream(), 0, 2, type);
                var outcome = (await fixture.Log.AppendBatchAsync([append], CancellationToken.None))[0];
                Assert.True(outcome.Committed);
                foreach (var e in append.Events)
                {
                    committed.Add(e.EventId);
                }
            }
        })).ToList();
        var slowWriters = Enumerable.Range(0, 3).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 6; i++)
            {
                var id = Guid.NewGuid();
                var commit = (i + w) % 2 == 0;
                await SlowTransactionAsync(fixture.DataSource, type, id, commit);
                if (commit)
                {
                    committed.Add(id);
                }
            }
        })).ToList();
        var writers = Task.WhenAll(fastWriters.Concat(slowWriters));

        var seen = new List<RecordedEvent>();
        long next = 0;
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            var done = writers.IsCompleted;
            var slice = await fixture.Log.ReadAllAsync(new ReadAllRequest(next, 7, [type]), CancellationToken.None);
            seen.AddRange(slice.Events);
            next = slice.NextPosition;
            if (done && slice.Events.Count == 0)
            {
                break;
            }
        }

        await writers;
        Assert.Equal(seen.Select(e => e.Position).Order(), seen.Select(e => e.Position));
        Assert.Equal(seen.Count, seen.Select(e => e.EventId).Distinct().Count());
        Assert.Equal(committed.Order(), seen.Select(e => e.EventId).Order());
    }

    [Fact]
    public async Task ReadAll_BehindARunningTransaction_HoldsNextPositionBelowIt()
    {
        var type = "Hold" + Guid.NewGuid().ToString("N");
        await using var connection = await fixture.DataSource.OpenConnectionAsync();
        await using var open = await connection.BeginTransactionAsync();
        await InsertAsync(connection, open, type, Guid.NewGuid());
        var later = EventLogContractTests.Append(EventLogContractTests.Stream(), 0, 1, type);
        await fixture.Log.AppendBatchAsync([later], CancellationToken.None);

        var whileOpen = await fixture.Log.ReadAllAsync(new ReadAllRequest(0, 100, [type]), CancellationToken.None);
        await open.CommitAsync();
        // Other tests' transactions on the shared database can hold the frontier a moment longer: poll with a deadline.
        var afterCommit = await Eventually.MatchAsync(
            () => fixture.Log.ReadAllAsync(new ReadAllRequest(whileOpen.NextPosition, 100, [type]), CancellationToken.None),
            slice => slice.Events.Count >= 2);

        Assert.Empty(whileOpen.Events);
        Assert.Equal(2, afterCommit.Events.Count);
    }

    private static async Task SlowTransactionAsync(NpgsqlDataSource dataSource, string type, Guid id, bool commit)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await InsertAsync(connection, transaction, type, id);
        // Hold the transaction open so that later transactions commit higher positions first.
        await using (var hold = new NpgsqlCommand("SELECT pg_sleep(0.15)", connection, transaction))
        {
            await hold.ExecuteNonQueryAsync();
        }

        if (commit)
        {
            await transaction.CommitAsync();
        }
        else
        {
            await transaction.RollbackAsync();
        }
    }

    private static async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string type, Guid id)
    {
        await using var insert = new NpgsqlCommand($"""
            INSERT INTO platform_events (position, stream_id, version, event_id, event_type, data, created_at)
            VALUES ((pg_current_xact_id()::text::bigint << {PostgresPositions.OrdinalBits}) | 1, @s, 1, @id, @t, json_build_object(), now())
            """, connection, transaction);
        insert.Parameters.AddWithValue("s", "slow-" + id.ToString("N"));
        insert.Parameters.AddWithValue("id", id);
        insert.Parameters.AddWithValue("t", type);
        await insert.ExecuteNonQueryAsync();
    }
}

using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Storage.EventLog;

namespace OrleansPlatform.Tests.Storage;

/// <summary>What every event log backend must guarantee; subclassed once per backend.</summary>
public abstract partial class EventLogContractTests(IEventLog log)
{
    internal static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public async Task AppendBatch_OneAppendConflicts_OthersCommitAndItKeepsNothing()
    {
        var (a, b, c) = (Stream(), Stream(), Stream());
        await log.AppendBatchAsync([Append(b, 0, 1)], CancellationToken.None);

        // b's second event collides with b's existing version 1 only if it starts at 0: the whole append must vanish.
        var outcomes = await log.AppendBatchAsync([Append(a, 0, 2), Append(b, 0, 3), Append(c, 0, 1)], CancellationToken.None);

        Assert.Equal([true, false, true], outcomes.Select(o => o.Committed));
        Assert.Equal(2, (await log.GetStreamInfoAsync(a, CancellationToken.None))!.Version);
        Assert.Equal(1, (await log.GetStreamInfoAsync(b, CancellationToken.None))!.Version);
        Assert.Single(await log.ReadStreamAsync(b, 1, 10, ReadDirection.Forward, CancellationToken.None));
    }

    [Fact]
    public async Task AppendBatch_EventIdAlreadyInStream_RefusesTheAppend()
    {
        var stream = Stream();
        var first = Append(stream, 0, 1);
        await log.AppendBatchAsync([first], CancellationToken.None);

        var repeat = first with { CurrentVersion = 1 };
        var outcomes = await log.AppendBatchAsync([repeat], CancellationToken.None);

        Assert.False(outcomes[0].Committed);
        var found = await log.FindByEventIdsAsync(stream, [first.Events[0].EventId], CancellationToken.None);
        Assert.Equal(1, Assert.Single(found).Version);
    }

    [Fact]
    public async Task AppendBatch_Committed_PositionsIncreaseWithVersionsAndMatchOutcome()
    {
        var stream = Stream();

        var outcome = (await log.AppendBatchAsync([Append(stream, 0, 3)], CancellationToken.None))[0];

        var events = await log.ReadStreamAsync(stream, 1, 10, ReadDirection.Forward, CancellationToken.None);
        Assert.Equal([1L, 2L, 3L], events.Select(e => e.Version));
        Assert.Equal(events.Select(e => e.Position).Order(), events.Select(e => e.Position));
        Assert.Equal(outcome.LastPosition, events[^1].Position);
        Assert.Equal(Now, events[0].Timestamp);
    }

    [Fact]
    public async Task ReadAll_FromNextPosition_NeverRepeatsOrSkips()
    {
        var type = "T" + Guid.NewGuid().ToString("N");
        for (var i = 0; i < 5; i++)
        {
            await log.AppendBatchAsync([Append(Stream(), 0, 2, type)], CancellationToken.None);
        }

        var seen = new List<long>();
        long next = 0;
        for (var page = 0; page < 50 && seen.Count < 10; page++)
        {
            var slice = await log.ReadAllAsync(new ReadAllRequest(next, 3, [type]), CancellationToken.None);
            seen.AddRange(slice.Events.Select(e => e.Position));
            next = slice.NextPosition;
        }

        Assert.Equal(10, seen.Distinct().Count());
        Assert.Equal(seen.Order(), seen);
        var after = await log.ReadAllAsync(new ReadAllRequest(next, 100, [type]), CancellationToken.None);
        Assert.Empty(after.Events);
    }

    [Fact]
    public async Task GroupCommit_ManyConcurrentAppends_EachGetsItsOwnOutcome()
    {
        await using var appender = new GroupCommitAppender(log, Options.Create(new GroupCommitOptions { MaxBatchEvents = 50, MaxConcurrentBatches = 2 }), NullLogger<GroupCommitAppender>.Instance);
        var streams = Enumerable.Range(0, 200).Select(_ => Stream()).ToList();

        // Every stream gets one good append and one stale duplicate of version 1.
        var good = streams.Select(s => appender.AppendAsync(Append(s, 0, 1))).ToList();
        await Task.WhenAll(good);
        var stale = await Task.WhenAll(streams.Select(s => appender.AppendAsync(Append(s, 0, 1))));

        Assert.All(good, t => Assert.True(t.Result.Committed));
        Assert.All(stale, o => Assert.False(o.Committed));
        Assert.Equal(200, good.Select(t => t.Result.LastPosition).Distinct().Count());
    }

    protected IEventLog Log => log;

    internal static string Stream() => "log-" + Guid.NewGuid().ToString("N");

    internal static PendingAppend Append(string stream, long current, int count, string type = "Happened", DateTimeOffset? at = null) =>
        new(stream, current, Enumerable.Range(0, count).Select(i => new EventData(Guid.NewGuid(), type, $$"""{"i":{{i}}}""")).ToList(), at ?? Now);
}

[Collection(PostgresStorageCollection.Name)]
public sealed class PostgresEventLogContractTests(PostgresEventLogFixture fixture) : EventLogContractTests(fixture.Log);

[Collection(SqliteStorageCollection.Name)]
public sealed class SqliteEventLogContractTests(SqliteEventLogFixture fixture) : EventLogContractTests(fixture.Log);

using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Grains.TimeTravel;
using OrleansPlatform.Tests.Infrastructure;

namespace OrleansPlatform.Tests.Storage;

/// <summary>Reads, time lookups and retention every backend must agree on.</summary>
public abstract partial class EventLogContractTests
{
    [Fact]
    public async Task ReadStream_Backward_ReturnsNewestFirstFromTheGivenVersion()
    {
        var stream = Stream();
        await Log.AppendBatchAsync([Append(stream, 0, 5)], CancellationToken.None);

        var fromFour = await Log.ReadStreamAsync(stream, 4, 2, ReadDirection.Backward, CancellationToken.None);
        var fromEnd = await Log.ReadStreamAsync(stream, long.MaxValue, 10, ReadDirection.Backward, CancellationToken.None);

        Assert.Equal([4L, 3L], fromFour.Select(e => e.Version));
        Assert.Equal([5L, 4L, 3L, 2L, 1L], fromEnd.Select(e => e.Version));
    }

    [Fact]
    public async Task FindVersionAt_TimeBetweenAppends_ReturnsTheFirstVersionAtOrAfterIt()
    {
        var stream = Stream();
        await Log.AppendBatchAsync([Append(stream, 0, 2, at: Now)], CancellationToken.None);
        await Log.AppendBatchAsync([Append(stream, 2, 1, at: Now.AddHours(1))], CancellationToken.None);

        Assert.Equal(1, await Log.FindVersionAtAsync(stream, Now.AddMinutes(-1), CancellationToken.None));
        Assert.Equal(1, await Log.FindVersionAtAsync(stream, Now, CancellationToken.None));
        Assert.Equal(3, await Log.FindVersionAtAsync(stream, Now.AddMinutes(30), CancellationToken.None));
        Assert.Null(await Log.FindVersionAtAsync(stream, Now.AddHours(2), CancellationToken.None));
    }

    [Fact]
    public async Task FindPositionAt_StampBehindCommitOrder_StillFindsTheEarlierPosition()
    {
        // A time of its own, far from every other test's stamps, so the global lookup sees only these two events.
        var t = new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(Random.Shared.Next(1_000_000));
        // A silo with a fast clock commits first but stamps later than one with a slow clock that commits after it.
        var fast = (await Log.AppendBatchAsync([Append(Stream(), 0, 1, at: t.AddSeconds(3))], CancellationToken.None))[0];
        var slow = (await Log.AppendBatchAsync([Append(Stream(), 0, 1, at: t.AddSeconds(-1))], CancellationToken.None))[0];

        Assert.True(fast.LastPosition < slow.LastPosition);
        Assert.Equal(fast.LastPosition, await Log.FindPositionAtAsync(t.AddSeconds(-5), TimeSpan.FromSeconds(10), CancellationToken.None));
        Assert.Equal(slow.LastPosition, await Log.FindPositionAtAsync(t.AddSeconds(-5), TimeSpan.Zero, CancellationToken.None));
        Assert.Equal(fast.LastPosition, await Log.FindPositionAtAsync(t.AddSeconds(2), TimeSpan.Zero, CancellationToken.None));
        Assert.Null(await Log.FindPositionAtAsync(t.AddYears(1000), TimeSpan.FromSeconds(10), CancellationToken.None));
    }

    [Fact]
    public async Task FeedFromTime_SlowAndFastClocks_ReturnsEveryEventStampedAtOrAfterTheTimeAndNoOther()
    {
        var t = new DateTimeOffset(2200, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(Random.Shared.Next(1_000_000));
        var early = (await Log.AppendBatchAsync([Append(Stream(), 0, 1, at: t.AddSeconds(-30))], CancellationToken.None))[0];
        var fast = (await Log.AppendBatchAsync([Append(Stream(), 0, 1, at: t.AddSeconds(3))], CancellationToken.None))[0];
        var slowBefore = (await Log.AppendBatchAsync([Append(Stream(), 0, 1, at: t.AddSeconds(-1))], CancellationToken.None))[0];
        var atT = (await Log.AppendBatchAsync([Append(Stream(), 0, 1, at: t)], CancellationToken.None))[0];
        var ours = new[] { early, fast, slowBefore, atT }.Select(o => o.LastPosition).ToHashSet();

        var seen = new List<RecordedEvent>();
        var request = new ReadAllRequest(0, 2);
        for (var page = 0; page < 10_000 && !seen.Any(e => e.Position == atT.LastPosition); page++)
        {
            var slice = await FeedFromTime.ReadAsync(Log, request, t, TimeSpan.FromSeconds(5));
            seen.AddRange(slice.Events);
            request = request with { FromPosition = slice.NextPosition };
        }

        Assert.Equal([fast.LastPosition, atT.LastPosition], seen.Where(e => ours.Contains(e.Position)).Select(e => e.Position));
        Assert.All(seen, e => Assert.True(e.Timestamp >= t));
    }

    [Fact]
    public async Task PurgeBefore_Cutoff_DeletesOlderEventsButAlwaysKeepsTheNewest()
    {
        var stream = Stream();
        await Log.AppendBatchAsync([Append(stream, 0, 2, at: Now)], CancellationToken.None);
        await Log.AppendBatchAsync([Append(stream, 2, 1, at: Now.AddHours(1))], CancellationToken.None);

        var first = await Log.PurgeBeforeAsync(stream, Now.AddMinutes(30), CancellationToken.None);
        var second = await Log.PurgeBeforeAsync(stream, Now.AddDays(1), CancellationToken.None);

        Assert.Equal(2, first);
        Assert.Equal(0, second);
        var left = await Log.ReadStreamAsync(stream, 1, 10, ReadDirection.Forward, CancellationToken.None);
        Assert.Equal(3, Assert.Single(left).Version);
        Assert.Equal(3, (await Log.GetStreamInfoAsync(stream, CancellationToken.None))!.Version);
    }

    [Fact]
    public async Task ReadAll_SystemStreams_LeftOutUnlessAskedFor()
    {
        var type = "Sys" + Guid.NewGuid().ToString("N");
        var (system, user) = ("$sys-" + Guid.NewGuid().ToString("N"), Stream());
        await Log.AppendBatchAsync([Append(system, 0, 1, type), Append(user, 0, 1, type)], CancellationToken.None);

        // Other tests' transactions can hold PostgreSQL's frontier a moment: poll until both are visible.
        var all = await Eventually.MatchAsync(
            () => Log.ReadAllAsync(new ReadAllRequest(0, 100, [type], IncludeSystemStreams: true), CancellationToken.None),
            slice => slice.Events.Count == 2);
        var feed = await Log.ReadAllAsync(new ReadAllRequest(0, 100, [type]), CancellationToken.None);

        Assert.Equal([system, user], all.Events.Select(e => e.StreamId).Order(StringComparer.Ordinal));
        Assert.Equal(user, Assert.Single(feed.Events).StreamId);
    }

    [Fact]
    public async Task ReadAll_AuditJournals_InPublicFeedWhileBusInternalsStayHidden()
    {
        var type = "Audit" + Guid.NewGuid().ToString("N");
        var id = Guid.NewGuid().ToString("N");
        string[] audited = [$"$saga:{id}", $"$tx:{id}", $"$service:{id}"];
        string[] internals = [$"$topic:{id}:0", $"$sub:{id}:0", $"$saga-def:{id}", $"$topic-def:{id}"];
        await Log.AppendBatchAsync([.. audited.Concat(internals).Select(stream => Append(stream, 0, 1, type))], CancellationToken.None);

        var all = await Eventually.MatchAsync(
            () => Log.ReadAllAsync(new ReadAllRequest(0, 100, [type], IncludeSystemStreams: true), CancellationToken.None),
            slice => slice.Events.Count == audited.Length + internals.Length);
        var feed = await Log.ReadAllAsync(new ReadAllRequest(0, 100, [type]), CancellationToken.None);

        Assert.Equal(audited.Order(StringComparer.Ordinal), feed.Events.Select(e => e.StreamId).Order(StringComparer.Ordinal));
        Assert.All(all.Events, e => Assert.Equal(EventStoreRules.IsInPublicFeed(e.StreamId), audited.Contains(e.StreamId)));
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansPlatform.Client;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Contracts.TimeTravel;
using OrleansPlatform.Tests.Api;

namespace OrleansPlatform.Tests.Client;

/// <summary>Diff and what-if through the typed .NET client, against the cluster's gateway.</summary>
[Collection(PostgresApiCollection.Name)]
public sealed class TimeTravelClientTests(PostgresPlatformFixture platform) : IAsyncLifetime
{
    private IHost _service = null!;

    private IEventStore Store => _service.Services.GetRequiredService<IEventStore>();

    public async Task InitializeAsync() => _service = await ClientHost.StartAsync(platform.Host);

    public Task DisposeAsync() => ClientHost.StopAsync(_service);

    [Fact]
    public async Task Diff_BetweenVersions_ReturnsStatesAndPatch()
    {
        var stream = "client-" + Guid.NewGuid().ToString("N");
        await Store.AppendAsync(stream, ExpectedVersion.NoStream, [Data("""{"a":1}"""), Data("""{"a":2,"b":true}""")]);

        var diff = await Store.DiffAsync(stream, StreamPoint.AtVersion(1), StreamPoint.AtTime(DateTimeOffset.UtcNow.AddHours(1)));

        Assert.Equal((1L, 2L), (diff.FromVersion, diff.ToVersion));
        Assert.Equal("""{"a":1}""", diff.From);
        Assert.Equal("""[{"op":"replace","path":"/a","value":2},{"op":"add","path":"/b","value":true}]""", diff.Diff);
    }

    [Fact]
    public async Task WhatIf_LeavesOutAndAppendsWithoutWriting()
    {
        var stream = "client-" + Guid.NewGuid().ToString("N");
        var second = Data("""{"b":2}""");
        await Store.AppendAsync(stream, ExpectedVersion.NoStream, [Data("""{"a":1}"""), second]);

        var result = await Store.WhatIfAsync(stream, new WhatIfRequest(StreamPoint.AtVersion(2), [second.EventId], [new HypotheticalEvent("C", """{"c":3}""")]));

        Assert.Equal("""{"a":1,"b":2}""", result.Actual);
        Assert.Equal("""{"a":1,"c":3}""", result.Hypothetical);
        Assert.Equal("""[{"op":"remove","path":"/b"},{"op":"add","path":"/c","value":3}]""", result.Diff);
        Assert.Equal(2, (await Store.GetStreamAsync(stream))!.Version);
    }

    [Fact]
    public async Task WhatIf_UnknownStreamOrBadEvent_ThrowsTypedExceptions()
    {
        var stream = "client-" + Guid.NewGuid().ToString("N");
        await Store.AppendAsync(stream, ExpectedVersion.NoStream, [Data("""{"a":1}""")]);

        await Assert.ThrowsAsync<StreamNotFoundException>(() => Store.WhatIfAsync("client-missing-" + Guid.NewGuid().ToString("N"), new WhatIfRequest(StreamPoint.AtVersion(1), [], [])));
        var error = await Assert.ThrowsAsync<PlatformValidationException>(() => Store.WhatIfAsync(stream, new WhatIfRequest(StreamPoint.AtVersion(1), [], [new HypotheticalEvent("C", "[1]")])));
        Assert.Contains("append[0].data", error.Errors.Keys);
    }

    [Fact]
    public async Task ReadAllFromTime_StartsAtTheFirstEventStampedAtOrAfterIt()
    {
        var stream = "client-" + Guid.NewGuid().ToString("N");
        await Store.AppendAsync(stream, ExpectedVersion.NoStream, [Data("""{"a":1}""")]);
        await Store.AppendAsync(stream, ExpectedVersion.Exactly(1), [Data("""{"a":2}""")]);
        var events = (await Store.ReadStreamAsync(stream)).Events;
        var time = events[1].Timestamp;

        // The search starts up to the clock-skew window early, so under load from other tests the pages before ours may
        // hold only earlier-stamped events (filtered out); page on until past this stream's last event.
        var read = new List<RecordedEvent>();
        var from = 0L;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (from <= events[^1].Position)
        {
            Assert.True(DateTime.UtcNow < deadline, "the feed from a time did not reach the stream's events in time");
            var page = await Store.ReadAllFromTimeAsync(new ReadAllRequest(from, 1_000), time);
            read.AddRange(page.Events);
            from = page.NextPosition;
        }

        Assert.All(read, e => Assert.True(e.Timestamp >= time));
        Assert.Equal(events.Where(e => e.Timestamp >= time).Select(e => e.Position), read.Where(e => e.StreamId == stream).Select(e => e.Position));
    }

    [Fact]
    public async Task SubscribeToAllFromTime_DeliversFromThatTimeOn()
    {
        var stream = "client-" + Guid.NewGuid().ToString("N");
        await Store.AppendAsync(stream, ExpectedVersion.NoStream, [Data("""{"a":1}""")]);
        await Store.AppendAsync(stream, ExpectedVersion.Exactly(1), [Data("""{"a":2}"""), Data("""{"a":3}""")]);
        var events = (await Store.ReadStreamAsync(stream)).Events;
        var time = events[1].Timestamp;
        var delivered = new List<RecordedEvent>();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        await Store.SubscribeToAllFromTimeAsync(time, (e, _) =>
        {
            delivered.Add(e);
            if (e.StreamId == stream && e.Version == 3)
            {
                cancel.Cancel();
            }

            return Task.CompletedTask;
        }, cancellationToken: cancel.Token);

        Assert.All(delivered, e => Assert.True(e.Timestamp >= time));
        Assert.Equal(events.Where(e => e.Timestamp >= time).Select(e => e.Version), delivered.Where(e => e.StreamId == stream).Select(e => e.Version));
    }

    [Fact]
    public async Task GetState_AtVersionAndTime_FoldsUpToThere()
    {
        var stream = "client-" + Guid.NewGuid().ToString("N");
        await Store.AppendAsync(stream, ExpectedVersion.NoStream, [Data("""{"a":1}"""), Data("""{"b":2}""")]);
        var first = (await Store.ReadStreamAsync(stream)).Events[0];

        var atVersion = await Store.GetStateAsync(stream, version: 1);
        var atTime = await Store.GetStateAsync(stream, at: first.Timestamp.AddTicks(-1));
        var now = await Store.GetStateAsync(stream);

        Assert.Equal((1L, """{"a":1}"""), (atVersion.Version, atVersion.State));
        Assert.Equal((0L, "{}"), (atTime.Version, atTime.State));
        Assert.Equal((2L, """{"a":1,"b":2}"""), (now.Version, now.State));
    }

    private static EventData Data(string json) => new(Guid.NewGuid(), "T", json);
}

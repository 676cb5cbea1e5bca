using System.Net;
using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Infrastructure;
using static OrleansPlatform.Tests.Api.ApiClientExtensions;

namespace OrleansPlatform.Tests.Cluster;

/// <summary>Stopping a process loses nothing it acknowledged; a new process (or the surviving silo) carries on.</summary>
public sealed class DurabilityTests
{
    [Fact]
    public async Task Restart_Sqlite_EveryAcknowledgedEventIsStillThere()
    {
        var directory = Path.Combine(Path.GetTempPath(), "op-tests", Guid.NewGuid().ToString("N"));
        await AssertRestartKeepsEventsAsync(() => PlatformHost.Sqlite(directory));
    }

    [Fact]
    public async Task Restart_Postgres_EveryAcknowledgedEventIsStillThere()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        var clusterId = "restart-" + Guid.NewGuid().ToString("N")[..8];
        await AssertRestartKeepsEventsAsync(() => PlatformHost.Postgres(database, clusterId));
    }

    [Fact]
    public async Task SiloLeaves_StreamsItHostedContinueOnTheSurvivorWithCorrectVersions()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        var clusterId = "failover-" + Guid.NewGuid().ToString("N")[..8];
        await using var survivor = PlatformHost.Postgres(database, clusterId);
        var a = await survivor.StartAsync();
        var leaving = PlatformHost.Postgres(database, clusterId);
        var b = await leaving.StartAsync();
        var streams = Enumerable.Range(0, 20).Select(_ => NewStreamId("fo")).ToList();
        foreach (var stream in streams)
        {
            Assert.Equal(HttpStatusCode.Created, (await b.AppendAsync(stream, 0, Event("Before", new { }))).StatusCode);
        }

        await leaving.DisposeAsync();
        var afterwards = await Task.WhenAll(streams.Select(s => a.AppendAsync(s, 1, Event("After", new { }))));

        Assert.All(afterwards, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        foreach (var stream in streams)
        {
            Assert.Equal(2, (await a.GetJsonAsync($"/api/v1/streams/{stream}"))["version"].Long());
        }
    }

    [Fact]
    public async Task Shutdown_WithAppendsInFlight_KeepsEveryAcknowledgedAppend()
    {
        var directory = Path.Combine(Path.GetTempPath(), "op-tests", Guid.NewGuid().ToString("N"));
        var host = PlatformHost.Sqlite(directory);
        var client = await host.StartAsync();
        var streams = Enumerable.Range(0, 300).Select(_ => NewStreamId("sd")).ToList();

        var appends = streams.Select(async s =>
        {
            try
            {
                return (Stream: s, StatusCode: (await client.AppendAsync(s, 0, Event("Sent", new { }))).StatusCode);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or OperationCanceledException or ObjectDisposedException)
            {
                return (Stream: s, StatusCode: HttpStatusCode.ServiceUnavailable);
            }
        }).ToList();
        await Eventually.MatchAsync(() => Task.FromResult(appends.Count(t => t.IsCompleted)), n => n >= 50);
        await host.DisposeAsync();
        var results = await Task.WhenAll(appends);

        await using var restarted = PlatformHost.Sqlite(directory);
        var after = await restarted.StartAsync();
        var acknowledged = results.Where(r => r.StatusCode == HttpStatusCode.Created).Select(r => r.Stream).ToList();
        Assert.NotEmpty(acknowledged);
        foreach (var stream in acknowledged)
        {
            Assert.Equal(HttpStatusCode.OK, (await after.GetAsync($"/api/v1/streams/{stream}")).StatusCode);
        }
    }

    private static async Task AssertRestartKeepsEventsAsync(Func<PlatformHost> newHost)
    {
        var stream = NewStreamId("durable");
        var first = newHost();
        var client = await first.StartAsync();
        await client.AppendAsync(stream, 0, Event("One", new { n = 1 }), Event("Two", new { n = 2 }));
        await client.AppendAsync(stream, 2, Event("Three", new { n = 3 }));
        await first.DisposeAsync();

        await using var second = newHost();
        var again = await second.StartAsync();
        var read = await again.GetJsonAsync($"/api/v1/streams/{stream}/events");
        var next = await again.AppendAsync(stream, 3, Event("Four", new { n = 4 }));

        Assert.Equal(["One", "Two", "Three"], read["events"]!.AsArray().Select(e => e!["type"].Str()));
        Assert.Equal(HttpStatusCode.Created, next.StatusCode);
    }
}

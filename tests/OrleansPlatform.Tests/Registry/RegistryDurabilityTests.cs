using System.Net.Http.Json;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Grains.Calls;
using OrleansPlatform.Storage.EventLog;
using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Infrastructure;

namespace OrleansPlatform.Tests.Registry;

/// <summary>The registry's journal: its audit trail in <c>$service:{name}</c>, what survives a restart, reaping.</summary>
[Collection(RegistryCollection.Name)]
public sealed class RegistryDurabilityTests(RegistryPlatformFixture fixture)
{
    private static readonly string[] Blue = ["blue"];

    [Fact]
    public async Task Restart_SqliteBeyondASnapshot_InstancesPolicyAndIndexSurvive()
    {
        var directory = Path.Combine(Path.GetTempPath(), "op-tests", Guid.NewGuid().ToString("N"));
        var service = RegistryApi.NewService();
        long index;
        await using (var first = PlatformHost.Sqlite(directory))
        {
            var client = await first.StartAsync();
            await client.RegisterAsync(service, "i-1", new { address = "http://127.0.0.1:7001", weight = 4, tags = Blue });
            await client.RegisterAsync(service, "i-2", new { address = "http://127.0.0.1:7002" });
            await client.PutAsJsonAsync($"/api/v1/services/{service}/policy", new { loadBalancing = "weighted", retry = new { maxAttempts = 3 } });
            await client.DeleteAsync($"/api/v1/services/{service}/instances/i-2");
            // Past the snapshot threshold (200 entries): the restart starts from a snapshot and folds the rest.
            for (var i = 0; i < 110; i++)
            {
                await client.RegisterAsync(service, "churn", new { address = $"http://127.0.0.1:{8000 + i}" });
                await client.DeleteAsync($"/api/v1/services/{service}/instances/churn");
            }

            index = (await client.GetJsonAsync($"/api/v1/services/{service}"))["index"].Long();
        }

        await using var second = PlatformHost.Sqlite(directory);
        var restarted = await second.StartAsync();
        var view = await restarted.GetJsonAsync($"/api/v1/services/{service}");

        Assert.Equal(index, view["index"].Long());
        var instance = view["instances"]!.AsArray().Single()!;
        Assert.Equal("i-1", instance["instanceId"].Str());
        Assert.Equal(4, instance["weight"]!.GetValue<int>());
        Assert.Equal("blue", instance["tags"]![0].Str());
        Assert.Equal("weighted", view["policy"]!["loadBalancing"].Str());
        Assert.Contains((await restarted.GetJsonAsync("/api/v1/services"))["services"]!.AsArray(), s => s!["service"].Str() == service);
    }

    [Fact]
    public async Task Restart_Postgres_InstancesPolicyAndIndexSurvive()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        var clusterId = "registry-" + Guid.NewGuid().ToString("N")[..8];
        var service = RegistryApi.NewService();
        long index;
        await using (var first = PlatformHost.Postgres(database, clusterId))
        {
            var client = await first.StartAsync();
            await client.RegisterAsync(service, "i-1", new { address = "http://127.0.0.1:7001", weight = 4, tags = Blue });
            await client.RegisterAsync(service, "i-2", new { address = "http://127.0.0.1:7002" });
            await client.PutAsJsonAsync($"/api/v1/services/{service}/policy", new { loadBalancing = "weighted" });
            await client.DeleteAsync($"/api/v1/services/{service}/instances/i-2");
            index = (await client.GetJsonAsync($"/api/v1/services/{service}"))["index"].Long();
        }

        await using var second = PlatformHost.Postgres(database, clusterId);
        var restarted = await second.StartAsync();
        var view = await restarted.GetJsonAsync($"/api/v1/services/{service}");

        Assert.Equal(index, view["index"].Long());
        var instance = view["instances"]!.AsArray().Single()!;
        Assert.Equal("i-1", instance["instanceId"].Str());
        Assert.Equal(4, instance["weight"]!.GetValue<int>());
        Assert.Equal("weighted", view["policy"]!["loadBalancing"].Str());
        Assert.Equal("i-1", (await restarted.GetJsonAsync($"/api/v1/services/{service}/resolve"))["instanceId"].Str());
    }

    [Fact]
    public async Task Journal_RegisterPolicyHealthAndDeregister_AreEventsOfTheServiceStream()
    {
        var client = fixture.Client;
        var service = RegistryApi.NewService();
        await client.PutAsJsonAsync($"/api/v1/services/{service}/policy", new { timeout = "00:00:02" });
        await client.RegisterAsync(service, "i-1", new { address = "http://127.0.0.1:7001", ttl = "00:00:00.200" });
        await Eventually.MatchAsync(() => client.StatusOfAsync(service, "i-1"), s => s == "unhealthy");
        await client.DeleteAsync($"/api/v1/services/{service}/instances/i-1");

        var events = await fixture.Host.Service<IEventLog>().ReadStreamAsync($"$service:{service}", 1, 100, ReadDirection.Forward, CancellationToken.None);

        Assert.Equal(
            ["ServicePolicyChanged.v1", "ServiceInstanceRegistered.v1", "ServiceInstanceHealthChanged.v1", "ServiceInstanceDeregistered.v1"],
            events.Select(e => e.Type));
        Assert.Contains("\"unhealthy\"", events[2].Data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Heartbeats_ManyOfThem_WriteNothingToTheJournalNorMoveTheIndex()
    {
        var client = fixture.Client;
        var service = RegistryApi.NewService();
        await client.RegisterAsync(service, "i-1", new { address = "http://127.0.0.1:7001", ttl = "00:01:00" });
        var before = await client.GetJsonAsync($"/api/v1/services/{service}");

        for (var i = 0; i < 25; i++)
        {
            Assert.Equal(System.Net.HttpStatusCode.NoContent, (await client.HeartbeatAsync(service, "i-1")).StatusCode);
        }

        var after = await client.GetJsonAsync($"/api/v1/services/{service}");
        var events = await fixture.Host.Service<IEventLog>().ReadStreamAsync($"$service:{service}", 1, 100, ReadDirection.Forward, CancellationToken.None);
        Assert.Equal(before["index"].Long(), after["index"].Long());
        Assert.Equal(["ServiceInstanceRegistered.v1"], events.Select(e => e.Type));
        Assert.True(after["instances"]![0]!["lastHeartbeat"]!.GetValue<DateTimeOffset>() > before["instances"]![0]!["lastHeartbeat"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task GlobalFeed_RegistrationAndDeregistration_AppearAsTheAuditTrail()
    {
        var client = fixture.Client;
        var service = RegistryApi.NewService();
        await client.RegisterAsync(service, "i-1", new { address = "http://127.0.0.1:7001" });
        await client.DeleteAsync($"/api/v1/services/{service}/instances/i-1");

        var seen = new List<string>();
        long next = 0;
        while (true)
        {
            var slice = await client.GetJsonAsync($"/api/v1/events?fromPosition={next}&limit=1000&type=ServiceInstanceRegistered.v1,ServiceInstanceDeregistered.v1");
            var events = slice["events"]!.AsArray();
            seen.AddRange(events.Where(e => e!["streamId"].Str() == $"$service:{service}").Select(e => e!["type"].Str()));
            if (events.Count == 0)
            {
                break;
            }

            next = slice["nextPosition"].Long();
        }

        Assert.Equal(["ServiceInstanceRegistered.v1", "ServiceInstanceDeregistered.v1"], seen);
    }

    [Fact]
    public async Task Reap_UnhealthyLongerThanReapAfter_InstanceIsRemovedWithReasonReaped()
    {
        var client = fixture.Client;
        var service = RegistryApi.NewService();
        await client.RegisterAsync(service, "i-1", new { address = "http://127.0.0.1:7001", ttl = "00:00:00.200" });
        await client.RegisterAsync(service, "i-2", new { address = "http://127.0.0.1:7002" });

        await Eventually.MatchAsync(() => client.InstancesAsync(service), instances => instances.Count == 1);

        var events = await fixture.Host.Service<IEventLog>().ReadStreamAsync($"$service:{service}", 1, 100, ReadDirection.Forward, CancellationToken.None);
        var last = events[^1];
        Assert.Equal("ServiceInstanceDeregistered.v1", last.Type);
        Assert.Contains("reaped", last.Data, StringComparison.Ordinal);
        Assert.Equal("i-2", (await client.InstancesAsync(service)).Single()!["instanceId"].Str());
    }

    [Fact]
    public async Task ServiceResolver_RegisteredServiceUsesTheRegistryAndUnknownFallsBackToConfiguration()
    {
        var client = fixture.Client;
        var service = RegistryApi.NewService();
        await client.RegisterAsync(service, "i-1", new { address = "http://127.0.0.1:7001" });
        var resolver = fixture.Host.Service<IServiceResolver>();

        var registered = await resolver.ResolveAsync(service, CancellationToken.None);
        var configured = await resolver.ResolveAsync("legacy", CancellationToken.None);
        var unknown = await resolver.ResolveAsync(RegistryApi.NewService(), CancellationToken.None);

        Assert.Equal(new Uri("http://127.0.0.1:7001"), registered);
        Assert.Equal(new Uri("http://127.0.0.1:1/"), configured);
        Assert.Null(unknown);
    }
}

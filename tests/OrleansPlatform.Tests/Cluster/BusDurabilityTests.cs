using System.Net;
using System.Net.Http.Json;
using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Bus;
using OrleansPlatform.Tests.Infrastructure;

namespace OrleansPlatform.Tests.Cluster;

/// <summary>The bus across restarts and silo loss: dedup survives, nothing acknowledged is lost.</summary>
public sealed class BusDurabilityTests
{
    [Fact]
    public async Task Dedup_AcrossRestart_Sqlite_RepeatIsStillADuplicate()
    {
        var directory = Path.Combine(Path.GetTempPath(), "op-tests", Guid.NewGuid().ToString("N"));
        await AssertDedupSurvivesRestartAsync(() => PlatformHost.Sqlite(directory));
    }

    [Fact]
    public async Task Dedup_AcrossRestart_Postgres_RepeatIsStillADuplicate()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        var clusterId = "dedup-" + Guid.NewGuid().ToString("N")[..8];
        await AssertDedupSurvivesRestartAsync(() => PlatformHost.Postgres(database, clusterId));
    }

    [Fact]
    public async Task SiloLeavesMidDelivery_SurvivorDeliversEveryEventInOrderPerKey()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var database = await TestPostgres.CreateDatabaseAsync();
        var clusterId = "bus-fo-" + Guid.NewGuid().ToString("N")[..8];
        await using var survivor = PlatformHost.Postgres(database, clusterId);
        var a = await survivor.StartAsync();
        var leaving = PlatformHost.Postgres(database, clusterId);
        var b = await leaving.StartAsync();
        var topic = TopicApiTests.NewTopic();
        var sub = "fo-" + Guid.NewGuid().ToString("N")[..10];
        await a.PutAsJsonAsync($"/api/v1/topics/{topic}", new { partitions = 4 });
        var created = await b.PutAsJsonAsync($"/api/v1/subscriptions/{sub}", new
        {
            topic, delivery = new { type = "webhook", url = receiver.Url }, startFrom = "earliest", maxInFlight = 4,
            backoff = new { initial = "00:00:00.050", multiplier = 2, max = "00:00:00.200" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        await PublishAsync(b, topic, 0, 100);
        await Eventually.MatchAsync(() => Task.FromResult(receiver.Accepted.Count), n => n >= 20);
        await leaving.DisposeAsync();
        await PublishAsync(a, topic, 100, 40);
        await Eventually.MatchAsync(() => Task.FromResult(receiver.Accepted.Select(c => c.CloudEvent["id"]!.GetValue<string>()).Distinct().Count()), n => n == 140, TimeSpan.FromSeconds(90));

        foreach (var key in receiver.Accepted.GroupBy(c => c.Key))
        {
            // At-least-once: a redelivery may repeat events, but first deliveries keep the key's order.
            var firsts = key.Select(c => c.Data!["seq"]!.GetValue<int>()).Distinct().ToList();
            Assert.Equal(firsts.Order(), firsts);
        }

        await Eventually.MatchAsync(() => a.GetJsonAsync($"/api/v1/subscriptions/{sub}"), s => s["lag"].Long() == 0, TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task Restart_Sqlite_TheNextPublishWakesAnIdleWebhookSubscriptionAtOnce()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var directory = Path.Combine(Path.GetTempPath(), "op-tests", Guid.NewGuid().ToString("N"));
        var topic = TopicApiTests.NewTopic();
        var first = PlatformHost.Sqlite(directory);
        var client = await first.StartAsync();
        await client.PutAsJsonAsync($"/api/v1/topics/{topic}", new { partitions = 1 });
        var created = await client.PutAsJsonAsync($"/api/v1/subscriptions/wake-{Guid.NewGuid():N}", new
        {
            topic, delivery = new { type = "webhook", url = receiver.Url }, startFrom = "earliest",
        });
        await PublishAsync(client, topic, 0, 1);
        await Eventually.MatchAsync(() => Task.FromResult(receiver.Accepted.Count), n => n == 1);
        await first.DisposeAsync();

        await using var second = PlatformHost.Sqlite(directory);
        client = await second.StartAsync();
        await PublishAsync(client, topic, 1, 1);

        // Nothing but the stream subscription can wake the subscription this fast: its keep-alive reminder ticks once a minute.
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await Eventually.MatchAsync(() => Task.FromResult(receiver.Accepted.Count), n => n == 2, TimeSpan.FromSeconds(10));
    }

    private static async Task PublishAsync(HttpClient client, string topic, int from, int count)
    {
        var events = Enumerable.Range(from, count).Select(seq => new { key = $"k{seq % 10}", type = "Moved", data = new { seq } }).ToArray();
        var response = await client.PostAsJsonAsync($"/api/v1/topics/{topic}/events", new { events });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private static async Task AssertDedupSurvivesRestartAsync(Func<PlatformHost> newHost)
    {
        var topic = TopicApiTests.NewTopic();
        var message = new { eventId = Guid.NewGuid(), key = "order-1", type = "OrderPlaced", data = new { } };
        var first = newHost();
        var client = await first.StartAsync();
        await client.PutAsJsonAsync($"/api/v1/topics/{topic}", new { partitions = 2 });
        var original = await (await client.PostAsJsonAsync($"/api/v1/topics/{topic}/events", message)).JsonAsync();
        await first.DisposeAsync();

        await using var second = newHost();
        var again = await second.StartAsync();
        var repeated = await again.PostAsJsonAsync($"/api/v1/topics/{topic}/events", message);

        Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        var body = await repeated.JsonAsync();
        Assert.True(body["duplicate"]!.GetValue<bool>());
        Assert.Equal(original["offset"].Long(), body["offset"].Long());
    }
}

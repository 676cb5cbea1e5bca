using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansPlatform.Contracts.Bus;
using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Infrastructure;

namespace OrleansPlatform.Tests.Bus;

/// <summary>Topics and publishing over HTTP (api.md), run once per storage backend.</summary>
public abstract class TopicApiTests(HttpClient client, PlatformHost host)
{
    internal static string NewTopic() => "t-" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task PutTopic_CreateThenRepeatThenChangePartitions_Returns201Then200Then409()
    {
        var topic = NewTopic();

        var created = await client.PutAsJsonAsync($"/api/v1/topics/{topic}", new { partitions = 4, retention = "1.00:00:00" });
        var repeated = await client.PutAsJsonAsync($"/api/v1/topics/{topic}", new { partitions = 4, retention = "1.00:00:00" });
        var changed = await client.PutAsJsonAsync($"/api/v1/topics/{topic}", new { partitions = 8 });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, changed.StatusCode);
        var info = await client.GetJsonAsync($"/api/v1/topics/{topic}");
        Assert.Equal(4, info["partitions"]!.GetValue<int>());
        Assert.Equal("1.00:00:00", info["retention"].Str());
    }

    [Theory]
    [InlineData("""{"partitions":0}""")]
    [InlineData("""{"partitions":9999}""")]
    [InlineData("""{"retention":"-01:00:00"}""")]
    [InlineData("""{"retention":"soon"}""")]
    public async Task PutTopic_InvalidSettings_Returns400(string json)
    {
        var response = await client.PutAsync($"/api/v1/topics/{NewTopic()}", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Publish_UnknownTopic_Returns404()
    {
        var response = await client.PostAsJsonAsync($"/api/v1/topics/{NewTopic()}/events", new { key = "k", type = "T", data = new { } });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Publish_SameEventIdTwice_SecondIs200DuplicateWithFirstReceipt()
    {
        var topic = await CreateTopicAsync(4);
        var message = new { eventId = Guid.NewGuid(), key = "order-42", type = "OrderPlaced", data = new { total = 1 } };

        var first = await client.PostAsJsonAsync($"/api/v1/topics/{topic}/events", message);
        var second = await client.PostAsJsonAsync($"/api/v1/topics/{topic}/events", message);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var (a, b) = (await first.JsonAsync(), await second.JsonAsync());
        Assert.Equal(a["offset"].Long(), b["offset"].Long());
        Assert.Equal(a["partition"]!.GetValue<int>(), b["partition"]!.GetValue<int>());
        Assert.True(b["duplicate"]!.GetValue<bool>());
        var read = await client.GetJsonAsync($"/api/v1/topics/{topic}/events?partition={a["partition"]}");
        Assert.Single(read["events"]!.AsArray());
    }

    [Fact]
    public async Task Publish_SameKeyFromConcurrentPublishers_KeepsEachKeysOrder()
    {
        var topic = await CreateTopicAsync(3);
        var keys = Enumerable.Range(0, 12).Select(k => $"key-{k}").ToList();

        // One ordered publisher per key, all keys at once.
        await Task.WhenAll(keys.Select(async key =>
        {
            for (var seq = 0; seq < 15; seq++)
            {
                var response = await client.PostAsJsonAsync($"/api/v1/topics/{topic}/events", new { key, type = "Seq", data = new { seq } });
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            }
        }));

        var all = new List<JsonNode>();
        for (var p = 0; p < 3; p++)
        {
            all.AddRange((await client.GetJsonAsync($"/api/v1/topics/{topic}/events?partition={p}&limit=1000"))["events"]!.AsArray()!);
        }

        Assert.Equal(180, all.Count);
        foreach (var group in all.GroupBy(e => e["key"].Str()))
        {
            Assert.Single(group.Select(e => e["partition"]!.GetValue<int>()).Distinct());
            var sequence = group.OrderBy(e => e["offset"].Long()).Select(e => e["data"]!["seq"]!.GetValue<int>()).ToList();
            Assert.Equal(Enumerable.Range(0, 15), sequence);
        }
    }

    [Fact]
    public async Task Publish_Batch_ReturnsReceiptsInRequestOrderWithConsecutiveOffsetsPerKey()
    {
        var topic = await CreateTopicAsync(2);
        var events = Enumerable.Range(0, 6).Select(i => new { key = i % 2 == 0 ? "even" : "odd", type = "B", data = new { i } }).ToArray();

        var response = await client.PostAsJsonAsync($"/api/v1/topics/{topic}/events", new { events });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var receipts = (await response.Content.ReadFromJsonAsync<JsonArray>())!;
        Assert.Equal(6, receipts.Count);
        var evens = receipts.Where((_, i) => i % 2 == 0).Select(r => r!["offset"].Long()).ToList();
        Assert.Equal([evens[0], evens[0] + 1, evens[0] + 2], evens);
    }

    [Fact]
    public async Task Publish_OverTopicMaxEventBytes_Returns413()
    {
        var topic = NewTopic();
        await client.PutAsJsonAsync($"/api/v1/topics/{topic}", new { partitions = 1, maxEventBytes = 100 });

        var response = await client.PostAsJsonAsync($"/api/v1/topics/{topic}/events", new { key = "k", type = "Big", data = new { text = new string('x', 200) } });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task PutTopic_LoweredMaxEventBytes_AppliesToPartitionsAlreadyPublishing()
    {
        var topic = NewTopic();
        await client.PutAsJsonAsync($"/api/v1/topics/{topic}", new { partitions = 2, maxEventBytes = 1_000 });
        var body = new { key = "k", type = "Mid", data = new { text = new string('x', 300) } };
        var before = await client.PostAsJsonAsync($"/api/v1/topics/{topic}/events", body);

        var lowered = await client.PutAsJsonAsync($"/api/v1/topics/{topic}", new { partitions = 2, maxEventBytes = 100 });
        var after = await client.PostAsJsonAsync($"/api/v1/topics/{topic}/events", body);

        Assert.Equal(HttpStatusCode.Accepted, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, lowered.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, after.StatusCode);
    }

    [Fact]
    public async Task PartitionSettings_PushDelayedPastANewerOne_IsIgnored()
    {
        var topic = NewTopic();
        await client.PutAsJsonAsync($"/api/v1/topics/{topic}", new { partitions = 1, maxEventBytes = 1_000 });
        var lowered = await client.PutAsJsonAsync($"/api/v1/topics/{topic}", new { partitions = 1, maxEventBytes = 100 });
        var grains = host.Service<IClusterClient>();
        var current = (await grains.GetGrain<ITopicGrain>(topic).GetAsync())!;

        // The push of the first definition, arriving late (a slow or retried message).
        var stale = current.Settings with { MaxEventBytes = 1_000 };
        await grains.GetGrain<ITopicPartitionGrain>(BusRules.PartitionKey(topic, 0)).UseSettingsAsync(stale, current.Revision - 1);
        var body = new { key = "k", type = "Mid", data = new { text = new string('x', 300) } };
        var publish = await client.PostAsJsonAsync($"/api/v1/topics/{topic}/events", body);

        Assert.Equal(HttpStatusCode.OK, lowered.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, publish.StatusCode);
    }

    [Fact]
    public async Task Publish_OverRateLimit_Returns429WithRetryAfterButCriticalPasses()
    {
        var topic = NewTopic();
        await client.PutAsJsonAsync($"/api/v1/topics/{topic}", new { partitions = 1, rateLimit = new { permitsPerSecond = 0.5, burst = 1 } });

        var first = await client.PostAsJsonAsync($"/api/v1/topics/{topic}/events", new { key = "k", type = "T", data = new { } });
        var limited = await client.PostAsJsonAsync($"/api/v1/topics/{topic}/events", new { key = "k", type = "T", data = new { } });
        var critical = await client.PostAsJsonAsync($"/api/v1/topics/{topic}/events", new { key = "k", type = "T", data = new { }, priority = "critical" });

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal((HttpStatusCode)429, limited.StatusCode);
        Assert.NotNull(limited.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.Accepted, critical.StatusCode);
    }

    [Fact]
    public async Task Publish_RateLimit_IsOneBucketForTheWholeTopic()
    {
        // Four partitions, one hot key: the key gets the topic's whole burst, not a quarter of it.
        var topic = NewTopic();
        await client.PutAsJsonAsync($"/api/v1/topics/{topic}", new { partitions = 4, rateLimit = new { permitsPerSecond = 0.1, burst = 4 } });
        var one = new { key = "hot", type = "T", data = new { } };

        var withinBurst = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            withinBurst.Add((await client.PostAsJsonAsync($"/api/v1/topics/{topic}/events", one)).StatusCode);
        }

        var otherKey = await client.PostAsJsonAsync($"/api/v1/topics/{topic}/events", new { key = "cold", type = "T", data = new { } });
        var overBurst = await client.PostAsJsonAsync($"/api/v1/topics/{topic}/events", new { events = Enumerable.Repeat(one, 5).ToArray() });

        Assert.All(withinBurst, status => Assert.Equal(HttpStatusCode.Accepted, status));
        Assert.Equal((HttpStatusCode)429, otherKey.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, overBurst.StatusCode);
    }

    [Fact]
    public async Task Publish_LowPriority_IsAcceptedAndReadBackAsLow()
    {
        var topic = await CreateTopicAsync(1);

        var published = await client.PostAsJsonAsync($"/api/v1/topics/{topic}/events", new { key = "k", type = "T", data = new { }, priority = "low" });

        Assert.Equal(HttpStatusCode.Accepted, published.StatusCode);
        var read = await client.GetJsonAsync($"/api/v1/topics/{topic}/events?partition=0");
        Assert.Equal("low", Assert.Single(read["events"]!.AsArray())!["priority"]!.GetValue<string>());
    }

    [Fact]
    public async Task Publish_InvalidEvent_Returns400AndPublishesNothing()
    {
        var topic = await CreateTopicAsync(1);

        var missingType = await client.PostAsJsonAsync($"/api/v1/topics/{topic}/events", new { events = new object[] { new { key = "k", type = "Ok", data = new { } }, new { key = "k", data = new { } } } });
        var badPriority = await client.PostAsJsonAsync($"/api/v1/topics/{topic}/events", new { key = "k", type = "T", data = new { }, priority = "urgent" });

        Assert.Equal(HttpStatusCode.BadRequest, missingType.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badPriority.StatusCode);
        Assert.Empty((await client.GetJsonAsync($"/api/v1/topics/{topic}/events?partition=0"))["events"]!.AsArray());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/v1/topics/{topic}/events?partition=5")).StatusCode);
    }

    [Fact]
    public async Task Retention_PurgeAfterExpiry_OldOffsetsAreGoneAndReadingThemSays410()
    {
        // A dedup window within the retention: the purge deletes at the retention (a longer window keeps rows longer).
        var topic = NewTopic();
        await client.PutAsJsonAsync($"/api/v1/topics/{topic}", new { partitions = 1, retention = "00:00:00.200", dedupWindow = "00:00:00.100" });
        for (var i = 0; i < 3; i++)
        {
            await client.PostAsJsonAsync($"/api/v1/topics/{topic}/events", new { key = "k", type = "Old", data = new { i } });
        }

        var lastPublished = DateTimeOffset.Parse((await client.GetJsonAsync($"/api/v1/topics/{topic}/events?partition=0"))["events"]![2]!["timestamp"].Str(), System.Globalization.CultureInfo.InvariantCulture);
        await Eventually.MatchAsync(() => Task.FromResult(DateTimeOffset.UtcNow), now => now > lastPublished.AddMilliseconds(400));
        var purged = await host.Service<IClusterClient>().GetGrain<ITopicGrain>(topic).PurgeExpiredAsync();
        var fromStart = await client.GetAsync($"/api/v1/topics/{topic}/events?partition=0&fromOffset=0");
        var fromEdge = await client.GetJsonAsync($"/api/v1/topics/{topic}/events?partition=0&fromOffset=2");
        var next = await (await client.PostAsJsonAsync($"/api/v1/topics/{topic}/events", new { key = "k", type = "New", data = new { } })).JsonAsync();

        Assert.Equal(2, purged);
        Assert.Equal(HttpStatusCode.Gone, fromStart.StatusCode);
        Assert.Equal(2, (await fromStart.JsonAsync())["firstAvailableOffset"].Long());
        Assert.Single(fromEdge["events"]!.AsArray());
        Assert.Equal(3, next["offset"].Long());
    }

    [Fact]
    public async Task Retention_ShorterThanDedupWindow_RepeatAfterPurgeIsStillADuplicateAndOldOffsetsSay410()
    {
        // The purge once deleted the original at the retention, so a repeat inside the dedup window was published again.
        var topic = NewTopic();
        await client.PutAsJsonAsync($"/api/v1/topics/{topic}", new { partitions = 1, retention = "00:00:00.200", dedupWindow = "01:00:00" });
        var original = new { eventId = Guid.NewGuid(), key = "k", type = "Once", data = new { } };
        var first = await (await client.PostAsJsonAsync($"/api/v1/topics/{topic}/events", original)).JsonAsync();
        var later = await client.PostAsJsonAsync($"/api/v1/topics/{topic}/events", new { key = "k", type = "Later", data = new { } });
        var laterAt = DateTimeOffset.Parse((await client.GetJsonAsync($"/api/v1/topics/{topic}/events?partition=0&fromOffset=1"))["events"]![0]!["timestamp"].Str(), System.Globalization.CultureInfo.InvariantCulture);
        await Eventually.MatchAsync(() => Task.FromResult(DateTimeOffset.UtcNow), now => now > laterAt.AddMilliseconds(400));

        var purged = await host.Service<IClusterClient>().GetGrain<ITopicGrain>(topic).PurgeExpiredAsync();
        var repeat = await client.PostAsJsonAsync($"/api/v1/topics/{topic}/events", original);
        var fromStart = await client.GetAsync($"/api/v1/topics/{topic}/events?partition=0&fromOffset=0");

        Assert.Equal(HttpStatusCode.Accepted, later.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        var again = await repeat.JsonAsync();
        Assert.True(again["duplicate"]!.GetValue<bool>());
        Assert.Equal(first["offset"].Long(), again["offset"].Long());
        Assert.Equal(0, purged); // kept for the dedup window
        Assert.Equal(HttpStatusCode.Gone, fromStart.StatusCode); // past the retention for readers all the same
        Assert.Equal(1, (await fromStart.JsonAsync())["firstAvailableOffset"].Long());
    }

    [Fact]
    public async Task GlobalFeed_AfterTopicActivity_DoesNotExposeSystemJournals()
    {
        var topic = await CreateTopicAsync(1);
        await client.PostAsJsonAsync($"/api/v1/topics/{topic}/events", new { key = "k", type = "Visible", data = new { } });

        var journals = await client.GetJsonAsync("/api/v1/events?type=TopicDefined.v1&limit=1000");

        Assert.Empty(journals["events"]!.AsArray());
    }

    private async Task<string> CreateTopicAsync(int partitions)
    {
        var topic = NewTopic();
        var response = await client.PutAsJsonAsync($"/api/v1/topics/{topic}", new { partitions });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return topic;
    }
}

[Collection(SqliteApiCollection.Name)]
public sealed class SqliteTopicApiTests(SqlitePlatformFixture fixture) : TopicApiTests(fixture.Client, fixture.Host);

[Collection(PostgresApiCollection.Name)]
public sealed class PostgresTopicApiTests(PostgresPlatformFixture fixture) : TopicApiTests(fixture.Client, fixture.Host);

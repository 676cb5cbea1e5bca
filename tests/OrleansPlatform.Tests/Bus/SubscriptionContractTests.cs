using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Infrastructure;

namespace OrleansPlatform.Tests.Bus;

/// <summary>
/// The subscription routes' edges from api.md: where a subscription starts, dead-letter housekeeping, and the
/// 400/404/409 answers to requests that name something wrong or absent.
/// </summary>
public abstract class SubscriptionContractTests(HttpClient client)
{
    private static readonly string[] WantedOnly = ["Wanted"];

    [Fact]
    public async Task StartFrom_Latest_SkipsWhatWasPublishedBefore()
    {
        var topic = await client.CreateTopicAsync(1);
        await client.PublishAsync(topic, [("k", "Before", new { })]);
        var sub = await PutPullSubscriptionAsync(topic, "latest");
        await client.PublishAsync(topic, [("k", "After", new { })]);

        var events = await client.PullAsync(sub, 10, "5s");

        Assert.Equal(["After"], events.Select(e => e["type"].Str()));
    }

    [Fact]
    public async Task StartFrom_OffsetMap_StartsEachNamedPartitionThere()
    {
        var topic = await client.CreateTopicAsync(1);
        await client.PublishAsync(topic, Enumerable.Range(0, 5).Select(i => ("k", "E", (object)new { i })));
        var sub = await PutPullSubscriptionAsync(topic, new Dictionary<string, long> { ["0"] = 3 });

        var events = await client.PullAsync(sub, 10, "5s");

        Assert.Equal([3L, 4L], events.Select(e => e["offset"].Long()));
    }

    [Fact]
    public async Task StartFrom_Time_StartsAtTheFirstEventAtOrAfterIt()
    {
        var topic = await client.CreateTopicAsync(1);
        await client.PublishAsync(topic, [("k", "Old", new { })]);
        var old = (await client.GetJsonAsync($"/api/v1/topics/{topic}/events?partition=0"))["events"]![0]!;
        var oldTime = DateTimeOffset.Parse(old["timestamp"].Str(), System.Globalization.CultureInfo.InvariantCulture);
        // Publish until an event carries a later timestamp (the clock's resolution decides how soon): no sleeping.
        var newer = await Eventually.MatchAsync(async () =>
        {
            await client.PublishAsync(topic, [("k", "New", new { })]);
            var last = (await client.GetJsonAsync($"/api/v1/topics/{topic}/events?partition=0"))["events"]!.AsArray()[^1]!;
            return DateTimeOffset.Parse(last["timestamp"].Str(), System.Globalization.CultureInfo.InvariantCulture);
        }, t => t > oldTime);
        var sub = await PutPullSubscriptionAsync(topic, newer.ToString("O"));

        var events = await client.PullAsync(sub, 100, "5s");

        Assert.NotEmpty(events);
        Assert.All(events, e => Assert.Equal("New", e["type"].Str()));
    }

    [Fact]
    public async Task DeadLetters_DeleteOneAndRedriveAnotherById()
    {
        var topic = await client.CreateTopicAsync(1);
        var sub = await client.CreateSubscriptionAsync(topic, new { type = "pull" }, maxAttempts: 1);
        await client.PublishAsync(topic, [("a", "Poison", new { n = 1 }), ("b", "Poison", new { n = 2 })]);
        foreach (var e in await client.PullAsync(sub, 10, "5s"))
        {
            await client.PostAsJsonAsync($"/api/v1/subscriptions/{sub}/nack", new { partition = 0, offset = e["offset"].Long(), error = "no" });
        }

        var letters = (await client.GetJsonAsync($"/api/v1/subscriptions/{sub}/dead-letters"))["deadLetters"]!.AsArray();
        var ids = letters.Select(l => l!["id"].Str()).ToList();
        var deleted = await client.DeleteAsync($"/api/v1/subscriptions/{sub}/dead-letters/{ids[0]}");
        var deletedAgain = await client.DeleteAsync($"/api/v1/subscriptions/{sub}/dead-letters/{ids[0]}");
        var redrive = await client.PostAsJsonAsync($"/api/v1/subscriptions/{sub}/dead-letters/redrive", new { ids = new[] { ids[1] } });
        var redriven = await client.PullAsync(sub, 10, "5s");
        var remaining = (await client.GetJsonAsync($"/api/v1/subscriptions/{sub}/dead-letters"))["deadLetters"]!.AsArray();

        Assert.Equal(2, ids.Count);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, deletedAgain.StatusCode);
        Assert.Equal(1, (await redrive.JsonAsync())["redriven"].Long());
        Assert.Equal([letters[1]!["offset"].Long()], redriven.Select(e => e["offset"].Long()));
        Assert.Empty(remaining);
    }

    [Fact]
    public async Task Ack_OfABatchWithARedrivenEvent_CompletesTheRedrivenOneToo()
    {
        var topic = await client.CreateTopicAsync(1);
        var sub = await client.CreateSubscriptionAsync(topic, new { type = "pull" }, maxAttempts: 1);
        await client.PublishAsync(topic, [("a", "Poison", new { })]);
        var poison = Assert.Single(await client.PullAsync(sub, 10, "5s"));
        await client.PostAsJsonAsync($"/api/v1/subscriptions/{sub}/nack", new { partition = 0, offset = poison["offset"].Long(), error = "no" });
        await client.PostAsJsonAsync($"/api/v1/subscriptions/{sub}/dead-letters/redrive", new { });
        await client.PublishAsync(topic, [("b", "Fresh", new { })]);

        var batch = await client.PullAsync(sub, 10, "5s");
        await client.PostAsJsonAsync($"/api/v1/subscriptions/{sub}/ack", new { partition = 0, offset = batch.Max(e => e["offset"].Long()) });
        var again = await client.PullAsync(sub, 10, null);

        Assert.Equal(["Poison", "Fresh"], batch.Select(e => e["type"].Str()));
        Assert.Empty(again);
    }

    [Fact]
    public async Task Ack_OfABatchHandedOutBeforeASeek_Returns409AndTheReplayStands()
    {
        var topic = await client.CreateTopicAsync(1);
        var sub = await client.CreateSubscriptionAsync(topic, new { type = "pull" });
        await client.PublishAsync(topic, Enumerable.Range(0, 3).Select(i => ("k", "E", (object)new { i })));
        await client.PullAsync(sub, 10, "5s");

        var seek = await client.PostAsJsonAsync($"/api/v1/subscriptions/{sub}/seek", new { offset = "earliest" });
        var staleAck = await client.PostAsJsonAsync($"/api/v1/subscriptions/{sub}/ack", new { partition = 0, offset = 2 });
        var staleNack = await client.PostAsJsonAsync($"/api/v1/subscriptions/{sub}/nack", new { partition = 0, offset = 1 });
        var replay = await client.PullAsync(sub, 10, null);

        Assert.Equal(HttpStatusCode.NoContent, seek.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, staleAck.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, staleNack.StatusCode);
        Assert.Equal([0L, 1L, 2L], replay.Select(e => e["offset"].Long()));
    }

    [Fact]
    public async Task Ack_WithAFilter_CountsOnlyTheEventsHandedOutAsDelivered()
    {
        var topic = await client.CreateTopicAsync(1);
        var name = "sub-" + Guid.NewGuid().ToString("N")[..12];
        await client.PutAsJsonAsync($"/api/v1/subscriptions/{name}", new { topic, filter = new { types = WantedOnly }, delivery = new { type = "pull" }, startFrom = "earliest" });
        await client.PublishAsync(topic, [("k", "Wanted", new { }), ("k", "Other", new { }), ("k", "Wanted", new { })]);

        var pulled = await client.PullAsync(name, 10, "5s");
        await client.PostAsJsonAsync($"/api/v1/subscriptions/{name}/ack", new { partition = 0, offset = pulled.Max(e => e["offset"].Long()) });
        var status = await client.GetJsonAsync($"/api/v1/subscriptions/{name}");

        Assert.Equal([0L, 2L], pulled.Select(e => e["offset"].Long()));
        Assert.Equal(2, status["delivered"].Long());
        Assert.Equal(0, status["lag"].Long());
    }

    [Fact]
    public async Task AckAndNack_WithoutPartitionOrOffset_Return400()
    {
        var topic = await client.CreateTopicAsync(1);
        var sub = await client.CreateSubscriptionAsync(topic, new { type = "pull" });

        var emptyAck = await client.PostAsJsonAsync($"/api/v1/subscriptions/{sub}/ack", new { });
        var noOffset = await client.PostAsJsonAsync($"/api/v1/subscriptions/{sub}/nack", new { partition = 0 });
        var negative = await client.PostAsJsonAsync($"/api/v1/subscriptions/{sub}/ack", new { partition = 0, offset = -1 });

        Assert.Equal(HttpStatusCode.BadRequest, emptyAck.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noOffset.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, negative.StatusCode);
    }

    [Fact]
    public async Task Seek_PartitionTheTopicDoesNotHave_Returns400()
    {
        var topic = await client.CreateTopicAsync(2);
        var sub = await client.CreateSubscriptionAsync(topic, new { type = "pull" });

        var seek = await client.PostAsJsonAsync($"/api/v1/subscriptions/{sub}/seek", new { offset = new Dictionary<string, long> { ["5"] = 0 } });

        Assert.Equal(HttpStatusCode.BadRequest, seek.StatusCode);
    }

    [Fact]
    public async Task UnknownSubscription_Returns404OnEveryRoute()
    {
        var sub = $"/api/v1/subscriptions/missing-{Guid.NewGuid():N}";

        var responses = new[]
        {
            await client.PostAsync($"{sub}/pull?max=1", null),
            await client.PostAsJsonAsync($"{sub}/ack", new { partition = 0, offset = 0 }),
            await client.PostAsJsonAsync($"{sub}/seek", new { offset = "earliest" }),
            await client.GetAsync($"{sub}/dead-letters"),
            await client.PostAsJsonAsync($"{sub}/dead-letters/redrive", new { }),
        };

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
    }

    [Fact]
    public async Task PullOrAck_OnAWebhookSubscription_Returns409()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var topic = await client.CreateTopicAsync(1);
        var sub = await client.CreateSubscriptionAsync(topic, new { type = "webhook", url = receiver.Url });

        var pull = await client.PostAsync($"/api/v1/subscriptions/{sub}/pull?max=1", null);
        var ack = await client.PostAsJsonAsync($"/api/v1/subscriptions/{sub}/ack", new { partition = 0, offset = 0 });

        Assert.Equal(HttpStatusCode.Conflict, pull.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, ack.StatusCode);
    }

    private async Task<string> PutPullSubscriptionAsync(string topic, object startFrom)
    {
        var name = "sub-" + Guid.NewGuid().ToString("N")[..12];
        var response = await client.PutAsJsonAsync($"/api/v1/subscriptions/{name}", new { topic, delivery = new { type = "pull" }, startFrom });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return name;
    }
}

[Collection(SqliteApiCollection.Name)]
public sealed class SqliteSubscriptionContractTests(SqlitePlatformFixture fixture) : SubscriptionContractTests(fixture.Client);

[Collection(PostgresApiCollection.Name)]
public sealed class PostgresSubscriptionContractTests(PostgresPlatformFixture fixture) : SubscriptionContractTests(fixture.Client);

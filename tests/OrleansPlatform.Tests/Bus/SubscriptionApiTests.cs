using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansPlatform.Contracts.Bus;
using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Infrastructure;

namespace OrleansPlatform.Tests.Bus;

/// <summary>Subscriptions over HTTP: pull/ack, webhook delivery, retries, dead letters, redrive and seek.</summary>
public abstract class SubscriptionApiTests(HttpClient client)
{
    private static readonly string[] DepositTypes = ["Deposit*"];

    [Fact]
    public async Task Pull_ThenAck_CommitsCheckpointAndNothingComesBack()
    {
        var topic = await client.CreateTopicAsync(2);
        var sub = await client.CreateSubscriptionAsync(topic, new { type = "pull" });
        await client.PublishAsync(topic, Enumerable.Range(0, 10).Select(i => ($"k{i % 3}", "Pulled", (object)new { i })));

        var pulled = await client.PullAsync(sub, 100, "5s");
        foreach (var partition in pulled.GroupBy(e => e["partition"]!.GetValue<int>()))
        {
            var ack = await client.PostAsJsonAsync($"/api/v1/subscriptions/{sub}/ack", new { partition = partition.Key, offset = partition.Max(e => e["offset"].Long()) });
            Assert.Equal(HttpStatusCode.NoContent, ack.StatusCode);
        }

        var again = await client.PullAsync(sub, 100, null);
        var status = await client.GetJsonAsync($"/api/v1/subscriptions/{sub}");
        Assert.Equal(10, pulled.Count);
        Assert.Empty(again);
        Assert.Equal(0, status["lag"].Long());
        Assert.Equal(10, status["delivered"].Long());
        Assert.Equal(10, status["checkpoints"]!.AsObject().Sum(c => c.Value.Long()));
    }

    [Fact]
    public async Task Pull_WhileABatchIsUnacknowledged_HandsOutNothingPastIt()
    {
        // Acknowledgements are cumulative: had the second pull got offsets 3-5, acknowledging them would also have
        // committed 0-2, which the first consumer may never have processed.
        var topic = await client.CreateTopicAsync(1);
        var sub = await client.CreateSubscriptionAsync(topic, new { type = "pull" });
        await client.PublishAsync(topic, Enumerable.Range(0, 6).Select(i => ("k", "Pulled", (object)new { i })));

        var first = await client.PullAsync(sub, 3, "5s");
        var whileOutstanding = await client.PullAsync(sub, 10, null);
        var ack = await client.PostAsJsonAsync($"/api/v1/subscriptions/{sub}/ack", new { partition = 0, offset = 2 });
        var second = await client.PullAsync(sub, 10, null);
        var ackPastEnd = await client.PostAsJsonAsync($"/api/v1/subscriptions/{sub}/ack", new { partition = 0, offset = 6 });
        await client.PostAsJsonAsync($"/api/v1/subscriptions/{sub}/ack", new { partition = 0, offset = 5 });
        var status = await client.GetJsonAsync($"/api/v1/subscriptions/{sub}");

        Assert.Equal([0L, 1L, 2L], first.Select(e => e["offset"].Long()));
        Assert.Empty(whileOutstanding);
        Assert.Equal(HttpStatusCode.NoContent, ack.StatusCode);
        Assert.Equal([3L, 4L, 5L], second.Select(e => e["offset"].Long()));
        Assert.Equal(HttpStatusCode.BadRequest, ackPastEnd.StatusCode);
        Assert.Equal(0, status["lag"].Long());
        Assert.Equal(6, status["delivered"].Long());
    }

    [Fact]
    public async Task Pull_BacklogInOnePartition_DoesNotStarveTheOthers()
    {
        var topic = await client.CreateTopicAsync(2);
        var sub = await client.CreateSubscriptionAsync(topic, new { type = "pull" });
        var keys = BusApiExtensions.KeysOfEachPartition(2);
        await client.PublishAsync(topic, Enumerable.Range(0, 20).Select(i => (keys[0], "Busy", (object)new { i })).Append((keys[1], "Quiet", new { i = 0 })));

        var pulls = new List<IReadOnlyList<JsonNode>>();
        for (var i = 0; i < 2; i++)
        {
            var batch = await client.PullAsync(sub, 5, null);
            pulls.Add(batch);
            foreach (var partition in batch.GroupBy(e => e["partition"]!.GetValue<int>()))
            {
                await client.PostAsJsonAsync($"/api/v1/subscriptions/{sub}/ack", new { partition = partition.Key, offset = partition.Max(e => e["offset"].Long()) });
            }
        }

        Assert.Contains(pulls.SelectMany(p => p), e => e["type"].Str() == "Quiet");
    }

    [Fact]
    public async Task Pull_EventsTheFilterSkips_AreCompletedWithoutAnAck()
    {
        var topic = await client.CreateTopicAsync(1);
        var sub = await client.CreateSubscriptionAsync(topic, new { type = "pull" }, types: ["Wanted"]);
        await client.PublishAsync(topic, Enumerable.Range(0, 5).Select(i => ("k", "Other", (object)new { i })));

        var none = await client.PullAsync(sub, 10, null);
        var afterSkip = await client.GetJsonAsync($"/api/v1/subscriptions/{sub}");
        await client.PublishAsync(topic, [("k", "Other", new { i = 5 }), ("k", "Wanted", new { i = 6 }), ("k", "Other", new { i = 7 })]);
        var wanted = await client.PullAsync(sub, 10, null);
        var beforeAck = await client.GetJsonAsync($"/api/v1/subscriptions/{sub}");

        Assert.Empty(none);
        Assert.Equal(0, afterSkip["lag"].Long());
        Assert.Equal(6, Assert.Single(wanted)["offset"].Long());
        Assert.Equal(2, beforeAck["lag"].Long()); // the unacknowledged event and the one after it
    }

    [Fact]
    public async Task Pull_NackUntilMaxAttempts_DeadLettersTheEvent()
    {
        var topic = await client.CreateTopicAsync(1);
        var sub = await client.CreateSubscriptionAsync(topic, new { type = "pull" }, maxAttempts: 2);
        await client.PublishAsync(topic, [("k", "Poison", new { })]);

        for (var attempt = 0; attempt < 2; attempt++)
        {
            var events = await client.PullAsync(sub, 10, "5s");
            var e = Assert.Single(events);
            await client.PostAsJsonAsync($"/api/v1/subscriptions/{sub}/nack", new { partition = 0, offset = e["offset"].Long(), error = "cannot parse" });
        }

        var letters = (await client.GetJsonAsync($"/api/v1/subscriptions/{sub}/dead-letters"))["deadLetters"]!.AsArray();
        var letter = Assert.Single(letters);
        Assert.Equal("cannot parse", letter!["lastError"].Str());
        Assert.Empty(await client.PullAsync(sub, 10, null));
    }

    [Fact]
    public async Task Webhook_FailsTwiceThenSucceeds_DeliversEachEventWithRetriesAndSignature()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = call => call.Attempt <= 2 ? 503 : 200;
        var topic = await client.CreateTopicAsync(2);
        var sub = await client.CreateSubscriptionAsync(topic, new { type = "webhook", url = receiver.Url, secret = "s3cret" }, maxAttempts: 5);

        await client.PublishAsync(topic, [("a", "Retried", new { n = 1 }), ("b", "Retried", new { n = 2 }), ("c", "Retried", new { n = 3 })]);
        await Eventually.MatchAsync(() => Task.FromResult(receiver.Accepted.Count), n => n >= 3);

        Assert.All(receiver.Accepted, c => Assert.Equal(3, c.Attempt));
        Assert.All(receiver.Calls, c => Assert.Equal(OrleansPlatform.Grains.Bus.WebhookDeliverer.Sign("s3cret", c.Body), c.Signature));
        Assert.Equal("1.0", receiver.Accepted[0].CloudEvent["specversion"].Str());
        AssertContextAttributesAreScalars(receiver.Accepted);
        var status = await Eventually.MatchAsync(() => client.GetJsonAsync($"/api/v1/subscriptions/{sub}"), s => s["delivered"].Long() == 3);
        Assert.Equal(6, status["failed"].Long());
        Assert.Equal(0, status["lag"].Long());
    }

    [Fact]
    public async Task Webhook_OneKeyAlwaysFails_OthersFlowAndItIsDeadLetteredThenRedrivenInOrder()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var broken = true;
        receiver.Respond = call => broken && call.Key == "bad" ? 500 : 200;
        var topic = await client.CreateTopicAsync(1);
        var sub = await client.CreateSubscriptionAsync(topic, new { type = "webhook", url = receiver.Url }, maxAttempts: 3, maxInFlight: 4);

        await client.PublishAsync(topic, [("bad", "E", new { seq = 1 }), ("good", "E", new { seq = 1 }), ("bad", "E", new { seq = 2 }), ("good", "E", new { seq = 2 })]);
        await Eventually.MatchAsync(() => Task.FromResult(receiver.Accepted.Count(c => c.Key == "good")), n => n == 2);
        var letters = await Eventually.MatchAsync(
            async () => (await client.GetJsonAsync($"/api/v1/subscriptions/{sub}/dead-letters"))["deadLetters"]!.AsArray(), l => l.Count == 2);

        Assert.Equal([0L, 2L], letters.Select(l => l!["offset"].Long()));
        Assert.Equal(3, letters[0]!["attempts"]!.GetValue<int>());
        broken = false;
        var redrive = await client.PostAsJsonAsync($"/api/v1/subscriptions/{sub}/dead-letters/redrive", new { });
        Assert.Equal(2, (await redrive.JsonAsync())["redriven"]!.GetValue<int>());
        await Eventually.MatchAsync(() => Task.FromResult(receiver.Accepted.Count(c => c.Key == "bad")), n => n == 2);
        Assert.Equal([1, 2], receiver.Accepted.Where(c => c.Key == "bad").Select(c => c.Data!["seq"]!.GetValue<int>()));
        var status = await client.GetJsonAsync($"/api/v1/subscriptions/{sub}");
        Assert.Equal(0, status["deadLetterCount"]!.GetValue<int>());
        Assert.Equal(2, status["deadLettered"].Long());
    }

    [Fact]
    public async Task Webhook_ParkedKeyWithMoreEventsThanTheBuffer_OtherKeysFlowAndItsEventsAllFollowInOrder()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var broken = true;
        receiver.Respond = call => broken && call.Key == "hot" ? 500 : 200;
        var topic = await client.CreateTopicAsync(1);
        var sub = await client.CreateSubscriptionAsync(topic, new { type = "webhook", url = receiver.Url }, maxAttempts: 100, maxInFlight: 4);
        const int hotEvents = 1_200; // more than a subscription partition buffers in memory
        for (var batch = 0; batch < 2; batch++)
        {
            await client.PublishAsync(topic, Enumerable.Range(batch * 600, 600).Select(seq => ("hot", "Hot", (object)new { seq })));
        }

        await client.PublishAsync(topic, Enumerable.Range(0, 10).Select(k => ($"cold-{k}", "Cold", (object)new { seq = k })));
        await Eventually.MatchAsync(() => Task.FromResult(receiver.Accepted.Count(c => c.Key!.StartsWith("cold-", StringComparison.Ordinal))), n => n == 10);

        Assert.All(receiver.Calls.Where(c => c.Key == "hot"), c => Assert.Equal(0, c.Data!["seq"]!.GetValue<int>()));
        broken = false;
        await Eventually.MatchAsync(() => Task.FromResult(receiver.Accepted.Count(c => c.Key == "hot")), n => n >= hotEvents);
        Assert.Equal(Enumerable.Range(0, hotEvents), receiver.Accepted.Where(c => c.Key == "hot").Select(c => c.Data!["seq"]!.GetValue<int>()));
        await Eventually.MatchAsync(() => client.GetJsonAsync($"/api/v1/subscriptions/{sub}"), s => s["lag"].Long() == 0);
    }

    [Fact]
    public async Task Webhook_ManyKeysWithMaxInFlight_KeepsOrderPerKey()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = call => call.Data!["seq"]!.GetValue<int>() % 7 == 3 && call.Attempt == 1 ? 503 : 200;
        var topic = await client.CreateTopicAsync(2);
        var sub = await client.CreateSubscriptionAsync(topic, new { type = "webhook", url = receiver.Url }, maxInFlight: 8);
        var messages = Enumerable.Range(0, 10).SelectMany(seq => Enumerable.Range(0, 6).Select(k => ($"key-{k}", "Ordered", (object)new { seq }))).ToList();

        await client.PublishAsync(topic, messages);
        await Eventually.MatchAsync(() => Task.FromResult(receiver.Accepted.Count), n => n >= 60);

        foreach (var key in receiver.Accepted.GroupBy(c => c.Key))
        {
            Assert.Equal(Enumerable.Range(0, 10), key.Select(c => c.Data!["seq"]!.GetValue<int>()));
        }

        await Eventually.MatchAsync(() => client.GetJsonAsync($"/api/v1/subscriptions/{sub}"), s => s["lag"].Long() == 0);
    }

    [Fact]
    public async Task Webhook_TypeFilterAndSeekToEarliest_ReplaysOnlyMatchingEvents()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var topic = await client.CreateTopicAsync(1);
        await client.PublishAsync(topic, [("k", "OrderPlaced", new { n = 1 }), ("k", "Shipped", new { n = 2 }), ("k", "OrderPaid", new { n = 3 })]);
        var sub = await client.CreateSubscriptionAsync(topic, new { type = "webhook", url = receiver.Url }, types: ["Order*"]);
        await Eventually.MatchAsync(() => Task.FromResult(receiver.Accepted.Count), n => n == 2);

        var seek = await client.PostAsJsonAsync($"/api/v1/subscriptions/{sub}/seek", new { offset = new Dictionary<string, long> { ["0"] = 0 } });
        await Eventually.MatchAsync(() => Task.FromResult(receiver.Accepted.Count), n => n == 4);

        Assert.Equal(HttpStatusCode.NoContent, seek.StatusCode);
        Assert.Equal(["OrderPlaced", "OrderPaid", "OrderPlaced", "OrderPaid"], receiver.Accepted.Select(c => c.CloudEvent["type"].Str()));
    }

    [Fact]
    public async Task EventStoreSource_EventNearTheStoresSizeLimit_IsDeliveredAndDoesNotStallTheFeed()
    {
        // The copy into the internal topic adds headers: a topic with the store's own limit refused it forever.
        await using var receiver = await WebhookReceiver.StartAsync();
        var stream = $"big-{Guid.NewGuid():N}";
        var name = "sub-" + Guid.NewGuid().ToString("N")[..12];
        var created = await client.PutAsJsonAsync($"/api/v1/subscriptions/{name}", new
        {
            source = new { type = "eventStore", streamPrefix = stream, partitions = 1 },
            delivery = new { type = "webhook", url = receiver.Url },
            startFrom = "earliest",
        });

        var big = await client.AppendAsync(stream, 0, ApiClientExtensions.Event("Big", new { text = new string('x', (1024 * 1024) - 40) }));
        await client.AppendAsync(stream, 1, ApiClientExtensions.Event("Small", new { n = 1 }));
        await Eventually.MatchAsync(() => Task.FromResult(receiver.Accepted.Count), n => n >= 2);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Created, big.StatusCode);
        Assert.Equal(["Big", "Small"], receiver.Accepted.Select(c => c.CloudEvent["type"].Str()));
    }

    [Fact]
    public async Task EventStoreSource_MatchingStreamsAndTypes_AreDeliveredInStreamOrder()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var prefix = $"acct-{Guid.NewGuid():N}-";
        var name = "es-" + Guid.NewGuid().ToString("N")[..12];
        await client.AppendAsync(prefix + "1", 0, ApiClientExtensions.Event("Deposited", new { amount = 1 }));
        var created = await client.PutAsJsonAsync($"/api/v1/subscriptions/{name}", new
        {
            source = new { type = "eventStore", streamPrefix = prefix, partitions = 2 },
            filter = new { types = DepositTypes },
            delivery = new { type = "webhook", url = receiver.Url },
            startFrom = "earliest",
        });

        await client.AppendAsync(prefix + "1", 1, ApiClientExtensions.Event("Withdrawn", new { amount = 2 }), ApiClientExtensions.Event("Deposited", new { amount = 3 }));
        await client.AppendAsync(prefix + "2", 0, ApiClientExtensions.Event("Deposited", new { amount = 4 }));
        await client.AppendAsync("other-" + Guid.NewGuid().ToString("N"), 0, ApiClientExtensions.Event("Deposited", new { amount = 5 }));
        await Eventually.MatchAsync(() => Task.FromResult(receiver.Accepted.Count), n => n >= 3);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal([1, 3], receiver.Accepted.Where(c => c.Key == prefix + "1").Select(c => c.Data!["amount"]!.GetValue<int>()));
        Assert.Equal([4], receiver.Accepted.Where(c => c.Key == prefix + "2").Select(c => c.Data!["amount"]!.GetValue<int>()));
        // These carry headers (stream id, version, ...): still every context attribute is a scalar.
        AssertContextAttributesAreScalars(receiver.Accepted);
        var headers = receiver.Accepted.Single(c => c.Data!["amount"]!.GetValue<int>() == 3).CloudEvent["headers"]!.GetValue<string>();
        Assert.Equal("3", JsonNode.Parse(headers)!["version"].Str());
        Assert.Equal(3, receiver.Accepted.Count);
    }

    [Fact]
    public async Task PutSubscription_BadInput_Returns400And404()
    {
        var topic = await client.CreateTopicAsync(1);

        var noUrl = await client.PutAsJsonAsync($"/api/v1/subscriptions/s-{Guid.NewGuid():N}", new { topic, delivery = new { type = "webhook" } });
        var badStart = await client.PutAsJsonAsync($"/api/v1/subscriptions/s-{Guid.NewGuid():N}", new { topic, delivery = new { type = "pull" }, startFrom = "yesterday-ish" });
        var noTopic = await client.PutAsJsonAsync($"/api/v1/subscriptions/s-{Guid.NewGuid():N}", new { topic = TopicApiTests.NewTopic(), delivery = new { type = "pull" } });
        var unknown = await client.GetAsync($"/api/v1/subscriptions/s-{Guid.NewGuid():N}");

        Assert.Equal(HttpStatusCode.BadRequest, noUrl.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badStart.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noTopic.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    /// <summary>CloudEvents 1.0: every context attribute is a non-null scalar; only <c>data</c> may be structured.</summary>
    private static void AssertContextAttributesAreScalars(IEnumerable<ReceivedCall> calls) =>
        Assert.All(calls.SelectMany(c => c.CloudEvent.AsObject()).Where(a => a.Key != "data"),
            a => Assert.True(a.Value is JsonValue, $"attribute '{a.Key}' is {a.Value?.GetValueKind().ToString() ?? "null"}"));
}

[Collection(SqliteApiCollection.Name)]
public sealed class SqliteSubscriptionApiTests(SqlitePlatformFixture fixture) : SubscriptionApiTests(fixture.Client);

[Collection(PostgresApiCollection.Name)]
public sealed class PostgresSubscriptionApiTests(PostgresPlatformFixture fixture) : SubscriptionApiTests(fixture.Client);

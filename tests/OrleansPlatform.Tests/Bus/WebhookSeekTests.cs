using System.Net;
using System.Net.Http.Json;
using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Infrastructure;

namespace OrleansPlatform.Tests.Bus;

/// <summary>
/// Webhook delivery rounds run on the subscription partition grain's turns, beside the webhook calls in flight: a seek
/// that arrives mid-flow must still replay everything from where it points, and the partition must catch up.
/// </summary>
public abstract class WebhookSeekTests(HttpClient client)
{
    [Fact]
    public async Task Seek_WhileDeliveriesAreInFlight_ReplaysEveryEventFromTheSeekAndCatchesUp()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var topic = await client.CreateTopicAsync(1);
        var sub = await client.CreateSubscriptionAsync(topic, new { type = "webhook", url = receiver.Url }, maxInFlight: 8);
        const int events = 400;
        await client.PublishAsync(topic, Enumerable.Range(0, events).Select(seq => ($"key-{seq % 10}", "Flowing", (object)new { seq })));
        await Eventually.MatchAsync(() => Task.FromResult(receiver.Accepted.Count), n => n >= 20);
        // Calls from here on include the ones in flight during the seek; everything after the seek is among them.
        var before = receiver.Calls.Count;

        var seek = await client.PostAsJsonAsync($"/api/v1/subscriptions/{sub}/seek", new { offset = new Dictionary<string, long> { ["0"] = 0 } });
        var replayed = await Eventually.MatchAsync(
            () => Task.FromResult(receiver.Calls.Skip(before).Where(c => c.Accepted).Select(c => c.Offset).ToHashSet()), o => o.Count == events);

        Assert.Equal(HttpStatusCode.NoContent, seek.StatusCode);
        Assert.Equal(Enumerable.Range(0, events).Select(o => (long)o), replayed.Order());
        await Eventually.MatchAsync(() => client.GetJsonAsync($"/api/v1/subscriptions/{sub}"), s => s["lag"].Long() == 0);
    }
}

[Collection(SqliteApiCollection.Name)]
public sealed class SqliteWebhookSeekTests(SqlitePlatformFixture fixture) : WebhookSeekTests(fixture.Client);

[Collection(PostgresApiCollection.Name)]
public sealed class PostgresWebhookSeekTests(PostgresPlatformFixture fixture) : WebhookSeekTests(fixture.Client);

using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Infrastructure;

namespace OrleansPlatform.Tests.Bus;

/// <summary>Subscriptions sourced from the event store: the forwarder's reading never delays what it must deliver.</summary>
public abstract class EventStoreSourceTests(HttpClient client)
{
    private const int UnrelatedEvents = 10_000;
    private const int EventsPerAppend = 500;

    [Fact]
    public async Task EventStoreSource_MatchAfter10000NonMatchingEvents_IsDeliveredWithinSeconds()
    {
        // Unrelated traffic costs the forwarder reading time only: it once re-read one page until its idle journal
        // interval (30 s) passed, so 10,000 events kept a match waiting for minutes.
        await using var receiver = await WebhookReceiver.StartAsync();
        var stream = $"wanted-{Guid.NewGuid():N}";
        var name = "sub-" + Guid.NewGuid().ToString("N")[..12];
        var created = await client.PutAsJsonAsync($"/api/v1/subscriptions/{name}", new
        {
            source = new { type = "eventStore", streamPrefix = stream, partitions = 1 },
            delivery = new { type = "webhook", url = receiver.Url },
            startFrom = "latest",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        for (var i = 0; i < UnrelatedEvents / EventsPerAppend; i++)
        {
            var events = Enumerable.Range(0, EventsPerAppend).Select(n => ApiClientExtensions.Event("Unrelated", new { n })).ToArray();
            Assert.Equal(HttpStatusCode.Created, (await client.AppendAsync(ApiClientExtensions.NewStreamId("other"), 0, events)).StatusCode);
        }

        var appended = Stopwatch.StartNew();
        var matching = await client.AppendAsync(stream, 0, ApiClientExtensions.Event("Wanted", new { n = 1 }));
        await Eventually.MatchAsync(() => Task.FromResult(receiver.Accepted.Count), n => n >= 1, TimeSpan.FromSeconds(15));

        Assert.Equal(HttpStatusCode.Created, matching.StatusCode);
        Assert.True(appended.Elapsed < TimeSpan.FromSeconds(15), $"delivered after {appended.Elapsed}");
        Assert.Equal("Wanted", receiver.Accepted.Single().CloudEvent["type"].Str());
    }
}

[Collection(SqliteApiCollection.Name)]
public sealed class SqliteEventStoreSourceTests(SqlitePlatformFixture fixture) : EventStoreSourceTests(fixture.Client);

[Collection(PostgresApiCollection.Name)]
public sealed class PostgresEventStoreSourceTests(PostgresPlatformFixture fixture) : EventStoreSourceTests(fixture.Client);

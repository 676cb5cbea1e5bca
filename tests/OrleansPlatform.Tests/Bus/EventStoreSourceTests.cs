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

    [Fact]
    public async Task InternalTopic_CreateChangeOrPublishOverHttp_Returns400NamingTheReservedPrefix()
    {
        var name = "sub-" + Guid.NewGuid().ToString("N")[..12];
        var created = await client.PutAsJsonAsync($"/api/v1/subscriptions/{name}", new
        {
            source = new { type = "eventStore", streamPrefix = $"resv-{Guid.NewGuid():N}", partitions = 1 },
            delivery = new { type = "pull" },
        });
        var topic = $"es.{name}";

        var change = await client.PutAsJsonAsync($"/api/v1/topics/{topic}", new { partitions = 1, retention = "00:00:01" });
        var publish = await client.PostAsJsonAsync($"/api/v1/topics/{topic}/events", new { key = "k", type = "Forged", data = new { } });
        var create = await client.PutAsJsonAsync($"/api/v1/topics/es.{Guid.NewGuid():N}", new { partitions = 1 });
        var read = await client.GetJsonAsync($"/api/v1/topics/{topic}");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        foreach (var refused in new[] { change, publish, create })
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Contains("'es.'", (await refused.JsonAsync())["errors"]!["topic"]![0].Str(), StringComparison.Ordinal);
        }

        Assert.Equal("7.00:00:00", read["retention"].Str()); // reading stays open; the settings are the platform's
        Assert.Empty((await client.GetJsonAsync($"/api/v1/topics/{topic}/events?partition=0"))["events"]!.AsArray());
    }
}

[Collection(SqliteApiCollection.Name)]
public sealed class SqliteEventStoreSourceTests(SqlitePlatformFixture fixture) : EventStoreSourceTests(fixture.Client);

[Collection(PostgresApiCollection.Name)]
public sealed class PostgresEventStoreSourceTests(PostgresPlatformFixture fixture) : EventStoreSourceTests(fixture.Client);

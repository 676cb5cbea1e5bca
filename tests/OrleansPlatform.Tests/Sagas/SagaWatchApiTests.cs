using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Infrastructure;
using static OrleansPlatform.Tests.Sagas.SagaApiExtensions;

namespace OrleansPlatform.Tests.Sagas;

/// <summary><c>GET /api/v1/sagas/{id}/watch</c> (Server-Sent Events), once per storage backend.</summary>
public abstract class SagaWatchApiTests(HttpClient client)
{
    [Fact]
    public async Task Watch_SignalledSaga_SendsRunningThenEachChangeAndEndsAfterCompleted()
    {
        var definition = await client.DefineAsync(new { steps = new object[] { new { name = "approve", action = new { signal = "approved" } } } });
        var sagaId = await client.StartAsync(definition);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var response = await client.GetAsync($"/api/v1/sagas/{sagaId}/watch", HttpCompletionOption.ResponseHeadersRead, stop.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop.Token));

        var first = await NextEventAsync(reader, stop.Token);
        var signalled = await client.PostAsJsonAsync($"/api/v1/sagas/{sagaId}/signals/approved", new { ok = true }, stop.Token);
        var events = new List<(long Id, JsonObject Saga)> { first!.Value };
        while (await NextEventAsync(reader, stop.Token) is { } next)
        {
            events.Add(next);
        }

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Accepted, signalled.StatusCode);
        Assert.Equal("running", events[0].Saga["status"].Str());
        Assert.Equal("completed", events[^1].Saga["status"].Str());
        Assert.True(events.Zip(events.Skip(1)).All(p => p.Second.Id > p.First.Id), "ids are increasing journal versions");
        Assert.True(events[^1].Saga.Step("approve")["output"]!["ok"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Watch_UnknownSaga_Returns404()
    {
        var response = await client.GetAsync($"/api/v1/sagas/{NewName("s")}/watch");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>The next <c>saga</c> event, or null when the stream ended.</summary>
    private static async Task<(long Id, JsonObject Saga)?> NextEventAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        long id = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = long.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                return (id, JsonNode.Parse(line[6..])!.AsObject());
            }
        }

        return null;
    }
}

[Collection(SqliteApiCollection.Name)]
public sealed class SqliteSagaWatchApiTests(SqlitePlatformFixture fixture) : SagaWatchApiTests(fixture.Client);

[Collection(PostgresApiCollection.Name)]
public sealed class PostgresSagaWatchApiTests(PostgresPlatformFixture fixture) : SagaWatchApiTests(fixture.Client);

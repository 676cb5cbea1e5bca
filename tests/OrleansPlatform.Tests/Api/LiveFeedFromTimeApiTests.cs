using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using static OrleansPlatform.Tests.Api.ApiClientExtensions;

namespace OrleansPlatform.Tests.Api;

/// <summary><c>GET /api/v1/events/live?fromTime=</c> (issue 12): the live feed started at a time, once per backend.</summary>
public abstract class LiveFeedFromTimeApiTests(HttpClient client)
{
    [Fact]
    public async Task LiveFeed_FromTime_StartsAtTheFirstEventAtOrAfterIt()
    {
        var stream = NewStreamId("live");
        for (var i = 0; i < 3; i++)
        {
            await client.AppendAsync(stream, i, Event("Tick", new { i }));
        }

        var mine = (await client.GetJsonAsync($"/api/v1/streams/{stream}/events"))["events"]!.AsArray();
        var time = Stamp(mine[1]!);
        var expected = mine.Where(e => Stamp(e!) >= time).Select(e => e!["position"].Long()).ToList();
        var last = mine[2]!["position"].Long();

        var seen = await ReadLiveAsync($"/api/v1/events/live?fromTime={Uri.EscapeDataString(time.ToString("O", CultureInfo.InvariantCulture))}", last);

        Assert.All(seen, e => Assert.True(Stamp(e) >= time, $"{e["position"]} stamped {e["timestamp"]} before {time:O}"));
        Assert.Equal(expected, seen.Where(e => e["streamId"].Str() == stream).Select(e => e["position"].Long()).ToList());
    }

    [Fact]
    public async Task LiveFeed_FromFutureTime_SendsOnlyEventsAppendedLater()
    {
        var stream = NewStreamId("live");
        await client.AppendAsync(stream, 0, Event("Early", new { }));
        var from = DateTimeOffset.UtcNow.AddMilliseconds(200);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await client.GetAsync(
            $"/api/v1/events/live?type=Late&fromTime={Uri.EscapeDataString(from.ToString("O", CultureInfo.InvariantCulture))}", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));

        // Appends until one is stamped at or after the time (a stamp comes from the silo's clock).
        JsonNode appended;
        do
        {
            var result = await (await client.AppendAsync(stream, "any", Event("Late", new { }))).JsonAsync();
            appended = (await client.GetJsonAsync($"/api/v1/streams/{stream}/events?from={result["lastVersion"].Long()}&limit=1"))["events"]![0]!;
        }
        while (Stamp(appended) < from);

        var first = await NextEventAsync(reader, cancel.Token);
        Assert.True(Stamp(first) >= from, $"sent {first.ToJsonString()} stamped before {from:O}");
        Assert.Equal("Late", first["type"].Str());
    }

    [Fact]
    public async Task LiveFeed_BadFromTime_Returns400NamingIt()
    {
        var response = await client.GetAsync("/api/v1/events/live?fromTime=tuesday");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.JsonAsync())["errors"]!["fromTime"]);
    }

    private async Task<List<JsonNode>> ReadLiveAsync(string url, long untilPosition)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));
        var seen = new List<JsonNode>();
        while (seen.Count == 0 || seen[^1]["position"].Long() < untilPosition)
        {
            seen.Add(await NextEventAsync(reader, cancel.Token));
        }

        return seen;
    }

    private static async Task<JsonNode> NextEventAsync(StreamReader reader, CancellationToken cancel)
    {
        while (await reader.ReadLineAsync(cancel) is { } line)
        {
            if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                return JsonNode.Parse(line["data:".Length..])!;
            }
        }

        throw new InvalidOperationException("The live feed ended.");
    }

    private static DateTimeOffset Stamp(JsonNode e) => DateTimeOffset.Parse(e["timestamp"].Str(), CultureInfo.InvariantCulture);
}

[Collection(SqliteApiCollection.Name)]
public sealed class SqliteLiveFeedFromTimeApiTests(SqlitePlatformFixture fixture) : LiveFeedFromTimeApiTests(fixture.Client);

[Collection(PostgresApiCollection.Name)]
public sealed class PostgresLiveFeedFromTimeApiTests(PostgresPlatformFixture fixture) : LiveFeedFromTimeApiTests(fixture.Client);

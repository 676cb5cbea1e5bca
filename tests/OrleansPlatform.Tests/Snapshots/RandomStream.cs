using System.Globalization;
using System.Text.Json.Nodes;
using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Schemas;

namespace OrleansPlatform.Tests.Snapshots;

/// <summary>A stream of random merge patches (sets, deletions, nested objects, arrays) appended in random batches.</summary>
internal static class RandomStream
{
    private static readonly string[] Keys = ["a", "b", "c", "d"];

    /// <summary>Appends the stream and returns its events as the API reads them back (data, version, timestamp).</summary>
    public static async Task<IReadOnlyList<JsonNode>> AppendAsync(HttpClient client, string stream, Random random, int count)
    {
        var appended = 0;
        while (appended < count)
        {
            var batch = Math.Min(count - appended, random.Next(1, 5));
            var events = new JsonArray(Enumerable.Range(0, batch).Select(_ => (JsonNode?)new JsonObject { ["type"] = "Changed", ["data"] = Patch(random) }).ToArray());
            var response = await client.AppendJsonAsync(stream, events.ToJsonString());
            await response.ProblemAsync(System.Net.HttpStatusCode.Created);
            appended += batch;
        }

        var read = await client.GetJsonAsync($"/api/v1/streams/{stream}/events?limit=1000");
        return read["events"]!.AsArray().Select(e => e!).ToList();
    }

    /// <summary>The state the stream should have once the events stamped at or before <paramref name="time"/> are folded.</summary>
    public static (long Version, JsonObject State) At(IReadOnlyList<JsonNode> events, DateTimeOffset time)
    {
        var upTo = events.TakeWhile(e => Stamp(e) <= time).ToList();
        return (upTo.Count, ExpectedFold.Of(upTo.Select(e => e["data"]!)));
    }

    public static JsonObject UpTo(IReadOnlyList<JsonNode> events, int version) => ExpectedFold.Of(events.Take(version).Select(e => e["data"]!));

    public static DateTimeOffset Stamp(JsonNode e) => DateTimeOffset.Parse(e["timestamp"].Str(), CultureInfo.InvariantCulture);

    /// <summary>Times to ask for: each event's stamp, just before it, and between it and the next.</summary>
    public static IEnumerable<DateTimeOffset> Times(IReadOnlyList<JsonNode> events)
    {
        var stamps = events.Select(Stamp).Distinct().ToList();
        yield return stamps[0].AddTicks(-1);
        for (var i = 0; i < stamps.Count; i++)
        {
            yield return stamps[i];
            yield return i + 1 < stamps.Count ? stamps[i] + (stamps[i + 1] - stamps[i]) / 2 : stamps[i].AddSeconds(1);
        }
    }

    private static JsonObject Patch(Random random)
    {
        var patch = new JsonObject();
        foreach (var key in Keys.Where(_ => random.Next(3) == 0).DefaultIfEmpty(Keys[random.Next(Keys.Length)]))
        {
            patch[key] = random.Next(6) switch
            {
                0 => null,
                1 => JsonValue.Create(random.Next(100)),
                2 => JsonValue.Create("v" + random.Next(10)),
                3 => new JsonObject { ["x"] = random.Next(2) == 0 ? null : random.Next(10), ["y"] = random.Next(10) },
                4 => new JsonArray(random.Next(10), random.Next(10)),
                _ => new JsonObject { ["x"] = random.Next(10) },
            };
        }

        return patch;
    }
}

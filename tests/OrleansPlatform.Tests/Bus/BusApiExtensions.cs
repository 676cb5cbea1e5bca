using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansPlatform.Contracts.Bus;
using OrleansPlatform.Tests.Api;

namespace OrleansPlatform.Tests.Bus;

/// <summary>The bus routes as test steps: each asserts its own success, so a test reads as its scenario.</summary>
internal static class BusApiExtensions
{
    public static async Task<string> CreateTopicAsync(this HttpClient client, int partitions)
    {
        var topic = TopicApiTests.NewTopic();
        Assert.Equal(HttpStatusCode.Created, (await client.PutAsJsonAsync($"/api/v1/topics/{topic}", new { partitions })).StatusCode);
        return topic;
    }

    public static async Task<string> CreateSubscriptionAsync(this HttpClient client, string topic, object delivery, int maxAttempts = 5, int maxInFlight = 16, string[]? types = null)
    {
        var name = "sub-" + Guid.NewGuid().ToString("N")[..12];
        var response = await client.PutAsJsonAsync($"/api/v1/subscriptions/{name}", new
        {
            topic,
            filter = new { types = types ?? [] },
            delivery,
            startFrom = "earliest",
            maxAttempts,
            maxInFlight,
            backoff = new { initial = "00:00:00.050", multiplier = 2, max = "00:00:00.400" },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return name;
    }

    public static async Task PublishAsync(this HttpClient client, string topic, IEnumerable<(string Key, string Type, object Data)> messages)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/topics/{topic}/events", new { events = messages.Select(m => new { key = m.Key, type = m.Type, data = m.Data }).ToArray() });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    /// <summary>One key per partition (the partition is a stable hash of the key).</summary>
    public static string[] KeysOfEachPartition(int partitions)
    {
        var keys = new string?[partitions];
        for (var i = 0; keys.Any(k => k is null); i++)
        {
            var key = $"key-{i}";
            keys[BusRules.PartitionOf(key, partitions)] ??= key;
        }

        return keys!;
    }

    public static async Task<IReadOnlyList<JsonNode>> PullAsync(this HttpClient client, string sub, int max, string? wait)
    {
        var url = $"/api/v1/subscriptions/{sub}/pull?max={max}" + (wait is null ? "" : $"&wait={wait}");
        var response = await client.PostAsync(url, null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.JsonAsync())["events"]!.AsArray().Select(e => e!).ToList();
    }
}

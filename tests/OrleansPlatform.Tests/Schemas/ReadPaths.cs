using System.Text.Json.Nodes;
using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Bus;

namespace OrleansPlatform.Tests.Schemas;

/// <summary>One event read back through each public read path, so a test can ask that they all agree.</summary>
internal static class ReadPaths
{
    /// <summary>The event at <paramref name="version"/> of <paramref name="stream"/> as a stream read shows it.</summary>
    public static async Task<JsonNode> FromStreamAsync(this HttpClient client, string stream, long version, bool raw = false) =>
        (await client.GetJsonAsync($"/api/v1/streams/{stream}/events?from={version}&limit=1{(raw ? "&raw=true" : "")}"))["events"]![0]!;

    /// <summary>The event of <paramref name="stream"/> at <paramref name="position"/> as the paged global feed shows it.</summary>
    public static async Task<JsonNode> FromFeedAsync(this HttpClient client, long position, bool raw = false) =>
        (await client.GetJsonAsync($"/api/v1/events?fromPosition={position}&limit=1{(raw ? "&raw=true" : "")}"))["events"]![0]!;

    /// <summary>The first event at or after <paramref name="position"/> as the live feed (SSE) sends it.</summary>
    public static async Task<JsonNode> FromLiveFeedAsync(this HttpClient client, long position)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await client.GetAsync($"/api/v1/events/live?fromPosition={position}", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));
        string? line;
        while ((line = await reader.ReadLineAsync(cancel.Token)) is not null && !line.StartsWith("data:", StringComparison.Ordinal))
        {
        }

        return JsonNode.Parse(line!["data:".Length..])!;
    }

    /// <summary>Every event a new pull subscription of <paramref name="topic"/> delivers, waiting until <paramref name="count"/> arrived.</summary>
    public static async Task<IReadOnlyList<JsonNode>> FromPullSubscriptionAsync(this HttpClient client, string topic, int count)
    {
        var sub = await client.CreateSubscriptionAsync(topic, new { type = "pull" });
        var pulled = new List<JsonNode>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (pulled.Count < count && DateTime.UtcNow < deadline)
        {
            pulled.AddRange(await client.PullAsync(sub, count - pulled.Count, "2s"));
        }

        return pulled;
    }

    /// <summary>The stream folded up to <paramref name="version"/>.</summary>
    public static async Task<JsonNode> StateAsync(this HttpClient client, string stream, long version) =>
        (await client.GetJsonAsync($"/api/v1/streams/{stream}/state?version={version}"))["state"]!;
}

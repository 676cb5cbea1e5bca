using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrleansPlatform.Tests.Api;

/// <summary>Small helpers that keep the API tests about behaviour rather than HTTP plumbing.</summary>
internal static class ApiClientExtensions
{
    public static string NewStreamId(string prefix = "s") => $"{prefix}-{Guid.NewGuid():N}";

    public static object Event(string type, object data, Guid? eventId = null, string? correlationId = null) =>
        new { eventId = eventId ?? Guid.NewGuid(), type, data, correlationId };

    public static Task<HttpResponseMessage> AppendAsync(this HttpClient client, string streamId, object? expectedVersion, params object[] events) =>
        client.PostAsJsonAsync($"/api/v1/streams/{streamId}/events", new { expectedVersion, events });

    public static async Task<JsonObject> JsonAsync(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>())!;

    public static async Task<JsonObject> GetJsonAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.IsSuccessStatusCode, $"GET {url} -> {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.JsonAsync();
    }

    public static long Long(this JsonNode? node) => node!.GetValue<long>();

    public static string Str(this JsonNode? node) => node!.GetValue<string>();

    public static JsonElement Element(this JsonNode? node) => JsonSerializer.SerializeToElement(node);
}

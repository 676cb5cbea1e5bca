using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace OrleansPlatform.Tests.Schemas;

/// <summary>Schema routes as test steps.</summary>
internal static class SchemaApiExtensions
{
    public static string NewType(string prefix = "Order") => $"{prefix}{Guid.NewGuid():N}";

    /// <summary>A schema requiring <paramref name="required"/>, with each named property typed.</summary>
    public static string ObjectSchema(string[] required, params (string Name, string Type)[] properties) =>
        new JsonObject
        {
            ["type"] = "object",
            ["required"] = new JsonArray(required.Select(r => (JsonNode)r).ToArray()),
            ["properties"] = new JsonObject(properties.Select(p => KeyValuePair.Create(p.Name, (JsonNode?)new JsonObject { ["type"] = p.Type }))),
        }.ToJsonString();

    public static Task<HttpResponseMessage> PutSchemaAsync(this HttpClient client, string type, int version, string schema, int? fromVersion = null, string? rules = null)
    {
        var upcast = fromVersion is null ? "" : $$""","upcastFrom":{"version":{{fromVersion}},"rules":{{rules ?? "[]"}}}""";
        return client.PutAsync($"/api/v1/schemas/{type}", new StringContent($$"""{"version":{{version}},"schema":{{schema}}{{upcast}}}""", Encoding.UTF8, "application/json"));
    }

    public static async Task RegisterAsync(this HttpClient client, string type, int version, string schema, int? fromVersion = null, string? rules = null)
    {
        var response = await client.PutSchemaAsync(type, version, schema, fromVersion, rules);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"PUT schema {type} v{version} -> {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public static Task<HttpResponseMessage> AppendJsonAsync(this HttpClient client, string stream, string eventsJson) =>
        client.PostAsync($"/api/v1/streams/{stream}/events", new StringContent($$"""{"events":{{eventsJson}}}""", Encoding.UTF8, "application/json"));

    public static async Task<JsonObject> ProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, string json) =>
        client.PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));
}

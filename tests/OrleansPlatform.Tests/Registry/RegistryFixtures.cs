using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Infrastructure;

namespace OrleansPlatform.Tests.Registry;

/// <summary>A SQLite platform whose registry sweeps every 100 ms and reaps after 3 s, so health tests run in moments.</summary>
public sealed class RegistryPlatformFixture : IAsyncLifetime
{
    public PlatformHost Host { get; } = PlatformHost.Sqlite()
        .With("Platform:Registry:SweepInterval", "00:00:00.100")
        .With("Platform:Registry:ReapAfter", "00:00:03")
        .With("Platform:Services:legacy", "http://127.0.0.1:1/");

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync() => Client = await Host.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class RegistryCollection : ICollectionFixture<RegistryPlatformFixture>
{
    public const string Name = "Registry on SQLite";
}

/// <summary>Registry calls over HTTP, so the tests read as the behaviour they check.</summary>
internal static class RegistryApi
{
    public static string NewService() => "svc-" + Guid.NewGuid().ToString("N")[..12];

    public static Task<HttpResponseMessage> RegisterAsync(this HttpClient client, string service, string instanceId, object body) =>
        client.PutAsJsonAsync($"/api/v1/services/{service}/instances/{instanceId}", body);

    public static Task<HttpResponseMessage> HeartbeatAsync(this HttpClient client, string service, string instanceId) =>
        client.PutAsync($"/api/v1/services/{service}/instances/{instanceId}/heartbeat", null);

    public static async Task<string?> StatusOfAsync(this HttpClient client, string service, string instanceId)
    {
        var view = await client.GetJsonAsync($"/api/v1/services/{service}");
        return view["instances"]!.AsArray().FirstOrDefault(i => i!["instanceId"].Str() == instanceId)?["status"].Str();
    }

    /// <summary>Reads Server-Sent Events up to the next one with data, skipping keep-alive comments.</summary>
    public static async Task<JsonObject> NextEventAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        string? data = null;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line["data: ".Length..];
            }
            else if (line.Length == 0 && data is not null)
            {
                return JsonNode.Parse(data)!.AsObject();
            }
        }

        throw new EndOfStreamException("The event stream ended.");
    }

    public static async Task<JsonArray> InstancesAsync(this HttpClient client, string service) =>
        (await client.GetJsonAsync($"/api/v1/services/{service}"))["instances"]!.AsArray();
}

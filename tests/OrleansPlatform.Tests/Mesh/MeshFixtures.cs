using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Infrastructure;
using OrleansPlatform.Tests.Registry;

namespace OrleansPlatform.Tests.Mesh;

/// <summary>An open (loopback, no keys) SQLite platform whose registry sweeps every 100 ms.</summary>
public sealed class MeshPlatformFixture : IAsyncLifetime
{
    public PlatformHost Host { get; } = PlatformHost.Sqlite()
        .With("Platform:Registry:SweepInterval", "00:00:00.100")
        .With("Platform:Mesh:RetryBackoff", "00:00:00.010");

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync() => Client = await Host.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class MeshCollection : ICollectionFixture<MeshPlatformFixture>
{
    public const string Name = "Mesh on SQLite";
}

/// <summary>A platform with API keys: the caller's identity is the key's name.</summary>
public sealed class SecuredMeshFixture : IAsyncLifetime
{
    public const string AdminKey = "mesh-admin-key-0123456789";
    public const string OrdersKey = "mesh-orders-key-0123456789";
    public const string IntruderKey = "mesh-intruder-key-0123456789";
    public const string SigningKey = "a-mesh-test-signing-key-of-32-bytes!!";

    public PlatformHost Host { get; } = PlatformHost.Sqlite()
        .With("Platform:Auth:ApiKeys:0:Key", AdminKey).With("Platform:Auth:ApiKeys:0:Role", "admin").With("Platform:Auth:ApiKeys:0:Name", "ops")
        .With("Platform:Auth:ApiKeys:1:Key", OrdersKey).With("Platform:Auth:ApiKeys:1:Role", "writer").With("Platform:Auth:ApiKeys:1:Name", "orders")
        .With("Platform:Auth:ApiKeys:2:Key", IntruderKey).With("Platform:Auth:ApiKeys:2:Role", "writer").With("Platform:Auth:ApiKeys:2:Name", "intruder")
        .With("Platform:Auth:Jwt:SigningKey", SigningKey);

    /// <summary>Sends no key: each request names its own.</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>Sends the admin key, to register instances and set policies.</summary>
    public HttpClient Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Client = await Host.StartAsync();
        Admin = Host.CreateClient();
        Admin.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>Mesh calls over HTTP, and backends standing in for services.</summary>
internal static class MeshApi
{
    /// <summary>A service with one real local backend per instance (ids i-0, i-1, ...), and its policy.</summary>
    public static async Task<(string Service, ParticipantServer[] Backends)> ServiceAsync(this HttpClient client, int instances, object? policy = null)
    {
        var service = RegistryApi.NewService();
        var backends = new ParticipantServer[instances];
        for (var i = 0; i < instances; i++)
        {
            backends[i] = await ParticipantServer.StartAsync();
            (await client.RegisterAsync(service, $"i-{i}", new { address = backends[i].BaseUrl })).EnsureSuccessStatusCode();
        }

        if (policy is not null)
        {
            (await client.PutAsJsonAsync($"/api/v1/services/{service}/policy", policy)).EnsureSuccessStatusCode();
        }

        return (service, backends);
    }

    public static Task<HttpResponseMessage> MeshGetAsync(this HttpClient client, string service, string path, string? caller = null) =>
        client.SendAsync(Request(HttpMethod.Get, service, path, caller));

    public static HttpRequestMessage Request(HttpMethod method, string service, string path, string? caller = null)
    {
        var request = new HttpRequestMessage(method, $"/api/v1/mesh/{service}{path}");
        if (caller is not null)
        {
            request.Headers.Add("X-Caller-Service", caller);
        }

        return request;
    }

    public static async Task<string?> RuleAsync(this HttpResponseMessage response) =>
        (await response.JsonAsync())["rule"]?.GetValue<string>();

    /// <summary>The service's instances that are ejected now, by id.</summary>
    public static async Task<List<string>> EjectedAsync(this HttpClient client, string service) =>
        (await client.InstancesAsync(service))
            .Where(i => i!["ejectedUntil"] is JsonValue)
            .Select(i => i!["instanceId"].Str())
            .ToList();

    public static async ValueTask DisposeAllAsync(this ParticipantServer[] backends)
    {
        foreach (var backend in backends)
        {
            await backend.DisposeAsync();
        }
    }
}

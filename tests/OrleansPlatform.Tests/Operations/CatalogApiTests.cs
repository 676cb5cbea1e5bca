using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansPlatform.Tests.Api;
using static OrleansPlatform.Tests.Api.ApiClientExtensions;

namespace OrleansPlatform.Tests.Operations;

/// <summary><c>GET /api/v1/streams</c>, <c>/topics</c>, <c>/subscriptions</c> and <c>/auth/me</c>, once per storage backend.</summary>
public abstract class CatalogApiTests(HttpClient client)
{
    [Fact]
    public async Task ListStreams_ByPrefix_PagesInOrdinalOrderWithoutSystemStreams()
    {
        var prefix = "cat-" + Guid.NewGuid().ToString("N")[..8] + "-";
        foreach (var id in new[] { "c", "a", "b" })
        {
            (await client.AppendAsync(prefix + id, 0, Event("Counted", new { }))).EnsureSuccessStatusCode();
        }

        var first = await client.GetFromJsonAsync<JsonElement>($"/api/v1/streams?prefix={prefix}&limit=2");
        var second = await client.GetFromJsonAsync<JsonElement>($"/api/v1/streams?prefix={prefix}&limit=2&after={first.GetProperty("next").GetString()}");

        Assert.Equal([prefix + "a", prefix + "b"], Items(first));
        Assert.Equal([prefix + "c"], Items(second));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next").ValueKind);
        var all = await client.GetFromJsonAsync<JsonElement>("/api/v1/streams?limit=1000");
        Assert.DoesNotContain(Items(all), id => id.StartsWith('$'));
    }

    [Fact]
    public async Task ListStreams_SystemPrefixOrBadLimit_Is400()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/streams?prefix=%24topic")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/streams?limit=0")).StatusCode);
    }

    [Fact]
    public async Task ListTopicsAndSubscriptions_NameWhatWasCreated()
    {
        var topic = "cat-" + Guid.NewGuid().ToString("N")[..8];
        (await client.PutAsJsonAsync($"/api/v1/topics/{topic}", new { partitions = 1 })).EnsureSuccessStatusCode();
        (await client.PutAsJsonAsync($"/api/v1/subscriptions/{topic}-sub", new { topic, delivery = new { type = "pull" } })).EnsureSuccessStatusCode();

        var topics = await client.GetFromJsonAsync<JsonElement>($"/api/v1/topics?after={topic[..^1]}&limit=1000");
        var subscriptions = await client.GetFromJsonAsync<JsonElement>("/api/v1/subscriptions?limit=1000");

        Assert.Contains(topic, Items(topics));
        Assert.Contains(topic + "-sub", Items(subscriptions));
    }

    [Fact]
    public async Task WhoAmI_OnAnOpenLoopbackApi_IsAnUnauthenticatedAdmin()
    {
        var me = await client.GetFromJsonAsync<JsonElement>("/api/v1/auth/me");

        Assert.False(me.GetProperty("authenticated").GetBoolean());
        Assert.Equal(["admin", "writer", "reader"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!));
    }

    private static List<string> Items(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetString()!).ToList();
}

[Collection(SqliteApiCollection.Name)]
public sealed class SqliteCatalogApiTests(SqlitePlatformFixture fixture) : CatalogApiTests(fixture.Client);

[Collection(PostgresApiCollection.Name)]
public sealed class PostgresCatalogApiTests(PostgresPlatformFixture fixture) : CatalogApiTests(fixture.Client);

using System.Net;
using System.Net.Http.Json;
using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Infrastructure;
using static OrleansPlatform.Tests.Api.ApiClientExtensions;

namespace OrleansPlatform.Tests.Operations;

/// <summary><c>GET /api/v1/status</c> (api.md "Operations"), once per storage backend.</summary>
public abstract class StatusApiTests(HttpClient client, string storageKind)
{
    [Fact]
    public async Task Status_AfterWrites_ShowsSilosStorageHeadAndCounts()
    {
        var topic = "status-" + Guid.NewGuid().ToString("N")[..8];
        (await client.PutAsJsonAsync($"/api/v1/topics/{topic}", new { partitions = 1 })).EnsureSuccessStatusCode();
        (await client.PutAsJsonAsync($"/api/v1/subscriptions/{topic}-sub", new { topic, delivery = new { type = "pull" } })).EnsureSuccessStatusCode();
        var appended = await (await client.AppendAsync(NewStreamId(), 0, Event("Counted", new { }))).JsonAsync();
        var position = appended["position"]!.GetValue<long>();

        // Counts are cached for a few seconds: wait for a snapshot taken after the writes above.
        var status = await Eventually.MatchAsync(() => client.GetJsonAsync("/api/v1/status"),
            s => s["head"]?.GetValue<long>() >= position, TimeSpan.FromSeconds(30));

        var silo = Assert.Single(status["silos"]!.AsArray());
        Assert.Equal("active", silo!["status"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(silo["address"]!.GetValue<string>()));
        Assert.Equal(storageKind, status["storage"]!["kind"]!.GetValue<string>());
        Assert.True(status["storage"]!["healthy"]!.GetValue<bool>());
        Assert.True(status["streams"]!.GetValue<long>() >= 1);
        Assert.True(status["topics"]!.GetValue<long>() >= 1);
        Assert.True(status["subscriptions"]!.GetValue<long>() >= 1);
        Assert.True(status["deadLetters"]!.GetValue<long>() >= 0);
    }

    [Fact]
    public async Task Status_NewTopic_CountsATopicButNoStream()
    {
        var testStart = DateTimeOffset.UtcNow;
        var before = await Eventually.MatchAsync(() => client.GetJsonAsync("/api/v1/status"),
            s => s["asOf"]!.GetValue<DateTimeOffset>() >= testStart, TimeSpan.FromSeconds(30));
        var topic = "status-" + Guid.NewGuid().ToString("N")[..8];

        // A topic is journaled in system streams, which the user-stream count must not see.
        (await client.PutAsJsonAsync($"/api/v1/topics/{topic}", new { partitions = 2 })).EnsureSuccessStatusCode();
        var after = await Eventually.MatchAsync(() => client.GetJsonAsync("/api/v1/status"),
            s => s["topics"].Long() > before["topics"].Long(), TimeSpan.FromSeconds(30));

        Assert.Equal(before["topics"].Long() + 1, after["topics"].Long());
        Assert.Equal(before["streams"].Long(), after["streams"].Long());
    }
}

[Collection(SqliteApiCollection.Name)]
public sealed class SqliteStatusApiTests(SqlitePlatformFixture fixture) : StatusApiTests(fixture.Client, "sqlite");

[Collection(PostgresApiCollection.Name)]
public sealed class PostgresStatusApiTests(PostgresPlatformFixture fixture) : StatusApiTests(fixture.Client, "postgres");

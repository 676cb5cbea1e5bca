using System.Net;
using System.Net.Http.Json;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Storage.EventLog;
using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Bus;
using OrleansPlatform.Tests.Infrastructure;

namespace OrleansPlatform.Tests.EventLog;

/// <summary>Journals are numbered in 64 bits: a stream or topic partition seeded past 2^31 keeps working.</summary>
public abstract class LargeVersionTests(PlatformHost host, HttpClient client)
{
    private const long BeyondInt32 = (1L << 31) + 100;

    [Fact]
    public async Task Append_ToAStreamPast2To31_ContinuesItsVersions()
    {
        var stream = "big-" + Guid.NewGuid().ToString("N");
        await host.AppendRawAsync(stream, BeyondInt32 - 1);

        var response = await client.PostAsJsonAsync($"/api/v1/streams/{stream}/events", new
        {
            expectedVersion = BeyondInt32,
            events = new[] { new { type = "Next", data = new { } } },
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(BeyondInt32 + 1, (await response.Content.ReadFromJsonAsync<AppendResult>())!.FirstVersion);
    }

    [Fact]
    public async Task Publish_ToAPartitionPast2To31Offsets_AssignsTheNextOffset()
    {
        var topic = TopicApiTests.NewTopic();
        // A partition's offsets are its log stream's versions minus one; seeded before the topic's PUT activates it.
        await host.AppendRawAsync($"$topic:{topic}:0", BeyondInt32 - 1);
        (await client.PutAsJsonAsync($"/api/v1/topics/{topic}", new { partitions = 1 })).EnsureSuccessStatusCode();

        var published = await client.PostAsJsonAsync($"/api/v1/topics/{topic}/events", new { key = "k", type = "Next", data = new { } });
        var read = await client.GetJsonAsync($"/api/v1/topics/{topic}/events?partition=0&fromOffset={BeyondInt32}&limit=10");

        Assert.Equal(HttpStatusCode.Accepted, published.StatusCode);
        Assert.Equal(BeyondInt32, (await published.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>())!["offset"].Long());
        Assert.Equal(BeyondInt32, read["events"]![0]!["offset"].Long());
    }

}

[Collection(SqliteApiCollection.Name)]
public sealed class SqliteLargeVersionTests(SqlitePlatformFixture fixture) : LargeVersionTests(fixture.Host, fixture.Client);

[Collection(PostgresApiCollection.Name)]
public sealed class PostgresLargeVersionTests(PostgresPlatformFixture fixture) : LargeVersionTests(fixture.Host, fixture.Client);

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Storage.EventLog;
using OrleansPlatform.Storage.Retention;
using OrleansPlatform.Tests.Hosting;
using OrleansPlatform.Tests.Infrastructure;
using OrleansPlatform.Tests.Schemas;
using static OrleansPlatform.Tests.Api.ApiClientExtensions;

namespace OrleansPlatform.Tests.Retention;

/// <summary>
/// Retention and deletion over HTTP (api.md "Schemas, integrity and lifecycle"), once per backend: reads hide at once,
/// the reclaim job removes the rows later, deletes soft and hard, and the feed pages past removed positions.
/// </summary>
public abstract class RetentionApiTests(PlatformHost host, HttpClient client)
{
    [Fact]
    public async Task MaxCount_HidesOlderEventsAtOnce_AndTheReclaimJobRemovesTheirRowsButNeverTheLast()
    {
        var stream = NewStreamId("ret");
        var first = await AppendAsync(stream, 5);

        await PutMetadataAsync(stream, new { maxCount = 2 });

        var read = await client.GetJsonAsync($"/api/v1/streams/{stream}/events");
        Assert.Equal([4L, 5L], Versions(read));
        Assert.Equal(5, read["version"].Long());
        // The feed shows a commit once every transaction below it has finished, so the record may take a moment.
        await Eventually.MatchAsync(
            () => client.GetJsonAsync($"/api/v1/events?fromPosition={first}&type=StreamRetentionSet.v1&limit=1000"),
            audited => audited["events"]!.AsArray().Any(e => e!["streamId"].Str() == "$retention:" + stream && e["data"]!["maxCount"].Long() == 2));
        Assert.Equal([5L, 4L], Versions(await client.GetJsonAsync($"/api/v1/streams/{stream}/events?from=5&direction=backward")));
        Assert.Empty(Versions(await client.GetJsonAsync($"/api/v1/streams/{stream}/events?from=3&direction=backward")));
        Assert.Equal(5, await StoredCountAsync(stream));

        await ReclaimUntilAsync(() => StoredCountAsync(stream), 2);

        Assert.Equal([4L, 5L], await StoredVersionsAsync(stream));
        var appended = await client.AppendAsync(stream, 5, Event("E", new { n = 6 }));
        Assert.Equal(HttpStatusCode.Created, appended.StatusCode);
        Assert.Equal([5L, 6L], Versions(await client.GetJsonAsync($"/api/v1/streams/{stream}/events")));
    }

    [Fact]
    public async Task State_FoldsOnlyTheRetainedEvents_TheSameBeforeAndAfterTheRowsAreReclaimed()
    {
        var stream = NewStreamId("ret");
        await client.AppendAsync(stream, 0, Event("A", new { a = 1 }), Event("B", new { b = 2 }), Event("C", new { c = 3 }));

        await PutMetadataAsync(stream, new { maxCount = 2 });
        var before = await client.GetJsonAsync($"/api/v1/streams/{stream}/state");
        await ReclaimUntilAsync(() => StoredCountAsync(stream), 2);
        var after = await client.GetJsonAsync($"/api/v1/streams/{stream}/state");

        Assert.Equal("""{"b":2,"c":3}""", before["state"]!.ToJsonString());
        Assert.Equal(before.ToJsonString(), after.ToJsonString());
        Assert.Equal("{}", (await client.GetJsonAsync($"/api/v1/streams/{stream}/state?version=1"))["state"]!.ToJsonString());
    }

    [Fact]
    public async Task Feed_PagingOneEventAtATimeAcrossReclaimedPositions_NeverMissesOrRepeatsAnotherStreamsEvents()
    {
        var (trimmed, other) = (NewStreamId("ret"), NewStreamId("ret"));
        var first = await AppendAsync(trimmed, 1);
        for (var i = 0; i < 3; i++)
        {
            await AppendAsync(other, 1);
            await AppendAsync(trimmed, 1);
        }

        await PutMetadataAsync(trimmed, new { truncateBefore = 4 });
        await ReclaimUntilAsync(() => StoredCountAsync(trimmed), 1);

        var seen = new List<(string Stream, long Version, long Position)>();
        var next = first;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (seen.Count(e => e.Stream == other) < 3 || !seen.Any(e => e.Stream == trimmed))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the feed did not reach every event in time: {string.Join(", ", seen)}");
            var page = await client.GetJsonAsync($"/api/v1/events?fromPosition={next}&limit=1");
            foreach (var e in page["events"]!.AsArray())
            {
                seen.Add((e!["streamId"].Str(), e["version"].Long(), e["position"].Long()));
            }

            next = page["nextPosition"].Long();
        }

        var ours = seen.Where(e => e.Stream == trimmed || e.Stream == other).ToList();
        Assert.Equal([1L, 2L, 3L], ours.Where(e => e.Stream == other).Select(e => e.Version));
        Assert.Equal([4L], ours.Where(e => e.Stream == trimmed).Select(e => e.Version));
        Assert.Equal(ours.Select(e => e.Position).Order(), ours.Select(e => e.Position));
        Assert.Equal(ours.Count, ours.Select(e => e.Position).Distinct().Count());
    }

    [Fact]
    public async Task MaxAge_HidesEventsOnceOlder_AndANewEventIsReadAgain()
    {
        var stream = NewStreamId("ret");
        await AppendAsync(stream, 3);

        await PutMetadataAsync(stream, new { maxAge = "00:00:00.200" });

        var read = await Eventually.MatchAsync(() => client.GetJsonAsync($"/api/v1/streams/{stream}/events"), r => Versions(r).Count == 0);
        Assert.Equal(3, read["version"].Long());
        await ReclaimUntilAsync(() => StoredCountAsync(stream), 1);
        Assert.Equal([3L], await StoredVersionsAsync(stream));

        await client.AppendAsync(stream, 3, Event("E", new { n = 4 }));
        Assert.Equal([4L], Versions(await client.GetJsonAsync($"/api/v1/streams/{stream}/events")));
    }

    [Fact]
    public async Task Verify_AStreamWhoseOldestEventsWereReclaimed_ChecksTheRemainingChain()
    {
        var stream = NewStreamId("ret");
        await AppendAsync(stream, 4);
        await PutMetadataAsync(stream, new { truncateBefore = 3 });
        await ReclaimUntilAsync(() => StoredCountAsync(stream), 2);

        var verified = await client.GetJsonAsync($"/api/v1/streams/{stream}/verify");

        Assert.True(verified["valid"]!.GetValue<bool>(), verified.ToJsonString());
        Assert.Equal(2, verified["checked"].Long());
    }

    [Fact]
    public async Task SoftDelete_ReadsAnswer404_ThenAnAppendContinuesAtTheVersionShowingOnlyWhatFollows()
    {
        var stream = NewStreamId("ret");
        var first = await AppendAsync(stream, 3);

        Assert.Equal(HttpStatusCode.Conflict, (await client.DeleteAsync($"/api/v1/streams/{stream}?expectedVersion=2")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/streams/{stream}?expectedVersion=3")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/streams/{stream}")).StatusCode);

        foreach (var path in new[] { $"/api/v1/streams/{stream}/events", $"/api/v1/streams/{stream}", $"/api/v1/streams/{stream}/state" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(path)).StatusCode);
        }

        var feed = await client.GetJsonAsync($"/api/v1/events?fromPosition={first}&limit=1000");
        Assert.DoesNotContain(feed["events"]!.AsArray(), e => e!["streamId"].Str() == stream);
        Assert.Equal(3, await StoredCountAsync(stream));

        var appended = await client.AppendAsync(stream, 3, Event("E", new { n = 4 }));
        Assert.Equal(HttpStatusCode.Created, appended.StatusCode);
        Assert.Equal([4L], Versions(await client.GetJsonAsync($"/api/v1/streams/{stream}/events")));
        Assert.Equal(4, (await client.GetJsonAsync($"/api/v1/streams/{stream}"))["version"].Long());
    }

    [Fact]
    public async Task HardDelete_ErasesTheRows_AndTheIdTakesOnlyAnAppendExpectingNoStream()
    {
        var stream = NewStreamId("ret");
        var first = await AppendAsync(stream, 3);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/streams/{stream}?hard=true")).StatusCode);

        Assert.Equal(0, await StoredCountAsync(stream));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/streams/{stream}/events")).StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await client.DeleteAsync($"/api/v1/streams/{stream}?hard=true")).StatusCode);
        var refused = await client.AppendAsync(stream, "any", Event("E", new { n = 1 }));
        Assert.Equal(HttpStatusCode.Gone, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await StoredCountAsync(stream));

        var again = await client.AppendAsync(stream, 0, Event("E", new { n = 1 }));
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(1, (await again.JsonAsync())["firstVersion"].Long());
        Assert.Equal([1L], Versions(await client.GetJsonAsync($"/api/v1/streams/{stream}/events")));
        Assert.Equal(HttpStatusCode.Created, (await client.AppendAsync(stream, "any", Event("E", new { n = 2 }))).StatusCode);
        var audit = await Eventually.MatchAsync(
            () => client.GetJsonAsync($"/api/v1/events?fromPosition={first}&type=StreamDeleted.v1&limit=1000"),
            a => a["events"]!.AsArray().Any(e => e!["streamId"].Str() == "$retention:" + stream));
        var deleted = Assert.Single(audit["events"]!.AsArray(), e => e!["streamId"].Str() == "$retention:" + stream);
        Assert.Equal("StreamDeleted.v1", deleted!["type"].Str());
        Assert.True(deleted["data"]!["hard"]!.GetValue<bool>());
        Assert.Equal(3, deleted["data"]!["version"].Long());
    }

    [Fact]
    public async Task HardDelete_InterruptedAfterItsMarker_IsFinishedWhenTheWriterNextActivates()
    {
        var stream = NewStreamId("ret");
        await AppendAsync(stream, 3);

        // What a crash right after the marker leaves behind: the marker and every row, and no writer in memory.
        await host.Service<IStreamMetadataStore>().MarkHardDeletedAsync(stream, 4, DateTimeOffset.UtcNow, CancellationToken.None);
        await host.Service<IGrainFactory>().GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/streams/{stream}/events")).StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await client.AppendAsync(stream, "any", Event("E", new { n = 4 }))).StatusCode);
        Assert.Equal(0, await StoredCountAsync(stream));
    }

    [Fact]
    public async Task Delete_UnknownStreamOrBadExpectedVersion_AnswersProblems()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/api/v1/streams/{NewStreamId("ret")}")).StatusCode);
        var bad = await client.DeleteAsync($"/api/v1/streams/{NewStreamId("ret")}?expectedVersion=soon");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.JsonAsync())["errors"]!.AsObject().ContainsKey("expectedVersion"));
    }

    private async Task<long> AppendAsync(string stream, int count)
    {
        long position = 0;
        for (var i = 0; i < count; i++)
        {
            var response = await client.AppendAsync(stream, "any", Event("E", new { n = i }));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            position = position == 0 ? (await response.JsonAsync())["position"].Long() : position;
        }

        return position;
    }

    private async Task PutMetadataAsync(string stream, object metadata)
    {
        var response = await client.PutAsJsonAsync($"/api/v1/streams/{stream}/metadata", metadata);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    // Other tests share the database and may leave work for the job, so run passes until this stream is done.
    private async Task ReclaimUntilAsync(Func<Task<int>> stored, int expected) =>
        await Eventually.MatchAsync(
            async () =>
            {
                var response = await client.PostAsync("/api/v1/retention/reclaim", null);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                return await stored();
            },
            count => count == expected);

    private async Task<int> StoredCountAsync(string stream) => (await StoredVersionsAsync(stream)).Count;

    private async Task<List<long>> StoredVersionsAsync(string stream) =>
        (await host.Service<IEventLog>().ReadStreamAsync(stream, 1, 1000, ReadDirection.Forward, CancellationToken.None)).Select(e => e.Version).ToList();

    private static List<long> Versions(JsonObject read) => read["events"]!.AsArray().Select(e => e!["version"].Long()).ToList();
}

[Collection(SqliteErasureCollection.Name)]
public sealed class SqliteRetentionApiTests(SqliteErasureFixture fixture) : RetentionApiTests(fixture.Host, fixture.Client);

[Collection(PostgresErasureCollection.Name)]
public sealed class PostgresRetentionApiTests(PostgresErasureFixture fixture) : RetentionApiTests(fixture.Host, fixture.Client);

/// <summary>Deleting needs the writer role, and a hard delete the admin role.</summary>
[Collection(SecuredPlatformCollection.Name)]
public sealed class StreamDeletionRoleTests(SecuredPlatformFixture platform)
{
    [Fact]
    public async Task HardDelete_WithAWriterKey_Returns403AndLeavesTheStream()
    {
        var stream = NewStreamId("ret");
        using var append = Request(HttpMethod.Post, $"/api/v1/streams/{stream}/events", SecuredPlatformFixture.WriterKey);
        append.Content = JsonContent.Create(new { events = new[] { Event("E", new { n = 1 }) } });
        Assert.Equal(HttpStatusCode.Created, (await platform.Client.SendAsync(append)).StatusCode);

        using var hard = Request(HttpMethod.Delete, $"/api/v1/streams/{stream}?hard=true", SecuredPlatformFixture.WriterKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await platform.Client.SendAsync(hard)).StatusCode);
        using var soft = Request(HttpMethod.Delete, $"/api/v1/streams/{stream}", SecuredPlatformFixture.ReaderKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await platform.Client.SendAsync(soft)).StatusCode);
        using var reclaim = Request(HttpMethod.Post, "/api/v1/retention/reclaim", SecuredPlatformFixture.WriterKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await platform.Client.SendAsync(reclaim)).StatusCode);

        using var read = Request(HttpMethod.Get, $"/api/v1/streams/{stream}", SecuredPlatformFixture.ReaderKey);
        Assert.Equal(HttpStatusCode.OK, (await platform.Client.SendAsync(read)).StatusCode);
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string key)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Api-Key", key);
        return request;
    }
}

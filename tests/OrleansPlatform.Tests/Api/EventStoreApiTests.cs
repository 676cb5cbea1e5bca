using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OrleansPlatform.Tests.Infrastructure;
using static OrleansPlatform.Tests.Api.ApiClientExtensions;

namespace OrleansPlatform.Tests.Api;

/// <summary>The event store's HTTP contract (api.md), run once per storage backend.</summary>
public abstract class EventStoreApiTests(HttpClient client)
{
    [Fact]
    public async Task Append_NewStream_Returns201WithVersionsAndPosition()
    {
        var stream = NewStreamId();

        var response = await client.AppendAsync(stream, 0, Event("OrderPlaced", new { total = 10 }), Event("OrderPaid", new { paid = true }));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal(stream, body["streamId"].Str());
        Assert.Equal(1, body["firstVersion"].Long());
        Assert.Equal(2, body["lastVersion"].Long());
        var read = await client.GetJsonAsync($"/api/v1/streams/{stream}/events");
        Assert.Equal(body["position"].Long(), read["events"]![1]!["position"].Long());
    }

    [Fact]
    public async Task Append_WrongExpectedVersion_Returns409WithExpectedAndActual()
    {
        var stream = NewStreamId();
        await client.AppendAsync(stream, 0, Event("A", new { }));

        var response = await client.AppendAsync(stream, 5, Event("B", new { }));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.JsonAsync();
        Assert.Equal(JsonValueKind.Number, problem["expectedVersion"]!.GetValueKind());
        Assert.Equal(5, problem["expectedVersion"].Long());
        Assert.Equal(1, problem["actualVersion"].Long());
    }

    [Theory]
    [InlineData("exists")]
    [InlineData("7")]
    public async Task Append_WrongExpectedVersionSentAsString_EchoesTheString(string expected)
    {
        var stream = NewStreamId();

        var response = await client.AppendAsync(stream, expected, Event("A", new { }));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Equal(JsonValueKind.String, problem["expectedVersion"]!.GetValueKind());
        Assert.Equal(expected, problem["expectedVersion"].Str());
        Assert.Equal(0, problem["actualVersion"].Long());
    }

    [Theory]
    [InlineData("exists", 0)]
    [InlineData("0", 1)]
    public async Task Append_ConditionNotMet_Returns409(string expected, int eventsBefore)
    {
        var stream = NewStreamId();
        for (var i = 0; i < eventsBefore; i++)
        {
            await client.AppendAsync(stream, "any", Event("A", new { }));
        }

        var response = await client.AppendAsync(stream, expected, Event("B", new { }));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task Append_SameRequestTwice_Returns200WithOriginalResultAndAppendsOnce()
    {
        var stream = NewStreamId();
        var events = new[] { Event("A", new { n = 1 }), Event("B", new { n = 2 }) };
        var first = await (await client.AppendAsync(stream, 0, events)).JsonAsync();

        var again = await client.AppendAsync(stream, 0, events);
        var anyAgain = await client.AppendAsync(stream, "any", events);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.OK, anyAgain.StatusCode);
        var repeated = await again.JsonAsync();
        Assert.Equal(first["position"].Long(), repeated["position"].Long());
        Assert.True(repeated["duplicate"]!.GetValue<bool>());
        var info = await client.GetJsonAsync($"/api/v1/streams/{stream}");
        Assert.Equal(2, info["version"].Long());
    }

    [Fact]
    public async Task Append_EventIdReusedAtAnotherPosition_Returns409AndAppendsNothing()
    {
        var stream = NewStreamId();
        var reused = Guid.NewGuid();
        await client.AppendAsync(stream, 0, Event("A", new { }, reused));
        await client.AppendAsync(stream, 1, Event("B", new { }));

        var response = await client.AppendAsync(stream, "any", Event("C", new { }), Event("A", new { }, reused));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var info = await client.GetJsonAsync($"/api/v1/streams/{stream}");
        Assert.Equal(2, info["version"].Long());
    }

    [Fact]
    public async Task Append_ConcurrentWritersExpectingSameVersion_ExactlyOneWins()
    {
        var stream = NewStreamId();
        await client.AppendAsync(stream, 0, Event("Created", new { }));

        var attempts = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => client.AppendAsync(stream, 1, Event("Raced", new { i }))));

        Assert.Single(attempts, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(19, attempts.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        var read = await client.GetJsonAsync($"/api/v1/streams/{stream}/events");
        Assert.Equal(2, read["version"].Long());
    }

    [Fact]
    public async Task Append_ConcurrentWritersWithAny_KeepEveryEventWithDenseVersions()
    {
        var stream = NewStreamId();

        var results = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => client.AppendAsync(stream, "any", Event("E", new { i }), Event("F", new { i }))));

        Assert.All(results, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var read = await client.GetJsonAsync($"/api/v1/streams/{stream}/events?limit=1000");
        var versions = read["events"]!.AsArray().Select(e => e!["version"].Long()).ToList();
        Assert.Equal(Enumerable.Range(1, 60).Select(v => (long)v), versions);
        var positions = read["events"]!.AsArray().Select(e => e!["position"].Long()).ToList();
        Assert.Equal(positions.Order(), positions);
    }

    [Theory]
    [InlineData("bad id!", """{"events":[{"type":"A","data":{}}]}""")]
    [InlineData("$system", """{"events":[{"type":"A","data":{}}]}""")]
    [InlineData("$saga:x", """{"events":[{"type":"A","data":{}}]}""")]
    [InlineData("ok", """{"events":[]}""")]
    [InlineData("ok", """{"events":[{"data":{}}]}""")]
    [InlineData("ok", """{"events":[{"type":"A","data":[1,2]}]}""")]
    [InlineData("ok", """{"events":[{"type":"A"}]}""")]
    [InlineData("ok", """{"expectedVersion":"sometimes","events":[{"type":"A","data":{}}]}""")]
    [InlineData("ok", """{"expectedVersion":-4,"events":[{"type":"A","data":{}}]}""")]
    [InlineData("ok", """{"events":[{"type":"A","data":{}""")]
    [InlineData("ok", """{"events":[{"type":"A\u0000B","data":{}}]}""")]
    [InlineData("ok", """{"events":[{"type":"A","data":{},"correlationId":"c\u0000"}]}""")]
    public async Task Append_InvalidRequest_Returns400ProblemAndWritesNothing(string streamName, string json)
    {
        var stream = streamName == "ok" ? NewStreamId() : Uri.EscapeDataString(streamName);

        var response = await client.PostAsync($"/api/v1/streams/{stream}/events", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (streamName == "ok")
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/streams/{stream}")).StatusCode);
        }
    }

    [Fact]
    public async Task Append_EventOverSizeLimit_Returns413AndWritesNothing()
    {
        var stream = NewStreamId();
        var big = new string('x', 1024 * 1024 + 1);

        var response = await client.AppendAsync(stream, "any", Event("Small", new { }), Event("Big", new { big }));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/streams/{stream}")).StatusCode);
    }

    [Fact]
    public async Task Read_UnknownStream_Returns404()
    {
        var stream = NewStreamId();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/streams/{stream}/events")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/streams/{stream}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/streams/{stream}/state")).StatusCode);
    }

    [Fact]
    public async Task Read_ForwardAndBackwardPages_ReturnRequestedSlices()
    {
        var stream = NewStreamId();
        await client.AppendAsync(stream, 0, Enumerable.Range(1, 5).Select(i => Event("E", new { i })).ToArray());

        var forward = await client.GetJsonAsync($"/api/v1/streams/{stream}/events?from=2&limit=2");
        var backward = await client.GetJsonAsync($"/api/v1/streams/{stream}/events?direction=backward&limit=3");

        Assert.Equal([2L, 3L], forward["events"]!.AsArray().Select(e => e!["version"].Long()));
        Assert.Equal([5L, 4L, 3L], backward["events"]!.AsArray().Select(e => e!["version"].Long()));
        Assert.Equal(5, backward["version"].Long());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/v1/streams/{stream}/events?direction=sideways")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/v1/streams/{stream}/events?limit=0")).StatusCode);
    }

    [Fact]
    public async Task Read_RecordedEvent_CarriesMetadataAndIds()
    {
        var stream = NewStreamId();
        var id = Guid.NewGuid();
        await client.PostAsJsonAsync($"/api/v1/streams/{stream}/events", new
        {
            events = new[] { new { eventId = id, type = "Tagged", data = new { a = 1 }, metadata = new { user = "u1" }, correlationId = "c-1", causationId = "k-1" } },
        });

        var e = (await client.GetJsonAsync($"/api/v1/streams/{stream}/events"))["events"]![0]!;

        Assert.Equal(id.ToString(), e["eventId"].Str());
        Assert.Equal("u1", e["metadata"]!["user"].Str());
        Assert.Equal("c-1", e["correlationId"].Str());
        Assert.Equal("k-1", e["causationId"].Str());
        Assert.Equal(1, e["data"]!["a"]!.GetValue<int>());
    }

    [Fact]
    public async Task GlobalFeed_PagedByNextPosition_ReturnsEveryEventOnceInOrder()
    {
        var correlation = Guid.NewGuid().ToString();
        var streams = Enumerable.Range(0, 5).Select(_ => NewStreamId("feed")).ToList();
        await Task.WhenAll(streams.Select(s => client.AppendAsync(s, 0,
            Enumerable.Range(0, 4).Select(i => Event("Fed", new { i }, correlationId: correlation)).ToArray())));

        var seen = new List<(long Position, string Stream)>();
        long next = 0;
        // Polls with a deadline: the feed shows appends once every older transaction on the database has finished.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (seen.Count < 20 && DateTime.UtcNow < deadline)
        {
            var slice = await client.GetJsonAsync($"/api/v1/events?fromPosition={next}&limit=3&correlationId={correlation}");
            seen.AddRange(slice["events"]!.AsArray().Select(e => (e!["position"].Long(), e["streamId"].Str())));
            Assert.True(slice["nextPosition"].Long() >= next);
            next = slice["nextPosition"].Long();
        }

        Assert.Equal(20, seen.Count);
        Assert.Equal(seen.Select(s => s.Position).Order(), seen.Select(s => s.Position));
        Assert.Equal(20, seen.Select(s => s.Position).Distinct().Count());
    }

    [Fact]
    public async Task GlobalFeed_TypeFilter_ReturnsOnlyThoseTypes()
    {
        var correlation = Guid.NewGuid().ToString();
        var stream = NewStreamId();
        await client.AppendAsync(stream, 0, Event("Keep1", new { }, correlationId: correlation), Event("Drop", new { }, correlationId: correlation), Event("Keep2", new { }, correlationId: correlation));

        // The feed shows an append once every older transaction has finished (the no-gap frontier): on a shared
        // database another test's transaction may still be open, so poll with a deadline.
        var slice = await Eventually.MatchAsync(
            () => client.GetJsonAsync($"/api/v1/events?type=Keep1,Keep2&correlationId={correlation}"),
            s => s["events"]!.AsArray().Count > 0);

        Assert.Equal(["Keep1", "Keep2"], slice["events"]!.AsArray().Select(e => e!["type"].Str()));
    }

    [Fact]
    public async Task State_AtVersionOrTime_FoldsMergePatchUpToThere()
    {
        var stream = NewStreamId();
        await client.AppendAsync(stream, 0, Event("A", new { status = "new", total = 5, nested = new { x = 1 } }));
        var firstAppended = (await client.GetJsonAsync($"/api/v1/streams/{stream}"))["updatedAt"].Str();
        await Eventually.MatchAsync(() => Task.FromResult(DateTimeOffset.UtcNow), now => now > DateTimeOffset.Parse(firstAppended, System.Globalization.CultureInfo.InvariantCulture).AddMilliseconds(5));
        await client.AppendAsync(stream, 1, Event("B", new { status = "paid", total = (int?)null, nested = new { y = 2 } }));

        var latest = await client.GetJsonAsync($"/api/v1/streams/{stream}/state");
        var atOne = await client.GetJsonAsync($"/api/v1/streams/{stream}/state?version=1");
        var atTime = await client.GetJsonAsync($"/api/v1/streams/{stream}/state?at={Uri.EscapeDataString(firstAppended)}");

        Assert.Equal("""{"status":"paid","nested":{"x":1,"y":2}}""", latest["state"]!.ToJsonString());
        Assert.Equal(2, latest["version"].Long());
        Assert.Equal("""{"status":"new","total":5,"nested":{"x":1}}""", atOne["state"]!.ToJsonString());
        Assert.Equal(atOne["state"]!.ToJsonString(), atTime["state"]!.ToJsonString());
        Assert.Equal(1, atTime["version"].Long());
    }

    [Fact]
    public async Task LiveFeed_FromLastEventId_StreamsEventsAfterIt()
    {
        var stream = NewStreamId();
        var first = await (await client.AppendAsync(stream, 0, Event("One", new { }))).JsonAsync();
        await client.AppendAsync(stream, 1, Event("Two", new { }));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/events/live?type=Two");
        request.Headers.Add("Last-Event-ID", (first["position"].Long() - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));
        string? line;
        while ((line = await reader.ReadLineAsync(cancel.Token)) is not null && !(line.StartsWith("data:", StringComparison.Ordinal) && line.Contains(stream, StringComparison.Ordinal)))
        {
        }

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(line);
        Assert.Contains("\"type\":\"Two\"", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LiveFeed_LastEventId_ResumesRightAfterThatPosition()
    {
        var stream = NewStreamId();
        await client.AppendAsync(stream, 0, Event("One", new { }));
        var second = await (await client.AppendAsync(stream, 1, Event("Two", new { }))).JsonAsync();
        await client.AppendAsync(stream, 2, Event("Three", new { }));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/events/live");
        request.Headers.Add("Last-Event-ID", second["position"].Long().ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));
        string? line;
        while ((line = await reader.ReadLineAsync(cancel.Token)) is not null && !(line.StartsWith("data:", StringComparison.Ordinal) && line.Contains(stream, StringComparison.Ordinal)))
        {
        }

        // Ignoring the header would replay the feed from the start, and this stream's first event would be "One".
        Assert.NotNull(line);
        Assert.Contains("\"type\":\"Three\"", line, StringComparison.Ordinal);
    }
}

[Collection(SqliteApiCollection.Name)]
public sealed class SqliteEventStoreApiTests(SqlitePlatformFixture fixture) : EventStoreApiTests(fixture.Client);

[Collection(PostgresApiCollection.Name)]
public sealed class PostgresEventStoreApiTests(PostgresPlatformFixture fixture) : EventStoreApiTests(fixture.Client);

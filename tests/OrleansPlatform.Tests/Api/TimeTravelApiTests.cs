using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using static OrleansPlatform.Tests.Api.ApiClientExtensions;

namespace OrleansPlatform.Tests.Api;

/// <summary>Time travel over HTTP (api.md "Time travel, what-if and compare"), run once per storage backend.</summary>
public abstract class TimeTravelApiTests(HttpClient client)
{
    [Fact]
    public async Task Diff_BetweenVersions_ReturnsBothStatesAndThePatch()
    {
        var stream = NewStreamId();
        await client.AppendAsync(stream, 0, Event("A", new { a = 1 }), Event("B", new { b = 2 }), Event("C", JsonNode.Parse("""{"a":null,"c":[1]}""")!));

        var body = await client.GetJsonAsync($"/api/v1/streams/{stream}/diff?from=1&to=3");

        Assert.Equal("""{"a":1}""", body["from"]!.ToJsonString());
        Assert.Equal("""{"b":2,"c":[1]}""", body["to"]!.ToJsonString());
        Assert.Equal(
            """[{"op":"remove","path":"/a"},{"op":"add","path":"/b","value":2},{"op":"add","path":"/c","value":[1]}]""",
            body["diff"]!.ToJsonString());
        Assert.Equal(1, body["fromVersion"].Long());
        Assert.Equal(3, body["toVersion"].Long());
    }

    [Fact]
    public async Task Diff_BetweenTimes_FoldsUpToEachTime()
    {
        var stream = NewStreamId();
        await client.AppendAsync(stream, 0, Event("A", new { a = 1 }));

        var body = await client.GetJsonAsync($"/api/v1/streams/{stream}/diff?from=2000-01-01T00:00:00Z&to={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("O", CultureInfo.InvariantCulture))}");

        Assert.Equal("{}", body["from"]!.ToJsonString());
        Assert.Equal(0, body["fromVersion"].Long());
        Assert.Equal("""[{"op":"add","path":"/a","value":1}]""", body["diff"]!.ToJsonString());
    }

    [Theory]
    [InlineData("from=x&to=1", "from")]
    [InlineData("from=1&to=yesterday", "to")]
    [InlineData("to=1", "from")]
    [InlineData("from=1", "to")]
    public async Task Diff_BadPoint_Returns400NamingIt(string query, string field)
    {
        var stream = NewStreamId();
        await client.AppendAsync(stream, 0, Event("A", new { a = 1 }));

        var response = await client.GetAsync($"/api/v1/streams/{stream}/diff?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.JsonAsync())["errors"]![field]);
    }

    [Fact]
    public async Task Diff_UnknownStream_Returns404()
    {
        var response = await client.GetAsync($"/api/v1/streams/{NewStreamId()}/diff?from=0&to=1");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task WhatIf_WithoutAndAppend_AnswersBothStatesAndWritesNothing()
    {
        var stream = NewStreamId();
        var discount = Guid.NewGuid();
        await client.AppendAsync(stream, 0, Event("Placed", new { total = 10 }), Event("Discounted", new { discount = 2 }, discount), Event("Changed", new { total = 20 }));
        var before = await client.GetJsonAsync($"/api/v1/streams/{stream}/events");
        var last = before["events"]![2]!["position"].Long();

        var response = await PostWhatIfAsync(stream, $$$"""{"at":{"version":3},"without":["{{{discount}}}"],"append":[{"type":"Noted","data":{"note":"x"}}]}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal("""{"total":20,"discount":2}""", body["actual"]!.ToJsonString());
        Assert.Equal("""{"total":20,"note":"x"}""", body["hypothetical"]!.ToJsonString());
        Assert.Equal("""[{"op":"remove","path":"/discount"},{"op":"add","path":"/note","value":"x"}]""", body["diff"]!.ToJsonString());
        Assert.Equal(3, (await client.GetJsonAsync($"/api/v1/streams/{stream}"))["version"].Long());
        var after = await client.GetJsonAsync($"/api/v1/events?fromPosition={last + 1}");
        Assert.Empty(after["events"]!.AsArray());
    }

    [Fact]
    public async Task WhatIf_AtAnEarlierVersionOrTime_StartsFromThere()
    {
        var stream = NewStreamId();
        await client.AppendAsync(stream, 0, Event("A", new { a = 1 }), Event("B", new { b = 2 }));

        var atVersion = await (await PostWhatIfAsync(stream, """{"at":{"version":1},"append":[{"type":"C","data":{"a":5}}]}""")).JsonAsync();
        var atTime = await (await PostWhatIfAsync(stream, """{"at":{"time":"2000-01-01T00:00:00Z"}}""")).JsonAsync();

        Assert.Equal("""{"a":1}""", atVersion["actual"]!.ToJsonString());
        Assert.Equal("""{"a":5}""", atVersion["hypothetical"]!.ToJsonString());
        Assert.Equal("""[{"op":"replace","path":"/a","value":5}]""", atVersion["diff"]!.ToJsonString());
        Assert.Equal("{}", atTime["actual"]!.ToJsonString());
        Assert.Equal("[]", atTime["diff"]!.ToJsonString());
    }

    [Theory]
    [InlineData("""{}""", "at")]
    [InlineData("""{"at":{"version":-1}}""", "at.version")]
    [InlineData("""{"at":{"time":"soon"}}""", "at.time")]
    [InlineData("""{"at":{"version":1},"without":["nope"]}""", "without[0]")]
    [InlineData("""{"at":{"version":1},"without":["6f1c9a34-0000-4000-8000-000000000001"]}""", "without[0]")]
    [InlineData("""{"at":{"version":1},"append":[{"data":{}}]}""", "append[0].type")]
    [InlineData("""{"at":{"version":1},"append":[{"type":"A","data":5}]}""", "append[0].data")]
    public async Task WhatIf_BadBody_Returns400NamingTheField(string json, string field)
    {
        var stream = NewStreamId();
        await client.AppendAsync(stream, 0, Event("A", new { a = 1 }));

        var response = await PostWhatIfAsync(stream, json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.JsonAsync())["errors"]![field]);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1]")]
    public async Task WhatIf_BodyNotAnObject_Returns400(string json)
    {
        var stream = NewStreamId();
        await client.AppendAsync(stream, 0, Event("A", new { a = 1 }));

        var response = await PostWhatIfAsync(stream, json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task WhatIf_UnknownStream_Returns404()
    {
        var response = await PostWhatIfAsync(NewStreamId(), """{"at":{"version":1}}""");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Feed_FromTime_StartsAtTheFirstEventAtOrAfterIt()
    {
        var stream = NewStreamId();
        for (var i = 0; i < 3; i++)
        {
            await client.AppendAsync(stream, i, Event("Tick", new { i }));
        }

        var mine = (await client.GetJsonAsync($"/api/v1/streams/{stream}/events"))["events"]!.AsArray();
        var time = DateTimeOffset.Parse(mine[1]!["timestamp"].Str(), CultureInfo.InvariantCulture);
        var expected = mine.Where(e => DateTimeOffset.Parse(e!["timestamp"].Str(), CultureInfo.InvariantCulture) >= time).Select(e => e!["position"].Long()).ToList();
        var fromTime = Uri.EscapeDataString(time.ToString("O", CultureInfo.InvariantCulture));

        var seen = new List<JsonNode>();
        var position = 0L;
        for (var page = 0; page < 1000 && !seen.Any(e => e["position"].Long() == mine[2]!["position"].Long()); page++)
        {
            var body = await client.GetJsonAsync($"/api/v1/events?fromTime={fromTime}&fromPosition={position}&limit=2");
            seen.AddRange(body["events"]!.AsArray().Select(e => e!));
            position = body["nextPosition"].Long();
        }

        Assert.All(seen, e => Assert.True(DateTimeOffset.Parse(e["timestamp"].Str(), CultureInfo.InvariantCulture) >= time));
        Assert.Equal(expected, seen.Where(e => e["streamId"].Str() == stream).Select(e => e["position"].Long()).ToList());
    }

    [Fact]
    public async Task Feed_FromFutureTime_IsEmpty()
    {
        await client.AppendAsync(NewStreamId(), 0, Event("A", new { }));
        var future = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(1).ToString("O", CultureInfo.InvariantCulture));

        var body = await client.GetJsonAsync($"/api/v1/events?fromTime={future}");

        Assert.Empty(body["events"]!.AsArray());
    }

    [Fact]
    public async Task Feed_BadFromTime_Returns400()
    {
        var response = await client.GetAsync("/api/v1/events?fromTime=tuesday");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.JsonAsync())["errors"]!["fromTime"]);
    }

    private Task<HttpResponseMessage> PostWhatIfAsync(string stream, string json) =>
        client.PostAsync($"/api/v1/streams/{stream}/what-if", new StringContent(json, Encoding.UTF8, "application/json"));
}

[Collection(SqliteApiCollection.Name)]
public sealed class SqliteTimeTravelApiTests(SqlitePlatformFixture fixture) : TimeTravelApiTests(fixture.Client);

[Collection(PostgresApiCollection.Name)]
public sealed class PostgresTimeTravelApiTests(PostgresPlatformFixture fixture) : TimeTravelApiTests(fixture.Client);

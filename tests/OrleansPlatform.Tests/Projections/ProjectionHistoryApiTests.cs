using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansPlatform.Tests.Api;
using static OrleansPlatform.Tests.Api.ApiClientExtensions;

namespace OrleansPlatform.Tests.Projections;

/// <summary>A projection document's past over HTTP (SQLite): as of a position or time, diff and what-if, against hand-folded expectations.</summary>
[Collection(SqliteApiCollection.Name)]
public sealed class ProjectionHistoryApiTests(SqlitePlatformFixture platform)
{
    private static readonly object Rules = new
    {
        rules = new object[]
        {
            new { on = "Placed", set = new Dictionary<string, string> { ["/total"] = "/data/total" } },
            new { on = "Added", increment = new Dictionary<string, int> { ["/items"] = 1 } },
            new { on = "Cancelled", delete = true },
        },
    };

    private static readonly string[] CustomerTypes = ["Cust*"];
    private static readonly string[] OrderTypes = ["Placed", "Added"];

    private readonly string _prefix = $"h{Guid.NewGuid():N}-";
    private readonly string _name = "h-" + Guid.NewGuid().ToString("N")[..12];

    private HttpClient Client => platform.Client;

    private string Url => $"/api/v1/projections/{_name}";

    [Fact]
    public async Task DocumentAt_Positions_TheDocumentAsFoldedThen_404Before()
    {
        var (stream, positions, _) = await OrderAsync();

        var before = await Client.GetAsync($"{Url}/documents/{stream}?position={positions[0] - 1}");
        var first = await Client.GetJsonAsync($"{Url}/documents/{stream}?position={positions[0]}");
        var second = await Client.GetJsonAsync($"{Url}/documents/{stream}?position={positions[1]}");
        var deleted = await Client.GetAsync($"{Url}/documents/{stream}?position={positions[3]}");
        var recreated = await Client.GetJsonAsync($"{Url}/documents/{stream}?position={positions[4]}");
        var live = await Client.GetJsonAsync($"{Url}/documents/{stream}?minPosition={positions[^1]}&wait=20s");

        Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        AssertJson("""{"total":10}""", first["data"]);
        Assert.Equal((1, positions[0]), (first["version"].Long(), first["position"].Long()));
        AssertJson("""{"total":10,"items":1}""", second["data"]);
        Assert.Equal((2, positions[1]), (second["version"].Long(), second["position"].Long()));
        Assert.Equal(HttpStatusCode.NotFound, deleted.StatusCode);
        AssertJson("""{"total":7}""", recreated["data"]);
        Assert.Equal(1, recreated["version"].Long());
        Assert.True(JsonNode.DeepEquals(live, recreated), $"live {live} vs refolded {recreated}");
    }

    [Fact]
    public async Task DocumentAt_Time_FoldsTheEventsStampedByThen()
    {
        var (stream, _, _) = await OrderAsync();
        var events = (await Client.GetJsonAsync($"/api/v1/streams/{stream}/events"))["events"]!.AsArray();
        var at = events[1]!["timestamp"]!.GetValue<DateTimeOffset>();

        var document = await Client.GetJsonAsync($"{Url}/documents/{stream}?at={Uri.EscapeDataString(at.ToString("O"))}");
        var early = await Client.GetAsync($"{Url}/documents/{stream}?at={Uri.EscapeDataString(events[0]!["timestamp"]!.GetValue<DateTimeOffset>().AddSeconds(-1).ToString("O"))}");

        // Events stamped in the same tick as the second one count too: the expectation folds by stamp, by hand.
        var folded = events.Where(e => e!["timestamp"]!.GetValue<DateTimeOffset>() <= at).Select(e => e!["type"].Str()).ToList();
        Assert.Equal(["Placed", "Added"], folded.Take(2));
        var items = folded.Count(t => t == "Added");
        AssertJson($$"""{"total":10,"items":{{items}}}""", document["data"]);
        Assert.Equal(HttpStatusCode.NotFound, early.StatusCode);
    }

    [Fact]
    public async Task DocumentAt_PartitionedByPointer_ScansTheFeedForTheKey()
    {
        await PutOkAsync(new { source = new { streamPrefix = _prefix, types = CustomerTypes }, partitionBy = "/data/customer" });
        var p1 = await AppendAsync("a", "CustomerNamed", new { customer = "c1", name = "Ann" });
        await AppendAsync("b", "CustomerNamed", new { customer = "c2", name = "Bob" });
        await AppendAsync("b", "Ignored", new { customer = "c1", name = "Nobody" });
        var p4 = await AppendAsync("c", "CustomerMoved", new { customer = "c1", city = "Oslo" });
        var p5 = await AppendAsync("a", "CustomerNamed", new { customer = "c1", name = "Anna" });

        var atFirst = await Client.GetJsonAsync($"{Url}/documents/c1?position={p1}");
        var atMove = await Client.GetJsonAsync($"{Url}/documents/c1?position={p4}");
        var live = await Client.GetJsonAsync($"{Url}/documents/c1?minPosition={p5}&wait=20s");
        var atEnd = await Client.GetJsonAsync($"{Url}/documents/c1?position={p5}");

        AssertJson("""{"customer":"c1","name":"Ann"}""", atFirst["data"]);
        AssertJson("""{"customer":"c1","name":"Ann","city":"Oslo"}""", atMove["data"]);
        Assert.Equal((2, p4), (atMove["version"].Long(), atMove["position"].Long()));
        Assert.True(JsonNode.DeepEquals(live, atEnd), $"live {live} vs refolded {atEnd}");
    }

    [Fact]
    public async Task Diff_BetweenPositions_Rfc6902Patch_AbsentIsNull()
    {
        var (stream, positions, _) = await OrderAsync();

        var diff = await Client.GetJsonAsync($"{Url}/documents/{stream}/diff?from={positions[0]}&to={positions[2]}");
        var fromNothing = await Client.GetJsonAsync($"{Url}/documents/{stream}/diff?from={positions[0] - 1}&to={positions[0]}");

        AssertJson("""{"total":10}""", diff["from"]);
        AssertJson("""{"total":10,"items":2}""", diff["to"]);
        AssertJson("""[{"op":"add","path":"/items","value":2}]""", diff["diff"]);
        Assert.Equal((1, 3), (diff["fromVersion"].Long(), diff["toVersion"].Long()));
        Assert.Null(fromNothing["from"]);
        Assert.Null(fromNothing["fromVersion"]);
        AssertJson("""[{"op":"replace","path":"","value":{"total":10}}]""", fromNothing["diff"]);
    }

    [Fact]
    public async Task WhatIf_WithoutAndAppend_HypotheticalAndPatch_NothingWritten()
    {
        var (stream, positions, ids) = await OrderAsync();
        var body = new
        {
            at = new { position = positions[2] },
            without = new[] { ids[1] },
            append = new object[] { new { type = "Added", data = new { } }, new { type = "Added", data = new { } }, new { type = "Placed", data = new { total = 11 } } },
        };

        var response = await Client.PostAsJsonAsync($"{Url}/documents/{stream}/what-if", body);
        var cancelled = await Client.PostAsJsonAsync($"{Url}/documents/{stream}/what-if", new { at = new { position = positions[2] }, append = new[] { new { type = "Cancelled", data = new { } } } });
        var live = await Client.GetJsonAsync($"{Url}/documents/{stream}?minPosition={positions[^1]}&wait=20s");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.JsonAsync();
        AssertJson("""{"total":10,"items":2}""", result["actual"]);
        AssertJson("""{"total":11,"items":3}""", result["hypothetical"]);
        AssertJson("""[{"op":"replace","path":"/items","value":3},{"op":"replace","path":"/total","value":11}]""", Sorted(result["diff"]));
        Assert.Equal(positions[2], result["position"].Long());
        var gone = await cancelled.JsonAsync();
        Assert.Null(gone["hypothetical"]);
        AssertJson("""[{"op":"replace","path":"","value":null}]""", gone["diff"]);
        AssertJson("""{"total":7}""", live["data"]);
        Assert.Equal(positions.Length, (await Client.GetJsonAsync($"/api/v1/streams/{stream}"))["version"].Long());
    }

    [Theory]
    [InlineData("""{"without":[]}""", "at")]
    [InlineData("""{"at":{"version":1}}""", "at")]
    [InlineData("""{"at":{"position":-1}}""", "at.position")]
    [InlineData("""{"at":{"time":"yesterday"}}""", "at.time")]
    [InlineData("""{"at":{"position":1},"without":["nope"]}""", "without[0]")]
    [InlineData("""{"at":{"position":1000000000},"without":["6f1f0b8e-2f64-4c1e-9a55-1b2c3d4e5f60"]}""", "without[0]")]
    [InlineData("""{"at":{"position":1},"append":[{"data":{}}]}""", "append[0].type")]
    [InlineData("""{"at":{"position":1},"append":[{"type":"Added","data":[1]}]}""", "append[0].data")]
    [InlineData("""{"at":{"position":1},"append":[{"type":"Unread","data":{}}]}""", "append[0].type")]
    [InlineData("""{"at":{"position":1000000000},"append":[{"type":"Placed","data":{"total":1}},{"type":"Added","data":{}}]}""", "append[1]")]
    public async Task WhatIf_BadBody_400NamingTheField(string body, string field)
    {
        await PutOkAsync(new
        {
            source = new { streamPrefix = _prefix, types = OrderTypes },
            fold = new { rules = new object[] { new { on = "Placed", set = new Dictionary<string, string> { ["/items"] = "/data/total" } }, new { on = "Added", append = new Dictionary<string, string> { ["/items"] = "/data" } } } },
        });

        var response = await Client.PostAsync($"{Url}/documents/x/what-if", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.JsonAsync())["errors"]!.AsObject().Select(e => e.Key));
    }

    [Theory]
    [InlineData("documents/x?position=abc", "position")]
    [InlineData("documents/x?position=-1", "position")]
    [InlineData("documents/x?at=soon", "at")]
    [InlineData("documents/x?at=2026-01-01T00:00:00Z&position=1", "at")]
    [InlineData("documents/x/diff?to=1", "from")]
    [InlineData("documents/x/diff?from=1&to=later", "to")]
    public async Task HistoryReads_BadPoint_400NamingTheParameter(string query, string field)
    {
        await PutOkAsync(new { source = new { streamPrefix = _prefix } });

        var response = await Client.GetAsync($"{Url}/{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.JsonAsync())["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task HistoryReads_UnknownProjection_404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"{Url}/documents/x?position=1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"{Url}/documents/x/diff?from=1&to=2")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.PostAsJsonAsync($"{Url}/documents/x/what-if", new { at = new { position = 1 } })).StatusCode);
    }

    /// <summary>One order stream: Placed(10), Added, Added, Cancelled, Placed(7); its positions and event ids.</summary>
    private async Task<(string Stream, long[] Positions, Guid[] Ids)> OrderAsync()
    {
        await PutOkAsync(new { source = new { streamPrefix = _prefix }, fold = Rules });
        var events = new (string Type, object Data)[] { ("Placed", new { total = 10 }), ("Added", new { }), ("Added", new { }), ("Cancelled", new { }), ("Placed", new { total = 7 }) };
        var ids = events.Select(_ => Guid.NewGuid()).ToArray();
        var positions = new long[events.Length];
        for (var i = 0; i < events.Length; i++)
        {
            positions[i] = await AppendAsync("o", events[i].Type, events[i].Data, ids[i]);
        }

        return (_prefix + "o", positions, ids);
    }

    private async Task PutOkAsync(object definition)
    {
        var response = await Client.PutAsJsonAsync(Url, definition);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<long> AppendAsync(string stream, string type, object data, Guid? id = null)
    {
        var response = await Client.AppendAsync(_prefix + stream, "any", Event(type, data, id));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync())["position"].Long();
    }

    private static JsonArray Sorted(JsonNode? ops) => new JsonArray(ops!.AsArray().OrderBy(o => o!["path"].Str(), StringComparer.Ordinal).Select(o => o!.DeepClone()).ToArray());

    private static void AssertJson(string expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"expected {expected}, got {actual?.ToJsonString() ?? "null"}");
}

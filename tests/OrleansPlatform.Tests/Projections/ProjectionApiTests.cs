using System.Net;
using System.Net.Http.Json;
using OrleansPlatform.Tests.Api;
using static OrleansPlatform.Tests.Api.ApiClientExtensions;

namespace OrleansPlatform.Tests.Projections;

/// <summary>The projection routes as api.md defines them, over HTTP on SQLite.</summary>
[Collection(SqliteApiCollection.Name)]
public sealed class ProjectionApiTests(SqlitePlatformFixture platform)
{
    private readonly string _prefix = $"o{Guid.NewGuid():N}-";
    private readonly string _name = "p-" + Guid.NewGuid().ToString("N")[..12];

    private HttpClient Client => platform.Client;

    private string Url => $"/api/v1/projections/{_name}";

    private Task<HttpResponseMessage> PutAsync(object definition) => Client.PutAsJsonAsync(Url, definition);

    private async Task<long> AppendAsync(string stream, string type, object data)
    {
        var response = await Client.AppendAsync(_prefix + stream, "any", Event(type, data));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync())["position"].Long();
    }

    [Fact]
    public async Task Put_NewSameChanged_201Then200ThenBuildsBeside()
    {
        var definition = new { source = new { streamPrefix = _prefix }, fold = "mergePatch" };

        var created = await PutAsync(definition);
        var same = await PutAsync(definition);
        var changed = await PutAsync(new { source = new { streamPrefix = _prefix }, fold = new { rules = new object[] { new { on = "Placed", set = new Dictionary<string, string> { ["/total"] = "/data/total" } } } } });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var body = await created.JsonAsync();
        Assert.Equal(_name, body["name"].Str());
        Assert.Equal(1, body["version"].Long());
        Assert.Equal("mergePatch", body["definition"]!["fold"].Str());
        foreach (var field in new[] { "status", "checkpoint", "head", "lagEvents", "lagSeconds", "parked" })
        {
            Assert.True(body.ContainsKey(field), field);
        }

        var building = (await changed.JsonAsync())["building"];
        Assert.True(building is null || building["version"].Long() == 2, "a changed definition is version 2, building or already promoted");
    }

    [Fact]
    public async Task Put_BadDefinition_400NamingEachField()
    {
        var response = await PutAsync(new
        {
            source = new { },
            partitionBy = "customer",
            fold = new { rules = new object[] { new { on = "Placed", increment = new { items = "one" } } } },
            onError = "retry",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.JsonAsync())["errors"]!.AsObject();
        Assert.Contains("fold.rules[0].increment.items", errors.Select(e => e.Key));
        Assert.Contains("onError", errors.Select(e => e.Key));
    }

    [Fact]
    public async Task Put_BadSourceAndPartition_400NamingThem()
    {
        var response = await PutAsync(new { source = new { }, partitionBy = "customer" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.JsonAsync())["errors"]!.AsObject();
        Assert.Equal(["partitionBy", "source"], errors.Select(e => e.Key).Order());
    }

    [Fact]
    public async Task Documents_AfterAppendWithMinPosition_FilterSortAndPage()
    {
        Assert.Equal(HttpStatusCode.Created, (await PutAsync(new { source = new { streamPrefix = _prefix } })).StatusCode);
        var totals = new[] { 5, 20, 12, 7 };
        var last = 0L;
        for (var i = 0; i < totals.Length; i++)
        {
            last = await AppendAsync($"s{i}", "Placed", new { total = totals[i], status = i % 2 == 0 ? "paid" : "new" });
        }

        var first = await Client.GetJsonAsync($"{Url}/documents?filter=status:eq:paid&filter=total:gt:4&sort=-total&limit=1&minPosition={last}&wait=20s");
        var second = await Client.GetJsonAsync($"{Url}/documents?filter=status:eq:paid&filter=total:gt:4&sort=-total&limit=1&cursor={Uri.EscapeDataString(first["nextCursor"].Str())}");
        var one = await Client.GetJsonAsync($"{Url}/documents/{_prefix}s1");

        var expected = totals.Select((t, i) => (Id: $"{_prefix}s{i}", Total: t)).Where((d, i) => i % 2 == 0).OrderByDescending(d => d.Total).Select(d => d.Id).ToList();
        Assert.Equal(expected, first["documents"]!.AsArray().Concat(second["documents"]!.AsArray()).Select(d => d!["id"].Str()));
        Assert.Null(second["nextCursor"]);
        Assert.Equal(20, one["data"]!["total"].Long());
        Assert.Equal(1, one["version"].Long());
        Assert.True(one["position"].Long() <= last);
    }

    [Fact]
    public async Task Reads_MinPositionNotReached_503WithCheckpoint()
    {
        await PutAsync(new { source = new { streamPrefix = _prefix } });
        await Client.PostAsync($"{Url}/pause", null);
        var position = await AppendAsync("a", "Placed", new { total = 1 });

        var documents = await Client.GetAsync($"{Url}/documents?minPosition={position}&wait=200ms");
        var status = await Client.GetAsync($"{Url}?minPosition={position}&wait=0s");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, documents.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status.StatusCode);
        Assert.True((await documents.JsonAsync())["checkpoint"].Long() < position);
        var resumed = await Client.PostAsync($"{Url}/resume", null);
        Assert.Equal(HttpStatusCode.Accepted, resumed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync($"{Url}/documents?minPosition={position}&wait=20s")).StatusCode);
    }

    [Theory]
    [InlineData("filter=status", "filter[0]")]
    [InlineData("filter=status:like:x", "filter[0]")]
    [InlineData("sort=-", "sort")]
    [InlineData("limit=0", "limit")]
    [InlineData("cursor=garbage", "cursor")]
    [InlineData("minPosition=-1", "minPosition")]
    [InlineData("minPosition=1&wait=forever", "wait")]
    public async Task Documents_BadQuery_400NamingTheParameter(string query, string field)
    {
        await PutAsync(new { source = new { streamPrefix = _prefix } });

        var response = await Client.GetAsync($"{Url}/documents?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.JsonAsync())["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task UnknownProjectionAndDocument_404_AndDeleteRemovesIt()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"{Url}/documents")).StatusCode);
        await PutAsync(new { source = new { streamPrefix = _prefix } });
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"{Url}/documents/nope")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync(Url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.DeleteAsync(Url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync(Url)).StatusCode);
        var list = await Client.GetJsonAsync("/api/v1/projections");
        Assert.DoesNotContain(_name, list["projections"]!.AsArray().Select(p => p!["name"].Str()));
    }

    [Fact]
    public async Task Parked_PoisonEvent_ListedWithPositionAndErrorAndCounted()
    {
        await PutAsync(new
        {
            source = new { streamPrefix = _prefix },
            fold = new
            {
                rules = new object[]
                {
                    new { on = "Placed", set = new Dictionary<string, string> { ["/items"] = "/data/items" } },
                    new { on = "Added", increment = new Dictionary<string, int> { ["/items"] = 1 } },
                },
            },
        });
        await AppendAsync("a", "Placed", new { items = "many" });
        var poison = await AppendAsync("a", "Added", new { });
        var last = await AppendAsync("b", "Added", new { });

        var status = await Client.GetJsonAsync($"{Url}?minPosition={last}&wait=20s");
        var parked = (await Client.GetJsonAsync($"{Url}/parked"))["parked"]!.AsArray();

        var single = Assert.Single(parked);
        Assert.Equal(poison, single!["position"].Long());
        Assert.Equal(_prefix + "a", single["documentId"].Str());
        Assert.Contains("not a number", single["error"].Str(), StringComparison.Ordinal);
        Assert.Equal(1, status["parked"].Long());
        Assert.Equal(1, (await Client.GetJsonAsync($"{Url}/documents/{_prefix}b"))["data"]!["items"].Long());
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Contracts.Projections;
using OrleansPlatform.Silo;
using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Infrastructure;
using static OrleansPlatform.Tests.Api.ApiClientExtensions;

namespace OrleansPlatform.Tests.Projections;

/// <summary>An order's totals, as the C# projection below folds them.</summary>
public sealed record OrderTotals(decimal Total, int Lines, string Status);

/// <summary>A team's C# projection: typed documents, a price that is not a number is poison, a cancellation deletes.</summary>
public sealed class OrderTotalsProjection : IProjection<OrderTotals>
{
    public const string Prefix = "co-";

    public ProjectionSource Source { get; } = new(Prefix, ["Order*"]);

    public OrderTotals? Apply(OrderTotals? document, RecordedEvent recorded) => recorded.Type switch
    {
        "OrderPlaced" => new OrderTotals(0, 0, "placed"),
        "OrderLineAdded" => (document ?? throw new InvalidOperationException("A line before the order was placed.")) with
        {
            Total = document.Total + JsonNode.Parse(recorded.Data)!["price"]!.GetValue<decimal>(),
            Lines = document.Lines + 1,
        },
        "OrderCancelled" => null,
        _ => document,
    };
}

/// <summary>
/// A platform host (SQLite) that runs <see cref="OrderTotalsProjection"/>, registered as a team hosting its own silo
/// would; history reads are bounded at 1,000 events so the bound can be reached.
/// </summary>
public sealed class CodeProjectionHostFixture : IAsyncLifetime
{
    public PlatformHost Host { get; } = PlatformHost.Sqlite()
        .With("Platform:Projections:HistoryMaxEvents", "1000")
        .WithServices(services => services.AddProjection<OrderTotalsProjection>("order-totals"));

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync() => Client = await Host.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>AddProjection&lt;T&gt;(): a C# projection under the same runtime, end to end over the gateway.</summary>
public sealed class CodeProjectionTests(CodeProjectionHostFixture platform) : IClassFixture<CodeProjectionHostFixture>
{
    private const string Url = "/api/v1/projections/order-totals";

    private readonly string _order = $"{OrderTotalsProjection.Prefix}{Guid.NewGuid():N}-";

    private HttpClient Client => platform.Client;

    [Fact]
    public async Task AddProjection_FoldsTypedDocuments_ParksPoison_AnswersQueriesAndHistory()
    {
        var status = await Eventually.MatchAsync(() => Client.GetAsync(Url), r => r.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30));
        var definition = (await status.JsonAsync())["definition"]!;
        Assert.Equal("order-totals", definition["fold"]!["code"].Str());

        await AppendAsync("1", "OrderPlaced", new { });
        var firstLine = await AppendAsync("1", "OrderLineAdded", new { price = 5 });
        await AppendAsync("1", "OrderLineAdded", new { price = 2.5 });
        await AppendAsync("2", "OrderPlaced", new { });
        var poison = await AppendAsync("2", "OrderLineAdded", new { price = "free" });
        await AppendAsync("2", "OrderLineAdded", new { price = 1 });
        await AppendAsync("3", "OrderPlaced", new { });
        var last = await AppendAsync("3", "OrderCancelled", new { });

        var page = await Client.GetJsonAsync($"{Url}/documents?filter=status:eq:placed&filter=lines:ge:1&sort=-total&limit=1000&minPosition={last}&wait=20s");
        var mine = page["documents"]!.AsArray().Where(d => d!["id"].Str().StartsWith(_order, StringComparison.Ordinal)).ToList();
        var cancelled = await Client.GetAsync($"{Url}/documents/{_order}3");
        var parked = (await Client.GetJsonAsync($"{Url}/parked?limit=1000"))["parked"]!.AsArray();
        var then = await Client.GetJsonAsync($"{Url}/documents/{_order}1?position={firstLine}");
        var poisonedLive = await Client.GetJsonAsync($"{Url}/documents/{_order}2");
        var poisonedRefolded = await Client.GetJsonAsync($"{Url}/documents/{_order}2?position={last}");

        Assert.Equal([$"{_order}1", $"{_order}2"], mine.Select(d => d!["id"].Str()));
        AssertJson("""{"total":7.5,"lines":2,"status":"placed"}""", mine[0]!["data"]);
        AssertJson("""{"total":1,"lines":1,"status":"placed"}""", mine[1]!["data"]);
        Assert.Equal(HttpStatusCode.NotFound, cancelled.StatusCode);
        var poisoned = Assert.Single(parked, p => p!["position"].Long() == poison);
        Assert.Contains("Apply threw", poisoned!["error"].Str(), StringComparison.Ordinal);
        AssertJson("""{"total":5,"lines":1,"status":"placed"}""", then["data"]);
        Assert.True(JsonNode.DeepEquals(poisonedLive, poisonedRefolded), $"live {poisonedLive} vs refolded {poisonedRefolded}: the parked event is skipped alike");
        var after = await Client.GetJsonAsync(Url);
        Assert.True(after["checkpoint"].Long() >= last);
        Assert.True(after["parked"].Long() >= 1);
    }

    [Fact]
    public async Task AddProjection_RebuildPauseResume_AsAnyProjection()
    {
        await Eventually.MatchAsync(() => Client.GetAsync(Url), r => r.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30));
        await AppendAsync("r", "OrderPlaced", new { });
        var line = await AppendAsync("r", "OrderLineAdded", new { price = 4 });
        var before = await Client.GetJsonAsync($"{Url}/documents/{_order}r?minPosition={line}&wait=20s");

        var rebuild = await Client.PostAsync($"{Url}/rebuild", null);
        var rebuilt = await Eventually.MatchAsync(() => Client.GetJsonAsync(Url), s => s["building"] is null && s["version"].Long() >= 2, TimeSpan.FromSeconds(30));
        var after = await Client.GetJsonAsync($"{Url}/documents/{_order}r?minPosition={line}&wait=20s");
        await Client.PostAsync($"{Url}/pause", null);
        var paused = await AppendAsync("r", "OrderLineAdded", new { price = 1 });
        var waiting = await Client.GetAsync($"{Url}/documents/{_order}r?minPosition={paused}&wait=200ms");
        await Client.PostAsync($"{Url}/resume", null);
        var resumed = await Client.GetJsonAsync($"{Url}/documents/{_order}r?minPosition={paused}&wait=20s");

        Assert.Equal(HttpStatusCode.Accepted, rebuild.StatusCode);
        Assert.Equal("order-totals", rebuilt["definition"]!["fold"]!["code"].Str());
        AssertJson("""{"total":4,"lines":1,"status":"placed"}""", after["data"]);
        Assert.True(JsonNode.DeepEquals(before["data"], after["data"]));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, waiting.StatusCode);
        AssertJson("""{"total":5,"lines":2,"status":"placed"}""", resumed["data"]);
    }

    [Fact]
    public async Task HistoryRead_KeyedByPointer_PastTheScanBound_400NamingThePoint()
    {
        var name = "bound-" + Guid.NewGuid().ToString("N")[..8];
        var put = await Client.PutAsJsonAsync($"/api/v1/projections/{name}", new { source = new { streamPrefix = _order }, partitionBy = "/data/customer" });
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        var first = await AppendAsync("b", "Named", new { customer = "k" });
        var last = first;
        for (var i = 0; i < 5; i++)
        {
            var events = Enumerable.Range(0, 250).Select(j => Event("Named", new { customer = $"other-{j}" })).ToArray();
            var response = await Client.AppendAsync(_order + "b", "any", events);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            last = (await response.JsonAsync())["position"].Long();
        }

        var near = await Client.GetJsonAsync($"/api/v1/projections/{name}/documents/k?position={first}");
        var far = await Client.GetAsync($"/api/v1/projections/{name}/documents/k?position={last}");

        AssertJson("""{"customer":"k"}""", near["data"]);
        Assert.Equal(HttpStatusCode.BadRequest, far.StatusCode);
        Assert.Contains("position", (await far.JsonAsync())["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task Put_CodeFoldOverHttp_400NamingFold()
    {
        var response = await Client.PutAsJsonAsync("/api/v1/projections/code-" + Guid.NewGuid().ToString("N")[..8], new { source = new { streamPrefix = _order }, fold = new { code = "order-totals" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("fold", (await response.JsonAsync())["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public void AddProjection_BadNameOrNotAProjection_Throws()
    {
        var services = new ServiceCollection();

        Assert.Throws<ArgumentException>(() => services.AddProjection<OrderTotalsProjection>("no spaces"));
        Assert.Throws<ArgumentException>(() => services.AddProjection<OrderTotals>());
    }

    private async Task<long> AppendAsync(string order, string type, object data)
    {
        var response = await Client.AppendAsync(_order + order, "any", Event(type, data));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync())["position"].Long();
    }

    private static void AssertJson(string expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"expected {expected}, got {actual?.ToJsonString() ?? "null"}");
}

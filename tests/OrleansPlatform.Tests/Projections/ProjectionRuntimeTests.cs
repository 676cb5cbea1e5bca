using System.Text.Json.Nodes;
using OrleansPlatform.Contracts.Projections;
using OrleansPlatform.Grains.EventStore;
using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Infrastructure;
using static OrleansPlatform.Tests.Api.ApiClientExtensions;

namespace OrleansPlatform.Tests.Projections;

/// <summary>Projections running over the live feed on one silo (SQLite): folds, read-your-writes, poison events, halts and blue/green.</summary>
[Collection(SqliteApiCollection.Name)]
public sealed class ProjectionRuntimeTests(SqlitePlatformFixture platform)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly string _prefix = $"o{Guid.NewGuid():N}-";
    private readonly string _name = "p-" + Guid.NewGuid().ToString("N")[..12];

    private IProjectionGrain Projection => platform.Host.Service<IGrainFactory>().GetGrain<IProjectionGrain>(_name);

    private IProjectionQueryGrain Queries => platform.Host.Service<IGrainFactory>().GetGrain<IProjectionQueryGrain>(0);

    private async Task<long> AppendAsync(string stream, params (string Type, object Data)[] events)
    {
        var response = await platform.Client.AppendAsync(_prefix + stream, "any", events.Select(e => Event(e.Type, e.Data)).ToArray());
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync())["position"].Long();
    }

    private async Task<Dictionary<string, string>> DocumentsAsync(long minPosition)
    {
        var page = await Queries.QueryAsync(_name, new DocumentQuery([], Limit: 1000), new ReadAfter(minPosition, Wait));
        return page.Documents.ToDictionary(d => d.Id, d => JsonNode.Parse(d.Data)!.ToJsonString());
    }

    [Fact]
    public async Task MergePatch_EventsBeforeAndAfterPut_DocumentsEqualTheFoldOfEachStream()
    {
        var appended = new Dictionary<string, List<object>>
        {
            ["a"] = [new { status = "new", total = 10 }, new { status = "paid", note = "x" }],
            ["b"] = [new { status = "new", total = 3 }],
        };
        foreach (var (stream, data) in appended)
        {
            await AppendAsync(stream, data.Select(d => ("OrderChanged", d)).ToArray());
        }

        await Projection.PutAsync(new ProjectionDefinition(new ProjectionSource(_prefix)));
        appended["a"].Add(new { note = (string?)null, total = 12 });
        var last = await AppendAsync("a", ("OrderChanged", appended["a"][^1]));

        var documents = await DocumentsAsync(last);

        var expected = appended.ToDictionary(
            s => _prefix + s.Key,
            s => s.Value.Aggregate(new JsonObject(), (doc, d) => JsonMergePatch.Apply(doc, System.Text.Json.JsonSerializer.SerializeToNode(d))).ToJsonString());
        Assert.Equal(expected, documents);
    }

    [Fact]
    public async Task Rules_PoisonEvent_IsParkedAndTheRestProcessed()
    {
        await Projection.PutAsync(new ProjectionDefinition(new ProjectionSource(_prefix), Fold: new ProjectionFold(
        [
            new ProjectionRule("Placed", Set: new Dictionary<string, string> { ["/items"] = "/data/items" }),
            new ProjectionRule("Added", Increment: new Dictionary<string, decimal> { ["/items"] = 1 }),
        ])));
        await AppendAsync("good", ("Placed", new { items = 0 }), ("Added", new { }), ("Added", new { }));
        var poison = await AppendAsync("bad", ("Placed", new { items = "many" }), ("Added", new { }));
        var last = await AppendAsync("good", ("Added", new { }));

        var documents = await DocumentsAsync(last);
        var parked = await Queries.ParkedAsync(_name, 0, 10);
        var status = await Queries.GetStatusAsync(_name);

        Assert.Equal("""{"items":3}""", documents[_prefix + "good"]);
        Assert.Equal("""{"items":"many"}""", documents[_prefix + "bad"]);
        var single = Assert.Single(parked);
        Assert.Equal((poison, _prefix + "bad", "Added"), (single.Position, single.DocumentId, single.Type));
        Assert.Contains("not a number", single.Error, StringComparison.Ordinal);
        Assert.Equal(1, status!.Serving.Parked);
    }

    [Fact]
    public async Task Rules_PoisonWithHalt_StopsBeforeItAndResumeRetriesIt()
    {
        await Projection.PutAsync(new ProjectionDefinition(new ProjectionSource(_prefix), OnError: ProjectionErrorMode.Halt, Fold: new ProjectionFold(
        [
            new ProjectionRule("Placed", Set: new Dictionary<string, string> { ["/items"] = "/data/items" }),
            new ProjectionRule("Added", Increment: new Dictionary<string, decimal> { ["/items"] = 1 }),
        ])));
        await AppendAsync("a", ("Placed", new { items = 1 }));
        var poison = await AppendAsync("b", ("Placed", new { items = "many" }), ("Added", new { }));
        await AppendAsync("a", ("Added", new { }));

        var halted = await Eventually.MatchAsync(() => Queries.GetStatusAsync(_name), s => s!.Status == "halted", Wait);
        var poisoned = await Queries.GetDocumentAsync(_name, _prefix + "b");

        // Partitions other than the poison's may have folded further before the halt reached them; the checkpoint,
        // their minimum, stays before the poison event, and its own document stops just before it.
        Assert.Equal(poison, halted!.Info.Halt!.Position);
        Assert.True(halted.Serving.Checkpoint < poison, "the checkpoint stays before the poison event");
        Assert.Equal("""{"items":"many"}""", JsonNode.Parse(poisoned.Document!.Data)!.ToJsonString());
        await Assert.ThrowsAsync<ProjectionNotCaughtUpException>(() => Queries.QueryAsync(_name, new DocumentQuery([]), new ReadAfter(poison, TimeSpan.FromMilliseconds(200))));
        var resumed = await Projection.ResumeAsync();
        Assert.Null(resumed.Halt);
        await Eventually.MatchAsync(() => Queries.GetStatusAsync(_name), s => s!.Info.Halt is not null, Wait);
    }

    [Fact]
    public async Task ChangedDefinition_ServesOldUntilNewCaughtUp_ThenSwitchesWithoutAFailedQuery()
    {
        await AppendAsync("a", ("Placed", new { total = 5, status = "new" }));
        await Projection.PutAsync(new ProjectionDefinition(new ProjectionSource(_prefix)));
        var last = await AppendAsync("b", ("Placed", new { total = 7, status = "new" }));
        Assert.Equal(2, (await DocumentsAsync(last)).Count);

        var (changed, _) = await Projection.PutAsync(new ProjectionDefinition(new ProjectionSource(_prefix), Fold: new ProjectionFold(
            [new ProjectionRule("Placed", Set: new Dictionary<string, string> { ["/amount"] = "/data/total" })])));
        Assert.Equal(1, changed.Serving.Version);
        Assert.Equal(2, changed.Building?.Version);

        var shapes = new List<string>();
        var info = changed;
        var deadline = DateTime.UtcNow + Wait;
        while (info.Serving.Version != 2 && DateTime.UtcNow < deadline)
        {
            var page = await Queries.QueryAsync(_name, new DocumentQuery([], Limit: 1000));
            shapes.Add(string.Join(",", page.Documents.Select(d => JsonNode.Parse(d.Data)!.AsObject().Select(p => p.Key).First())));
            info = (await Projection.GetAsync())!;
        }

        var after = await DocumentsAsync(last);
        Assert.Equal(2, info.Serving.Version);
        // Every answer is wholly one version, and once the new one answers the old one never does again.
        Assert.All(shapes, s => Assert.True(s is "total,total" or "amount,amount", s));
        Assert.DoesNotContain("total,total", shapes.SkipWhile(s => s == "total,total"));
        Assert.Equal("""{"amount":5}|{"amount":7}""", string.Join("|", after.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => d.Value)));
    }
}

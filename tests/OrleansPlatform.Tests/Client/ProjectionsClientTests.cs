using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansPlatform.Client;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Contracts.Projections;
using OrleansPlatform.Tests.Api;

namespace OrleansPlatform.Tests.Client;

/// <summary>Projections through the typed .NET client against the cluster's gateway (PostgreSQL): read-your-writes and typed errors.</summary>
[Collection(PostgresApiCollection.Name)]
public sealed class ProjectionsClientTests(PostgresPlatformFixture platform) : IAsyncLifetime
{
    private readonly string _prefix = $"c{Guid.NewGuid():N}-";
    private readonly string _name = "c-" + Guid.NewGuid().ToString("N")[..12];
    private IHost _service = null!;

    private IProjections Projections => _service.Services.GetRequiredService<IProjections>();

    private IEventStore Store => _service.Services.GetRequiredService<IEventStore>();

    public async Task InitializeAsync() => _service = await ClientHost.StartAsync(platform.Host);

    public Task DisposeAsync() => ClientHost.StopAsync(_service);

    [Fact]
    public async Task QueryAfterAppend_WithItsPosition_SeesTheWrite()
    {
        var (_, created) = await Projections.DefineAsync(_name, new ProjectionDefinition(new ProjectionSource(_prefix)));
        var first = await Store.AppendAsync(_prefix + "1", ExpectedVersion.Any, [new EventData(Guid.NewGuid(), "Placed", """{"total":3}""")]);
        var second = await Store.AppendAsync(_prefix + "1", ExpectedVersion.Any, [new EventData(Guid.NewGuid(), "Paid", """{"paid":true}""")]);

        var page = await Projections.QueryAsync(_name, DocumentQueryParser.Parse(["paid:eq:true"], null, null, null), new ReadAfter(second.Position, TimeSpan.FromSeconds(20)));
        var document = await Projections.GetDocumentAsync(_name, _prefix + "1");
        var status = await Projections.GetStatusAsync(_name);

        Assert.True(created);
        Assert.True(first.Position < second.Position);
        var only = Assert.Single(page.Documents);
        Assert.Equal(2, only.Version);
        Assert.Equal(second.Position, only.Position);
        Assert.Equal(3, JsonNode.Parse(document!.Data)!["total"]!.GetValue<int>());
        Assert.True(status!.Serving.Checkpoint >= second.Position);
        Assert.Contains(await Projections.ListAsync(), s => s.Info.Name == _name);
    }

    [Fact]
    public async Task DocumentHistory_AtDiffWhatIf_RefoldedWithoutWriting()
    {
        await Projections.DefineAsync(_name, new ProjectionDefinition(new ProjectionSource(_prefix)));
        var placed = Guid.NewGuid();
        var first = await Store.AppendAsync(_prefix + "1", ExpectedVersion.Any, [new EventData(placed, "Placed", """{"total":3}""")]);
        var second = await Store.AppendAsync(_prefix + "1", ExpectedVersion.Any, [new EventData(Guid.NewGuid(), "Paid", """{"paid":true}""")]);

        var then = await Projections.GetDocumentAtAsync(_name, _prefix + "1", FeedPoint.AtPosition(first.Position));
        var before = await Projections.GetDocumentAtAsync(_name, _prefix + "1", FeedPoint.AtPosition(first.Position - 1));
        var diff = await Projections.DiffDocumentAsync(_name, _prefix + "1", FeedPoint.AtPosition(first.Position), FeedPoint.AtPosition(second.Position));
        var whatIf = await Projections.WhatIfDocumentAsync(_name, _prefix + "1", new DocumentWhatIfRequest(
            FeedPoint.AtPosition(second.Position), [placed], [new Contracts.TimeTravel.HypotheticalEvent("Refunded", """{"refunded":true}""")]));
        var live = await Projections.GetDocumentAsync(_name, _prefix + "1", new ReadAfter(second.Position, TimeSpan.FromSeconds(20)));

        Assert.Null(before);
        Assert.Equal((1, first.Position), (then!.Version, then.Position));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"total":3}"""), JsonNode.Parse(then.Data)));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""[{"op":"add","path":"/paid","value":true}]"""), JsonNode.Parse(diff.Diff)), diff.Diff);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"paid":true,"refunded":true}"""), JsonNode.Parse(whatIf.Hypothetical!.Data)), whatIf.Hypothetical.Data);
        foreach (var refolded in new[] { whatIf.Actual!, diff.To! })
        {
            // The store keeps JSONB, so the live text may differ in spacing and member order, never in content.
            Assert.Equal((live!.Version, live.Position), (refolded.Version, refolded.Position));
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(live.Data), JsonNode.Parse(refolded.Data)), $"{live.Data} vs {refolded.Data}");
        }
    }

    [Fact]
    public async Task DocumentHistory_KeyedByPointer_ScansTheFeedWithTheTypeFilter()
    {
        await Projections.DefineAsync(_name, new ProjectionDefinition(new ProjectionSource(_prefix, ["Named", "Moved"]), "/data/customer"));
        var customer = "k" + Guid.NewGuid().ToString("N");
        var named = await Store.AppendAsync(_prefix + "a", ExpectedVersion.Any, [new EventData(Guid.NewGuid(), "Named", $$"""{"customer":"{{customer}}","name":"Ann"}""")]);
        await Store.AppendAsync(_prefix + "b", ExpectedVersion.Any, [new EventData(Guid.NewGuid(), "Ignored", $$"""{"customer":"{{customer}}","name":"No"}""")]);
        await Store.AppendAsync(_prefix + "b", ExpectedVersion.Any, [new EventData(Guid.NewGuid(), "Named", """{"customer":"other","name":"Bob"}""")]);
        var moved = await Store.AppendAsync(_prefix + "c", ExpectedVersion.Any, [new EventData(Guid.NewGuid(), "Moved", $$"""{"customer":"{{customer}}","city":"Oslo"}""")]);

        var then = await Projections.GetDocumentAtAsync(_name, customer, FeedPoint.AtPosition(named.Position));
        var now = await Projections.GetDocumentAtAsync(_name, customer, FeedPoint.AtPosition(moved.Position));
        var live = await Projections.GetDocumentAsync(_name, customer, new ReadAfter(moved.Position, TimeSpan.FromSeconds(20)));

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse($$"""{"customer":"{{customer}}","name":"Ann"}"""), JsonNode.Parse(then!.Data)), then.Data);
        Assert.Equal((live!.Version, live.Position), (now!.Version, now.Position));
        Assert.Equal((2, moved.Position), (now.Version, now.Position));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(live.Data), JsonNode.Parse(now.Data)), $"{live.Data} vs {now.Data}");
    }

    [Fact]
    public async Task BadDefinitionAndUnknownProjection_AreTypedErrors()
    {
        var invalid = await Assert.ThrowsAsync<PlatformValidationException>(() => Projections.DefineAsync(_name, new ProjectionDefinition(new ProjectionSource())));
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => Projections.QueryAsync(_name, new DocumentQuery([])));

        Assert.Contains("source", invalid.Errors.Keys);
        Assert.Null(await Projections.GetStatusAsync(_name));
        Assert.False(await Projections.DeleteAsync(_name));
    }
}

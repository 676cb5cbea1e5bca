using System.Text.Json.Nodes;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.Projections;
using OrleansPlatform.Storage.Projections;

namespace OrleansPlatform.Tests.Projections;

/// <summary>The projection store's exactly-once commits, queries and dead letters, once per backend; each test owns its projection name.</summary>
public abstract class ProjectionStoreContractTests(IProjectionStoreFixture fixture)
{
    private readonly string _name = "p-" + Guid.NewGuid().ToString("N");

    private IProjectionStore Store => fixture.Store;

    private static ProjectionCommit Commit(string name, long from, long next, params DocumentChange[] changes) =>
        new(name, 1, 0, from, next, changes, []);

    private async Task SeedAsync(IReadOnlyList<(string Id, string Json)> documents)
    {
        var changes = documents.Select((d, i) => new DocumentChange(d.Id, d.Json, 1, i + 1)).ToArray();
        Assert.True(await Store.CommitAsync(Commit(_name, 0, documents.Count + 1, changes), CancellationToken.None));
    }

    private async Task<List<string>> IdsAsync(string[] filters, string? sort = null)
    {
        var page = await Store.QueryAsync(_name, 1, DocumentQueryParser.Parse(filters, sort, 1000, null), CancellationToken.None);
        return page.Documents.Select(d => d.Id).ToList();
    }

    [Fact]
    public async Task Commit_ThenLoad_KeepsDocumentsAndCheckpointTogether()
    {
        Assert.True(await Store.CommitAsync(Commit(_name, 0, 5, new DocumentChange("a", """{"n":1}""", 1, 3), new DocumentChange("b", """{"n":2}""", 2, 4)), CancellationToken.None));

        var documents = await Store.LoadAsync(_name, 1, ["a", "b", "c"], CancellationToken.None);
        var checkpoints = await Store.CheckpointsAsync(_name, 1, CancellationToken.None);

        Assert.Equal(["a", "b"], documents.Keys.Order());
        Assert.Equal(2, JsonNode.Parse(documents["b"].Data)!["n"]!.GetValue<int>());
        Assert.Equal((2L, 4L), (documents["b"].Version, documents["b"].Position));
        Assert.Equal(5, checkpoints[0]);
    }

    [Fact]
    public async Task Commit_FromStaleCheckpoint_WritesNothing()
    {
        Assert.True(await Store.CommitAsync(Commit(_name, 0, 5, new DocumentChange("a", """{"n":1}""", 1, 3)), CancellationToken.None));

        var replay = await Store.CommitAsync(Commit(_name, 0, 5, new DocumentChange("a", """{"n":99}""", 1, 3)), CancellationToken.None);
        var next = await Store.CommitAsync(Commit(_name, 5, 9, new DocumentChange("a", """{"n":2}""", 2, 7)), CancellationToken.None);

        Assert.False(replay);
        Assert.True(next);
        Assert.Equal(2, JsonNode.Parse((await Store.LoadAsync(_name, 1, ["a"], CancellationToken.None))["a"].Data)!["n"]!.GetValue<int>());
        Assert.Equal(9, (await Store.CheckpointsAsync(_name, 1, CancellationToken.None))[0]);
    }

    [Fact]
    public async Task Commit_NullData_DeletesTheDocument()
    {
        await SeedAsync([("a", "{}"), ("b", "{}")]);

        Assert.True(await Store.CommitAsync(Commit(_name, 3, 4, new DocumentChange("a", null, 2, 3)), CancellationToken.None));

        Assert.Equal(["b"], await IdsAsync([]));
    }

    [Fact]
    public async Task Query_EachOperator_SelectsTheMatchingDocuments()
    {
        await SeedAsync(
        [
            ("a", """{"status":"paid","total":5,"vip":true,"customer":{"id":"c1"},"tags":["x","y"]}"""),
            ("b", """{"status":"new","total":10.5,"vip":false,"customer":{"id":"c2"},"tags":["y"]}"""),
            ("c", """{"status":"paid","total":20,"customer":{"id":"c1"}}"""),
            ("d", """{"status":"cancelled","total":"unknown"}"""),
        ]);

        Assert.Equal(["a", "c"], await IdsAsync(["status:eq:paid"]));
        Assert.Equal(["b", "d"], await IdsAsync(["status:ne:paid"]));
        Assert.Equal(["b", "c"], await IdsAsync(["total:gt:5"]));
        Assert.Equal(["a", "b", "c"], await IdsAsync(["total:ge:5"]));
        Assert.Equal(["a"], await IdsAsync(["total:lt:10"]));
        Assert.Equal(["a", "b"], await IdsAsync(["total:le:10.5"]));
        Assert.Equal(["a"], await IdsAsync(["vip:eq:true"]));
        Assert.Equal(["a", "c"], await IdsAsync(["customer.id:eq:c1"]));
        Assert.Equal(["a", "b"], await IdsAsync(["tags:contains:y"]));
        Assert.Equal(["d"], await IdsAsync(["status:contains:cel"]));
        Assert.Equal(["c"], await IdsAsync(["status:eq:paid", "total:gt:5"]));
        Assert.Equal(["d"], await IdsAsync(["total:eq:\"unknown\""]));
    }

    [Fact]
    public async Task Query_SortAndPages_VisitsEveryDocumentOnceInOrder()
    {
        var totals = new[] { 7, 3, 7, 12, 1, 7, 3, 9 };
        await SeedAsync(totals.Select((t, i) => ($"d{i}", $$"""{"total":{{t}}}""")).ToList());
        var expected = totals.Select((t, i) => (Id: $"d{i}", Total: t)).OrderByDescending(d => d.Total).ThenByDescending(d => d.Id, StringComparer.Ordinal).Select(d => d.Id).ToList();

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await Store.QueryAsync(_name, 1, DocumentQueryParser.Parse([], "-total", 3, cursor), CancellationToken.None);
            Assert.True(page.Documents.Count <= 3);
            seen.AddRange(page.Documents.Select(d => d.Id));
            cursor = page.NextCursor;
        }
        while (cursor is not null && seen.Count < 20);

        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task Query_ByIdPages_VisitsEveryDocumentOnce()
    {
        var ids = Enumerable.Range(0, 5).Select(i => $"k{i}").ToList();
        await SeedAsync(ids.Select(id => (id, "{}")).ToList());

        var first = await Store.QueryAsync(_name, 1, DocumentQueryParser.Parse([], null, 2, null), CancellationToken.None);
        var second = await Store.QueryAsync(_name, 1, DocumentQueryParser.Parse([], null, 3, first.NextCursor), CancellationToken.None);

        Assert.Equal(ids, first.Documents.Concat(second.Documents).Select(d => d.Id));
        Assert.Null(second.NextCursor);
    }

    [Fact]
    public async Task Query_CursorOfAnotherSort_IsAValidationErrorNamingCursor()
    {
        await SeedAsync([("a", """{"n":1}"""), ("b", """{"n":2}""")]);
        var page = await Store.QueryAsync(_name, 1, DocumentQueryParser.Parse([], "n", 1, null), CancellationToken.None);

        var error = await Assert.ThrowsAsync<PlatformValidationException>(() => Store.QueryAsync(_name, 1, DocumentQueryParser.Parse([], "-n", 1, page.NextCursor), CancellationToken.None));
        var garbage = await Assert.ThrowsAsync<PlatformValidationException>(() => Store.QueryAsync(_name, 1, DocumentQueryParser.Parse([], null, 1, "not-a-cursor"), CancellationToken.None));

        Assert.Equal(["cursor"], error.Errors.Keys);
        Assert.Equal(["cursor"], garbage.Errors.Keys);
    }

    [Fact]
    public async Task Parked_CommittedWithRange_IsListedAndCounted()
    {
        var parked = new ParkedEvent(4, Guid.NewGuid(), "order-1", "OrderPaid", "order-1", "increment '/n' is not a number.", DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));

        Assert.True(await Store.CommitAsync(new ProjectionCommit(_name, 1, 0, 0, 6, [], [parked]), CancellationToken.None));

        Assert.Equal([parked], await Store.ParkedAsync(_name, 1, 0, 10, CancellationToken.None));
        Assert.Equal(1, await Store.ParkedCountAsync(_name, 1, CancellationToken.None));
        Assert.Empty(await Store.ParkedAsync(_name, 1, 5, 10, CancellationToken.None));
    }

    [Fact]
    public async Task Delete_OneVersion_KeepsTheOther()
    {
        Assert.True(await Store.CommitAsync(new ProjectionCommit(_name, 1, 0, 0, 2, [new DocumentChange("a", "{}", 1, 1)], []), CancellationToken.None));
        Assert.True(await Store.CommitAsync(new ProjectionCommit(_name, 2, 0, 0, 2, [new DocumentChange("a", "{}", 1, 1)], []), CancellationToken.None));

        await Store.DeleteAsync(_name, 1, CancellationToken.None);

        Assert.Empty(await Store.LoadAsync(_name, 1, ["a"], CancellationToken.None));
        Assert.Empty(await Store.CheckpointsAsync(_name, 1, CancellationToken.None));
        Assert.Single(await Store.LoadAsync(_name, 2, ["a"], CancellationToken.None));
        await Store.DeleteAsync(_name, null, CancellationToken.None);
        Assert.Empty(await Store.LoadAsync(_name, 2, ["a"], CancellationToken.None));
    }
}

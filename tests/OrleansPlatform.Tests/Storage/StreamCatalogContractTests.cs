using OrleansPlatform.Storage.Catalog;
using OrleansPlatform.Storage.EventLog;
using static OrleansPlatform.Tests.Storage.EventLogContractTests;

namespace OrleansPlatform.Tests.Storage;

/// <summary>What every stream catalog must answer; subclassed once per backend. Prefixes are fresh per test.</summary>
public abstract class StreamCatalogContractTests(IEventLogFixture fixture)
{
    private readonly IEventLog _log = fixture.Log;
    private readonly IStreamCatalog _catalog = fixture.Catalog;

    [Fact]
    public async Task Count_StreamsWithAPrefix_CountsEachStreamOnce()
    {
        var prefix = Prefix();
        await _log.AppendBatchAsync([Append(prefix + "a", 0, 3), Append(prefix + "b", 0, 1), Append(prefix + "c", 0, 2)], CancellationToken.None);
        await _log.AppendBatchAsync([Append(prefix + "b", 1, 2)], CancellationToken.None);

        Assert.Equal(3, await _catalog.CountAsync(prefix, CancellationToken.None));
        Assert.Equal(1, await _catalog.CountAsync(prefix + "b", CancellationToken.None));
        Assert.Equal(0, await _catalog.CountAsync(Prefix(), CancellationToken.None));
    }

    [Fact]
    public async Task Count_EmptyPrefix_CountsEveryStreamIncludingThisOne()
    {
        var before = await _catalog.CountAsync("", CancellationToken.None);
        await _log.AppendBatchAsync([Append(Prefix() + "x", 0, 2)], CancellationToken.None);

        Assert.True(await _catalog.CountAsync("", CancellationToken.None) >= before + 1);
    }

    [Fact]
    public async Task List_PagedWithAfter_GivesEveryIdOnceInOrdinalOrder()
    {
        var prefix = Prefix();
        string[] ids = [prefix + "B", prefix + "a", prefix + "a:1", prefix + "Z", prefix + "b-2"];
        await _log.AppendBatchAsync(ids.Select(id => Append(id, 0, 1)).ToList(), CancellationToken.None);

        var first = await _catalog.ListAsync(prefix, null, 3, CancellationToken.None);
        var second = await _catalog.ListAsync(prefix, first[^1], 3, CancellationToken.None);

        Assert.Equal(ids.Order(StringComparer.Ordinal), first.Concat(second));
        Assert.Equal(2, second.Count);
    }

    [Fact]
    public async Task Head_AfterAnAppend_IsAtLeastItsPosition()
    {
        var outcome = (await _log.AppendBatchAsync([Append(Prefix() + "h", 0, 2)], CancellationToken.None))[0];

        Assert.True(await _catalog.GetHeadPositionAsync(CancellationToken.None) >= outcome.LastPosition);
    }

    private static string Prefix() => "cat-" + Guid.NewGuid().ToString("N")[..12] + "-";
}

[Collection(PostgresStorageCollection.Name)]
public sealed class PostgresStreamCatalogContractTests(PostgresEventLogFixture fixture) : StreamCatalogContractTests(fixture);

[Collection(SqliteStorageCollection.Name)]
public sealed class SqliteStreamCatalogContractTests(SqliteEventLogFixture fixture) : StreamCatalogContractTests(fixture);

using OrleansPlatform.Contracts.Sagas;
using OrleansPlatform.Contracts.Transactions;
using OrleansPlatform.Storage.Sagas;
using OrleansPlatform.Storage.Transactions;

namespace OrleansPlatform.Tests.Sagas;

/// <summary>
/// The saga and transaction read models' lists and statistics, once per backend. Each test writes into its own
/// time window (a random day in 2001) and asks only about that window, so tests share one database.
/// </summary>
public abstract class ReadModelContractTests(IReadModelFixture fixture)
{
    private readonly DateTimeOffset _day = new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(Random.Shared.Next(0, 365)).AddSeconds(Random.Shared.Next(0, 80_000));

    [Fact]
    public async Task SagaList_RowsWithinOneMillisecond_PagesThroughEveryRowOnce()
    {
        // Starts 100 µs apart: a cursor cut to milliseconds would skip the ones between the cut and the page's last row.
        var ids = Enumerable.Range(0, 7).Select(i => $"s{i}-{Guid.NewGuid():N}").ToList();
        for (var i = 0; i < ids.Count; i++)
        {
            await fixture.Sagas.UpsertAsync(new SagaIndexEntry(ids[i], "d", 1, "running", _day.AddTicks(i * 1_000), null, 1, false, null, null), CancellationToken.None);
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await fixture.Sagas.QueryAsync(new SagaQuery(null, null, _day, _day.AddSeconds(1), 2, cursor), CancellationToken.None);
            seen.AddRange(page.Sagas.Select(s => s.SagaId));
            cursor = page.NextCursor;
        }
        while (cursor is not null && seen.Count < 20);

        Assert.Equal(ids.Count, seen.Count);
        Assert.Equal(ids.ToHashSet(), seen.ToHashSet());
    }

    [Fact]
    public async Task SagaUpsertMany_NewerAndOlderEntries_KeepsTheNewestJournalVersionOfEach()
    {
        var (x, y) = ($"x-{Guid.NewGuid():N}", $"y-{Guid.NewGuid():N}");
        await fixture.Sagas.UpsertAsync(new SagaIndexEntry(x, "d", 1, "completed", _day, _day.AddSeconds(1), 8, false, null, null), CancellationToken.None);

        await fixture.Sagas.UpsertManyAsync(
        [
            new SagaIndexEntry(x, "d", 1, "running", _day, null, 2, false, null, null),
            new SagaIndexEntry(y, "d", 1, "compensated", _day.AddMilliseconds(1), _day.AddSeconds(2), 6, true, "step 'b' failed", "b"),
        ], CancellationToken.None);
        await fixture.Sagas.UpsertManyAsync([], CancellationToken.None);
        var page = await fixture.Sagas.QueryAsync(new SagaQuery(null, null, _day, _day.AddSeconds(1), 10, null), CancellationToken.None);

        Assert.Equal("completed", page.Sagas.Single(s => s.SagaId == x).Status);
        var compensated = page.Sagas.Single(s => s.SagaId == y);
        Assert.Equal(("compensated", true, "b", 6L), (compensated.Status, compensated.Compensated, compensated.FailedStep, compensated.JournalVersion));
        Assert.Equal(_day.AddSeconds(2), compensated.EndedAt);
    }

    [Fact]
    public async Task TransactionList_FiltersAndRowsWithinOneMillisecond_PagesThroughMatchingRowsOnce()
    {
        var ids = Enumerable.Range(0, 7).Select(i => $"t{i}-{Guid.NewGuid():N}").ToList();
        for (var i = 0; i < ids.Count; i++)
        {
            var status = i % 3 == 0 ? TransactionStatus.Aborted : TransactionStatus.Committed;
            await fixture.Transactions.UpsertAsync(new TransactionRow(ids[i], status, 3, 2, _day.AddTicks(i * 1_000), _day.AddSeconds(1)), CancellationToken.None);
        }

        await fixture.Transactions.UpsertAsync(new TransactionRow($"late-{Guid.NewGuid():N}", TransactionStatus.Committed, 3, 2, _day.AddSeconds(5), null), CancellationToken.None);

        var seen = new List<TransactionRow>();
        string? cursor = null;
        do
        {
            var page = await fixture.Transactions.QueryAsync(new TransactionQuery(["committed"], _day, _day.AddSeconds(1), 2, cursor), CancellationToken.None);
            seen.AddRange(page.Transactions);
            cursor = page.NextCursor;
        }
        while (cursor is not null && seen.Count < 20);

        var committed = ids.Where((_, i) => i % 3 != 0).ToList();
        Assert.Equal(committed.Count, seen.Count);
        Assert.Equal(committed.ToHashSet(), seen.Select(t => t.TransactionId).ToHashSet());
        Assert.True(seen.Zip(seen.Skip(1)).All(p => p.First.CreatedAt >= p.Second.CreatedAt), "newest first");
        Assert.All(seen, t => Assert.Equal(2, t.Participants));
    }

    [Fact]
    public async Task SagaStatistics_HandComputedWindow_CountsRatesAndInterpolatedPercentiles()
    {
        var a = $"a-{Guid.NewGuid():N}";
        var b = $"b-{Guid.NewGuid():N}";
        async Task Saga(string definition, string status, int? durationMs, bool compensated)
        {
            var started = _day.AddMilliseconds(Random.Shared.Next(0, 1000));
            await fixture.Sagas.UpsertAsync(new SagaIndexEntry(
                Guid.NewGuid().ToString("N"), definition, 1, status, started, durationMs is { } d ? started.AddMilliseconds(d) : null, 5, compensated, null, null), CancellationToken.None);
        }

        await Saga(a, "completed", 100, false);
        await Saga(a, "completed", 300, false);
        await Saga(b, "completed", 200, false);
        await Saga(b, "compensated", 1000, true);
        await Saga(a, "failed", 400, true);
        await Saga(a, "running", null, false);
        await fixture.Sagas.UpsertAsync(new SagaIndexEntry(Guid.NewGuid().ToString("N"), a, 1, "completed", _day.AddHours(-1), _day, 5, false, null, null), CancellationToken.None);

        var all = await fixture.Sagas.StatisticsAsync(new SagaStatisticsFilter(null, _day, _day.AddSeconds(2)), CancellationToken.None);
        var ofA = await fixture.Sagas.StatisticsAsync(new SagaStatisticsFilter(a, _day, _day.AddSeconds(2)), CancellationToken.None);

        Assert.Equal(6, all.Total);
        Assert.Equal(3, all.ByStatus[SagaStatus.Completed]);
        Assert.Equal(1, all.ByStatus[SagaStatus.Running]);
        Assert.Equal(2, all.ByDefinition[a][SagaStatus.Completed]);
        Assert.Equal(1, all.ByDefinition[b][SagaStatus.Compensated]);
        Assert.Equal(0.6, all.SuccessRate, 9);      // 3 completed of 5 finished
        Assert.Equal(0.4, all.CompensationRate, 9); // 2 compensated of 5 finished
        Assert.Equal(300, all.DurationP50Ms!.Value, 6);   // 100 200 300 400 1000: the middle one
        Assert.Equal(976, all.DurationP99Ms!.Value, 6);   // rank 0.99 * 4 = 3.96: 400 + 0.96 * (1000 - 400)
        Assert.Equal(4, ofA.Total);
        Assert.Equal(2.0 / 3, ofA.SuccessRate, 9);
        Assert.Equal(300, ofA.DurationP50Ms!.Value, 6);   // 100 300 400
        Assert.Equal(398, ofA.DurationP99Ms!.Value, 6);   // rank 1.98: 300 + 0.98 * 100
    }

    [Fact]
    public async Task SagaStatistics_EmptyWindow_ZeroCountsAndNoPercentiles()
    {
        var none = await fixture.Sagas.StatisticsAsync(new SagaStatisticsFilter(null, _day.AddYears(-50), _day.AddYears(-50).AddSeconds(1)), CancellationToken.None);

        Assert.Equal(0, none.Total);
        Assert.Equal(0, none.SuccessRate);
        Assert.Null(none.DurationP50Ms);
        Assert.Null(none.DurationP99Ms);
    }

    [Fact]
    public async Task TransactionStatistics_HandComputedWindow_CountsRatesAndInterpolatedPercentiles()
    {
        async Task Tx(TransactionStatus status, int? durationMs, DateTimeOffset? at = null)
        {
            var created = at ?? _day.AddMilliseconds(Random.Shared.Next(0, 1000));
            await fixture.Transactions.UpsertAsync(new TransactionRow(
                Guid.NewGuid().ToString("N"), status, 4, 2, created, durationMs is { } d ? created.AddMilliseconds(d) : null), CancellationToken.None);
        }

        await Tx(TransactionStatus.Committed, 10);
        await Tx(TransactionStatus.Committed, 40);
        await Tx(TransactionStatus.Committed, 20);
        await Tx(TransactionStatus.Aborted, 100);
        await Tx(TransactionStatus.Preparing, null);
        await Tx(TransactionStatus.Committed, 5000, _day.AddSeconds(-10));

        var stats = await fixture.Transactions.GetStatisticsAsync(_day, _day.AddSeconds(2), CancellationToken.None);
        var none = await fixture.Transactions.GetStatisticsAsync(_day.AddYears(-50), _day.AddYears(-50).AddSeconds(1), CancellationToken.None);

        Assert.Equal(5, stats.Total);
        Assert.Equal(3, stats.ByStatus[TransactionStatus.Committed]);
        Assert.Equal(1, stats.ByStatus[TransactionStatus.Preparing]);
        Assert.Equal(0.75, stats.CommitRate!.Value, 9);
        Assert.Equal(0.25, stats.AbortRate!.Value, 9);
        Assert.Equal(30, stats.DurationP50Ms!.Value, 6);   // 10 20 40 100: rank 1.5 -> 20 + 0.5 * 20
        Assert.Equal(98.2, stats.DurationP99Ms!.Value, 6); // rank 2.97 -> 40 + 0.97 * 60
        Assert.Equal(0, none.Total);
        Assert.Null(none.CommitRate);
        Assert.Null(none.DurationP50Ms);
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresReadModelCollection : ICollectionFixture<PostgresReadModelFixture>
{
    public const string Name = "Saga and transaction read models on PostgreSQL";
}

[CollectionDefinition(Name)]
public sealed class SqliteReadModelCollection : ICollectionFixture<SqliteReadModelFixture>
{
    public const string Name = "Saga and transaction read models on SQLite";
}

[Collection(PostgresReadModelCollection.Name)]
public sealed class PostgresReadModelContractTests(PostgresReadModelFixture fixture) : ReadModelContractTests(fixture);

[Collection(SqliteReadModelCollection.Name)]
public sealed class SqliteReadModelContractTests(SqliteReadModelFixture fixture) : ReadModelContractTests(fixture);

using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrleansPlatform.Contracts.Projections;
using OrleansPlatform.Storage.Projections;
using OrleansPlatform.Storage.Sqlite;
using OrleansPlatform.Tests.Infrastructure;
using static OrleansPlatform.Tests.Api.ApiClientExtensions;

namespace OrleansPlatform.Tests.Projections;

/// <summary>
/// A partition whose commit hangs in a call that ignores its timeout is detected by its watchdog and restarted, with
/// no process restart; when the hung commit finally goes through, its stale checkpoint gets it refused.
/// </summary>
public sealed class ProjectionStallTests
{
    [Fact]
    public async Task CommitHangs_WatchdogRestartsThePartition_AndTheLateCommitIsRefused()
    {
        await using var host = PlatformHost.Sqlite()
            .With("Platform:Projections:Partitions", "1")
            .With("Platform:Projections:StallAfter", "00:00:01")
            .With("Platform:Projections:WatchdogInterval", "00:00:00.200")
            .WithServices(services =>
            {
                services.AddSingleton(sp => new HangingProjectionStore(new SqliteProjectionStore(sp.GetRequiredService<SqliteConnectionFactory>(), TimeProvider.System)));
                services.AddSingleton<IProjectionStore>(sp => sp.GetRequiredService<HangingProjectionStore>());
            });
        var client = await host.StartAsync();
        var store = host.Service<HangingProjectionStore>();
        var grains = host.Service<IGrainFactory>();
        var prefix = $"o{Guid.NewGuid():N}-";
        store.HangNextCommit();

        await grains.GetGrain<IProjectionGrain>("stall").PutAsync(new ProjectionDefinition(new ProjectionSource(prefix), Fold: new ProjectionFold(
            [new ProjectionRule("Tick", Increment: new Dictionary<string, decimal> { ["/count"] = 1 })])));
        var response = await client.AppendAsync(prefix + "a", "any", Event("Tick", new { }), Event("Tick", new { }), Event("Tick", new { }));
        var position = (await response.JsonAsync())["position"].Long();

        var page = await grains.GetGrain<IProjectionQueryGrain>(0).QueryAsync("stall", new DocumentQuery([]), new ReadAfter(position, TimeSpan.FromSeconds(25)));
        var late = await store.ReleaseAsync();
        var after = await grains.GetGrain<IProjectionQueryGrain>(0).GetDocumentAsync("stall", prefix + "a");

        Assert.Equal(1, store.Hung);
        Assert.False(late, "the abandoned page's commit is refused: its checkpoint moved on");
        Assert.Equal(3, JsonNode.Parse(Assert.Single(page.Documents).Data)!["count"]!.GetValue<int>());
        Assert.Equal(3, JsonNode.Parse(after.Document!.Data)!["count"]!.GetValue<int>());
    }
}

/// <summary>A projection store whose next commit hangs, ignoring its cancellation, until released.</summary>
public sealed class HangingProjectionStore(IProjectionStore inner) : IProjectionStore
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource<bool>? _hungOutcome;
    private int _hangNext;

    public int Hung { get; private set; }

    public void HangNextCommit() => _hangNext = 1;

    /// <summary>Lets the hung commit go through; returns whether the store accepted it.</summary>
    public async Task<bool> ReleaseAsync()
    {
        _release.SetResult();
        return await _hungOutcome!.Task;
    }

    public async Task<bool> CommitAsync(ProjectionCommit commit, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _hangNext, 0) == 1)
        {
            Hung++;
            _hungOutcome = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            await _release.Task;
            var outcome = await inner.CommitAsync(commit, CancellationToken.None);
            _hungOutcome.SetResult(outcome);
            return outcome;
        }

        return await inner.CommitAsync(commit, cancellationToken);
    }

    public Task<IReadOnlyDictionary<int, long>> CheckpointsAsync(string projection, int version, CancellationToken cancellationToken) => inner.CheckpointsAsync(projection, version, cancellationToken);

    public Task<IReadOnlyDictionary<string, ProjectionDocument>> LoadAsync(string projection, int version, IReadOnlyCollection<string> ids, CancellationToken cancellationToken) => inner.LoadAsync(projection, version, ids, cancellationToken);

    public Task<DocumentPage> QueryAsync(string projection, int version, DocumentQuery query, CancellationToken cancellationToken) => inner.QueryAsync(projection, version, query, cancellationToken);

    public Task<IReadOnlyList<ParkedEvent>> ParkedAsync(string projection, int version, long fromPosition, int limit, CancellationToken cancellationToken) => inner.ParkedAsync(projection, version, fromPosition, limit, cancellationToken);

    public Task<long> ParkedCountAsync(string projection, int version, CancellationToken cancellationToken) => inner.ParkedCountAsync(projection, version, cancellationToken);

    public Task<FeedRange> FeedRangeAsync(long from, long end, CancellationToken cancellationToken) => inner.FeedRangeAsync(from, end, cancellationToken);

    public Task<long> FeedHeadAsync(long end, CancellationToken cancellationToken) => inner.FeedHeadAsync(end, cancellationToken);

    public Task DeleteAsync(string projection, int? version, CancellationToken cancellationToken) => inner.DeleteAsync(projection, version, cancellationToken);
}

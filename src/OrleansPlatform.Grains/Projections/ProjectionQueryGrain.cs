using Orleans.Concurrency;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.Projections;
using OrleansPlatform.Storage.EventLog;
using OrleansPlatform.Storage.Projections;

namespace OrleansPlatform.Grains.Projections;

/// <summary>Answers projection reads from the store on whichever silo is asked, always from the serving version.</summary>
[StatelessWorker, Reentrant]
internal sealed class ProjectionQueryGrain(IProjectionStore store, IEventLog log, TimeProvider time) : Grain, IProjectionQueryGrain
{
    private static readonly TimeSpan WaitStep = TimeSpan.FromMilliseconds(20);

    public async Task<IReadOnlyList<ProjectionStatus>> ListAsync()
    {
        var names = await GrainFactory.GetGrain<IProjectionCatalogGrain>(0).ListAsync();
        var statuses = await Task.WhenAll(names.Select(GetStatusAsync));
        return statuses.OfType<ProjectionStatus>().ToList();
    }

    public async Task<ProjectionStatus?> GetStatusAsync(string name)
    {
        if (await GrainFactory.GetGrain<IProjectionGrain>(name).GetAsync() is not { } info)
        {
            return null;
        }

        var end = await log.GetEndPositionAsync(CancellationToken.None);
        var serving = await ProgressAsync(info.Serving, end);
        var building = info.Building is { } b ? await ProgressAsync(b, end) : null;
        ProjectionTelemetry.Lag(name, serving.LagEvents, serving.LagSeconds);
        var status = info.Halt is not null ? "halted"
            : info.Paused ? "paused"
            : building is not null ? "rebuilding"
            : serving.LagEvents > 0 && serving.LagSeconds >= 1 ? "catchingUp"
            : "running";
        return new ProjectionStatus(info, status, serving, building);
    }

    public async Task<long> WaitAsync(string name, ReadAfter after)
    {
        var version = await ServingAsync(name, after);
        return await ProjectionProgressReader.MinNextAsync(store, version, CancellationToken.None) - 1;
    }

    public async Task<DocumentPage> QueryAsync(string name, DocumentQuery query, ReadAfter? after = null)
    {
        var version = await ServingAsync(name, after);
        return await store.QueryAsync(name, version.Version, query, CancellationToken.None);
    }

    public async Task<DocumentRead> GetDocumentAsync(string name, string id, ReadAfter? after = null)
    {
        var version = await ServingAsync(name, after);
        var checkpoint = await ProjectionProgressReader.MinNextAsync(store, version, CancellationToken.None) - 1;
        var documents = await store.LoadAsync(name, version.Version, [id], CancellationToken.None);
        return new DocumentRead(documents.GetValueOrDefault(id), checkpoint);
    }

    public async Task<IReadOnlyList<ParkedProjectionEvent>> ParkedAsync(string name, long fromPosition, int limit)
    {
        var info = await GrainFactory.GetGrain<IProjectionGrain>(name).GetAsync() ?? throw new ResourceNotFoundException("projection", name);
        var parked = new List<ParkedProjectionEvent>();
        foreach (var version in new[] { info.Serving, info.Building }.OfType<ProjectionDefinitionInfo>())
        {
            parked.AddRange((await store.ParkedAsync(name, version.Version, fromPosition, limit, CancellationToken.None))
                .Select(p => new ParkedProjectionEvent(version.Version, p.Position, p.EventId, p.StreamId, p.Type, p.DocumentId, p.Error, p.ParkedAt)));
        }

        return parked.OrderBy(p => p.Position).ThenBy(p => p.Version).Take(limit).ToList();
    }

    /// <summary>The serving version, once it has processed <see cref="ReadAfter.MinPosition"/> (re-read each time: a switch may happen while waiting).</summary>
    private async Task<ProjectionDefinitionInfo> ServingAsync(string name, ReadAfter? after)
    {
        var deadline = time.GetUtcNow() + (after?.Wait ?? TimeSpan.Zero);
        while (true)
        {
            var info = await GrainFactory.GetGrain<IProjectionGrain>(name).GetAsync() ?? throw new ResourceNotFoundException("projection", name);
            if (after is null)
            {
                return info.Serving;
            }

            var processed = await ProjectionProgressReader.MinNextAsync(store, info.Serving, CancellationToken.None) - 1;
            if (processed >= after.MinPosition)
            {
                return info.Serving;
            }

            if (time.GetUtcNow() >= deadline)
            {
                throw new ProjectionNotCaughtUpException(name, after.MinPosition, processed);
            }

            await Task.Delay(WaitStep, time);
        }
    }

    private async Task<ProjectionProgress> ProgressAsync(ProjectionDefinitionInfo version, long end)
    {
        // Positions are sparse on PostgreSQL (transaction id and ordinal), so lag is counted in events, not subtracted.
        var next = await ProjectionProgressReader.MinNextAsync(store, version, CancellationToken.None);
        var head = await store.FeedHeadAsync(end, CancellationToken.None);
        var behind = next < end ? await store.FeedRangeAsync(next, end, CancellationToken.None) : new FeedRange(0, null);
        var lagSeconds = behind.FirstAppendedAt is { } first ? Math.Max(0, (time.GetUtcNow() - first).TotalSeconds) : 0;
        var parked = await store.ParkedCountAsync(version.Name, version.Version, CancellationToken.None);
        return new ProjectionProgress(version.Version, Math.Max(0, next - 1), head, behind.Events, lagSeconds, parked);
    }
}

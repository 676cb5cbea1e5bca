using Orleans.Concurrency;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Grains.Retention;
using OrleansPlatform.Grains.Schemas;
using OrleansPlatform.Grains.Snapshots;
using OrleansPlatform.Storage.EventLog;

namespace OrleansPlatform.Grains.EventStore;

/// <summary>Reads straight from the event log; stateless, so every silo runs as many as the load needs.</summary>
[StatelessWorker]
public sealed class EventReaderGrain(IEventLog log, StreamStates states, RetentionView retention) : Grain, IEventReaderGrain
{
    public async Task<StreamSlice> ReadStreamAsync(string streamId, long fromVersion, int limit, ReadDirection direction)
    {
        EventStoreRules.EnsureValidStreamId(streamId);
        var info = await log.GetStreamInfoAsync(streamId, CancellationToken.None) ?? throw new StreamNotFoundException(streamId);
        var metadata = await retention.ForStreamAsync(info);
        var start = ReadStart(metadata, info.Version, fromVersion, direction);
        var events = start is { } from ? await log.ReadStreamAsync(streamId, from, limit, direction, CancellationToken.None) : [];
        return new StreamSlice(streamId, info.Version, retention.Filter(metadata, info.Version, events));
    }

    public async Task<StreamSlice> ReadStreamRawAsync(string streamId, long fromVersion, int limit, ReadDirection direction)
    {
        if (log is not PresentingEventLog presenting)
        {
            return await ReadStreamAsync(streamId, fromVersion, limit, direction);
        }

        EventStoreRules.EnsureValidStreamId(streamId);
        var info = await log.GetStreamInfoAsync(streamId, CancellationToken.None) ?? throw new StreamNotFoundException(streamId);
        var metadata = await retention.ForStreamAsync(info);
        var start = ReadStart(metadata, info.Version, fromVersion, direction);
        var events = start is { } from ? await presenting.ReadStreamRawAsync(streamId, from, limit, direction, CancellationToken.None) : [];
        return new StreamSlice(streamId, info.Version, retention.Filter(metadata, info.Version, events));
    }

    // Forward reads skip straight to the first retained version; a backward read starting below it has nothing to show.
    private static long? ReadStart(Contracts.Retention.StreamMetadata? metadata, long lastVersion, long fromVersion, ReadDirection direction)
    {
        var first = RetentionView.StartFor(metadata, lastVersion, 1);
        return direction == ReadDirection.Forward ? Math.Max(fromVersion, first) : fromVersion < first ? null : fromVersion;
    }

    public Task PingAsync() => log.PingAsync(CancellationToken.None);

    public async Task<AllEventsSlice> ReadAllAsync(ReadAllRequest request) =>
        await retention.FilterAsync(await log.ReadAllAsync(request, CancellationToken.None), log);

    public async Task<StreamStateView> GetStateAsync(string streamId, long? version, DateTimeOffset? at)
    {
        EventStoreRules.EnsureValidStreamId(streamId);
        var info = await log.GetStreamInfoAsync(streamId, CancellationToken.None) ?? throw new StreamNotFoundException(streamId);
        var upTo = Math.Min(version ?? info.Version, info.Version);
        var fold = await states.FoldAsync(streamId, upTo, at, upTo);
        return new StreamStateView(streamId, fold.Version, fold.State.ToJsonString());
    }
}

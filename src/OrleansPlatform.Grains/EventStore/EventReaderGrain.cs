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
    public Task<StreamSlice> ReadStreamAsync(string streamId, long fromVersion, int limit, ReadDirection direction) =>
        ReadRetainedAsync(streamId, fromVersion, limit, direction, log.ReadStreamAsync);

    public Task<StreamSlice> ReadStreamRawAsync(string streamId, long fromVersion, int limit, ReadDirection direction) =>
        ReadRetainedAsync(streamId, fromVersion, limit, direction, log is PresentingEventLog presenting ? presenting.ReadStreamRawAsync : log.ReadStreamAsync);

    private async Task<StreamSlice> ReadRetainedAsync(
        string streamId, long fromVersion, int limit, ReadDirection direction,
        Func<string, long, int, ReadDirection, CancellationToken, Task<IReadOnlyList<RecordedEvent>>> read)
    {
        EventStoreRules.EnsureValidStreamId(streamId);
        var (info, metadata) = await retention.ForStreamAsync(log, streamId);
        var start = ReadStart(metadata, info.Version, fromVersion, direction);
        var events = start is { } from ? await read(streamId, from, limit, direction, CancellationToken.None) : [];
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
        // A deleted stream has no state to show; retention settings otherwise leave the fold as stored.
        var (info, _) = await retention.ForStreamAsync(log, streamId);
        var upTo = Math.Min(version ?? info.Version, info.Version);
        var fold = await states.FoldAsync(streamId, upTo, at, upTo);
        return new StreamStateView(streamId, fold.Version, fold.State.ToJsonString());
    }
}

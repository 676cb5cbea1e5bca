using Orleans.Concurrency;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Grains.Schemas;
using OrleansPlatform.Grains.Snapshots;
using OrleansPlatform.Storage.EventLog;

namespace OrleansPlatform.Grains.EventStore;

/// <summary>Reads straight from the event log; stateless, so every silo runs as many as the load needs.</summary>
[StatelessWorker]
public sealed class EventReaderGrain(IEventLog log, StreamStates states) : Grain, IEventReaderGrain
{
    public async Task<StreamSlice> ReadStreamAsync(string streamId, long fromVersion, int limit, ReadDirection direction)
    {
        EventStoreRules.EnsureValidStreamId(streamId);
        var info = await log.GetStreamInfoAsync(streamId, CancellationToken.None) ?? throw new StreamNotFoundException(streamId);
        var events = await log.ReadStreamAsync(streamId, fromVersion, limit, direction, CancellationToken.None);
        return new StreamSlice(streamId, info.Version, events);
    }

    public async Task<StreamSlice> ReadStreamRawAsync(string streamId, long fromVersion, int limit, ReadDirection direction)
    {
        if (log is not PresentingEventLog presenting)
        {
            return await ReadStreamAsync(streamId, fromVersion, limit, direction);
        }

        EventStoreRules.EnsureValidStreamId(streamId);
        var info = await log.GetStreamInfoAsync(streamId, CancellationToken.None) ?? throw new StreamNotFoundException(streamId);
        var events = await presenting.ReadStreamRawAsync(streamId, fromVersion, limit, direction, CancellationToken.None);
        return new StreamSlice(streamId, info.Version, events);
    }

    public Task PingAsync() => log.PingAsync(CancellationToken.None);

    public Task<AllEventsSlice> ReadAllAsync(ReadAllRequest request) => log.ReadAllAsync(request, CancellationToken.None);

    public async Task<StreamStateView> GetStateAsync(string streamId, long? version, DateTimeOffset? at)
    {
        EventStoreRules.EnsureValidStreamId(streamId);
        var info = await log.GetStreamInfoAsync(streamId, CancellationToken.None) ?? throw new StreamNotFoundException(streamId);
        var upTo = Math.Min(version ?? info.Version, info.Version);
        var fold = await states.FoldAsync(streamId, upTo, at, upTo);
        return new StreamStateView(streamId, fold.Version, fold.State.ToJsonString());
    }
}

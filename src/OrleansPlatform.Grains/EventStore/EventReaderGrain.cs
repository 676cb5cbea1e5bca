using System.Text.Json.Nodes;
using Orleans.Concurrency;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Grains.Schemas;
using OrleansPlatform.Storage.EventLog;

namespace OrleansPlatform.Grains.EventStore;

/// <summary>Reads straight from the event log; stateless, so every silo runs as many as the load needs.</summary>
[StatelessWorker]
public sealed class EventReaderGrain(IEventLog log) : Grain, IEventReaderGrain
{
    private const int FoldPageSize = 1_000;

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
        var state = new JsonObject();
        long folded = 0;
        for (var from = 1L; from <= upTo; from += FoldPageSize)
        {
            var page = await log.ReadStreamAsync(streamId, from, (int)Math.Min(FoldPageSize, upTo - from + 1), ReadDirection.Forward, CancellationToken.None);
            foreach (var e in page)
            {
                if (at is { } time && e.Timestamp > time)
                {
                    return new StreamStateView(streamId, folded, state.ToJsonString());
                }

                if (!e.Redacted)
                {
                    JsonMergePatch.Apply(state, JsonNode.Parse(e.Data));
                }

                folded = e.Version;
            }

            if (page.Count == 0)
            {
                break;
            }
        }

        return new StreamStateView(streamId, folded, state.ToJsonString());
    }
}

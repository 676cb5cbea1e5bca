using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Storage.EventLog;

namespace OrleansPlatform.Grains.Schemas;

/// <summary>
/// The event log as every reader of the silo sees it: events of a registered type come upcast to its latest schema
/// version, so stream reads, the feed (paged and live), topic partitions (subscriptions), folds and everything built
/// on them agree, while the stored bytes never change. Raw reads (<see cref="ReadAllRequest.Raw"/>,
/// <see cref="ReadStreamRawAsync"/>) skip the upcast. Writes and lookups pass through untouched.
/// </summary>
public sealed class PresentingEventLog(IEventLog stored, IEnumerable<IEventPresentationStep> steps) : IEventLog
{
    private readonly IEventPresentationStep[] _steps = steps.ToArray();

    /// <summary>The log underneath, as stored.</summary>
    public IEventLog Stored => stored;

    public Task<IReadOnlyList<AppendOutcome>> AppendBatchAsync(IReadOnlyList<PendingAppend> appends, CancellationToken cancellationToken) =>
        stored.AppendBatchAsync(appends, cancellationToken);

    public async Task<IReadOnlyList<RecordedEvent>> ReadStreamAsync(string streamId, long fromVersion, int limit, ReadDirection direction, CancellationToken cancellationToken) =>
        await PresentAsync(await stored.ReadStreamAsync(streamId, fromVersion, limit, direction, cancellationToken), raw: false, cancellationToken);

    /// <summary>A page of one stream with each event at the schema version it was stored at.</summary>
    public async Task<IReadOnlyList<RecordedEvent>> ReadStreamRawAsync(string streamId, long fromVersion, int limit, ReadDirection direction, CancellationToken cancellationToken) =>
        await PresentAsync(await stored.ReadStreamAsync(streamId, fromVersion, limit, direction, cancellationToken), raw: true, cancellationToken);

    public async Task<AllEventsSlice> ReadAllAsync(ReadAllRequest request, CancellationToken cancellationToken)
    {
        var slice = await stored.ReadAllAsync(request, cancellationToken);
        return slice with { Events = await PresentAsync(slice.Events, request.Raw, cancellationToken) };
    }

    public Task<StreamInfo?> GetStreamInfoAsync(string streamId, CancellationToken cancellationToken) =>
        stored.GetStreamInfoAsync(streamId, cancellationToken);

    // Used to recognise repeated appends by id and version; their data is never shown.
    public Task<IReadOnlyList<RecordedEvent>> FindByEventIdsAsync(string streamId, IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken) =>
        stored.FindByEventIdsAsync(streamId, eventIds, cancellationToken);

    public Task<long> PurgeBeforeAsync(string streamId, DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        stored.PurgeBeforeAsync(streamId, cutoff, cancellationToken);

    public Task<long?> FindVersionAtAsync(string streamId, DateTimeOffset time, CancellationToken cancellationToken) =>
        stored.FindVersionAtAsync(streamId, time, cancellationToken);

    public Task<long?> FindPositionAtAsync(DateTimeOffset time, TimeSpan window, CancellationToken cancellationToken) =>
        stored.FindPositionAtAsync(time, window, cancellationToken);

    public Task<long> GetEndPositionAsync(CancellationToken cancellationToken) => stored.GetEndPositionAsync(cancellationToken);

    public Task PingAsync(CancellationToken cancellationToken) => stored.PingAsync(cancellationToken);

    private async ValueTask<IReadOnlyList<RecordedEvent>> PresentAsync(IReadOnlyList<RecordedEvent> events, bool raw, CancellationToken cancellationToken)
    {
        foreach (var step in _steps)
        {
            events = await step.PresentAsync(events, raw, cancellationToken);
        }

        return events;
    }
}

/// <summary>One step of how stored events are shown (in order: decryption, then the upcast).</summary>
public interface IEventPresentationStep
{
    /// <summary>The events as readers should see them; returns <paramref name="events"/> itself when nothing changes.</summary>
    ValueTask<IReadOnlyList<RecordedEvent>> PresentAsync(IReadOnlyList<RecordedEvent> events, bool raw, CancellationToken cancellationToken);
}

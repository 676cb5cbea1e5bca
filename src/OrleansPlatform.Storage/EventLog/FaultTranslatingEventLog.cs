using OrleansPlatform.Contracts.EventStore;

namespace OrleansPlatform.Storage.EventLog;

/// <summary>
/// Wraps a backend's event log so every call reports platform errors only (see <see cref="StorageFaults"/>): what
/// grains and the gateway see of a database outage is a <see cref="Contracts.Errors.StorageUnavailableException"/>.
/// </summary>
public sealed class FaultTranslatingEventLog(IEventLog inner) : IEventLog
{
    public Task<IReadOnlyList<AppendOutcome>> AppendBatchAsync(IReadOnlyList<PendingAppend> appends, CancellationToken cancellationToken) =>
        Guard(() => inner.AppendBatchAsync(appends, cancellationToken));

    public Task<IReadOnlyList<RecordedEvent>> ReadStreamAsync(string streamId, long fromVersion, int limit, ReadDirection direction, CancellationToken cancellationToken) =>
        Guard(() => inner.ReadStreamAsync(streamId, fromVersion, limit, direction, cancellationToken));

    public Task<AllEventsSlice> ReadAllAsync(ReadAllRequest request, CancellationToken cancellationToken) =>
        Guard(() => inner.ReadAllAsync(request, cancellationToken));

    public Task<StreamInfo?> GetStreamInfoAsync(string streamId, CancellationToken cancellationToken) =>
        Guard(() => inner.GetStreamInfoAsync(streamId, cancellationToken));

    public Task<IReadOnlyList<RecordedEvent>> FindByEventIdsAsync(string streamId, IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken) =>
        Guard(() => inner.FindByEventIdsAsync(streamId, eventIds, cancellationToken));

    public Task<long> PurgeBeforeAsync(string streamId, DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        Guard(() => inner.PurgeBeforeAsync(streamId, cutoff, cancellationToken));

    public Task<long?> FindVersionAtAsync(string streamId, DateTimeOffset time, CancellationToken cancellationToken) =>
        Guard(() => inner.FindVersionAtAsync(streamId, time, cancellationToken));

    public Task<long?> FindPositionAtAsync(DateTimeOffset time, TimeSpan window, CancellationToken cancellationToken) =>
        Guard(() => inner.FindPositionAtAsync(time, window, cancellationToken));

    public Task<long> GetEndPositionAsync(CancellationToken cancellationToken) =>
        Guard(() => inner.GetEndPositionAsync(cancellationToken));

    public Task PingAsync(CancellationToken cancellationToken) =>
        Guard(async () =>
        {
            await inner.PingAsync(cancellationToken);
            return true;
        });

    private static Task<T> Guard<T>(Func<Task<T>> call) => StorageFaults.GuardAsync(call);
}

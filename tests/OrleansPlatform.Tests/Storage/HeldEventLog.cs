using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Storage.EventLog;

namespace OrleansPlatform.Tests.Storage;

/// <summary>
/// A real event log whose first batch write waits at a gate, so the appends queued meanwhile reach the database
/// together in the next batch. Records the streams of every batch it passes on.
/// </summary>
public sealed class HeldEventLog(IEventLog inner) : IEventLog
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _calls;

    public List<string[]> Batches { get; } = [];

    public Task FirstBatchHeld => _held.Task;

    public void Release() => _gate.TrySetResult();

    public async Task<IReadOnlyList<AppendOutcome>> AppendBatchAsync(IReadOnlyList<PendingAppend> appends, CancellationToken cancellationToken)
    {
        lock (Batches)
        {
            Batches.Add(appends.Select(a => a.StreamId).ToArray());
        }

        if (Interlocked.Increment(ref _calls) == 1)
        {
            _held.TrySetResult();
            await _gate.Task;
        }

        return await inner.AppendBatchAsync(appends, cancellationToken);
    }

    public Task<IReadOnlyList<RecordedEvent>> ReadStreamAsync(string streamId, long fromVersion, int limit, ReadDirection direction, CancellationToken cancellationToken) =>
        inner.ReadStreamAsync(streamId, fromVersion, limit, direction, cancellationToken);

    public Task<AllEventsSlice> ReadAllAsync(ReadAllRequest request, CancellationToken cancellationToken) => inner.ReadAllAsync(request, cancellationToken);

    public Task<StreamInfo?> GetStreamInfoAsync(string streamId, CancellationToken cancellationToken) => inner.GetStreamInfoAsync(streamId, cancellationToken);

    public Task<IReadOnlyList<RecordedEvent>> FindByEventIdsAsync(string streamId, IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken) =>
        inner.FindByEventIdsAsync(streamId, eventIds, cancellationToken);

    public Task<long> PurgeBeforeAsync(string streamId, DateTimeOffset cutoff, CancellationToken cancellationToken) => inner.PurgeBeforeAsync(streamId, cutoff, cancellationToken);

    public Task<long?> FindVersionAtAsync(string streamId, DateTimeOffset time, CancellationToken cancellationToken) => inner.FindVersionAtAsync(streamId, time, cancellationToken);

    public Task<long?> FindPositionAtAsync(DateTimeOffset time, TimeSpan window, CancellationToken cancellationToken) => inner.FindPositionAtAsync(time, window, cancellationToken);

    public Task<long> GetEndPositionAsync(CancellationToken cancellationToken) => inner.GetEndPositionAsync(cancellationToken);

    public Task PingAsync(CancellationToken cancellationToken) => inner.PingAsync(cancellationToken);
}

using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Storage.EventLog;

namespace OrleansPlatform.Tests.Storage;

/// <summary>
/// An event log whose batch writes do what the test says, and which records every batch it was sent. Its first
/// write can be held at a gate, so that the appends queued meanwhile form the next batch together.
/// </summary>
public sealed class ScriptedEventLog : IEventLog
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _gateReached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _calls;

    /// <summary>Decides each batch's result; by default every append commits.</summary>
    public Func<IReadOnlyList<PendingAppend>, IReadOnlyList<AppendOutcome>> Write { get; set; } = Commit;

    public List<IReadOnlyList<PendingAppend>> Batches { get; } = [];

    /// <summary>Completes once the first batch waits at the gate.</summary>
    public Task FirstBatchHeld => _gateReached.Task;

    public void Release() => _gate.TrySetResult();

    public static IReadOnlyList<AppendOutcome> Commit(IReadOnlyList<PendingAppend> appends) =>
        appends.Select((_, i) => new AppendOutcome(true, i + 1)).ToList();

    public async Task<IReadOnlyList<AppendOutcome>> AppendBatchAsync(IReadOnlyList<PendingAppend> appends, CancellationToken cancellationToken)
    {
        lock (Batches)
        {
            Batches.Add(appends);
        }

        if (Interlocked.Increment(ref _calls) == 1)
        {
            _gateReached.TrySetResult();
            // A database that does not answer: the gate ignores cancellation, as a hung server would.
            await _gate.Task;
        }

        return Write(appends);
    }

    public Task<IReadOnlyList<RecordedEvent>> ReadStreamAsync(string streamId, long fromVersion, int limit, ReadDirection direction, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<AllEventsSlice> ReadAllAsync(ReadAllRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<StreamInfo?> GetStreamInfoAsync(string streamId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<RecordedEvent>> FindByEventIdsAsync(string streamId, IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<long> PurgeBeforeAsync(string streamId, DateTimeOffset cutoff, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<long?> FindVersionAtAsync(string streamId, DateTimeOffset time, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<long?> FindPositionAtAsync(DateTimeOffset time, TimeSpan window, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<long> GetEndPositionAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task PingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

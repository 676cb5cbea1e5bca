using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Storage.EventLog;

namespace OrleansPlatform.Tests.Infrastructure;

/// <summary>How <see cref="FaultInjectingEventLog"/> treats the streams it is told to fail.</summary>
public enum InjectedFault
{
    /// <summary>Everything works.</summary>
    None,

    /// <summary>Appends are written, then reported as failed: the caller cannot know they landed.</summary>
    AfterCommit,

    /// <summary>Every append and read fails, as when the database is down.</summary>
    Down,
}

/// <summary>An event log that fails on demand for chosen streams, in front of the real one.</summary>
public sealed class FaultInjectingEventLog(IEventLog inner) : IEventLog
{
    private volatile Func<string, bool> _affects = _ => false;
    private volatile InjectedFault _fault;

    /// <summary>Fails operations on the streams <paramref name="affects"/> selects, the way <paramref name="fault"/> says.</summary>
    public void Inject(InjectedFault fault, Func<string, bool> affects) => (_fault, _affects) = (fault, affects);

    public void Heal() => _fault = InjectedFault.None;

    public async Task<IReadOnlyList<AppendOutcome>> AppendBatchAsync(IReadOnlyList<PendingAppend> appends, CancellationToken cancellationToken)
    {
        var hit = _fault != InjectedFault.None && appends.Any(a => _affects(a.StreamId));
        if (hit && _fault == InjectedFault.Down)
        {
            throw new TimeoutException("injected: the database does not answer");
        }

        var outcomes = await inner.AppendBatchAsync(appends, cancellationToken);
        return hit ? throw new TimeoutException("injected: the connection broke before the commit was confirmed") : outcomes;
    }

    public Task<IReadOnlyList<RecordedEvent>> ReadStreamAsync(string streamId, long fromVersion, int limit, ReadDirection direction, CancellationToken cancellationToken) =>
        Down<IReadOnlyList<RecordedEvent>>(streamId) ?? inner.ReadStreamAsync(streamId, fromVersion, limit, direction, cancellationToken);

    public Task<AllEventsSlice> ReadAllAsync(ReadAllRequest request, CancellationToken cancellationToken) => inner.ReadAllAsync(request, cancellationToken);

    public Task<StreamInfo?> GetStreamInfoAsync(string streamId, CancellationToken cancellationToken) =>
        Down<StreamInfo?>(streamId) ?? inner.GetStreamInfoAsync(streamId, cancellationToken);

    public Task<IReadOnlyList<RecordedEvent>> FindByEventIdsAsync(string streamId, IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken) =>
        Down<IReadOnlyList<RecordedEvent>>(streamId) ?? inner.FindByEventIdsAsync(streamId, eventIds, cancellationToken);

    public Task<long> PurgeBeforeAsync(string streamId, DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        inner.PurgeBeforeAsync(streamId, cutoff, cancellationToken);

    public Task<long?> FindVersionAtAsync(string streamId, DateTimeOffset time, CancellationToken cancellationToken) =>
        inner.FindVersionAtAsync(streamId, time, cancellationToken);

    public Task<long?> FindPositionAtAsync(DateTimeOffset time, TimeSpan window, CancellationToken cancellationToken) =>
        inner.FindPositionAtAsync(time, window, cancellationToken);

    public Task<long> GetEndPositionAsync(CancellationToken cancellationToken) => inner.GetEndPositionAsync(cancellationToken);

    public Task PingAsync(CancellationToken cancellationToken) => inner.PingAsync(cancellationToken);

    private Task<T>? Down<T>(string streamId) => _fault == InjectedFault.Down && _affects(streamId)
        ? Task.FromException<T>(new TimeoutException("injected: the database does not answer"))
        : null;
}

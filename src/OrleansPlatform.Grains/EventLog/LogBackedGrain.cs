using Orleans.EventSourcing;
using Orleans.EventSourcing.CustomStorage;
using Orleans.Providers;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Storage.EventLog;

namespace OrleansPlatform.Grains.EventLog;

/// <summary>
/// A journaled grain whose journal is one stream of the platform's event log, written through the silo's group
/// commit. Its single activation is the stream's single writer; the log's unique keys catch a second activation.
/// </summary>
[LogConsistencyProvider(ProviderName = ProviderNames.CustomStorage)]
public abstract class LogBackedGrain<TState>(IEventLog log, GroupCommitAppender appender)
    : JournaledGrain<TState, StreamEventRecorded>, ICustomStorageInterface<TState, StreamEventRecorded>
    where TState : class, new()
{
    private const int FoldPageSize = 1_000;

    private AppendOutcome _lastOutcome;
    private Exception? _lastFault;

    protected IEventLog Log => log;

    /// <summary>The log stream that journals this grain.</summary>
    protected abstract string LogStreamId { get; }

    /// <summary>
    /// Event type of this grain's snapshots, or null for none. A grain with a long journal writes a snapshot every
    /// <see cref="SnapshotEvery"/> entries, so activation folds only the entries since the newest one.
    /// </summary>
    protected virtual string? SnapshotType => null;

    protected virtual int SnapshotEvery => 200;

    /// <summary>The current state as one journal entry of type <see cref="SnapshotType"/>.</summary>
    protected virtual EventData CreateSnapshot() => throw new NotSupportedException($"{GetType().Name} has no snapshots.");

    public async Task<KeyValuePair<int, TState>> ReadStateFromStorage()
    {
        var (version, state) = await LoadStateAsync();
        return new KeyValuePair<int, TState>(checked((int)version), state);
    }

    /// <remarks>
    /// Refusals and failures are reported as written on purpose: the log-consistency adaptor would otherwise retry the
    /// same events, at whatever version it re-reads, until they land, bypassing the caller's expected version and
    /// retrying forever on a taken event id. <see cref="AppendToLogAsync"/> sees the refusal or fault and re-reads the
    /// view from storage before anything else runs.
    /// </remarks>
    public async Task<bool> ApplyUpdatesToStorage(IReadOnlyList<StreamEventRecorded> updates, int expectedVersion)
    {
        var append = new PendingAppend(LogStreamId, expectedVersion, updates.Select(u => u.Event).ToList(), updates[0].Timestamp);
        try
        {
            _lastOutcome = await appender.AppendAsync(append);
            _lastFault = null;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _lastOutcome = AppendOutcome.Conflict;
            _lastFault = ex;
        }

        return true;
    }

    /// <summary>
    /// Journals <paramref name="events"/> and waits until they are durable. When storage refuses them (a version or
    /// event id already taken), nothing is kept, the view is re-read, and the outcome says so.
    /// </summary>
    /// <exception cref="StorageUnavailableException">Storage failed; whether the events were kept is unknown, so a retry
    /// must use the same event ids (appends are idempotent by them).</exception>
    protected async Task<AppendOutcome> AppendToLogAsync(IReadOnlyList<StreamEventRecorded> events)
    {
        RaiseEvents(events);
        await ConfirmEvents();
        if (!_lastOutcome.Committed)
        {
            var fault = _lastFault;
            await RefreshNow();
            if (fault is not null)
            {
                throw new StorageUnavailableException(fault.Message);
            }

            return _lastOutcome;
        }

        var outcome = _lastOutcome;
        if (SnapshotType is not null && Version % SnapshotEvery == 0)
        {
            // Best effort: a failed snapshot only means a longer fold at the next activation.
            RaiseEvent(new StreamEventRecorded(CreateSnapshot(), events[^1].Timestamp));
            await ConfirmEvents();
            if (!_lastOutcome.Committed)
            {
                await RefreshNow();
            }
        }

        return outcome;
    }

    /// <summary>Rebuilds the state by folding the log stream from its newest snapshot (or its start).</summary>
    protected virtual async Task<(long Version, TState State)> LoadStateAsync()
    {
        var state = new TState();
        var version = await FindLatestSnapshotAsync() is { } snapshot ? snapshot - 1 : 0;
        while (true)
        {
            var page = await log.ReadStreamAsync(LogStreamId, version + 1, FoldPageSize, ReadDirection.Forward, CancellationToken.None);
            foreach (var e in page)
            {
                TransitionState(state, StreamEventRecorded.From(e));
                version = e.Version;
            }

            if (page.Count < FoldPageSize)
            {
                return (version, state);
            }
        }
    }

    private async Task<long?> FindLatestSnapshotAsync()
    {
        if (SnapshotType is not { } type)
        {
            return null;
        }

        var from = long.MaxValue;
        while (true)
        {
            var page = await log.ReadStreamAsync(LogStreamId, from, FoldPageSize, ReadDirection.Backward, CancellationToken.None);
            if (page.FirstOrDefault(e => e.Type == type) is { } snapshot)
            {
                return snapshot.Version;
            }

            if (page.Count < FoldPageSize)
            {
                return null;
            }

            from = page[^1].Version - 1;
        }
    }
}

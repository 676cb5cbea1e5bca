using Orleans.EventSourcing;
using Orleans.EventSourcing.CustomStorage;
using Orleans.Providers;
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

    protected IEventLog Log => log;

    /// <summary>The log stream that journals this grain.</summary>
    protected abstract string LogStreamId { get; }

    public async Task<KeyValuePair<int, TState>> ReadStateFromStorage()
    {
        var (version, state) = await LoadStateAsync();
        return new KeyValuePair<int, TState>(checked((int)version), state);
    }

    /// <remarks>
    /// A refused append is reported as written on purpose: the log-consistency adaptor retries refused writes until
    /// the version moves, which never happens when the refusal is a taken event id. <see cref="AppendToLogAsync"/>
    /// sees the refusal and re-reads the view from storage before anything else runs.
    /// </remarks>
    public async Task<bool> ApplyUpdatesToStorage(IReadOnlyList<StreamEventRecorded> updates, int expectedVersion)
    {
        var append = new PendingAppend(LogStreamId, expectedVersion, updates.Select(u => u.Event).ToList(), updates[0].Timestamp);
        _lastOutcome = await appender.AppendAsync(append);
        return true;
    }

    /// <summary>
    /// Journals <paramref name="events"/> and waits until they are durable. When storage refuses them (a version or
    /// event id already taken), nothing is kept, the view is re-read, and the outcome says so.
    /// </summary>
    protected async Task<AppendOutcome> AppendToLogAsync(IReadOnlyList<StreamEventRecorded> events)
    {
        RaiseEvents(events);
        await ConfirmEvents();
        if (!_lastOutcome.Committed)
        {
            await RefreshNow();
        }

        return _lastOutcome;
    }

    /// <summary>Rebuilds the state by folding the grain's whole log stream; grains with long logs override this.</summary>
    protected virtual async Task<(long Version, TState State)> LoadStateAsync()
    {
        var state = new TState();
        long version = 0;
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
}

using Microsoft.Extensions.Logging;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Storage.EventLog;
using OrleansPlatform.Storage.Integrity;
using OrleansPlatform.Storage.Snapshots;

namespace OrleansPlatform.Grains.EventLog;

/// <summary>
/// The one base of every journaled grain: its state is its journal, one stream of the platform's event log written
/// through the silo's group commit, and its single activation is that stream's single writer (the log's unique keys
/// catch a second one). A write validates nothing itself: the grain validates, calls <see cref="JournalAsync"/>, and
/// acts on the returned <see cref="JournalOutcome"/>. The state changes only when entries are durable, so every
/// reader sees durable state.
/// </summary>
/// <remarks>
/// Derives from <see cref="Grain"/> rather than Orleans' <c>JournaledGrain</c>: that adaptor retries failed writes on
/// its own until storage returns (a grain hangs instead of answering), numbers versions as <c>int</c>, and shows a
/// tentative view to readers; none of which a log-backed store wants.
/// </remarks>
public abstract partial class LogBackedGrain<TState>(JournalServices services) : Grain, IIncomingGrainCallFilter
    where TState : class, IJournalState, new()
{
    private const int FoldPageSize = 1_000;

    private readonly ILogger _logger = services.Loggers.CreateLogger("OrleansPlatform.Grains.Journal");
    private bool _writing;
    private bool _stale;
    private long _snapshotVersion;
    private long _previousSnapshotVersion;

    // The checksum of the journal's event at Version: the next append chains to it without reading storage.
    private string? _lastChecksum;

    /// <summary>The durable state.</summary>
    protected TState State { get; private set; } = new();

    /// <summary>The journal's version: how many entries it has had.</summary>
    protected long Version { get; private set; }

    protected IEventLog Log => services.Log;

    protected TimeProvider Time => services.Time;

    /// <summary>The log stream that journals this grain.</summary>
    protected abstract string LogStreamId { get; }

    /// <summary>How entries are stored: <see cref="TypedJournalCodec"/> for the platform's own events (the default).</summary>
    protected virtual IJournalCodec Codec => TypedJournalCodec.Instance;

    /// <summary>
    /// Entries after which a snapshot is taken (null: never). Activation then folds at most this many entries after
    /// the newest snapshot.
    /// </summary>
    protected virtual int? SnapshotThreshold => null;

    /// <summary>
    /// Whether entries older than the previous snapshot are deleted once a new snapshot is stored, so a system
    /// journal's size stays bounded. Off for journals whose history is read back (sagas, the registry's audit trail).
    /// </summary>
    protected virtual bool CompactBehindSnapshots => false;

    /// <summary>The whole state as one journal event whose <c>Apply</c> restores it; required when snapshots are on.</summary>
    protected virtual object CreateSnapshot() => throw new NotSupportedException($"{GetType().Name} has no snapshots.");

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await ReloadAsync();
        await base.OnActivateAsync(cancellationToken);
    }

    /// <summary>
    /// Every call starts from current durable state: after a write whose outcome was lost, the journal is re-read
    /// before the grain's own logic looks at its state (a retried request then sees what the lost one did).
    /// </summary>
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        await EnsureCurrentAsync();
        await context.Invoke();
    }

    /// <summary>
    /// Journals <paramref name="events"/> (one atomic append) and folds them into the state once durable. One write
    /// at a time: a reentrant grain serialises its own writes.
    /// </summary>
    /// <param name="events">Typed journal events, or <see cref="EventData"/> for a raw journal.</param>
    /// <param name="timestamp">The append time; now by default.</param>
    protected async Task<JournalOutcome> JournalAsync(IReadOnlyList<object> events, DateTimeOffset? timestamp = null)
    {
        if (_writing)
        {
            throw new InvalidOperationException($"{GetType().Name} started a journal write while another was in flight.");
        }

        _writing = true;
        try
        {
            await EnsureCurrentAsync();
            var encoded = events.Select((e, i) => Codec.Encode(LogStreamId, Version + 1 + i, e)).ToList();
            var at = timestamp ?? services.Time.GetUtcNow();
            // Off (Platform:Integrity:Checksums): no hashing, rows stored without checksum or link.
            var checksums = services.Checksums ? EventChecksum.Chain(LogStreamId, Version, encoded, at, _lastChecksum) : null;
            AppendOutcome stored;
            try
            {
                stored = await services.Appender.AppendAsync(new PendingAppend(LogStreamId, Version, encoded, at, checksums is null ? null : _lastChecksum, checksums));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The outcome is unknown: the next write re-reads the journal first, and the derived ids let storage
                // recognise these entries if they did land.
                _stale = true;
                LogJournalFault(_logger, ex, LogStreamId, Version);
                return new JournalOutcome(JournalStatus.Fault, 0, Version, 0, AsStorageError(ex));
            }

            if (stored.Committed)
            {
                var first = Version + 1;
                for (var i = 0; i < encoded.Count; i++)
                {
                    Fold(new JournalEntry(events[i], first + i, encoded[i].EventId, at));
                }

                _lastChecksum = checksums?[^1];

                SignalChange();

                await AfterCommitAsync(first, stored.LastPosition);
                return new JournalOutcome(JournalStatus.Committed, first, Version, stored.LastPosition);
            }

            return await ResolveConflictAsync(encoded);
        }
        finally
        {
            _writing = false;
        }
    }

    /// <summary>Re-reads the journal when an earlier write's outcome is unknown; throws when storage is still down.</summary>
    protected async Task EnsureCurrentAsync()
    {
        if (_stale)
        {
            await ReloadAsync();
        }
    }

    /// <summary>
    /// Makes the next call re-read the journal: for a grain that changed its stream outside <see cref="JournalAsync"/>
    /// (a hard delete that erased it).
    /// </summary>
    protected void Invalidate() => _stale = true;

    /// <summary>Called once entries are durable and folded: the place for effects that must follow a durable decision (an outbox).</summary>
    /// <param name="firstVersion">The first committed entry's version.</param>
    protected virtual Task OnCommittedAsync(long firstVersion) => Task.CompletedTask;

    /// <summary>
    /// Builds the state from storage: the newest snapshot, then the entries after it. A grain whose state is a
    /// summary of its stream (not a fold) overrides this.
    /// </summary>
    protected virtual async Task<(long Version, TState State)> LoadStateAsync()
    {
        var state = new TState();
        long version = 0;
        if (SnapshotThreshold is not null && await services.Snapshots.ReadLatestAsync(LogStreamId, long.MaxValue, CancellationToken.None) is { } snapshot)
        {
            state.Apply(new JournalEntry(TypedJournalCodec.Instance.Decode(snapshot.Type, snapshot.Data), snapshot.Version, Guid.Empty, snapshot.CreatedAt));
            version = snapshot.Version;
            _snapshotVersion = snapshot.Version;
        }

        while (true)
        {
            var page = await services.Log.ReadStreamAsync(LogStreamId, version + 1, FoldPageSize, ReadDirection.Forward, CancellationToken.None);
            foreach (var e in page)
            {
                state.Apply(new JournalEntry(Codec.Decode(e), e.Version, e.EventId, e.Timestamp));
                version = e.Version;
            }

            if (page.Count < FoldPageSize)
            {
                return (version, state);
            }
        }
    }

    private async Task ReloadAsync()
    {
        try
        {
            (Version, State) = await LoadStateAsync();
            _lastChecksum = await ReadChecksumAtAsync(Version);
            _stale = false;
            SignalChange();
        }
        catch (Exception ex) when (ex is not PlatformException and not OutOfMemoryException)
        {
            _stale = true;
            throw AsStorageError(ex);
        }
    }

    private async Task<string?> ReadChecksumAtAsync(long version)
    {
        if (version == 0 || !services.Checksums)
        {
            return null;
        }

        var head = await services.Log.ReadStreamAsync(LogStreamId, version, 1, ReadDirection.Forward, CancellationToken.None);
        return head.Count == 1 && head[0].Version == version ? head[0].Checksum : null;
    }

    private void Fold(JournalEntry entry)
    {
        State.Apply(entry);
        Version = entry.Version;
    }

    /// <summary>
    /// Storage refused the append. If the refused entries are this grain's own, already stored by an earlier
    /// attempt whose outcome was lost, the write did happen; otherwise another writer moved the journal on.
    /// </summary>
    private async Task<JournalOutcome> ResolveConflictAsync(IReadOnlyList<EventData> encoded)
    {
        var expectedFirst = Version + 1;
        await ReloadAsync();
        var ids = encoded.Select(e => e.EventId).ToList();
        var found = await services.Log.FindByEventIdsAsync(LogStreamId, ids, CancellationToken.None);
        var ours = found.Count == ids.Count && found.Select((e, i) => e.EventId == ids[i] && e.Version == expectedFirst + i).All(x => x);
        return ours
            ? new JournalOutcome(JournalStatus.Committed, expectedFirst, found[^1].Version, found[^1].Position)
            : new JournalOutcome(JournalStatus.Conflict, 0, Version, 0);
    }

    private async Task AfterCommitAsync(long firstVersion, long lastPosition)
    {
        if (SnapshotThreshold is { } threshold && Version - _snapshotVersion >= threshold)
        {
            await TrySnapshotAsync(lastPosition);
        }

        await OnCommittedAsync(firstVersion);
    }

    private async Task TrySnapshotAsync(long lastPosition)
    {
        var snapshot = CreateSnapshot();
        var stored = new StoredSnapshot(LogStreamId, Version, TypedJournalCodec.Instance.NameOf(snapshot.GetType()),
            System.Text.Json.JsonSerializer.Serialize(snapshot, snapshot.GetType(), JournalJson.Options), services.Time.GetUtcNow());
        try
        {
            await services.Snapshots.SaveAsync(stored, CancellationToken.None);
            (_previousSnapshotVersion, _snapshotVersion) = (_snapshotVersion, Version);
            if (CompactBehindSnapshots && _previousSnapshotVersion > 0)
            {
                // Keep the entries since the previous snapshot: a stale activation that still folds from there
                // conflicts on their versions instead of writing into a gap.
                await services.Snapshots.CompactBeforeAsync(LogStreamId, _previousSnapshotVersion, CancellationToken.None);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Only an optimisation: a missing snapshot or compaction means a longer fold, never a wrong one.
            LogSnapshotFailed(_logger, ex, LogStreamId, Version, lastPosition);
        }
    }

    private static PlatformException AsStorageError(Exception ex) =>
        ex as PlatformException ?? new StorageUnavailableException(ex.Message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Journal write to {Journal} after version {Version} failed; the outcome is unknown and the journal is re-read before the next write")]
    private static partial void LogJournalFault(ILogger logger, Exception exception, string journal, long version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Snapshot of {Journal} at version {Version} (position {Position}) failed; activation folds further back until the next one")]
    private static partial void LogSnapshotFailed(ILogger logger, Exception exception, string journal, long version, long position);
}

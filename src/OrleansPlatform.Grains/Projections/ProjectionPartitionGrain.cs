using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Contracts.Projections;
using OrleansPlatform.Storage.EventLog;
using OrleansPlatform.Storage.Projections;

namespace OrleansPlatform.Grains.Projections;

/// <summary>
/// Folds one partition of a projection version. The checkpoint is the feed position to read next and moves only in
/// the transaction that writes the documents it covers, from the value this activation read; so a page is applied
/// exactly once even when a dying silo's activation and its successor overlap (the loser's commit is refused, it
/// re-reads the checkpoint and drops its cache). Reads go through the silo's <see cref="IEventLog"/>, so events
/// arrive upcast and erased subjects redacted, as every other reader sees them.
/// </summary>
internal sealed partial class ProjectionPartitionGrain(
    IEventLog log, IProjectionStore store, CodeProjections code, TimeProvider time, IOptions<ProjectionOptions> options, ILogger<ProjectionPartitionGrain> logger)
    : Grain, IProjectionPartitionGrain, IRemindable
{
    private const string KeepAlive = "projection-partition";
    private const int MaxPagesPerTick = 50;

    private readonly ProjectionOptions _options = options.Value;
    private Dictionary<string, ProjectionDocument?> _cache = new(StringComparer.Ordinal);
    private ProjectionDefinitionInfo? _info;
    private IGrainTimer? _tick;
    private IGrainTimer? _watchdog;
    private bool _running;
    private static readonly TimeSpan IdleCommitInterval = TimeSpan.FromSeconds(1);

    // _stored is the checkpoint in the store (what a commit must expect); _next, where reading goes on, may be past it
    // while only the frontier moves.
    private long? _stored;
    private long? _next;
    private DateTimeOffset _lastCommit;
    private DateTimeOffset _lastProgress;

    // Bumped only by the stall watchdog when it abandons a hung page: that page, should it ever wake up, must not
    // touch this activation's state again (its commit, if any, is refused by the checkpoint it expected).
    private int _run;

    private (string Name, int Version, int Partition) Key => ProjectionPartitions.Parse(this.GetPrimaryKeyString());

    public async Task StartAsync(ProjectionDefinitionInfo version)
    {
        // Called again every watchdog interval by the projection: only a first start counts as progress.
        if (_tick is null)
        {
            _lastProgress = time.GetUtcNow();
            _tick = StartTicking();
        }

        _info = version;
        if (_watchdog is null)
        {
            // Interleaved: it must run while a page hangs in a call that ignores its timeout.
            _watchdog = this.RegisterGrainTimer(_ => WatchAsync(), new GrainTimerCreationOptions(_options.WatchdogInterval, _options.WatchdogInterval) { KeepAlive = true, Interleave = true });
            // The reminder outlives this activation: after a silo dies it brings the partition back on a live one.
            await this.RegisterOrUpdateReminder(KeepAlive, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        }
    }

    public async Task StopAsync()
    {
        _info = null;
        _tick?.Dispose();
        _watchdog?.Dispose();
        (_tick, _watchdog) = (null, null);
        if (await this.GetReminder(KeepAlive) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        this.DeactivateOnIdle();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (_info is not null)
        {
            return;
        }

        // A fresh activation (its silo died, or it was collected): run only if the version is still wanted.
        var (name, version, _) = Key;
        var info = await GrainFactory.GetGrain<IProjectionGrain>(name).GetAsync();
        if (info is { Paused: false, Halt: null } && (info.Serving.Version == version || info.Building?.Version == version))
        {
            await StartAsync(info.Serving.Version == version ? info.Serving : info.Building!);
        }
        else
        {
            await StopAsync();
        }
    }

    private async Task ProcessAsync()
    {
        if (_running || _info is not { } info)
        {
            return;
        }

        _running = true;
        var run = _run;
        var cache = _cache;
        var (name, version, partition) = Key;
        try
        {
            using var timeout = new CancellationTokenSource(_options.OperationTimeout);
            if (_next is null || _stored is null)
            {
                var checkpoints = await store.CheckpointsAsync(name, version, timeout.Token);
                if (run != _run)
                {
                    return;
                }

                _stored = checkpoints.TryGetValue(partition, out var stored) ? stored : info.StartPosition;
                _next = _stored;
            }

            Task<AllEventsSlice>? prefetch = null;
            for (var page = 0; page < MaxPagesPerTick && _info is not null; page++)
            {
                var from = _next.Value;
                var slice = await (prefetch ?? log.ReadAllAsync(new ReadAllRequest(from, _options.PageSize), timeout.Token));
                prefetch = null;
                if (run != _run || slice.NextPosition <= from)
                {
                    return;
                }

                if (slice.Events.Count == _options.PageSize && page + 1 < MaxPagesPerTick)
                {
                    // Catching up: read the next page while this one folds and commits. The feed below a page's
                    // NextPosition never changes, so the read ahead is the page this loop would read next; it is
                    // dropped (its failure observed) if this page halts, or its commit is refused or fails.
                    prefetch = log.ReadAllAsync(new ReadAllRequest(slice.NextPosition, _options.PageSize), timeout.Token);
                    _ = prefetch.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                }

                var started = time.GetTimestamp();
                var result = await PageFolder.FoldAsync(info, partition, slice.Events, cache, ids => store.LoadAsync(name, version, ids, timeout.Token), time.GetUtcNow(), code.For(info.Definition));
                var next = result.Halt?.Position ?? slice.NextPosition;
                if (slice.Events.Count == 0 && time.GetUtcNow() - _lastCommit < IdleCommitInterval)
                {
                    // Only the feed's frontier moved (PostgreSQL): remember it, and store it now and then rather than
                    // in a transaction per poll. Events, anyone's, are always committed past at once (read-your-writes).
                    _next = next;
                    _lastProgress = time.GetUtcNow();
                    return;
                }

                var committed = await store.CommitAsync(new ProjectionCommit(name, version, partition, _stored.Value, next, result.Changes, result.Parked), timeout.Token);
                if (run != _run)
                {
                    return;
                }

                if (!committed)
                {
                    LogCheckpointMoved(logger, name, version, partition, _stored.Value);
                    Reset();
                    return;
                }

                (_stored, _next) = (next, next);
                _lastProgress = _lastCommit = time.GetUtcNow();
                ProjectionTelemetry.PageCommitted(name, result.Applied, result.Parked.Count, time.GetElapsedTime(started));
                TrimCache();
                if (result.Halt is { } halt)
                {
                    LogHalted(logger, name, version, halt.Position, halt.Error);
                    await GrainFactory.GetGrain<IProjectionGrain>(name).HaltAsync(version, halt.Position, halt.Error);
                    return;
                }

                if (slice.Events.Count < _options.PageSize)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Nothing half-done survives: the commit is one transaction. Start the next tick from the stored checkpoint.
            LogPageFailed(logger, ex, name, version, partition);
            if (run == _run)
            {
                Reset();
            }
        }
        finally
        {
            if (run == _run)
            {
                _running = false;
            }
        }
    }

    private async Task WatchAsync()
    {
        if (_info is null || _next is not { } next || time.GetUtcNow() - _lastProgress < _options.StallAfter)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(_options.OperationTimeout);
        if (await log.GetEndPositionAsync(timeout.Token) > next)
        {
            var (name, version, partition) = Key;
            LogStalled(logger, name, version, partition, next);
            ProjectionTelemetry.Restarted(name);
            _run++;
            Reset();
            _running = false;
            _lastProgress = time.GetUtcNow();
            // A timer waits for its callback before its next tick, so the hung page would hold the old one forever.
            _tick?.Dispose();
            _tick = StartTicking();
        }
    }

    // Interleaved, so a page hung in a call that ignores its timeout holds neither this timer's successor nor the
    // grain's other calls; _running keeps one page at a time.
    private IGrainTimer StartTicking() =>
        this.RegisterGrainTimer(_ => ProcessAsync(), new GrainTimerCreationOptions(TimeSpan.Zero, _options.PollInterval) { KeepAlive = true, Interleave = true });

    private void Reset()
    {
        (_stored, _next) = (null, null);
        // A new dictionary, not a cleared one: a page abandoned by the watchdog may still hold the old one.
        _cache = new Dictionary<string, ProjectionDocument?>(StringComparer.Ordinal);
    }

    private void TrimCache()
    {
        if (_cache.Count > _options.CachedDocuments)
        {
            _cache = new Dictionary<string, ProjectionDocument?>(StringComparer.Ordinal);
        }
    }
}

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
    IEventLog log, IProjectionStore store, TimeProvider time, IOptions<ProjectionOptions> options, ILogger<ProjectionPartitionGrain> logger)
    : Grain, IProjectionPartitionGrain, IRemindable
{
    private const string KeepAlive = "projection-partition";
    private const int MaxPagesPerTick = 50;

    private readonly ProjectionOptions _options = options.Value;
    private readonly Dictionary<string, ProjectionDocument?> _cache = new(StringComparer.Ordinal);
    private ProjectionDefinitionInfo? _info;
    private IGrainTimer? _tick;
    private IGrainTimer? _watchdog;
    private bool _running;
    private long? _next;
    private DateTimeOffset _lastProgress;

    private (string Name, int Version, int Partition) Key => ProjectionPartitions.Parse(this.GetPrimaryKeyString());

    public async Task StartAsync(ProjectionDefinitionInfo version)
    {
        _info = version;
        _lastProgress = time.GetUtcNow();
        _tick ??= this.RegisterGrainTimer(_ => ProcessAsync(), new GrainTimerCreationOptions(TimeSpan.Zero, _options.PollInterval) { KeepAlive = true });
        if (_watchdog is null)
        {
            _watchdog = this.RegisterGrainTimer(_ => WatchAsync(), new GrainTimerCreationOptions(_options.WatchdogInterval, _options.WatchdogInterval) { KeepAlive = true });
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
        var (name, version, partition) = Key;
        try
        {
            using var timeout = new CancellationTokenSource(_options.OperationTimeout);
            _next ??= (await store.CheckpointsAsync(name, version, timeout.Token)).TryGetValue(partition, out var stored) ? stored : info.StartPosition;
            for (var page = 0; page < MaxPagesPerTick && _info is not null; page++)
            {
                var from = _next.Value;
                var slice = await log.ReadAllAsync(new ReadAllRequest(from, _options.PageSize), timeout.Token);
                if (slice.NextPosition <= from)
                {
                    return;
                }

                var started = time.GetTimestamp();
                var result = await PageFolder.FoldAsync(info, partition, slice.Events, _cache, ids => store.LoadAsync(name, version, ids, timeout.Token), time.GetUtcNow());
                var next = result.Halt?.Position ?? slice.NextPosition;
                if (!await store.CommitAsync(new ProjectionCommit(name, version, partition, from, next, result.Changes, result.Parked), timeout.Token))
                {
                    LogCheckpointMoved(logger, name, version, partition, from);
                    Reset();
                    return;
                }

                _next = next;
                _lastProgress = time.GetUtcNow();
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
            Reset();
        }
        finally
        {
            _running = false;
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
            Reset();
            _running = false;
            _lastProgress = time.GetUtcNow();
            _tick?.Dispose();
            _tick = this.RegisterGrainTimer(_ => ProcessAsync(), new GrainTimerCreationOptions(TimeSpan.Zero, _options.PollInterval) { KeepAlive = true });
        }
    }

    private void Reset()
    {
        _next = null;
        _cache.Clear();
    }

    private void TrimCache()
    {
        if (_cache.Count > _options.CachedDocuments)
        {
            _cache.Clear();
        }
    }
}

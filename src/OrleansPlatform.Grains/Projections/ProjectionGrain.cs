using System.Text.Json;
using Microsoft.Extensions.Options;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.Projections;
using OrleansPlatform.Grains.EventLog;
using OrleansPlatform.Storage.Projections;

namespace OrleansPlatform.Grains.Projections;

/// <summary>
/// A projection's definition versions and lifecycle, journaled in <c>$projection:{name}</c>. It starts and stops the
/// partitions of the versions that should run, promotes a building version once it has reached the serving one (so
/// reads switch atomically, never to a version that is behind), and re-asserts all that on a reminder, which is
/// what restarts a projection after its silo died.
/// </summary>
public sealed class ProjectionGrain(JournalServices journal, IProjectionStore store, IOptions<ProjectionOptions> options)
    : LogBackedGrain<ProjectionState>(journal), IProjectionGrain, IRemindable
{
    private const string Watchdog = "projection";
    private IGrainTimer? _promotion;

    private string Name => this.GetPrimaryKeyString();

    protected override string LogStreamId => $"$projection:{Name}";

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        WatchPromotion();
        // Partitions whose silo died come back at the next tick (any read of the projection activates this grain),
        // not only at the next reminder.
        this.RegisterGrainTimer(_ => EnsurePartitionsAsync(), new GrainTimerCreationOptions(TimeSpan.Zero, options.Value.WatchdogInterval));
    }

    public async Task<(ProjectionInfo Info, bool Created)> PutAsync(ProjectionDefinition definition)
    {
        ProjectionRules.EnsureValid(Name, definition);
        if (State.Info is { } info && Same(info.Newest.Definition, definition))
        {
            return (info, false);
        }

        var created = State.Info is null;
        await StoreVersionAsync(definition);
        if (created)
        {
            await GrainFactory.GetGrain<IProjectionCatalogGrain>(0).AddAsync(Name);
        }

        return (State.Info!, created);
    }

    public Task<ProjectionInfo?> GetAsync() => Task.FromResult(State.Info);

    public async Task<ProjectionInfo> RebuildAsync()
    {
        await StoreVersionAsync(Existing().Serving.Definition);
        return State.Info!;
    }

    public Task<ProjectionInfo> PauseAsync() => SetPausedAsync(true);

    public Task<ProjectionInfo> ResumeAsync() => SetPausedAsync(false);

    public async Task<bool> DeleteAsync()
    {
        if (State.Info is not { } info)
        {
            return false;
        }

        await StopAsync(info.Serving);
        if (info.Building is { } building)
        {
            await StopAsync(building);
        }

        (await JournalAsync([new ProjectionDeleted()])).EnsureCommitted($"Projection '{Name}' was changed concurrently; try again.");
        await store.DeleteAsync(Name, null, CancellationToken.None);
        await GrainFactory.GetGrain<IProjectionCatalogGrain>(0).RemoveAsync(Name);
        ProjectionTelemetry.Forget(Name);
        await ReconcileAsync();
        return true;
    }

    public async Task<ProjectionInfo?> PromoteAsync(int version)
    {
        if (State.Info is { Building: { } building } info && building.Version == version)
        {
            (await JournalAsync([new ProjectionPromoted(version)])).EnsureCommitted($"Projection '{Name}' was changed concurrently; try again.");
            // The old version's documents stay (until the projection is deleted); it just stops folding.
            await StopAsync(info.Serving);
        }

        return State.Info;
    }

    public async Task HaltAsync(int version, long position, string error)
    {
        if (State.Info is { } info && info.Halt is null && (info.Serving.Version == version || info.Building?.Version == version))
        {
            (await JournalAsync([new ProjectionHalted(version, position, error)])).EnsureCommitted($"Projection '{Name}' was changed concurrently; try again.");
            await ReconcileAsync();
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status) => await ReconcileAsync();

    private async Task<ProjectionInfo> SetPausedAsync(bool paused)
    {
        var info = Existing();
        if (info.Paused != paused || (!paused && info.Halt is not null))
        {
            (await JournalAsync([new ProjectionPauseChanged(paused)])).EnsureCommitted($"Projection '{Name}' was changed concurrently; try again.");
        }

        await ReconcileAsync();
        return State.Info!;
    }

    private async Task StoreVersionAsync(ProjectionDefinition definition)
    {
        // Validated already; "latest" resolves now, once, so every partition and a later rebuild agree on it.
        var startPosition = ProjectionRules.TryParseStartFrom(definition.StartFrom, out var start) && start is { } position
            ? position
            : await Log.GetEndPositionAsync(CancellationToken.None);
        var replaced = State.Info?.Building;
        var stored = new ProjectionVersionStored(Name, State.LastVersion + 1, definition, Time.GetUtcNow(), startPosition, options.Value.Partitions);
        (await JournalAsync([stored])).EnsureCommitted($"Projection '{Name}' was changed concurrently; read it and try again.");
        if (replaced is not null)
        {
            // A building version nobody ever read is superseded: its documents go.
            await StopAsync(replaced);
            await store.DeleteAsync(Name, replaced.Version, CancellationToken.None);
        }

        await ReconcileAsync();
    }

    private async Task EnsurePartitionsAsync()
    {
        if (State.Info is { Paused: false, Halt: null } info)
        {
            try
            {
                await StartPartitionsAsync(info);
            }
            catch (Exception ex) when (ex is OrleansException or TimeoutException)
            {
                // A partition on a silo not yet declared dead refuses the call; the next tick tries again.
            }
        }
    }

    private Task StartPartitionsAsync(ProjectionInfo info) =>
        Task.WhenAll(new[] { info.Serving, info.Building }.OfType<ProjectionDefinitionInfo>()
            .SelectMany(v => Enumerable.Range(0, v.Partitions).Select(p => Partition(v, p).StartAsync(v))));

    /// <summary>Makes the running partitions match the state, and keeps the reminder that revives them while any should run.</summary>
    private async Task ReconcileAsync()
    {
        var info = State.Info;
        if (info is { Paused: false, Halt: null })
        {
            await StartPartitionsAsync(info);
            await this.RegisterOrUpdateReminder(Watchdog, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        }
        else
        {
            if (info is not null)
            {
                await StopAsync(info.Serving);
                if (info.Building is { } building)
                {
                    await StopAsync(building);
                }
            }

            if (await this.GetReminder(Watchdog) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }

        WatchPromotion();
    }

    private void WatchPromotion()
    {
        if (State.Info?.Building is not null && _promotion is null)
        {
            _promotion = this.RegisterGrainTimer(_ => TryPromoteAsync(), new GrainTimerCreationOptions(TimeSpan.Zero, options.Value.PollInterval * 2) { KeepAlive = true });
        }
    }

    private async Task TryPromoteAsync()
    {
        if (State.Info is not { Building: { } building, Paused: false, Halt: null } info)
        {
            if (State.Info?.Building is null)
            {
                _promotion?.Dispose();
                _promotion = null;
            }

            return;
        }

        // Caught up: at least as far as the serving version, or at the head; queries then never step back in time.
        var buildingNext = await ProjectionProgressReader.MinNextAsync(store, building, CancellationToken.None);
        var servingNext = await ProjectionProgressReader.MinNextAsync(store, info.Serving, CancellationToken.None);
        if (buildingNext >= servingNext || buildingNext >= await Log.GetEndPositionAsync(CancellationToken.None))
        {
            await PromoteAsync(building.Version);
        }
    }

    private IProjectionPartitionGrain Partition(ProjectionDefinitionInfo version, int partition) =>
        GrainFactory.GetGrain<IProjectionPartitionGrain>(ProjectionPartitions.Key(Name, version.Version, partition));

    private Task StopAsync(ProjectionDefinitionInfo version) =>
        Task.WhenAll(Enumerable.Range(0, version.Partitions).Select(p => Partition(version, p).StopAsync()));

    private ProjectionInfo Existing() => State.Info ?? throw new ResourceNotFoundException("projection", Name);

    // Records compare their lists by reference; their journal form is the definition's identity.
    private static bool Same(ProjectionDefinition a, ProjectionDefinition b) =>
        JsonSerializer.Serialize(a, JournalJson.Options) == JsonSerializer.Serialize(b, JournalJson.Options);
}

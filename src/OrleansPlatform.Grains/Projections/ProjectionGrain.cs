using System.Text.Json;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.Projections;
using OrleansPlatform.Grains.EventLog;

namespace OrleansPlatform.Grains.Projections;

/// <summary>A projection's definition versions and lifecycle, journaled in <c>$projection:{name}</c>.</summary>
public sealed class ProjectionGrain(JournalServices journal) : LogBackedGrain<ProjectionState>(journal), IProjectionGrain
{
    private string Name => this.GetPrimaryKeyString();

    protected override string LogStreamId => $"$projection:{Name}";

    public async Task<(ProjectionInfo Info, bool Created)> PutAsync(ProjectionDefinition definition)
    {
        ProjectionRules.EnsureValid(Name, definition);
        if (State.Info is { } info && Same(info.Newest.Definition, definition))
        {
            return (info, false);
        }

        var created = State.Info is null;
        await StoreVersionAsync(definition);
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
        if (State.Info is null)
        {
            return false;
        }

        (await JournalAsync([new ProjectionDeleted()])).EnsureCommitted($"Projection '{Name}' was changed concurrently; try again.");
        return true;
    }

    public async Task<ProjectionInfo?> PromoteAsync(int version)
    {
        if (State.Info?.Building?.Version == version)
        {
            (await JournalAsync([new ProjectionPromoted(version)])).EnsureCommitted($"Projection '{Name}' was changed concurrently; try again.");
        }

        return State.Info;
    }

    public async Task HaltAsync(int version, long position, string error)
    {
        if (State.Info is { } info && info.Halt is null && (info.Serving.Version == version || info.Building?.Version == version))
        {
            (await JournalAsync([new ProjectionHalted(version, position, error)])).EnsureCommitted($"Projection '{Name}' was changed concurrently; try again.");
        }
    }

    private async Task<ProjectionInfo> SetPausedAsync(bool paused)
    {
        var info = Existing();
        if (info.Paused != paused || (!paused && info.Halt is not null))
        {
            (await JournalAsync([new ProjectionPauseChanged(paused)])).EnsureCommitted($"Projection '{Name}' was changed concurrently; try again.");
        }

        return State.Info!;
    }

    private async Task StoreVersionAsync(ProjectionDefinition definition)
    {
        var stored = new ProjectionVersionStored(Name, State.LastVersion + 1, definition, Time.GetUtcNow());
        (await JournalAsync([stored])).EnsureCommitted($"Projection '{Name}' was changed concurrently; read it and try again.");
    }

    private ProjectionInfo Existing() => State.Info ?? throw new ResourceNotFoundException("projection", Name);

    // Records compare their lists by reference; their journal form is the definition's identity.
    private static bool Same(ProjectionDefinition a, ProjectionDefinition b) =>
        JsonSerializer.Serialize(a, JournalJson.Options) == JsonSerializer.Serialize(b, JournalJson.Options);
}

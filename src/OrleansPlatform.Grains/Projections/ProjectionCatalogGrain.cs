using OrleansPlatform.Grains.EventLog;

namespace OrleansPlatform.Grains.Projections;

/// <summary>The names of the cluster's projections (key 0), journaled in <c>$projections</c>, for listing.</summary>
[Alias("op.proj.IProjectionCatalogGrain")]
public interface IProjectionCatalogGrain : IGrainWithIntegerKey
{
    [Alias("Add")]
    Task AddAsync(string name);

    [Alias("Remove")]
    Task RemoveAsync(string name);

    [Alias("List")]
    Task<IReadOnlyList<string>> ListAsync();
}

/// <summary>Journal event of <c>$projections</c>: a projection was created.</summary>
[EventType("ProjectionNamed.v1")]
internal sealed record ProjectionNamed(string Name);

/// <summary>A projection was deleted.</summary>
[EventType("ProjectionUnnamed.v1")]
internal sealed record ProjectionUnnamed(string Name);

public sealed class ProjectionCatalogState : IJournalState
{
    public SortedSet<string> Names { get; } = new(StringComparer.Ordinal);

    public void Apply(JournalEntry entry)
    {
        switch (entry.Event)
        {
            case ProjectionNamed named:
                Names.Add(named.Name);
                break;
            case ProjectionUnnamed unnamed:
                Names.Remove(unnamed.Name);
                break;
        }
    }
}

public sealed class ProjectionCatalogGrain(JournalServices journal) : LogBackedGrain<ProjectionCatalogState>(journal), IProjectionCatalogGrain
{
    protected override string LogStreamId => "$projections";

    public async Task AddAsync(string name)
    {
        if (!State.Names.Contains(name))
        {
            (await JournalAsync([new ProjectionNamed(name)])).EnsureCommitted("The projection catalog changed concurrently; try again.");
        }
    }

    public async Task RemoveAsync(string name)
    {
        if (State.Names.Contains(name))
        {
            (await JournalAsync([new ProjectionUnnamed(name)])).EnsureCommitted("The projection catalog changed concurrently; try again.");
        }
    }

    public Task<IReadOnlyList<string>> ListAsync() => Task.FromResult<IReadOnlyList<string>>([.. State.Names]);
}

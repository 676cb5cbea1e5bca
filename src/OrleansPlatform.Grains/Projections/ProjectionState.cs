using OrleansPlatform.Contracts.Projections;
using OrleansPlatform.Grains.EventLog;

namespace OrleansPlatform.Grains.Projections;

/// <summary>A projection's lifecycle as its journal folds it.</summary>
public sealed class ProjectionState : IJournalState
{
    public int LastVersion { get; private set; }

    public ProjectionInfo? Info { get; private set; }

    public void Apply(JournalEntry entry)
    {
        switch (entry.Event)
        {
            case ProjectionVersionStored stored:
                LastVersion = stored.Version;
                var version = new ProjectionDefinitionInfo(stored.Name, stored.Version, stored.Definition, stored.CreatedAt, stored.StartPosition, stored.Partitions);
                Info = Info is null ? new ProjectionInfo(stored.Name, version, null, false, null) : Info with { Building = version };
                break;
            case ProjectionPromoted promoted when Info?.Building?.Version == promoted.Version:
                Info = Info with
                {
                    Serving = Info.Building,
                    Building = null,
                    Halt = Info.Halt?.Version == promoted.Version ? Info.Halt : null,
                };
                break;
            case ProjectionPauseChanged change when Info is not null:
                Info = Info with { Paused = change.Paused, Halt = change.Paused ? Info.Halt : null };
                break;
            case ProjectionHalted halted when Info is not null:
                Info = Info with { Halt = new ProjectionHalt(halted.Version, halted.Position, halted.Error) };
                break;
            case ProjectionDeleted:
                Info = null;
                break;
        }
    }
}

using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Grains.EventLog;

namespace OrleansPlatform.Grains.EventStore;

/// <summary>What a stream's writer needs in memory: its version and times, never its events.</summary>
[GenerateSerializer, Alias("op.es.EventStreamState")]
public sealed class EventStreamState : IJournalState
{
    [Id(0)] public long Version { get; private set; }

    [Id(1)] public DateTimeOffset CreatedAt { get; private set; }

    [Id(2)] public DateTimeOffset UpdatedAt { get; private set; }

    public static EventStreamState From(StreamInfo? info) => info is null
        ? new EventStreamState()
        : new EventStreamState { Version = info.Version, CreatedAt = info.CreatedAt, UpdatedAt = info.UpdatedAt };

    public void Apply(JournalEntry entry)
    {
        if (Version == 0)
        {
            CreatedAt = entry.Timestamp;
        }

        Version = entry.Version;
        UpdatedAt = entry.Timestamp;
    }
}

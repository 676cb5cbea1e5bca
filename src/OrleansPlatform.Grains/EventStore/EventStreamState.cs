using OrleansPlatform.Contracts.EventStore;

namespace OrleansPlatform.Grains.EventStore;

/// <summary>One event as the stream grain journals it: the caller's event and the time it was appended.</summary>
[GenerateSerializer, Immutable, Alias("op.es.StreamEventRecorded")]
public sealed record StreamEventRecorded([property: Id(0)] EventData Event, [property: Id(1)] DateTimeOffset Timestamp);

/// <summary>What a stream's writer needs in memory: its version and times, never its events.</summary>
[GenerateSerializer, Alias("op.es.EventStreamState")]
public sealed class EventStreamState
{
    [Id(0)] public long Version { get; private set; }

    [Id(1)] public DateTimeOffset CreatedAt { get; private set; }

    [Id(2)] public DateTimeOffset UpdatedAt { get; private set; }

    public static EventStreamState From(StreamInfo? info) => info is null
        ? new EventStreamState()
        : new EventStreamState { Version = info.Version, CreatedAt = info.CreatedAt, UpdatedAt = info.UpdatedAt };

    public void Apply(StreamEventRecorded recorded)
    {
        if (Version == 0)
        {
            CreatedAt = recorded.Timestamp;
        }

        Version++;
        UpdatedAt = recorded.Timestamp;
    }
}

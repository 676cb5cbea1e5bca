using OrleansPlatform.Grains.EventLog;

namespace OrleansPlatform.Grains.Bus;

/// <summary>A topic partition's writer needs only how many events it holds (the next offset).</summary>
[GenerateSerializer, Alias("op.bus.PartitionState")]
public sealed class PartitionState : IJournalState
{
    [Id(0)] public long EndOffset { get; private set; }

    [Id(1)] public DateTimeOffset LastPublishedAt { get; private set; }

    public static PartitionState Starting(long endOffset, DateTimeOffset lastPublishedAt) => new() { EndOffset = endOffset, LastPublishedAt = lastPublishedAt };

    public void Apply(JournalEntry entry)
    {
        // Offsets are versions minus one.
        EndOffset = entry.Version;
        LastPublishedAt = entry.Timestamp;
    }
}

namespace OrleansPlatform.Grains.EventLog;

/// <summary>One durable entry of a grain's journal, as its state folds it.</summary>
/// <param name="Event">The decoded event: a typed journal event, or <see cref="Contracts.EventStore.EventData"/> for raw journals.</param>
/// <param name="Version">The entry's version in the journal (64-bit: a busy partition passes 2^31).</param>
/// <param name="EventId">The entry's event id in the log.</param>
/// <param name="Timestamp">When it was appended.</param>
public sealed record JournalEntry(object Event, long Version, Guid EventId, DateTimeOffset Timestamp);

/// <summary>A grain's state: changed only by folding durable journal entries, one at a time, without I/O.</summary>
public interface IJournalState
{
    /// <summary>Folds one entry into the state.</summary>
    void Apply(JournalEntry entry);
}

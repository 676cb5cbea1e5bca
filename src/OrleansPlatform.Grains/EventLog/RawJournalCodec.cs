using OrleansPlatform.Contracts.EventStore;

namespace OrleansPlatform.Grains.EventLog;

/// <summary>
/// For journals whose entries are their callers' own events (user streams, topic partitions): entries are
/// <see cref="EventData"/> as given, with the callers' event ids, and are never interpreted.
/// </summary>
public sealed class RawJournalCodec : IJournalCodec
{
    public static readonly RawJournalCodec Instance = new();

    private RawJournalCodec()
    {
    }

    public EventData Encode(string journalId, long version, object @event) =>
        @event as EventData ?? throw new ArgumentException($"A raw journal takes {nameof(EventData)}, not {@event.GetType().Name}.", nameof(@event));

    public object Decode(RecordedEvent stored) =>
        new EventData(stored.EventId, stored.Type, stored.Data, stored.Metadata, stored.CorrelationId, stored.CausationId);
}

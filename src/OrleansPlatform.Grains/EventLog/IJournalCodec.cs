using OrleansPlatform.Contracts.EventStore;

namespace OrleansPlatform.Grains.EventLog;

/// <summary>Turns a grain's journal events into log events and back.</summary>
public interface IJournalCodec
{
    /// <summary>Encodes <paramref name="event"/> as the entry that will get <paramref name="version"/> in <paramref name="journalId"/>.</summary>
    EventData Encode(string journalId, long version, object @event);

    /// <summary>Decodes a stored entry.</summary>
    object Decode(RecordedEvent stored);
}

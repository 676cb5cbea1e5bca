using OrleansPlatform.Contracts.Bus;
using OrleansPlatform.Contracts.EventStore;

namespace OrleansPlatform.Grains.Bus;

/// <summary>
/// How a topic message is stored as an event of its partition's log stream and read back. The event store's own
/// columns carry what they share with it (event id, type, data, correlation id, time, position), so a topic partition
/// reads like any stream; what only a message has travels in the metadata column as a <see cref="MessageEnvelope"/>.
/// This is an on-disk format: a new field must be optional, and events written before it must still read.
/// </summary>
internal static class TopicMessageCodec
{
    /// <param name="message">The published message.</param>
    /// <param name="traceParent">The publishing trace, so a delivery can link back to the publish that caused it.</param>
    public static EventData ToEventData(OutgoingMessage message, string? traceParent) =>
        new(message.EventId, message.Type, message.Data,
            BusJson.Write(new MessageEnvelope(message.Key, message.Priority, message.Headers, traceParent)), message.CorrelationId);

    /// <summary>Turns a partition log event back into the message subscribers see; offsets are versions minus one.</summary>
    public static TopicMessage ToMessage(string topic, int partition, RecordedEvent e)
    {
        var envelope = e.Metadata is null ? new MessageEnvelope(null, MessagePriority.Normal, null) : BusJson.Read<MessageEnvelope>(e.Metadata);
        return new TopicMessage(topic, partition, e.Version - 1, e.Position, e.EventId, envelope.Key, e.Type, e.Data,
            envelope.Priority, e.CorrelationId, envelope.Headers, e.Timestamp, envelope.TraceParent);
    }
}

/// <summary>What a topic message carries besides the event store's fields, kept in the log's metadata column.</summary>
internal sealed record MessageEnvelope(string? Key, MessagePriority Priority, IReadOnlyDictionary<string, string>? Headers, string? TraceParent = null);

using OrleansPlatform.Contracts.EventStore;

namespace OrleansPlatform.Grains.EventLog;

/// <summary>One event as a log-backed grain journals it: the event and the time it was appended.</summary>
[GenerateSerializer, Immutable, Alias("op.es.StreamEventRecorded")]
public sealed record StreamEventRecorded([property: Id(0)] EventData Event, [property: Id(1)] DateTimeOffset Timestamp)
{
    public static StreamEventRecorded From(RecordedEvent e) =>
        new(new EventData(e.EventId, e.Type, e.Data, e.Metadata, e.CorrelationId, e.CausationId), e.Timestamp);
}

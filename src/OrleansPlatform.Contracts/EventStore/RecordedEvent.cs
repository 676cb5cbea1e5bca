namespace OrleansPlatform.Contracts.EventStore;

/// <summary>An event as stored: its place in its stream and in the global feed.</summary>
/// <param name="EventId">The event's unique id.</param>
/// <param name="StreamId">The stream it belongs to.</param>
/// <param name="Version">Its version in the stream, starting at 1.</param>
/// <param name="Position">Its global position; positions strictly increase in commit order.</param>
/// <param name="Type">The event type name.</param>
/// <param name="Data">The JSON body.</param>
/// <param name="Metadata">The JSON metadata, if any.</param>
/// <param name="CorrelationId">The correlation id, if any.</param>
/// <param name="CausationId">The causation id, if any.</param>
/// <param name="Timestamp">When it was appended (UTC).</param>
/// <param name="SchemaVersion">The schema version of <see cref="Data"/>: the latest registered one when read upcast, the stored one when read raw; null for a type without a schema.</param>
/// <param name="Checksum">SHA-256 (lower-case hex) of the event as stored, chained to <paramref name="PreviousChecksum"/>; null for events stored before checksums existed.</param>
/// <param name="PreviousChecksum">The checksum of the stream's previous event; null for version 1 or when that event has none.</param>
/// <param name="Redacted">True when the event's subject was erased: <see cref="Data"/> is then the JSON text <c>null</c>.</param>
[GenerateSerializer, Immutable, Alias("op.es.RecordedEvent")]
public sealed record RecordedEvent(
    [property: Id(0)] Guid EventId,
    [property: Id(1)] string StreamId,
    [property: Id(2)] long Version,
    [property: Id(3)] long Position,
    [property: Id(4)] string Type,
    [property: Id(5)] string Data,
    [property: Id(6)] string? Metadata,
    [property: Id(7)] string? CorrelationId,
    [property: Id(8)] string? CausationId,
    [property: Id(9)] DateTimeOffset Timestamp,
    [property: Id(10)] int? SchemaVersion = null,
    [property: Id(11)] bool Redacted = false,
    [property: Id(12)] string? Checksum = null,
    [property: Id(13)] string? PreviousChecksum = null);

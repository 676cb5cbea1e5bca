namespace OrleansPlatform.Contracts.EventStore;

/// <summary>An event to append. <see cref="Data"/> and <see cref="Metadata"/> are UTF-8 JSON texts.</summary>
/// <param name="EventId">Unique id of the event; repeating an append with the same ids is idempotent.</param>
/// <param name="Type">Stable event type name, such as <c>OrderPlaced</c> or <c>OrderPlaced.v1</c>.</param>
/// <param name="Data">The event body: a JSON object.</param>
/// <param name="Metadata">Optional JSON object with caller-defined metadata.</param>
/// <param name="CorrelationId">Optional id shared by every event of one business flow.</param>
/// <param name="CausationId">Optional id of the message that caused this event.</param>
/// <param name="SchemaVersion">The schema version the data follows; null for the latest registered one (or none, for a type without a schema).</param>
[GenerateSerializer, Immutable, Alias("op.es.EventData")]
public sealed record EventData(
    [property: Id(0)] Guid EventId,
    [property: Id(1)] string Type,
    [property: Id(2)] string Data,
    [property: Id(3)] string? Metadata = null,
    [property: Id(4)] string? CorrelationId = null,
    [property: Id(5)] string? CausationId = null,
    [property: Id(6)] int? SchemaVersion = null);

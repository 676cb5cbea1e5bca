namespace OrleansPlatform.Contracts.Bus;

/// <summary>An event to publish to a topic. <see cref="Data"/> is a UTF-8 JSON text.</summary>
/// <param name="EventId">Unique id; publishing it again within the dedup window returns the first result.</param>
/// <param name="Key">Partition key: events with the same key keep their publish order. Null spreads events by id.</param>
/// <param name="Type">Event type name.</param>
/// <param name="Data">The JSON body.</param>
/// <param name="Priority">Scheduling priority.</param>
/// <param name="CorrelationId">Optional correlation id.</param>
/// <param name="Headers">Optional string headers carried to subscribers.</param>
/// <param name="SchemaVersion">The schema version the data follows; null for the type's latest (or none).</param>
[GenerateSerializer, Immutable, Alias("op.bus.OutgoingMessage")]
public sealed record OutgoingMessage(
    [property: Id(0)] Guid EventId,
    [property: Id(1)] string? Key,
    [property: Id(2)] string Type,
    [property: Id(3)] string Data,
    [property: Id(4)] MessagePriority Priority = MessagePriority.Normal,
    [property: Id(5)] string? CorrelationId = null,
    [property: Id(6)] IReadOnlyDictionary<string, string>? Headers = null,
    [property: Id(7)] int? SchemaVersion = null);

/// <summary>Where a published event landed.</summary>
/// <param name="Topic">The topic.</param>
/// <param name="Partition">Its partition.</param>
/// <param name="Offset">Its offset in the partition, from 0.</param>
/// <param name="Duplicate">True when the event id had already been published and nothing new was written.</param>
[GenerateSerializer, Immutable, Alias("op.bus.PublishReceipt")]
public sealed record PublishReceipt(
    [property: Id(0)] string Topic,
    [property: Id(1)] int Partition,
    [property: Id(2)] long Offset,
    [property: Id(3)] bool Duplicate = false);

/// <summary>An event as stored in a topic partition.</summary>
/// <param name="Topic">The topic.</param>
/// <param name="Partition">The partition.</param>
/// <param name="Offset">Its offset in the partition.</param>
/// <param name="Position">Its position in the platform's global log, shared with the event store.</param>
/// <param name="EventId">The event id.</param>
/// <param name="Key">The partition key, if any.</param>
/// <param name="Type">The event type.</param>
/// <param name="Data">The JSON body.</param>
/// <param name="Priority">The priority it was published with.</param>
/// <param name="CorrelationId">The correlation id, if any.</param>
/// <param name="Headers">The headers, if any.</param>
/// <param name="Timestamp">When it was published.</param>
/// <param name="TraceParent">W3C trace context of the publish, so deliveries can link back to it.</param>
[GenerateSerializer, Immutable, Alias("op.bus.TopicMessage")]
public sealed record TopicMessage(
    [property: Id(0)] string Topic,
    [property: Id(1)] int Partition,
    [property: Id(2)] long Offset,
    [property: Id(3)] long Position,
    [property: Id(4)] Guid EventId,
    [property: Id(5)] string? Key,
    [property: Id(6)] string Type,
    [property: Id(7)] string Data,
    [property: Id(8)] MessagePriority Priority,
    [property: Id(9)] string? CorrelationId,
    [property: Id(10)] IReadOnlyDictionary<string, string>? Headers,
    [property: Id(11)] DateTimeOffset Timestamp,
    [property: Id(12)] string? TraceParent = null);

/// <summary>A page of one partition.</summary>
/// <param name="Events">The events, by offset.</param>
/// <param name="FirstAvailableOffset">The oldest offset still retained.</param>
/// <param name="EndOffset">The offset the next published event will get.</param>
[GenerateSerializer, Immutable, Alias("op.bus.PartitionSlice")]
public sealed record PartitionSlice(
    [property: Id(0)] IReadOnlyList<TopicMessage> Events,
    [property: Id(1)] long FirstAvailableOffset,
    [property: Id(2)] long EndOffset);

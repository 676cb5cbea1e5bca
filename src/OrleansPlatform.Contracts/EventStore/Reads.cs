namespace OrleansPlatform.Contracts.EventStore;

/// <summary>Which way a stream is read.</summary>
public enum ReadDirection
{
    /// <summary>From older to newer versions.</summary>
    Forward,

    /// <summary>From newer to older versions.</summary>
    Backward,
}

/// <summary>A page of one stream's events.</summary>
/// <param name="StreamId">The stream.</param>
/// <param name="Version">The stream's current version.</param>
/// <param name="Events">The events of the page, in the order read.</param>
[GenerateSerializer, Immutable, Alias("op.es.StreamSlice")]
public sealed record StreamSlice(
    [property: Id(0)] string StreamId,
    [property: Id(1)] long Version,
    [property: Id(2)] IReadOnlyList<RecordedEvent> Events);

/// <summary>A request for a page of the global feed.</summary>
/// <param name="FromPosition">The first position to include.</param>
/// <param name="Limit">The maximum number of events.</param>
/// <param name="Types">When not empty, only events of these types.</param>
/// <param name="CorrelationId">When set, only events with this correlation id.</param>
/// <param name="IncludeSystemStreams">Also return the platform's internal journals (<c>$</c> streams: topics, subscriptions); the audited ones of <see cref="EventStoreRules.AuditedSystemStreamPrefixes"/> are always returned.</param>
/// <param name="Raw">Return events at the schema version they were stored at instead of upcast to the latest.</param>
[GenerateSerializer, Immutable, Alias("op.es.ReadAllRequest")]
public sealed record ReadAllRequest(
    [property: Id(0)] long FromPosition,
    [property: Id(1)] int Limit,
    [property: Id(2)] IReadOnlyList<string>? Types = null,
    [property: Id(3)] string? CorrelationId = null,
    [property: Id(4)] bool IncludeSystemStreams = false,
    [property: Id(5)] bool Raw = false);

/// <summary>A page of the global feed.</summary>
/// <param name="Events">The events, in global order.</param>
/// <param name="NextPosition">Where to continue: no event below it that is not in this or an earlier page will ever appear.</param>
[GenerateSerializer, Immutable, Alias("op.es.AllEventsSlice")]
public sealed record AllEventsSlice(
    [property: Id(0)] IReadOnlyList<RecordedEvent> Events,
    [property: Id(1)] long NextPosition);

/// <summary>A stream's summary.</summary>
/// <param name="StreamId">The stream.</param>
/// <param name="Version">Its version, which is its event count.</param>
/// <param name="CreatedAt">When its first event was appended.</param>
/// <param name="UpdatedAt">When its last event was appended.</param>
[GenerateSerializer, Immutable, Alias("op.es.StreamInfo")]
public sealed record StreamInfo(
    [property: Id(0)] string StreamId,
    [property: Id(1)] long Version,
    [property: Id(2)] DateTimeOffset CreatedAt,
    [property: Id(3)] DateTimeOffset UpdatedAt);

/// <summary>A stream folded into a state at some version.</summary>
/// <param name="StreamId">The stream.</param>
/// <param name="Version">The version folded up to.</param>
/// <param name="State">The folded state as a JSON object.</param>
[GenerateSerializer, Immutable, Alias("op.es.StreamState")]
public sealed record StreamStateView(
    [property: Id(0)] string StreamId,
    [property: Id(1)] long Version,
    [property: Id(2)] string State);

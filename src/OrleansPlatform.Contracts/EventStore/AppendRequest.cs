namespace OrleansPlatform.Contracts.EventStore;

/// <summary>Events to append atomically to one stream, under an expected-version condition.</summary>
/// <param name="ExpectedVersion">The concurrency condition checked before anything is written.</param>
/// <param name="Events">One or more events; all are written or none.</param>
[GenerateSerializer, Immutable, Alias("op.es.AppendRequest")]
public sealed record AppendRequest(
    [property: Id(0)] ExpectedVersion ExpectedVersion,
    [property: Id(1)] IReadOnlyList<EventData> Events);

/// <summary>The outcome of a successful (or idempotently repeated) append.</summary>
/// <param name="StreamId">The stream appended to.</param>
/// <param name="FirstVersion">Version of the first appended event.</param>
/// <param name="LastVersion">Version of the last appended event, which is the stream's version after the append.</param>
/// <param name="Position">Global position of the last appended event.</param>
/// <param name="Duplicate">True when every event had already been appended by an earlier identical request.</param>
[GenerateSerializer, Immutable, Alias("op.es.AppendResult")]
public sealed record AppendResult(
    [property: Id(0)] string StreamId,
    [property: Id(1)] long FirstVersion,
    [property: Id(2)] long LastVersion,
    [property: Id(3)] long Position,
    [property: Id(4)] bool Duplicate = false);

namespace OrleansPlatform.Contracts.TimeTravel;

/// <summary>A point in a stream's history: a version, or a time (the last event appended at or before it).</summary>
/// <param name="Version">The version to fold up to; wins over <paramref name="Time"/> when both are set.</param>
/// <param name="Time">The time to fold up to.</param>
[GenerateSerializer, Immutable, Alias("op.tt.StreamPoint")]
public sealed record StreamPoint(
    [property: Id(0)] long? Version,
    [property: Id(1)] DateTimeOffset? Time)
{
    /// <summary>The point at a version.</summary>
    public static StreamPoint AtVersion(long version) => new(version, null);

    /// <summary>The point at a time.</summary>
    public static StreamPoint AtTime(DateTimeOffset time) => new(null, time);
}

/// <summary>A stream's state at two points and the RFC 6902 JSON Patch from the first to the second.</summary>
/// <param name="StreamId">The stream.</param>
/// <param name="FromVersion">The version the first state is folded up to.</param>
/// <param name="From">The first state, a JSON object.</param>
/// <param name="ToVersion">The version the second state is folded up to.</param>
/// <param name="To">The second state, a JSON object.</param>
/// <param name="Diff">The JSON Patch (a JSON array of operations) that turns <paramref name="From"/> into <paramref name="To"/>.</param>
[GenerateSerializer, Immutable, Alias("op.tt.StreamDiff")]
public sealed record StreamDiff(
    [property: Id(0)] string StreamId,
    [property: Id(1)] long FromVersion,
    [property: Id(2)] string From,
    [property: Id(3)] long ToVersion,
    [property: Id(4)] string To,
    [property: Id(5)] string Diff);

/// <summary>An event that is folded in a what-if but never stored.</summary>
/// <param name="Type">The event type name.</param>
/// <param name="Data">The JSON object body.</param>
[GenerateSerializer, Immutable, Alias("op.tt.HypotheticalEvent")]
public sealed record HypotheticalEvent(
    [property: Id(0)] string Type,
    [property: Id(1)] string Data);

/// <summary>A what-if question: the stream at a point, without some of its events and with some more on top.</summary>
/// <param name="At">The point in the stream's history.</param>
/// <param name="Without">Ids of events up to that point to leave out.</param>
/// <param name="Append">Events folded on top, in order.</param>
[GenerateSerializer, Immutable, Alias("op.tt.WhatIfRequest")]
public sealed record WhatIfRequest(
    [property: Id(0)] StreamPoint At,
    [property: Id(1)] IReadOnlyList<Guid> Without,
    [property: Id(2)] IReadOnlyList<HypotheticalEvent> Append);

/// <summary>The answer to a what-if: nothing of it was written anywhere.</summary>
/// <param name="StreamId">The stream.</param>
/// <param name="Version">The version the actual state is folded up to.</param>
/// <param name="Actual">The stream's state at that point, a JSON object.</param>
/// <param name="Hypothetical">The state without the left-out events and with the appended ones, a JSON object.</param>
/// <param name="Diff">The JSON Patch (a JSON array of operations) that turns <paramref name="Actual"/> into <paramref name="Hypothetical"/>.</param>
[GenerateSerializer, Immutable, Alias("op.tt.WhatIfResult")]
public sealed record WhatIfResult(
    [property: Id(0)] string StreamId,
    [property: Id(1)] long Version,
    [property: Id(2)] string Actual,
    [property: Id(3)] string Hypothetical,
    [property: Id(4)] string Diff);

using OrleansPlatform.Contracts.EventStore;

namespace OrleansPlatform.Contracts.TimeTravel;

/// <summary>
/// Stateless time travel over the event log: compare a stream at two points, ask what-if questions and find where
/// the global feed reaches a time. Nothing here writes.
/// </summary>
[Alias("op.tt.ITimeTravelGrain")]
public interface ITimeTravelGrain : IGrainWithIntegerKey
{
    /// <summary>The stream's state at two points and the JSON Patch between them.</summary>
    /// <exception cref="Errors.StreamNotFoundException">The stream has no events.</exception>
    /// <exception cref="Errors.PlatformValidationException">A point is malformed.</exception>
    [Alias("Diff")]
    Task<StreamDiff> DiffAsync(string streamId, StreamPoint from, StreamPoint to);

    /// <summary>The stream's state at a point, and as it would be without some events and with others appended.</summary>
    /// <exception cref="Errors.StreamNotFoundException">The stream has no events.</exception>
    /// <exception cref="Errors.PlatformValidationException">The request is malformed, naming the field.</exception>
    [Alias("WhatIf")]
    Task<WhatIfResult> WhatIfAsync(string streamId, WhatIfRequest request);

    /// <summary>
    /// A page of the global feed holding only events stamped at or after <paramref name="fromTime"/>, starting no earlier
    /// than <see cref="ReadAllRequest.FromPosition"/>; continue with <see cref="AllEventsSlice.NextPosition"/>.
    /// </summary>
    [Alias("ReadAllFromTime")]
    Task<AllEventsSlice> ReadAllFromTimeAsync(ReadAllRequest request, DateTimeOffset fromTime);
}

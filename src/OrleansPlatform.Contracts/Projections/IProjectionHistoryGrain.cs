using OrleansPlatform.Contracts.TimeTravel;

namespace OrleansPlatform.Contracts.Projections;

/// <summary>A point in the global feed: a position (every event at or before it), or a time (every event stamped at or before it).</summary>
/// <param name="Position">The global position to fold up to; wins over <paramref name="Time"/> when both are set.</param>
/// <param name="Time">The time to fold up to.</param>
[GenerateSerializer, Immutable, Alias("op.proj.FeedPoint")]
public sealed record FeedPoint(
    [property: Id(0)] long? Position,
    [property: Id(1)] DateTimeOffset? Time)
{
    /// <summary>The point at a global position.</summary>
    public static FeedPoint AtPosition(long position) => new(position, null);

    /// <summary>The point at a time.</summary>
    public static FeedPoint AtTime(DateTimeOffset time) => new(null, time);
}

/// <summary>A projection document at two points and the RFC 6902 JSON Patch from the first to the second.</summary>
/// <param name="Id">The document id.</param>
/// <param name="From">The document at the first point, or null when it did not exist then.</param>
/// <param name="To">The document at the second point, or null when it did not exist then.</param>
/// <param name="Diff">The JSON Patch (a JSON array) turning the first data into the second; an absent document counts as JSON <c>null</c>.</param>
[GenerateSerializer, Immutable, Alias("op.proj.DocumentDiff")]
public sealed record DocumentDiff(
    [property: Id(0)] string Id,
    [property: Id(1)] ProjectionDocument? From,
    [property: Id(2)] ProjectionDocument? To,
    [property: Id(3)] string Diff);

/// <summary>A what-if question about a projection document: at a point, without some of its events and with more on top.</summary>
/// <param name="At">The point in the feed.</param>
/// <param name="Without">Ids of events folded into the document up to that point to leave out.</param>
/// <param name="Append">Events folded on top, in order, as if they belonged to the document's partition.</param>
[GenerateSerializer, Immutable, Alias("op.proj.DocumentWhatIfRequest")]
public sealed record DocumentWhatIfRequest(
    [property: Id(0)] FeedPoint At,
    [property: Id(1)] IReadOnlyList<Guid> Without,
    [property: Id(2)] IReadOnlyList<HypotheticalEvent> Append);

/// <summary>The answer to a document what-if: nothing of it was written anywhere.</summary>
/// <param name="Id">The document id.</param>
/// <param name="Actual">The document at the point, or null when it did not exist then.</param>
/// <param name="Hypothetical">The document without the left-out events and with the appended ones, or null when there would be none.</param>
/// <param name="Diff">The JSON Patch (a JSON array) turning the actual data into the hypothetical; an absent document counts as JSON <c>null</c>.</param>
[GenerateSerializer, Immutable, Alias("op.proj.DocumentWhatIfResult")]
public sealed record DocumentWhatIfResult(
    [property: Id(0)] string Id,
    [property: Id(1)] ProjectionDocument? Actual,
    [property: Id(2)] ProjectionDocument? Hypothetical,
    [property: Id(3)] string Diff);

/// <summary>
/// A projection document's history, refolded from the feed with the fold the projection runs (of its serving
/// version), so an answer never disagrees with the live document at a processed position. Nothing here writes.
/// </summary>
[Alias("op.proj.IProjectionHistoryGrain")]
public interface IProjectionHistoryGrain : IGrainWithIntegerKey
{
    /// <summary>The document as of <paramref name="at"/>, or null when it did not exist then.</summary>
    /// <exception cref="Errors.ResourceNotFoundException">The projection does not exist.</exception>
    /// <exception cref="Errors.PlatformValidationException">The point is malformed, or reaching it would read more of the feed than allowed.</exception>
    [Alias("At")]
    Task<ProjectionDocument?> GetDocumentAtAsync(string name, string id, FeedPoint at);

    /// <summary>The document at two points and the JSON Patch between them.</summary>
    /// <exception cref="Errors.ResourceNotFoundException">The projection does not exist.</exception>
    /// <exception cref="Errors.PlatformValidationException">A point is malformed (the field is <c>from</c> or <c>to</c>).</exception>
    [Alias("Diff")]
    Task<DocumentDiff> DiffAsync(string name, string id, FeedPoint from, FeedPoint to);

    /// <summary>The document at a point, and as it would be without some events and with others appended.</summary>
    /// <exception cref="Errors.ResourceNotFoundException">The projection does not exist.</exception>
    /// <exception cref="Errors.PlatformValidationException">The request is malformed, naming the field.</exception>
    [Alias("WhatIf")]
    Task<DocumentWhatIfResult> WhatIfAsync(string name, string id, DocumentWhatIfRequest request);
}

using OrleansPlatform.Contracts.EventStore;

namespace OrleansPlatform.Contracts.Projections;

/// <summary>How far a projection version has got.</summary>
/// <param name="Version">The definition version.</param>
/// <param name="Checkpoint">The last global position every partition has processed (0: none yet).</param>
/// <param name="Head">The last global position of the feed.</param>
/// <param name="LagEvents">Head minus checkpoint.</param>
/// <param name="LagSeconds">How long ago the oldest unprocessed event was appended (0 when caught up).</param>
/// <param name="Parked">Events parked in its dead letters.</param>
[GenerateSerializer, Immutable, Alias("op.proj.ProjectionProgress")]
public sealed record ProjectionProgress(
    [property: Id(0)] int Version,
    [property: Id(1)] long Checkpoint,
    [property: Id(2)] long Head,
    [property: Id(3)] long LagEvents,
    [property: Id(4)] double LagSeconds,
    [property: Id(5)] long Parked);

/// <summary>A projection's definition and progress, as <c>GET /api/v1/projections/{name}</c> shows it.</summary>
/// <param name="Info">Its versions and lifecycle.</param>
/// <param name="Status"><c>running</c>, <c>catchingUp</c>, <c>rebuilding</c>, <c>paused</c> or <c>halted</c>.</param>
/// <param name="Serving">The serving version's progress.</param>
/// <param name="Building">The building version's progress, or null.</param>
[GenerateSerializer, Immutable, Alias("op.proj.ProjectionStatus")]
public sealed record ProjectionStatus(
    [property: Id(0)] ProjectionInfo Info,
    [property: Id(1)] string Status,
    [property: Id(2)] ProjectionProgress Serving,
    [property: Id(3)] ProjectionProgress? Building);

/// <summary>A document read: the document (null when absent) and the checkpoint it reflects.</summary>
/// <param name="Document">The document, or null.</param>
/// <param name="Checkpoint">The serving version's checkpoint when read.</param>
[GenerateSerializer, Immutable, Alias("op.proj.DocumentRead")]
public sealed record DocumentRead(
    [property: Id(0)] ProjectionDocument? Document,
    [property: Id(1)] long Checkpoint);

/// <summary>A parked (poison) event of a projection.</summary>
/// <param name="Version">The definition version that parked it.</param>
/// <param name="Position">Its global position.</param>
/// <param name="EventId">Its id.</param>
/// <param name="StreamId">Its stream.</param>
/// <param name="Type">Its type.</param>
/// <param name="DocumentId">The document it was to change, if known.</param>
/// <param name="Error">Why its rule could not apply.</param>
/// <param name="ParkedAt">When it was parked.</param>
[GenerateSerializer, Immutable, Alias("op.proj.ParkedProjectionEvent")]
public sealed record ParkedProjectionEvent(
    [property: Id(0)] int Version,
    [property: Id(1)] long Position,
    [property: Id(2)] Guid EventId,
    [property: Id(3)] string StreamId,
    [property: Id(4)] string Type,
    [property: Id(5)] string? DocumentId,
    [property: Id(6)] string Error,
    [property: Id(7)] DateTimeOffset ParkedAt);

/// <summary>Read-your-writes: wait until the serving version has processed <see cref="MinPosition"/>, at most <see cref="Wait"/>.</summary>
/// <param name="MinPosition">The global position (an append's <c>position</c>) that must be processed.</param>
/// <param name="Wait">How long to wait for it.</param>
[GenerateSerializer, Immutable, Alias("op.proj.ReadAfter")]
public sealed record ReadAfter([property: Id(0)] long MinPosition, [property: Id(1)] TimeSpan Wait);

/// <summary>Reads of projections (status, documents, dead letters) on whichever silo is asked; always from the serving version.</summary>
[Alias("op.proj.IProjectionQueryGrain")]
public interface IProjectionQueryGrain : IGrainWithIntegerKey
{
    /// <summary>Every projection's status, by name.</summary>
    [Alias("List")]
    Task<IReadOnlyList<ProjectionStatus>> ListAsync();

    /// <summary>The projection's status, or null when it does not exist.</summary>
    [Alias("Status")]
    Task<ProjectionStatus?> GetStatusAsync(string name);

    /// <summary>Waits until the serving version has processed <see cref="ReadAfter.MinPosition"/>; returns the last position it has processed.</summary>
    /// <exception cref="Errors.ResourceNotFoundException">The projection does not exist.</exception>
    /// <exception cref="ProjectionNotCaughtUpException">The wait ended first.</exception>
    [Alias("Wait")]
    Task<long> WaitAsync(string name, ReadAfter after);

    /// <summary>A page of the serving version's documents.</summary>
    /// <exception cref="Errors.ResourceNotFoundException">The projection does not exist.</exception>
    /// <exception cref="Errors.PlatformValidationException">The cursor is not one of this query.</exception>
    /// <exception cref="ProjectionNotCaughtUpException">The wait ended before the projection processed the position.</exception>
    [Alias("Query")]
    Task<DocumentPage> QueryAsync(string name, DocumentQuery query, ReadAfter? after = null);

    /// <summary>One document of the serving version (null inside when absent).</summary>
    /// <exception cref="Errors.ResourceNotFoundException">The projection does not exist.</exception>
    /// <exception cref="ProjectionNotCaughtUpException">The wait ended before the projection processed the position.</exception>
    [Alias("Get")]
    Task<DocumentRead> GetDocumentAsync(string name, string id, ReadAfter? after = null);

    /// <summary>Parked events of the serving and building versions, oldest first.</summary>
    /// <exception cref="Errors.ResourceNotFoundException">The projection does not exist.</exception>
    [Alias("Parked")]
    Task<IReadOnlyList<ParkedProjectionEvent>> ParkedAsync(string name, long fromPosition, int limit);
}

/// <summary>A read asked for a position the projection has not processed within the wait (503).</summary>
[GenerateSerializer, Alias("op.proj.ProjectionNotCaughtUpException")]
public sealed class ProjectionNotCaughtUpException : Errors.PlatformException
{
    /// <summary>Creates the exception.</summary>
    public ProjectionNotCaughtUpException(string name, long minPosition, long checkpoint)
        : base($"Projection '{name}' has processed up to position {checkpoint}, not yet {minPosition}; retry later.")
    {
        MinPosition = minPosition;
        Checkpoint = checkpoint;
    }

    /// <summary>The position asked for.</summary>
    [Id(0)] public long MinPosition { get; }

    /// <summary>The position processed so far.</summary>
    [Id(1)] public long Checkpoint { get; }
}

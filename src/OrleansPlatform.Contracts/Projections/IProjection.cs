using OrleansPlatform.Contracts.EventStore;

namespace OrleansPlatform.Contracts.Projections;

/// <summary>
/// A projection written in C#, for teams that host their own silo with the platform: register it with
/// <c>services.AddProjection&lt;T&gt;()</c> in every silo. It runs under the same runtime as declarative projections
/// (partitions, exactly-once checkpoints, lag, rebuild beside the serving version, pause/resume, parked poison
/// events, history reads) and is read and steered over HTTP and <c>IProjections</c> like any other.
/// </summary>
/// <typeparam name="TDocument">
/// The document type, stored as JSON with the web defaults (camelCase), so filters and sorts name its members in camelCase.
/// </typeparam>
public interface IProjection<TDocument>
    where TDocument : class
{
    /// <summary>The events it reads (a stream-id prefix and/or event types, <c>*</c> wildcards allowed).</summary>
    ProjectionSource Source { get; }

    /// <summary><c>streamId</c> (default), or a JSON pointer into the recorded event (<c>/data/customerId</c>) naming the document id.</summary>
    string PartitionBy => ProjectionDefinition.StreamIdKey;

    /// <summary>
    /// The fold's version. Raise it when <see cref="Apply"/> changes meaning: the silo then stores a new definition
    /// version, built beside the serving one and switched to once caught up (a silo still running a lower version never
    /// steps it back).
    /// </summary>
    int Version => 1;

    /// <summary>What an exception thrown by <see cref="Apply"/> does: park the event (default) or halt the projection.</summary>
    ProjectionErrorMode OnError => ProjectionErrorMode.Park;

    /// <summary>
    /// Folds one event into the document of its partition key. Must be pure (no I/O, no clock): it is replayed by
    /// rebuilds and by history reads, which must agree with the stored documents. Return null to delete the document;
    /// throw to mark the event as poison.
    /// </summary>
    /// <param name="document">The document so far, or null when there is none yet (or it was deleted).</param>
    /// <param name="recorded">The event as every reader sees it (upcast, erased subjects redacted).</param>
    TDocument? Apply(TDocument? document, RecordedEvent recorded);
}

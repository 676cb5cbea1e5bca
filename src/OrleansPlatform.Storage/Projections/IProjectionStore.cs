using OrleansPlatform.Contracts.Projections;

namespace OrleansPlatform.Storage.Projections;

/// <summary>A document's state after a batch: its new JSON, or null when the batch deleted it.</summary>
/// <param name="Id">The document id.</param>
/// <param name="Data">The document as JSON, or null to delete it.</param>
/// <param name="Version">How many events have changed it.</param>
/// <param name="Position">The global position of the last event that changed it.</param>
public sealed record DocumentChange(string Id, string? Data, long Version, long Position);

/// <summary>A poison event kept in a projection's dead letters.</summary>
/// <param name="Position">Its global position.</param>
/// <param name="EventId">Its id.</param>
/// <param name="StreamId">Its stream.</param>
/// <param name="Type">Its type.</param>
/// <param name="DocumentId">The document it was to change, if known.</param>
/// <param name="Error">Why its rule could not apply.</param>
/// <param name="ParkedAt">When it was parked.</param>
public sealed record ParkedEvent(long Position, Guid EventId, string StreamId, string Type, string? DocumentId, string Error, DateTimeOffset ParkedAt);

/// <summary>A range of the global feed: its event count and the append time of its first event (null when empty).</summary>
public sealed record FeedRange(long Events, DateTimeOffset? FirstAppendedAt);

/// <summary>
/// One partition's progress: the documents and parked events of the events in [<paramref name="ExpectedNext"/>,
/// <paramref name="Next"/>), committed with the checkpoint in one transaction.
/// </summary>
/// <param name="Projection">The projection.</param>
/// <param name="Version">Its definition version.</param>
/// <param name="Partition">The partition whose checkpoint moves.</param>
/// <param name="ExpectedNext">The checkpoint the writer read (where it started); the commit fails if it has moved since.</param>
/// <param name="Next">The new checkpoint: the feed position to read next.</param>
/// <param name="Changes">At most one change per document.</param>
/// <param name="Parked">Poison events of the range.</param>
public sealed record ProjectionCommit(
    string Projection, int Version, int Partition, long ExpectedNext, long Next, IReadOnlyList<DocumentChange> Changes, IReadOnlyList<ParkedEvent> Parked);

/// <summary>
/// Projection documents (PostgreSQL JSONB / SQLite JSON) keyed by (projection, version, id), with per-partition
/// checkpoints and dead letters. Checkpoint and documents move in one transaction, and only from the checkpoint the
/// writer read, so a second writer of a partition (say, after a silo died) can never apply a range twice.
/// </summary>
public interface IProjectionStore
{
    /// <summary>Each partition's checkpoint (the feed position to read next); partitions that never committed are absent.</summary>
    Task<IReadOnlyDictionary<int, long>> CheckpointsAsync(string projection, int version, CancellationToken cancellationToken);

    /// <summary>Commits the range; false (and nothing written) when the checkpoint is no longer <see cref="ProjectionCommit.ExpectedNext"/>.</summary>
    Task<bool> CommitAsync(ProjectionCommit commit, CancellationToken cancellationToken);

    /// <summary>The stored documents among <paramref name="ids"/>.</summary>
    Task<IReadOnlyDictionary<string, ProjectionDocument>> LoadAsync(string projection, int version, IReadOnlyCollection<string> ids, CancellationToken cancellationToken);

    /// <summary>A page of documents matching the query.</summary>
    /// <exception cref="Contracts.Errors.PlatformValidationException">The cursor is not one this query returned.</exception>
    Task<DocumentPage> QueryAsync(string projection, int version, DocumentQuery query, CancellationToken cancellationToken);

    /// <summary>Parked events, oldest first, from <paramref name="fromPosition"/>.</summary>
    Task<IReadOnlyList<ParkedEvent>> ParkedAsync(string projection, int version, long fromPosition, int limit, CancellationToken cancellationToken);

    /// <summary>How many events are parked.</summary>
    Task<long> ParkedCountAsync(string projection, int version, CancellationToken cancellationToken);

    /// <summary>The global feed's events in [<paramref name="from"/>, <paramref name="end"/>): how many, and when the first was appended.</summary>
    Task<FeedRange> FeedRangeAsync(long from, long end, CancellationToken cancellationToken);

    /// <summary>The position of the feed's last event below <paramref name="end"/>, or 0 when it has none.</summary>
    Task<long> FeedHeadAsync(long end, CancellationToken cancellationToken);

    /// <summary>Deletes one version's documents, checkpoints and parked events, or every version's when <paramref name="version"/> is null.</summary>
    Task DeleteAsync(string projection, int? version, CancellationToken cancellationToken);
}

using OrleansPlatform.Contracts.Retention;

namespace OrleansPlatform.Storage.Retention;

/// <summary>A stream's stored metadata: its retention settings and, once soft-deleted, when.</summary>
/// <param name="StreamId">The stream.</param>
/// <param name="Metadata">Its retention settings.</param>
/// <param name="DeletedAt">When it was deleted (its truncateBefore then lies past its last event), or null.</param>
/// <param name="HardDeleted">
/// Whether the delete was a hard one: its events are (being) erased and the id takes only an append that expects no stream.
/// </param>
public sealed record StoredStreamMetadata(string StreamId, StreamMetadata Metadata, DateTimeOffset? DeletedAt, bool HardDeleted = false);

/// <summary>Streams' retention metadata, in the platform's database (<c>platform_stream_metadata</c>, 0018).</summary>
public interface IStreamMetadataStore
{
    /// <summary>The stream's metadata, or null when none was ever set.</summary>
    Task<StoredStreamMetadata?> GetAsync(string streamId, CancellationToken cancellationToken);

    /// <summary>The metadata of those of <paramref name="streamIds"/> that have any; one round trip.</summary>
    Task<IReadOnlyDictionary<string, StoredStreamMetadata>> GetManyAsync(IReadOnlyCollection<string> streamIds, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the stream's retention settings. A deletion's stamp stays, and so does the truncateBefore it set:
    /// settings never bring deleted events back.
    /// </summary>
    Task SetAsync(string streamId, StreamMetadata metadata, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Soft-deletes the stream: raises its truncateBefore to <paramref name="truncateBefore"/> (never lowers it) and
    /// stamps <paramref name="now"/> as its deletion time.
    /// </summary>
    Task SoftDeleteAsync(string streamId, long truncateBefore, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Marks the stream hard-deleted before its rows are erased: every retention setting is dropped, truncateBefore
    /// is set to <paramref name="truncateBefore"/> (past its last event, so rows not erased yet are hidden) and the
    /// deletion is stamped.
    /// </summary>
    Task MarkHardDeletedAsync(string streamId, long truncateBefore, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Forgets the stream's metadata (a hard-deleted id started again).</summary>
    Task RemoveAsync(string streamId, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="limit"/> streams with metadata, in ordinal id order after <paramref name="after"/>.</summary>
    Task<IReadOnlyList<StoredStreamMetadata>> ListAsync(string? after, int limit, CancellationToken cancellationToken);
}

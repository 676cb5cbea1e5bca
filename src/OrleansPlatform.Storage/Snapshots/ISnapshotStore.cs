namespace OrleansPlatform.Storage.Snapshots;

/// <summary>A stream's state folded up to <see cref="Version"/>, stored beside the stream.</summary>
/// <param name="StreamId">The stream (or grain journal) the snapshot belongs to.</param>
/// <param name="Version">The last event the snapshot includes.</param>
/// <param name="Type">Stable type name of the snapshot's body.</param>
/// <param name="Data">The body, a JSON text.</param>
/// <param name="CreatedAt">When the snapshot was taken.</param>
public sealed record StoredSnapshot(string StreamId, long Version, string Type, string Data, DateTimeOffset CreatedAt);

/// <summary>
/// Snapshots of streams and grain journals. They only shorten folds: a missing snapshot makes a fold start further
/// back, never changes its result.
/// </summary>
public interface ISnapshotStore
{
    /// <summary>The newest snapshot of the stream at or below <paramref name="maxVersion"/>, or null.</summary>
    Task<StoredSnapshot?> ReadLatestAsync(string streamId, long maxVersion, CancellationToken cancellationToken);

    /// <summary>Stores a snapshot; storing the same version again replaces it.</summary>
    Task SaveAsync(StoredSnapshot snapshot, CancellationToken cancellationToken);

    /// <summary>
    /// Compaction behind a snapshot: removes the stream's events below <paramref name="version"/> and its snapshots
    /// older than the one at <paramref name="version"/>. Only for journals whose history is not read back.
    /// Returns how many events were removed.
    /// </summary>
    Task<long> CompactBeforeAsync(string streamId, long version, CancellationToken cancellationToken);
}

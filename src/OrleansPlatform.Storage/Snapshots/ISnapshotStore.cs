namespace OrleansPlatform.Storage.Snapshots;

/// <summary>A stream's state folded up to <see cref="Version"/>, stored beside the stream.</summary>
/// <param name="StreamId">The stream (or grain journal) the snapshot belongs to.</param>
/// <param name="Version">The last event the snapshot includes.</param>
/// <param name="Type">Stable type name of the snapshot's body.</param>
/// <param name="Data">The body, a JSON text.</param>
/// <param name="CreatedAt">When the snapshot was taken.</param>
/// <param name="EventTime">The stamp of the event at <see cref="Version"/> (stream-state snapshots), so a state at a time can start from it.</param>
/// <param name="Subjects">
/// Subjects whose plaintext the body holds: saving records them so that erasing one deletes the stream's snapshots
/// (<see cref="ISnapshotStore.DeleteForSubjectAsync"/>). Not read back.
/// </param>
public sealed record StoredSnapshot(
    string StreamId, long Version, string Type, string Data, DateTimeOffset CreatedAt, DateTimeOffset? EventTime = null, IReadOnlyList<string>? Subjects = null);

/// <summary>
/// Snapshots of streams and grain journals. They only shorten folds: a missing snapshot makes a fold start further
/// back, never changes its result.
/// </summary>
public interface ISnapshotStore
{
    /// <summary>The newest snapshot of the stream at or below <paramref name="maxVersion"/>, or null.</summary>
    Task<StoredSnapshot?> ReadLatestAsync(string streamId, long maxVersion, CancellationToken cancellationToken);

    /// <summary>
    /// The newest snapshot of the stream of type <paramref name="type"/> at or below <paramref name="maxVersion"/> and,
    /// when <paramref name="maxEventTime"/> is given, whose last event is stamped at or before it; or null.
    /// </summary>
    Task<StoredSnapshot?> ReadAtOrBeforeAsync(string streamId, string type, long maxVersion, DateTimeOffset? maxEventTime, CancellationToken cancellationToken);

    /// <summary>Deletes the stream's snapshots, all of them or all but those of type <paramref name="exceptType"/>.</summary>
    Task DeleteAsync(string streamId, string? exceptType, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes every snapshot of every stream whose snapshots were saved naming <paramref name="subjectId"/> among their
    /// <see cref="StoredSnapshot.Subjects"/>. Returns how many streams lost their snapshots.
    /// </summary>
    Task<int> DeleteForSubjectAsync(string subjectId, CancellationToken cancellationToken);

    /// <summary>Stores a snapshot (and its subjects, in the same transaction); storing the same version again replaces it.</summary>
    Task SaveAsync(StoredSnapshot snapshot, CancellationToken cancellationToken);

    /// <summary>
    /// Compaction behind a snapshot: removes the stream's events below <paramref name="version"/> and its snapshots
    /// older than the one at <paramref name="version"/>. Only for journals whose history is not read back.
    /// Returns how many events were removed.
    /// </summary>
    Task<long> CompactBeforeAsync(string streamId, long version, CancellationToken cancellationToken);
}

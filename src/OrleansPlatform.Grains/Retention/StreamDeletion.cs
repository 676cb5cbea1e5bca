using OrleansPlatform.Storage.Retention;
using OrleansPlatform.Storage.Snapshots;

namespace OrleansPlatform.Grains.Retention;

/// <summary>
/// The storage side of soft and hard deletes, for the stream's writer grain (which serialises them with appends). A
/// hard delete marks the stream first, so a crash halfway leaves it hidden and marked, and the writer finishes the
/// erasure when it next activates.
/// </summary>
public sealed class StreamDeletion(IStreamMetadataStore store, IStreamEraser eraser, ISnapshotStore snapshots, TimeProvider time)
{
    /// <summary>Whether the stream is soft-deleted with nothing appended since (its events then read as not found).</summary>
    public async Task<bool> IsSoftDeletedAsync(string streamId, long version) =>
        await store.GetAsync(streamId, CancellationToken.None) is { DeletedAt: not null } stored
        && version < (stored.Metadata.TruncateBefore ?? 0);

    /// <summary>Whether the id carries a hard delete's marker.</summary>
    public async Task<bool> IsHardDeletedAsync(string streamId) =>
        await store.GetAsync(streamId, CancellationToken.None) is { HardDeleted: true };

    /// <summary>Hides every event up to <paramref name="version"/>; the stream continues after it.</summary>
    public async Task SoftDeleteAsync(string streamId, long version)
    {
        await store.SoftDeleteAsync(streamId, version + 1, time.GetUtcNow(), CancellationToken.None);
        RetentionTelemetry.RecordDelete(hard: false, 0);
    }

    /// <summary>Marks the stream hard-deleted (hiding it at once), then erases its events and snapshots.</summary>
    public async Task HardDeleteAsync(string streamId, long version)
    {
        await store.MarkHardDeletedAsync(streamId, version + 1, time.GetUtcNow(), CancellationToken.None);
        RetentionTelemetry.RecordDelete(hard: true, await EraseAsync(streamId));
    }

    /// <summary>Erases the events and snapshots of a stream already marked hard-deleted; returns how many events.</summary>
    public async Task<long> EraseAsync(string streamId)
    {
        var removed = await eraser.DeleteAllAsync(streamId, CancellationToken.None);
        await snapshots.DeleteAsync(streamId, null, CancellationToken.None);
        return removed;
    }

    /// <summary>Forgets a hard delete's marker: the id starts again at version 1.</summary>
    public Task ForgetAsync(string streamId) => store.RemoveAsync(streamId, CancellationToken.None);
}

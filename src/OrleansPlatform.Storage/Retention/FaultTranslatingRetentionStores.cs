using OrleansPlatform.Contracts.Retention;
using OrleansPlatform.Storage.EventLog;

namespace OrleansPlatform.Storage.Retention;

/// <summary>
/// Wraps a backend's metadata store so a database outage reaches reads as a
/// <see cref="Contracts.Errors.StorageUnavailableException"/> (503), as the event log's own calls do.
/// </summary>
public sealed class FaultTranslatingStreamMetadataStore(IStreamMetadataStore inner) : IStreamMetadataStore
{
    public Task<StoredStreamMetadata?> GetAsync(string streamId, CancellationToken cancellationToken) =>
        StorageFaults.GuardAsync(() => inner.GetAsync(streamId, cancellationToken));

    public Task<IReadOnlyDictionary<string, StoredStreamMetadata>> GetManyAsync(IReadOnlyCollection<string> streamIds, CancellationToken cancellationToken) =>
        StorageFaults.GuardAsync(() => inner.GetManyAsync(streamIds, cancellationToken));

    public Task SetAsync(string streamId, StreamMetadata metadata, DateTimeOffset now, CancellationToken cancellationToken) =>
        StorageFaults.GuardAsync(() => inner.SetAsync(streamId, metadata, now, cancellationToken));

    public Task SoftDeleteAsync(string streamId, long truncateBefore, DateTimeOffset now, CancellationToken cancellationToken) =>
        StorageFaults.GuardAsync(() => inner.SoftDeleteAsync(streamId, truncateBefore, now, cancellationToken));

    public Task MarkHardDeletedAsync(string streamId, long truncateBefore, DateTimeOffset now, CancellationToken cancellationToken) =>
        StorageFaults.GuardAsync(() => inner.MarkHardDeletedAsync(streamId, truncateBefore, now, cancellationToken));

    public Task RemoveAsync(string streamId, CancellationToken cancellationToken) =>
        StorageFaults.GuardAsync(() => inner.RemoveAsync(streamId, cancellationToken));

    public Task<IReadOnlyList<StoredStreamMetadata>> ListAsync(string? after, int limit, CancellationToken cancellationToken) =>
        StorageFaults.GuardAsync(() => inner.ListAsync(after, limit, cancellationToken));
}

/// <summary>Wraps a backend's eraser so a database outage reaches deletes as a 503, never a 500.</summary>
public sealed class FaultTranslatingStreamEraser(IStreamEraser inner) : IStreamEraser
{
    public Task<long> DeleteBeforeAsync(string streamId, long beforeVersion, int maxRows, CancellationToken cancellationToken) =>
        StorageFaults.GuardAsync(() => inner.DeleteBeforeAsync(streamId, beforeVersion, maxRows, cancellationToken));

    public Task<long> DeleteAllAsync(string streamId, CancellationToken cancellationToken) =>
        StorageFaults.GuardAsync(() => inner.DeleteAllAsync(streamId, cancellationToken));
}

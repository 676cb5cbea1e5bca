using Orleans.Concurrency;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Contracts.Retention;
using OrleansPlatform.Storage.Retention;

namespace OrleansPlatform.Grains.Retention;

/// <summary>Stores streams' retention metadata; stateless, so every silo serves it.</summary>
[StatelessWorker]
public sealed class StreamRetentionGrain(IStreamMetadataStore store, TimeProvider time) : Grain, IStreamRetentionGrain
{
    public async Task SetMetadataAsync(string streamId, StreamMetadata metadata)
    {
        EventStoreRules.EnsureValidStreamId(streamId);
        var errors = metadata.Validate();
        if (errors.Count > 0)
        {
            throw new PlatformValidationException(errors);
        }

        await GrainFactory.GetGrain<IStreamLifecycleAuditGrain>(streamId).RecordRetentionSetAsync(metadata.MaxAge, metadata.MaxCount, metadata.TruncateBefore);
        await store.SetAsync(streamId, metadata, time.GetUtcNow(), CancellationToken.None);
    }

    public async Task<StreamMetadata> GetMetadataAsync(string streamId)
    {
        EventStoreRules.EnsureValidStreamId(streamId);
        return (await store.GetAsync(streamId, CancellationToken.None))?.Metadata ?? StreamMetadata.None;
    }
}

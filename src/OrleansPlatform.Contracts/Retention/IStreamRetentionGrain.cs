namespace OrleansPlatform.Contracts.Retention;

/// <summary>Sets and reads streams' retention metadata (stateless; the metadata lives in the platform's database).</summary>
[Alias("op.ret.IStreamRetentionGrain")]
public interface IStreamRetentionGrain : IGrainWithIntegerKey
{
    /// <summary>Replaces the stream's retention metadata; reads honour it at once.</summary>
    /// <exception cref="Errors.PlatformValidationException">A setting is out of range; the error names the field.</exception>
    [Alias("SetMetadata")]
    Task SetMetadataAsync(string streamId, StreamMetadata metadata);

    /// <summary>The stream's retention metadata (<see cref="StreamMetadata.None"/> when none was set).</summary>
    [Alias("GetMetadata")]
    Task<StreamMetadata> GetMetadataAsync(string streamId);
}

using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace OrleansPlatform.Grains.Snapshots;

/// <summary>Takes one stream's snapshots, one request at a time (so two requests never fold the same events twice).</summary>
[Alias("op.snap.IStreamSnapshotGrain")]
internal interface IStreamSnapshotGrain : IGrainWithStringKey
{
    /// <summary>Saves the stream's missing snapshots at multiples of Every up to <paramref name="upToVersion"/>.</summary>
    [OneWay, Alias("Take")]
    Task TakeAsync(long upToVersion);
}

/// <summary>Keyed by stream id; keeps nothing in memory, so any silo can take over.</summary>
// Busy only around a multiple of Every: collected soon after, so a million streams do not keep a million activations.
[CollectionAgeLimit(Minutes = 2)]
internal sealed partial class StreamSnapshotGrain(StreamSnapshotWriter writer, ILogger<StreamSnapshotGrain> logger) : Grain, IStreamSnapshotGrain
{
    public async Task TakeAsync(long upToVersion)
    {
        var streamId = this.GetPrimaryKeyString();
        try
        {
            await writer.TakeAsync(streamId, upToVersion);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Only an optimisation: the next append past a multiple of Every, or a long fold, asks again.
            LogSnapshotFailed(logger, ex, streamId, upToVersion);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Snapshots of stream {StreamId} up to version {Version} failed")]
    private static partial void LogSnapshotFailed(ILogger logger, Exception exception, string streamId, long version);
}

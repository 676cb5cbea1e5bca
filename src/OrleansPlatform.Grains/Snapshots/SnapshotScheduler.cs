using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OrleansPlatform.Grains.Snapshots;

/// <summary>
/// Hands snapshot work to the stream's <see cref="IStreamSnapshotGrain"/> as a one-way message: an append or a read
/// never waits for a snapshot and never fails because of one.
/// </summary>
public sealed partial class SnapshotScheduler(IGrainFactory grains, IOptions<SnapshotOptions> options, ILogger<SnapshotScheduler> logger)
{
    /// <summary>After an append moved a stream from <paramref name="before"/> to <paramref name="after"/>: asks for a snapshot when it crossed a multiple of Every.</summary>
    public void AfterAppend(string streamId, long before, long after)
    {
        var every = options.Value.Every;
        if (options.Value.Enabled && after / every > before / every)
        {
            Request(streamId, after);
        }
    }

    /// <summary>Asks for the stream's snapshots up to <paramref name="version"/> to be taken in the background.</summary>
    public void Request(string streamId, long version)
    {
        try
        {
            grains.GetGrain<IStreamSnapshotGrain>(streamId).TakeAsync(version).Ignore();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogRequestFailed(logger, ex, streamId, version);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not ask for snapshots of stream {StreamId} up to version {Version}")]
    private static partial void LogRequestFailed(ILogger logger, Exception exception, string streamId, long version);
}

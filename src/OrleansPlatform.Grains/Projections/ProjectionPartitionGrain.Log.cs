using Microsoft.Extensions.Logging;

namespace OrleansPlatform.Grains.Projections;

internal sealed partial class ProjectionPartitionGrain
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Projection {Projection} v{Version} partition {Partition}: the checkpoint moved from {Expected} under this activation; re-reading it")]
    private static partial void LogCheckpointMoved(ILogger logger, string projection, int version, int partition, long expected);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Projection {Projection} v{Version} partition {Partition}: a page failed; retrying from the stored checkpoint")]
    private static partial void LogPageFailed(ILogger logger, Exception exception, string projection, int version, int partition);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Projection {Projection} v{Version} halted at position {Position}: {Error}")]
    private static partial void LogHalted(ILogger logger, string projection, int version, long position, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Projection {Projection} v{Version} partition {Partition} stalled at {Next} while the head is ahead; restarting it")]
    private static partial void LogStalled(ILogger logger, string projection, int version, int partition, long next);
}

using Microsoft.Extensions.Logging;

namespace OrleansPlatform.Storage.EventLog;

public sealed partial class GroupCommitAppender
{
    [LoggerMessage(Level = LogLevel.Error, Message = "Group commit of {Appends} appends ({Events} events) failed")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int appends, int events);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database refused data in a batch of {Appends} appends; writing each alone")]
    private static partial void LogSplitting(ILogger logger, int appends);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Group commit of {Appends} appends ({Events} events) outlived every caller's deadline; its outcome is unknown")]
    private static partial void LogBatchAbandoned(ILogger logger, int appends, int events);
}

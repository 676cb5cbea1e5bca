using Microsoft.Extensions.Logging;
using OrleansPlatform.Storage.EventLog;
using OrleansPlatform.Storage.Snapshots;

namespace OrleansPlatform.Grains.EventLog;

/// <summary>What every journaled grain needs from its silo, as one constructor argument.</summary>
public sealed class JournalServices(IEventLog log, GroupCommitAppender appender, ISnapshotStore snapshots, TimeProvider time, ILoggerFactory loggers)
{
    public IEventLog Log { get; } = log;

    public GroupCommitAppender Appender { get; } = appender;

    public ISnapshotStore Snapshots { get; } = snapshots;

    public TimeProvider Time { get; } = time;

    public ILoggerFactory Loggers { get; } = loggers;
}

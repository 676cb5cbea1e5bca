using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansPlatform.Grains.Integrity;
using OrleansPlatform.Storage.EventLog;
using OrleansPlatform.Storage.Snapshots;

namespace OrleansPlatform.Grains.EventLog;

/// <summary>What every journaled grain needs from its silo, as one constructor argument.</summary>
public sealed class JournalServices(IEventLog log, GroupCommitAppender appender, ISnapshotStore snapshots, TimeProvider time, ILoggerFactory loggers,
    IOptions<IntegrityOptions> integrity)
{
    public IEventLog Log { get; } = log;

    public GroupCommitAppender Appender { get; } = appender;

    public ISnapshotStore Snapshots { get; } = snapshots;

    public TimeProvider Time { get; } = time;

    public ILoggerFactory Loggers { get; } = loggers;

    /// <summary>Whether appends carry the checksum chain (<see cref="IntegrityOptions.Checksums"/>).</summary>
    public bool Checksums { get; } = integrity.Value.Checksums;
}

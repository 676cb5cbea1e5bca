using OrleansPlatform.Contracts.Integrity;
using OrleansPlatform.Grains.EventLog;

namespace OrleansPlatform.Grains.Integrity;

/// <summary>A whole-log verification job started, to check the log up to <paramref name="EndPosition"/>.</summary>
[EventType("LogVerificationStarted.v1")]
internal sealed record LogVerificationStarted(long EndPosition, DateTimeOffset StartedAt);

/// <summary>One step's checkpoint: where the next step reads from, what this step checked and found broken.</summary>
[EventType("LogVerificationProgressed.v1")]
internal sealed record LogVerificationProgressed(long Position, long StreamsChecked, long EventsChecked, IReadOnlyList<BrokenStream> Broken, bool BrokenTruncated);

/// <summary>The job reached its end position.</summary>
[EventType("LogVerificationCompleted.v1")]
internal sealed record LogVerificationCompleted(DateTimeOffset CompletedAt);

/// <summary>A verification job's progress, folded from its journal.</summary>
public sealed class LogVerificationState : IJournalState
{
    private readonly List<BrokenStream> _broken = [];

    public bool Started { get; private set; }

    public DateTimeOffset StartedAt { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    public long EndPosition { get; private set; }

    public long Position { get; private set; }

    public long StreamsChecked { get; private set; }

    public long EventsChecked { get; private set; }

    public IReadOnlyList<BrokenStream> Broken => _broken;

    public bool BrokenTruncated { get; private set; }

    public void Apply(JournalEntry entry)
    {
        switch (entry.Event)
        {
            case LogVerificationStarted started:
                Started = true;
                StartedAt = started.StartedAt;
                EndPosition = started.EndPosition;
                break;
            case LogVerificationProgressed progressed:
                Position = progressed.Position;
                StreamsChecked += progressed.StreamsChecked;
                EventsChecked += progressed.EventsChecked;
                _broken.AddRange(progressed.Broken);
                BrokenTruncated |= progressed.BrokenTruncated;
                break;
            case LogVerificationCompleted completed:
                CompletedAt = completed.CompletedAt;
                break;
        }
    }

    public LogVerificationStatus ToStatus(Guid jobId, DateTimeOffset now)
    {
        var elapsed = ((CompletedAt ?? now) - StartedAt).TotalSeconds;
        return new LogVerificationStatus(
            jobId,
            CompletedAt is null ? LogVerificationStatus.Running : LogVerificationStatus.Completed,
            StartedAt,
            CompletedAt,
            EndPosition,
            Position,
            StreamsChecked,
            EventsChecked,
            elapsed > 0 ? Math.Round(EventsChecked / elapsed, 1) : 0,
            CompletedAt is null ? null : _broken.Count == 0 && !BrokenTruncated,
            _broken.ToList(),
            BrokenTruncated);
    }
}

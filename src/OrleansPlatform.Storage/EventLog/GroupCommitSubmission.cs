using System.Text;
using OrleansPlatform.Contracts.Errors;

namespace OrleansPlatform.Storage.EventLog;

/// <summary>
/// One queued append with its caller's promise and deadline. Whoever moves it out of the queued state first decides
/// its fate: a writer taking it into a batch, or its deadline abandoning it (then it is never written).
/// </summary>
internal sealed class GroupCommitSubmission : IDisposable
{
    private const int Queued = 0;
    private const int Taken = 1;
    private const int Abandoned = 2;

    // Per event, beside data and metadata: ids, version, timestamp and the array framing PostgreSQL sends.
    private const int RowOverheadBytes = 96;

    private readonly TaskCompletionSource<AppendOutcome> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TimeSpan _timeout;
    private ITimer? _deadline;
    private int _state;

    public GroupCommitSubmission(PendingAppend append, TimeSpan timeout)
    {
        Append = append;
        _timeout = timeout;
        Events = append.Events.Count;
        Bytes = EstimateBytes(append);
    }

    public PendingAppend Append { get; }

    public int Events { get; }

    public long Bytes { get; }

    public Task<AppendOutcome> Task => _completion.Task;

    /// <summary>True once the caller has its answer (an outcome, an error, or its deadline passed).</summary>
    public bool IsAnswered => _completion.Task.IsCompleted;

    /// <summary>The absolute time after which nobody waits for this append.</summary>
    public DateTimeOffset Deadline { get; private set; }

    /// <summary>Starts the caller's clock.</summary>
    public void StartDeadline(TimeProvider time)
    {
        Deadline = time.GetUtcNow() + _timeout;
        _deadline = time.CreateTimer(static s => ((GroupCommitSubmission)s!).OnDeadline(), this, _timeout, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Claims the append for a batch; false when its caller already gave up (it must then not be written).</summary>
    public bool TryTake() => Interlocked.CompareExchange(ref _state, Taken, Queued) == Queued;

    public void Complete(AppendOutcome outcome)
    {
        _completion.TrySetResult(outcome);
        Dispose();
    }

    public void Fail(Exception error)
    {
        _completion.TrySetException(error);
        Dispose();
    }

    public void Dispose() => _deadline?.Dispose();

    private void OnDeadline()
    {
        // Still queued: abandoning it guarantees it is never written. Already in a batch: the caller is answered now
        // and the batch's late result is dropped; either way the caller cannot know, hence "outcome unknown".
        Interlocked.CompareExchange(ref _state, Abandoned, Queued);
        if (_completion.TrySetException(new CommitOutcomeUnknownException(_timeout)))
        {
            EventLogTelemetry.RecordFailure("commit_timeout");
        }
    }

    private static long EstimateBytes(PendingAppend append)
    {
        long bytes = Encoding.UTF8.GetByteCount(append.StreamId) * (long)append.Events.Count;
        foreach (var e in append.Events)
        {
            bytes += RowOverheadBytes + Encoding.UTF8.GetByteCount(e.Data) + Encoding.UTF8.GetByteCount(e.Type)
                + (e.Metadata is null ? 0 : Encoding.UTF8.GetByteCount(e.Metadata))
                + (e.CorrelationId is null ? 0 : Encoding.UTF8.GetByteCount(e.CorrelationId))
                + (e.CausationId is null ? 0 : Encoding.UTF8.GetByteCount(e.CausationId));
        }

        return bytes;
    }
}

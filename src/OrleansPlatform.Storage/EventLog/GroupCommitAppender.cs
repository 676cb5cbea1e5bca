using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansPlatform.Contracts.Errors;

namespace OrleansPlatform.Storage.EventLog;

/// <summary>
/// Gathers concurrent appends (from many stream grains of this silo) into batches and writes each batch in one
/// transaction, so the store is not limited to one commit per append. Each caller still gets its own outcome, within
/// <see cref="GroupCommitOptions.CommitTimeout"/>.
/// </summary>
public sealed partial class GroupCommitAppender : IAsyncDisposable
{
    private readonly Channel<GroupCommitSubmission> _queue = Channel.CreateUnbounded<GroupCommitSubmission>(new UnboundedChannelOptions { SingleReader = false });
    private readonly IEventLog _log;
    private readonly GroupCommitOptions _options;
    private readonly ILogger<GroupCommitAppender> _logger;
    private readonly TimeProvider _time;
    private readonly Task[] _writers;
    private long _queuedEvents;

    public GroupCommitAppender(IEventLog log, IOptions<GroupCommitOptions> options, ILogger<GroupCommitAppender> logger, TimeProvider? time = null)
    {
        _log = log;
        _options = options.Value;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _writers = Enumerable.Range(0, _options.MaxConcurrentBatches).Select(_ => Task.Run(WriteLoopAsync)).ToArray();
    }

    /// <summary>Events queued and not yet taken by a writer.</summary>
    public long QueuedEvents => Interlocked.Read(ref _queuedEvents);

    /// <summary>
    /// Queues an append and completes once its batch is durable (or refused). Fails with
    /// <see cref="StorageUnavailableException"/> when the queue is full or storage cannot be reached (nothing was
    /// written), and with <see cref="CommitOutcomeUnknownException"/> when the commit deadline passed first.
    /// </summary>
    public Task<AppendOutcome> AppendAsync(PendingAppend append)
    {
        var submission = new GroupCommitSubmission(append, _options.CommitTimeout);
        var queued = Interlocked.Add(ref _queuedEvents, submission.Events);
        // An append alone in an empty queue always fits, however large, or it could never be written.
        if (queued > _options.MaxQueuedEvents && queued != submission.Events)
        {
            Interlocked.Add(ref _queuedEvents, -submission.Events);
            EventLogTelemetry.RecordFailure("queue_full");
            return Task.FromException<AppendOutcome>(new StorageUnavailableException(
                $"the write queue is full ({_options.MaxQueuedEvents} events are waiting for the database)"));
        }

        submission.StartDeadline(_time);
        if (!_queue.Writer.TryWrite(submission))
        {
            Interlocked.Add(ref _queuedEvents, -submission.Events);
            submission.Dispose();
            throw new ObjectDisposedException(nameof(GroupCommitAppender), "The event log writer is shutting down.");
        }

        return submission.Task;
    }

    /// <summary>Stops taking appends and waits until everything already queued is written.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_writers);
    }

    private async Task WriteLoopAsync()
    {
        GroupCommitSubmission? carried = null;
        while (carried is not null || await _queue.Reader.WaitToReadAsync())
        {
            var batch = new List<GroupCommitSubmission>();
            long events = 0, bytes = 0;
            var next = carried;
            carried = null;
            while (next is not null || TryDequeue(out next))
            {
                // A batch never exceeds either cap, except for one append that alone does: it goes in a batch of its own.
                if (batch.Count > 0 && (events + next.Events > _options.MaxBatchEvents || bytes + next.Bytes > _options.MaxBatchBytes))
                {
                    carried = next;
                    break;
                }

                if (next.TryTake())
                {
                    batch.Add(next);
                    events += next.Events;
                    bytes += next.Bytes;
                }
                else
                {
                    next.Dispose();
                }

                next = null;
            }

            if (batch.Count > 0)
            {
                await WriteBatchAsync(batch);
            }
        }
    }

    private bool TryDequeue(out GroupCommitSubmission submission)
    {
        if (!_queue.Reader.TryRead(out submission!))
        {
            return false;
        }

        Interlocked.Add(ref _queuedEvents, -submission.Events);
        return true;
    }

    private async Task WriteBatchAsync(List<GroupCommitSubmission> batch)
    {
        var error = await TryWriteAsync(batch);
        if (error is null)
        {
            return;
        }

        if (batch.Count > 1 && StorageFaults.IsDataError(error))
        {
            // Refused data is a property of some rows: write each append alone so only the culprit sees the error.
            // Anything else (a lost connection, a timeout) would fail every single write the same way, so it fails
            // the batch at once instead of making each caller wait its own turn.
            LogSplitting(_logger, batch.Count);
            await WriteEachAloneAsync(batch);
            return;
        }

        foreach (var submission in batch)
        {
            submission.Fail(error);
        }
    }

    private async Task WriteEachAloneAsync(List<GroupCommitSubmission> batch)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            // A caller that gave up meanwhile has been told "unknown"; its append must not be written after that.
            if (batch[i].IsAnswered)
            {
                batch[i].Dispose();
                continue;
            }

            var error = await TryWriteAsync([batch[i]]);
            if (error is null)
            {
                continue;
            }

            if (StorageFaults.IsDataError(error))
            {
                batch[i].Fail(error);
                continue;
            }

            for (var j = i; j < batch.Count; j++)
            {
                batch[j].Fail(error);
            }

            return;
        }
    }

    /// <summary>Writes the batch and answers its callers; on failure returns the (translated) error, callers unanswered.</summary>
    private async Task<Exception?> TryWriteAsync(List<GroupCommitSubmission> batch)
    {
        var events = batch.Sum(s => s.Events);
        using var activity = EventLogTelemetry.Source.StartActivity("eventlog.group_commit");
        activity?.SetTag("eventlog.batch.appends", batch.Count);
        activity?.SetTag("eventlog.batch.events", events);
        var started = Stopwatch.GetTimestamp();
        // Once every caller of the batch has given up, nobody waits for its result: stop waiting for the database too.
        var latest = batch.Max(s => s.Deadline);
        using var giveUp = new CancellationTokenSource(Max(latest - _time.GetUtcNow(), TimeSpan.Zero), _time);
        try
        {
            var outcomes = await _log.AppendBatchAsync(batch.ConvertAll(s => s.Append), giveUp.Token);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Complete(outcomes[i]);
            }

            EventLogTelemetry.RecordBatch(batch.Count, events, Stopwatch.GetElapsedTime(started));
            return null;
        }
        catch (OperationCanceledException) when (giveUp.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, "commit deadline passed");
            LogBatchAbandoned(_logger, batch.Count, events);
            return new CommitOutcomeUnknownException(_options.CommitTimeout);
        }
        catch (Exception ex)
        {
            var error = StorageFaults.Translate(ex);
            activity?.SetStatus(ActivityStatusCode.Error, error.Message);
            LogBatchFailed(_logger, ex, batch.Count, events);
            EventLogTelemetry.RecordFailure(StorageFaults.IsDataError(error) ? "data" : "unavailable");
            return error;
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}

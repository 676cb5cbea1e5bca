using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OrleansPlatform.Storage.EventLog;

/// <summary>
/// Gathers concurrent appends (from many stream grains of this silo) into batches and writes each batch in one
/// transaction, so the store is not limited to one commit per append. Each caller still gets its own outcome.
/// </summary>
public sealed partial class GroupCommitAppender : IAsyncDisposable
{
    private readonly Channel<Submission> _queue = Channel.CreateUnbounded<Submission>(new UnboundedChannelOptions { SingleReader = false });
    private readonly IEventLog _log;
    private readonly GroupCommitOptions _options;
    private readonly ILogger<GroupCommitAppender> _logger;
    private readonly Task[] _writers;

    public GroupCommitAppender(IEventLog log, IOptions<GroupCommitOptions> options, ILogger<GroupCommitAppender> logger)
    {
        _log = log;
        _options = options.Value;
        _logger = logger;
        _writers = Enumerable.Range(0, _options.MaxConcurrentBatches).Select(_ => Task.Run(WriteLoopAsync)).ToArray();
    }

    /// <summary>Queues an append and completes once its batch is durable (or failed).</summary>
    public Task<AppendOutcome> AppendAsync(PendingAppend append)
    {
        var submission = new Submission(append, new TaskCompletionSource<AppendOutcome>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(submission))
        {
            throw new ObjectDisposedException(nameof(GroupCommitAppender), "The event log writer is shutting down.");
        }

        return submission.Completion.Task;
    }

    /// <summary>Stops taking appends and waits until everything already queued is written.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_writers);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<Submission>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            var events = 0;
            while (events < _options.MaxBatchEvents && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
                events += next.Append.Events.Count;
            }

            if (batch.Count > 0)
            {
                await WriteBatchAsync(batch, events);
                batch.Clear();
            }
        }
    }

    private async Task WriteBatchAsync(List<Submission> batch, int events)
    {
        using var activity = EventLogTelemetry.Source.StartActivity("eventlog.group_commit");
        activity?.SetTag("eventlog.batch.appends", batch.Count);
        activity?.SetTag("eventlog.batch.events", events);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var outcomes = await _log.AppendBatchAsync(batch.ConvertAll(s => s.Append), CancellationToken.None);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Completion.TrySetResult(outcomes[i]);
            }

            EventLogTelemetry.RecordBatch(batch.Count, events, Stopwatch.GetElapsedTime(started));
        }
        catch (Exception ex) when (batch.Count > 1)
        {
            // One bad append must not fail its neighbours: write each alone, so only the culprit (or, if the
            // database is down, each caller) sees the error.
            LogBatchFailed(_logger, ex, batch.Count, events);
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            foreach (var submission in batch)
            {
                await WriteBatchAsync([submission], submission.Append.Events.Count);
            }
        }
        catch (Exception ex)
        {
            // The transaction failed: the caller learns it and may retry with the same event ids, which is safe
            // because appends are idempotent.
            LogBatchFailed(_logger, ex, batch.Count, events);
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            batch[0].Completion.TrySetException(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Group commit of {Appends} appends ({Events} events) failed")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int appends, int events);

    private sealed record Submission(PendingAppend Append, TaskCompletionSource<AppendOutcome> Completion);
}

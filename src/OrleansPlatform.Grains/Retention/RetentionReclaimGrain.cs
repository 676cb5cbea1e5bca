using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansPlatform.Contracts.Retention;
using OrleansPlatform.Storage.EventLog;
using OrleansPlatform.Storage.Retention;
using OrleansPlatform.Storage.Snapshots;

namespace OrleansPlatform.Grains.Retention;

/// <summary>
/// Removes what reads already hide: for each stream with metadata, the events below its first retained version (by
/// maxCount, truncateBefore and maxAge), never its last event, which keeps the stream's version. Removed rows leave
/// their positions unused and feed readers page past them. Each run is bounded by
/// <see cref="RetentionOptions.MaxStreamsPerRun"/> and <see cref="RetentionOptions.MaxEventsPerRun"/>; the next one
/// continues where it stopped. Snapshots of a stream that lost events are deleted, since they hold what was removed.
/// </summary>
internal sealed partial class RetentionReclaimGrain(
    IStreamMetadataStore store, IStreamEraser eraser, ISnapshotStore snapshots, IEventLog log, RetentionView retention,
    IOptions<RetentionOptions> options, ILogger<RetentionReclaimGrain> logger) : Grain, IRetentionReclaimGrain, IRemindable
{
    private const string Reminder = "retention-reclaim";

    // The last stream a run finished; in memory only, so a new activation starts from the first (nothing is lost).
    private string? _cursor;

    public async Task EnsureAsync() =>
        await this.RegisterOrUpdateReminder(Reminder, options.Value.ReclaimEvery, options.Value.ReclaimEvery);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        try
        {
            await RunOnceAsync();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Reads hide the events already; the next run removes their rows.
            LogRunFailed(logger, ex);
        }
    }

    public async Task<ReclaimReport> RunOnceAsync()
    {
        using var activity = RetentionTelemetry.Source.StartActivity("retention.reclaim");
        var started = Stopwatch.GetTimestamp();
        var (checkedStreams, removed, budget) = (0, 0L, (long)options.Value.MaxEventsPerRun);
        try
        {
            var page = await store.ListAsync(_cursor, options.Value.MaxStreamsPerRun, CancellationToken.None);
            foreach (var stream in page)
            {
                checkedStreams++;
                var taken = stream.HardDeleted ? 0 : await ReclaimAsync(stream, budget);
                (removed, budget) = (removed + taken, budget - taken);
                if (budget <= 0)
                {
                    // This stream may have more to remove: the next run starts with it again.
                    break;
                }

                _cursor = stream.StreamId;
            }

            var complete = budget > 0 && page.Count < options.Value.MaxStreamsPerRun;
            if (complete)
            {
                _cursor = null;
            }

            RetentionTelemetry.RecordRun(completed: true, removed, Stopwatch.GetElapsedTime(started));
            activity?.SetTag("retention.streams", checkedStreams);
            activity?.SetTag("retention.removed", removed);
            LogRun(logger, checkedStreams, removed, complete);
            return new ReclaimReport(checkedStreams, removed, complete);
        }
        catch
        {
            RetentionTelemetry.RecordRun(completed: false, removed, Stopwatch.GetElapsedTime(started));
            throw;
        }
    }

    private async Task<long> ReclaimAsync(StoredStreamMetadata stream, long budget)
    {
        if (await log.GetStreamInfoAsync(stream.StreamId, CancellationToken.None) is not { } info)
        {
            return 0;
        }

        // The same rule as reads, so the job removes exactly what they already hide.
        var cut = await retention.FirstRetainedVersionAsync(log, stream.StreamId, stream.Metadata, info.Version);
        if (cut <= 1)
        {
            return 0;
        }

        var removed = await eraser.DeleteBeforeAsync(stream.StreamId, cut, (int)Math.Min(budget, int.MaxValue), CancellationToken.None);
        if (removed > 0)
        {
            await snapshots.DeleteAsync(stream.StreamId, null, CancellationToken.None);
        }

        return removed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention reclaim looked at {Streams} streams and removed {Removed} events (complete: {Complete})")]
    private static partial void LogRun(ILogger logger, int streams, long removed, bool complete);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The retention reclaim run failed; the next run tries again")]
    private static partial void LogRunFailed(ILogger logger, Exception exception);
}

/// <summary>Registers the reclaim job's reminder when a silo starts (an Orleans startup task; idempotent).</summary>
public static class RetentionReclaimStartup
{
    public static Task RunAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<IGrainFactory>().GetGrain<IRetentionReclaimGrain>(0).EnsureAsync().WaitAsync(cancellationToken);
}

using System.CommandLine;
using System.Diagnostics;
using OrleansPlatform.Bench.Cli;
using OrleansPlatform.Bench.Load;
using OrleansPlatform.Bench.Reporting;
using OrleansPlatform.Bench.Targets;
using OrleansPlatform.Client;
using OrleansPlatform.Contracts.EventStore;

namespace OrleansPlatform.Bench.Scenarios;

/// <summary>
/// <c>readall</c>: one subscriber catching up on the global feed from a position, page after page, the way a new
/// projection rebuilds. Latencies are per page; the rate is events over the whole catch-up.
/// </summary>
internal static class ReadAllScenario
{
    private static readonly TimeSpan ErrorPause = TimeSpan.FromMilliseconds(200);

    public static Command CreateCommand()
    {
        var connection = new ConnectionOptions();
        var pageSize = new Option<int>("--page-size") { Description = "Events per ReadAllAsync page (1000-5000 is typical).", DefaultValueFactory = _ => 1000 };
        var maxEvents = new Option<long?>("--max-events") { Description = "Stop after this many events (default: read until caught up)." };
        var from = new Option<long>("--from") { Description = "Global position to start from.", DefaultValueFactory = _ => 0 };
        var maxDuration = new Option<TimeSpan>("--max-duration")
        {
            Description = "Upper bound on the run's length, caught up or not.",
            DefaultValueFactory = _ => TimeSpan.FromMinutes(2),
            CustomParser = DurationParser.ParsePositive,
        };
        var json = new Option<FileInfo?>("--json") { Description = "Also write the summary as a JSON object to this file." };
        pageSize.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 10_000)
            {
                r.AddError("--page-size is between 1 and 10000.");
            }
        });

        var command = new Command("readall", "Catch-up read of the global feed through the typed client.");
        connection.AddTo(command, withUrl: false);
        command.Add(pageSize);
        command.Add(maxEvents);
        command.Add(from);
        command.Add(maxDuration);
        command.Add(json);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = connection.Read(parse);
            await using var client = await PlatformClient.ConnectAsync(settings, cancellationToken);
            var run = new ReadRun(parse.GetValue(from), parse.GetValue(pageSize), parse.GetValue(maxEvents) ?? long.MaxValue, parse.GetValue(maxDuration));
            var (result, caughtUp) = await ReadAsync(client.Store, run, cancellationToken);
            var summary = ResultReporter.Summarize("readall", "client", settings.Storage, 1, result) with { CaughtUp = caughtUp };
            await ResultReporter.ReportAsync(summary, result, parse.GetValue(json), cancellationToken);
            return ExitCodes.For(result);
        });
        return command;
    }

    private static async Task<(LoadResult Result, bool CaughtUp)> ReadAsync(IEventStore store, ReadRun run, CancellationToken cancellationToken)
    {
        var histogram = Latency.NewHistogram();
        var errors = new ErrorTally();
        long events = 0;
        long pages = 0;
        var caughtUp = false;
        var progress = new ProgressTracker("readall", TimeSpan.Zero, run.MaxDuration, () => Interlocked.Read(ref events), () => errors.Total);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(run.MaxDuration);
        var started = Stopwatch.GetTimestamp();

        async Task ReadLoopAsync()
        {
            var position = run.From;
            var lastSeen = -1L;
            while (!deadline.IsCancellationRequested && events < run.MaxEvents)
            {
                var limit = (int)Math.Min(run.PageSize, run.MaxEvents - events);
                var began = Stopwatch.GetTimestamp();
                AllEventsSlice slice;
                try
                {
                    slice = await store.ReadAllAsync(new ReadAllRequest(position, limit), deadline.Token);
                }
                catch (OperationCanceledException) when (deadline.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex)
                {
                    errors.Add(ex);
                    await Task.Delay(ErrorPause, CancellationToken.None);
                    continue;
                }

                Latency.Record(histogram, began, Stopwatch.GetTimestamp());
                pages++;
                lastSeen = CheckOrder(slice, lastSeen, errors);
                Interlocked.Add(ref events, slice.Events.Count);
                position = slice.NextPosition;
                if (slice.Events.Count < limit)
                {
                    caughtUp = true;
                    break;
                }
            }
        }

        await LiveProgress.ShowAsync(progress, ReadLoopAsync());
        cancellationToken.ThrowIfCancellationRequested();
        return (new LoadResult(events, pages, Stopwatch.GetElapsedTime(started), histogram, errors), caughtUp);
    }

    /// <summary>A catch-up read that goes backwards or repeats is broken, however fast: count it as an error.</summary>
    private static long CheckOrder(AllEventsSlice slice, long lastSeen, ErrorTally errors)
    {
        foreach (var e in slice.Events)
        {
            if (e.Position <= lastSeen)
            {
                errors.Add(new InvalidOperationException($"Position {e.Position} came after {lastSeen}: the feed is out of order."));
            }

            lastSeen = e.Position;
        }

        return lastSeen;
    }

    private sealed record ReadRun(long From, int PageSize, long MaxEvents, TimeSpan MaxDuration);
}

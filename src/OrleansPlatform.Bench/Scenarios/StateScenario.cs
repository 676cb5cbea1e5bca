using System.CommandLine;
using System.Diagnostics;
using Npgsql;
using OrleansPlatform.Bench.Cli;
using OrleansPlatform.Bench.Load;
using OrleansPlatform.Bench.Reporting;
using OrleansPlatform.Bench.Targets;
using OrleansPlatform.Client;
using OrleansPlatform.Contracts.EventStore;

namespace OrleansPlatform.Bench.Scenarios;

/// <summary>
/// <c>state</c> (issue 12): a stream's state at random versions of a long stream, one call at a time, the way a
/// time-travel screen asks. With snapshots on, it first waits until the stream's snapshots are all taken, so the
/// figures are the steady state (at most Every events folded per call); off, every call folds from the first event.
/// </summary>
internal static class StateScenario
{
    private const int AppendBatch = 1_000;
    private const int WarmupCalls = 20;

    public static Command CreateCommand()
    {
        var connection = new ConnectionOptions();
        var events = new Option<int>("--events") { Description = "Length of the stream (appended when shorter).", DefaultValueFactory = _ => 100_000 };
        var samples = new Option<int>("--samples") { Description = "States read (random versions), one at a time.", DefaultValueFactory = _ => 500 };
        var stream = new Option<string?>("--stream") { Description = "Stream to use (default: a new one); reused by a later run to compare settings." };
        var snapshots = new Option<bool>("--snapshots") { Description = "Whether the platform takes snapshots (then wait for them, through --postgres).", DefaultValueFactory = _ => true };
        var every = new Option<int>("--every") { Description = "The platform's Platform:Snapshots:Every (what the wait expects).", DefaultValueFactory = _ => 100 };
        var seed = new Option<int>("--seed") { Description = "Seed of the random versions.", DefaultValueFactory = _ => 12 };
        var maxDuration = new Option<TimeSpan>("--max-duration")
        {
            Description = "Upper bound on the measured part.",
            DefaultValueFactory = _ => TimeSpan.FromMinutes(2),
            CustomParser = DurationParser.ParsePositive,
        };
        var json = new Option<FileInfo?>("--json") { Description = "Also write the summary as a JSON object to this file." };

        var command = new Command("state", "State of a long stream at random versions (snapshot-backed time travel).");
        connection.AddTo(command, withUrl: false);
        foreach (var option in new Option[] { events, samples, stream, snapshots, every, seed, maxDuration, json })
        {
            command.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = connection.Read(parse);
            await using var client = await PlatformClient.ConnectAsync(settings, cancellationToken);
            var streamId = parse.GetValue(stream) ?? "bench-state-" + Guid.NewGuid().ToString("N");
            var length = parse.GetValue(events);
            await EnsureLengthAsync(client.Store, streamId, length, cancellationToken);
            if (parse.GetValue(snapshots) && settings.Postgres is { } postgres)
            {
                await WaitForSnapshotsAsync(postgres, streamId, length / parse.GetValue(every) * parse.GetValue(every), cancellationToken);
            }

            var run = new StateRun(streamId, length, parse.GetValue(samples), new Random(parse.GetValue(seed)), parse.GetValue(maxDuration));
            var result = await MeasureAsync(client.Store, run, cancellationToken);
            var summary = ResultReporter.Summarize("state", parse.GetValue(snapshots) ? "client-snapshots" : "client-no-snapshots", settings.Storage, 1, result) with { Streams = 1 };
            await ResultReporter.ReportAsync(summary, result, parse.GetValue(json), cancellationToken);
            return ExitCodes.For(result);
        });
        return command;
    }

    private static async Task EnsureLengthAsync(IEventStore store, string streamId, int length, CancellationToken cancellationToken)
    {
        var version = (await store.GetStreamAsync(streamId, cancellationToken))?.Version ?? 0;
        var started = Stopwatch.GetTimestamp();
        while (version < length)
        {
            var batch = Enumerable.Range((int)version + 1, (int)Math.Min(AppendBatch, length - version))
                .Select(i => new EventData(Guid.NewGuid(), "Counted", $$"""{"n":{{i}},"k{{i % 64}}":{{i}},"last":"e{{i}}"}"""))
                .ToList();
            version = (await store.AppendAsync(streamId, ExpectedVersion.Exactly(version), batch, cancellationToken)).LastVersion;
        }

        Console.Error.WriteLine($"stream {streamId}: {version} events (appending took {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s)");
    }

    /// <summary>Snapshots are taken in the background after the appends; the steady state is measured once they all exist.</summary>
    private static async Task WaitForSnapshotsAsync(string postgres, string streamId, long last, CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(postgres);
        var started = Stopwatch.GetTimestamp();
        long found = 0;
        while (found < last && Stopwatch.GetElapsedTime(started) < TimeSpan.FromMinutes(5))
        {
            await using var command = dataSource.CreateCommand("SELECT coalesce(max(version), 0) FROM platform_snapshots WHERE stream_id = @s");
            command.Parameters.AddWithValue("s", streamId);
            found = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
            if (found < last)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
            }
        }

        Console.Error.WriteLine($"snapshots up to version {found} of {last} after {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s");
    }

    private static async Task<LoadResult> MeasureAsync(IEventStore store, StateRun run, CancellationToken cancellationToken)
    {
        var histogram = Latency.NewHistogram();
        var errors = new ErrorTally();
        for (var i = 0; i < WarmupCalls; i++)
        {
            await store.GetStateAsync(run.StreamId, run.Random.Next(1, run.Length + 1), cancellationToken: cancellationToken);
        }

        long done = 0;
        var started = Stopwatch.GetTimestamp();
        while (done < run.Samples && Stopwatch.GetElapsedTime(started) < run.MaxDuration)
        {
            var version = run.Random.Next(1, run.Length + 1);
            var began = Stopwatch.GetTimestamp();
            try
            {
                var state = await store.GetStateAsync(run.StreamId, version, cancellationToken: cancellationToken);
                Latency.Record(histogram, began, Stopwatch.GetTimestamp());
                if (state.Version != version || !state.State.Contains($"\"last\":\"e{version}\"", StringComparison.Ordinal))
                {
                    errors.Add(new InvalidOperationException($"State at version {version} answered version {state.Version} without its last event."));
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                errors.Add(ex);
            }

            done++;
        }

        return new LoadResult(done, done, Stopwatch.GetElapsedTime(started), histogram, errors);
    }

    private sealed record StateRun(string StreamId, int Length, int Samples, Random Random, TimeSpan MaxDuration);
}

using System.CommandLine;
using System.Diagnostics;
using OrleansPlatform.Bench.Cli;
using OrleansPlatform.Bench.Load;
using OrleansPlatform.Bench.Reporting;
using OrleansPlatform.Bench.Targets;
using OrleansPlatform.Client;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Contracts.Projections;
using Spectre.Console;

namespace OrleansPlatform.Bench.Scenarios;

/// <summary>
/// <c>project</c>: a merge-patch projection catching up over a backlog of events (seeded first, or already in the
/// feed), then its live lag while appends run at a fixed rate: for sampled appends, the time from the append's
/// acknowledgement until the projection has processed its position (read-your-writes as a client sees it).
/// </summary>
internal static class ProjectScenario
{
    private const string Prefix = "projbench-";
    private const int Streams = 1_000;

    public static Command CreateCommand()
    {
        var connection = new ConnectionOptions();
        var seed = new Option<long>("--seed") { Description = "Events to append before the projection is defined: the backlog it catches up on.", DefaultValueFactory = _ => 1_000_000 };
        var batch = new Option<int>("--batch") { Description = "Events per append while seeding and live.", DefaultValueFactory = _ => 50 };
        var writers = new Option<int>("--writers") { Description = "Concurrent appenders while seeding.", DefaultValueFactory = _ => 16 };
        var rate = new Option<int>("--rate") { Description = "Live appends in events per second (0: skip the live phase).", DefaultValueFactory = _ => 5_000 };
        var live = new Option<TimeSpan>("--live") { Description = "Length of the live phase.", DefaultValueFactory = _ => TimeSpan.FromSeconds(30), CustomParser = DurationParser.ParsePositive };
        var samples = new Option<int>("--samples") { Description = "Appends per second whose lag is measured in the live phase.", DefaultValueFactory = _ => 20 };
        var json = new Option<FileInfo?>("--json") { Description = "Also write the catch-up summary as a JSON object to this file." };
        seed.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<long>() < 1)
            {
                r.AddError("--seed is at least 1: the catch-up is measured over the events it appends.");
            }
        });
        var command = new Command("project", "Projection catch-up rate and live lag through the typed client.");
        connection.AddTo(command, withUrl: false);
        command.Add(seed);
        command.Add(batch);
        command.Add(writers);
        command.Add(rate);
        command.Add(live);
        command.Add(samples);
        command.Add(json);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = connection.Read(parse);
            await using var client = await PlatformClient.ConnectAsync(settings, cancellationToken);
            var batchSize = parse.GetValue(batch);
            var (seeded, last) = await SeedAsync(client.Store, parse.GetValue(seed), batchSize, parse.GetValue(writers), cancellationToken);
            var catchUp = await CatchUpAsync(client.Projections, seeded, last, cancellationToken);
            var summary = ResultReporter.Summarize("project-catchup", "client", settings.Storage, 1, catchUp);
            await ResultReporter.ReportAsync(summary, catchUp, parse.GetValue(json), cancellationToken);
            if (parse.GetValue(rate) > 0)
            {
                var lag = await LiveAsync(client, parse.GetValue(rate), batchSize, parse.GetValue(live), parse.GetValue(samples), cancellationToken);
                await ResultReporter.ReportAsync(ResultReporter.Summarize("project-live-lag", "client", settings.Storage, 1, lag), lag, null, cancellationToken);
            }

            return ExitCodes.For(catchUp);
        });
        return command;
    }

    private static async Task<(long Events, long LastPosition)> SeedAsync(IEventStore store, long total, int batch, int writers, CancellationToken cancellationToken)
    {
        long appended = 0;
        long last = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(async writer =>
        {
            for (var sequence = 0L; Interlocked.Add(ref appended, batch) - batch < total; sequence += batch)
            {
                var result = await store.AppendAsync($"{Prefix}{(writer * 7919 + sequence / batch) % Streams}", ExpectedVersion.Any, BenchEvents.Create(writer, sequence, batch), cancellationToken);
                InterlockedMax(ref last, result.Position);
            }
        }));
        var events = Math.Min(appended, total);
        AnsiConsole.MarkupLine($"seeded {events:N0} events in {clock.Elapsed.TotalSeconds:0.0} s ({events / Math.Max(clock.Elapsed.TotalSeconds, 0.001):N0} ev/s)");
        return (events, last);
    }

    private static async Task<LoadResult> CatchUpAsync(IProjections projections, long events, long last, CancellationToken cancellationToken)
    {
        var name = "bench-" + Guid.NewGuid().ToString("N")[..8];
        var errors = new ErrorTally();
        var histogram = Latency.NewHistogram();
        var started = Stopwatch.GetTimestamp();
        await projections.DefineAsync(name, new ProjectionDefinition(new ProjectionSource(Prefix)), cancellationToken);
        while (true)
        {
            try
            {
                await projections.QueryAsync(name, new DocumentQuery([], Limit: 1), new ReadAfter(last, TimeSpan.FromSeconds(20)), cancellationToken);
                break;
            }
            catch (ProjectionNotCaughtUpException e)
            {
                AnsiConsole.MarkupLine($"[grey]catching up: checkpoint {e.Checkpoint} of {last}[/]");
            }
        }

        var ended = Stopwatch.GetTimestamp();
        Latency.Record(histogram, started, ended);
        return new LoadResult(events, 1, Stopwatch.GetElapsedTime(started, ended), histogram, errors);
    }

    private static async Task<LoadResult> LiveAsync(PlatformClient client, int rate, int batch, TimeSpan duration, int samplesPerSecond, CancellationToken cancellationToken)
    {
        var name = "live-" + Guid.NewGuid().ToString("N")[..8];
        await client.Projections.DefineAsync(name, new ProjectionDefinition(new ProjectionSource(Prefix + "live-"), StartFrom: "latest"), cancellationToken);
        var histogram = Latency.NewHistogram();
        var errors = new ErrorTally();
        var appendsPerSecond = Math.Max(1, rate / batch);
        var sampleEvery = Math.Max(1, appendsPerSecond / Math.Max(1, samplesPerSecond));
        var interval = TimeSpan.FromSeconds(1.0 / appendsPerSecond);
        var pending = new List<Task>();
        long events = 0;
        var started = Stopwatch.GetTimestamp();
        for (var i = 0L; Stopwatch.GetElapsedTime(started) < duration; i++)
        {
            // Paced by the schedule, not by completions: a slow append does not lower the offered rate.
            var due = started + (long)(i * interval.TotalSeconds * Stopwatch.Frequency);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }

            var sampled = i % sampleEvery == 0;
            pending.Add(AppendAsync(i, sampled));
        }

        await Task.WhenAll(pending);
        return new LoadResult(events, histogram.TotalCount, Stopwatch.GetElapsedTime(started), histogram, errors);

        async Task AppendAsync(long i, bool sampled)
        {
            try
            {
                var result = await client.Store.AppendAsync($"{Prefix}live-{i % Streams}", ExpectedVersion.Any, BenchEvents.Create(0, i * batch, batch), cancellationToken);
                Interlocked.Add(ref events, batch);
                if (sampled)
                {
                    var acknowledged = Stopwatch.GetTimestamp();
                    await client.Projections.QueryAsync(name, new DocumentQuery([], Limit: 1), new ReadAfter(result.Position, TimeSpan.FromSeconds(20)), cancellationToken);
                    lock (histogram)
                    {
                        Latency.Record(histogram, acknowledged, Stopwatch.GetTimestamp());
                    }
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                errors.Add(ex);
            }
        }
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}

using System.CommandLine;
using System.Diagnostics;
using OrleansPlatform.Bench.Cli;
using OrleansPlatform.Bench.Load;
using OrleansPlatform.Bench.Reporting;
using OrleansPlatform.Bench.Targets;
using Spectre.Console;

namespace OrleansPlatform.Bench.Scenarios;

/// <summary>
/// <c>project-marten</c>: the peer of <c>project</c>'s catch-up phase. The same backlog shape (batches over 1,000
/// streams) is appended through Marten, then Marten's async daemon folds it into one document per stream; the rate is
/// the backlog divided by the time from starting the daemon until its data is no longer stale.
/// </summary>
internal static class MartenProjectScenario
{
    private const int Streams = 1_000;

    public static Command CreateCommand()
    {
        var connection = new ConnectionOptions();
        var seed = new Option<long>("--seed") { Description = "Events to append before the daemon starts: the backlog it catches up on.", DefaultValueFactory = _ => 1_000_000 };
        var batch = new Option<int>("--batch") { Description = "Events per append while seeding.", DefaultValueFactory = _ => 50 };
        var writers = new Option<int>("--writers") { Description = "Concurrent appenders while seeding.", DefaultValueFactory = _ => 16 };
        var json = new Option<FileInfo?>("--json") { Description = "Also write the catch-up summary as a JSON object to this file." };
        var command = new Command("project-marten", "The reference peer of project: Marten's async daemon catching up over the same backlog.");
        connection.AddTo(command, withUrl: false);
        command.Add(seed);
        command.Add(batch);
        command.Add(writers);
        command.Add(json);
        command.Validators.Add(r =>
        {
            if (r.GetValue(connection.Postgres) is null)
            {
                r.AddError("project-marten needs --postgres (Marten writes to that database, in a fresh schema).");
            }
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = connection.Read(parse);
            await using var marten = await MartenProjectionTarget.CreateAsync(parse.GetValue(connection.Postgres)!);
            var seeded = await SeedAsync(marten, parse.GetValue(seed), parse.GetValue(batch), parse.GetValue(writers), cancellationToken);
            var histogram = Latency.NewHistogram();
            var started = Stopwatch.GetTimestamp();
            var documents = await marten.CatchUpAsync(TimeSpan.FromMinutes(30), cancellationToken);
            var ended = Stopwatch.GetTimestamp();
            Latency.Record(histogram, started, ended);
            AnsiConsole.MarkupLine($"marten daemon: {documents:N0} documents");
            var result = new LoadResult(seeded, 1, Stopwatch.GetElapsedTime(started, ended), histogram, new ErrorTally());
            var summary = ResultReporter.Summarize("project-catchup", "marten", settings.Storage, 1, result);
            await ResultReporter.ReportAsync(summary, result, parse.GetValue(json), cancellationToken);
            return ExitCodes.For(result);
        });
        return command;
    }

    private static async Task<long> SeedAsync(MartenProjectionTarget marten, long total, int batch, int writers, CancellationToken cancellationToken)
    {
        long appended = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(async writer =>
        {
            for (var sequence = 0L; Interlocked.Add(ref appended, batch) - batch < total; sequence += batch)
            {
                var events = BenchEvents.Create(writer, sequence, batch).Select(e => (e.EventId, e.Data));
                await marten.AppendAsync($"projbench-{(writer * 7919 + sequence / batch) % Streams}", events, cancellationToken);
            }
        }));
        var events = Math.Min(appended, total);
        AnsiConsole.MarkupLine($"seeded {events:N0} events through Marten in {clock.Elapsed.TotalSeconds:0.0} s ({events / Math.Max(clock.Elapsed.TotalSeconds, 0.001):N0} ev/s)");
        return events;
    }
}

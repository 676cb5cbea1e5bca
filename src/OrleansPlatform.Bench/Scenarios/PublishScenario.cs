using System.CommandLine;
using OrleansPlatform.Bench.Cli;
using OrleansPlatform.Bench.Load;
using OrleansPlatform.Bench.Reporting;
using OrleansPlatform.Bench.Targets;
using OrleansPlatform.Contracts.Bus;
using Spectre.Console;

namespace OrleansPlatform.Bench.Scenarios;

/// <summary>
/// <c>publish</c>: writers publish single events through the typed client to one topic, each writer owning its own
/// keys; every receipt is checked (a key's offsets must only increase), so ordering violations are counted as errors.
/// With <c>--baseline</c> the raw-PostgreSQL rate is measured first under the same load shape.
/// </summary>
internal static class PublishScenario
{
    public static Command CreateCommand()
    {
        var load = new LoadOptions();
        var connection = new ConnectionOptions();
        var keys = new Option<int>("--keys") { Description = "Distinct keys, shared out among the writers.", DefaultValueFactory = _ => 1_000 };
        var partitions = new Option<int>("--partitions") { Description = "Partitions of the bench topic.", DefaultValueFactory = _ => 8 };
        var baseline = new Option<bool>("--baseline") { Description = "First measure raw PostgreSQL INSERT+COMMIT (needs --postgres) and report the ratio." };
        var command = new Command("publish", "Durable publish throughput and latency with many keys, verifying per-key order.");
        load.AddTo(command);
        connection.AddTo(command, withUrl: false);
        command.Add(keys);
        command.Add(partitions);
        command.Add(baseline);
        command.SetAction(async (parse, cancellationToken) =>
            await RunAsync(load.Read(parse), connection.Read(parse), parse.GetValue(keys), parse.GetValue(partitions), parse.GetValue(baseline), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(LoadSettings load, ConnectionSettings connection, int keyCount, int partitions, bool withBaseline, CancellationToken cancellationToken)
    {
        LoadResult? baseline = null;
        if (withBaseline && connection.Postgres is { } postgres)
        {
            baseline = await BaselineScenario.RunAsync(postgres, load, cancellationToken);
            AnsiConsole.MarkupLine($"[grey]baseline: {baseline.EventsPerSecond:N0} inserts/s, p99 {baseline.P99Ms:0.00} ms[/]");
        }

        await using var client = await PlatformClient.ConnectAsync(connection, cancellationToken);
        var topic = "bench-" + Guid.NewGuid().ToString("N")[..8];
        await client.Bus.CreateTopicAsync(topic, TopicSettings.Default with { Partitions = partitions }, cancellationToken);
        var keysPerWriter = Math.Max(1, keyCount / load.Writers);
        var lastOffset = new Dictionary<string, long>[load.Writers];
        var next = new int[load.Writers];
        for (var w = 0; w < load.Writers; w++)
        {
            lastOffset[w] = [];
        }

        var result = await new LoadRunner(load).RunAsync("publish/client", async (writer, ct) =>
        {
            // Keys belong to one writer, which publishes them one at a time: their offsets must strictly increase.
            var key = $"w{writer}-k{next[writer]++ % keysPerWriter}";
            var receipt = await client.Bus.PublishAsync(topic, new OutgoingMessage(Guid.NewGuid(), key, "BenchPublished", """{"bench":true}"""), ct);
            if (lastOffset[writer].TryGetValue(key, out var previous) && receipt.Offset <= previous)
            {
                throw new OrderingViolationException($"key {key}: offset {receipt.Offset} after {previous}");
            }

            lastOffset[writer][key] = receipt.Offset;
            return 1;
        }, cancellationToken);

        var summary = ResultReporter.Summarize("publish", "client", connection.Storage, load.Writers, result) with { Streams = keyCount };
        summary = ResultReporter.WithBaseline(summary, result, baseline, load.Writers);

        await ResultReporter.ReportAsync(summary, result, load.JsonFile, cancellationToken);
        return ExitCodes.For(result);
    }

    private sealed class OrderingViolationException(string message) : Exception(message);
}

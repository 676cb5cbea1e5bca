using System.CommandLine;
using System.Diagnostics;
using OrleansPlatform.Bench.Cli;
using OrleansPlatform.Bench.Load;
using OrleansPlatform.Bench.Reporting;
using OrleansPlatform.Bench.Targets;
using OrleansPlatform.Contracts.Bus;
using Spectre.Console;

namespace OrleansPlatform.Bench.Scenarios;

/// <summary>
/// <c>deliver</c>: publishes at a fixed rate to a topic with a webhook subscription pointing at a local receiver and
/// measures publish-to-delivery latency of first deliveries; it verifies that nothing is lost and that every key's
/// first deliveries keep publish order, and reports lost events and ordering violations as errors.
/// </summary>
internal static class DeliverScenario
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(30);

    public static Command CreateCommand()
    {
        var load = new LoadOptions();
        var connection = new ConnectionOptions();
        var rate = new Option<int>("--rate") { Description = "Events published per second.", DefaultValueFactory = _ => 2_000 };
        var keys = new Option<int>("--keys") { Description = "Distinct keys.", DefaultValueFactory = _ => 200 };
        var partitions = new Option<int>("--partitions") { Description = "Partitions of the bench topic.", DefaultValueFactory = _ => 8 };
        var inFlight = new Option<int>("--max-in-flight") { Description = "The subscription's maxInFlight.", DefaultValueFactory = _ => 64 };
        var command = new Command("deliver", "Publish-to-webhook delivery latency at a fixed rate, verifying no loss and per-key order.");
        load.AddTo(command);
        connection.AddTo(command, withUrl: false);
        command.Add(rate);
        command.Add(keys);
        command.Add(partitions);
        command.Add(inFlight);
        command.SetAction(async (parse, cancellationToken) => await RunAsync(
            load.Read(parse), connection.Read(parse), parse.GetValue(rate), parse.GetValue(keys), parse.GetValue(partitions), parse.GetValue(inFlight), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(LoadSettings load, ConnectionSettings connection, int rate, int keys, int partitions, int maxInFlight, CancellationToken cancellationToken)
    {
        await using var receiver = await DeliveryReceiver.StartAsync();
        await using var client = await PlatformClient.ConnectAsync(connection, cancellationToken);
        var topic = "deliver-" + Guid.NewGuid().ToString("N")[..8];
        await client.Bus.CreateTopicAsync(topic, TopicSettings.Default with { Partitions = partitions }, cancellationToken);
        await client.Bus.CreateSubscriptionAsync(topic, new SubscriptionSettings(
            topic, [], new DeliverySettings(DeliveryKind.Webhook, receiver.Url), StartPosition.Earliest, 10, BackoffSettings.Default, maxInFlight), cancellationToken);

        var errors = new ErrorTally();
        var published = await PublishAtRateAsync(client.Bus, topic, rate, keys, load, receiver, errors, cancellationToken);
        var drainUntil = Stopwatch.GetTimestamp() + (long)(DrainLimit.TotalSeconds * Stopwatch.Frequency);
        while (receiver.Delivered < published && Stopwatch.GetTimestamp() < drainUntil)
        {
            await Task.Delay(Tick, cancellationToken);
        }

        for (var lost = Math.Max(0, published - receiver.Delivered); lost > 0; lost--)
        {
            errors.Add(new LostEventException($"{published - receiver.Delivered} of {published} events not delivered within {DrainLimit.TotalSeconds:0} s"));
        }

        for (var i = 0L; i < receiver.OrderingViolations; i++)
        {
            errors.Add(new OrderingViolationException("a key's first deliveries arrived out of publish order"));
        }

        var latencies = receiver.Latencies;
        var result = new LoadResult(latencies.TotalCount, latencies.TotalCount, load.Duration, latencies, errors);
        AnsiConsole.MarkupLine($"[grey]published {published:N0}, delivered {receiver.Delivered:N0} (redeliveries {receiver.Duplicates:N0}), ordering violations {receiver.OrderingViolations:N0}[/]");
        var summary = ResultReporter.Summarize("deliver", "webhook", connection.Storage, maxInFlight, result) with { Streams = keys };
        await ResultReporter.ReportAsync(summary, result, load.JsonFile, cancellationToken);
        return ExitCodes.For(result);
    }

    /// <summary>Publishes <paramref name="rate"/> events per second, one batch per tick, keys round-robin (a batch keeps each key's order).</summary>
    private static async Task<long> PublishAtRateAsync(
        Client.IEventBus bus, string topic, int rate, int keys, LoadSettings load, DeliveryReceiver receiver, ErrorTally errors, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + (long)(load.Warmup.TotalSeconds * Stopwatch.Frequency);
        var end = measureFrom + (long)(load.Duration.TotalSeconds * Stopwatch.Frequency);
        receiver.MeasureFrom = measureFrom;
        long seq = 0;
        long failed = 0;
        using var timer = new PeriodicTimer(Tick);
        while (Stopwatch.GetTimestamp() < end && await timer.WaitForNextTickAsync(cancellationToken))
        {
            var due = (long)(Stopwatch.GetElapsedTime(start).TotalSeconds * rate) - seq;
            if (due <= 0)
            {
                continue;
            }

            var sent = Stopwatch.GetTimestamp();
            var batch = new List<OutgoingMessage>();
            for (var i = 0; i < due; i++, seq++)
            {
                batch.Add(new OutgoingMessage(Guid.NewGuid(), $"key-{seq % keys}", "BenchDelivered", $$"""{"seq":{{seq}},"sent":{{sent}}}"""));
            }

            try
            {
                await bus.PublishAsync(topic, batch, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Counted as an error; its events are not expected at the receiver (some may still arrive).
                errors.Add(ex);
                failed += batch.Count;
            }
        }

        return seq - failed;
    }

    private sealed class LostEventException(string message) : Exception(message);

    private sealed class OrderingViolationException(string message) : Exception(message);
}

using System.CommandLine;
using OrleansPlatform.Bench.Cli;
using OrleansPlatform.Bench.Load;
using OrleansPlatform.Bench.Reporting;
using OrleansPlatform.Bench.Targets;
using OrleansPlatform.Contracts.EventStore;
using Spectre.Console;

namespace OrleansPlatform.Bench.Scenarios;

/// <summary>
/// <c>append</c>: writers append to their own streams (expected version "any", fresh event ids) through the typed
/// client or HTTP; with <c>--baseline</c> the raw-PostgreSQL rate is measured first under the same load shape.
/// </summary>
internal static class AppendScenario
{
    public static Command CreateCommand()
    {
        var load = new LoadOptions();
        var connection = new ConnectionOptions();
        var mode = new Option<string>("--mode") { Description = "client (typed .NET client), http, or marten (the reference peer, on --postgres).", DefaultValueFactory = _ => "client" };
        mode.AcceptOnlyFromAmong("client", "http", "marten");
        var streams = new Option<int?>("--streams") { Description = "Distinct streams, shared out among the writers (default: one per writer)." };
        var perAppend = new Option<int>("--events-per-append") { Description = "Events in each append call.", DefaultValueFactory = _ => 1 };
        var baseline = new Option<bool>("--baseline") { Description = "First measure raw PostgreSQL INSERT+COMMIT (needs --postgres) and report the ratio." };
        var payload = new Option<BenchPayload>("--payload")
        {
            Description = "plain; schema (a type with a registered JSON Schema, validated per event); encrypted (a subject per writer, data sealed per event; the Host needs Platform:Erasure:MasterKey).",
            DefaultValueFactory = _ => BenchPayload.Plain,
        };

        var command = new Command("append", "Append throughput and latency, each writer on its own streams.");
        load.AddTo(command);
        connection.AddTo(command, withUrl: true);
        command.Add(mode);
        command.Add(streams);
        command.Add(perAppend);
        command.Add(baseline);
        command.Add(payload);
        perAppend.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > EventStoreRules.MaxEventsPerAppend)
            {
                r.AddError($"--events-per-append is between 1 and {EventStoreRules.MaxEventsPerAppend}.");
            }
        });
        // A command validator sees only options given on the command line (unset ones read as null), so it checks
        // only which connection options are present; checks involving defaults happen once parsing is complete.
        command.Validators.Add(r =>
        {
            var chosen = r.GetValue(mode);
            if (chosen == "http" && r.GetValue(connection.Url) is null)
            {
                r.AddError("--mode http needs --url, e.g. http://127.0.0.1:5080.");
            }

            if (chosen == "marten" && r.GetValue(connection.Postgres) is null)
            {
                r.AddError("--mode marten needs --postgres (Marten writes to that database, schema bench_marten).");
            }

            if (chosen is null or "client" && (r.GetValue(connection.Gateway) ?? []).Length == 0 && r.GetValue(connection.Postgres) is null)
            {
                r.AddError("--mode client needs --gateway host:port or --postgres (cluster discovery).");
            }

            if (r.GetValue(payload) != BenchPayload.Plain && chosen == "marten")
            {
                r.AddError("--payload schema|encrypted measures the platform: use --mode client or http.");
            }

            if (r.GetValue(baseline) && r.GetValue(connection.Postgres) is null)
            {
                r.AddError("--baseline needs --postgres (the platform's database).");
            }
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            var shape = new AppendShape(parse.GetValue(mode)!, parse.GetValue(streams) ?? parse.GetValue(load.Writers), parse.GetValue(perAppend), parse.GetValue(payload));
            if (shape.Streams < parse.GetValue(load.Writers))
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync("--streams must be at least --writers: every writer needs streams of its own.");
                return ExitCodes.Failed;
            }

            return await RunAsync(load.Read(parse), connection.Read(parse), shape, parse.GetValue(baseline), cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(LoadSettings load, ConnectionSettings connection, AppendShape shape, bool withBaseline, CancellationToken cancellationToken)
    {
        LoadResult? baseline = null;
        if (withBaseline)
        {
            // Baseline first, with nothing of the platform connected yet, so neither measurement disturbs the other.
            baseline = await BaselineScenario.RunAsync(connection.Postgres!, load, cancellationToken);
            AnsiConsole.MarkupLine($"[grey]baseline: {baseline.EventsPerSecond:N0} inserts/s, p99 {baseline.P99Ms:0.00} ms, {baseline.Errors.Total} errors[/]");
        }

        await BenchPayloads.PrepareAsync(shape.Payload, connection, shape.Mode, cancellationToken);
        await using var target = await CreateTargetAsync(connection, shape.Mode, load.Writers, cancellationToken);
        var plan = new StreamPlan(load.Writers, shape.Streams);
        var sequence = new long[load.Writers];
        var label = shape.Payload == BenchPayload.Plain ? shape.Mode : $"{shape.Mode}/{shape.Payload.ToString().ToLowerInvariant()}";
        var result = await new LoadRunner(load).RunAsync($"append/{label}", async (writer, ct) =>
        {
            var events = BenchEvents.Create(writer, sequence[writer], shape.EventsPerAppend, shape.Payload);
            sequence[writer] += shape.EventsPerAppend;
            await target.AppendAsync(plan.Next(writer), events, ct);
            return shape.EventsPerAppend;
        }, cancellationToken);

        var summary = ResultReporter.Summarize("append", label, connection.Storage, load.Writers, result) with
        {
            Streams = shape.Streams,
            EventsPerAppend = shape.EventsPerAppend,
        };
        summary = ResultReporter.WithBaseline(summary, result, baseline, load.Writers);

        await ResultReporter.ReportAsync(summary, result, load.JsonFile, cancellationToken);
        return baseline is { Errors.Total: > 0 } ? ExitCodes.CompletedWithErrors : ExitCodes.For(result);
    }

    private static async Task<IAppendTarget> CreateTargetAsync(ConnectionSettings connection, string mode, int writers, CancellationToken cancellationToken) => mode switch
    {
        "http" => new HttpAppendTarget(connection.Url!, writers),
        "marten" => await MartenAppendTarget.CreateAsync(connection.Postgres!),
        _ => new ClientAppendTarget(await PlatformClient.ConnectAsync(connection, cancellationToken)),
    };

    private sealed record AppendShape(string Mode, int Streams, int EventsPerAppend, BenchPayload Payload);
}

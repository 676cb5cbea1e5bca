using System.CommandLine;
using System.Text.Json.Nodes;

namespace OrleansPlatform.Cli.Commands;

/// <summary>`streams append|read|tail|state|diff|verify|delete|metadata`: the event store's streams.</summary>
internal static class StreamCommands
{
    public static Command Build(CliRuntime runtime)
    {
        var streams = new Command("streams", "Append to, read, tail, fold, diff, verify, delete and set retention of event streams");
        streams.Subcommands.Add(Append(runtime));
        streams.Subcommands.Add(Read(runtime));
        streams.Subcommands.Add(TailStream(runtime));
        streams.Subcommands.Add(State(runtime));
        streams.Subcommands.Add(Diff(runtime));
        streams.Subcommands.Add(Verify(runtime));
        foreach (var lifecycle in StreamLifecycleCommands.ForStreams(runtime))
        {
            streams.Subcommands.Add(lifecycle);
        }

        return streams;
    }

    internal static readonly string[] EventColumns = ["version", "position", "type", "data", "timestamp"];

    private static Argument<string> StreamId() => new("streamId") { Description = "Stream id" };

    private static Command Append(CliRuntime runtime)
    {
        var id = StreamId();
        var type = new Option<string>("--type") { Description = "Event type", Required = true };
        var data = new Option<string>("--data") { Description = "Event data: JSON object, @file or - for stdin", DefaultValueFactory = _ => "{}" };
        var metadata = new Option<string?>("--metadata") { Description = "Event metadata: JSON object, @file or -" };
        var expected = new Option<string?>("--expected-version") { Description = "0 (must not exist), N, any or exists" };
        var eventId = new Option<string?>("--event-id") { Description = "Event id (uuid) for an idempotent retry" };
        var correlation = new Option<string?>("--correlation-id") { Description = "Correlation id" };
        var command = new Command("append", "Append one event to a stream") { id, type, data, metadata, expected, eventId, correlation };
        runtime.Handle(command, async (scope, ct) =>
        {
            var e = new JsonObject { ["type"] = scope.Get(type), ["data"] = Args.Json(scope.Get(data), "--data") };
            AddIfSet(e, "metadata", Args.Json(scope.Get(metadata), "--metadata"));
            AddIfSet(e, "eventId", scope.Get(eventId));
            AddIfSet(e, "correlationId", scope.Get(correlation));
            var body = new JsonObject { ["events"] = new JsonArray(e) };
            if (scope.Get(expected) is { } version)
            {
                body["expectedVersion"] = long.TryParse(version, out var n) ? JsonValue.Create(n) : JsonValue.Create(version);
            }

            return scope.Output.Print(await scope.Api.PostAsync($"/api/v1/streams/{Args.Segment(scope.Get(id))}/events", body, ct), "appended");
        });
        return command;
    }

    private static Command Read(CliRuntime runtime)
    {
        var id = StreamId();
        var from = new Option<long?>("--from") { Description = "First version to read (default: the start, or the end when --backward)" };
        var limit = new Option<int?>("--limit") { Description = "Maximum number of events (server default 100)" };
        var backward = new Option<bool>("--backward") { Description = "Read newest first" };
        var command = new Command("read", "Read a stream's events") { id, from, limit, backward };
        runtime.Handle(command, async (scope, ct) =>
        {
            var query = Args.Query(("from", scope.Get(from)), ("limit", scope.Get(limit)), ("direction", scope.Get(backward) ? "backward" : null));
            return scope.Output.Print(await scope.Api.GetAsync($"/api/v1/streams/{Args.Segment(scope.Get(id))}/events{query}", ct), scope.Get(id), EventColumns);
        });
        return command;
    }

    private static Command TailStream(CliRuntime runtime)
    {
        var id = StreamId();
        var fromPosition = new Option<long?>("--from-position") { Description = "First global position to show (default: only events appended from now on)" };
        var count = Tail.CountOption();
        var command = new Command("tail", "Follow a stream's new events (SSE) until Ctrl+C or --count") { id, fromPosition, count };
        runtime.Handle(command, async (scope, ct) =>
        {
            var streamId = scope.Get(id);
            var path = "/api/v1/events/live" + Args.Query(("fromPosition", await Tail.StartPositionAsync(scope, scope.Get(fromPosition), ct)));
            return await Tail.RunAsync(scope, path, scope.Get(count), e => Output.Scalar(e["streamId"]) == streamId, Tail.DescribeRecordedEvent, ct);
        });
        return command;
    }

    private static Command State(CliRuntime runtime)
    {
        var id = StreamId();
        var version = new Option<long?>("--version") { Description = "Fold up to this version" };
        var at = new Option<string?>("--at") { Description = "Fold up to this time (RFC 3339)" };
        var command = new Command("state", "Show a stream's folded state (now, at a version or a time)") { id, version, at };
        runtime.Handle(command, async (scope, ct) =>
        {
            var query = Args.Query(("version", scope.Get(version)), ("at", scope.Get(at)));
            return scope.Output.Print(await scope.Api.GetAsync($"/api/v1/streams/{Args.Segment(scope.Get(id))}/state{query}", ct), scope.Get(id));
        });
        return command;
    }

    private static Command Diff(CliRuntime runtime)
    {
        var id = StreamId();
        var from = new Option<string>("--from") { Description = "Version or time", Required = true };
        var to = new Option<string?>("--to") { Description = "Version or time (default: now)" };
        var command = new Command("diff", "Show how a stream's state changed between two versions or times (RFC 6902)") { id, from, to };
        runtime.Handle(command, async (scope, ct) =>
        {
            var query = Args.Query(("from", scope.Get(from)), ("to", scope.Get(to)));
            return scope.Output.Print(await scope.Api.GetAsync($"/api/v1/streams/{Args.Segment(scope.Get(id))}/diff{query}", ct), "diff");
        });
        return command;
    }

    private static Command Verify(CliRuntime runtime)
    {
        var id = StreamId();
        var command = new Command("verify", $"Verify a stream's checksum chain (exit code {ExitCodes.Failed} when broken)") { id };
        runtime.Handle(command, async (scope, ct) =>
        {
            var response = await scope.Api.GetAsync($"/api/v1/streams/{Args.Segment(scope.Get(id))}/verify", ct);
            scope.Output.Print(response, "verify");
            return response.Body?["valid"]?.GetValue<bool>() == false ? ExitCodes.Failed : ExitCodes.Success;
        });
        return command;
    }

    private static void AddIfSet(JsonObject target, string name, JsonNode? value)
    {
        if (value is not null)
        {
            target[name] = value;
        }
    }

    private static void AddIfSet(JsonObject target, string name, string? value)
    {
        if (value is not null)
        {
            target[name] = value;
        }
    }
}

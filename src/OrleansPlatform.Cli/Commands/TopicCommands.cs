using System.CommandLine;
using System.Text.Json.Nodes;

namespace OrleansPlatform.Cli.Commands;

/// <summary>`topics list|show|describe|put|publish|read`: the event bus's topics.</summary>
internal static class TopicCommands
{
    public static Command Build(CliRuntime runtime) =>
        new("topics", "Create, inspect, publish to and read event bus topics") { List(runtime), Show(runtime), Put(runtime), Publish(runtime), Read(runtime) };

    private static Argument<string> Topic() => new("topic") { Description = "Topic name" };

    private static Command List(CliRuntime runtime)
    {
        var after = new Option<string?>("--after") { Description = "List names after this one (the previous page's next)" };
        var limit = new Option<int?>("--limit") { Description = "Maximum number of names (1-1000)" };
        var command = new Command("list", "List topic names in ordinal order, one page at a time") { after, limit };
        runtime.Handle(command, async (scope, ct) =>
        {
            var query = Args.Query(("after", scope.Get(after)), ("limit", scope.Get(limit)));
            return PrintNames(scope.Output, await scope.Api.GetAsync($"/api/v1/topics{query}", ct), "topic");
        });
        return command;
    }

    /// <summary>A name page (<c>{"items","next"}</c>) as one row per name for people, unchanged for scripts.</summary>
    internal static int PrintNames(Output output, ApiResponse response, string column)
    {
        if (output.Json || response.Body is not JsonObject { } page || page["items"] is not JsonArray items)
        {
            return output.Print(response);
        }

        output.Render(new JsonArray([.. items.Select(name => (JsonNode)new JsonObject { [column] = name?.DeepClone() })]));
        if (page["next"] is JsonValue next)
        {
            output.Render(JsonValue.Create($"more: --after {Output.Scalar(next)}"));
        }

        return ExitCodes.Success;
    }

    private static Command Show(CliRuntime runtime)
    {
        var topic = Topic();
        // "describe" is the word kubectl and dapr users reach for first.
        var command = new Command("show", "Show a topic's settings and partitions") { topic };
        command.Aliases.Add("describe");
        runtime.Handle(command, async (scope, ct) => scope.Output.Print(await scope.Api.GetAsync($"/api/v1/topics/{Args.Segment(scope.Get(topic))}", ct), scope.Get(topic)));
        return command;
    }

    private static Command Put(CliRuntime runtime)
    {
        var topic = Topic();
        var partitions = new Option<int?>("--partitions") { Description = "Number of partitions" };
        var retention = new Option<string?>("--retention") { Description = "Retention (d.hh:mm:ss)" };
        var dedup = new Option<string?>("--dedup-window") { Description = "Duplicate-detection window (hh:mm:ss)" };
        var maxBytes = new Option<int?>("--max-event-bytes") { Description = "Largest event accepted" };
        var command = new Command("put", "Create or update a topic") { topic, partitions, retention, dedup, maxBytes };
        runtime.Handle(command, async (scope, ct) =>
        {
            var body = new JsonObject();
            Set(body, "partitions", scope.Get(partitions));
            Set(body, "retention", scope.Get(retention));
            Set(body, "dedupWindow", scope.Get(dedup));
            Set(body, "maxEventBytes", scope.Get(maxBytes));
            return scope.Output.Print(await scope.Api.PutAsync($"/api/v1/topics/{Args.Segment(scope.Get(topic))}", body, ct), scope.Get(topic));
        });
        return command;
    }

    private static Command Publish(CliRuntime runtime)
    {
        var topic = Topic();
        var type = new Option<string>("--type") { Description = "Event type", Required = true };
        var key = new Option<string?>("--key") { Description = "Partition key (same key, same order)" };
        var data = new Option<string>("--data") { Description = "Event data: JSON, @file or -", DefaultValueFactory = _ => "{}" };
        var eventId = new Option<string?>("--event-id") { Description = "Event id for duplicate detection" };
        var priority = new Option<string?>("--priority") { Description = "normal, high or critical" };
        var command = new Command("publish", "Publish one event to a topic") { topic, type, key, data, eventId, priority };
        runtime.Handle(command, async (scope, ct) =>
        {
            var body = new JsonObject { ["type"] = scope.Get(type), ["data"] = Args.Json(scope.Get(data), "--data") };
            Set(body, "key", scope.Get(key));
            Set(body, "eventId", scope.Get(eventId));
            Set(body, "priority", scope.Get(priority));
            return scope.Output.Print(await scope.Api.PostAsync($"/api/v1/topics/{Args.Segment(scope.Get(topic))}/events", body, ct), "published");
        });
        return command;
    }

    private static Command Read(CliRuntime runtime)
    {
        var topic = Topic();
        var partition = new Option<int>("--partition") { Description = "Partition", DefaultValueFactory = _ => 0 };
        var fromOffset = new Option<long?>("--from-offset") { Description = "First offset" };
        var limit = new Option<int?>("--limit") { Description = "Maximum number of events" };
        var command = new Command("read", "Read one partition of a topic") { topic, partition, fromOffset, limit };
        runtime.Handle(command, async (scope, ct) =>
        {
            var query = Args.Query(("partition", scope.Get(partition)), ("fromOffset", scope.Get(fromOffset)), ("limit", scope.Get(limit)));
            return scope.Output.Print(await scope.Api.GetAsync($"/api/v1/topics/{Args.Segment(scope.Get(topic))}/events{query}", ct), scope.Get(topic), BusColumns);
        });
        return command;
    }

    internal static readonly string[] BusColumns = ["partition", "offset", "key", "type", "data", "attempts", "error"];

    internal static void Set<T>(JsonObject body, string name, T? value)
    {
        if (value is not null)
        {
            body[name] = JsonValue.Create(value);
        }
    }
}

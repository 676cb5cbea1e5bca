using System.CommandLine;
using System.Text.Json.Nodes;

namespace OrleansPlatform.Cli.Commands;

/// <summary>`subscriptions list|put|status|pull|ack|dead-letters|redrive|delete-dead-letter|seek`: event bus subscriptions.</summary>
internal static class SubscriptionCommands
{
    public static Command Build(CliRuntime runtime) =>
        new("subscriptions", "Create, inspect and consume event bus subscriptions")
        {
            List(runtime), Put(runtime), Status(runtime), Pull(runtime), Ack(runtime), DeadLetters(runtime), Redrive(runtime), DeleteDeadLetter(runtime), Seek(runtime),
        };

    private static Argument<string> Name() => new("name") { Description = "Subscription name" };

    private static string Path(CommandScope scope, Argument<string> name, string suffix = "") => $"/api/v1/subscriptions/{Args.Segment(scope.Get(name))}{suffix}";

    private static Command List(CliRuntime runtime)
    {
        var after = new Option<string?>("--after") { Description = "List names after this one (the previous page's next)" };
        var limit = new Option<int?>("--limit") { Description = "Maximum number of names (1-1000)" };
        var command = new Command("list", "List subscription names in ordinal order, one page at a time") { after, limit };
        runtime.Handle(command, async (scope, ct) =>
        {
            var query = Args.Query(("after", scope.Get(after)), ("limit", scope.Get(limit)));
            return TopicCommands.PrintNames(scope.Output, await scope.Api.GetAsync($"/api/v1/subscriptions{query}", ct), "subscription");
        });
        return command;
    }

    private static Command Put(CliRuntime runtime)
    {
        var name = Name();
        var topic = new Option<string>("--topic") { Description = "Topic to subscribe to", Required = true };
        var types = new Option<string[]>("--type") { Description = "Only these event types (wildcards allowed; repeatable)", AllowMultipleArgumentsPerToken = true };
        var webhook = new Option<string?>("--webhook") { Description = "Deliver by POST to this URL (default: pull)" };
        var startFrom = new Option<string?>("--start-from") { Description = "earliest, latest or a time" };
        var maxAttempts = new Option<int?>("--max-attempts") { Description = "Deliveries before an event is dead-lettered" };
        var command = new Command("put", "Create or update a subscription") { name, topic, types, webhook, startFrom, maxAttempts };
        runtime.Handle(command, async (scope, ct) =>
        {
            var body = new JsonObject
            {
                ["topic"] = scope.Get(topic),
                ["delivery"] = scope.Get(webhook) is { } url ? new JsonObject { ["type"] = "webhook", ["url"] = url } : new JsonObject { ["type"] = "pull" },
            };
            if (scope.Get(types) is { Length: > 0 } filter)
            {
                body["filter"] = new JsonObject { ["types"] = new JsonArray(filter.Select(t => (JsonNode?)t).ToArray()) };
            }

            TopicCommands.Set(body, "startFrom", scope.Get(startFrom));
            TopicCommands.Set(body, "maxAttempts", scope.Get(maxAttempts));
            return scope.Output.Print(await scope.Api.PutAsync(Path(scope, name), body, ct), scope.Get(name));
        });
        return command;
    }

    private static Command Status(CliRuntime runtime)
    {
        var name = Name();
        var command = new Command("status", "Checkpoints, lag per partition and delivery counts") { name };
        runtime.Handle(command, async (scope, ct) => scope.Output.Print(await scope.Api.GetAsync(Path(scope, name), ct), scope.Get(name)));
        return command;
    }

    private static Command Pull(CliRuntime runtime)
    {
        var name = Name();
        var max = new Option<int?>("--max") { Description = "Most events to take (1-1000)" };
        var wait = new Option<string?>("--wait") { Description = "Long-poll up to this long when none are ready (e.g. 5s)" };
        var command = new Command("pull", "Take the next events of a pull subscription") { name, max, wait };
        runtime.Handle(command, async (scope, ct) =>
        {
            var query = Args.Query(("max", scope.Get(max)), ("wait", scope.Get(wait)));
            return scope.Output.Print(await scope.Api.PostAsync(Path(scope, name, "/pull" + query), null, ct), scope.Get(name), TopicCommands.BusColumns);
        });
        return command;
    }

    private static Command Ack(CliRuntime runtime)
    {
        var name = Name();
        var partition = new Option<int>("--partition") { Description = "Partition of the event", Required = true };
        var offset = new Option<long>("--offset") { Description = "Offset of the event (commits the checkpoint up to it)", Required = true };
        var command = new Command("ack", "Acknowledge events up to an offset") { name, partition, offset };
        runtime.Handle(command, async (scope, ct) =>
        {
            var body = new JsonObject { ["partition"] = scope.Get(partition), ["offset"] = scope.Get(offset) };
            return scope.Output.Print(await scope.Api.PostAsync(Path(scope, name, "/ack"), body, ct));
        });
        return command;
    }

    private static Command DeadLetters(CliRuntime runtime)
    {
        var name = Name();
        var command = new Command("dead-letters", "List a subscription's dead-lettered events") { name };
        runtime.Handle(command, async (scope, ct) => scope.Output.Print(await scope.Api.GetAsync(Path(scope, name, "/dead-letters"), ct), "dead letters"));
        return command;
    }

    private static Command Redrive(CliRuntime runtime)
    {
        var name = Name();
        var ids = new Option<string[]>("--id") { Description = "Dead letters to redrive (repeatable; default all)", AllowMultipleArgumentsPerToken = true };
        var command = new Command("redrive", "Deliver dead-lettered events again") { name, ids };
        runtime.Handle(command, async (scope, ct) =>
        {
            var body = new JsonObject();
            if (scope.Get(ids) is { Length: > 0 } chosen)
            {
                body["ids"] = new JsonArray(chosen.Select(i => (JsonNode?)i).ToArray());
            }

            return scope.Output.Print(await scope.Api.PostAsync(Path(scope, name, "/dead-letters/redrive"), body, ct), "redriven");
        });
        return command;
    }

    private static Command DeleteDeadLetter(CliRuntime runtime)
    {
        var name = Name();
        var id = new Argument<string>("id") { Description = "Dead letter id (from dead-letters)" };
        var command = new Command("delete-dead-letter", "Drop one dead-lettered event without delivering it") { name, id };
        runtime.Handle(command, async (scope, ct) =>
            scope.Output.Print(await scope.Api.DeleteAsync(Path(scope, name, "/dead-letters/" + Args.Segment(scope.Get(id))), ct)));
        return command;
    }

    private static Command Seek(CliRuntime runtime)
    {
        var name = Name();
        var offset = new Option<string?>("--offset") { Description = "earliest, latest, or an offset map as JSON ({\"0\":5})" };
        var time = new Option<string?>("--time") { Description = "Replay from the first event at or after this time" };
        var command = new Command("seek", "Move a subscription's checkpoints to replay from there") { name, offset, time };
        runtime.Handle(command, async (scope, ct) =>
        {
            var body = (scope.Get(offset), scope.Get(time)) switch
            {
                ({ } o, null) => new JsonObject { ["offset"] = o.TrimStart().StartsWith('{') ? Args.Json(o, "--offset") : JsonValue.Create(o) },
                (null, { } t) => new JsonObject { ["time"] = t },
                _ => throw new CliUsageException("give exactly one of --offset and --time"),
            };
            return scope.Output.Print(await scope.Api.PostAsync(Path(scope, name, "/seek"), body, ct));
        });
        return command;
    }
}

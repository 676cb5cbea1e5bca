using System.CommandLine;
using System.Text.Json.Nodes;

namespace OrleansPlatform.Cli.Commands;

/// <summary>`streams delete|metadata` and `retention reclaim`: a stream's retention and deletion (issue 13).</summary>
internal static class StreamLifecycleCommands
{
    public static IEnumerable<Command> ForStreams(CliRuntime runtime) => [Delete(runtime), Metadata(runtime)];

    public static Command Retention(CliRuntime runtime)
    {
        var retention = new Command("retention", "Run the retention reclaim job");
        var reclaim = new Command("reclaim", "Run one bounded pass of the reclaim job now (admin)");
        runtime.Handle(reclaim, async (scope, ct) => scope.Output.Print(await scope.Api.PostAsync("/api/v1/retention/reclaim", null, ct), "reclaim"));
        retention.Subcommands.Add(reclaim);
        return retention;
    }

    private static Command Delete(CliRuntime runtime)
    {
        var id = new Argument<string>("streamId") { Description = "Stream id" };
        var hard = new Option<bool>("--hard") { Description = "Erase the events for good (admin); the id then takes only --expected-version 0" };
        var expected = new Option<string?>("--expected-version") { Description = "N, any or exists" };
        var command = new Command("delete", "Delete a stream: soft (reads answer 404, appends continue) or --hard") { id, hard, expected };
        runtime.Handle(command, async (scope, ct) =>
        {
            var query = Args.Query(("hard", scope.Get(hard) ? "true" : null), ("expectedVersion", scope.Get(expected)));
            return scope.Output.Print(await scope.Api.DeleteAsync($"/api/v1/streams/{Args.Segment(scope.Get(id))}{query}", ct), "deleted");
        });
        return command;
    }

    private static Command Metadata(CliRuntime runtime)
    {
        var id = new Argument<string>("streamId") { Description = "Stream id" };
        var maxAge = new Option<string?>("--max-age") { Description = "Hide events older than this, e.g. 30.00:00:00" };
        var maxCount = new Option<long?>("--max-count") { Description = "Keep only the newest N events" };
        var truncateBefore = new Option<long?>("--truncate-before") { Description = "Hide events below this version" };
        var command = new Command("metadata", "Show a stream's retention, or replace it when any option is given") { id, maxAge, maxCount, truncateBefore };
        runtime.Handle(command, async (scope, ct) =>
        {
            var path = $"/api/v1/streams/{Args.Segment(scope.Get(id))}/metadata";
            var body = new JsonObject();
            AddIfSet(body, "maxAge", scope.Get(maxAge));
            AddIfSet(body, "maxCount", scope.Get(maxCount));
            AddIfSet(body, "truncateBefore", scope.Get(truncateBefore));
            var response = body.Count == 0 ? await scope.Api.GetAsync(path, ct) : await scope.Api.PutAsync(path, body, ct);
            return scope.Output.Print(response, "retention");
        });
        return command;
    }

    private static void AddIfSet<T>(JsonObject body, string name, T? value)
    {
        if (value is not null)
        {
            body[name] = JsonValue.Create(value);
        }
    }
}

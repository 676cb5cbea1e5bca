using System.CommandLine;

namespace OrleansPlatform.Cli.Commands;

/// <summary>`feed tail`: the global event feed, live (SSE on /api/v1/events/live).</summary>
internal static class FeedCommands
{
    public static Command Build(CliRuntime runtime)
    {
        var fromPosition = new Option<long?>("--from-position") { Description = "First global position to show (default: only events appended from now on)" };
        var type = new Option<string?>("--type") { Description = "Only these event types (comma-separated)" };
        var correlation = new Option<string?>("--correlation-id") { Description = "Only events with this correlation id" };
        var count = Tail.CountOption();
        var tail = new Command("tail", "Follow every stream's events in global order until Ctrl+C or --count") { fromPosition, type, correlation, count };
        runtime.Handle(tail, async (scope, ct) =>
        {
            var start = await Tail.StartPositionAsync(scope, scope.Get(fromPosition), ct);
            var path = "/api/v1/events/live" + Args.Query(("fromPosition", start), ("type", scope.Get(type)), ("correlationId", scope.Get(correlation)));
            return await Tail.RunAsync(scope, path, scope.Get(count), _ => true, Tail.DescribeRecordedEvent, ct);
        });
        return new Command("feed", "The global event feed") { tail };
    }
}

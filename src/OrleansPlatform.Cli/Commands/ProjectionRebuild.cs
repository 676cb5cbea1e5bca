using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace OrleansPlatform.Cli.Commands;

/// <summary>`projections rebuild`: starts a rebuild and follows it with a live progress bar until it has caught up.</summary>
internal static class ProjectionRebuild
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    public static Command Build(CliRuntime runtime)
    {
        var name = new Argument<string>("name") { Description = "Projection name" };
        var noWait = new Option<bool>("--no-wait") { Description = "Only start the rebuild" };
        var command = new Command("rebuild", $"Rebuild a projection from its source, showing progress until caught up (exit code {ExitCodes.Failed} if it halts)") { name, noWait };
        runtime.Handle(command, async (scope, ct) =>
        {
            var projection = scope.Get(name);
            var started = await scope.Api.PostAsync(ProjectionCommands.Path(projection, "/rebuild"), null, ct);
            if (scope.Get(noWait))
            {
                return scope.Output.Print(started, projection);
            }

            ApiResponse last = started;
            if (scope.Output.Json)
            {
                last = await FollowAsync(scope, projection, _ => { }, ct);
            }
            else
            {
                await scope.Output.Console.Progress().StartAsync(async progress =>
                {
                    var bar = progress.AddTask($"rebuild {Markup.Escape(projection)}", maxValue: 1);
                    last = await FollowAsync(scope, projection, status => Advance(bar, status), ct);
                    bar.Value = bar.MaxValue;
                });
            }

            scope.Output.Print(last, projection);
            return IsHalted(last.Body) ? ExitCodes.Failed : ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Polls the projection until it serves caught up (running, nothing building, no lag) or halts.</summary>
    private static async Task<ApiResponse> FollowAsync(CommandScope scope, string projection, Action<JsonNode> onStatus, CancellationToken ct)
    {
        while (true)
        {
            var response = await scope.Api.GetAsync(ProjectionCommands.Path(projection), ct);
            if (response.Body is { } status)
            {
                onStatus(status);
                if (IsHalted(status) || IsCaughtUp(status))
                {
                    return response;
                }
            }

            await Task.Delay(PollInterval, ct);
        }
    }

    private static bool IsCaughtUp(JsonNode status) =>
        Output.Scalar(status["status"]) == "running" && status["building"] is null && Number(status["lagEvents"]) == 0;

    private static bool IsHalted(JsonNode? status) => Output.Scalar(status?["status"]) == "halted";

    private static void Advance(ProgressTask bar, JsonNode status)
    {
        // While a new version builds beside the serving one its own checkpoint is the progress that matters.
        var source = status["building"] as JsonObject ?? status;
        var head = Math.Max(1, Number(source["head"] ?? status["head"]));
        bar.MaxValue = head;
        bar.Value = Math.Min(head, Number(source["checkpoint"]));
    }

    private static double Number(JsonNode? node) => node is JsonValue v && v.TryGetValue<double>(out var d) ? d : 0;
}

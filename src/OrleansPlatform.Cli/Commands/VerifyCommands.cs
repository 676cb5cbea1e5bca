using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace OrleansPlatform.Cli.Commands;

/// <summary>`verify start|status`: the admin whole-log verification job (issue 13).</summary>
internal static class VerifyCommands
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    public static Command Build(CliRuntime runtime)
    {
        var verify = new Command("verify", "Verify every stored event's checksum and chain link (admin)");
        verify.Subcommands.Add(Start(runtime));
        verify.Subcommands.Add(Status(runtime));
        return verify;
    }

    private static Command Start(CliRuntime runtime)
    {
        var noWait = new Option<bool>("--no-wait") { Description = "Only start the job" };
        var command = new Command("start", $"Start a whole-log verification and follow it until it completes (exit code {ExitCodes.Failed} when a chain is broken)") { noWait };
        runtime.Handle(command, async (scope, ct) =>
        {
            var started = await scope.Api.PostAsync("/api/v1/verify", null, ct);
            var jobId = Output.Scalar(started.Body?["jobId"]);
            if (scope.Get(noWait) || string.IsNullOrEmpty(jobId))
            {
                return scope.Output.Print(started, "verify");
            }

            ApiResponse last = started;
            if (scope.Output.Json)
            {
                last = await FollowAsync(scope, jobId, _ => { }, ct);
            }
            else
            {
                await scope.Output.Console.Progress().StartAsync(async progress =>
                {
                    var bar = progress.AddTask("verify", maxValue: 1);
                    last = await FollowAsync(scope, jobId, job => Advance(bar, job), ct);
                    bar.Value = bar.MaxValue;
                });
            }

            scope.Output.Print(last, "verify");
            return IsBroken(last.Body) ? ExitCodes.Failed : ExitCodes.Success;
        });
        return command;
    }

    private static Command Status(CliRuntime runtime)
    {
        var jobId = new Argument<string?>("jobId") { Description = "Job id (default: the latest job)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("status", $"Show a verification job's progress or result (exit code {ExitCodes.Failed} when it found a broken chain)") { jobId };
        runtime.Handle(command, async (scope, ct) =>
        {
            var id = scope.Get(jobId);
            var response = await scope.Api.GetAsync(id is null ? "/api/v1/verify" : $"/api/v1/verify/{Args.Segment(id)}", ct);
            scope.Output.Print(response, "verify");
            return IsBroken(response.Body) ? ExitCodes.Failed : ExitCodes.Success;
        });
        return command;
    }

    private static async Task<ApiResponse> FollowAsync(CommandScope scope, string jobId, Action<JsonNode> onProgress, CancellationToken ct)
    {
        while (true)
        {
            var response = await scope.Api.GetAsync($"/api/v1/verify/{Args.Segment(jobId)}", ct);
            if (response.Body is { } job)
            {
                onProgress(job);
                if (Output.Scalar(job["status"]) == "completed")
                {
                    return response;
                }
            }

            await Task.Delay(PollInterval, ct);
        }
    }

    private static void Advance(ProgressTask bar, JsonNode job)
    {
        var end = job["endPosition"]?.GetValue<long>() ?? 0;
        bar.Value = end <= 0 ? 0 : Math.Min(1, (double)(job["position"]?.GetValue<long>() ?? 0) / end);
    }

    private static bool IsBroken(JsonNode? job) => Output.Scalar(job?["valid"]) == "false";
}

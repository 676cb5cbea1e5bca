using System.CommandLine;

namespace OrleansPlatform.Cli.Commands;

/// <summary>`status`: the cluster's silos, storage and counters (GET /api/v1/status).</summary>
internal static class StatusCommand
{
    public static Command Build(CliRuntime runtime)
    {
        var command = new Command("status", "Show silos, storage health, head position and counters");
        runtime.Handle(command, async (scope, ct) => scope.Output.Print(await scope.Api.GetAsync("/api/v1/status", ct), "status"));
        return command;
    }
}

using System.CommandLine;
using System.Text.Json.Nodes;

namespace OrleansPlatform.Cli;

/// <summary>Shared loop of the SSE commands: print each event until Ctrl+C, the server closes, or --count events.</summary>
internal static class Tail
{
    public static Option<int?> CountOption() => new("--count") { Description = "Stop after this many events (default: until Ctrl+C)" };

    public static async Task<int> RunAsync(CommandScope scope, string path, int? count, Func<JsonNode, bool> include, Func<JsonNode, string> describe, CancellationToken ct)
    {
        if (count is <= 0)
        {
            throw new CliUsageException("--count must be positive");
        }

        var seen = 0;
        await foreach (var data in scope.Api.StreamAsync(path, ct))
        {
            if (JsonNode.Parse(data) is { } node && !include(node))
            {
                continue;
            }

            scope.Output.PrintEvent(data, describe);
            if (++seen == count)
            {
                break;
            }
        }

        return ExitCodes.Success;
    }

    /// <summary>Where a tail of the global feed starts: the given position, else just after the current head (only new events).</summary>
    public static async Task<long> StartPositionAsync(CommandScope scope, long? fromPosition, CancellationToken ct)
    {
        if (fromPosition is { } given)
        {
            return given;
        }

        var status = await scope.Api.GetAsync("/api/v1/status", ct);
        return (status.Body?["head"]?.GetValue<long>() ?? 0) + 1;
    }

    public static string DescribeRecordedEvent(JsonNode e) =>
        $"#{Output.Scalar(e["position"])} {Output.Scalar(e["streamId"])}@{Output.Scalar(e["version"])} {Output.Scalar(e["type"])} {Output.Scalar(e["data"])}";
}

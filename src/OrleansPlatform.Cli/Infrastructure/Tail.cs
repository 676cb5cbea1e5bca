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

    public static string DescribeRecordedEvent(JsonNode e) =>
        $"#{Output.Scalar(e["position"])} {Output.Scalar(e["streamId"])}@{Output.Scalar(e["version"])} {Output.Scalar(e["type"])} {Output.Scalar(e["data"])}";
}

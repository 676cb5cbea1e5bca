using OrleansPlatform.Cli;

namespace OrleansPlatform.Tests.Cli;

[Collection(CliCollection.Name)]
public sealed class FeedCommandTests(CliFixture fixture)
{
    [Fact]
    public async Task FeedTail_FromPositionWithTypeAndCount_PrintsThoseEventsAsJsonLinesAndStops()
    {
        var type = $"Tailed{Guid.NewGuid():N}";
        var stream = $"cli-feed-{Guid.NewGuid():N}";
        var first = await fixture.RunAsync("streams", "append", stream, "--type", type, "--data", """{"n":1}""", "--json");
        await fixture.RunAsync("streams", "append", stream, "--type", type, "--data", """{"n":2}""");
        var from = first.Json()["position"]!.GetValue<long>();

        var tail = await fixture.RunAsync("feed", "tail", "--from-position", from.ToString(System.Globalization.CultureInfo.InvariantCulture), "--type", type, "--count", "2", "--json");

        Assert.Equal((ExitCodes.Success, ""), (tail.ExitCode, tail.Error));
        Assert.Equal([1, 2], tail.JsonLines().Select(e => e["data"]!["n"]!.GetValue<int>()));
    }

    [Fact]
    public async Task StreamsTail_ShowsOnlyThatStreamsEvents()
    {
        var stream = $"cli-tail-{Guid.NewGuid():N}";
        var other = await fixture.RunAsync("streams", "append", $"cli-other-{Guid.NewGuid():N}", "--type", "Other", "--json");
        await fixture.RunAsync("streams", "append", stream, "--type", "Mine");
        var from = other.Json()["position"]!.GetValue<long>();

        var tail = await fixture.RunAsync("streams", "tail", stream, "--from-position", from.ToString(System.Globalization.CultureInfo.InvariantCulture), "--count", "1");

        Assert.Equal(ExitCodes.Success, tail.ExitCode);
        Assert.Contains($"{stream}@1 Mine", tail.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Other", tail.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamsStateAndDiff_Json_FoldTheStream()
    {
        var stream = $"cli-state-{Guid.NewGuid():N}";
        await fixture.RunAsync("streams", "append", stream, "--type", "Placed", "--data", """{"status":"placed","total":5}""");
        await fixture.RunAsync("streams", "append", stream, "--type", "Paid", "--data", """{"status":"paid"}""");

        var state = await fixture.RunAsync("streams", "state", stream, "--json");
        var before = await fixture.RunAsync("streams", "state", stream, "--version", "1", "--json");
        var diff = await fixture.RunAsync("streams", "diff", stream, "--from", "1", "--to", "2", "--json");

        Assert.Equal("paid", state.Json()["state"]!["status"]!.GetValue<string>());
        Assert.Equal("placed", before.Json()["state"]!["status"]!.GetValue<string>());
        Assert.Equal(ExitCodes.Success, diff.ExitCode);
        Assert.Contains(diff.Json()["diff"]!.AsArray(), op => op!["path"]!.GetValue<string>() == "/status");
    }
}

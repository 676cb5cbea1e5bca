using OrleansPlatform.Cli;
using OrleansPlatform.Tests.Infrastructure;

namespace OrleansPlatform.Tests.Cli;

[Collection(CliCollection.Name)]
public sealed class StatusCommandTests(CliFixture fixture)
{
    [Fact]
    public async Task Status_Json_PrintsTheRawStatusBody()
    {
        var raw = await fixture.Client.GetStringAsync("/api/v1/status");

        var run = await fixture.RunAsync("status", "--json");

        Assert.Equal((ExitCodes.Success, ""), (run.ExitCode, run.Error));
        var status = run.Json();
        Assert.Equal(System.Text.Json.Nodes.JsonNode.Parse(raw)!["storage"]!["kind"]!.GetValue<string>(), status["storage"]!["kind"]!.GetValue<string>());
        Assert.True(status["storage"]!["healthy"]!.GetValue<bool>());
        Assert.NotEmpty(status["silos"]!.AsArray());
    }

    [Fact]
    public async Task Status_Table_PrintsFieldsAndSilos()
    {
        var run = await fixture.RunAsync("status");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("head", run.Output, StringComparison.Ordinal);
        Assert.Contains("silos", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_UnreachableHost_ExitsWithUnreachableAndOneLine()
    {
        var url = $"http://127.0.0.1:{FreePorts.Next()}";

        var run = await CliFixture.RunOverNetworkAsync("status", "--url", url);

        Assert.Equal(ExitCodes.Unreachable, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: cannot reach {url}/", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_UrlFromEnvironment_IsUsedWhenNoOptionIsGiven()
    {
        var url = $"http://127.0.0.1:{FreePorts.Next()}";

        var run = await CliFixture.RunOverNetworkAsync(new Dictionary<string, string> { ["ORLEANS_PLATFORM_URL"] = url }, "status");

        Assert.Equal(ExitCodes.Unreachable, run.ExitCode);
        Assert.Contains(url, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownCommand_ExitsWithUsage()
    {
        var run = await fixture.RunAsync("no-such-command");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.NotEqual("", run.Error);
    }
}

using OrleansPlatform.Cli;

namespace OrleansPlatform.Tests.Cli;

/// <summary>Retention, deletion and whole-log verification from the command line (issue 13), on a real host.</summary>
[Collection(CliCollection.Name)]
public sealed class LifecycleCommandTests(CliFixture fixture)
{
    private static string NewStream() => $"cli-life-{Guid.NewGuid():N}";

    [Fact]
    public async Task StreamsMetadataAndReclaim_HideThenRemoveTheOldEvents()
    {
        var stream = NewStream();
        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(0, (await fixture.RunAsync("streams", "append", stream, "--type", $"Step{i}")).ExitCode);
        }

        var set = await fixture.RunAsync("streams", "metadata", stream, "--max-count", "1", "--json");
        var shown = await fixture.RunAsync("streams", "metadata", stream, "--json");
        var read = await fixture.RunAsync("streams", "read", stream, "--json");
        var reclaim = await fixture.RunAsync("retention", "reclaim", "--json");

        Assert.Equal((ExitCodes.Success, ""), (set.ExitCode, set.Error));
        Assert.Equal(1, shown.Json()["maxCount"]!.GetValue<long>());
        Assert.Equal(["Step3"], read.Json()["events"]!.AsArray().Select(e => e!["type"]!.GetValue<string>()));
        Assert.Equal(ExitCodes.Success, reclaim.ExitCode);
        Assert.True(reclaim.Json()["streamsChecked"]!.GetValue<int>() >= 1);
    }

    [Fact]
    public async Task StreamsDelete_SoftThenHard_ReadsFailAndOnlyExpectedVersionZeroStartsAgain()
    {
        var stream = NewStream();
        Assert.Equal(0, (await fixture.RunAsync("streams", "append", stream, "--type", "Opened")).ExitCode);

        var soft = await fixture.RunAsync("streams", "delete", stream);
        var read = await fixture.RunAsync("streams", "read", stream, "--json");
        var hard = await fixture.RunAsync("streams", "delete", stream, "--hard");
        var refused = await fixture.RunAsync("streams", "append", stream, "--type", "Again");
        var again = await fixture.RunAsync("streams", "append", stream, "--type", "Again", "--expected-version", "0", "--json");

        Assert.Equal(ExitCodes.Success, soft.ExitCode);
        Assert.Equal(ExitCodes.ClientError, read.ExitCode);
        Assert.Equal(ExitCodes.Success, hard.ExitCode);
        Assert.Equal(ExitCodes.ClientError, refused.ExitCode);
        Assert.Contains("expectedVersion 0", refused.Error, StringComparison.Ordinal);
        Assert.Equal(1, again.Json()["firstVersion"]!.GetValue<long>());
    }

    [Fact]
    public async Task VerifyStart_FollowsTheJobToAValidResult_AndStatusShowsIt()
    {
        Assert.Equal(0, (await fixture.RunAsync("streams", "append", NewStream(), "--type", "Checked")).ExitCode);

        var started = await fixture.RunAsync("verify", "start", "--json");
        var status = await fixture.RunAsync("verify", "status", "--json");

        Assert.Equal((ExitCodes.Success, ""), (started.ExitCode, started.Error));
        Assert.Equal("completed", started.Json()["status"]!.GetValue<string>());
        Assert.True(started.Json()["valid"]!.GetValue<bool>());
        Assert.True(started.Json()["eventsChecked"]!.GetValue<long>() >= 1);
        Assert.Equal(ExitCodes.Success, status.ExitCode);
        Assert.Equal(started.Json()["jobId"]!.GetValue<string>(), status.Json()["jobId"]!.GetValue<string>());
    }
}

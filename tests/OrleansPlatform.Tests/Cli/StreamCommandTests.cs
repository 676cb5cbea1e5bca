using OrleansPlatform.Cli;

namespace OrleansPlatform.Tests.Cli;

[Collection(CliCollection.Name)]
public sealed class StreamCommandTests(CliFixture fixture)
{
    private static string NewStream() => $"cli-order-{Guid.NewGuid():N}";

    [Fact]
    public async Task StreamsAppendThenRead_Json_ReturnsTheEventsAsTheApiDoes()
    {
        var stream = NewStream();

        var first = await fixture.RunAsync("streams", "append", stream, "--type", "OrderPlaced", "--data", """{"total":42}""", "--expected-version", "0", "--json");
        var second = await fixture.RunAsync("streams", "append", stream, "--type", "OrderPaid", "--data", """{"paid":true}""", "--json");
        var read = await fixture.RunAsync("streams", "read", stream, "--json");

        Assert.Equal((ExitCodes.Success, ""), (first.ExitCode, first.Error));
        Assert.Equal(1, first.Json()["lastVersion"]!.GetValue<long>());
        Assert.Equal(2, second.Json()["lastVersion"]!.GetValue<long>());
        Assert.Equal(ExitCodes.Success, read.ExitCode);
        var events = read.Json()["events"]!.AsArray();
        Assert.Equal(["OrderPlaced", "OrderPaid"], events.Select(e => e!["type"]!.GetValue<string>()));
        Assert.Equal(42, events[0]!["data"]!["total"]!.GetValue<int>());
        Assert.Equal(2, read.Json()["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task StreamsVerify_RealHost_ValidChainExitsZero_UnknownStreamExitsClientError()
    {
        var stream = NewStream();
        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(0, (await fixture.RunAsync("streams", "append", stream, "--type", $"Step{i}")).ExitCode);
        }

        var valid = await fixture.RunAsync("streams", "verify", stream, "--json");
        var unknown = await fixture.RunAsync("streams", "verify", NewStream(), "--json");

        Assert.Equal((ExitCodes.Success, ""), (valid.ExitCode, valid.Error));
        Assert.True(valid.Json()["valid"]!.GetValue<bool>());
        Assert.Equal(3, valid.Json()["checked"]!.GetValue<long>());
        Assert.Equal(ExitCodes.ClientError, unknown.ExitCode);
    }

    [Fact]
    public async Task StreamsRead_Backward_WithLimit_ReturnsNewestFirst()
    {
        var stream = NewStream();
        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(0, (await fixture.RunAsync("streams", "append", stream, "--type", $"Step{i}")).ExitCode);
        }

        var read = await fixture.RunAsync("streams", "read", stream, "--backward", "--limit", "2", "--json");

        Assert.Equal(["Step3", "Step2"], read.Json()["events"]!.AsArray().Select(e => e!["type"]!.GetValue<string>()));
    }

    [Fact]
    public async Task StreamsRead_Table_PrintsEventTypes()
    {
        var stream = NewStream();
        await fixture.RunAsync("streams", "append", stream, "--type", "OrderShipped", "--data", """{"carrier":"dhl"}""");

        var read = await fixture.RunAsync("streams", "read", stream);

        Assert.Equal(ExitCodes.Success, read.ExitCode);
        Assert.Contains("OrderShipped", read.Output, StringComparison.Ordinal);
        Assert.Contains("events", read.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamsRead_UnknownStream_ExitsWithClientErrorAndOneProblemLine()
    {
        var read = await fixture.RunAsync("streams", "read", NewStream(), "--json");

        Assert.Equal(ExitCodes.ClientError, read.ExitCode);
        Assert.Equal("", read.Output);
        var line = Assert.Single(read.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: 404 ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamsAppend_WrongExpectedVersion_ExitsWithClientErrorNamingTheConflict()
    {
        var stream = NewStream();
        await fixture.RunAsync("streams", "append", stream, "--type", "A");

        var append = await fixture.RunAsync("streams", "append", stream, "--type", "B", "--expected-version", "0");

        Assert.Equal(ExitCodes.ClientError, append.ExitCode);
        Assert.StartsWith("error: 409 ", append.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamsAppend_InvalidJsonData_IsAUsageErrorWithoutARequest()
    {
        var stream = NewStream();

        var append = await fixture.RunAsync("streams", "append", stream, "--type", "A", "--data", "{not json");

        Assert.Equal(ExitCodes.Usage, append.ExitCode);
        Assert.StartsWith("error: --data is not valid JSON", append.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.ClientError, (await fixture.RunAsync("streams", "read", stream)).ExitCode);
    }
}

using OrleansPlatform.Cli;
using OrleansPlatform.Tests.Hosting;

namespace OrleansPlatform.Tests.Cli;

[Collection(SecuredPlatformCollection.Name)]
public sealed class ApiKeyTests(SecuredPlatformFixture platform)
{
    private static readonly Dictionary<string, string> NoEnvironment = [];

    [Fact]
    public async Task Status_WithoutKey_ExitsWithClientError401()
    {
        var run = await CliFixture.RunAgainstAsync(platform.Host, NoEnvironment, "status");

        Assert.Equal(ExitCodes.ClientError, run.ExitCode);
        Assert.StartsWith("error: 401 ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamsAppend_WithApiKeyOption_IsAccepted()
    {
        var run = await CliFixture.RunAgainstAsync(platform.Host, NoEnvironment,
            "streams", "append", $"cli-key-{Guid.NewGuid():N}", "--type", "A", "--api-key", SecuredPlatformFixture.WriterKey, "--json");

        Assert.Equal((ExitCodes.Success, ""), (run.ExitCode, run.Error));
        Assert.Equal(1, run.Json()["lastVersion"]!.GetValue<long>());
    }

    [Fact]
    public async Task ApiKeyFromEnvironment_ReaderKey_ReadsButCannotAppend()
    {
        var environment = new Dictionary<string, string> { ["ORLEANS_PLATFORM_API_KEY"] = SecuredPlatformFixture.ReaderKey };

        var status = await CliFixture.RunAgainstAsync(platform.Host, environment, "status", "--json");
        var append = await CliFixture.RunAgainstAsync(platform.Host, environment, "streams", "append", $"cli-key-{Guid.NewGuid():N}", "--type", "A");

        Assert.Equal(ExitCodes.Success, status.ExitCode);
        Assert.Equal(ExitCodes.ClientError, append.ExitCode);
        Assert.StartsWith("error: 403 ", append.Error, StringComparison.Ordinal);
    }
}

using OrleansPlatform.Grains.TimeTravel;
using OrleansPlatform.Tests.Infrastructure;

namespace OrleansPlatform.Tests.TimeTravel;

/// <summary><c>Platform:Feed</c> is validated at start-up, naming the bad key.</summary>
public sealed class FeedOptionsTests
{
    [Theory]
    [InlineData("-00:00:01")]
    [InlineData("02:00:00")]
    public async Task Start_InvalidMaxClockSkew_FailsNamingIt(string value)
    {
        await using var host = PlatformHost.Sqlite().With("Platform:Feed:MaxClockSkew", value);

        var error = await Record.ExceptionAsync(host.StartAsync);

        Assert.NotNull(error);
        Assert.Contains("Platform:Feed:MaxClockSkew", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_AllowFiveSecondsOfSkew()
    {
        var options = new FeedOptions();

        options.Validate();

        Assert.Equal(TimeSpan.FromSeconds(5), options.MaxClockSkew);
    }
}

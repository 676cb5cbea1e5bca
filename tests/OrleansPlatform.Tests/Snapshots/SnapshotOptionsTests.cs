using OrleansPlatform.Grains.Snapshots;
using OrleansPlatform.Tests.Infrastructure;

namespace OrleansPlatform.Tests.Snapshots;

/// <summary><c>Platform:Snapshots</c> is validated at start-up, naming the bad key.</summary>
public sealed class SnapshotOptionsTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    public async Task Start_InvalidEvery_FailsNamingIt(string value)
    {
        await using var host = PlatformHost.Sqlite().With("Platform:Snapshots:Every", value);

        var error = await Record.ExceptionAsync(host.StartAsync);

        Assert.NotNull(error);
        Assert.Contains("Platform:Snapshots:Every", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_SnapshotEveryHundredEvents()
    {
        var options = new SnapshotOptions();

        Assert.Equal(100, options.Every);
        Assert.True(options.Enabled);
    }
}

using OrleansPlatform.Tests.Infrastructure;

namespace OrleansPlatform.Tests.Registry;

/// <summary>Registry settings are validated at start-up, naming the bad one.</summary>
public sealed class RegistryOptionsTests
{
    [Theory]
    [InlineData("Platform:Registry:ReapAfter", "-00:00:01", "ReapAfter")]
    [InlineData("Platform:Registry:SweepInterval", "00:00:00", "SweepInterval")]
    [InlineData("Platform:Registry:FailuresToEject", "0", "FailuresToEject")]
    public async Task Start_InvalidRegistrySetting_FailsNamingIt(string key, string value, string expected)
    {
        await using var host = PlatformHost.Sqlite().With(key, value);

        var error = await Record.ExceptionAsync(host.StartAsync);

        Assert.NotNull(error);
        Assert.Contains(expected, error.ToString(), StringComparison.Ordinal);
    }
}

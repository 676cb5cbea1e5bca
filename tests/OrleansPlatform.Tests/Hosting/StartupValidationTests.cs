using System.Net;
using System.Net.Sockets;
using OrleansPlatform.Tests.Infrastructure;

namespace OrleansPlatform.Tests.Hosting;

/// <summary>Bad settings stop start-up with a message that names the setting, before anything listens.</summary>
public sealed class StartupValidationTests
{
    [Theory]
    [InlineData("Platform:Storage", "Mongo", "Storage")]
    [InlineData("Platform:Roles", "silo,router", "Platform:Roles")]
    [InlineData("Platform:ClusterId", "bad id!", "ClusterId")]
    [InlineData("Platform:GroupCommit:MaxBatchBytes", "0", "MaxBatchBytes")]
    [InlineData("Platform:GroupCommit:CommitTimeout", "00:00:00", "CommitTimeout")]
    [InlineData("Platform:GroupCommit:MaxQueuedEvents", "10", "MaxQueuedEvents")]
    [InlineData("Platform:Auth:ApiKeys:0:KeyHash", "not-a-sha-256", "Platform:Auth:ApiKeys:0:KeyHash")]
    [InlineData("Platform:Auth:ApiKeys:0:Key", "short", "Platform:Auth:ApiKeys:0:Key")]
    [InlineData("Platform:MaxRequestBytes", "0", "Platform:MaxRequestBytes")]
    [InlineData("Platform:Cors:Origins:0", "app.example.com/path", "Platform:Cors:Origins")]
    [InlineData("Platform:Mesh:DefaultTimeout", "00:00:00", "Platform:Mesh:DefaultTimeout")]
    [InlineData("Platform:Mesh:DefaultMaxAttempts", "0", "DefaultMaxAttempts")]
    public async Task Start_InvalidSetting_FailsNamingIt(string key, string value, string expected)
    {
        await using var host = PlatformHost.Sqlite().With(key, value);

        var error = await Record.ExceptionAsync(host.StartAsync);

        Assert.NotNull(error);
        Assert.Contains(expected, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_PostgresWithoutConnectionString_FailsNamingIt()
    {
        await using var host = PlatformHost.Sqlite().With("Platform:Storage", "Postgres");

        var error = await Record.ExceptionAsync(host.StartAsync);

        Assert.Contains("ConnectionStrings:Postgres", error?.ToString() ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_SiloPortInUse_FailsNamingIt()
    {
        var listener = new TcpListener(IPAddress.Any, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await using var host = PlatformHost.Sqlite().With("Platform:SiloPort", port);

            var error = await Record.ExceptionAsync(host.StartAsync);

            Assert.Contains("Platform:SiloPort", error?.ToString() ?? "", StringComparison.Ordinal);
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task Start_PublicAddressWithoutKeys_RefusesUnlessInsecure()
    {
        await using var refused = PlatformHost.Sqlite().With("urls", "http://0.0.0.0:5999");
        await using var allowed = PlatformHost.Sqlite().With("urls", "http://0.0.0.0:5999").With("Platform:Insecure", "true");

        var error = await Record.ExceptionAsync(refused.StartAsync);
        var client = await allowed.StartAsync();

        Assert.Contains("Platform:Insecure", error?.ToString() ?? "", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task Start_PublicKestrelEndpointWithoutKeys_Refuses()
    {
        await using var refused = PlatformHost.Sqlite().With("Kestrel:Endpoints:Public:Url", "http://0.0.0.0:5998");

        var error = await Record.ExceptionAsync(refused.StartAsync);

        Assert.Contains("0.0.0.0:5998", error?.ToString() ?? "", StringComparison.Ordinal);
    }
}

using System.Globalization;
using System.Net;
using System.Net.Sockets;
using OrleansPlatform.Tests.Infrastructure;

namespace OrleansPlatform.Tests.Hosting;

/// <summary>
/// Start-up as a new user meets it, through the real Host executable: a failure the user can fix is one line naming
/// the setting and the remedy with exit code 1, never a stack trace; the listen address follows ASPNETCORE_URLS; and a
/// Host started before its PostgreSQL waits for it.
/// </summary>
public sealed class StartupFailureProcessTests
{
    private static readonly TimeSpan ExitDeadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Start_PublicAddressWithoutKeys_PrintsOneLineAndExitsWithOne()
    {
        await using var host = HostProcess.Start(new Dictionary<string, string>(), "--urls", $"http://0.0.0.0:{FreePorts.Next()}");

        var exitCode = await host.WaitForExitAsync(ExitDeadline);

        AssertOneLineFailure(host.Output, exitCode, "Platform:Insecure");
    }

    [Fact]
    public async Task Start_SiloPortInUse_PrintsOneLineAndExitsWithOne()
    {
        var listener = new TcpListener(IPAddress.Any, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
            await using var host = HostProcess.Start(new Dictionary<string, string> { ["Platform__SiloPort"] = port }, "--urls", LoopbackUrl());

            var exitCode = await host.WaitForExitAsync(ExitDeadline);

            AssertOneLineFailure(host.Output, exitCode, "Platform:SiloPort");
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task Start_UnreachablePostgres_WarnsWhileWaitingThenPrintsOneLineAndExitsWithOne()
    {
        await using var host = HostProcess.Start(PostgresOn(FreePorts.Next(), wait: "00:00:03"), "--urls", LoopbackUrl());

        var exitCode = await host.WaitForExitAsync(ExitDeadline);

        AssertOneLineFailure(host.Output, exitCode, "Platform:DatabaseStartupTimeout");
        Assert.Contains("not reachable yet", host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_UnknownDatabase_FailsAtOnceNamingTheConnectionString()
    {
        var unknown = new Npgsql.NpgsqlConnectionStringBuilder(TestPostgres.ServerConnectionString) { Database = "no_such_db_" + Guid.NewGuid().ToString("N") };
        var environment = new Dictionary<string, string>
        {
            ["Platform__Storage"] = "Postgres",
            ["ConnectionStrings__Postgres"] = unknown.ConnectionString,
        };
        await using var host = HostProcess.Start(environment, "--urls", LoopbackUrl());

        var exitCode = await host.WaitForExitAsync(ExitDeadline);

        AssertOneLineFailure(host.Output, exitCode, "ConnectionStrings:Postgres");
        Assert.DoesNotContain("not reachable yet", host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_BeforeItsPostgres_BecomesReadyOnceTheDatabaseAppears()
    {
        var port = FreePorts.Next();
        var url = LoopbackUrl();
        await using var host = HostProcess.Start(PostgresOn(port, wait: "00:02:00"), "--urls", url);
        await Eventually.MatchAsync(() => Task.FromResult(host.Output), output => output.Contains("not reachable yet", StringComparison.Ordinal), ExitDeadline);

        await using var database = await OwnPostgresServer.StartAsync(port);

        Assert.True(await host.BecomesReadyAsync(url, ExitDeadline), host.Output);
    }

    [Fact]
    public async Task Start_WithAspNetCoreUrls_ListensThere()
    {
        var url = LoopbackUrl();
        await using var host = HostProcess.Start(new Dictionary<string, string> { ["ASPNETCORE_URLS"] = url });

        Assert.True(await host.BecomesReadyAsync(url, ExitDeadline), host.Output);
    }

    private static string LoopbackUrl() => $"http://127.0.0.1:{FreePorts.Next()}";

    private static Dictionary<string, string> PostgresOn(int port, string wait) => new()
    {
        ["Platform__Storage"] = "Postgres",
        ["ConnectionStrings__Postgres"] = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres",
        ["Platform__DatabaseStartupTimeout"] = wait,
    };

    private static void AssertOneLineFailure(string output, int exitCode, string namedSetting)
    {
        var failures = output.Split('\n').Where(line => line.StartsWith("Start-up failed: ", StringComparison.Ordinal)).ToList();
        Assert.True(exitCode == 1, $"exit code {exitCode}; output:\n{output}");
        var failure = Assert.Single(failures);
        Assert.Contains(namedSetting, failure, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
    }
}

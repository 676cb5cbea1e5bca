using System.Net;
using OrleansPlatform.Silo;
using OrleansPlatform.Tests.Infrastructure;
using static OrleansPlatform.Tests.Api.ApiClientExtensions;

namespace OrleansPlatform.Tests.Schemas;

/// <summary>A lost or wrong master key is a clear start-up error, never silent plaintext or unreadable events.</summary>
public sealed class MasterKeyStartupTests
{
    private static readonly TimeSpan ExitDeadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Start_WrongMasterKeyOnSqlite_RefusesNamingTheSetting()
    {
        var directory = await StoreSubjectEventAsync(PlatformHost.Sqlite(), ErasureKeys.NewMasterKey());

        await using var restarted = PlatformHost.Sqlite(directory).With("Platform:Erasure:MasterKey", ErasureKeys.NewMasterKey());
        var failure = await Assert.ThrowsAnyAsync<Exception>(restarted.StartAsync);

        Assert.Contains("Platform:Erasure:MasterKey", FindStartupFailure(failure).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_MasterKeyRemovedOnSqlite_RefusesNamingTheSetting()
    {
        var directory = await StoreSubjectEventAsync(PlatformHost.Sqlite(), ErasureKeys.NewMasterKey());

        await using var restarted = PlatformHost.Sqlite(directory);
        var failure = await Assert.ThrowsAnyAsync<Exception>(restarted.StartAsync);

        Assert.Contains("Platform:Erasure:MasterKey is not set", FindStartupFailure(failure).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_SameMasterKeyOnSqlite_StartsAndReadsTheEvents()
    {
        var key = ErasureKeys.NewMasterKey();
        var directory = await StoreSubjectEventAsync(PlatformHost.Sqlite(), key);

        await using var restarted = PlatformHost.Sqlite(directory).With("Platform:Erasure:MasterKey", key);
        var client = await restarted.StartAsync();

        Assert.Contains("Ada", (await client.GetStringAsync("/api/v1/events?limit=1000")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WrongMasterKeyOnPostgres_RealProcessPrintsOneLineAndExitsWithOne()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        await StoreSubjectEventAsync(PlatformHost.Postgres(connectionString, "mk-" + Guid.NewGuid().ToString("N")[..8]), ErasureKeys.NewMasterKey());

        await using var process = HostProcess.Start(
            new Dictionary<string, string>
            {
                ["Platform__Storage"] = "Postgres",
                ["ConnectionStrings__Postgres"] = connectionString,
                ["Platform__Erasure__MasterKey"] = ErasureKeys.NewMasterKey(),
            },
            "--urls", $"http://127.0.0.1:{FreePorts.Next()}");
        var exitCode = await process.WaitForExitAsync(ExitDeadline);

        var failures = process.Output.Split('\n').Where(line => line.StartsWith("Start-up failed: ", StringComparison.Ordinal)).ToList();
        Assert.True(exitCode == 1, $"exit code {exitCode}; output:\n{process.Output}");
        Assert.Contains("Platform:Erasure:MasterKey", Assert.Single(failures), StringComparison.Ordinal);
        Assert.False(process.Output.Contains("   at ", StringComparison.Ordinal), process.Output);

    }

    [Fact]
    public async Task Start_MalformedMasterKey_RefusesNamingTheSettingWithoutEchoingIt()
    {
        await using var host = PlatformHost.Sqlite().With("Platform:Erasure:MasterKey", "bm90LWEta2V5");

        var failure = await Assert.ThrowsAnyAsync<Exception>(host.StartAsync);

        Assert.Contains("Platform:Erasure:MasterKey", failure.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("bm90LWEta2V5", failure.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Starts <paramref name="host"/> with <paramref name="masterKey"/>, appends an event naming a subject, stops it; returns its data directory.</summary>
    private static async Task<string?> StoreSubjectEventAsync(PlatformHost host, string masterKey)
    {
        await using (host)
        {
            var client = await host.With("Platform:Erasure:MasterKey", masterKey).StartAsync();
            var response = await client.AppendJsonAsync(NewStreamId(), """[{"type":"ProfileSet","data":{"name":"Ada"},"metadata":{"subject":"p-1"}}]""");
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        return host.DataDirectory;
    }

    private static PlatformStartupException FindStartupFailure(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is PlatformStartupException startup)
            {
                return startup;
            }

            if (e is AggregateException aggregate && aggregate.InnerExceptions.Select(FindOrNull).FirstOrDefault(x => x is not null) is { } inner)
            {
                return inner;
            }
        }

        throw new Xunit.Sdk.XunitException($"No start-up failure in: {exception}");
    }

    private static PlatformStartupException? FindOrNull(Exception exception)
    {
        try
        {
            return FindStartupFailure(exception);
        }
        catch (Xunit.Sdk.XunitException)
        {
            return null;
        }
    }
}

using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using OrleansPlatform.Storage.Postgres;
using OrleansPlatform.Tests.Infrastructure;

namespace OrleansPlatform.Tests.Storage;

/// <summary>The silo's data source is tuned for the hot path and for outages, unless the connection string says otherwise.</summary>
public sealed class PostgresDataSourceTests
{
    [Theory]
    [InlineData("Host=127.0.0.1;Username=app", 32, true, 5, "-c idle_in_transaction_session_timeout=30000")]
    [InlineData("Host=127.0.0.1;Username=app;max auto prepare=0;NoResetOnClose=false;Timeout=20", 0, false, 20, "-c idle_in_transaction_session_timeout=30000")]
    [InlineData("Host=127.0.0.1;Username=app;Options=-c search_path=app", 32, true, 5, "-c search_path=app -c idle_in_transaction_session_timeout=30000")]
    [InlineData("Host=127.0.0.1;Username=app;Options=-c idle_in_transaction_session_timeout=5000", 32, true, 5, "-c idle_in_transaction_session_timeout=5000")]
    public async Task Create_TunesOnlyWhatTheConnectionStringLeavesOpen(string connectionString, int maxAutoPrepare, bool noResetOnClose, int timeout, string options)
    {
        await using var dataSource = PostgresDataSource.Create(connectionString);

        var settings = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);

        Assert.Equal(maxAutoPrepare, settings.MaxAutoPrepare);
        Assert.Equal(noResetOnClose, settings.NoResetOnClose);
        Assert.Equal(timeout, settings.Timeout);
        Assert.Equal(options, settings.Options);
    }

    [Fact]
    public async Task Create_PlatformSessions_EndIdleTransactionsOnTheServer()
    {
        await using var dataSource = PostgresDataSource.Create(TestPostgres.ServerConnectionString);
        await using var command = dataSource.CreateCommand("SHOW idle_in_transaction_session_timeout");

        Assert.Equal("30s", await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Start_Postgres_OrleansSessionsEndIdleTransactionsToo()
    {
        await using var host = PlatformHost.Postgres(await TestPostgres.CreateDatabaseAsync(), "idle-" + Guid.NewGuid().ToString("N")[..8]);
        await host.StartAsync();

        var clustering = host.Service<IOptions<AdoNetClusteringSiloOptions>>().Value.ConnectionString;
        var reminders = host.Service<IOptions<AdoNetReminderTableOptions>>().Value.ConnectionString;

        Assert.Contains("idle_in_transaction_session_timeout=30000", new NpgsqlConnectionStringBuilder(clustering).Options, StringComparison.Ordinal);
        Assert.Contains("idle_in_transaction_session_timeout=30000", new NpgsqlConnectionStringBuilder(reminders).Options, StringComparison.Ordinal);
    }
}

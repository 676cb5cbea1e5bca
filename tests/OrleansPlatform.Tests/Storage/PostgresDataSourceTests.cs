using Npgsql;
using OrleansPlatform.Storage.Postgres;

namespace OrleansPlatform.Tests.Storage;

/// <summary>The silo's data source prepares hot statements and skips pool resets, unless the connection string says otherwise.</summary>
public sealed class PostgresDataSourceTests
{
    [Theory]
    [InlineData("Host=127.0.0.1;Username=app", 32, true)]
    [InlineData("Host=127.0.0.1;Username=app;max auto prepare=0;NoResetOnClose=false", 0, false)]
    public async Task Create_TunesOnlyWhatTheConnectionStringLeavesOpen(string connectionString, int maxAutoPrepare, bool noResetOnClose)
    {
        await using var dataSource = PostgresDataSource.Create(connectionString);

        var settings = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);

        Assert.Equal(maxAutoPrepare, settings.MaxAutoPrepare);
        Assert.Equal(noResetOnClose, settings.NoResetOnClose);
    }
}

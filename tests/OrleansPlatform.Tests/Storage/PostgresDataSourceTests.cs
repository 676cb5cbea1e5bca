using Npgsql;
using OrleansPlatform.Storage.Postgres;

namespace OrleansPlatform.Tests.Storage;

/// <summary>The silo's data source prepares hot statements and skips pool resets, unless the connection string says otherwise.</summary>
public sealed class PostgresDataSourceTests
{
    [Fact]
    public async Task Create_WithoutTuning_PreparesStatementsAndSkipsResets()
    {
        await using var dataSource = PostgresDataSource.Create("Host=127.0.0.1;Username=app");

        var settings = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);

        Assert.Equal(32, settings.MaxAutoPrepare);
        Assert.True(settings.NoResetOnClose);
    }

    [Fact]
    public async Task Create_WithExplicitTuning_KeepsTheOperatorsChoice()
    {
        await using var dataSource = PostgresDataSource.Create("Host=127.0.0.1;Username=app;max auto prepare=0;NoResetOnClose=false");

        var settings = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);

        Assert.Equal(0, settings.MaxAutoPrepare);
        Assert.False(settings.NoResetOnClose);
    }
}

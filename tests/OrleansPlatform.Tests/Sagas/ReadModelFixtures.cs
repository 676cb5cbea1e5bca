using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using OrleansPlatform.Storage.Migrations;
using OrleansPlatform.Storage.Sagas;
using OrleansPlatform.Storage.Sqlite;
using OrleansPlatform.Storage.Transactions;
using OrleansPlatform.Tests.Infrastructure;

namespace OrleansPlatform.Tests.Sagas;

/// <summary>The saga and transaction read models on one migrated backend.</summary>
public interface IReadModelFixture
{
    ISagaIndex Sagas { get; }

    ITransactionReadModel Transactions { get; }
}

public sealed class PostgresReadModelFixture : IReadModelFixture, IAsyncLifetime
{
    private NpgsqlDataSource _dataSource = null!;

    public ISagaIndex Sagas { get; private set; } = null!;

    public ITransactionReadModel Transactions { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _dataSource = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync());
        await using (var connection = await _dataSource.OpenConnectionAsync())
        {
            await new SchemaMigrator(NullLogger<SchemaMigrator>.Instance).MigrateAsync(connection, SqlDialect.Postgres, CancellationToken.None);
        }

        Sagas = new PostgresSagaIndex(_dataSource);
        Transactions = new PostgresTransactionReadModel(_dataSource);
    }

    public async Task DisposeAsync() => await _dataSource.DisposeAsync();
}

public sealed class SqliteReadModelFixture : IReadModelFixture, IAsyncLifetime
{
    private readonly SqliteConnectionFactory _connections =
        SqliteConnectionFactory.ForFile(Path.Combine(Path.GetTempPath(), "op-tests", Guid.NewGuid().ToString("N"), "read-models.db"));

    public ISagaIndex Sagas { get; private set; } = null!;

    public ITransactionReadModel Transactions { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await using (var connection = await _connections.OpenAsync(CancellationToken.None))
        {
            await new SchemaMigrator(NullLogger<SchemaMigrator>.Instance).MigrateAsync(connection, SqlDialect.Sqlite, CancellationToken.None);
        }

        Sagas = new SqliteSagaIndex(_connections);
        Transactions = new SqliteTransactionReadModel(_connections);
    }

    public Task DisposeAsync() => Task.CompletedTask;
}

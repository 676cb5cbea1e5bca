using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using OrleansPlatform.Storage.Migrations;
using OrleansPlatform.Storage.Projections;
using OrleansPlatform.Storage.Sqlite;
using OrleansPlatform.Tests.Infrastructure;

namespace OrleansPlatform.Tests.Projections;

/// <summary>The projection store on one migrated backend.</summary>
public interface IProjectionStoreFixture
{
    IProjectionStore Store { get; }
}

public sealed class PostgresProjectionStoreFixture : IProjectionStoreFixture, IAsyncLifetime
{
    private NpgsqlDataSource _dataSource = null!;

    public IProjectionStore Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _dataSource = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync());
        await using (var connection = await _dataSource.OpenConnectionAsync())
        {
            await new SchemaMigrator(NullLogger<SchemaMigrator>.Instance).MigrateAsync(connection, SqlDialect.Postgres, CancellationToken.None);
        }

        Store = new PostgresProjectionStore(_dataSource);
    }

    public async Task DisposeAsync() => await _dataSource.DisposeAsync();
}

public sealed class SqliteProjectionStoreFixture : IProjectionStoreFixture, IAsyncLifetime
{
    private readonly SqliteConnectionFactory _connections =
        SqliteConnectionFactory.ForFile(Path.Combine(Path.GetTempPath(), "op-tests", Guid.NewGuid().ToString("N"), "projections.db"));

    public IProjectionStore Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await using (var connection = await _connections.OpenAsync(CancellationToken.None))
        {
            await new SchemaMigrator(NullLogger<SchemaMigrator>.Instance).MigrateAsync(connection, SqlDialect.Sqlite, CancellationToken.None);
        }

        Store = new SqliteProjectionStore(_connections, TimeProvider.System);
    }

    public Task DisposeAsync() => Task.CompletedTask;
}

[CollectionDefinition(Name)]
public sealed class PostgresProjectionStoreCollection : ICollectionFixture<PostgresProjectionStoreFixture>
{
    public const string Name = "Projection store on PostgreSQL";
}

[CollectionDefinition(Name)]
public sealed class SqliteProjectionStoreCollection : ICollectionFixture<SqliteProjectionStoreFixture>
{
    public const string Name = "Projection store on SQLite";
}

[Collection(PostgresProjectionStoreCollection.Name)]
public sealed class PostgresProjectionStoreTests(PostgresProjectionStoreFixture fixture) : ProjectionStoreContractTests(fixture);

[Collection(SqliteProjectionStoreCollection.Name)]
public sealed class SqliteProjectionStoreTests(SqliteProjectionStoreFixture fixture) : ProjectionStoreContractTests(fixture);

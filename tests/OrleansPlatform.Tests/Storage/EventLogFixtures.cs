using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using OrleansPlatform.Storage.Catalog;
using OrleansPlatform.Storage.EventLog;
using OrleansPlatform.Storage.Migrations;
using OrleansPlatform.Storage.Postgres;
using OrleansPlatform.Storage.Sqlite;
using OrleansPlatform.Tests.Infrastructure;

namespace OrleansPlatform.Tests.Storage;

/// <summary>A migrated event log on a backend, shared by the storage tests of one collection.</summary>
public interface IEventLogFixture
{
    IEventLog Log { get; }

    IStreamCatalog Catalog { get; }
}

public sealed class PostgresEventLogFixture : IEventLogFixture, IAsyncLifetime
{
    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public IEventLog Log { get; private set; } = null!;

    public IStreamCatalog Catalog { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        DataSource = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync());
        await using (var connection = await DataSource.OpenConnectionAsync())
        {
            await new SchemaMigrator(NullLogger<SchemaMigrator>.Instance).MigrateAsync(connection, SqlDialect.Postgres, CancellationToken.None);
        }

        // The composition the silo runs: driver errors leave the log as platform errors.
        Log = new FaultTranslatingEventLog(new PostgresEventLog(DataSource));
        Catalog = new PostgresStreamCatalog(DataSource);
    }

    public async Task DisposeAsync() => await DataSource.DisposeAsync();
}

public sealed class SqliteEventLogFixture : IEventLogFixture, IAsyncLifetime
{
    private readonly SqliteConnectionFactory _connections =
        SqliteConnectionFactory.ForFile(Path.Combine(Path.GetTempPath(), "op-tests", Guid.NewGuid().ToString("N"), "log.db"));

    public SqliteConnectionFactory Connections => _connections;

    public IEventLog Log { get; private set; } = null!;

    public IStreamCatalog Catalog { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await using (var connection = await _connections.OpenAsync(CancellationToken.None))
        {
            await new SchemaMigrator(NullLogger<SchemaMigrator>.Instance).MigrateAsync(connection, SqlDialect.Sqlite, CancellationToken.None);
        }

        Log = new FaultTranslatingEventLog(new SqliteEventLog(_connections));
        Catalog = new SqliteStreamCatalog(_connections);
    }

    public Task DisposeAsync() => Task.CompletedTask;
}

[CollectionDefinition(Name)]
public sealed class PostgresStorageCollection : ICollectionFixture<PostgresEventLogFixture>
{
    public const string Name = "Event log on PostgreSQL";
}

[CollectionDefinition(Name)]
public sealed class SqliteStorageCollection : ICollectionFixture<SqliteEventLogFixture>
{
    public const string Name = "Event log on SQLite";
}

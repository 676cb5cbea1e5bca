using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using OrleansPlatform.Storage.Migrations;
using OrleansPlatform.Storage.Postgres;
using OrleansPlatform.Storage.Sqlite;

namespace OrleansPlatform.Silo;

/// <summary>Brings the database schema up to date at start-up, before the silo starts, and checks the position counter.</summary>
internal sealed class SchemaMigrationService(IServiceProvider services, SchemaMigrator migrator, IOptions<PlatformOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Storage == StorageKind.Postgres)
        {
            var dataSource = services.GetRequiredService<NpgsqlDataSource>();
            await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
            {
                await migrator.MigrateAsync(connection, SqlDialect.Postgres, cancellationToken);
            }

            // Before anything is written: positions from a counter that went backwards would break the feed.
            await new PostgresPositions(dataSource).EnsureCounterAheadAsync(cancellationToken);
        }
        else
        {
            await using var connection = await services.GetRequiredService<SqliteConnectionFactory>().OpenAsync(cancellationToken);
            await migrator.MigrateAsync(connection, SqlDialect.Sqlite, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

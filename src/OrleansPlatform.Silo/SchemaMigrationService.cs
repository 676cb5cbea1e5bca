using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using OrleansPlatform.Storage.Migrations;
using OrleansPlatform.Storage.Sqlite;

namespace OrleansPlatform.Silo;

/// <summary>Brings the database schema up to date at start-up, before the silo starts.</summary>
internal sealed class SchemaMigrationService(IServiceProvider services, SchemaMigrator migrator, IOptions<PlatformOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Storage == StorageKind.Postgres)
        {
            await using var connection = await services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync(cancellationToken);
            await migrator.MigrateAsync(connection, SqlDialect.Postgres, cancellationToken);
        }
        else
        {
            await using var connection = await services.GetRequiredService<SqliteConnectionFactory>().OpenAsync(cancellationToken);
            await migrator.MigrateAsync(connection, SqlDialect.Sqlite, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

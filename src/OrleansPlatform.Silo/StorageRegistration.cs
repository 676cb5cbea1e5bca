using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OrleansPlatform.Storage.EventLog;
using OrleansPlatform.Storage.Migrations;
using OrleansPlatform.Storage.Postgres;
using OrleansPlatform.Storage.Sagas;
using OrleansPlatform.Storage.Secrets;
using OrleansPlatform.Storage.Snapshots;
using OrleansPlatform.Storage.Sqlite;

namespace OrleansPlatform.Silo;

/// <summary>Registers the event log of the configured backend, its group commit and its schema migration.</summary>
public static class StorageRegistration
{
    public static IServiceCollection AddPlatformStorage(this IServiceCollection services, PlatformOptions options)
    {
        services.AddSingleton<SchemaMigrator>();
        services.AddHostedService<SchemaMigrationService>();
        if (options.Storage == StorageKind.Postgres)
        {
            services.AddSingleton(_ => PostgresDataSource.Create(options.PostgresConnectionString!));
            services.AddSingleton<IEventLog, PostgresEventLog>();
            services.AddSingleton<ISnapshotStore, PostgresSnapshotStore>();
            services.AddSingleton<ISecretStore, PostgresSecretStore>();
            services.AddSingleton<ISagaIndex, PostgresSagaIndex>();
            services.AddOptions<GroupCommitOptions>().BindConfiguration("Platform:GroupCommit").ValidateDataAnnotations().ValidateOnStart();
        }
        else
        {
            services.AddSingleton(_ => SqliteConnectionFactory.ForFile(options.SqliteFile));
            services.AddSingleton<IEventLog, SqliteEventLog>();
            services.AddSingleton<ISnapshotStore, SqliteSnapshotStore>();
            services.AddSingleton<ISecretStore, SqliteSecretStore>();
            services.AddSingleton<ISagaIndex, SqliteSagaIndex>();
            // SQLite has a single writer: more than one transaction in flight would only queue on its lock.
            services.AddOptions<GroupCommitOptions>().BindConfiguration("Platform:GroupCommit")
                .PostConfigure(o => o.MaxConcurrentBatches = 1).ValidateDataAnnotations().ValidateOnStart();
        }

        services.AddSingleton<GroupCommitAppender>();
        return services;
    }
}

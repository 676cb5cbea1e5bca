using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using OrleansPlatform.Storage.Catalog;
using OrleansPlatform.Storage.EventLog;
using OrleansPlatform.Storage.Migrations;
using OrleansPlatform.Storage.Postgres;
using OrleansPlatform.Storage.Projections;
using OrleansPlatform.Storage.Sagas;
using OrleansPlatform.Storage.Secrets;
using OrleansPlatform.Storage.Snapshots;
using OrleansPlatform.Storage.Sqlite;
using OrleansPlatform.Storage.Transactions;

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
            // Grains and the gateway see platform errors only, never a driver's (which would answer 500).
            services.AddSingleton<IEventLog>(sp => new FaultTranslatingEventLog(new PostgresEventLog(sp.GetRequiredService<NpgsqlDataSource>())));
            services.AddSingleton<ISnapshotStore, PostgresSnapshotStore>();
            services.AddSingleton<ISecretStore, PostgresSecretStore>();
            services.AddSingleton<ITransactionReadModel, PostgresTransactionReadModel>();
            services.AddSingleton<ISagaIndex, PostgresSagaIndex>();
            services.AddSingleton<IProjectionStore, PostgresProjectionStore>();
            services.AddSingleton<IStreamCatalog, PostgresStreamCatalog>();
            services.AddOptions<GroupCommitOptions>().BindConfiguration("Platform:GroupCommit").ValidateDataAnnotations().ValidateOnStart();
            services.AddOptions<FrontierOptions>().BindConfiguration("Platform:Frontier").ValidateDataAnnotations().ValidateOnStart();
            services.AddSingleton<FrontierMonitor>();
            services.AddHostedService(sp => sp.GetRequiredService<FrontierMonitor>());
            services.AddHealthChecks().AddCheck<FrontierHealthCheck>("event-log-frontier", HealthStatus.Degraded, ["ready"]);
        }
        else
        {
            services.AddSingleton(_ => SqliteConnectionFactory.ForFile(options.SqliteFile));
            services.AddSingleton<IEventLog>(sp => new FaultTranslatingEventLog(new SqliteEventLog(sp.GetRequiredService<SqliteConnectionFactory>())));
            services.AddSingleton<ISnapshotStore, SqliteSnapshotStore>();
            services.AddSingleton<ISecretStore, SqliteSecretStore>();
            services.AddSingleton<ITransactionReadModel, SqliteTransactionReadModel>();
            services.AddSingleton<ISagaIndex, SqliteSagaIndex>();
            services.AddSingleton<IProjectionStore, SqliteProjectionStore>();
            services.AddSingleton<IStreamCatalog, SqliteStreamCatalog>();
            // SQLite has a single writer: more than one transaction in flight would only queue on its lock.
            services.AddOptions<GroupCommitOptions>().BindConfiguration("Platform:GroupCommit")
                .PostConfigure(o => o.MaxConcurrentBatches = 1).ValidateDataAnnotations().ValidateOnStart();
        }

        services.AddSingleton<GroupCommitAppender>();
        return services;
    }
}

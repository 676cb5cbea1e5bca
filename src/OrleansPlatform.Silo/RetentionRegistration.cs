using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OrleansPlatform.Grains.Retention;
using OrleansPlatform.Storage.Retention;
using OrleansPlatform.Storage.Sqlite;

namespace OrleansPlatform.Silo;

/// <summary>Registers retention and deletion (issue 13): stream metadata and its application to public reads, deletes and the reclaim job.</summary>
public static class RetentionRegistration
{
    public static IServiceCollection AddPlatformRetention(this IServiceCollection services, PlatformOptions options)
    {
        if (options.Storage == StorageKind.Postgres)
        {
            services.AddSingleton<IStreamMetadataStore>(sp => new FaultTranslatingStreamMetadataStore(new PostgresStreamMetadataStore(sp.GetRequiredService<NpgsqlDataSource>())));
            services.AddSingleton<IStreamEraser>(sp => new FaultTranslatingStreamEraser(new PostgresStreamEraser(sp.GetRequiredService<NpgsqlDataSource>())));
        }
        else
        {
            services.AddSingleton<IStreamMetadataStore>(sp => new FaultTranslatingStreamMetadataStore(new SqliteStreamMetadataStore(sp.GetRequiredService<SqliteConnectionFactory>())));
            services.AddSingleton<IStreamEraser>(sp => new FaultTranslatingStreamEraser(new SqliteStreamEraser(sp.GetRequiredService<SqliteConnectionFactory>())));
        }

        services.AddSingleton<RetentionView>();
        services.AddSingleton<StreamDeletion>();
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }
}

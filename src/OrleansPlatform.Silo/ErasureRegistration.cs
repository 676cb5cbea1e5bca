using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using OrleansPlatform.Grains.Erasure;
using OrleansPlatform.Storage.Erasure;
using OrleansPlatform.Storage.Sqlite;

namespace OrleansPlatform.Silo;

/// <summary>Registers crypto-shredding (issue 13): subject keys, their per-silo cache, decryption on read and the master key check.</summary>
public static class ErasureRegistration
{
    /// <summary>Checks the master key against the database (a wrong or missing key stops start-up), then registers the services.</summary>
    public static IServiceCollection AddPlatformErasure(this IHostApplicationBuilder builder, PlatformOptions options)
    {
        MasterKeyStartupGate.Check(builder.Configuration, options);
        var services = builder.Services;
        services.AddOptions<ErasureOptions>().BindConfiguration(ErasureOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        if (options.Storage == StorageKind.Postgres)
        {
            services.AddSingleton<ISubjectKeyStore>(sp => new PostgresSubjectKeyStore(sp.GetRequiredService<NpgsqlDataSource>()));
        }
        else
        {
            services.AddSingleton<ISubjectKeyStore>(sp => new SqliteSubjectKeyStore(sp.GetRequiredService<SqliteConnectionFactory>()));
        }

        services.AddSingleton<SubjectKeyring>();
        services.AddSingleton<DecryptionStep>();
        services.AddHostedService<ErasedSubjectsRefresher>();
        return services;
    }
}

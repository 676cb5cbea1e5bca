using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansPlatform.Grains.EventStore;
using OrleansPlatform.Grains.TimeTravel;

namespace OrleansPlatform.Silo;

/// <summary>Turns a host into a platform process: a silo, a cluster client, or both roles of api.md.</summary>
public static class PlatformHostingExtensions
{
    /// <summary>
    /// Reads and validates <c>Platform:*</c>, then adds storage, schema migration and the Orleans silo (or, for a
    /// gateway-only process, the cluster client). Invalid settings stop start-up with a message naming the key.
    /// </summary>
    public static PlatformOptions AddOrleansPlatform(this IHostApplicationBuilder builder)
    {
        var options = ReadOptions(builder.Configuration);
        builder.Services.AddSingleton(Options.Create(options));
        builder.Services.AddOptions<EventStoreOptions>()
            .Bind(builder.Configuration.GetSection(PlatformOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<FeedOptions>()
            .Bind(builder.Configuration.GetSection(FeedOptions.Section))
            .Validate(feed => { feed.Validate(); return true; })
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHealthChecks().AddCheck<ClusterReadinessCheck>("cluster-and-storage", HealthStatus.Unhealthy, ["ready"]);

        if (options.RunsSilo)
        {
            PortAvailability.EnsureFree(options.SiloPort, "Platform:SiloPort");
            PortAvailability.EnsureFree(options.GatewayPort, "Platform:GatewayPort");
            WaitForDatabase(builder.Configuration, options);
            // Storage (and its migration, a hosted service) is registered before Orleans so the schema exists before
            // the silo's providers first touch it.
            builder.Services.AddPlatformStorage(options);
            builder.AddPlatformErasure(options);
            builder.Services.AddPlatformEventSchemas();
            builder.Services.AddPlatformStreamSnapshots();
            builder.Services.AddPlatformRetention(options);
            builder.Services.AddPlatformProjections();
            builder.UseOrleans(silo => silo.ConfigurePlatformSilo(options));
        }
        else
        {
            builder.UseOrleansClient(client => client.ConfigurePlatformClient(options));
        }

        return options;
    }

    private static void WaitForDatabase(IConfiguration configuration, PlatformOptions options)
    {
        if (options.Storage != StorageKind.Postgres)
        {
            return;
        }

        using var loggers = LoggerFactory.Create(logging => logging.AddConfiguration(configuration.GetSection("Logging")).AddSimpleConsole());
        var gate = new DatabaseStartupGate(options.PostgresConnectionString!, TimeProvider.System, loggers.CreateLogger<DatabaseStartupGate>());
        gate.WaitUntilReachableAsync(options.DatabaseStartupTimeout, CancellationToken.None).GetAwaiter().GetResult();
    }

    private static PlatformOptions ReadOptions(IConfiguration configuration)
    {
        var options = new PlatformOptions();
        try
        {
            configuration.GetSection(PlatformOptions.Section).Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            throw new OptionsValidationException(PlatformOptions.Section, typeof(PlatformOptions), [$"Invalid Platform setting: {ex.Message}"]);
        }

        options.PostgresConnectionString ??= configuration.GetConnectionString("Postgres");
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            throw new OptionsValidationException(PlatformOptions.Section, typeof(PlatformOptions), results.Select(r => r.ErrorMessage ?? "invalid"));
        }

        return options;
    }
}

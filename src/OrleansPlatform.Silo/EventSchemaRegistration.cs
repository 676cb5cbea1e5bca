using Microsoft.Extensions.DependencyInjection;
using OrleansPlatform.Grains.Schemas;

namespace OrleansPlatform.Silo;

/// <summary>Registers a silo's copy of the schema registry (issue 13) and what keeps it current.</summary>
public static class EventSchemaRegistration
{
    public static IServiceCollection AddPlatformEventSchemas(this IServiceCollection services)
    {
        services.AddOptions<SchemaOptions>().BindConfiguration(SchemaOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SchemaCatalog>();
        services.AddHostedService<SchemaCatalogRefresher>();
        return services;
    }
}

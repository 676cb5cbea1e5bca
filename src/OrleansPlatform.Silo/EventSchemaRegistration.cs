using Microsoft.Extensions.DependencyInjection;
using OrleansPlatform.Grains.Erasure;
using OrleansPlatform.Grains.Schemas;
using OrleansPlatform.Storage.EventLog;

namespace OrleansPlatform.Silo;

/// <summary>Registers a silo's copy of the schema registry (issue 13), what keeps it current, and the upcasting view of the log.</summary>
public static class EventSchemaRegistration
{
    /// <summary>Call after the storage registration: wraps its <see cref="IEventLog"/> so every reader sees upcast events.</summary>
    public static IServiceCollection AddPlatformEventSchemas(this IServiceCollection services)
    {
        services.AddOptions<SchemaOptions>().BindConfiguration(SchemaOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<Grains.Integrity.IntegrityOptions>().BindConfiguration(Grains.Integrity.IntegrityOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<Grains.Integrity.LogVerificationOptions>().BindConfiguration(Grains.Integrity.LogVerificationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SchemaCatalog>();
        services.AddHostedService<SchemaCatalogRefresher>();
        services.AddSingleton<UpcastStep>();

        var stored = services.Last(d => d.ServiceType == typeof(IEventLog));
        services.Remove(stored);
        services.AddSingleton(sp => new PresentingEventLog(Resolve(stored, sp), PresentationSteps(sp)));
        services.AddSingleton<IEventLog>(sp => sp.GetRequiredService<PresentingEventLog>());
        return services;
    }

    /// <summary>Decryption (when erasure is registered) comes first: an upcast works on plaintext.</summary>
    private static IEnumerable<IEventPresentationStep> PresentationSteps(IServiceProvider sp) =>
        [.. sp.GetServices<DecryptionStep>(), sp.GetRequiredService<UpcastStep>()];

    private static IEventLog Resolve(ServiceDescriptor descriptor, IServiceProvider sp) =>
        descriptor.ImplementationInstance as IEventLog
        ?? (IEventLog?)descriptor.ImplementationFactory?.Invoke(sp)
        ?? (IEventLog)ActivatorUtilities.CreateInstance(sp, descriptor.ImplementationType!);
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansPlatform.Contracts.Projections;
using OrleansPlatform.Grains.Projections;

namespace OrleansPlatform.Silo;

/// <summary>Registers the projection runtime's settings (issue 12) and .NET projections; its grains and store come with the silo and storage registrations.</summary>
public static class ProjectionRegistration
{
    public static IServiceCollection AddPlatformProjections(this IServiceCollection services)
    {
        services.TryAddSingleton<CodeProjections>();
        services.AddOptions<ProjectionOptions>().BindConfiguration(ProjectionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }

    /// <summary>
    /// Runs <typeparamref name="TProjection"/>, an <see cref="IProjection{TDocument}"/>, as the projection
    /// <paramref name="name"/> (default: the class name) in this silo. Register it in every silo of the cluster: a
    /// partition folds with the code of the silo it runs on. The silo stores its definition when it starts.
    /// </summary>
    /// <exception cref="ArgumentException">The name is not a valid projection name, or the class is no <see cref="IProjection{TDocument}"/>.</exception>
    public static IServiceCollection AddProjection<TProjection>(this IServiceCollection services, string? name = null)
        where TProjection : class
    {
        name ??= typeof(TProjection).Name;
        if (ProjectionRules.NameError(name) is { } error)
        {
            throw new ArgumentException(error, nameof(name));
        }

        if (!typeof(TProjection).GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IProjection<>)))
        {
            throw new ArgumentException($"{typeof(TProjection).Name} does not implement IProjection<TDocument>.", nameof(TProjection));
        }

        services.TryAddSingleton<TProjection>();
        services.AddSingleton(sp => CodeProjection.Create(name, sp.GetRequiredService<TProjection>()));
        services.TryAddSingleton<CodeProjections>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILifecycleParticipant<ISiloLifecycle>, CodeProjectionInstaller>());
        return services;
    }
}

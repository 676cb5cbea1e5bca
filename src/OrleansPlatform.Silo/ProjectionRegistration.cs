using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansPlatform.Grains.Projections;

namespace OrleansPlatform.Silo;

/// <summary>Registers the projection runtime's settings (issue 12); its grains and store come with the silo and storage registrations.</summary>
public static class ProjectionRegistration
{
    public static IServiceCollection AddPlatformProjections(this IServiceCollection services)
    {
        services.TryAddSingleton<CodeProjections>();
        services.AddOptions<ProjectionOptions>().BindConfiguration(ProjectionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }
}

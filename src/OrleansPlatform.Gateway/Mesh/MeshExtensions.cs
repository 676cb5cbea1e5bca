using Microsoft.Extensions.DependencyInjection;

namespace OrleansPlatform.Gateway.Mesh;

/// <summary>Registers the mesh: YARP's forwarder, the cached service views, the connection pool and the topology.</summary>
public static class MeshExtensions
{
    public static IServiceCollection AddPlatformMesh(this IServiceCollection services)
    {
        services.AddOptions<MeshOptions>().BindConfiguration(MeshOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpForwarder();
        services.AddSingleton<MeshHttp>();
        services.AddSingleton<MeshTopology>();
        services.AddSingleton<MeshCatalog>();
        services.AddHostedService(sp => sp.GetRequiredService<MeshCatalog>());
        services.AddSingleton<MeshForwarder>();
        return services;
    }
}

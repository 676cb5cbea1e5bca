using Microsoft.Extensions.DependencyInjection;
using OrleansPlatform.Grains.Snapshots;

namespace OrleansPlatform.Silo;

/// <summary>Registers stream-state snapshots (issue 12): validated options, the snapshot-backed fold and its scheduler.</summary>
public static class StreamSnapshotRegistration
{
    public static IServiceCollection AddPlatformStreamSnapshots(this IServiceCollection services)
    {
        services.AddOptions<SnapshotOptions>().BindConfiguration(SnapshotOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SnapshotScheduler>();
        services.AddSingleton<StreamStates>();
        services.AddSingleton<StreamSnapshotWriter>();
        return services;
    }
}

using System.Runtime.CompilerServices;
using OrleansPlatform.Contracts.Registry;

namespace OrleansPlatform.Client;

/// <summary><see cref="IServiceRegistry"/> over grain calls; validates locally so bad input never leaves the process.</summary>
internal sealed class ServiceRegistryClient(IClusterClient cluster, RegistrationKeeper keeper, ResolveCache cache) : IServiceRegistry
{
    private static readonly TimeSpan WatchSlice = TimeSpan.FromSeconds(15);

    public async Task<bool> RegisterAsync(string service, string instanceId, ServiceRegistration registration, CancellationToken cancellationToken = default)
    {
        RegistryRules.EnsureNames(service, instanceId);
        RegistryRules.EnsureValid(registration);
        var created = await Grain(service).RegisterAsync(instanceId, registration).WaitAsync(cancellationToken);
        keeper.Keep(service, instanceId, registration);
        return created;
    }

    public Task<bool> DeregisterAsync(string service, string instanceId, CancellationToken cancellationToken = default)
    {
        RegistryRules.EnsureNames(service, instanceId);
        keeper.Release(service, instanceId);
        return Grain(service).DeregisterAsync(instanceId).WaitAsync(cancellationToken);
    }

    public async Task<ResolvedInstance> ResolveAsync(string service, BalancingStrategy? strategy = null, string? key = null, CancellationToken cancellationToken = default)
    {
        RegistryRules.EnsureNames(service);
        return await cache.TryResolveAsync(service, strategy, cancellationToken)
            ?? await Grain(service).ResolveAsync(strategy, key).WaitAsync(cancellationToken);
    }

    public async Task<ServiceView?> GetServiceAsync(string service, CancellationToken cancellationToken = default)
    {
        RegistryRules.EnsureNames(service);
        var view = await Grain(service).GetAsync().WaitAsync(cancellationToken);
        return view.Index == 0 ? null : view;
    }

    public Task<IReadOnlyList<string>> ListServicesAsync(CancellationToken cancellationToken = default) =>
        cluster.GetGrain<IServiceDirectoryGrain>(0).ListAsync().WaitAsync(cancellationToken);

    public async IAsyncEnumerable<ServiceView> WatchAsync(string service, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        RegistryRules.EnsureNames(service);
        var grain = Grain(service);
        var view = await grain.GetAsync().WaitAsync(cancellationToken);
        yield return view;
        while (true)
        {
            var next = await grain.WaitForChangeAsync(view.Index, WatchSlice).WaitAsync(cancellationToken);
            if (next.Index > view.Index)
            {
                view = next;
                yield return view;
            }
        }
    }

    private IServiceGrain Grain(string service) => cluster.GetGrain<IServiceGrain>(service);
}

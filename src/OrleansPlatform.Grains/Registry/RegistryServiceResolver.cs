using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.Registry;
using OrleansPlatform.Grains.Calls;

namespace OrleansPlatform.Grains.Registry;

/// <summary>
/// Resolves the services sagas and transactions call through the registry (by the service's policy strategy, else
/// round robin). A service the registry has never seen instances of falls back to configuration
/// (<see cref="ConfiguredServiceResolver"/>); one whose instances are all unhealthy has no address.
/// </summary>
public sealed class RegistryServiceResolver(IGrainFactory grains, ConfiguredServiceResolver configured) : IServiceResolver
{
    public async Task<Uri?> ResolveAsync(string service, CancellationToken cancellationToken)
    {
        if (RegistryRules.ServiceNameError(service) is not null)
        {
            return await configured.ResolveAsync(service, cancellationToken);
        }

        try
        {
            var instance = await grains.GetGrain<IServiceGrain>(service).ResolveAsync(null, null).WaitAsync(cancellationToken);
            return new Uri(instance.Address);
        }
        catch (NoHealthyInstanceException e) when (e.Registered == 0)
        {
            return await configured.ResolveAsync(service, cancellationToken);
        }
        catch (NoHealthyInstanceException)
        {
            return null;
        }
    }
}

using Microsoft.Extensions.Configuration;

namespace OrleansPlatform.Grains.Calls;

/// <summary>
/// Resolves services from configuration (<c>Platform:Services:{name}</c> = base address), the static form of service
/// discovery; the service registry resolves the services registered with it.
/// </summary>
public sealed class ConfiguredServiceResolver(IConfiguration configuration) : IServiceResolver
{
    public Task<Uri?> ResolveAsync(string service, CancellationToken cancellationToken) =>
        Task.FromResult(configuration[$"Platform:Services:{service}"] is { } address && Uri.TryCreate(address, UriKind.Absolute, out var uri) ? uri : null);
}

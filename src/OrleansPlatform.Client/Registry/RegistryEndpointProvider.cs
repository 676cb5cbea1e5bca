using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Microsoft.Extensions.ServiceDiscovery;
using OrleansPlatform.Contracts.Registry;

namespace OrleansPlatform.Client;

/// <summary>
/// Lets .NET service discovery (<c>AddServiceDiscovery()</c>) resolve <c>http://{service}</c> through the registry:
/// any service name that is a valid registry name gets a <see cref="RegistryEndpointProvider"/>.
/// </summary>
internal sealed class RegistryEndpointProviderFactory(IClusterClient cluster, ILogger<RegistryEndpointProvider> logger) : IServiceEndpointProviderFactory
{
    public bool TryCreateProvider(ServiceEndpointQuery query, [NotNullWhen(true)] out IServiceEndpointProvider? provider)
    {
        provider = RegistryRules.ServiceNameError(query.ServiceName) is null ? new RegistryEndpointProvider(cluster, query.ServiceName, logger) : null;
        return provider is not null;
    }
}

/// <summary>
/// The healthy instances of one service as endpoints (their base addresses), with a change token that fires on the
/// service's next change, so service discovery refreshes within a second of a registration, deregistration or health
/// transition instead of on its polling period. A service without healthy instances adds no endpoint.
/// </summary>
internal sealed partial class RegistryEndpointProvider(IClusterClient cluster, string service, ILogger<RegistryEndpointProvider> logger) : IServiceEndpointProvider
{
    private static readonly TimeSpan WatchSlice = TimeSpan.FromSeconds(15);

    private readonly CancellationTokenSource _disposed = new();

    public async ValueTask PopulateAsync(IServiceEndpointBuilder endpoints, CancellationToken cancellationToken)
    {
        var grain = cluster.GetGrain<IServiceGrain>(service);
        var view = await grain.GetAsync().WaitAsync(cancellationToken);
        foreach (var instance in view.Instances.Where(i => i.Status == InstanceStatus.Healthy))
        {
            endpoints.Endpoints.Add(ServiceEndpoint.Create(new UriEndPoint(new Uri(instance.Address))));
        }

        var changed = CancellationTokenSource.CreateLinkedTokenSource(_disposed.Token);
        endpoints.AddChangeToken(new CancellationChangeToken(changed.Token));
        // Runs outside any grain: a plain background wait whose only effect is to fire the change token.
        _ = SignalNextChangeAsync(grain, view.Index, changed);
    }

    public async ValueTask DisposeAsync()
    {
        await _disposed.CancelAsync();
        _disposed.Dispose();
    }

    private async Task SignalNextChangeAsync(IServiceGrain grain, long index, CancellationTokenSource changed)
    {
        try
        {
            var token = _disposed.Token;
            while (!token.IsCancellationRequested)
            {
                if ((await grain.WaitForChangeAsync(index, WatchSlice).WaitAsync(token)).Index > index)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Refresh anyway: a fresh population retries the registry.
            LogWatchFailed(logger, ex, service);
        }

        try
        {
            await changed.CancelAsync();
        }
        finally
        {
            changed.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watching service {Service} for service discovery failed; its endpoints are refreshed now")]
    private static partial void LogWatchFailed(ILogger logger, Exception exception, string service);
}

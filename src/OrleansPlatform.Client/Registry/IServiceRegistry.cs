using OrleansPlatform.Contracts.Registry;

namespace OrleansPlatform.Client;

/// <summary>
/// The service registry as a .NET service uses it: register this process's instances (kept alive by heartbeats and
/// deregistered when the host stops), find and resolve other services, and watch them change. Errors are typed
/// exceptions: <see cref="Contracts.Errors.PlatformValidationException"/> (invalid names or registration),
/// <see cref="Contracts.Errors.NoHealthyInstanceException"/> (nothing to resolve to).
/// </summary>
/// <example>
/// <code>
/// var registry = app.Services.GetRequiredService&lt;IServiceRegistry&gt;();
/// await registry.RegisterAsync("orders", "orders-1", new ServiceRegistration("http://10.0.0.5:8080", Ttl: TimeSpan.FromSeconds(15)));
/// var instance = await registry.ResolveAsync("payments", BalancingStrategy.LeastConnections);
/// </code>
/// </example>
public interface IServiceRegistry
{
    /// <summary>
    /// Registers (or updates) an instance and keeps it registered: while the host runs, a hosted service sends a
    /// heartbeat every third of its <see cref="ServiceRegistration.Ttl"/> and registers it again should the registry
    /// have reaped it; when the host stops, the instance is deregistered. Returns true when the instance was new.
    /// </summary>
    Task<bool> RegisterAsync(string service, string instanceId, ServiceRegistration registration, CancellationToken cancellationToken = default);

    /// <summary>Deregisters an instance and stops its heartbeats; false when it was not registered.</summary>
    Task<bool> DeregisterAsync(string service, string instanceId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Picks one healthy instance of <paramref name="service"/>: by <paramref name="strategy"/>, else by the service
    /// policy's <c>loadBalancing</c>, else round robin. <paramref name="key"/> is required for consistent hashing.
    /// </summary>
    /// <exception cref="Contracts.Errors.NoHealthyInstanceException">No instance is healthy.</exception>
    Task<ResolvedInstance> ResolveAsync(string service, BalancingStrategy? strategy = null, string? key = null, CancellationToken cancellationToken = default);

    /// <summary>The service with its instances and policy, or null when it was never registered.</summary>
    Task<ServiceView?> GetServiceAsync(string service, CancellationToken cancellationToken = default);

    /// <summary>The names of every registered service.</summary>
    Task<IReadOnlyList<string>> ListServicesAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The service now, then again after every change (registration, deregistration, health transition, policy),
    /// each with a higher <see cref="ServiceView.Index"/>; a change arrives within a second. Ends by throwing
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires.
    /// </summary>
    IAsyncEnumerable<ServiceView> WatchAsync(string service, CancellationToken cancellationToken = default);
}

using Orleans.Concurrency;

namespace OrleansPlatform.Contracts.Registry;

/// <summary>
/// One service of the registry, keyed by service name and journaled in <c>$service:{name}</c>: registrations,
/// deregistrations, health transitions and policy changes are its events; heartbeats are kept in memory only.
/// </summary>
[Alias("op.registry.IServiceGrain")]
public interface IServiceGrain : IGrainWithStringKey
{
    /// <summary>Registers an instance, or updates its registration; true when it was new.</summary>
    /// <exception cref="Errors.PlatformValidationException">The registration is invalid.</exception>
    [Alias("Register")]
    Task<bool> RegisterAsync(string instanceId, ServiceRegistration registration);

    /// <summary>Records a sign of life of an instance (in memory, no write); false when the instance is not registered.</summary>
    [Alias("Heartbeat"), AlwaysInterleave]
    Task<bool> HeartbeatAsync(string instanceId);

    /// <summary>Removes an instance; false when it was not registered (the call is idempotent).</summary>
    [Alias("Deregister")]
    Task<bool> DeregisterAsync(string instanceId);

    /// <summary>Sets the service's policy; true when it changed.</summary>
    /// <exception cref="Errors.PlatformValidationException">The policy is invalid.</exception>
    [Alias("PutPolicy")]
    Task<bool> PutPolicyAsync(ServicePolicy policy);

    /// <summary>The service as of now (index 0 and no instances when it was never registered).</summary>
    [Alias("Get"), AlwaysInterleave]
    Task<ServiceView> GetAsync();

    /// <summary>
    /// Answers once the service's index passes <paramref name="afterIndex"/>, or when <paramref name="wait"/> is over
    /// (at most 20 s, below the grain call timeout), with the service as of then.
    /// </summary>
    [Alias("WaitForChange"), AlwaysInterleave]
    Task<ServiceView> WaitForChangeAsync(long afterIndex, TimeSpan wait);

    /// <summary>
    /// Picks one healthy instance by <paramref name="strategy"/> (null: the policy's <c>loadBalancing</c>, else round robin).
    /// </summary>
    /// <param name="strategy">How to pick.</param>
    /// <param name="key">The key for <see cref="BalancingStrategy.ConsistentHash"/>.</param>
    /// <exception cref="Errors.NoHealthyInstanceException">No instance of the service is healthy.</exception>
    /// <exception cref="Errors.PlatformValidationException">Consistent hashing without a key.</exception>
    [Alias("Resolve"), AlwaysInterleave]
    Task<ResolvedInstance> ResolveAsync(BalancingStrategy? strategy, string? key);

    /// <summary>
    /// Reports how many calls to an instance are in flight from one caller (the mesh reports its own counts), used by
    /// <see cref="BalancingStrategy.LeastConnections"/>. An absolute count, so a repeated report is harmless.
    /// </summary>
    [Alias("ReportInFlight"), AlwaysInterleave]
    Task ReportInFlightAsync(string caller, string instanceId, int inFlight);

    /// <summary>
    /// Passive outlier ejection, as the mesh reports it: takes a healthy instance out of resolution for the policy's
    /// growing ejection time (journaled, so it shows in the global feed), unless that would eject more than the policy's
    /// <see cref="PolicyOutlierEjection.MaxEjectionPercent"/> of the instances. Returns the ejection's end, or null
    /// when the instance is unknown, already ejected, or the cap refused it.
    /// </summary>
    [Alias("Eject")]
    Task<DateTimeOffset?> EjectAsync(string instanceId, string reason);
}

/// <summary>The names of every service ever registered (one grain, key 0), journaled in <c>$services</c>.</summary>
[Alias("op.registry.IServiceDirectoryGrain")]
public interface IServiceDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>Adds a service name; a name already listed is not written again.</summary>
    [Alias("Add")]
    Task AddAsync(string service);

    /// <summary>Every service name, ordered.</summary>
    [Alias("List"), AlwaysInterleave]
    Task<IReadOnlyList<string>> ListAsync();
}

namespace OrleansPlatform.Contracts.Registry;

/// <summary>One registered instance as readers see it.</summary>
/// <param name="InstanceId">Its id, unique within the service.</param>
/// <param name="Address">Its base address.</param>
/// <param name="Status">Healthy or unhealthy.</param>
/// <param name="Weight">Its weight.</param>
/// <param name="Metadata">Its metadata.</param>
/// <param name="Tags">Its tags.</param>
/// <param name="LastHeartbeat">When the registry last heard from it (registration or heartbeat), since the registry's activation.</param>
/// <param name="HealthCheck">Its health check, if it declared one.</param>
/// <param name="Ttl">Its heartbeat ttl, if it declared one.</param>
/// <param name="EjectedUntil">Until when passive outlier ejection keeps it out of resolution, or null when it is not ejected.</param>
[GenerateSerializer, Immutable, Alias("op.registry.ServiceInstanceInfo")]
public sealed record ServiceInstanceInfo(
    [property: Id(0)] string InstanceId,
    [property: Id(1)] string Address,
    [property: Id(2)] InstanceStatus Status,
    [property: Id(3)] int Weight,
    [property: Id(4)] IReadOnlyDictionary<string, string> Metadata,
    [property: Id(5)] IReadOnlyList<string> Tags,
    [property: Id(6)] DateTimeOffset? LastHeartbeat,
    [property: Id(7)] HealthCheckSettings? HealthCheck,
    [property: Id(8)] TimeSpan? Ttl,
    [property: Id(9)] DateTimeOffset? EjectedUntil = null);

/// <summary>A service: its instances and policy as of <paramref name="Index"/>.</summary>
/// <param name="Service">The service name.</param>
/// <param name="Index">
/// The service's own change index (its journal's version): it grows with every registration, deregistration, health
/// transition and policy change of this service, and never with heartbeats. 0 means the service was never registered.
/// </param>
/// <param name="Policy">Its policy, or null when none was set.</param>
/// <param name="Instances">Its instances, ordered by id.</param>
[GenerateSerializer, Immutable, Alias("op.registry.ServiceView")]
public sealed record ServiceView(
    [property: Id(0)] string Service,
    [property: Id(1)] long Index,
    [property: Id(2)] ServicePolicy? Policy,
    [property: Id(3)] IReadOnlyList<ServiceInstanceInfo> Instances);

/// <summary>The instance a resolve chose.</summary>
/// <param name="InstanceId">Its id.</param>
/// <param name="Address">Its base address.</param>
/// <param name="Weight">Its weight.</param>
/// <param name="Metadata">Its metadata.</param>
[GenerateSerializer, Immutable, Alias("op.registry.ResolvedInstance")]
public sealed record ResolvedInstance(
    [property: Id(0)] string InstanceId,
    [property: Id(1)] string Address,
    [property: Id(2)] int Weight,
    [property: Id(3)] IReadOnlyDictionary<string, string> Metadata);

/// <summary>How a resolve picks one healthy instance.</summary>
public enum BalancingStrategy
{
    /// <summary>Each healthy instance in turn.</summary>
    RoundRobin,

    /// <summary>Smooth weighted round robin (as nginx): shares follow weights, without bursts to one instance.</summary>
    Weighted,

    /// <summary>The instance with the fewest in-flight calls, as reported by callers (the mesh).</summary>
    LeastConnections,

    /// <summary>A uniformly random instance.</summary>
    Random,

    /// <summary>The same key goes to the same instance while the set of healthy instances stays the same (a hash ring).</summary>
    ConsistentHash,
}

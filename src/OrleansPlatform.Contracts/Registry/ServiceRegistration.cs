namespace OrleansPlatform.Contracts.Registry;

/// <summary>What an instance declares when it registers with a service.</summary>
/// <param name="Address">Its base address, an absolute http(s) URL such as <c>http://127.0.0.1:7001</c>.</param>
/// <param name="Weight">Its share of traffic under the weighted strategy (1 to <see cref="RegistryRules.MaxWeight"/>).</param>
/// <param name="Metadata">Free-form key/value pairs returned with the instance (version, zone...).</param>
/// <param name="Tags">Free-form labels.</param>
/// <param name="HealthCheck">An HTTP check the registry runs against the instance, or null for none.</param>
/// <param name="Ttl">
/// How long the instance stays healthy without a heartbeat, or null when it does not send heartbeats (then only its
/// health check, if any, can mark it unhealthy).
/// </param>
[GenerateSerializer, Immutable, Alias("op.registry.ServiceRegistration")]
public sealed record ServiceRegistration(
    [property: Id(0)] string Address,
    [property: Id(1)] int Weight = 1,
    [property: Id(2)] IReadOnlyDictionary<string, string>? Metadata = null,
    [property: Id(3)] IReadOnlyList<string>? Tags = null,
    [property: Id(4)] HealthCheckSettings? HealthCheck = null,
    [property: Id(5)] TimeSpan? Ttl = null);

/// <summary>An active HTTP health check: a GET of <paramref name="Path"/> that must answer 2xx within <paramref name="Timeout"/>.</summary>
/// <param name="Path">The path on the instance, starting with <c>/</c>.</param>
/// <param name="Interval">How often it runs.</param>
/// <param name="Timeout">How long one check may take; null means the registry's default.</param>
[GenerateSerializer, Immutable, Alias("op.registry.HealthCheckSettings")]
public sealed record HealthCheckSettings(
    [property: Id(0)] string Path,
    [property: Id(1)] TimeSpan Interval,
    [property: Id(2)] TimeSpan? Timeout = null);

/// <summary>Whether an instance receives traffic.</summary>
public enum InstanceStatus
{
    /// <summary>Heartbeats arrive within its ttl and its health check passes.</summary>
    Healthy,

    /// <summary>Its ttl passed without a heartbeat, or its health check failed often enough; it is reaped later.</summary>
    Unhealthy,
}

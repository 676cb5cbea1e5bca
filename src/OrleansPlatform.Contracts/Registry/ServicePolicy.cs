namespace OrleansPlatform.Contracts.Registry;

/// <summary>
/// How calls to a service are to be made, as set with <c>PUT /api/v1/services/{service}/policy</c>. The registry
/// stores and validates it and uses <see cref="LoadBalancing"/> as the default resolve strategy; the mesh enforces the rest.
/// </summary>
/// <param name="AllowedCallers">The services allowed to call this one; null allows every caller.</param>
/// <param name="RateLimit">Calls allowed per caller, or null for no limit.</param>
/// <param name="Timeout">How long one attempt may take.</param>
/// <param name="Retry">Retries of idempotent calls.</param>
/// <param name="CircuitBreaker">When an instance's breaker opens.</param>
/// <param name="LoadBalancing">The default strategy.</param>
/// <param name="OutlierEjection">Passive outlier ejection by the mesh; null means the mesh's defaults.</param>
/// <param name="Deadline">How long a mesh call may take in all, retries included; null means <see cref="Timeout"/> times the attempts.</param>
[GenerateSerializer, Immutable, Alias("op.registry.ServicePolicy")]
public sealed record ServicePolicy(
    [property: Id(0)] IReadOnlyList<string>? AllowedCallers = null,
    [property: Id(1)] PolicyRateLimit? RateLimit = null,
    [property: Id(2)] TimeSpan? Timeout = null,
    [property: Id(3)] PolicyRetry? Retry = null,
    [property: Id(4)] PolicyCircuitBreaker? CircuitBreaker = null,
    [property: Id(5)] BalancingStrategy? LoadBalancing = null,
    [property: Id(6)] PolicyOutlierEjection? OutlierEjection = null,
    [property: Id(7)] TimeSpan? Deadline = null)
{
    /// <summary>Value equality over the lists too, so repeating the same policy is recognised as no change.</summary>
    public bool Equals(ServicePolicy? other) =>
        other is not null
        && (AllowedCallers ?? []).SequenceEqual(other.AllowedCallers ?? []) && (AllowedCallers is null) == (other.AllowedCallers is null)
        && RateLimit == other.RateLimit && Timeout == other.Timeout && Retry == other.Retry
        && CircuitBreaker == other.CircuitBreaker && LoadBalancing == other.LoadBalancing
        && OutlierEjection == other.OutlierEjection && Deadline == other.Deadline;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(AllowedCallers?.Count, RateLimit, Timeout, Retry, CircuitBreaker, LoadBalancing);
}

/// <summary>A token bucket: <paramref name="PermitsPerSecond"/> refill, up to <paramref name="Burst"/> at once.</summary>
[GenerateSerializer, Immutable, Alias("op.registry.PolicyRateLimit")]
public sealed record PolicyRateLimit([property: Id(0)] double PermitsPerSecond, [property: Id(1)] int Burst);

/// <summary>At most <paramref name="MaxAttempts"/> attempts of an idempotent call.</summary>
/// <param name="MaxAttempts">Attempts in all, the first included (1 to 10).</param>
/// <param name="BudgetPercent">
/// Retries allowed, as a share of the service's calls (a retry budget, as Finagle and Envoy): past it the mesh stops
/// retrying, so retries cannot multiply the load on a struggling service. Null means 20 %.
/// </param>
[GenerateSerializer, Immutable, Alias("op.registry.PolicyRetry")]
public sealed record PolicyRetry([property: Id(0)] int MaxAttempts, [property: Id(1)] double? BudgetPercent = null);

/// <summary>
/// Passive outlier ejection: after <paramref name="ConsecutiveFailures"/> 5xx answers or connection failures in a row
/// the mesh ejects an instance for <paramref name="BaseEjectionTime"/> times the number of its ejections (at most ten
/// times), but never more than <paramref name="MaxEjectionPercent"/> of the service's instances at once.
/// </summary>
/// <param name="ConsecutiveFailures">Failures in a row that eject (at least 1).</param>
/// <param name="BaseEjectionTime">The first ejection's length.</param>
/// <param name="MaxEjectionPercent">The largest share of instances ejected at once (0 disables ejection).</param>
[GenerateSerializer, Immutable, Alias("op.registry.PolicyOutlierEjection")]
public sealed record PolicyOutlierEjection(
    [property: Id(0)] int ConsecutiveFailures,
    [property: Id(1)] TimeSpan BaseEjectionTime,
    [property: Id(2)] int MaxEjectionPercent)
{
    /// <summary>What the mesh applies when a policy names none: 5 failures, 30 s, half the instances.</summary>
    public static PolicyOutlierEjection Default { get; } = new(5, TimeSpan.FromSeconds(30), 50);

    /// <summary>How many of <paramref name="instances"/> may be ejected at once.</summary>
    public int MaxEjected(int instances) => (int)Math.Floor(instances * MaxEjectionPercent / 100.0);

    /// <summary>The length of an instance's <paramref name="ejections"/>-th ejection.</summary>
    public TimeSpan EjectionTime(int ejections) => BaseEjectionTime * Math.Clamp(ejections, 1, 10);
}

/// <summary>An instance's breaker opens for <paramref name="BreakDuration"/> when failures pass <paramref name="FailureRatio"/> of at least <paramref name="MinimumThroughput"/> calls.</summary>
[GenerateSerializer, Immutable, Alias("op.registry.PolicyCircuitBreaker")]
public sealed record PolicyCircuitBreaker(
    [property: Id(0)] double FailureRatio,
    [property: Id(1)] int MinimumThroughput,
    [property: Id(2)] TimeSpan BreakDuration);

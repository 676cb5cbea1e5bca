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
[GenerateSerializer, Immutable, Alias("op.registry.ServicePolicy")]
public sealed record ServicePolicy(
    [property: Id(0)] IReadOnlyList<string>? AllowedCallers = null,
    [property: Id(1)] PolicyRateLimit? RateLimit = null,
    [property: Id(2)] TimeSpan? Timeout = null,
    [property: Id(3)] PolicyRetry? Retry = null,
    [property: Id(4)] PolicyCircuitBreaker? CircuitBreaker = null,
    [property: Id(5)] BalancingStrategy? LoadBalancing = null)
{
    /// <summary>Value equality over the lists too, so repeating the same policy is recognised as no change.</summary>
    public bool Equals(ServicePolicy? other) =>
        other is not null
        && (AllowedCallers ?? []).SequenceEqual(other.AllowedCallers ?? []) && (AllowedCallers is null) == (other.AllowedCallers is null)
        && RateLimit == other.RateLimit && Timeout == other.Timeout && Retry == other.Retry
        && CircuitBreaker == other.CircuitBreaker && LoadBalancing == other.LoadBalancing;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(AllowedCallers?.Count, RateLimit, Timeout, Retry, CircuitBreaker, LoadBalancing);
}

/// <summary>A token bucket: <paramref name="PermitsPerSecond"/> refill, up to <paramref name="Burst"/> at once.</summary>
[GenerateSerializer, Immutable, Alias("op.registry.PolicyRateLimit")]
public sealed record PolicyRateLimit([property: Id(0)] double PermitsPerSecond, [property: Id(1)] int Burst);

/// <summary>At most <paramref name="MaxAttempts"/> attempts of an idempotent call.</summary>
[GenerateSerializer, Immutable, Alias("op.registry.PolicyRetry")]
public sealed record PolicyRetry([property: Id(0)] int MaxAttempts);

/// <summary>An instance's breaker opens for <paramref name="BreakDuration"/> when failures pass <paramref name="FailureRatio"/> of at least <paramref name="MinimumThroughput"/> calls.</summary>
[GenerateSerializer, Immutable, Alias("op.registry.PolicyCircuitBreaker")]
public sealed record PolicyCircuitBreaker(
    [property: Id(0)] double FailureRatio,
    [property: Id(1)] int MinimumThroughput,
    [property: Id(2)] TimeSpan BreakDuration);

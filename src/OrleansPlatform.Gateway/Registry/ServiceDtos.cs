using System.Text.Json;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.Registry;

namespace OrleansPlatform.Gateway.Registry;

/// <summary>Body of <c>PUT /api/v1/services/{service}/instances/{instanceId}</c>.</summary>
public sealed record RegisterInstanceBody(
    string? Address, int? Weight, Dictionary<string, string>? Metadata, List<string>? Tags, HealthCheckBody? HealthCheck, TimeSpan? Ttl)
{
    public ServiceRegistration ToRegistration() => new(
        Address ?? throw new PlatformValidationException("address", "The address is required."),
        Weight ?? 1,
        Metadata ?? [],
        Tags ?? [],
        HealthCheck is { } check ? new HealthCheckSettings(check.Path ?? "", check.Interval ?? TimeSpan.FromSeconds(10), check.Timeout) : null,
        Ttl);
}

public sealed record HealthCheckBody(string? Path, TimeSpan? Interval, TimeSpan? Timeout);

/// <summary>Body of <c>PUT /api/v1/services/{service}/policy</c>, and the policy as returned.</summary>
public sealed record PolicyBody(
    List<string>? AllowedCallers,
    PolicyRateLimitBody? RateLimit,
    TimeSpan? Timeout,
    PolicyRetryBody? Retry,
    PolicyCircuitBreakerBody? CircuitBreaker,
    string? LoadBalancing,
    PolicyOutlierEjectionBody? OutlierEjection = null,
    TimeSpan? Deadline = null)
{
    public ServicePolicy ToPolicy() => new(
        AllowedCallers,
        RateLimit is { } l ? new PolicyRateLimit(l.PermitsPerSecond, l.Burst ?? (int)Math.Ceiling(l.PermitsPerSecond)) : null,
        Timeout,
        Retry is { } r ? new PolicyRetry(r.MaxAttempts, r.BudgetPercent) : null,
        CircuitBreaker is { } b ? new PolicyCircuitBreaker(b.FailureRatio, b.MinimumThroughput, b.BreakDuration) : null,
        LoadBalancing is null ? null
            : RegistryRules.ParseStrategy(LoadBalancing) ?? throw new PlatformValidationException("loadBalancing", $"Unknown strategy '{LoadBalancing}'; use {ServiceEndpoints.StrategyNames}."),
        OutlierEjection is { } e
            ? new PolicyOutlierEjection(
                e.ConsecutiveFailures ?? PolicyOutlierEjection.Default.ConsecutiveFailures,
                e.BaseEjectionTime ?? PolicyOutlierEjection.Default.BaseEjectionTime,
                e.MaxEjectionPercent ?? PolicyOutlierEjection.Default.MaxEjectionPercent)
            : null,
        Deadline);

    public static PolicyBody From(ServicePolicy p) => new(
        p.AllowedCallers?.ToList(),
        p.RateLimit is { } l ? new PolicyRateLimitBody(l.PermitsPerSecond, l.Burst) : null,
        p.Timeout,
        p.Retry is { } r ? new PolicyRetryBody(r.MaxAttempts, r.BudgetPercent) : null,
        p.CircuitBreaker is { } b ? new PolicyCircuitBreakerBody(b.FailureRatio, b.MinimumThroughput, b.BreakDuration) : null,
        p.LoadBalancing is { } s ? StrategyName(s) : null,
        p.OutlierEjection is { } e ? new PolicyOutlierEjectionBody(e.ConsecutiveFailures, e.BaseEjectionTime, e.MaxEjectionPercent) : null,
        p.Deadline);

    internal static string StrategyName(BalancingStrategy strategy) => JsonNamingPolicy.CamelCase.ConvertName(strategy.ToString());
}

public sealed record PolicyRateLimitBody(double PermitsPerSecond, int? Burst);

public sealed record PolicyRetryBody(int MaxAttempts, double? BudgetPercent = null);

public sealed record PolicyOutlierEjectionBody(int? ConsecutiveFailures, TimeSpan? BaseEjectionTime, int? MaxEjectionPercent);

public sealed record PolicyCircuitBreakerBody(double FailureRatio, int MinimumThroughput, TimeSpan BreakDuration);

public sealed record InstanceDto(
    string InstanceId, string Address, string Status, int Weight, IReadOnlyDictionary<string, string> Metadata, IReadOnlyList<string> Tags,
    DateTimeOffset? LastHeartbeat, HealthCheckBody? HealthCheck, TimeSpan? Ttl, DateTimeOffset? EjectedUntil = null)
{
    public static InstanceDto From(ServiceInstanceInfo i) => new(
        i.InstanceId, i.Address, i.Status == InstanceStatus.Healthy ? "healthy" : "unhealthy", i.Weight, i.Metadata, i.Tags, i.LastHeartbeat,
        i.HealthCheck is { } c ? new HealthCheckBody(c.Path, c.Interval, c.Timeout) : null, i.Ttl, i.EjectedUntil);
}

public sealed record ServiceDto(string Service, long Index, PolicyBody? Policy, IReadOnlyList<InstanceDto> Instances)
{
    public static ServiceDto From(ServiceView v) =>
        new(v.Service, v.Index, v.Policy is { } p ? PolicyBody.From(p) : null, v.Instances.Select(InstanceDto.From).ToList());
}

public sealed record ServiceSummaryDto(string Service, long Index, int Instances, int Healthy);

public sealed record ServiceListDto(IReadOnlyList<ServiceSummaryDto> Services);

public sealed record ResolvedInstanceDto(string InstanceId, string Address, int Weight, IReadOnlyDictionary<string, string> Metadata)
{
    public static ResolvedInstanceDto From(ResolvedInstance r) => new(r.InstanceId, r.Address, r.Weight, r.Metadata);
}

using OrleansPlatform.Contracts.Errors;

namespace OrleansPlatform.Contracts.Registry;

/// <summary>Validation of registry input, shared by gateway, client and grains.</summary>
public static class RegistryRules
{
    /// <summary>The largest instance weight.</summary>
    public const int MaxWeight = 10_000;

    /// <summary>The most allowed callers a policy may list.</summary>
    public const int MaxAllowedCallers = 1_000;

    /// <summary>
    /// Returns an error when <paramref name="name"/> is not a valid service name: a DNS label (lower-case letters,
    /// digits, '-', at most 63), so <c>http://{service}</c> works with .NET service discovery.
    /// </summary>
    public static string? ServiceNameError(string? name) =>
        string.IsNullOrEmpty(name) || name.Length > 63 || name[0] == '-' || name[^1] == '-'
        || name.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            ? "A service name has 1 to 63 lower-case letters, digits or '-', and neither starts nor ends with '-'."
            : null;

    /// <summary>Returns an error when <paramref name="id"/> is not a valid instance id.</summary>
    public static string? InstanceIdError(string? id) =>
        string.IsNullOrEmpty(id) || id.Length > 128 || id.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' or ':'))
            ? "An instance id has 1 to 128 letters, digits, '_', '.', '-' or ':'."
            : null;

    /// <summary>Throws <see cref="PlatformValidationException"/> unless the names are valid.</summary>
    public static void EnsureNames(string service, string? instanceId = null)
    {
        if (ServiceNameError(service) is { } error)
        {
            throw new PlatformValidationException("service", error);
        }

        if (instanceId is not null && InstanceIdError(instanceId) is { } idError)
        {
            throw new PlatformValidationException("instanceId", idError);
        }
    }

    /// <summary>Throws <see cref="PlatformValidationException"/> listing every problem of <paramref name="registration"/>.</summary>
    public static void EnsureValid(ServiceRegistration registration)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Uri.TryCreate(registration.Address, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            errors["address"] = ["The address is an absolute http(s) URL such as http://127.0.0.1:7001."];
        }

        if (registration.Weight is < 1 or > MaxWeight)
        {
            errors["weight"] = [$"The weight is between 1 and {MaxWeight}."];
        }

        if (registration.Ttl is { } ttl && (ttl < TimeSpan.FromMilliseconds(100) || ttl > TimeSpan.FromDays(1)))
        {
            errors["ttl"] = ["The ttl is between 100 ms and one day."];
        }

        if (registration.HealthCheck is { } check)
        {
            if (check.Path is not { Length: > 0 } path || path[0] != '/')
            {
                errors["healthCheck.path"] = ["The health check path starts with '/'."];
            }

            if (check.Interval < TimeSpan.FromMilliseconds(50) || check.Interval > TimeSpan.FromHours(1))
            {
                errors["healthCheck.interval"] = ["The health check interval is between 50 ms and one hour."];
            }

            if (check.Timeout is { } timeout && (timeout <= TimeSpan.Zero || timeout > TimeSpan.FromMinutes(1)))
            {
                errors["healthCheck.timeout"] = ["The health check timeout is positive and at most one minute."];
            }
        }

        if (registration.Metadata is { Count: > 64 } || registration.Tags is { Count: > 64 })
        {
            errors["metadata"] = ["At most 64 metadata entries and 64 tags."];
        }

        ThrowIfAny(errors);
    }

    /// <summary>Throws <see cref="PlatformValidationException"/> listing every problem of <paramref name="policy"/>.</summary>
    public static void EnsureValid(ServicePolicy policy)
    {
        var errors = new Dictionary<string, string[]>();
        if (policy.AllowedCallers is { } callers
            && (callers.Count > MaxAllowedCallers || callers.Any(c => ServiceNameError(c) is not null)))
        {
            errors["allowedCallers"] = [$"Allowed callers are at most {MaxAllowedCallers} valid service names."];
        }

        if (policy.RateLimit is { } limit && (!(limit.PermitsPerSecond > 0) || double.IsInfinity(limit.PermitsPerSecond) || limit.Burst < 1))
        {
            errors["rateLimit"] = ["permitsPerSecond is positive and burst at least 1."];
        }

        if (policy.Timeout is { } timeout && (timeout <= TimeSpan.Zero || timeout > TimeSpan.FromMinutes(10)))
        {
            errors["timeout"] = ["The timeout is positive and at most ten minutes."];
        }

        if (policy.Retry is { } retry && retry.MaxAttempts is < 1 or > 10)
        {
            errors["retry.maxAttempts"] = ["maxAttempts is between 1 and 10."];
        }

        if (policy.Retry is { BudgetPercent: { } budget } && !(budget is >= 0 and <= 100))
        {
            errors["retry.budgetPercent"] = ["budgetPercent is between 0 and 100."];
        }

        if (policy.OutlierEjection is { } ejection
            && (ejection.ConsecutiveFailures < 1 || ejection.BaseEjectionTime < TimeSpan.FromMilliseconds(100)
                || ejection.BaseEjectionTime > TimeSpan.FromHours(1) || ejection.MaxEjectionPercent is < 0 or > 100))
        {
            errors["outlierEjection"] = ["consecutiveFailures is at least 1, baseEjectionTime between 100 ms and one hour, maxEjectionPercent between 0 and 100."];
        }

        if (policy.Deadline is { } deadline && (deadline <= TimeSpan.Zero || deadline > TimeSpan.FromMinutes(10)))
        {
            errors["deadline"] = ["The deadline is positive and at most ten minutes."];
        }

        if (policy.CircuitBreaker is { } breaker
            && (!(breaker.FailureRatio is > 0 and <= 1) || breaker.MinimumThroughput < 1 || breaker.BreakDuration <= TimeSpan.Zero))
        {
            errors["circuitBreaker"] = ["failureRatio is in (0, 1], minimumThroughput at least 1 and breakDuration positive."];
        }

        if (policy.LoadBalancing is { } strategy && !Enum.IsDefined(strategy))
        {
            errors["loadBalancing"] = ["Unknown strategy."];
        }

        ThrowIfAny(errors);
    }

    /// <summary>Parses a strategy name as the API spells it (<c>roundRobin</c>, <c>weighted</c>, ...); null when unknown.</summary>
    public static BalancingStrategy? ParseStrategy(string? name) => name switch
    {
        "roundRobin" => BalancingStrategy.RoundRobin,
        "weighted" => BalancingStrategy.Weighted,
        "leastConnections" => BalancingStrategy.LeastConnections,
        "random" => BalancingStrategy.Random,
        "consistentHash" => BalancingStrategy.ConsistentHash,
        _ => null,
    };

    private static void ThrowIfAny(Dictionary<string, string[]> errors)
    {
        if (errors.Count > 0)
        {
            throw new PlatformValidationException(errors);
        }
    }
}

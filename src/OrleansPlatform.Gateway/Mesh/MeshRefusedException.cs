using OrleansPlatform.Contracts.Errors;

namespace OrleansPlatform.Gateway.Mesh;

/// <summary>
/// The mesh refused or gave up on a call; the ProblemDetails mapping names <see cref="Rule"/> in a <c>rule</c>
/// extension, so a caller can tell an allowlist refusal from an open circuit without parsing text.
/// </summary>
public sealed class MeshRefusedException(string rule, int status, string title, string detail, string service, TimeSpan? retryAfter = null)
    : PlatformException(detail)
{
    public const string Allowlist = "allowlist";
    public const string RateLimit = "rateLimit";
    public const string CircuitOpen = "circuitOpen";
    public const string NoHealthyInstance = "noHealthyInstance";
    public const string Timeout = "timeout";
    public const string Upstream = "upstreamUnavailable";

    /// <summary>The rule that applied: allowlist, rateLimit, circuitOpen, noHealthyInstance, timeout or upstreamUnavailable.</summary>
    public string Rule { get; } = rule;

    public int Status { get; } = status;

    public string Title { get; } = title;

    public string Service { get; } = service;

    /// <summary>For <see cref="RateLimit"/>: when to try again (sent as <c>Retry-After</c>).</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    public static MeshRefusedException NotAllowed(string service, string? caller) => new(Allowlist, 403, "Caller not allowed.",
        caller is null
            ? $"Service '{service}' only accepts the callers its policy lists, and this call names none."
            : $"Service '{service}' does not list caller '{caller}' in its allowed callers.", service);

    public static MeshRefusedException Limited(string service, string? caller, TimeSpan retryAfter) => new(RateLimit, 429, "Rate limit exceeded.",
        $"Caller '{caller ?? "anonymous"}' is over the rate limit of service '{service}'.", service, retryAfter);

    public static MeshRefusedException NoInstance(string service, int registered) => new(NoHealthyInstance, 503, "No healthy instance.",
        registered == 0 ? $"Service '{service}' has no registered instance." : $"None of the {registered} instances of service '{service}' is healthy.", service);

    public static MeshRefusedException Open(string service) => new(CircuitOpen, 503, "Circuit open.",
        $"Every healthy instance of service '{service}' has an open circuit breaker.", service);

    public static MeshRefusedException TimedOut(string service, TimeSpan after) => new(Timeout, 504, "Timed out.",
        $"Service '{service}' did not answer within {after.TotalMilliseconds:0} ms.", service);

    public static MeshRefusedException Unreachable(string service) => new(Upstream, 502, "Service unreachable.",
        $"No instance of service '{service}' could be reached.", service);
}

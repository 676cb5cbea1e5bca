using System.ComponentModel.DataAnnotations;

namespace OrleansPlatform.Gateway.Mesh;

/// <summary>
/// <c>Platform:Mesh</c>: the mesh's defaults, used where a service's policy says nothing, and its bookkeeping.
/// Validated at start-up.
/// </summary>
public sealed class MeshOptions : IValidatableObject
{
    public const string Section = "Platform:Mesh";

    /// <summary>How long one attempt may take when the policy names no <c>timeout</c>.</summary>
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts of a retryable call when the policy names no <c>retry</c> (1: no retries, as Linkerd and Dapr by default).</summary>
    [Range(1, 10)]
    public int DefaultMaxAttempts { get; set; } = 1;

    /// <summary>The first pause between attempts; it doubles, with jitter.</summary>
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromMilliseconds(25);

    /// <summary>Retries a service may always have per second, whatever its budget (so a quiet service can still retry).</summary>
    [Range(0, 10_000)]
    public double MinRetriesPerSecond { get; set; } = 10;

    /// <summary>How long an instance's breaker counts failures before its ratio is judged.</summary>
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long connecting to an instance may take.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The recent window <c>GET /api/v1/mesh/topology</c> reports on.</summary>
    public TimeSpan TopologyWindow { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often in-flight counts are reported to the registry (for <c>leastConnections</c> resolves elsewhere).</summary>
    public TimeSpan InFlightReportInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>A service not called through this gateway for this long is forgotten (its view and watch dropped).</summary>
    public TimeSpan ForgetIdleAfter { get; set; } = TimeSpan.FromMinutes(10);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, value, min, max) in new[]
        {
            (nameof(DefaultTimeout), DefaultTimeout, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(10)),
            (nameof(RetryBackoff), RetryBackoff, TimeSpan.Zero, TimeSpan.FromMinutes(1)),
            (nameof(BreakerSamplingDuration), BreakerSamplingDuration, TimeSpan.FromMilliseconds(500), TimeSpan.FromDays(1)),
            (nameof(ConnectTimeout), ConnectTimeout, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(1)),
            (nameof(TopologyWindow), TopologyWindow, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10)),
            (nameof(InFlightReportInterval), InFlightReportInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(1)),
            (nameof(ForgetIdleAfter), ForgetIdleAfter, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1)),
        })
        {
            if (value < min || value > max)
            {
                yield return new ValidationResult($"{Section}:{name} must be between {min} and {max}.", [name]);
            }
        }
    }
}

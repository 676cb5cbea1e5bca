using System.ComponentModel.DataAnnotations;

namespace OrleansPlatform.Grains.Registry;

/// <summary>The registry's settings, bound from <c>Platform:Registry</c> and validated at start-up.</summary>
public sealed class RegistryOptions : IValidatableObject
{
    public const string Section = "Platform:Registry";

    /// <summary>How long an instance may stay unhealthy before it is removed (deregistered with reason <c>reaped</c>).</summary>
    public TimeSpan ReapAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often each service checks ttl expiry, due health checks and reaping.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Consecutive failed health checks that turn a healthy instance unhealthy (so one slow answer does not flap it).</summary>
    [Range(1, 100)]
    public int FailuresToEject { get; set; } = 3;

    /// <summary>Consecutive passed health checks (or heartbeats, after a ttl expiry) that bring an unhealthy instance back.</summary>
    [Range(1, 100)]
    public int PassesToRestore { get; set; } = 2;

    /// <summary>How long a health check may take when its registration does not say.</summary>
    public TimeSpan DefaultCheckTimeout { get; set; } = TimeSpan.FromSeconds(2);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ReapAfter <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Platform:Registry:ReapAfter must be positive.", [nameof(ReapAfter)]);
        }

        if (SweepInterval < TimeSpan.FromMilliseconds(10) || SweepInterval > TimeSpan.FromMinutes(1))
        {
            yield return new ValidationResult("Platform:Registry:SweepInterval must be between 10 ms and one minute.", [nameof(SweepInterval)]);
        }

        if (DefaultCheckTimeout <= TimeSpan.Zero || DefaultCheckTimeout > TimeSpan.FromMinutes(1))
        {
            yield return new ValidationResult("Platform:Registry:DefaultCheckTimeout must be positive and at most one minute.", [nameof(DefaultCheckTimeout)]);
        }
    }
}

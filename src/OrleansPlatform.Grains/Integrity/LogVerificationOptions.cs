using System.ComponentModel.DataAnnotations;

namespace OrleansPlatform.Grains.Integrity;

/// <summary>Whole-log verification job settings, bound from <c>Platform:Integrity:Verification</c>.</summary>
public sealed class LogVerificationOptions
{
    public const string Section = "Platform:Integrity:Verification";

    /// <summary>Events read and checked per step; each step ends with a journaled checkpoint.</summary>
    [Range(10, 50_000)]
    public int PageSize { get; set; } = 2_000;

    /// <summary>How long a timer tick keeps taking steps before yielding the grain to its callers.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan StepBudget { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The most broken streams a job lists; beyond them it only says there were more.</summary>
    [Range(1, 10_000)]
    public int MaxBrokenStreams { get; set; } = 100;

    /// <summary>The most streams whose last link a job remembers; others cost one read of their predecessor.</summary>
    [Range(100, 10_000_000)]
    public int LinkCapacity { get; set; } = 100_000;
}

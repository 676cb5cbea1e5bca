using System.ComponentModel.DataAnnotations;

namespace OrleansPlatform.Grains.Transactions;

/// <summary>How coordinators retry phase two and recover (<c>Platform:Transactions</c>).</summary>
public sealed class TransactionOptions
{
    public const string Section = "Platform:Transactions";

    /// <summary>Wait before the first phase-two retry; doubled (see <see cref="BackoffMultiplier"/>) per round, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan RetryInitial { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest wait between phase-two rounds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan RetryMax { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Growth of the wait per round.</summary>
    [Range(1.0, 10.0)]
    public double BackoffMultiplier { get; set; } = 2;

    /// <summary>How long one commit or abort call may take.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Period of the reminder that brings an unfinished coordinator back after its silo died (Orleans' floor is a
    /// minute).
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "01:00:00")]
    public TimeSpan RecoveryInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The wait before phase-two round <paramref name="round"/> + 1, with jitter in [50 %, 100 %].</summary>
    public TimeSpan RetryDelay(int round, double random)
    {
        var exponential = RetryInitial.TotalMilliseconds * Math.Pow(BackoffMultiplier, Math.Max(0, round - 1));
        var capped = Math.Min(exponential, RetryMax.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + (random / 2)));
    }
}

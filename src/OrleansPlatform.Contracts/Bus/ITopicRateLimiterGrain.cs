
namespace OrleansPlatform.Contracts.Bus;

/// <summary>
/// A topic's token bucket, keyed by the topic name: one bucket for the whole topic, so a hot key or partition gets the
/// topic's full rate, not a share of it. Only rate-limited topics ever call it.
/// </summary>
[Alias("op.bus.ITopicRateLimiterGrain")]
public interface ITopicRateLimiterGrain : IGrainWithStringKey
{
    /// <summary>Takes <paramref name="permits"/> tokens if the bucket holds them; otherwise returns how long to wait.</summary>
    [Alias("TryAcquire")]
    Task<TimeSpan?> TryAcquireAsync(int permits, RateLimitSettings limit);
}

using System.Threading.RateLimiting;
using OrleansPlatform.Contracts.Bus;

namespace OrleansPlatform.Grains.Bus;

/// <summary>
/// The bucket lives in memory: a new activation (after idling or a lost silo) starts full, which at worst lets one
/// extra burst through. The settings come with every call, so a changed limit applies at once.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The limiter is disposed in OnDeactivateAsync, the end of a grain's life.")]
public sealed class TopicRateLimiterGrain : Grain, ITopicRateLimiterGrain
{
    private TokenBucketRateLimiter? _bucket;
    private RateLimitSettings? _settings;

    public Task<TimeSpan?> TryAcquireAsync(int permits, RateLimitSettings limit)
    {
        if (_bucket is null || _settings != limit)
        {
            _bucket?.Dispose();
            _settings = limit;
            // Replenish one token at a time at the sustained rate (a few per millisecond above 1,000/s).
            var tokensPerPeriod = Math.Max(1, (int)Math.Round(limit.PermitsPerSecond / 1000));
            _bucket = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = limit.Burst,
                TokensPerPeriod = tokensPerPeriod,
                ReplenishmentPeriod = TimeSpan.FromSeconds(tokensPerPeriod / limit.PermitsPerSecond),
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        }

        using var lease = _bucket.AttemptAcquire(permits);
        TimeSpan? retryAfter = lease.IsAcquired ? null
            : lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        return Task.FromResult(retryAfter);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _bucket?.Dispose();
        return base.OnDeactivateAsync(reason, cancellationToken);
    }
}

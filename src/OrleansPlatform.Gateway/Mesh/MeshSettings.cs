using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using OrleansPlatform.Contracts.Registry;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace OrleansPlatform.Gateway.Mesh;

/// <summary>
/// A service's policy turned into what the mesh runs: the allowlist, one token bucket per caller, the retry budget,
/// and the service pipeline (overall deadline, then retries). Rebuilt only when the policy changes.
/// </summary>
internal sealed class MeshSettings : IDisposable
{
    private readonly HashSet<string>? _allowed;
    private readonly PolicyRateLimit? _rateLimit;
    private readonly ConcurrentDictionary<string, TokenBucketRateLimiter> _limiters = new(StringComparer.Ordinal);
    private readonly MeshOptions _options;
    private readonly TimeProvider _time;

    public MeshSettings(ServicePolicy? policy, MeshOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        Policy = policy;
        _allowed = policy?.AllowedCallers is { } callers ? callers.ToHashSet(StringComparer.Ordinal) : null;
        _rateLimit = policy?.RateLimit;
        Timeout = policy?.Timeout ?? options.DefaultTimeout;
        MaxAttempts = policy?.Retry?.MaxAttempts ?? options.DefaultMaxAttempts;
        Deadline = policy?.Deadline ?? Timeout * MaxAttempts;
        Strategy = policy?.LoadBalancing ?? BalancingStrategy.RoundRobin;
        Ejection = policy?.OutlierEjection ?? PolicyOutlierEjection.Default;
        Budget = new RetryBudget(policy?.Retry?.BudgetPercent ?? 20, options.MinRetriesPerSecond, time);
        Pipeline = BuildServicePipeline();
    }

    public ServicePolicy? Policy { get; }

    public TimeSpan Timeout { get; }

    public int MaxAttempts { get; }

    public TimeSpan Deadline { get; }

    public BalancingStrategy Strategy { get; }

    public PolicyOutlierEjection Ejection { get; }

    public RetryBudget Budget { get; }

    /// <summary>Overall deadline (per call, from <see cref="MeshCall.Deadline"/>), then retries.</summary>
    public ResiliencePipeline<AttemptOutcome> Pipeline { get; }

    public bool Allows(string? caller) => _allowed is null || (caller is not null && _allowed.Contains(caller));

    /// <summary>Takes a permit of <paramref name="caller"/>'s bucket; null when granted, else how long to wait.</summary>
    public TimeSpan? TryAcquire(string? caller)
    {
        if (_rateLimit is not { } limit)
        {
            return null;
        }

        try
        {
            var limiter = _limiters.GetOrAdd(caller ?? "", static (_, l) => NewBucket(l), limit);
            using var lease = limiter.AttemptAcquire();
            if (lease.IsAcquired)
            {
                return null;
            }

            return lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
        }
        catch (ObjectDisposedException)
        {
            // The policy changed while this call was starting: its buckets are gone, the new policy's apply from the next call.
            return null;
        }
    }

    /// <summary>The attempt pipeline of one instance: its own breaker (when the policy has one), then the attempt timeout.</summary>
    public ResiliencePipeline<AttemptOutcome> BuildInstancePipeline(MeshInstance instance)
    {
        var builder = new ResiliencePipelineBuilder<AttemptOutcome> { TimeProvider = _time };
        if (Policy?.CircuitBreaker is { } breaker)
        {
            builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<AttemptOutcome>
            {
                FailureRatio = breaker.FailureRatio,
                // Polly's smallest throughput and break; a policy may name less.
                MinimumThroughput = Math.Max(2, breaker.MinimumThroughput),
                BreakDuration = breaker.BreakDuration < TimeSpan.FromMilliseconds(500) ? TimeSpan.FromMilliseconds(500) : breaker.BreakDuration,
                SamplingDuration = _options.BreakerSamplingDuration,
                ShouldHandle = static args => ValueTask.FromResult(args.Outcome.Exception is TimeoutRejectedException or HttpRequestException
                    || (args.Outcome.Exception is null && args.Outcome.Result.InstanceFailed)),
                OnOpened = args =>
                {
                    instance.Opened(_time.GetUtcNow() + args.BreakDuration);
                    return default;
                },
                OnClosed = _ =>
                {
                    instance.Closed();
                    return default;
                },
            });
        }

        return builder.AddTimeout(Timeout).Build();
    }

    public void Dispose()
    {
        foreach (var limiter in _limiters.Values)
        {
            limiter.Dispose();
        }
    }

    private ResiliencePipeline<AttemptOutcome> BuildServicePipeline()
    {
        var builder = new ResiliencePipelineBuilder<AttemptOutcome> { TimeProvider = _time };
        builder.AddTimeout(new TimeoutStrategyOptions
        {
            TimeoutGenerator = static args => ValueTask.FromResult(args.Context.Properties.GetValue(MeshCall.Key, null!).DeadlineLeft()),
        });
        if (MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions<AttemptOutcome>
            {
                MaxRetryAttempts = MaxAttempts - 1,
                Delay = _options.RetryBackoff,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = static args => ValueTask.FromResult(args.Context.Properties.GetValue(MeshCall.Key, null!).ShouldRetry(args.Outcome)),
            });
        }

        return builder.Build();
    }

    /// <summary>Refills in steps of about a tenth of a second, so even a fast bucket's timer stays cheap.</summary>
    private static TokenBucketRateLimiter NewBucket(PolicyRateLimit limit)
    {
        var perPeriod = Math.Max(1, (int)Math.Round(limit.PermitsPerSecond / 10));
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = limit.Burst,
            TokensPerPeriod = perPeriod,
            ReplenishmentPeriod = TimeSpan.FromSeconds(perPeriod / limit.PermitsPerSecond),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }
}

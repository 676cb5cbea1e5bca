using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Gateway.Errors;

namespace OrleansPlatform.Gateway.Security;

/// <summary>
/// <c>Platform:Auth:ApiKeys:N:RateLimit</c>: one token bucket per key name (per key when unnamed). Requests of other
/// callers, and of keys without a limit, pass without a limiter.
/// </summary>
internal static class KeyRateLimiting
{
    public static IServiceCollection AddKeyRateLimits(this IServiceCollection services) => services.AddRateLimiter(limiter =>
    {
        limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(Partition);
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.OnRejected = (rejected, _) =>
        {
            var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
            return new ValueTask(PlatformProblemDetails.WriteAsync(rejected.HttpContext, new RateLimitedException("this API key", retryAfter)));
        };
    });

    private static RateLimitPartition<string> Partition(HttpContext context) =>
        context.Features.Get<ApiKeyEntry>() is { Grant.RateLimit: { } limit } key
            ? RateLimitPartition.GetTokenBucketLimiter(key.RateLimitPartition, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = limit.Burst ?? limit.PermitsPerSecond,
                TokensPerPeriod = limit.PermitsPerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            })
            : RateLimitPartition.GetNoLimiter("");
}

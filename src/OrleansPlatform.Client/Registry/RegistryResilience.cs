using System.Net.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using OrleansPlatform.Contracts.Registry;
using Polly;

namespace OrleansPlatform.Client;

/// <summary>
/// The registry's per-service policy (<c>PUT /api/v1/services/{service}/policy</c>: timeout, retry, circuit breaker) as
/// a <c>Microsoft.Extensions.Http.Resilience</c> handler, so an <see cref="HttpClient"/> that calls a service through .NET
/// service discovery applies the same policies the mesh applies.
/// </summary>
public static class RegistryResilienceExtensions
{
    // The policy has no backoff setting; a short exponential backoff with jitter keeps retries off a struggling instance.
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Adds a resilience handler built from <paramref name="service"/>'s registry policy: retries up to
    /// <c>retry.maxAttempts</c> attempts in all (transient failures of idempotent methods only), a circuit breaker with
    /// the policy's ratio, throughput and break duration, and <c>timeout</c> per attempt. The policy is read when the
    /// pipeline is first built (on the first call); a service without a policy gets a handler that changes nothing.
    /// </summary>
    /// <example>
    /// <code>
    /// services.AddServiceDiscovery();
    /// services.AddHttpClient("orders", c => c.BaseAddress = new Uri("http://orders"))
    ///     .AddServiceDiscovery()
    ///     .AddServiceRegistryResilience("orders");
    /// </code>
    /// </example>
    public static IHttpResiliencePipelineBuilder AddServiceRegistryResilience(this IHttpClientBuilder builder, string service)
    {
        ArgumentNullException.ThrowIfNull(builder);
        RegistryRules.EnsureNames(service);
        return builder.AddResilienceHandler("registry-policy-" + service, (pipeline, context) =>
        {
            var registry = context.ServiceProvider.GetRequiredService<IServiceRegistry>();
            // Pipelines are built synchronously; the grain answers from memory, so this waits one round trip, once.
            var policy = registry.GetServiceAsync(service).GetAwaiter().GetResult()?.Policy;
            Apply(pipeline, policy);
        });
    }

    internal static void Apply(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, ServicePolicy? policy)
    {
        if (policy?.Retry is { MaxAttempts: > 1 } retry)
        {
            var options = new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = retry.MaxAttempts - 1,
                Delay = RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            };
            options.DisableForUnsafeHttpMethods();
            pipeline.AddRetry(options);
        }

        if (policy?.CircuitBreaker is { } breaker)
        {
            pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                FailureRatio = breaker.FailureRatio,
                // Polly's floors (2 calls, half a second); the registry accepts smaller values the mesh can use.
                MinimumThroughput = Math.Max(2, breaker.MinimumThroughput),
                BreakDuration = breaker.BreakDuration < TimeSpan.FromMilliseconds(500) ? TimeSpan.FromMilliseconds(500) : breaker.BreakDuration,
            });
        }

        if (policy?.Timeout is { } timeout)
        {
            pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Timeout = timeout });
        }
    }
}
